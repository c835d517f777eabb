"""``guidelines publish``: freeze the current edition, so that what it says can be read as it was for good.

It runs once per edition, on the day it is published, after ``guidelines check``
passes. It writes principles/editions/<edition>/ (see load/archive.py): a copy of
every content file the loader reads (``corpus.content_paths``: never a dotfile or an
editor's swap file, which the check ignores), the JSON export as the site publishes
it, and ``edition.yml`` with each file's SHA-256 and, from the second edition on,
the name of the edition published before it and the hash of its ``edition.yml``.
The manifest is checked against its own schema before anything is written. The folder
is written under a temporary name and renamed into place in one step, so a failed run
leaves nothing half-written. From then on,
the build shows that edition at /editions/<edition>/ and refuses any change to its
files, and to the current content while its edition number stays the same.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from pathlib import Path

from guidelines import kinds
from guidelines.context import SiteContext
from guidelines.export import documents as export
from guidelines.load.archive import FROZEN_EXPORT, MANIFEST, Edition, digest, folder, order
from guidelines.load.corpus import content_files
from guidelines.load.schemacheck import check_schema
from guidelines.load.yamlsource import parse_yaml
from guidelines.problems import Problems
from guidelines.urls import API, EDITIONS, SCHEMA

HEADER = (
    "# Written by `guidelines publish` when this edition was published. Never edit it, or any file\n"
    "# in this folder: every build checks each file against the SHA-256 below.\n"
)


class PublishError(Exception):
    """The edition cannot be published as things stand; the message says why and what to do."""


def frozen_export(ctx: SiteContext) -> dict[str, str]:
    """The edition's JSON as the site publishes it, by path under api/v1/: its documents and its changes,
    not the schemas (they describe every edition and only grow) or earlier editions' copies."""
    out = {}
    for path, text in export.documents(ctx).items():
        if not path.startswith(API) or path.startswith(API + EDITIONS) or path == SCHEMA \
                or path.endswith(".schema.json"):
            continue
        out[path[len(API):]] = text
    return out


def publish(root: Path, ctx: SiteContext) -> Path:
    """Freeze ``ctx``'s edition (a checked, problem-free content) into its edition folder; return the folder."""
    edition, archive = ctx.edition, ctx.archive
    if archive.get(edition) is not None:
        raise PublishError(f"edition {edition} is already published")
    latest = archive.editions[-1].name if archive.editions else None
    if latest is not None and order(edition) <= order(latest):
        raise PublishError(f"edition {edition} is not after the latest published edition, {latest}: set a later "
                           "edition in principles/guideline.yml")
    entry = ctx.corpus.get(kinds.CHANGELOG, edition)
    if entry is None:
        raise PublishError(f"edition {edition} has no changelog entry: add principles/changelog/{edition}.yml")
    # Exported as the published edition it is about to be (its edition URLs, "published": true),
    # exactly as the site will serve it once this folder exists.
    ctx.archive.editions.append(Edition(edition, str(entry.data["date"]), str(entry.data["title"]),
                                        folder(root) / edition))
    ctx.memo.clear()
    files, odd = content_files(root)  # "principles/...": the edition folder reads like a project
    if odd:
        raise PublishError(f"{odd[0]} is a link or not a regular file")
    for path, text in frozen_export(ctx).items():
        files[FROZEN_EXPORT + path] = text.encode("utf-8")
    base = folder(root)
    target, staging = base / edition, base / f".{edition}.publishing-{os.getpid()}"
    base.mkdir(exist_ok=True)
    if base.is_symlink():
        raise PublishError(f"{base.relative_to(root)} is a link: published editions are never written through one")
    manifest = _manifest(edition, str(entry.data["date"]), str(entry.data["title"]),
                         archive.get(latest) if latest is not None else None, files)
    try:
        for path, data in files.items():
            out = staging / path
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(data)
        (staging / MANIFEST).write_bytes(manifest)
        os.rename(staging, target)  # fails if the edition folder appeared meanwhile: nothing is replaced
    finally:
        with contextlib.suppress(FileNotFoundError):
            shutil.rmtree(staging)
    return target


def _manifest(edition: str, published: str, title: str, previous: Edition | None, files: dict[str, bytes]) -> bytes:
    """edition.yml's bytes, refused (PublishError) unless its own schema accepts it: a manifest the
    check would reject could never be repaired, since nothing in an edition folder may change."""
    lines = [HEADER, f'edition: "{edition}"\n', f"published: {published}\n", f"title: {_quoted(title)}\n"]
    if previous is not None:
        manifest = (previous.root / MANIFEST).read_bytes()  # the chain: check/editions.py follows it
        if digest(manifest) != previous.manifest:
            raise PublishError(f"{previous.display}/{MANIFEST} changed while publishing: run the command again")
        lines += [f'previous: "{previous.name}"\n', f"previous_manifest: {digest(manifest)}\n"]
    lines += ["files:\n"] + [f"  {path}: {digest(data)}\n" for path, data in sorted(files.items())]
    data = "".join(lines).encode("utf-8")
    problems = Problems()
    source = parse_yaml(data, Path(MANIFEST), f"{edition}/{MANIFEST}", problems)
    if source is not None:
        check_schema(source, "edition.schema.json", problems)
    if problems:
        first = problems.sorted()[0]
        raise PublishError(f"the manifest would not be valid ({first.field or 'file'}: {first.message}); "
                           "no file was written")
    return data


def _quoted(text: str) -> str:
    return json.dumps(str(text), ensure_ascii=False)
