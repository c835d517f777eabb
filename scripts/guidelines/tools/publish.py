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

Publishing an edition also freezes the pages of the edition it replaces:
the site is built once more in every language, now that the new edition is in force, and
what MkDocs converted of each of the replaced edition's pages is kept in its folder, under
``pages/`` with their hashes in ``pages/pages.yml`` (see mkdocs/archived.py). An edition
published in a translation keeps it: its pages in that language under ``pages/<language>/``,
and that language's JSON as it was served while the edition was in force (made again from the
edition's frozen content and translations, output/editions.in_force) under
``pages/<language>/api/v1/``. Builds show those pages as frozen
and never convert them again. That build runs before anything is written, with the new
edition in force as it will be read from its folder; if it fails, nothing is published. The
replaced edition's pages are written first, then the new edition (whose manifest records their
hash): a run killed in between leaves the latest published edition with frozen pages, which
``check`` reports. ``guidelines publish --freeze-pages EDITION`` freezes the pages of
an edition published before pages were frozen (once; a project without a site, no
mkdocs.yml, has no pages to freeze).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import tempfile
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from guidelines import kinds
from guidelines.context import SiteContext
from guidelines.export import documents as export
from guidelines.load.archive import (
    FROZEN_EXPORT,
    MANIFEST,
    PAGES,
    PAGES_FORMAT,
    PAGES_MANIFEST,
    Edition,
    digest,
    folder,
    order,
    page_file,
    translated_export_file,
)
from guidelines.load.corpus import content_files
from guidelines.load.schemacheck import check_schema
from guidelines.load.yamlsource import parse_yaml
from guidelines.mkdocs.archived import SITE, Freezing
from guidelines.mkdocs.hooks import GuidelinesHooks
from guidelines.output import editions as edition_output
from guidelines.output import generate, languages
from guidelines.output.writer import WriteReport
from guidelines.problems import ContentError, Problems

HEADER = (
    "# Written by `guidelines publish` when this edition was published. Never edit it, or any file\n"
    "# in this folder: every build checks each file against the SHA-256 below.\n"
)
PAGES_HEADER = (
    "# Written by `guidelines publish` once a later edition had replaced this one: its pages as the\n"
    "# site shows them. Never edit it, or any file in this folder: every build checks each file against\n"
    "# the SHA-256 below.\n"
)


class PublishError(Exception):
    """The edition cannot be published as things stand; the message says why and what to do."""


def frozen_export(ctx: SiteContext) -> dict[str, str]:
    """The edition's JSON as the site publishes it, by path under api/v1/ (output/editions.published_export)."""
    return edition_output.published_export(export.documents(ctx))


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
    stale = {language: files for language, files in (ctx.corpus.parity.stale if ctx.corpus.parity else {}).items()
             if files}
    if stale:  # (the "notice" policy lets a draft go on; a published edition says what the English says)
        language, files = next(iter(stale.items()))
        raise PublishError(f"the {language} translation of {next(iter(files))} (and {sum(map(len, stale.values()))} "
                           f"texts in all) translates an earlier English text: update it (`guidelines translation "
                           f"status {language}`), then publish")
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
    previous = archive.get(latest) if latest is not None else None
    # The editions it replaces (the one before it; any other whose pages were never frozen) are shown as
    # earlier editions from now on: their pages are frozen as the site will show them, built before anything
    # is written, with this edition in force as it will be read from its folder.
    replaced = [e.name for e in archive.editions if e.name != edition and e.pages is None]
    pages: dict[str, dict[str, bytes]] = {}
    if replaced and (root / "mkdocs.yml").is_file():
        published = Edition(edition, str(entry.data["date"]), str(entry.data["title"]), target,
                            {path: digest(data) for path, data in files.items()},
                            {path: data for path, data in files.items() if path.startswith(FROZEN_EXPORT)},
                            {str(target / path): data for path, data in files.items()
                             if not path.startswith(FROZEN_EXPORT)})
        pages = _pages_once_published(root, published, replaced)
    recorded = {e.name: e.pages_files[PAGES_MANIFEST] for e in archive.editions if e.pages is not None}
    recorded.update({name: digest(found[PAGES_MANIFEST]) for name, found in pages.items()})
    manifest = _manifest(edition, str(entry.data["date"]), str(entry.data["title"]), previous, files, recorded)
    # The replaced editions' pages first, then the edition: a run cut short in between leaves the latest
    # published edition with frozen pages, which `check` reports (check/editions.py).
    written = [_write_pages(base, name, found) for name, found in pages.items()]
    try:
        for path, data in files.items():
            out = staging / path
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(data)
        (staging / MANIFEST).write_bytes(manifest)
        os.rename(staging, target)  # fails if the edition folder appeared meanwhile: nothing is replaced
    except BaseException:
        for path in written:  # (written just above, by this run)
            shutil.rmtree(path)
        raise
    finally:
        with contextlib.suppress(FileNotFoundError):
            shutil.rmtree(staging)
    return target


