"""The published editions, frozen under principles/editions/<edition>/ by ``guidelines publish``.

A contract cites "edition 2025.1, SEC-1.2": that text must stay readable as it was
after later editions change it. So publishing an edition copies, into its own folder,
the content files it was built from (``principles/``, read again to render its pages)
and its JSON export as published (``api/v1/``, served byte for byte), and lists
every file with its SHA-256 in ``edition.yml``. The build needs nothing else: no
network, no version-control history (a shallow clone builds every edition).

Nothing in an edition folder may change once written. Every build checks each file
against its recorded hash and refuses a folder with a changed, missing or extra
file, or a link, naming it. A manifest's own title and date are checked against the
edition's frozen (hashed) changes document, and each manifest names the edition
published before it with the hash of that edition's manifest (check/editions.py
follows the chain), so a whole edition folder cannot vanish or be rewritten unnoticed.

Once a later edition replaces an edition, its pages as the site shows them under
/editions/<edition>/ are frozen too (``pages/``, written by ``guidelines publish``: see
tools/publish.py and mkdocs/archived.py): each page's converted body, in a JSON file, listed
with its SHA-256 in ``pages/pages.yml``, a manifest of its own (edition.yml is fixed by the
next edition's manifest, so nothing is ever added to it). Every build checks those hashes
as it checks the other frozen files.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

from guidelines import kinds
from guidelines.load.schemacheck import check_schema
from guidelines.load.yamlsource import SourceFile, parse_yaml, read_yaml
from guidelines.problems import ContentError, Location, Problems

MANIFEST = "edition.yml"
FROZEN_EXPORT = "api/v1/"  # the edition's export, under its folder, as it was published
PAGES = "pages/"  # the edition's pages as converted, frozen when a later edition replaced it
PAGES_MANIFEST = PAGES + "pages.yml"  # their manifest: each page file's SHA-256
PAGES_FORMAT = 1  # what a frozen page file holds (mkdocs/archived.py), as pages.yml records it
# A translation's pages and export are frozen beside the English ones, under its language's folder:
# pages/fr/principles/gp-1.json (the page fr/principles/gp-1.md), pages/fr/api/v1/index.json (its JSON).
_LANGUAGE = re.compile(r"^([a-z]{2,3})/")
_FROZEN_PAGE_KEYS = {"front_matter", "title", "content", "toc", "anchors", "links_to_anchors"}
HASH_PREFIX = "sha256:"
# As common.schema.json's "edition": no leading zero in the sequence, so "2025.04" cannot sit beside "2025.4".
_EDITION = re.compile(r"^(\d{4})\.([1-9]\d{0,2})$")


def order(edition: str) -> tuple[int, int]:
    """Editions sort by year, then sequence (2025.10 comes after 2025.9)."""
    match = _EDITION.match(edition)
    return (int(match.group(1)), int(match.group(2))) if match else (0, 0)


def digest(data: bytes) -> str:
    return HASH_PREFIX + hashlib.sha256(data).hexdigest()


@dataclass
class Edition:
    """One published edition: its folder, its date, and its frozen files."""

    name: str
    published: str  # the date it was published (YYYY-MM-DD)
    title: str
    root: Path  # principles/editions/<name>/: load(root) reads its content as it was
    files: dict[str, str] = field(default_factory=dict)  # path in the folder -> recorded hash
    # The frozen files' bytes, as read (and checked against their hashes) when the archive was loaded:
    # the export by path in the folder, the content files by full path (for loading its corpus).
    export: dict[str, bytes] = field(default_factory=dict, repr=False, compare=False)
    sources: dict[str, bytes] = field(default_factory=dict, repr=False, compare=False)
    # Its corpus and sound trees, once read to show its pages (check/editions.read_edition).
    content: tuple[Any, dict[str, dict[str, Any]]] | None = field(default=None, repr=False, compare=False)
    # Its frozen pages, once a later edition replaced it (None until then): page source under its edition
    # folder (principles/gp-1.md) -> the frozen page's JSON, checked against pages/pages.yml; and that
    # manifest's entries (path in the folder -> hash).
    pages: dict[str, bytes] | None = field(default=None, repr=False, compare=False)
    pages_files: dict[str, str] = field(default_factory=dict)
    # Each translation's JSON as it was published, frozen with its pages: language -> path under api/v1/ -> bytes.
    translated_export: dict[str, dict[str, bytes]] = field(default_factory=dict, repr=False, compare=False)
    _pages_read: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False, compare=False)
    # The chain of manifests (check/editions.py): the edition published before this one and the hash of
    # its edition.yml (None for the first edition, and for 2025.1, frozen before the chain existed),
    # this edition's own manifest hash, and the manifest as read (for located problems).
    previous: str | None = None
    previous_manifest: str | None = None
    # Each earlier edition's pages/pages.yml hash, as this edition's manifest records it (check/editions.py).
    frozen_pages: dict[str, str] = field(default_factory=dict)
    manifest: str = field(default="", compare=False)
    source: SourceFile | None = field(default=None, repr=False, compare=False)

    @property
    def display(self) -> str:
        return f"{kinds.CONTENT}/{kinds.EDITIONS_DIR}/{self.name}"

    def frozen_page(self, page: str) -> dict[str, Any]:
        """One frozen page (its source under the edition folder, e.g. principles/gp-1.md), as read."""
        read = self._pages_read.get(page)
        if read is None:
            try:
                read = json.loads((self.pages or {})[page].decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError):
                read = None
            if not _is_frozen_page(read):
                problems = Problems()
                problems.add(Location(f"{self.display}/{page_file(page)}"), "", "this is not a frozen page (a JSON "
                             f"object with {', '.join(sorted(_FROZEN_PAGE_KEYS))}, as mkdocs/archived.freeze writes "
                             "it)", _restore_page(f"{self.display}/{page_file(page)}"))
                raise ContentError(problems)
            self._pages_read[page] = read
        return read

    def pages_in(self, language: str | None = None) -> list[str]:
        """The frozen pages of the English site (``language`` None) or of a translation's, by source under the
        edition's folder in that site (``principles/gp-1.md``), in the order the site listed them."""
        if language is None:
            return [page for page in self.pages or () if not _LANGUAGE.match(page)]
        prefix = f"{language}/"
        return [page[len(prefix):] for page in self.pages or () if page.startswith(prefix)]

    @property
    def languages(self) -> list[str]:
        """The languages besides English whose pages were frozen with the edition's."""
        return sorted({found.group(1) for page in self.pages or () if (found := _LANGUAGE.match(page))})

    @cached_property
    def published_languages(self) -> list[str]:
        """The languages besides English the edition was published in: it froze their translations
        (principles/translations/<language>/), so its pages and JSON are kept in them too."""
        folder = f"{kinds.CONTENT}/{kinds.TRANSLATIONS_DIR}/"
        return sorted({name[len(folder):].split("/", 1)[0] for name in self.files if name.startswith(folder)})

    def published_in(self, language: str) -> bool:
        return language in self.published_languages

    @cached_property
    def export_texts(self) -> dict[str, str]:
        """The edition's JSON as published: path under api/v1/ -> text."""
        return {path[len(FROZEN_EXPORT):]: data.decode("utf-8") for path, data in sorted(self.export.items())}

    def export_files(self, language: str | None = None) -> dict[str, str]:
        """The English JSON (``language`` None), or a translation's as frozen with its pages (none until then)."""
        if language is None:
            return self.export_texts
        return {path: data.decode("utf-8") for path, data in sorted(self.translated_export.get(language, {}).items())}

    @cached_property
    def whole(self) -> dict[str, Any]:
        """The edition's guidelines.json: every item's body as it was published."""
        text = self.export_texts.get("guidelines.json")  # (none yet for an edition being published)
        return json.loads(text) if text else {}

    @cached_property
    def index(self) -> dict[str, Any]:
        text = self.export_texts.get("index.json")
        return json.loads(text) if text else {"items": []}


