"""Checks that keep published editions fixed: the content of a published edition cannot change.

Once ``guidelines publish`` has frozen an edition, the content under principles/ is
that edition's text for as long as its number stays in guideline.yml: a contract
that cites it must read the same words tomorrow. So an edit is refused, file by
file, until a new edition is started; and the edition being prepared must come after
every published one, and be dated no earlier.

A whole edition folder must not vanish either. Each manifest names the edition published
before it and the hash of that edition's edition.yml, so a later edition fixes the
earlier manifests (and through them their files, titles and dates); the latest manifest
is anchored by what no manifest names: every edition the ID register or a changelog
entry names (other than the one being prepared) must have its folder. And the register
itself is frozen with each edition: an entry of the latest published edition's register
keeps its kind, ``since`` and ``retired_in``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from guidelines import kinds
from guidelines.check.trees import check_tree, tree_document
from guidelines.load.archive import (
    MANIFEST,
    PAGES,
    PAGES_MANIFEST,
    Archive,
    Edition,
    digest,
    folder,
    order,
    regular_bytes,
)
from guidelines.load.corpus import Corpus, ParseCache, content_files, load
from guidelines.load.translations import load_translations
from guidelines.load.yamlsource import SourceFile
from guidelines.problems import ContentError, Location, Problems


def next_edition(edition: str) -> str:
    year, _, sequence = edition.partition(".")
    return f"{year}.{int(sequence) + 1}" if sequence.isdigit() else edition


def check_editions(corpus: Corpus, problems: Problems) -> None:
    archive: Archive = corpus.archive
    if not corpus.guideline or corpus.guideline_source is None:
        return
    _check_named(corpus, problems)
    _check_chain(corpus, problems)
    _check_register_editions(corpus, problems)
    _check_languages_kept(corpus, problems)
    _check_frozen_pages(corpus, problems)
    if not archive.editions:
        return
    for published in archive.editions:
        if published.name != corpus.edition:
            read_edition(published, problems)
    edition = corpus.edition
    frozen = archive.get(edition)
    if frozen is None:
        latest = archive.editions[-1]
        if order(edition) <= order(latest.name):
            problems.add(corpus.guideline_source.where(("edition",)), "edition",
                         f"edition {edition} is not after the latest published edition, {latest.name}",
                         f"number the edition being prepared after it, e.g. \"{next_edition(latest.name)}\"")
            return
        _check_dated_after(corpus, latest, problems)
        _check_register_history(corpus, latest, problems)
        return
    current, _ = content_files(corpus.root)  # (links and odd files: the loader reports them)
    recorded = {path: value for path, value in frozen.files.items() if path.startswith("principles/")}
    hint = (f"edition {edition} is published and never changes: undo the edit, or start edition "
            f"{next_edition(edition)} (set it as 'edition' in principles/guideline.yml and add "
            f"principles/changelog/{next_edition(edition)}.yml)")
    for path in sorted(set(current) | set(recorded)):
        if path not in recorded:
            problems.add(Location(path), "", f"this file is not part of edition {edition}, which is published", hint)
        elif path not in current:
            problems.add(Location(path), "", f"this file of the published edition {edition} is missing", hint)
        elif digest(current[path]) != recorded[path]:
            problems.add(Location(path), "", f"this file differs from the published text of edition {edition}", hint)


def _check_frozen_pages(corpus: Corpus, problems: Problems) -> None:
    """Each edition's manifest records the hash of every earlier edition's pages/pages.yml as it was once that
    edition was published: frozen pages cannot be rewritten, or removed, with their own manifest. The latest
    published edition has none: its pages are frozen by the publication of the next (which writes them first)."""
    editions = corpus.archive.editions
    _check_cut_short(corpus, problems)
    for edition in editions:
        _check_frozen_contents(edition, problems)
        for name, recorded in edition.frozen_pages.items():
            earlier = corpus.archive.get(name)
            if earlier is None and order(name) < order(edition.name) and _present(corpus, name):
                continue  # (published, but its folder cannot be read: that is reported)
            if earlier is None or order(name) >= order(edition.name):
                problems.add(edition.source.where(("frozen_pages", name), key=True) if edition.source else
                             Location(f"{edition.display}/{MANIFEST}"), f"frozen_pages.{name}",
                             f"edition {name} is not a published edition before {edition.name}", _RESTORE_MANIFEST)
                continue
            where = Location(f"{earlier.display}/{PAGES_MANIFEST}")
            restore = (f"restore both from version control (git checkout -- {earlier.display}/{PAGES} "
                       f"{edition.display}/{MANIFEST}); frozen pages never change")
            if earlier.pages is None:
                if not os.path.lexists(earlier.root / PAGES_MANIFEST):  # (else what is wrong inside is reported)
                    problems.add(where, "", f"edition {name}'s frozen pages are missing, but edition {edition.name}'s "
                                 f"{MANIFEST} records them", restore)
            elif earlier.pages_files.get(PAGES_MANIFEST) != recorded:
                problems.add(where, "", f"this manifest's hash is not the one edition {edition.name}'s {MANIFEST} "
                             f"records for it ({recorded}): one of the two changed", restore)


def _check_cut_short(corpus: Corpus, problems: Problems) -> None:
    """The latest published edition's pages are not frozen yet: a publication writes the pages of the edition it
    replaces just before the edition itself, so a run killed in between leaves them (a later edition's folder
    that cannot be read is reported as such)."""
    editions = corpus.archive.editions
    base = folder(corpus.root)
    if editions and editions[-1].pages is not None and not any(
            order(path.name) > order(editions[-1].name) for path in base.iterdir()):
        latest = editions[-1]
        problems.add(Location(f"{latest.display}/{PAGES_MANIFEST}"), "",
                     f"edition {latest.name} is the latest published edition, but its pages are frozen: a "
                     "`guidelines publish` of the next edition was cut short after freezing them",
                     f"remove {latest.display}/{PAGES} (git clean or rm -r), then publish again")


def _check_frozen_contents(edition: Edition, problems: Problems) -> None:
    """Each frozen page has the shape a build reads (read once: the build takes them as read here), and an
    edition published in a language besides English has its pages and its JSON in that language frozen too."""
    for page in edition.pages or ():
        try:
            edition.frozen_page(page)
        except ContentError as error:
            problems.extend(error.problems)
    if edition.pages is None:
        return
    for language in edition.published_languages:
        if language not in edition.languages or language not in edition.translated_export:
            problems.add(Location(f"{edition.display}/{PAGES_MANIFEST}"), "",
                         f"edition {edition.name} was published in {language}, but its frozen pages hold none of its "
                         f"pages or none of its JSON in that language", "restore the edition's pages/ folder from "
                         f"version control (git checkout -- {edition.display}/{PAGES})")


def _check_languages_kept(corpus: Corpus, problems: Problems) -> None:
    """A language an edition was published in stays: its site is what shows that edition's text in it
    (/<language>/editions/<edition>/), so dropping it would take cited pages offline."""
    declared = corpus.guideline.get("languages") or {}
    for language in sorted({language for edition in corpus.archive.editions
                            for language in edition.published_languages}):
        if language in declared:
            continue
        edition = next(e for e in corpus.archive.editions if e.published_in(language))
        where = ("languages",) if "languages" in corpus.guideline else ()
        assert corpus.guideline_source is not None
        problems.add(corpus.guideline_source.where(where, key=bool(where)), "languages",
                     f"edition {edition.name} was published in {language}, but this edition does not declare it: "
                     f"its {language} site, which keeps that edition's {language} text online for citations, "
                     "would go", f"keep '{language}' under 'languages' (with its translations in "
                     f"principles/translations/{language}/): a language, once published, stays")


def _present(corpus: Corpus, name: str) -> bool:
    """Whether the edition's folder exists (what is wrong inside it, the archive reports)."""
    return os.path.lexists(folder(corpus.root) / name)


