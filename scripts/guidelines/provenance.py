"""Where each statement comes from: the source, the site's reading of it, or the site's advice.

A text linked from contracts must not dress its own rules as the source's clauses. Each
statement field of a kind (kinds.Kind.statements) says so: a list's entries carry their
basis (``- text: ...`` with ``basis:``), a text field has it beside it (``<field>_basis``),
and a section's clauses carry it with their ID. Pages, the export and the check all read
statements through ``statements_of``, so what is checked is what is shown.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from guidelines import kinds
from guidelines.load.yamlsource import FieldPath
from guidelines.render.i18n import text

SOURCE, READING, ADVICE = "source", "reading", "advice"
BASES = (SOURCE, READING, ADVICE)


@dataclass(frozen=True)
class Statement:
    """One statement of an item, where it sits in the item's YAML, and its provenance (None: not said)."""

    field: str  # the statement field (rule, do, points...)
    index: int | None  # its place in a list field (None for a text field)
    path: FieldPath  # where the statement sits in the YAML: the entry, or the text field
    basis_path: FieldPath  # where its provenance is (or would be) written
    text: str
    provenance: Mapping[str, Any] | None
    clause: str | None = None  # a section clause's ID


def text_of(entry: Any) -> str:
    """A list entry's text: the entry itself (an edition published before statements had a basis) or its text."""
    return entry["text"] if isinstance(entry, Mapping) else str(entry)


def provenance_of(entry: Any) -> dict[str, Any] | None:
    """A list entry's provenance, if it gives one."""
    if not isinstance(entry, Mapping) or "basis" not in entry:
        return None
    return {key: entry[key] for key in ("basis", "source", "section") if key in entry}


def statements_of(kind: kinds.Kind, data: Mapping[str, Any]) -> Iterator[Statement]:
    for name in kind.statements:
        value = data.get(name)
        if value is None:
            continue
        if isinstance(value, list):
            for index, entry in enumerate(value):
                clause = entry.get("id") if isinstance(entry, Mapping) else None
                yield Statement(name, index, (name, index), (name, index), text_of(entry), provenance_of(entry),
                                clause)
        else:
            basis = data.get(f"{name}_basis")
            yield Statement(name, None, (name,), (f"{name}_basis",), str(value),
                            dict(basis) if isinstance(basis, Mapping) else None)


def label(provenance: Mapping[str, Any] | None, sources: Mapping[str, Mapping[str, Any]],
          guidance: str | None = None, language: str = "en") -> str:
    """What a reader sees beside a statement: whose it is, and for a source's, which source and where in it
    (in ``language``: the words are the interface text's ``basis.*``).

    Only the guidance itself (``guidance``: the source the guideline paraphrases) is called "The
    guidance"; a statement of another source, such as press coverage, names that source's publisher.
    """
    if not provenance:
        return ""
    basis = provenance["basis"]
    if basis != SOURCE:
        return text(language, f"basis.{basis}")
    name, where = provenance.get("source", ""), provenance.get("section", "")
    detail = f"{name}{', ' + where if where else ''}"
    if guidance is None or name == guidance:
        return text(language, "basis.guidance", detail=detail)
    publisher = " ".join(str(sources.get(name, {}).get("publisher", name)).split())
    return text(language, "basis.stated_by", publisher=publisher, detail=detail)
