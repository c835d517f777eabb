"""The published editions, frozen under principles/editions/<edition>/ by ``guidelines publish``.

A contract cites "edition 2025.1, SEC-1.2": that text must stay readable as it was
after later editions change it. So publishing an edition copies, into its own folder,
the content files it was built from (``principles/``, read again to render its pages)
and its JSON export as published (``api/v1/``, served byte for byte), and lists
every file with its SHA-256 in ``edition.yml``. The build needs nothing else: no
network, no version-control history (a shallow clone builds every edition).

Nothing in an edition folder may change once written. Every build checks each file
against its recorded hash and refuses a folder with a changed, missing or extra
file, or a link, naming it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from guidelines import kinds
from guidelines.load.schemacheck import check_schema
from guidelines.load.yamlsource import read_yaml
from guidelines.problems import Location, Problems

MANIFEST = "edition.yml"
FROZEN_EXPORT = "api/v1/"  # the edition's export, under its folder, as it was published
HASH_PREFIX = "sha256:"
_EDITION = re.compile(r"^(\d{4})\.(\d{1,3})$")


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

    @property
    def display(self) -> str:
        return f"{kinds.CONTENT}/{kinds.EDITIONS_DIR}/{self.name}"

    @cached_property
    def export_texts(self) -> dict[str, str]:
        """The edition's JSON as published: path under api/v1/ -> text."""
        return {path[len(FROZEN_EXPORT):]: data.decode("utf-8") for path, data in sorted(self.export.items())}

    def export_files(self) -> dict[str, str]:
        return self.export_texts

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
        return tuple((e.name, tuple(sorted(e.files.items()))) for e in self.editions)


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
    for name in sorted(set(recorded) | set(found)):
        if name == MANIFEST:
            continue
        if name not in found:
            problems.add(source.where(("files", name), key=True), f"files.{name}",
                         f"{where}/{name} is missing", _RESTORE)
        elif name not in recorded:
            problems.add(Location(f"{where}/{name}"), "", "this file was not part of the published edition",
                         "nothing is added to a published edition: remove the file")
        elif found[name] is None:
            problems.add(Location(f"{where}/{name}"), "", "this is a link or not a regular file", _RESTORE)
        elif digest(found[name] or b"") != recorded[name]:
            problems.add(Location(f"{where}/{name}"), "",
                         f"this file changed after edition {path.name} was published", _RESTORE)
    if len(problems) > before:
        return None
    export = {name: found[name] or b"" for name in recorded if name.startswith(FROZEN_EXPORT)}
    sources = {str(path / name): found[name] or b"" for name in recorded if not name.startswith(FROZEN_EXPORT)}
    return Edition(path.name, str(data["published"]), data["title"], path, recorded, export, sources)


_RESTORE = ("a published edition never changes: restore the file from version control (git checkout -- <file>); "
            "corrections go into a new edition")


def content_files(root: Path) -> tuple[dict[str, bytes], list[str]]:
    """Every file of the current content (principles/, less the published editions) by project path,
    and the paths that are links or not regular files (never read)."""
    content = root / kinds.CONTENT
    found: dict[str, bytes] = {}
    odd: list[str] = []
    for name, data in _files(content, prune=kinds.EDITIONS_DIR).items():
        if data is None:
            odd.append(f"{kinds.CONTENT}/{name}")
        else:
            found[f"{kinds.CONTENT}/{name}"] = data
    return found, odd


def _files(path: Path, prune: str | None = None) -> dict[str, bytes | None]:
    """Every entry under a folder (less its subfolder ``prune``), by relative path: its bytes, or None
    for anything but a regular file (a link is never followed)."""
    found: dict[str, bytes | None] = {}
    for folder_path, folders, names in os.walk(path, followlinks=False):
        here = Path(folder_path)
        if prune and here == path and prune in folders:
            folders.remove(prune)
        for name in folders:
            if (here / name).is_symlink():
                found[(here / name).relative_to(path).as_posix()] = None
        for name in names:
            target = here / name
            relative = target.relative_to(path).as_posix()
            info = os.lstat(target)
            if not stat.S_ISREG(info.st_mode):
                found[relative] = None
                continue
            fd = os.open(target, os.O_RDONLY | os.O_NOFOLLOW)
            with os.fdopen(fd, "rb") as handle:
                found[relative] = handle.read()
    return found