def _restore(name: str) -> str:
    return (f"a published edition is never removed: restore {kinds.CONTENT}/{kinds.EDITIONS_DIR}/{name}/ from "
            f"version control (git checkout -- {kinds.CONTENT}/{kinds.EDITIONS_DIR}/{name})")


def _check_named(corpus: Corpus, problems: Problems) -> None:
    """Every edition the ID register or a changelog entry names, but the one being prepared, has its folder.

    Manifests chain the editions to each other; this anchors the chain's end: deleting
    the latest published edition (or all of them) leaves its register entries and its
    changelog entry naming it. An edition after the one being prepared is reported by
    ``_check_register_editions`` instead.
    """
    edition, reported = corpus.edition, set()
    if corpus.register is not None and corpus.register_source is not None:
        for item_id, entry in corpus.register["ids"].items():
            for key in ("since", "retired_in"):
                name = entry.get(key)
                if name is None or name == edition or name in reported or order(name) > order(edition) \
                        or _present(corpus, name):
                    continue
                reported.add(name)
                problems.add(corpus.register_source.where(("ids", item_id, key)), f"ids.{item_id}.{key}",
                             f"published edition {name} is missing: the register of published IDs names it "
                             f"(this entry, and maybe others)", _restore(name))
    for entry in corpus.of(kinds.CHANGELOG).values():
        if entry.id != edition and not _present(corpus, entry.id):
            problems.add(entry.source.where(("id",)), "id",
                         f"published edition {entry.id} is missing: its changelog entry says it was published, and "
                         f"only the edition being prepared ({edition}) is not", _restore(entry.id))


