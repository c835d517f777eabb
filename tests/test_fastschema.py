"""The compiled yes/no schema check (fastschema) must agree with jsonschema on every file.

schemacheck trusts a "valid" from fastschema without asking jsonschema, so a file the
compiled check wrongly accepted would lose its problems. These tests compare the two
verdicts on every YAML file the project and its fixtures hold, and on many mutations
of the valid ones (wrong types, missing and unknown fields, bad patterns, empty text).
"""

from __future__ import annotations

import copy
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from fixtures_util import FIXTURES, ROOT
from guidelines import kinds
from guidelines.load.fastschema import SCHEMA_DIR, compile_schema
from guidelines.load.schemacheck import validator
from guidelines.load.yamlsource import read_yaml
from guidelines.problems import Problems

SCHEMAS = sorted(p.name for p in SCHEMA_DIR.glob("*.schema.json"))


def _schema_for(path: Path) -> str | None:
    if path.name == kinds.GUIDELINE_FILE:
        return "guideline.schema.json"
    if path.name == kinds.REGISTER_FILE:
        return "register.schema.json"
    kind = kinds.BY_DIRECTORY.get(path.parent.name)
    return kind.schema if kind else None


def _documents() -> Iterator[tuple[str, str, Any]]:
    for folder in [ROOT / "principles", *sorted(p for p in FIXTURES.rglob("principles") if p.is_dir())]:
        for path in sorted(folder.rglob("*.yml")):
            schema = _schema_for(path)
            source = read_yaml(path, path.name, Problems()) if schema else None
            if source is not None:
                yield f"{path.relative_to(ROOT)}", schema, source.data


DOCUMENTS = list(_documents())


@pytest.mark.parametrize("schema", SCHEMAS)
def test_every_schema_compiles(schema: str) -> None:
    """A keyword fastschema does not know makes that schema fall back to slow jsonschema."""
    assert compile_schema(schema) is not None, f"{schema}: teach fastschema its keywords (or accept the slow path)"


def test_every_file_gets_the_same_verdict() -> None:
    assert len(DOCUMENTS) > 100
    disagreements = [name for name, schema, data in DOCUMENTS
                     if compile_schema(schema)(data) != validator(schema).is_valid(data)]
    assert not disagreements


_ODD_VALUES: list[Any] = [None, True, False, 0, 1, -3, 2.5, 1.0, "", " ", "x", "yes", "GP-1", "GP-１", "EX-2",
                          "2025.1", "2025-13-40", "a\nb", "https://x.test/", "x" * 4001, [], ["GP-1", "GP-1"],
                          [1, True], [None], {}, {"id": "x"}]


def _paths(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _paths(child, path + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _paths(child, path + (index,))


def _mutate(data: Any, rng: random.Random) -> Any:
    data = copy.deepcopy(data)
    path = rng.choice(list(_paths(data))[1:] or [()])
    if not path:
        return rng.choice(_ODD_VALUES)
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    action = rng.randrange(4)
    if action == 0 and isinstance(parent, dict):
        del parent[last]
    elif action == 1 and isinstance(parent, dict):
        parent[rng.choice(["extra", "titel", "type", "status", "verdict", "options"])] = rng.choice(_ODD_VALUES)
    elif action == 2 and isinstance(parent[last], list) and parent[last]:
        parent[last].append(copy.deepcopy(parent[last][0]))
    else:
        parent[last] = copy.deepcopy(rng.choice(_ODD_VALUES))
    return data


def test_mutated_files_get_the_same_verdict() -> None:
    rng = random.Random(2025)
    checked = invalid = 0
    disagreements = []
    for name, schema, data in DOCUMENTS:
        fast, slow = compile_schema(schema), validator(schema)
        for _ in range(12):
            mutated = _mutate(data, rng)
            expected = slow.is_valid(mutated)
            checked += 1
            invalid += not expected
            if fast(mutated) != expected:
                disagreements.append((name, mutated))
    assert checked > 1000 and invalid > checked // 3
    assert not disagreements, disagreements[:3]