def _pages_once_published(root: Path, published: Edition, replaced: list[str]) -> dict[str, dict[str, bytes]]:
    """The frozen pages of the editions ``published`` replaces, as the site shows them once it is in force."""
    ctx, problems = generate.check(root, SITE)  # (the site's address left for each build to put in)
    if ctx is None:
        raise PublishError("the content has problems, so no page was frozen:\n" + problems.report())
    ctx.archive.editions.append(published)
    ctx.memo.clear()
    return _frozen_files(root, ctx, replaced)


def freeze_pages(root: Path, editions: list[str]) -> list[Path]:
    """Freeze the pages of earlier editions, as a build shows them now; return the folders written.

    Each must be published and replaced by a later published edition (the latest published
    edition's pages say it is the latest until the next is published: they are frozen then),
    and not frozen yet. One build makes them all; each edition's ``pages/`` folder is written
    under a temporary name and renamed into place in one step.
    """
    ctx, problems = generate.check(root, SITE)  # (the site's address left for each build to put in)
    if ctx is None:
        raise PublishError("the content has problems, so no page was frozen:\n" + problems.report())
    archive, base = ctx.archive, folder(root)
    latest = archive.editions[-1].name if archive.editions else None
    for name in editions:
        found = archive.get(name)
        if found is None:
            raise PublishError(f"edition {name} is not published (principles/editions/ has no {name}/)")
        if name == latest:
            raise PublishError(f"edition {name} is the latest published edition: its pages are frozen when the next "
                               "edition is published, since until then they say it is the latest")
        if found.pages is not None:
            raise PublishError(f"edition {name}'s pages are frozen already ({found.display}/{PAGES_MANIFEST})")
        if os.path.lexists(base / name / PAGES):
            raise PublishError(f"{found.display}/{PAGES} exists but is not a set of frozen pages: remove it")
    if not (root / "mkdocs.yml").is_file():
        raise PublishError("the project has no mkdocs.yml, so no site and no pages to freeze")
    found = _frozen_files(root, ctx, editions)
    written: list[Path] = []
    try:
        for name in editions:
            written.append(_write_pages(base, name, found[name]))
    except BaseException:
        for path in written:  # (all or none: written just above, by this run)
            shutil.rmtree(path)
        raise
    return written


def _frozen_files(root: Path, ctx: SiteContext, editions: list[str]) -> dict[str, dict[str, bytes]]:
    """Each edition's ``pages/`` folder as files (path in the edition folder -> bytes), its manifest included:
    one build in every language makes them all."""
    frozen = _built_pages(root, ctx, frozenset(editions))
    if missing := [name for name in editions if not frozen.get(name)]:
        raise PublishError(f"the build showed no page of edition {missing[0]}; no page was frozen")
    exports = {name: _translated_exports(ctx, ctx.archive.get(name)) for name in editions}  # type: ignore[arg-type]
    for name, found in exports.items():
        if missing := [language for language in found if not any(page.startswith(f"{language}/")
                                                                  for page in frozen[name])]:
            raise PublishError(f"edition {name} was published in {missing[0]}, but the build showed none of its "
                               f"pages in that language; no page was frozen")
    return {name: _pages_files(name, frozen[name], exports[name]) for name in editions}


def _translated_exports(ctx: SiteContext, edition: Edition) -> dict[str, dict[str, bytes]]:
    """Each translation's JSON of an edition published in it, as it was published (the documents its translated
    export served while the edition was in force), by language and path under that export's api/v1/."""
    found: dict[str, dict[str, bytes]] = {}
    for language in edition.published_languages:
        translated = languages.translated_context(edition_output.in_force(ctx, edition), language)
        found[language] = {path: text.encode("utf-8") for path, text in frozen_export(translated).items()}
    return found


