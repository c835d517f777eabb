"""The source-file schemas are valid 2020-12 schemas and describe every property."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from guidelines import kinds
from guidelines.load.schemacheck import SCHEMA_DIR

SCHEMAS = sorted(SCHEMA_DIR.glob("*.schema.json"))


def properties(schema: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    """Every (path, subschema) declared under a 'properties' keyword, recursively."""
    if isinstance(schema, dict):
        for name, sub in schema.get("properties", {}).items():
            yield f"{path}.{name}", sub
        for key, value in schema.items():
            if key in ("if", "then", "else"):  # conditions constrain; they declare nothing
                continue
            if key != "properties":
                yield from properties(value, f"{path}/{key}")
            else:
                for name, sub in value.items():
                    yield from properties(sub, f"{path}.{name}")
    elif isinstance(schema, list):
        for index, item in enumerate(schema):
            yield from properties(item, f"{path}[{index}]")


@pytest.mark.parametrize("path", SCHEMAS, ids=[p.name for p in SCHEMAS])
def test_schema_is_valid_and_every_property_is_described(path: Path) -> None:
    schema = json.loads(path.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    undocumented = [where for where, sub in properties(schema)
                    if not (isinstance(sub, dict) and (sub.get("description") or "$ref" in sub))]
    assert undocumented == []


def test_every_kind_has_its_schema() -> None:
    names = {p.name for p in SCHEMAS}
    for kind in kinds.ITEM_KINDS:
        assert kind.schema in names


def test_every_content_file_names_its_schema_for_editors() -> None:
    content = Path(__file__).resolve().parent.parent / "principles"
    for path in content.rglob("*.yml"):
        if path.relative_to(content).parts[0] == "editions":
            continue  # published editions are frozen copies, never edited (and their manifests are written)
        if path.relative_to(content).parts[0] == "translations":
            continue  # a translation mirrors its English file and is checked against it (load/translations.py)
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        target = (path.parent / first.split("=", 1)[1]).resolve()
        assert target.is_file(), f"{path}: {target} does not exist"
