"""provenance.py: reading each statement of an item, and the label a reader sees beside it."""

from __future__ import annotations

from guidelines import kinds
from guidelines.provenance import label, statements_of

SOURCES = {"SRC-1": {"publisher": "Netflix Partner Help Center"}, "SRC-4": {"publisher": "Reuters"}}


def test_the_guidance_is_called_the_guidance_and_other_sources_by_their_publisher() -> None:
    assert label({"basis": "source", "source": "SRC-1", "section": "Guiding principles"}, SOURCES, "SRC-1") == \
        "The guidance (SRC-1, Guiding principles)"
    assert label({"basis": "source", "source": "SRC-4", "section": "Earnings call"}, SOURCES, "SRC-1") == \
        "Stated by Reuters (SRC-4, Earnings call)"
    assert label({"basis": "reading", "source": "SRC-1"}, SOURCES, "SRC-1") == "This site's reading"
    assert label({"basis": "advice"}, SOURCES, "SRC-1") == "Practical advice"
    assert label(None, SOURCES, "SRC-1") == ""


def test_statements_are_read_from_list_entries_text_fields_and_clauses() -> None:
    principle = {"rule": "R.", "rule_basis": {"basis": "source", "source": "SRC-1", "section": "S"},
                 "why": "W.", "do": [{"text": "D.", "basis": "advice"}, "Old."], "dont": [], "warning_signs": []}
    found = [(s.field, s.index, s.text, s.provenance and s.provenance["basis"], s.basis_path)
             for s in statements_of(kinds.PRINCIPLE, principle)]
    assert found == [("rule", None, "R.", "source", ("rule_basis",)), ("why", None, "W.", None, ("why_basis",)),
                     ("do", 0, "D.", "advice", ("do", 0)), ("do", 1, "Old.", None, ("do", 1))]
    section = {"points": [{"id": "SEC-1.1", "text": "C.", "basis": "reading"}]}
    (clause,) = statements_of(kinds.SECTION, section)
    assert (clause.clause, clause.provenance) == ("SEC-1.1", {"basis": "reading"})


def test_every_kind_that_makes_statements_names_fields_its_schema_has() -> None:
    import json
    from pathlib import Path

    schemas = Path(__file__).resolve().parent.parent / "scripts" / "guidelines" / "schemas"
    for kind in kinds.ITEM_KINDS:
        properties = json.loads((schemas / kind.schema).read_text(encoding="utf-8"))["properties"]
        for field in kind.statements:
            assert field in properties, (kind.name, field)
            if properties[field].get("$ref", "").endswith("text") or properties[field].get("type") == "string":
                assert f"{field}_basis" in properties, (kind.name, field)
