"""References between items: IDs of the right kind that exist and are active, sources, vocabulary
terms, what replaces a retired item, changelog entries, and the register of published IDs."""

from __future__ import annotations

from typing import Any

from guidelines import kinds
from guidelines.kinds import Kind
from guidelines.load.corpus import Corpus, Item
from guidelines.load.yamlsource import FieldPath, SourceFile, dotted
from guidelines.problems import Location, Problems, did_you_mean

_TERM = {"verdicts": "verdict", "risk-levels": "risk level", "stages": "stage"}


def ids(value: Any) -> list[tuple[int | None, str]]:
    if isinstance(value, list):
        return [(i, v) for i, v in enumerate(value) if isinstance(v, str)]
    return [(None, value)] if isinstance(value, str) else []


def _check_ref(corpus: Corpus, source: SourceFile, path: FieldPath, target: Kind, value: str,
               problems: Problems, *, from_active: bool = True) -> None:
    known = corpus.known(target)
    if value not in known:
        problems.add(source.where(path), dotted(path), f"unknown {target.label.lower()} ID '{value}'",
                     did_you_mean(value, known))
        return
    item = corpus.get(target, value)
    if from_active and item is not None and not item.active:
        replaced = ", ".join(item.data.get("replaced_by", []))
        hint = f"refer to what replaces it ({replaced}) instead" if replaced else \
            "remove the reference: nothing replaces it"
        problems.add(source.where(path), dotted(path), f"'{value}' is retired", hint)


def check_fields(corpus: Corpus, item: Item, data: dict[str, Any], base: FieldPath,
                  fields: tuple[tuple[str, str], ...], problems: Problems) -> None:
    """Each ID listed in ``fields`` (field, kind name) of ``data`` names a known, active item of that kind."""
    for name, target in fields:
        for index, value in ids(data.get(name)):
            path = base + ((name, index) if index is not None else (name,))
            _check_ref(corpus, item.source, path, kinds.BY_NAME[target], value, problems, from_active=item.active)


def check_sources(corpus: Corpus, item: Item, problems: Problems) -> None:
    known = {s["id"] for s in corpus.guideline.get("sources", [])}
    if not corpus.guideline:
        return
    for index, value in ids(item.data.get("sources")):
        if value not in known:
            problems.add(item.source.where(("sources", index)), f"sources[{index}]",
                         f"unknown source ID '{value}'",
                         did_you_mean(value, known) + "; sources are listed in principles/guideline.yml")


def check_vocabularies(corpus: Corpus, item: Item, problems: Problems) -> None:
    for name, vocab in item.kind.vocabularies:
        terms = corpus.vocabulary(vocab)
        for index, value in ids(item.data.get(name)):
            path = (name, index) if index is not None else (name,)
            if value not in terms:
                problems.add(item.source.where(path), dotted(path), f"unknown {_TERM[vocab]} '{value}'",
                             did_you_mean(value, set(terms)) + f"; see principles/vocabularies/{vocab}.yml")


def check_lifecycle(corpus: Corpus, item: Item, problems: Problems) -> None:
    for index, value in ids(item.data.get("replaced_by")):
        if value not in all_ids(corpus):
            problems.add(item.source.where(("replaced_by", index)), f"replaced_by[{index}]",
                         f"unknown ID '{value}'", did_you_mean(value, all_ids(corpus)))


def all_ids(corpus: Corpus) -> set[str]:
    """Every citable ID (items, including those in files with problems, and clauses)."""
    found: set[str] = set(corpus.clauses())
    for kind in kinds.CITABLE:
        found |= corpus.known(kind)
    return found


def check_changelog(corpus: Corpus, item: Item, problems: Problems) -> None:
    """Each note names a known item or clause, once (whether it changed is checked with the export)."""
    known = all_ids(corpus) | set((corpus.register or {}).get("ids", {}))
    seen: set[str] = set()
    for index, note in enumerate(item.data.get("notes", [])):
        path: FieldPath = ("notes", index, "item")
        if note["item"] not in known:
            problems.add(item.source.where(path), dotted(path), f"unknown ID '{note['item']}'",
                         did_you_mean(note["item"], known))
        elif note["item"] in seen:
            problems.add(item.source.where(path), dotted(path), f"a second note about '{note['item']}'",
                         "merge the two notes into one")
        seen.add(note["item"])


def check_register(corpus: Corpus, problems: Problems) -> None:
    """Published IDs (items and clauses) stay, keep their kind, are not reused, and every one is published.

    A citable ID missing from the register would be exported with no edition of its own,
    and could disappear later unnoticed, so the register must hold every one.
    """
    if corpus.register_source is None:
        if corpus.guideline and not (corpus.root / kinds.CONTENT / kinds.REGISTER_FILE).exists():
            problems.add(Location(f"{kinds.CONTENT}/{kinds.REGISTER_FILE}"), "",
                         "the register of published IDs is missing",
                         "run `guidelines register` to create it from the content", fixed_by="register")
        return
    if corpus.register is None:  # the file has problems of its own, already reported
        return
    registered = corpus.register["ids"]
    current = corpus.citable()
    broken = set().union(*corpus.broken_ids.values()) if corpus.broken_ids else set()
    for item_id, entry in registered.items():
        found = current.get(item_id)
        if found is None:
            _missing(corpus, item_id, entry, broken, problems)
            continue
        where = found.item.source.where(found.path)
        if found.kind != entry["kind"]:
            problems.add(where, dotted(found.path),
                         f"ID '{item_id}' was published as a {entry['kind']}, not a {found.kind}",
                         "an ID never changes kind: give this one a new ID")
        if "retired_in" in entry and found.active:
            problems.add(where, dotted(found.path),
                         f"ID '{item_id}' was retired in edition {entry['retired_in']} and cannot be reused",
                         "give the new one a new ID")
    for item_id, found in current.items():
        if item_id not in registered:
            problems.add(found.item.source.where(found.path), dotted(found.path),
                         f"'{item_id}' is not in the register of published IDs",
                         f"run `guidelines register` to record it as published in edition {corpus.edition}",
                         fixed_by="register")


def _missing(corpus: Corpus, item_id: str, entry: dict[str, Any], broken: set[str], problems: Problems) -> None:
    """A registered ID no longer in the content: said where it was (its section, for a clause)."""
    if item_id in broken:
        return
    if entry["kind"] == kinds.CLAUSE:
        section_id = item_id.rpartition(".")[0]
        section = corpus.get(kinds.SECTION, section_id)
        if section_id in broken:
            return
        if section is not None:
            problems.add(section.source.where(("points",)), "points",
                         f"published clause '{item_id}' is missing from section {section_id}",
                         "a published clause is never deleted or renumbered: put it back, with "
                         "'status: retired', 'retired_in' and 'replaced_by' if it is withdrawn")
            return
    problems.add(corpus.register_source.where(("ids", item_id), key=True) if corpus.register_source else
                 Location(f"{kinds.CONTENT}/{kinds.REGISTER_FILE}"), f"ids.{item_id}",
                 f"published ID '{item_id}' ({entry['kind']}) is missing from the content",
                 "published IDs are never removed: restore the file and mark it 'status: retired' "
                 "with 'retired_in' and 'replaced_by'")