def _check_chain(corpus: Corpus, problems: Problems) -> None:
    """Each published edition names the one published just before it and the hash of that one's manifest."""
    base = folder(corpus.root)
    on_disk = sorted((path.name for path in base.iterdir() if order(path.name) != (0, 0)), key=order) \
        if base.is_dir() and not base.is_symlink() else []
    for edition in corpus.archive.editions:
        source = edition.source
        if source is None:
            continue
        index = on_disk.index(edition.name) if edition.name in on_disk else 0
        before = on_disk[index - 1] if index > 0 else None
        manifest = f"{edition.display}/{MANIFEST}"
        if edition.previous is None:
            if before is not None:
                problems.add(source.where(("edition",)), "previous",
                             f"expected previous: \"{before}\", the edition published just before {edition.name}; "
                             "the manifest names none", _RESTORE_MANIFEST)
            continue
        if not _present(corpus, edition.previous):
            problems.add(source.where(("previous",)), "previous",
                         f"published edition {edition.previous} is missing: edition {edition.name} was published "
                         f"after it ({manifest} names it)", _restore(edition.previous))
            continue
        if edition.previous != before:
            problems.add(source.where(("previous",)), "previous",
                         f"expected \"{before}\", the edition published just before {edition.name}, found "
                         f"\"{edition.previous}\"" if before else
                         f"edition {edition.name} names {edition.previous} as the edition before it, but comes "
                         "first", _RESTORE_MANIFEST)
            continue
        _check_previous_manifest(edition, source, base / edition.previous / MANIFEST, problems)


def _check_previous_manifest(edition: Edition, source: SourceFile, path: Path, problems: Problems) -> None:
    """The previous edition's manifest is, byte for byte, the one this edition was published after."""
    name = f"{kinds.CONTENT}/{kinds.EDITIONS_DIR}/{edition.previous}/{MANIFEST}"
    if edition.previous_manifest is None:
        problems.add(source.where(("previous",)), "previous_manifest",
                     f"the manifest names the previous edition, {edition.previous}, without the hash of its "
                     f"{MANIFEST}", _RESTORE_MANIFEST)
        return
    try:
        data = regular_bytes(path)
    except OSError:
        data = None
    if data is None:
        return  # (missing or not a file: the archive reports it)
    if digest(data) != edition.previous_manifest:
        problems.add(Location(name), "",
                     f"this manifest differs from the one edition {edition.name} was published after "
                     f"({edition.display}/{MANIFEST} records its hash, {edition.previous_manifest})",
                     f"a published edition never changes: restore {name} from version control (git checkout -- "
                     f"{name})")


_RESTORE_MANIFEST = ("edition.yml is written by `guidelines publish` and never edited: restore it from version "
                     "control (git checkout -- <file>)")


def _check_dated_after(corpus: Corpus, latest: Edition, problems: Problems) -> None:
    """The edition being prepared is published after the latest published one: its date cannot be earlier."""
    entry = corpus.get(kinds.CHANGELOG, corpus.edition)
    if entry is not None and str(entry.data["date"]) < latest.published:
        problems.add(entry.source.where(("date",)), "date",
                     f"expected a day no earlier than {latest.published}, when edition {latest.name} was "
                     f"published, found {entry.data['date']}",
                     f"edition {corpus.edition} is published after {latest.name}: give the day it is published")


