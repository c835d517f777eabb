"""Build throwaway projects from the base fixture corpus plus an overlay."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
BASE = FIXTURES / "base"
INVALID = FIXTURES / "invalid"


def make_project(target: Path, overlay: Path | None = None, *, site: bool = False) -> Path:
    """Copy the base corpus (and optionally the site scaffolding) into ``target``.

    ``overlay`` is a fixture folder: its principles/ files replace or add to the
    base, and its delete.txt lists base files to remove.
    """
    shutil.copytree(BASE / "principles", target / "principles")
    if overlay is not None:
        if (overlay / "principles").is_dir():
            shutil.copytree(overlay / "principles", target / "principles", dirs_exist_ok=True)
        deletions = overlay / "delete.txt"
        if deletions.is_file():
            for line in deletions.read_text().split():
                (target / "principles" / line).unlink()
    if site:
        shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
        shutil.copytree(ROOT / "scripts", target / "scripts",
                        ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copytree(ROOT / "docs", target / "docs", ignore=_hand_written_only)
    return target


def _hand_written_only(folder: str, names: list[str]) -> list[str]:
    from guidelines.output.writer import is_owned

    docs = ROOT / "docs"
    skipped = []
    for name in names:
        relative = (Path(folder) / name).relative_to(docs).as_posix()
        if is_owned(relative) or is_owned(relative + "/"):
            skipped.append(name)
    return skipped


def publish_ids(root: Path) -> None:
    """Record every new citable ID of a test project in its register, as an author would with
    ``guidelines register`` after adding items (a build refuses unregistered IDs)."""
    from guidelines.check.validate import validate
    from guidelines.tools import register

    corpus, _, _ = validate(root)
    register.update(root, corpus, write=True)
