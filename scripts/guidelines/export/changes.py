"""What changed in an edition, worked out from the published JSON of the edition before it.

Editors write why (the changelog's summary and notes); what changed is computed, so it
cannot be forgotten or mistyped: each item and clause added, modified (with the fields
that changed), retired or replaced; each worked example whose check now ends elsewhere;
and, for each tree that changed, every path through it whose verdict or outcome moved,
walked on both editions with the same answers (a path the other edition cannot walk
with those answers counts as "the questions changed").

Both sides are exported item bodies: the previous edition's as published (its frozen
guidelines.json), the current one's from the exporter. An item's identity is its own
content (``own``): its fields, less what is derived from other items or from where the
site is, and less empty optional fields, so that a field a later version of the export
adds does not make every item look modified.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from guidelines.evaluator import EvaluationError, all_paths, evaluate
from guidelines.export import jsonout

# Fields of an exported item that do not belong to the item's own content.
DERIVED = frozenset({"url", "json_url", "since", "modified_in", "item_hash", "citation", "referenced_by",
                     "asked_in", "hash", "node_order"})
MAX_PATHS = 500  # paths listed per tree (a tree's paths can be exponential in its size)
MAX_WALKED = 5000  # paths walked per tree and edition
# Changes that a note in the changelog must explain.
NEEDS_NOTE = frozenset({"retired", "replaced"})


def own(body: Mapping[str, Any]) -> dict[str, Any]:
    """An exported item's (or clause's) own content, as its hash covers it."""
    out: dict[str, Any] = {}
    for key, value in body.items():
        if key in DERIVED or value is None or (isinstance(value, (str, list, dict)) and not value):
            continue
        out[key] = [own(point) for point in value] if key == "points" else value
    return out


def item_hash(body: Mapping[str, Any]) -> str:
    return jsonout.digest(own(body))


@dataclass
class Changes:
    """The computed changes of one edition against the one before it."""

    previous: str | None
    items: list[dict[str, Any]] = field(default_factory=list)
    clauses: list[dict[str, Any]] = field(default_factory=list)
    checks: list[dict[str, Any]] = field(default_factory=list)
    trees: list[dict[str, Any]] = field(default_factory=list)

    def touched(self) -> dict[str, str]:
        """Every ID that changed, with why a note may be needed ("retired", "verdict", or the change)."""
        found = {entry["id"]: entry["change"] for entry in (*self.items, *self.clauses)}
        for check in self.checks:
            if check["previous"]["verdict"] != check["current"]["verdict"]:
                found[check["example"]] = "verdict"
        for tree in self.trees:
            if any(_verdict_moved(path) for path in tree["paths"]) or not tree["listed_in_full"]:
                found[tree["tree"]] = "verdict"
        return found

    def needing_notes(self) -> dict[str, str]:
        """IDs whose change a changelog note must explain: retirements and verdict changes."""
        return {i: why for i, why in self.touched().items() if why in NEEDS_NOTE or why == "verdict"}


def _verdict_moved(path: Mapping[str, Any]) -> bool:
    before, now = path["previous"], path["current"]
    return before is None or now is None or before["verdict"] != now["verdict"]


def _bodies(collections: Mapping[str, Iterable[Mapping[str, Any]]]) -> dict[str, Mapping[str, Any]]:
    return {body["id"]: body for bodies in collections.values() for body in bodies}


def compute(previous: str | None, before: Mapping[str, Iterable[Mapping[str, Any]]],
            now: Mapping[str, Iterable[Mapping[str, Any]]]) -> Changes:
    """The changes from ``before`` (the previous edition's collections of item bodies; empty for the first
    edition) to ``now`` (this edition's), in this edition's order."""
    result = Changes(previous)
    old, new = _bodies(before), _bodies(now)
    for item_id, body in new.items():
        entry = _change(old.get(item_id), body)
        if entry is not None:
            result.items.append({"id": item_id, "kind": body["kind"], **entry})
        for index, point in enumerate(body.get("points") or []):
            old_points = {p["id"]: p for p in (old.get(item_id) or {}).get("points") or []}
            change = _change(old_points.get(point["id"]), point)
            if change is not None:
                result.clauses.append({"id": point["id"], "section": item_id, "position": index + 1, **change})
        if body["kind"] == "example" and item_id in old:
            result.checks += _checks(item_id, old[item_id], body)
        if body["kind"] == "tree" and item_id in old and item_hash(old[item_id]) != item_hash(body):
            result.trees.append(drift(old[item_id], body))
    return result


def _change(before: Mapping[str, Any] | None, now: Mapping[str, Any]) -> dict[str, Any] | None:
    """An item's (or clause's) change: added, retired, replaced or modified (with the fields), or None."""
    if before is None:
        return {"change": "added", "fields": [], "replaced_by": []}
    was_active = before.get("status", "active") == "active"
    if was_active and now.get("status", "active") == "retired":
        replaced = list(now.get("replaced_by") or [])
        return {"change": "replaced" if replaced else "retired", "fields": _fields(before, now),
                "replaced_by": replaced}
    if item_hash(before) != item_hash(now):
        return {"change": "modified", "fields": _fields(before, now), "replaced_by": []}
    return None


def _fields(before: Mapping[str, Any], now: Mapping[str, Any]) -> list[str]:
    old, new = own(before), own(now)
    return sorted(key for key in set(old) | set(new) if old.get(key) != new.get(key))


def _checks(example: str, before: Mapping[str, Any], now: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The example's checks (matched by tree) whose verdict or outcome moved."""
    old = {check["tree"]: check for check in before.get("checks") or []}
    out = []
    for check in now.get("checks") or []:
        was = old.get(check["tree"])
        if was is not None and (was["verdict"], was.get("outcome")) != (check["verdict"], check.get("outcome")):
            out.append({"example": example, "tree": check["tree"],
                        "previous": {"verdict": was["verdict"], "outcome": was.get("outcome")},
                        "current": {"verdict": check["verdict"], "outcome": check.get("outcome")}})
    return out


def _walk(tree: Mapping[str, Any], answers: list[tuple[str, str]]) -> dict[str, str] | None:
    """Where the answers lead in a tree, or None when the tree asks something else of them."""
    try:
        result = evaluate(tree, answers)
    except EvaluationError:
        return None
    return {"verdict": str(result.verdict), "outcome": result.node} if result.complete else None


def drift(before: Mapping[str, Any], now: Mapping[str, Any]) -> dict[str, Any]:
    """Every path of either edition's tree whose verdict or outcome is not the same on the other.

    ``listed_in_full`` is false when a tree has more paths than are walked, or more
    changed paths than are listed: the list is then a sample, and says so.
    """
    paths: list[dict[str, Any]] = []
    seen: set[tuple[tuple[str, str], ...]] = set()
    full = True
    for tree in (now, before):
        for count, answers in enumerate(all_paths(tree)):
            if count >= MAX_WALKED:
                full = False
                break
            key = tuple(answers)
            if key in seen:
                continue
            seen.add(key)
            old, new = _walk(before, answers), _walk(now, answers)
            if old != new:
                if len(paths) == MAX_PATHS:
                    full = False
                    break
                paths.append({"answers": [{"question": q, "value": v} for q, v in answers],
                              "previous": old, "current": new})
    return {"tree": now["id"], "previous_hash": before.get("hash"), "hash": now.get("hash"), "paths": paths,
            "listed_in_full": full}
