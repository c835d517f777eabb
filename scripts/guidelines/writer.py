"""Write generated files, touching only what changed and removing what is gone.

Rewriting an unchanged file would wake ``mkdocs serve`` into another rebuild (and
cost time on every build), so files are compared first. The generator owns a fixed
set of paths under docs/ (OWNED); anything else there is hand-written and untouched.

A long-running process (the preview) passes a ``Written`` memo: what it wrote last
time, with each file's size, modification time and inode. A file whose content is the
one written then, and whose stat still matches, is known to be unchanged without
reading it back (a generation writes a handful of files out of thousands).
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
    "api/",
)

Content = str | bytes
Stat = tuple[int, int, int]  # size, mtime_ns, inode


@dataclass
class WriteReport:
    """What a generation run changed on disk."""

    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)


@dataclass
class Written:
    """What ``write_tree`` last left in one folder: each file's content and stat, by path."""

    files: dict[str, tuple[Content, Stat]] = field(default_factory=dict)

    def holds(self, relpath: str, content: Content, target: str) -> bool | None:
        """Whether the file on disk holds ``content``, from a stat alone; None when unknown.

        Known when the file is still the one written (or found) last time: then it holds
        ``content`` exactly when that is what it held.
        """
        known = self.files.get(relpath)
        if known is None:
            return None
        try:
            if _stat(os.stat(target)) != known[1]:
                return None
        except OSError:
            return None
        return known[0] is content or known[0] == content

    def record(self, relpath: str, content: Content, target: str | Path) -> None:
        """Note that the file at ``target`` now holds ``content``."""
        self.files[relpath] = (content, _stat(os.stat(target)))


def _stat(result: os.stat_result) -> Stat:
    return (result.st_size, result.st_mtime_ns, result.st_ino)


def is_owned(relpath: str) -> bool:
    return any(relpath == p or (p.endswith("/") and relpath.startswith(p)) for p in OWNED)


def _check_path(relpath: str) -> None:
    if not is_owned(relpath) or ".." in Path(relpath).parts or Path(relpath).is_absolute():
        raise ValueError(f"the generator may not write {relpath!r}")


def _walk(folder: str, prefix: str, found: set[str]) -> None:
    """Every file under ``folder`` (os.scandir: pathlib's rglob costs twenty times more)."""
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                _walk(entry.path, f"{prefix}{entry.name}/", found)
            else:
                found.add(prefix + entry.name)


def _owned_files(docs_dir: Path) -> set[str]:
    found: set[str] = set()
    for entry in OWNED:
        target = docs_dir / entry
        if entry.endswith("/"):
            if target.is_dir():
                _walk(str(target), entry, found)
        elif target.is_file():
            found.add(entry)
    return found


def _remove_empty(folder: str) -> bool:
    """Remove the empty folders under ``folder``, then it if it is empty; True when removed."""
    empty = True
    with os.scandir(folder) as entries:
        for entry in list(entries):
            if not (entry.is_dir(follow_symlinks=False) and _remove_empty(entry.path)):
                empty = False
    if empty:
        os.rmdir(folder)
    return empty


def write_tree(docs_dir: Path, files: Mapping[str, Content], memo: Written | None = None, *,
               prune: bool = True) -> WriteReport:
    """Make the owned part of ``docs_dir`` hold exactly ``files``.

    With ``memo`` (kept by the caller between calls), files known unchanged are not
    read back, and the memo is brought up to date. With ``prune=False`` only ``files``
    are written and every other file is left alone (a build that hands the rest to
    MkDocs in memory).
    """
    report = WriteReport()
    folders: set[Path] = set()  # made (or found) already: one mkdir per folder, not per file
    checked = memo.files if memo is not None else {}
    base = os.path.join(docs_dir, "")
    for relpath, content in files.items():
        if relpath not in checked:
            _check_path(relpath)
        holds = memo.holds(relpath, content, base + relpath) if memo is not None else None
        if holds:
            report.unchanged += 1
            continue
        target = docs_dir / relpath
        data = content.encode("utf-8") if isinstance(content, str) else content
        exists = True
        if holds is None:
            try:  # a file of another size has changed: no need to read it
                found = os.stat(target)
                if found.st_size == len(data) and target.read_bytes() == data:
                    report.unchanged += 1
                    if memo is not None:
                        memo.files[relpath] = (content, _stat(found))
                    continue
            except FileNotFoundError:
                exists = False
            except OSError:
                pass
        if target.parent not in folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            folders.add(target.parent)
        if not exists and memo is None:
            # A new file in a one-shot run (a build from a clean docs/): nothing reads
            # docs/ meanwhile, so no need for the temporary file and rename (a third
            # of the writing time for 2,000 files).
            with open(target, "wb") as handle:
                handle.write(data)
        else:  # replace in one step: a watcher never sees half a file
            temporary = target.with_name(f".{target.name}.tmp")
            temporary.write_bytes(data)
            os.replace(temporary, target)
        report.written.append(relpath)
        if memo is not None:
            memo.record(relpath, content, target)
    if not prune:
        return report
    for relpath in sorted(_owned_files(docs_dir) - set(files)):
        (docs_dir / relpath).unlink()
        report.removed.append(relpath)
        if memo is not None:
            memo.files.pop(relpath, None)
    if memo is not None:
        for relpath in set(memo.files) - set(files):  # gone already (removed by someone else)
            del memo.files[relpath]
    for entry in OWNED:  # drop folders left empty
        top = docs_dir / entry
        if entry.endswith("/") and top.is_dir():
            _remove_empty(str(top))
    return report