@dataclass
class Archive:
    """Every published edition, oldest first."""

    editions: list[Edition] = field(default_factory=list)

    def get(self, name: str) -> Edition | None:
        return next((e for e in self.editions if e.name == name), None)

    def before(self, name: str) -> Edition | None:
        """The latest edition published before ``name`` (the one ``name``'s changes are counted from)."""
        earlier = [e for e in self.editions if order(e.name) < order(name)]
        return earlier[-1] if earlier else None

    def fingerprint(self) -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
        """What the archive holds, for the preview to tell whether it changed."""
        return tuple((e.name, tuple(sorted({**e.files, **e.pages_files}.items()))) for e in self.editions)


def folder(root: Path) -> Path:
    return root / kinds.CONTENT / kinds.EDITIONS_DIR


def load_archive(root: Path, problems: Problems) -> Archive:
    """Read every edition's manifest and check each frozen file against its hash."""
    base = folder(root)
    archive = Archive()
    if not base.exists() and not base.is_symlink():
        return archive
    display = f"{kinds.CONTENT}/{kinds.EDITIONS_DIR}"
    if base.is_symlink() or not base.is_dir():
        problems.add(Location(display), "", "the folder of published editions is a link or not a folder",
                     "published editions live in the project: restore the folder from version control")
        return archive
    for path in sorted(base.iterdir(), key=lambda p: order(p.name)):
        where = f"{display}/{path.name}"
        if ".publishing-" in path.name:
            problems.add(Location(where), "", "a `guidelines publish` that did not finish left this folder",
                         "remove it, then publish again")
            continue
        if path.is_symlink() and _EDITION.match(path.name):
            problems.add(Location(where), "", "this is a link: a published edition is never read through one",
                         "published editions live in the project: restore the folder from version control")
            continue
        if path.is_symlink() or not path.is_dir() or not _EDITION.match(path.name):
            problems.add(Location(where), "", "this is not a published edition's folder",
                         "only folders named after an edition (e.g. 2025.1), written by `guidelines publish`, "
                         "belong here")
            continue
        edition = _read(path, where, problems)
        if edition is not None:
            archive.editions.append(edition)
    return archive


