"""The published schemas, as the site serves them under api/v1/.

The files in schemas/published/ describe the export for every site built with this code, so
they have relative ``$id``s. What a site publishes is made from them here:

- each schema gets the absolute ``$id`` of the address it is served at, ``site_url`` +
  ``api/v1/<name>``, so a validator (Ajv, Python's jsonschema) can hold them all at once;
- every place a verdict appears gets the verdict IDs as an ``enum``: those of the verdict
  vocabulary (principles/vocabularies/verdicts.yml), then those of the published editions'
  vocabularies that it no longer has, so the editions' JSON kept under api/v1/editions/
  stays valid;
- ``api/v1/schema.json``, the address every document names in ``$schema`` (a promise of
  v1), is a short schema of its own, with its own ``$id``, that refers to
  guidelines.schema.json: no two published schemas share an ``$id``.

The text is the same pretty-printed JSON as the files, and depends only on the site's
address and the vocabularies, like the rest of the export.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from guidelines.context import SiteContext
from guidelines.urls import API, SCHEMA

FOLDER = Path(__file__).parent.parent / "schemas" / "published"
MAIN = "guidelines.schema.json"  # every document of the export; schema.json refers to it
DRAFT = "https://json-schema.org/draft/2020-12/schema"
VERDICTS = "verdicts"  # the vocabulary whose term IDs are verdicts
# Where each published schema holds a verdict ID: the path of keys to the subschema that gets the enum.
VERDICT_PLACES: dict[str, tuple[str, ...]] = {
    MAIN: ("$defs", "verdict"),
    "record.schema.json": ("properties", "verdict", "properties", "id"),
}


def names() -> list[str]:
    """The file names of the published schemas (schema.json, made here, is not among them)."""
    return sorted(path.name for path in FOLDER.glob("*.json"))


def dump(schema: dict[str, Any]) -> str:
    """A schema's published text: indented as the files are, UTF-8 kept, a final newline."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def absolute_id(site_url: str, name: str) -> str:
    return f"{site_url}{API}{name}"


def entry_schema(site_url: str) -> dict[str, Any]:
    """api/v1/schema.json: the schema documents name, which is guidelines.schema.json by reference."""
    return {
        "$schema": DRAFT,
        "$id": absolute_id(site_url, SCHEMA[len(API):]),
        "title": "Guidelines export, v1",
        "description": "The schema every document of the export names in $schema: it is "
                       f"{MAIN} (served beside it, which defines every document), by reference. Give a "
                       f"validator both schemas, or validate against {MAIN} directly.",
        "$ref": MAIN,
    }


def published_schema(name: str, site_url: str, verdicts: Iterable[str]) -> dict[str, Any]:
    """One schema of schemas/published/ as the site publishes it: absolute $id, verdict enum filled in."""
    schema = json.loads((FOLDER / name).read_text(encoding="utf-8"))
    schema["$id"] = absolute_id(site_url, name)
    place = VERDICT_PLACES.get(name)
    if place is not None:
        target = schema
        for key in place:
            target = target[key]
        target["enum"] = list(verdicts)
    return schema


def verdict_ids(ctx: SiteContext) -> list[str]:
    """The verdicts of this edition's vocabulary in their order, then any that only published editions had."""
    found = dict.fromkeys(ctx.vocabulary(VERDICTS))
    for edition in ctx.archive.editions:
        for term in edition.whole.get("vocabularies", {}).get(VERDICTS, {}).get("terms", []):
            found.setdefault(term["id"])
    return list(found)


def published(ctx: SiteContext) -> dict[str, str]:
    """Every published schema by path under the site root: api/v1/<name> and api/v1/schema.json."""
    site, verdicts = ctx.urls.site, verdict_ids(ctx)
    out = {API + name: dump(published_schema(name, site, verdicts)) for name in names()}
    out[SCHEMA] = dump(entry_schema(site))
    return out