def _built_pages(root: Path, ctx: SiteContext, editions: frozenset[str]) -> dict[str, dict[str, bytes]]:
    """Build the site in every language (into a folder thrown away after) and keep the pages of ``editions``:
    a translation's under its language's folder (``fr/principles/gp-1.md``)."""
    with generate.gc_paused():
        builds = [(None, generate.Generated(ctx, WriteReport(), files=generate.render_files(ctx)))]
        builds += list(generate.render_languages(ctx).items())
    logged, freezing = _Logged(), Freezing(editions)
    log = logging.getLogger("mkdocs")
    log.addHandler(logged)
    hooks: GuidelinesHooks | None = None
    try:
        with tempfile.TemporaryDirectory(prefix="guidelines-freeze-") as site:
            for language, result in builds:
                config = load_config(str(root / "mkdocs.yml"), site_dir=f"{site}/{language or 'en'}", strict=True)
                if language is not None:
                    config.theme["language"] = language
                hooks = GuidelinesHooks.of(config)  # (one object per process: MkDocs loads the hooks file once)
                hooks.use(result)
                hooks.freezing = freezing
                mkdocs_build(config)
    except (MkDocsException, ContentError) as error:
        said = "\n".join(f"  {record.getMessage()}" for record in logged.records) or f"  {error}"
        raise PublishError(f"the site does not build, so the pages of edition {', '.join(sorted(editions))} could "
                           f"not be frozen; MkDocs said:\n{said}") from None
    finally:
        log.removeHandler(logged)
        if hooks is not None:
            hooks.freezing = None
    return freezing.pages


def _pages_files(name: str, pages: dict[str, bytes], exports: dict[str, dict[str, bytes]]) -> dict[str, bytes]:
    """An edition's ``pages/`` folder as files: each page's JSON, then each translation's export, then the manifest
    of their hashes (refused unless its schema accepts it)."""
    files = {page_file(page): data for page, data in pages.items()}  # in the order the site lists them
    files.update({translated_export_file(language, path): data for language, found in exports.items()
                  for path, data in found.items()})
    lines = [PAGES_HEADER, f'edition: "{name}"\n', f"format: {PAGES_FORMAT}\n", "pages:\n"]
    lines += [f"  {path}: {digest(data)}\n" for path, data in files.items()]
    manifest = "".join(lines).encode("utf-8")
    _refuse_invalid(manifest, f"{name}/{PAGES_MANIFEST}", "edition-pages.schema.json",
                    "the pages' manifest would not be valid", "no page was frozen")
    return {**files, PAGES_MANIFEST: manifest}


def _write_pages(base: Path, name: str, files: dict[str, bytes]) -> Path:
    """An edition's ``pages/`` folder (``_pages_files``), written under a temporary name and renamed into place."""
    target, staging = base / name / PAGES, base / f".{name}.pages.publishing-{os.getpid()}"
    try:
        for path, data in files.items():
            out = staging / path[len(PAGES):]
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(data)
        if os.path.lexists(target):
            raise PublishError(f"{target} appeared meanwhile: nothing was replaced")
        os.rename(staging, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            shutil.rmtree(staging)
    return target


class _Logged(logging.Handler):
    """What MkDocs warns about while the pages are built (for the message when the build fails)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def _manifest(edition: str, published: str, title: str, previous: Edition | None, files: dict[str, bytes],
              frozen_pages: dict[str, str]) -> bytes:
    """edition.yml's bytes, refused (PublishError) unless its own schema accepts it: a manifest the
    check would reject could never be repaired, since nothing in an edition folder may change.
    ``frozen_pages``: each earlier edition's pages/pages.yml hash (their pages are fixed by it)."""
    lines = [HEADER, f'edition: "{edition}"\n', f"published: {published}\n", f"title: {_quoted(title)}\n"]
    if previous is not None:
        manifest = (previous.root / MANIFEST).read_bytes()  # the chain: check/editions.py follows it
        if digest(manifest) != previous.manifest:
            raise PublishError(f"{previous.display}/{MANIFEST} changed while publishing: run the command again")
        lines += [f'previous: "{previous.name}"\n', f"previous_manifest: {digest(manifest)}\n"]
    if frozen_pages:
        lines += ["frozen_pages:\n"] + [f'  "{name}": {value}\n' for name, value in
                                        sorted(frozen_pages.items(), key=lambda item: order(item[0]))]
    lines += ["files:\n"] + [f"  {path}: {digest(data)}\n" for path, data in sorted(files.items())]
    data = "".join(lines).encode("utf-8")
    _refuse_invalid(data, f"{edition}/{MANIFEST}", "edition.schema.json", "the manifest would not be valid",
                    "no file was written")
    return data


def _refuse_invalid(data: bytes, display: str, schema: str, what: str, outcome: str) -> None:
    """PublishError unless the manifest's schema accepts it: a manifest the check would reject could never
    be repaired, since nothing in an edition folder may change."""
    problems = Problems()
    source = parse_yaml(data, Path(display.rpartition("/")[2]), display, problems)
    if source is not None:
        check_schema(source, schema, problems)
    if problems:
        first = problems.sorted()[0]
        raise PublishError(f"{what} ({first.field or 'file'}: {first.message}); {outcome}")


def _quoted(text: str) -> str:
    return json.dumps(str(text), ensure_ascii=False)
