"""Load every file under principles/ into one in-memory corpus.

Loading never stops at the first mistake: every file is read and checked against its
schema, and each problem is recorded with its location. Only files that pass their
schema go on to the cross-file checks in ``validate``.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from guidelines import kinds
from guidelines.evaluator import Walks
from guidelines.kinds import Kind
from guidelines.load.archive import Archive, load_archive, regular_bytes
from guidelines.load.schemacheck import check_schema
from guidelines.load.yamlsource import SourceFile, parse_yaml, read_yaml
from guidelines.problems import Location, Problems, did_you_mean, printable, relative


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
    archive: Archive = field(default_factory=Archive)  # the published editions (principles/editions/)
    # Each language's translations (principles/translations/<language>/), and what the parity check let through.
    translations: dict[str, Any] = field(default_factory=dict)
    parity: Any = None
    # The worked examples' walks through the trees: validation evaluates every check,
    # and the pages and the export (SiteContext.walk) read the same results. A corpus
    # is never changed once checked (a preview reads a new one), so they stay true.
    walks: Walks = field(default_factory=Walks, repr=False, compare=False)
    _vocabularies: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict, repr=False, compare=False)

    def of(self, kind: Kind) -> dict[str, Item]:
        return self.items.setdefault(kind.name, {})

    def get(self, kind: Kind, item_id: str) -> Item | None:
        return self.items.get(kind.name, {}).get(item_id)

    def known(self, kind: Kind) -> set[str]:
        return set(self.of(kind)) | self.broken_ids.get(kind.name, set())

    def vocabulary(self, vocab_id: str) -> dict[str, dict[str, Any]]:
        """A vocabulary's terms by ID (pages look terms up thousands of times: made once per corpus)."""
        found = self._vocabularies.get(vocab_id)
        if found is None:
            item = self.get(kinds.VOCABULARY, vocab_id)
            found = {term["id"]: term for term in item.data["terms"]} if item else {}
            if item is not None:
                self._vocabularies[vocab_id] = found
        return found

    @property
    def edition(self) -> str:
        return str(self.guideline.get("edition", ""))

    def clauses(self) -> dict[str, tuple[Item, int]]:
        """Every clause ID with its section and its index in the section's points."""
        return {point["id"]: (section, index) for section in self.of(kinds.SECTION).values()
                for index, point in enumerate(section.data["points"])}

    def citable(self) -> dict[str, Citable]:
        """Every citable ID now in the content (items and clauses), with where it is written."""
        found = {item.id: Citable(item.kind.name, item.active, item, ("id",))
                 for kind in kinds.CITABLE for item in self.of(kind).values()}
        for clause_id, (section, index) in self.clauses().items():
            point = section.data["points"][index]
            found.setdefault(clause_id, Citable(kinds.CLAUSE, point.get("status", "active") == "active",
                                                section, ("points", index, "id")))
        return found


@dataclass(frozen=True)
class Citable:
    """A citable ID in the content: what it names, whether it is in force, and the file and field of its ID."""

    kind: str
    active: bool
    item: Item  # the item, or for a clause its section
    path: tuple[str | int, ...]

    @property
    def retired_in(self) -> str | None:
        data = self.item.data if self.kind != kinds.CLAUSE else self.item.data["points"][self.path[1]]
        value = data.get("retired_in")
        return None if value is None else str(value)


_NOT_MAPPING = "expected a mapping of fields"
FileKey = tuple[int, int, int, int]  # size, mtime_ns, inode, ctime_ns


