"""Checks that keep published editions fixed: the content of a published edition cannot change.

Once ``guidelines publish`` has frozen an edition, the content under principles/ is
that edition's text for as long as its number stays in guideline.yml: a contract
that cites it must read the same words tomorrow. So an edit is refused, file by
file, until a new edition is started; and the edition being prepared must come after
every published one.
"""

from __future__ import annotations

from typing import Any

from guidelines import kinds
from guidelines.check.trees import check_tree, tree_document
from guidelines.load.archive import Archive, Edition, content_files, digest, order
from guidelines.load.corpus import Corpus, ParseCache, load
from guidelines.problems import Location, Problems


def next_edition(edition: str) -> str:
    year, _, sequence = edition.partition(".")
    return f"{year}.{int(sequence) + 1}" if sequence.isdigit() else edition


def check_editions(corpus: Corpus, problems: Problems) -> None:
    archive: Archive = corpus.archive
    if not archive.editions or not corpus.guideline or corpus.guideline_source is None:
        return
    for published in archive.editions:
        if published.name != corpus.edition:
            read_edition(published, problems)
    edition = corpus.edition
    frozen = archive.get(edition)
    if frozen is None:
        latest = archive.editions[-1].name
        if order(edition) <= order(latest):
            problems.add(corpus.guideline_source.where(("edition",)), "edition",
                         f"edition {edition} is not after the latest published edition, {latest}",
                         f"number the edition being prepared after it, e.g. \"{next_edition(latest)}\"")
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