def _check_register_editions(corpus: Corpus, problems: Problems) -> None:
    """No ID was published or retired in an edition after the one being prepared."""
    if corpus.register is None or corpus.register_source is None:
        return
    edition = corpus.edition
    for item_id, entry in corpus.register["ids"].items():
        for key in ("since", "retired_in"):
            name = entry.get(key)
            if name is not None and order(name) > order(edition):
                problems.add(corpus.register_source.where(("ids", item_id, key)), f"ids.{item_id}.{key}",
                             f"expected edition {edition} or an earlier one, found {name}, which comes after "
                             f"the current edition, {edition}",
                             "the register records editions that exist: correct the value (`guidelines register` "
                             "writes it)")


def _check_register_history(corpus: Corpus, latest: Edition, problems: Problems) -> None:
    """The current register keeps every entry of the latest published edition's frozen register, with the
    same kind and ``since``, and its ``retired_in`` (a retirement is never undone)."""
    if corpus.register is None or corpus.register_source is None or latest.content is None:
        return  # (a broken register, or an edition that cannot be read, is reported elsewhere)
    frozen = latest.content[0].register
    source = corpus.register_source
    if frozen is None:
        where = latest.source.where(("files",), key=True) if latest.source else Location(latest.display)
        problems.add(where, "files", f"edition {latest.name} was frozen without "
                     f"{kinds.CONTENT}/{kinds.REGISTER_FILE}, whose entries the current register must keep",
                     _RESTORE_MANIFEST)
        return
    current = corpus.register["ids"]
    said = f"as the register frozen with edition {latest.name} says"
    for item_id, entry in frozen["ids"].items():
        now = current.get(item_id)
        if now is None:
            problems.add(source.where(("ids",), key=True), f"ids.{item_id}",
                         f"published ID '{item_id}' is missing from the register, which edition {latest.name} "
                         f"froze with it", f"an entry is never removed: put back '{item_id}' with kind "
                         f"{entry['kind']} and since \"{entry['since']}\"" +
                         (f" and retired_in \"{entry['retired_in']}\"" if entry.get("retired_in") else ""))
            continue
        for key in ("kind", "since", "retired_in"):
            was, is_now = entry.get(key), now.get(key)
            if was is None or was == is_now:
                continue
            if is_now is None:
                problems.add(source.where(("ids", item_id), key=True), f"ids.{item_id}.{key}",
                             f"expected {key}: \"{was}\", {said}, found none",
                             f"a retirement is never undone: put back retired_in: \"{was}\" (a new item needs "
                             "a new ID)")
            else:
                problems.add(source.where(("ids", item_id, key)), f"ids.{item_id}.{key}",
                             f"expected \"{was}\", {said}, found \"{is_now}\"",
                             f"a published ID's {key} never changes: write \"{was}\" again")


def read_edition(edition: Edition, problems: Problems) -> tuple[Corpus, dict[str, dict[str, Any]]] | None:
    """A published edition's content, read again to show its pages (once per process: it never changes).

    It was checked in full when it was published and is only read here: its files are
    fixed by their hashes, and checks added since may not hold for what it said then. It
    must still load under today's schemas, which only grow; if a schema change broke
    that, every problem is reported, under the edition's folder.
    """
    if edition.content is not None:
        return edition.content
    found = Problems()
    corpus = load(edition.root, found, ParseCache(contents=edition.sources))
    if corpus.guideline.get("languages"):  # (its translations, read as they were frozen: their pages are shown too)
        corpus.translations = load_translations(edition.root, corpus, found)
    trees = {item.id: tree_document(item) for item in corpus.of(kinds.TREE).values() if check_tree(item, found)}
    if found:
        for problem in found.items:
            where = Location(f"{edition.display}/{problem.location.path}", problem.location.line,
                             problem.location.column)
            problems.add(where, problem.field, f"published edition {edition.name} can no longer be read: "
                         f"{problem.message}", "a change to the schemas or the loader must keep every published "
                         "edition readable: make the new rule optional, or read the old form too")
        return None
    edition.content = (corpus, trees)
    return edition.content
