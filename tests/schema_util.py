"""Helpers for the tests of the published schemas: a closed copy of a schema, and a project
with two published editions whose second one has every kind of change the export describes."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from editions_util import edit, publish_edition, register, start_edition
from fixtures_util import make_project

# Keywords whose value is a schema that applies to a member or item of the instance (not to the instance itself).
_VALUE_POSITIONS = ("items", "additionalProperties", "contains", "propertyNames", "unevaluatedItems")
_MAP_POSITIONS = ("properties", "patternProperties", "$defs")


def closed(schema: dict[str, Any]) -> dict[str, Any]:
    """A copy of the schema that refuses any property it does not describe.

    The published schema is open (v1 may add optional fields to any object). To check that it
    describes every field the export has, the tests close it: ``unevaluatedProperties: false``
    on the schema itself and on each subschema that describes a value of its own (a property, an
    array's items, a map's values), but not on the pieces combined in place (allOf, anyOf,
    if/then/else, $ref targets), whose properties count for the subschema that combines them.
    A ``$defs`` entry is such a piece: it is closed where it is used.
    """
    out = copy.deepcopy(schema)

    def walk(node: Any, value: bool) -> None:
        if isinstance(node, list):
            for entry in node:
                walk(entry, False)
            return
        if not isinstance(node, dict):
            return
        if value:
            node["unevaluatedProperties"] = False
        for key, child in node.items():
            if key == "if":  # a condition: it describes nothing
                continue
            if key in _MAP_POSITIONS and isinstance(child, dict):
                for sub in child.values():
                    walk(sub, key != "$defs")
            elif key in _VALUE_POSITIONS and isinstance(child, dict):
                walk(child, True)
            elif key == "prefixItems":
                for sub in child:
                    walk(sub, True)
            elif isinstance(child, (dict, list)) and key not in ("enum", "const", "required", "examples"):
                walk(child, False)

    walk(out, True)
    return out


def two_published_editions(target: Path) -> Path:
    """The base corpus published as 2025.1, then 2025.2, published too, with every kind of change:
    an item modified (GP-1), one added (AC-2) and one retired (mood-board); a clause modified
    (SEC-1.1), one added (SEC-1.2) and one replaced (SEC-1.3 by SEC-1.2); a tree whose outcome
    changed verdict and a question with a new option (quick-check's o-escalate and q-own), and so a worked
    example whose check moved (EX-2)."""
    root = make_project(target)
    principles = root / "principles"
    edit(principles / "sections" / "SEC-1.yml", "    text: Check the tool's terms.\n",
         "    text: Check the tool's terms.\n  - id: SEC-1.3\n    text: Ask before uploading.\n")
    register(root)
    publish_edition(root)
    start_edition(root, "2025.2", "2025-10-01", "Every kind of change",
                  "A rule reworded, a category added, a term retired, clauses changed and a verdict raised.",
                  {"mood-board": "No longer used in the text.", "SEC-1.3": "Merged into SEC-1.2.",
                   "EX-2": "Not being sure now needs written approval.",
                   "quick-check": "Not being sure now needs written approval."})
    edit(principles / "guiding-principles" / "GP-1.yml", "rule: Outputs do not", "rule: Outputs never")
    (principles / "approval-categories" / "AC-2.yml").write_text(
        (principles / "approval-categories" / "AC-1.yml").read_text(encoding="utf-8")
        .replace("id: AC-1", "id: AC-2"), encoding="utf-8")
    edit(principles / "glossary" / "mood-board.yml", "definition:",
         'status: retired\nretired_in: "2025.2"\ndefinition:')
    edit(principles / "sections" / "SEC-1.yml", "    text: Check the tool's terms.\n",
         "    text: Check the tool's terms first.\n  - id: SEC-1.2\n    text: Ask your contact before uploading.\n")
    edit(principles / "sections" / "SEC-1.yml", "    text: Ask before uploading.\n",
         '    text: Ask before uploading.\n    status: retired\n    retired_in: "2025.2"\n'
         "    replaced_by: [SEC-1.2]\n")
    edit(principles / "trees" / "quick-check.yml", "    verdict: escalate\n", "    verdict: approval-required\n")
    edit(principles / "trees" / "quick-check.yml", "        label: Not sure\n        next: o-escalate\n",
         '        label: Not sure\n        next: o-escalate\n      - value: partly\n        label: Partly\n'
         "        next: o-escalate\n")
    edit(principles / "examples" / "EX-2.yml", "    verdict: escalate\n", "    verdict: approval-required\n")
    edit(principles / "examples" / "EX-2.yml", "result: escalate\n", "result: approval-required\n")
    register(root)
    publish_edition(root)
    return root