def _read(path: Path, where: str, problems: Problems) -> Edition | None:
    before = len(problems)
    source = read_yaml(path / MANIFEST, f"{where}/{MANIFEST}", problems)
    if source is None or not check_schema(source, "edition.schema.json", problems):
        return None
    data = source.data
    if data["edition"] != path.name:
        problems.add(source.where(("edition",)), "edition",
                     f"the folder is {path.name} but the manifest says {data['edition']}",
                     "restore the edition folder from version control")
        return None
    recorded: dict[str, str] = dict(data["files"])
    found = _files(path)
    frozen_pages = {name: data for name, data in found.items() if name.startswith(PAGES)}
    found = {name: data for name, data in found.items() if not name.startswith(PAGES)}
    for name in sorted(set(recorded) | set(found)):
        if name == MANIFEST or _under_link(name, found):
            continue
        if name not in found:
            problems.add(source.where(("files", name), key=True), f"files.{name}",
                         f"{where}/{name} is missing", _RESTORE)
        elif found[name] is None:
            problems.add(Location(f"{where}/{name}"), "", "this is a link or not a regular file: a published "
                         "edition is never read through one", _RESTORE)
        elif name not in recorded:
            problems.add(Location(f"{where}/{name}"), "", "this file was not part of the published edition",
                         "nothing is added to a published edition: remove the file")
        elif digest(found[name] or b"") != recorded[name]:
            problems.add(Location(f"{where}/{name}"), "",
                         f"this file changed after edition {path.name} was published", _RESTORE)
    if len(problems) > before:
        return None
    export = {name: found[name] or b"" for name in recorded if name.startswith(FROZEN_EXPORT)}
    if not _check_dated(source, path.name, export, problems):
        return None
    pages = _read_pages(path, where, frozen_pages, problems) if frozen_pages else None
    if frozen_pages and pages is None:
        return None
    sources = {str(path / name): found[name] or b"" for name in recorded if not name.startswith(FROZEN_EXPORT)}
    return Edition(path.name, str(data["published"]), data["title"], path, recorded, export, sources,
                   pages=pages[0] if pages else None, pages_files=pages[1] if pages else {},
                   translated_export=pages[2] if pages else {},
                   previous=data.get("previous"), previous_manifest=data.get("previous_manifest"),
                   frozen_pages=dict(data.get("frozen_pages") or {}),
                   manifest=digest(found.get(MANIFEST) or b""), source=source)


