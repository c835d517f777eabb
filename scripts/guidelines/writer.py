"""Write generated files, touching only what changed and removing what is gone.

Rewriting an unchanged file would wake ``mkdocs serve`` into another rebuild (and
cost time on every build), so files are compared first. The generator owns a fixed
set of paths under docs/ (OWNED); anything else there is hand-written and untouched.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

# Paths under docs/ that belong to the generator (folders end with '/').
OWNED: tuple[str, ...] = (
    "index.md", "glossary.md", "changelog.md", "complete.md", "feed.json",
    "principles/", "approval/", "use-cases/", "sections/", "examples/", "trees/",
    "api/", "_generated/",
)


@dataclass
class WriteReport:
    """What a generation run changed on disk."""

    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)


def is_owned(relpath: str) -> bool:
    return any(relpath == p or (p.endswith("/") and relpath.startswith(p)) for p in OWNED)


def _owned_files(docs_dir: Path) -> set[str]:
    found: set[str] = set()
    for entry in OWNED:
        target = docs_dir / entry
        if entry.endswith("/"):
            if target.is_dir():
                found.update(p.relative_to(docs_dir).as_posix() for p in target.rglob("*") if p.is_file())
        elif target.is_file():
            found.add(entry)
    return found


def write_tree(docs_dir: Path, files: Mapping[str, str | bytes]) -> WriteReport:
    """Make the owned part of ``docs_dir`` hold exactly ``files``."""
    report = WriteReport()
    folders: set[Path] = set()  # made (or found) already: one mkdir per folder, not per file
    for relpath, content in files.items():
        if not is_owned(relpath) or ".." in Path(relpath).parts or Path(relpath).is_absolute():
            raise ValueError(f"the generator may not write {relpath!r}")
        data = content.encode("utf-8") if isinstance(content, str) else content
        target = docs_dir / relpath
        try:  # a file of another size has changed: no need to read it
            if os.stat(target).st_size == len(data) and target.read_bytes() == data:
                report.unchanged += 1
                continue
        except OSError:
            pass
        if target.parent not in folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            folders.add(target.parent)
        temporary = target.with_name(f".{target.name}.tmp")
        temporary.write_bytes(data)
        os.replace(temporary, target)
        report.written.append(relpath)
    for relpath in sorted(_owned_files(docs_dir) - set(files)):
        (docs_dir / relpath).unlink()
        report.removed.append(relpath)
    for entry in OWNED:  # drop folders left empty
        top = docs_dir / entry
        if entry.endswith("/") and top.is_dir():
            for folder in [*sorted(top.rglob("*"), reverse=True), top]:
                if folder.is_dir() and not any(folder.iterdir()):
                    folder.rmdir()
    return report
