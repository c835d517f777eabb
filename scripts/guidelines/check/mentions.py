"""IDs mentioned in texts must name an item or clause of this edition, in force.

A text that says "as GP-4 requires" is linked to GP-4 on its page (render/idlinks.py),
and a reader takes it as a reference: so an ID that names nothing (a typo, a number
that was never used) is refused, and so is one that was retired, with the edition that
retired it and what replaces it. The IDs are found by ``idlinks.mentioned``, the
renderer's own walk, so what is checked is exactly what is linked: an ID in a code span
(`` `GP-4` ``) or in a link's text is neither.

Texts are the fields the schemas leave free (common.schema.json's ``text`` and ``line``,
and strings with no pattern, such as a tree's help): not IDs, dates or addresses. A
retired item (or clause) may mention what was retired with it, and a changelog entry
may mention what its edition retired: both tell what was. Published editions under
principles/editions/ are not checked again: they were checked when published, never
change, and their pages link only what they hold.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from typing import Any

from guidelines import kinds
from guidelines.kinds import Kind
from guidelines.load.corpus import Corpus, Item
from guidelines.load.schemacheck import SCHEMA_DIR
from guidelines.load.yamlsource import FieldPath, SourceFile, dotted
from guidelines.problems import Problems, did_you_mean
from guidelines.render.idlinks import describe_lookalike, is_clause, lookalikes, mentioned

_AS_WRITTEN = "an ID in backticks is shown as written, without a link"


@cache
def _schema(name: str) -> dict[str, Any]:
    return json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))


def _resolved(schema: Any) -> Any:
    """A subschema with its $ref followed (the schemas refer to common.schema.json's definitions)."""
    while isinstance(schema, dict) and "$ref" in schema:
        name, _, pointer = schema["$ref"].partition("#")
        target: Any = _schema(name or "common.schema.json")
        for part in pointer.strip("/").split("/") if pointer.strip("/") else []:
            target = target[part]
        schema = target
    return schema


def _is_text(schema: Any) -> bool:
    """A free string: no enum, and no pattern but one that only asks for something visible ('\\S')."""
    if not isinstance(schema, dict) or schema.get("type") != "string" or "enum" in schema or "const" in schema:
        return False
    return "pattern" not in schema or "\\S" in schema["pattern"]


def _child(schema: Any, key: Any) -> Any:
    """The subschema of a mapping's key or a list's items (None: the schema does not say)."""
    if not isinstance(schema, dict):
        return None
    if isinstance(key, int):
        return _resolved(schema.get("items"))
    for branch in (schema, *schema.get("allOf", []), *schema.get("anyOf", []), *schema.get("oneOf", [])):
        found = branch.get("properties", {}).get(key) if isinstance(branch, dict) else None
        if found is not None:
            return _resolved(found)
    extra = schema.get("additionalProperties")
    return _resolved(extra) if isinstance(extra, dict) else None


def texts(schema_name: str, data: Any) -> Iterator[tuple[FieldPath, str]]:
    """Every text of a file's data, with its path, in document order."""
    stack: list[tuple[Any, Any, FieldPath]] = [(_resolved(_schema(schema_name)), data, ())]
    while stack:
        schema, value, path = stack.pop()
        if isinstance(value, str):
            if _is_text(schema):
                yield path, value
            continue
        children = list(value.items()) if isinstance(value, dict) else \
            list(enumerate(value)) if isinstance(value, list) else []
        for key, child in reversed(children):
            stack.append((_child(schema, key), child, path + (key,)))


def _retired_in(corpus: Corpus, item_id: str, data: dict[str, Any]) -> str:
    edition = data.get("retired_in") or ((corpus.register or {}).get("ids", {}).get(item_id) or {}).get("retired_in")
    return f"edition {edition}" if edition else "an earlier edition"


def _unknown(corpus: Corpus, item_id: str, kind: Kind) -> tuple[str, str]:
    """Says what the edition has instead, and the closest ID."""
    if is_clause(item_id, kind):
        section_id = item_id.rpartition(".")[0]
        section = corpus.get(kind, section_id)
        numbers = [point["id"] for point in section.data["points"]] if section is not None else []
        has = f": section {section_id} has clauses {numbers[0]} to {numbers[-1]}" if numbers else ""
        return (f"the text mentions '{item_id}', which is not a clause of this edition{has}",
                did_you_mean(item_id, numbers or set(corpus.clauses())))
    return (f"the text mentions '{item_id}', which is not a {kind.label.lower()} of this edition",
            did_you_mean(item_id, set(corpus.of(kind))))


def _problem(corpus: Corpus, item_id: str, kind: Kind, allow_retired: bool) -> tuple[str, str] | None:
    """What is wrong with one mention (None: nothing)."""
    data: dict[str, Any] | None
    if is_clause(item_id, kind):
        section_id = item_id.rpartition(".")[0]
        section = corpus.get(kind, section_id)
        if section is None and section_id in corpus.known(kind):
            return None  # its section's file has problems of its own, reported there
        data = next((p for p in section.data["points"] if p["id"] == item_id), None) if section else None
    else:
        item = corpus.get(kind, item_id)
        if item is None and item_id in corpus.known(kind):
            return None  # (as above)
        data = item.data if item is not None else None
    if data is None:
        if item_id in (corpus.register or {}).get("ids", {}):
            return None  # published, and gone from the content: the register's check says so
        message, hint = _unknown(corpus, item_id, kind)
        return message, f"{hint}; {_AS_WRITTEN}"
    if data.get("status", "active") == "active" or allow_retired:
        return None
    replaced = data.get("replaced_by", [])
    hint = (f"mention what replaces it instead: {', '.join(replaced)}" if replaced else
            "nothing replaces it: remove the mention")
    return f"the text mentions '{item_id}', which was retired in {_retired_in(corpus, item_id, data)}", hint


def _in_force(data: dict[str, Any], path: FieldPath) -> bool:
    """Whether the text at ``path`` is in force: its item, and for a clause's text the clause, are active."""
    if data.get("status", "active") != "active":
        return False
    if len(path) > 1 and path[0] == "points" and isinstance(path[1], int):
        return data["points"][path[1]].get("status", "active") == "active"
    return True


def check_mentions(corpus: Corpus, source: SourceFile, schema_name: str, data: dict[str, Any],
                   problems: Problems, *, history: bool = False) -> None:
    """Each ID the file's texts mention names an item or clause of the corpus, in force
    (``history``: the file tells what was, so a retired one is fine too)."""
    for path, text in texts(schema_name, data):
        report_lookalikes(source, path, text, problems)
        found = mentioned(text)
        if not found:
            continue
        allow_retired = history or not _in_force(data, path)
        for item_id, kind in dict.fromkeys(found):
            wrong = _problem(corpus, item_id, kind, allow_retired)
            if wrong is not None:
                problems.add(source.where(path), dotted(path), *wrong)


def report_lookalikes(source: SourceFile, path: FieldPath, text: str, problems: Problems) -> None:
    """An ID written with look-alike characters: a reader sees an ID that nothing links or checks."""
    for written, meant in dict.fromkeys(lookalikes(text)):
        problems.add(source.where(path), dotted(path),
                     f"the text writes '{written}', which looks like the ID {meant} but has "
                     f"{describe_lookalike(written)} in it: it is read as plain words, neither linked nor checked",
                     f"type it as {meant} (ASCII letters, digits and '-'); to show it as written, put it in "
                     "backticks")


def check_item_mentions(corpus: Corpus, item: Item, problems: Problems) -> None:
    """An item's texts (a changelog entry's may mention what its edition retired)."""
    check_mentions(corpus, item.source, item.kind.schema, item.data, problems,
                   history=item.kind is kinds.CHANGELOG)
