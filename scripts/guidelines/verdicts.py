"""One verdict per use: the verdicts' order of strictness, and an example's overall result.

Several trees can look at one intended use from different angles; what a reader acts
on is one result, the strictest any of them gives. The verdicts vocabulary lists its
terms from the most lenient to the strictest: that order is the ranking, so a studio
that adds a verdict places it by where it writes it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any


def ranking(verdicts: Mapping[str, Any]) -> dict[str, int]:
    """Verdict ID -> its strictness (0 the most lenient), from the vocabulary's order."""
    return {verdict_id: rank for rank, verdict_id in enumerate(verdicts)}


def strictest(found: Iterable[str], ranks: Mapping[str, int]) -> str | None:
    """The strictest of ``found`` (None when there is none); unknown verdicts rank last, as the strictest."""
    ordered = sorted(found, key=lambda v: ranks.get(v, len(ranks)))
    return ordered[-1] if ordered else None


def overall(example: Mapping[str, Any], ranks: Mapping[str, int]) -> str | None:
    """An example's overall result: the one it states (checked to be the strictest of its checks) or, for
    an example of an edition published before results were stated, the strictest of its checks."""
    return example.get("result") or strictest((c["verdict"] for c in example["checks"]), ranks)


def question_order(tree: Mapping[str, Any]) -> list[str]:
    """A tree's question IDs in the order a reader meets them (breadth first from the start), for listing
    the questions an early result did not ask."""
    nodes, order = tree["nodes"], [tree["start"]]
    for node_id in order:
        for option in nodes[node_id].get("options", []):
            if option["next"] not in order:
                order.append(option["next"])
    return [node_id for node_id in order if nodes[node_id]["type"] == "question"]
