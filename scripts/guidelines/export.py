"""The machine-readable export (filled in by the JSON-export work).

For now: one JSON document per decision tree, which the pages also embed.
"""

from __future__ import annotations

import json

from .context import SiteContext


def documents(ctx: SiteContext) -> dict[str, str]:
    out = {}
    for tree_id, tree in ctx.trees.items():
        out[f"api/v1/trees/{tree_id}.json"] = json.dumps(tree, ensure_ascii=False, indent=2) + "\n"
    return out
