"""The reference semantics of a decision tree, shared by validation, tools and tests.

It reads the exported tree JSON (``nodes`` keyed by ID), so Python and JavaScript
(docs/assets/javascripts/evaluator.mjs, the ES module the browser widget imports and the
site publishes for tools) walk the same data by the same rules, with the same error
messages (tests/test_evaluator_js.py and the browser tests run both on the same cases):

* the walk starts at ``start``; at each question the answer for that question is taken
  from the answers, in order, and its option's ``next`` is followed;
* the walk ends at an outcome (``complete``) or at the first unanswered question
  (``pending``);
* an answer to a question that is not the one being asked, or an option the question
  does not have, is an error: the answers are stale or tampered with.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

Answers = Iterable[tuple[str, str]] | Mapping[str, str]


class EvaluationError(ValueError):
    """The answers do not fit the tree (unknown question or option, wrong order)."""


@dataclass(frozen=True)
class Step:
    """One question asked and the option chosen."""

    question: str
    value: str
    text: str
    label: str


@dataclass
class Result:
    """Where a walk ended: an outcome (complete) or the next question (pending)."""

    tree: str
    node: str
    steps: list[Step] = field(default_factory=list)

    complete: bool = False
    verdict: str | None = None


def _pairs(answers: Answers) -> list[tuple[str, str]]:
    if isinstance(answers, Mapping):
        return [(str(q), str(v)) for q, v in answers.items()]
    return [(str(q), str(v)) for q, v in answers]


def evaluate(tree: Mapping[str, Any], answers: Answers) -> Result:
    """Walk ``tree`` with ``answers``; raise EvaluationError if they do not fit."""
    nodes: Mapping[str, Any] = tree["nodes"]
    node_id: str = tree["start"]
    result = Result(tree=tree["id"], node=node_id)
    pending = _pairs(answers)
    seen: set[str] = set()
    for question_id, value in pending:
        node = nodes.get(node_id)
        if node is None:
            raise EvaluationError(f"node '{node_id}' does not exist in tree '{tree['id']}'")
        if node["type"] == "outcome":
            raise EvaluationError(
                f"answer to '{question_id}' given after the walk reached outcome '{node_id}'")
        if question_id != node_id:
            raise EvaluationError(
                f"expected an answer to '{node_id}', found one to '{question_id}'")
        if node_id in seen:
            raise EvaluationError(f"question '{node_id}' asked twice: the tree has a cycle")
        seen.add(node_id)
        option = next((o for o in node["options"] if o["value"] == value), None)
        if option is None:
            values = ", ".join(f"'{o['value']}'" for o in node["options"])
            raise EvaluationError(
                f"question '{node_id}' has no option '{value}' (its options: {values})")
        result.steps.append(Step(node_id, value, node.get("text", ""), option["label"]))
        node_id = option["next"]
    node = nodes.get(node_id)
    if node is None:
        raise EvaluationError(f"node '{node_id}' does not exist in tree '{tree['id']}'")
    result.node = node_id
    if node["type"] == "outcome":
        result.complete = True
        result.verdict = node["verdict"]
    return result


class Walks:
    """Walks already taken, by tree ID and answers, so one build evaluates each check once.

    Validation, the pages and the export all need the walk of every worked example's
    answers; one memo per build (SiteContext.walks) lets them share it. Results are
    shared between callers, so they must not be changed. Errors are not remembered.
    """

    def __init__(self) -> None:
        self._done: dict[tuple[str, tuple[tuple[str, str], ...]], Result] = {}

    def __len__(self) -> int:
        return len(self._done)

    def walk(self, tree: Mapping[str, Any], answers: Answers) -> Result:
        """``evaluate(tree, answers)``, computed the first time these answers walk this tree."""
        pairs = _pairs(answers)
        key = (str(tree["id"]), tuple(pairs))
        found = self._done.get(key)
        if found is None:
            found = self._done[key] = evaluate(tree, pairs)
        return found


def all_paths(tree: Mapping[str, Any]) -> Iterator[list[tuple[str, str]]]:
    """Every complete answer sequence from the start to an outcome (trees are acyclic)."""
    nodes = tree["nodes"]
    stack: list[tuple[str, list[tuple[str, str]]]] = [(tree["start"], [])]
    while stack:
        node_id, path = stack.pop()
        node = nodes[node_id]
        if node["type"] == "outcome":
            yield path
            continue
        for option in reversed(node["options"]):
            stack.append((option["next"], path + [(node_id, option["value"])]))