def _read_pages(path: Path, where: str, found: dict[str, bytes | None],
                problems: Problems) -> tuple[dict[str, bytes], dict[str, str], dict[str, dict[str, bytes]]] | None:
    """An edition's frozen pages (``pages/``), each checked against ``pages/pages.yml``: the page's source
    under the edition folder -> its JSON, the manifest's entries, and each translation's frozen export."""
    before = len(problems)
    display = f"{where}/{PAGES_MANIFEST}"
    raw = found.get(PAGES_MANIFEST)
    if raw is None:
        problems.add(Location(display), "", f"{where}/{PAGES} holds frozen pages, but this manifest of their hashes "
                     "is missing or not a regular file, so they cannot be checked",
                     f"restore {where}/{PAGES} from version control (git checkout -- {where}/{PAGES}); if a "
                     "`guidelines publish` was cut short while freezing them, remove the folder and run "
                     f"`guidelines publish --freeze-pages {path.name}`")
        return None
    source = parse_yaml(raw, path / PAGES_MANIFEST, display, problems)
    if source is None or not check_schema(source, "edition-pages.schema.json", problems):
        return None
    data = source.data
    if data["edition"] != path.name:
        problems.add(source.where(("edition",)), "edition",
                     f"the folder is {path.name} but the pages' manifest says {data['edition']}", _RESTORE_PAGES)
        return None
    recorded: dict[str, str] = dict(data["pages"])
    for name in sorted(set(recorded) | set(found)):
        if name == PAGES_MANIFEST or _under_link(name, found):
            continue
        file = f"{where}/{name}"
        if name not in found:
            problems.add(source.where(("pages", name), key=True), f"pages.{name}", f"{file} is missing",
                         _restore_page(file))
        elif found[name] is None:
            problems.add(Location(file), "", "this is a link or not a regular file: frozen pages are never read "
                         "through one", _restore_page(file))
        elif name not in recorded:
            problems.add(Location(file), "", f"this file is not one of edition {path.name}'s frozen pages "
                         f"({PAGES_MANIFEST} does not list it)", "nothing is added to a published edition: remove "
                         "the file")
        elif (actual := digest(found[name] or b"")) != recorded[name]:
            what = "JSON document" if f"/{FROZEN_EXPORT}" in name else "page"
            problems.add(Location(file), "", f"this frozen {what} changed after it was frozen: {PAGES_MANIFEST} "
                         f"records {recorded[name]}, the file has {actual}", _restore_page(file))
    if len(problems) > before:
        return None
    pages: dict[str, bytes] = {}
    exports: dict[str, dict[str, bytes]] = {}
    for name in recorded:
        inner = name[len(PAGES):]
        language = _LANGUAGE.match(inner)
        if language and inner[len(language.group(0)):].startswith(FROZEN_EXPORT):
            exports.setdefault(language.group(1), {})[inner[len(language.group(0)) + len(FROZEN_EXPORT):]] = \
                found[name] or b""
        else:
            pages[inner[:-len(".json")] + ".md"] = found[name] or b""
    return pages, {name: recorded[name] for name in sorted(recorded)} | {PAGES_MANIFEST: digest(raw)}, exports


def _is_frozen_page(data: Any) -> bool:
    """A frozen page's shape (mkdocs/archived.freeze): what the build reads of it is there, of the right type."""
    if not isinstance(data, dict) or not set(data) >= _FROZEN_PAGE_KEYS:
        return False
    front, links = data["front_matter"], data["links_to_anchors"]
    return (isinstance(front, str) and (front == "" or (front.startswith("---\n")
                                                         and front.find("\n---\n", 4) == len(front) - 5))
            and isinstance(data["title"], str | None) and isinstance(data["content"], str)
            and isinstance(data["anchors"], list) and all(isinstance(a, str) for a in data["anchors"])
            and isinstance(data["toc"], list) and all(_is_toc_entry(entry) for entry in data["toc"])
            and (links is None or (isinstance(links, dict) and all(
                isinstance(target, dict) and all(isinstance(v, str) for v in target.values())
                for target in links.values()))))


