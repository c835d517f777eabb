"""Load every file under principles/ into one in-memory corpus.

Loading never stops at the first mistake: every file is read and checked against its
schema, and each problem is recorded with its location. Only files that pass their
schema go on to the cross-file checks in ``validate``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import kinds
from .kinds import Kind
from .problems import Location, Problems, did_you_mean, relative
from .schemacheck import check_schema
from .yamlsource import SourceFile, read_yaml


@dataclass
class Item:
    """One content item (a principle, an example, a tree, ...)."""

    kind: Kind
    id: str
    data: dict[str, Any]
    source: SourceFile

    @property
    def active(self) -> bool:
        return self.data.get("status", "active") == "active"


@dataclass
class Corpus:
    """All content, by kind then ID, in file-name order."""

    root: Path
    guideline: dict[str, Any] = field(default_factory=dict)
    guideline_source: SourceFile | None = None
    register: dict[str, Any] | None = None
    register_source: SourceFile | None = None
    items: dict[str, dict[str, Item]] = field(default_factory=dict)
    # IDs seen in files that failed their schema: known, so they raise no "unknown ID".
    broken_ids: dict[str, set[str]] = field(default_factory=dict)

    def of(self, kind: Kind) -> dict[str, Item]:
        return self.items.setdefault(kind.name, {})

    def get(self, kind: Kind, item_id: str) -> Item | None:
        return self.items.get(kind.name, {}).get(item_id)

    def known(self, kind: Kind) -> set[str]:
        return set(self.of(kind)) | self.broken_ids.get(kind.name, set())

    def vocabulary(self, vocab_id: str) -> dict[str, dict[str, Any]]:
        item = self.get(kinds.VOCABULARY, vocab_id)
        return {term["id"]: term for term in item.data["terms"]} if item else {}

    @property
    def edition(self) -> str:
        return str(self.guideline.get("edition", ""))


def _sort_key(path: Path) -> tuple[str, int, str]:
    """Natural order, so EX-2 comes before EX-10."""
    stem = path.stem
    head, _, tail = stem.rpartition("-")
    if tail.isdigit():
        return (head, int(tail), stem)
    return (stem, 0, stem)


def _unexpected(path: Path, root: Path, problems: Problems) -> None:
    name = relative(path, root)
    if path.is_file() and path.suffix in (".yaml", ".YML", ".YAML"):
        problems.add(Location(name), "", "content files must end in '.yml'",
                     f"rename it to {path.stem}.yml")
    elif path.is_dir():
        expected = sorted(kinds.BY_DIRECTORY)
        problems.add(Location(name), "", f"unknown folder '{path.name}'", did_you_mean(path.name, expected))
    elif path.name.startswith(".") or path.name.lower() == "readme.md":
        return
    else:
        problems.add(Location(name), "", "unexpected file in principles/",
                     "content files are YAML ('.yml') in one of the kind folders")


def _read_item_file(path: Path, kind: Kind, corpus: Corpus, problems: Problems,
                    seen: dict[str, tuple[str, Location]]) -> None:
    display = relative(path, corpus.root)
    source = read_yaml(path, display, problems)
    broken = corpus.broken_ids.setdefault(kind.name, set())
    if source is None:
        broken.add(path.stem)  # references to it would only repeat this file's problem
        return
    if not isinstance(source.data, dict):
        broken.add(path.stem)
        problems.add(source.where(), "", "expected a mapping of fields (key: value lines) at the top level",
                     "start the file with 'id: " + path.stem + "'")
        return
    valid = check_schema(source, kind.schema, problems)
    item_id = source.data.get("id")
    if not isinstance(item_id, str):
        return
    if item_id != path.stem:
        problems.add(source.where(("id",)), "id", f"the ID '{item_id}' does not match the file name '{path.name}'",
                     f"rename the file to {item_id}.yml or change the ID to '{path.stem}'")
        broken.update((item_id, path.stem))
        return
    if item_id in seen:
        other_kind, where = seen[item_id]
        problems.add(source.where(("id",)), "id",
                     f"duplicate ID '{item_id}': already used by the {other_kind} at {where}",
                     "IDs are unique across all content: choose another ID")
        return
    seen[item_id] = (kind.name, source.where(("id",)))
    if valid:
        corpus.of(kind)[item_id] = Item(kind, item_id, source.data, source)
    else:
        broken.add(item_id)


def _read_single(path: Path, root: Path, schema: str,
                 problems: Problems) -> tuple[SourceFile | None, dict[str, Any] | None]:
    """A one-of-a-kind file (metadata, register): its source, and its data if valid."""
    source = read_yaml(path, relative(path, root), problems)
    if source is None:
        return None, None
    if not isinstance(source.data, dict):
        problems.add(source.where(), "", "expected a mapping of fields at the top level")
        return None, None
    return source, (source.data if check_schema(source, schema, problems) else None)


def load(root: Path, problems: Problems) -> Corpus:
    """Read principles/ under ``root``; every mistake goes to ``problems``."""
    corpus = Corpus(root=root)
    content = root / "principles"
    if not content.is_dir():
        problems.add(Location("principles"), "", "the folder principles/ does not exist",
                     "run the command from the project's root folder")
        return corpus
    seen: dict[str, tuple[str, Location]] = {}
    for path in sorted(content.iterdir()):
        if path.name == kinds.GUIDELINE_FILE:
            corpus.guideline_source, data = _read_single(path, root, "guideline.schema.json", problems)
            corpus.guideline = data or {}
        elif path.name == kinds.REGISTER_FILE:
            corpus.register_source, corpus.register = _read_single(path, root, "register.schema.json", problems)
        elif path.is_dir() and path.name in kinds.BY_DIRECTORY:
            continue
        else:
            _unexpected(path, root, problems)
    if corpus.guideline_source is None and (content / kinds.GUIDELINE_FILE).exists() is False:
        problems.add(Location(f"principles/{kinds.GUIDELINE_FILE}"), "", "the guideline metadata file is missing",
                     "create principles/guideline.yml with title, edition, contact and sources")
    for kind in kinds.ITEM_KINDS:
        folder = content / kind.directory
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir(), key=_sort_key):
            if path.is_file() and path.suffix == ".yml":
                _read_item_file(path, kind, corpus, problems, seen)
            else:
                _unexpected(path, root, problems)
    return corpus
