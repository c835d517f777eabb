"""The edition in force exports what was published as it: its items' own content, as frozen.

Every file of a published edition is checked against the hashes its edition.yml records
(check/editions.py), but that manifest is the latest one: nothing later records its hash.
Rewritten with the content (and the content's frozen copy), an edited text would pass,
and the site would then serve two answers for one edition: the JSON at /api/v1/ made from
the edited text, and the JSON frozen at publication under /api/v1/editions/<edition>/.
The frozen JSON is the witness: each item's ``item_hash`` (its own content, without URLs,
so a staging address changes nothing) must be the one this build makes. The comparison
reuses the bodies the changelog's notes are checked against, so it costs nothing more.

The frozen JSON must agree with itself too: each item's own document and its body in
guidelines.json hash, content and all, to the item_hash its index records (an edit that
rewrote the hashes with the text would else leave one edition with two texts).

It also holds the export code to its promise: an item whose content did not change keeps
its hash, or tool builders that skip unchanged items would fetch them all again.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from guidelines import kinds
from guidelines.context import SiteContext
from guidelines.export.changes import item_hash
from guidelines.export.documents import ITEM_ENVELOPE, exporter
from guidelines.load.archive import FROZEN_EXPORT, Edition
from guidelines.problems import Location, Problems


def check_published_export(ctx: SiteContext, problems: Problems) -> None:
    """For the edition in force once published (not a draft of the next): the English export's items."""
    frozen = ctx.archive.get(ctx.edition)
    if frozen is None or ctx.english is not None or ctx.archived:
        return
    hint = (f"edition {ctx.edition} is published and never changes: restore the edited files from version "
            f"control (git checkout -- <file>, and {frozen.display}/), and make the change in a new edition. If "
            "you changed how items are exported: an item whose content did not change must keep its item_hash, "
            "which tool builders compare to skip unchanged items")
    witness = f"{frozen.display}/{FROZEN_EXPORT}index.json"
    entries = frozen.index.get("items") if isinstance(frozen.index, dict) else None
    if not isinstance(entries, list) or not all(isinstance(e, dict) and isinstance(e.get("id"), str)
                                                for e in entries):
        problems.add(Location(witness), "", "the frozen index.json is not as it was published: its 'items' are "
                     "not a list of entries with an 'id'", hint)
        return
    recorded = {entry["id"]: entry.get("item_hash") for entry in entries}
    for path, body in _frozen_bodies(frozen):
        where = Location(f"{frozen.display}/{FROZEN_EXPORT}{path}")
        if not _holds(body, recorded):
            named = body.get("id") if isinstance(body, dict) and isinstance(body.get("id"), str) else None
            problems.add(where, "", (f"the frozen JSON of {named} does not hash to the item_hash its index records"
                                     if named else "the frozen JSON holds something that is not an item as "
                                     "published") + ": the edition's frozen files were edited", hint)
    made: set[str] = set()
    bodies = exporter(ctx).collections()
    for kind in kinds.EXPORTED:
        if not kind.export:
            continue
        for item, body in zip(ctx.items(kind), bodies[kind.export[0]], strict=True):
            for part in [body, *body.get("points", [])]:  # (a section's clauses are listed and hashed too)
                made.add(part["id"])
                where = item.source.where()
                if part["id"] not in recorded:
                    problems.add(where, "", f"{part['id']} is not in edition {ctx.edition} as published ({witness} "
                                 "does not list it)", hint)
                elif part["item_hash"] != recorded[part["id"]]:
                    problems.add(where, "", f"{part['id']} is not the text published as edition {ctx.edition}: its "
                                 f"own content hashes to {part['item_hash']} here, to {recorded[part['id']]} in the "
                                 f"edition's frozen JSON ({witness})", hint)
    for item_id in sorted(set(recorded) - made):
        problems.add(Location(witness), "", f"{item_id} was published in edition {ctx.edition}, but this build "
                     "does not have it", hint)


def _holds(body: Any, recorded: dict[str, Any]) -> bool:
    """Whether a frozen body is an item (or clause) whose own content hashes to the item_hash the index records."""
    if not isinstance(body, dict) or not isinstance(body.get("id"), str) or not isinstance(body.get("item_hash"), str):
        return False
    points = body.get("points", [])
    if not isinstance(points, list) or not all(isinstance(point, dict) for point in points):
        return False
    try:
        return body["item_hash"] == item_hash(body) == recorded.get(body["id"])
    except (TypeError, AttributeError, ValueError):  # (a value no export makes)
        return False


def _frozen_bodies(frozen: Edition) -> Iterator[tuple[str, Any]]:
    """Every item and clause body in the edition's frozen JSON, as found (the check says what is not a body): (the
    file, the body), from each item's own document (less its envelope) and from guidelines.json's collections."""
    for path, text in sorted(frozen.export_texts.items()):
        if path.count("/") != 1 or path.startswith("changes/"):
            continue
        document = json.loads(text)
        body = {key: value for key, value in document.items() if key not in ITEM_ENVELOPE} \
            if isinstance(document, dict) else document
        yield from _with_points(path, body)
    whole = frozen.whole if isinstance(frozen.whole, dict) else {}
    for kind in kinds.EXPORTED:
        bodies = whole.get(kind.export[0]) if kind.export else None
        if bodies is None:
            continue  # (a kind that did not exist yet; its items, had it any, are missing from the index too)
        for body in bodies if isinstance(bodies, list) else [bodies]:
            yield from _with_points("guidelines.json", body)


def _with_points(path: str, body: Any) -> Iterator[tuple[str, Any]]:
    yield path, body
    points = body.get("points") if isinstance(body, dict) else None
    for point in points if isinstance(points, list) else []:
        yield path, point