def _is_toc_entry(entry: Any) -> bool:
    return (isinstance(entry, dict) and isinstance(entry.get("level"), int) and isinstance(entry.get("id"), str)
            and isinstance(entry.get("name"), str) and isinstance(entry.get("children"), list)
            and all(_is_toc_entry(child) for child in entry["children"]))


def page_file(page: str) -> str:
    """Where a frozen page is kept in its edition folder: ``principles/gp-1.md`` -> ``pages/principles/gp-1.json``
    (a translation's, ``fr/principles/gp-1.md``, -> ``pages/fr/principles/gp-1.json``)."""
    return f"{PAGES}{page.removesuffix('.md')}.json"


def translated_export_file(language: str, path: str) -> str:
    """Where a translation's JSON (path under its api/v1/) is frozen with the pages: ``pages/fr/api/v1/...``."""
    return f"{PAGES}{language}/{FROZEN_EXPORT}{path}"


def changes_path(edition: str) -> str:
    """Where an edition's changes document (its date and title, as published) is frozen in its folder."""
    return f"{FROZEN_EXPORT}changes/{edition}.json"


def _check_dated(source: SourceFile, name: str, export: dict[str, bytes], problems: Problems) -> bool:
    """The manifest's ``published`` and ``title`` are not hashed: they must be a real day and agree with
    the edition's frozen changes document, which is (and which the site serves as the edition's date and title)."""
    data, ok = source.data, True
    try:
        date.fromisoformat(str(data["published"]))
    except ValueError:
        problems.add(source.where(("published",)), "published", f"{data['published']} is not a day of the calendar",
                     _RESTORE_MANIFEST)
        ok = False
    frozen = export.get(changes_path(name))
    if frozen is None:
        problems.add(source.where(("files",), key=True), "files",
                     f"edition {name} has no frozen {changes_path(name)}, which dates and titles it",
                     _RESTORE_MANIFEST)
        return False
    try:
        changes = json.loads(frozen.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        changes = {}
    for key, theirs in (("published", changes.get("date") if isinstance(changes, dict) else None),
                        ("title", changes.get("title") if isinstance(changes, dict) else None)):
        if str(data[key]) != theirs:
            problems.add(source.where((key,)), key,
                         f"expected {json.dumps(theirs)}, as the edition's frozen {changes_path(name)} says, "
                         f"found {json.dumps(str(data[key]))}", _RESTORE_MANIFEST)
            ok = False
    return ok


_RESTORE = ("a published edition never changes: restore the file from version control (git checkout -- <file>); "
            "corrections go into a new edition")
_RESTORE_PAGES = ("the frozen pages are written by `guidelines publish` and never edited: restore the edition's "
                  "pages/ folder from version control (git checkout -- <folder>)")


def _restore_page(file: str) -> str:
    return (f"a published edition's pages never change: restore the file from version control (git checkout -- "
            f"{file}); corrections go into a new edition")


_RESTORE_MANIFEST = ("edition.yml is written by `guidelines publish` and never edited: restore it from version control "
                     "(git checkout -- <file>)")


def _under_link(name: str, found: dict[str, bytes | None]) -> bool:
    """Whether a path is inside a linked folder (reported once, as the link)."""
    parts = name.split("/")
    return any(found.get("/".join(parts[:end]), b"") is None for end in range(1, len(parts)))


def _files(path: Path) -> dict[str, bytes | None]:
    """Every entry under a folder, by relative path: its bytes, or None for anything but a regular file
    (a link is never followed)."""
    found: dict[str, bytes | None] = {}
    for folder_path, folders, names in os.walk(path, followlinks=False):
        here = Path(folder_path)
        for name in folders:
            if (here / name).is_symlink():
                found[(here / name).relative_to(path).as_posix()] = None
        for name in names:
            target = here / name
            found[target.relative_to(path).as_posix()] = regular_bytes(target)
    return found


def regular_bytes(path: Path) -> bytes | None:
    """A regular file's bytes; None for a link or anything else (a link is never followed)."""
    if not stat.S_ISREG(os.lstat(path).st_mode):
        return None
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    with os.fdopen(fd, "rb") as handle:
        return handle.read()
