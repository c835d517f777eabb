"""The table of kinds (guidelines.kinds): each entry has what the stages read from it."""

from __future__ import annotations

import json

from guidelines import kinds
from guidelines.load.schemacheck import SCHEMA_DIR
from guidelines.render.pages import TEMPLATES


def test_every_kind_has_a_schema_and_pages_a_template() -> None:
    for kind in kinds.ITEM_KINDS:
        assert (SCHEMA_DIR / kind.schema).is_file(), kind.name
        if kind.pages:
            assert (TEMPLATES / kind.template).is_file(), kind.name
        assert kind.pages is None or kind.shared_page is None, f"{kind.name}: pages of its own, or a shared one"


def test_the_table_and_the_schemas_agree_on_each_kinds_ids() -> None:
    """The table names each kind's ID shape; the schema, which authors' editors read, enforces it."""
    for kind in kinds.ITEM_KINDS:
        ids = json.loads((SCHEMA_DIR / kind.schema).read_text(encoding="utf-8"))["properties"]["id"]
        if "enum" in ids:
            assert "|".join(ids["enum"]) == kind.id_pattern, kind.name
        else:
            assert ids["pattern"] == f"^{kind.id_pattern}$", kind.name


def test_lists_derived_from_the_table() -> None:
    assert tuple(k for k in kinds.ITEM_KINDS if k.citable) == kinds.CITABLE
    assert [k.complete.slug for k in kinds.COMPLETE if k.complete] == [
        "principles", "approval", "sections", "use-cases", "examples"]
    assert set(kinds.REFERENCE_FIELDS) == {"principles", "categories", "use_cases", "trees"}


def test_what_a_new_kind_must_still_be_given_by_hand() -> None:
    """The places the table cannot reach, which the README's "A new kind of content" lists."""
    root = SCHEMA_DIR.parent.parent.parent
    export_kinds = json.loads((SCHEMA_DIR / "published" / "guidelines.schema.json").read_text(
        encoding="utf-8"))["properties"]["kind"]["enum"]
    editor = json.loads((root / ".vscode" / "settings.json").read_text(encoding="utf-8"))["yaml.schemas"]
    nav = (root / "mkdocs.yml").read_text(encoding="utf-8").split("\nnav:\n", 1)[1]
    for kind in kinds.ITEM_KINDS:
        if kind.export:
            assert kind.name in export_kinds, f"{kind.name}: the published export schema lacks it"
        assert editor.get(f"scripts/guidelines/schemas/{kind.schema}") == f"principles/{kind.directory}/*.yml", \
            f"{kind.name}: .vscode/settings.json does not give its files their schema"
        if kind.index_page:
            assert f" {kind.pages}/index.md\n" in nav, f"{kind.name}: its index page is not in mkdocs.yml's nav"
        assert any((root / "tests" / "fixtures" / "base" / "principles" / kind.directory).glob("*.yml")), \
            f"{kind.name}: the test corpus has none"