def file_key(path: Path | str) -> FileKey | None:
    """What tells a file's versions apart without reading it (None: it cannot be read)."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return (found.st_size, found.st_mtime_ns, found.st_ino, found.st_ctime_ns)


@dataclass
class ParseCache:
    """Files read and checked against their schema, kept between loads in one process.

    The preview (``mkdocs serve``) loads the corpus again after every edit; a file is
    parsed again only when its size, modification time, inode or change time differ
    from when it was read. Only files that passed without any problem are kept, so a
    file with problems is read again and its problems reported again. Nothing may
    change a kept file's data: loads share it.
    """

    entries: dict[str, tuple[FileKey, SourceFile]] = field(default_factory=dict)
    # Keys taken just before this load by the caller (a scan of principles/), by path.
    scanned: dict[str, FileKey] = field(default_factory=dict)
    # The item made from each kept file (an unchanged file gives the same item again).
    items: dict[str, Item] = field(default_factory=dict)
    # Files already read, by path: a published edition's, read (and checked against their hashes)
    # when the archive was loaded, are parsed from these bytes instead of being read again.
    contents: dict[str, bytes] = field(default_factory=dict)

    def forget_all_but(self, paths: Collection[str]) -> None:
        """Drop what was kept for files that are gone."""
        for kept in (self.entries, self.items):
            for name in [name for name in kept if name not in paths]:
                del kept[name]

    def item(self, path: Path, kind: Kind, item_id: str, source: SourceFile) -> Item:
        name = str(path)
        made = self.items.get(name)
        if made is None or made.source is not source or made.kind is not kind or made.id != item_id:
            made = self.items[name] = Item(kind, item_id, source.data, source)
        return made

    def key(self, path: str) -> FileKey | None:
        found = self.scanned.get(path)
        return found if found is not None else file_key(path)

    def get(self, path: str, key: FileKey | None) -> SourceFile | None:
        kept = self.entries.get(path)
        return kept[1] if kept is not None and key is not None and kept[0] == key else None

    def put(self, path: str, key: FileKey | None, source: SourceFile) -> None:
        if key is not None:
            self.entries[path] = (key, source)


def _parse(path: Path, root: Path, schema: str, problems: Problems, cache: ParseCache | None,
           not_mapping: tuple[str, str]) -> tuple[SourceFile | None, bool]:
    """Read one file and check it against its schema: (its source or None, whether valid)."""
    name = str(path)
    key = cache.key(name) if cache is not None else None  # before reading: an edit meanwhile shows
    if cache is not None:
        kept = cache.get(name, key)
        if kept is not None:
            return kept, True
    before = len(problems)
    raw = cache.contents.get(name) if cache is not None else None
    source = read_yaml(path, relative(path, root), problems) if raw is None else \
        parse_yaml(raw, path, relative(path, root), problems)
    if source is None:
        return None, False
    if not isinstance(source.data, dict):
        problems.add(source.where(), "", *not_mapping)
        return None, False
    valid = check_schema(source, schema, problems)
    if cache is not None:
        if valid and len(problems) == before:
            cache.put(name, key, source)
        else:
            cache.entries.pop(name, None)
    return source, valid


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
                    seen: dict[str, tuple[str, SourceFile]], cache: ParseCache | None = None) -> None:
    stem = path.stem
    not_mapping = (_NOT_MAPPING + " (key: value lines) at the top level", f"start the file with 'id: {stem}'")
    source, valid = _parse(path, corpus.root, kind.schema, problems, cache, not_mapping)
    broken = corpus.broken_ids.setdefault(kind.name, set())
    if source is None:
        broken.add(stem)  # references to it would only repeat this file's problem
        return
    item_id = source.data.get("id")
    if not isinstance(item_id, str):
        broken.add(stem)  # (the schema's message says what is wrong with the ID)
        return
    if item_id != stem:
        problems.add(source.where(("id",)), "id", f"the ID '{item_id}' does not match the file name '{path.name}'",
                     f"rename the file to {item_id}.yml or change the ID to '{stem}'")
        broken.update((item_id, stem))
        return
    if item_id in seen:
        other_kind, other = seen[item_id]
        problems.add(source.where(("id",)), "id",
                     f"duplicate ID '{item_id}': already used by the {other_kind} at {other.where(('id',))}",
                     "IDs are unique across all content: choose another ID")
        return
    seen[item_id] = (kind.name, source)
    if valid:
        corpus.of(kind)[item_id] = (cache.item(path, kind, item_id, source) if cache is not None
                                    else Item(kind, item_id, source.data, source))
    else:
        broken.add(item_id)


def _read_single(path: Path, root: Path, schema: str, problems: Problems,
                 cache: ParseCache | None = None) -> tuple[SourceFile | None, dict[str, Any] | None]:
    """A one-of-a-kind file (metadata, register): its source, and its data if valid."""
    source, valid = _parse(path, root, schema, problems, cache, (_NOT_MAPPING + " at the top level", ""))
    return source, (source.data if source is not None and valid else None)


def _outside(path: Path, root: Path, problems: Problems) -> bool:
    """Report a link that leads out of the project: content is only what the project holds."""
    if not path.is_symlink():
        return False
    try:
        target = path.resolve(strict=False)
        inside = target.is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a loop: reading it reports the problem
        return False
    if inside:
        return False
    problems.add(Location(relative(path, root)), "", f"this is a link to {printable(str(target))}, outside the project",
                 "content lives in the project: copy the file into principles/ instead of linking to it")
    return True


def load(root: Path, problems: Problems, cache: ParseCache | None = None) -> Corpus:
    """Read principles/ under ``root``; every mistake goes to ``problems``.

    With ``cache`` (kept by the caller between loads), unchanged files are not parsed again.
    Links (files or folders) that lead outside the project are refused, not read.
    """
    corpus = Corpus(root=root)
    content = root / kinds.CONTENT
    if not content.is_dir():
        problems.add(Location("principles"), "", "the folder principles/ does not exist",
                     "run the command from the project's root folder")
        return corpus
    if _outside(content, root, problems):
        return corpus
    seen: dict[str, tuple[str, SourceFile]] = {}
    for path, role in _top_level(content):
        if _outside(path, root, problems) or role == _FOLDER:
            continue  # (the published editions are read by load/archive.py)
        if role == kinds.GUIDELINE_FILE:
            corpus.guideline_source, data = _read_single(path, root, "guideline.schema.json", problems, cache)
            corpus.guideline = data or {}
        elif role == kinds.REGISTER_FILE:
            corpus.register_source, corpus.register = _read_single(path, root, "register.schema.json", problems,
                                                                   cache)
        else:
            _unexpected(path, root, problems)
    if corpus.guideline_source is None and (content / kinds.GUIDELINE_FILE).exists() is False:
        problems.add(Location(f"principles/{kinds.GUIDELINE_FILE}"), "", "the guideline metadata file is missing",
                     "create principles/guideline.yml with title, edition, contact and sources")
    for path, kind in _item_files(root, content):
        if _outside(path, root, problems):
            continue
        if kind is not None:
            _read_item_file(path, kind, corpus, problems, seen, cache)
        else:
            _unexpected(path, root, problems)
    corpus.archive = load_archive(root, problems)
    return corpus


_FOLDER = "folder"  # a kind's folder, or the published editions'


def _top_level(content: Path) -> Iterator[tuple[Path, str | None]]:
    """Every entry of principles/: the metadata and the register (by file name), the folders read on
    their own (``_FOLDER``), and None for anything else (unexpected, or ignored like a dotfile)."""
    for path in sorted(content.iterdir()):
        if path.name in (kinds.GUIDELINE_FILE, kinds.REGISTER_FILE):
            yield path, path.name
        elif path.is_dir() and (path.name in kinds.BY_DIRECTORY or path.name in (kinds.EDITIONS_DIR,
                                                                                  kinds.TRANSLATIONS_DIR)):
            yield path, _FOLDER
        else:
            yield path, None


def _item_files(root: Path, content: Path) -> Iterator[tuple[Path, Kind | None]]:
    """Every entry of the kinds' folders, in the site's order: its kind when it is an item file
    the loader reads, None for anything else (unexpected, or ignored like an editor's swap file)."""
    for kind in kinds.ITEM_KINDS:
        folder = content / kind.directory
        if not folder.is_dir() or (folder.is_symlink() and not folder.resolve().is_relative_to(root.resolve())):
            continue  # (a folder linked from outside is reported with principles/)
        for path in sorted(folder.iterdir(), key=_sort_key):
            yield path, (kind if path.is_file() and path.suffix == ".yml" else None)


def content_paths(root: Path) -> list[Path]:
    """The files ``load`` reads as the current content, and nothing else: what a published edition freezes
    and what the check compares with it (a dotfile, an editor's swap file or a README is never content)."""
    content = root / kinds.CONTENT
    if not content.is_dir():
        return []
    found = [path for path, role in _top_level(content) if role in (kinds.GUIDELINE_FILE, kinds.REGISTER_FILE)]
    found += [path for path, kind in _item_files(root, content) if kind is not None]
    translations = content / kinds.TRANSLATIONS_DIR  # (the loader reads them too: load/translations.py)
    if translations.is_dir() and not translations.is_symlink():
        found += sorted(path for path in translations.rglob("*.yml")
                        if not any(part.startswith(".") for part in path.relative_to(translations).parts))
    return found


def content_files(root: Path) -> tuple[dict[str, bytes], list[str]]:
    """The bytes of every file ``load`` reads (``content_paths``), by project path ("principles/..."), and
    the paths that are links, lie in a linked folder or are not regular files (never frozen)."""
    content = root / kinds.CONTENT
    found: dict[str, bytes] = {}
    odd: list[str] = []
    for path in content_paths(root):
        name = path.relative_to(root).as_posix()
        data = None if content.is_symlink() or path.parent.is_symlink() else regular_bytes(path)
        if data is None:
            odd.append(name)
        else:
            found[name] = data
    return found, odd


def reload(before: Corpus, paths: Collection[Path], cache: ParseCache) -> Corpus | None:
    """``before`` with some item files read again, when that is all that changed.

    For the preview: the same corpus as ``load`` would read (the same items, in the same
    order), without walking every folder. None when a full load must tell: a path that
    is not an existing item file, or a file with any problem (``load`` reports it).
    """
    content = before.root / kinds.CONTENT
    if any(before.broken_ids.values()):
        return None
    corpus = Corpus(root=before.root, guideline=before.guideline, guideline_source=before.guideline_source,
                    register=before.register, register_source=before.register_source,
                    items={name: dict(items) for name, items in before.items.items()}, archive=before.archive,
                    translations=before.translations, parity=before.parity)
    for path in paths:
        kind = kinds.BY_DIRECTORY.get(path.parent.name)
        if kind is None or path.parent.parent != content or path.suffix != ".yml" \
                or path.stem not in corpus.of(kind) or path.is_symlink():
            return None
        problems = Problems()
        source, valid = _parse(path, before.root, kind.schema, problems, cache, ("", ""))
        if source is None or not valid or problems or source.data.get("id") != path.stem:
            return None
        corpus.of(kind)[path.stem] = cache.item(path, kind, path.stem, source)
    return corpus
