"""The cases both tree evaluators must agree on: Python (scripts/guidelines/evaluator.py) and
JavaScript (docs/assets/javascripts/evaluator.mjs), in Node (test_evaluator_js.py) and in
the browser through the widget (browser/test_trees_semantics.py).

For a tree: every path, every unfinished walk, and each path broken in every place (an
unknown option, an unknown question, a question answered twice, an answer left out, two
answers swapped, an answer after the outcome). Beside them, trees no valid content has,
for the error paths, and strings for the ?answers= format.
"""

from __future__ import annotations

from typing import Any

from guidelines import urlstate
from guidelines.evaluator import EvaluationError, all_paths, evaluate

Answers = list[list[str]]

# A cycle, a dangling 'next', a 'next' to a name that plain JS objects inherit, and an
# outcome-free walk.
SYNTHETIC = [
    {"id": "cycle", "start": "a", "nodes": {
        "a": {"id": "a", "type": "question", "text": "A?", "options": [{"value": "x", "label": "X", "next": "b"}]},
        "b": {"id": "b", "type": "question", "text": "B?", "options": [{"value": "y", "label": "Y", "next": "a"}]}}},
    {"id": "dangling", "start": "a", "nodes": {
        "a": {"id": "a", "type": "question", "text": "A?", "options": [
            {"value": "x", "label": "X", "next": "gone"}, {"value": "p", "label": "P", "next": "constructor"},
            {"value": "q", "label": "Q", "next": "__proto__"}, {"value": "r", "label": "R", "next": "o"}]},
        "o": {"id": "o", "type": "outcome", "verdict": "proceed", "title": "O"}}},
    {"id": "nowhere", "start": "missing", "nodes": {}},
]
SYNTHETIC_CASES: dict[str, list[Answers]] = {
    "cycle": [[], [["a", "x"]], [["a", "x"], ["b", "y"]], [["a", "x"], ["b", "y"], ["a", "x"]],
              [["a", "x"], ["b", "y"], ["a", "x"], ["b", "y"]]],
    "dangling": [[["a", "x"]], [["a", "p"]], [["a", "q"]], [["a", "r"]], [["a", "r"], ["o", "r"]],
                 [["toString", "x"]], [["a", "toString"]], [["a", "constructor"]]],
    "nowhere": [[], [["missing", "x"]]],
}

URL_CASES = ["", "a.b", "a.b~c.not-sure", "a.b~~c.d", "~a.b~", "garbage", ".x", "x.", "a.b.c", "a.b~x"]


def walk_cases(tree: dict[str, Any]) -> list[Answers]:
    """Every path, every unfinished walk, and each path broken in every place."""
    paths = [[list(step) for step in path] for path in all_paths(tree)]
    cases: dict[str, Answers] = {}
    for path in paths:
        for end in range(len(path) + 1):
            cases[repr(path[:end])] = path[:end]
        for i, (question, value) in enumerate(path):
            broken = [
                path[:i] + [[question, "no-such-option"]] + path[i + 1:],
                path[:i] + [["no-such-question", value]] + path[i + 1:],
                path[:i] + [[question, value], [question, value]] + path[i + 1:],
                path[:i] + path[i + 1:],
            ]
            if i + 1 < len(path):
                broken.append(path[:i] + [path[i + 1], path[i]] + path[i + 2:])
            for case in broken:
                cases[repr(case)] = case
        cases[repr([*path, path[0]])] = [*path, path[0]]
    return list(cases.values())


def python_result(tree: dict[str, Any], answers: Answers) -> dict[str, Any]:
    """What the Python evaluator gives, in the form the JavaScript side reports."""
    try:
        result = evaluate(tree, [tuple(a) for a in answers])
    except EvaluationError as error:
        return {"error": str(error)}
    return {"node": result.node, "complete": result.complete, "verdict": result.verdict,
            "steps": [[s.question, s.value, s.text, s.label] for s in result.steps]}


def python_url(text: str) -> dict[str, Any]:
    """urlstate's reading of an ?answers= value, and its encoding back, in the JS side's form."""
    try:
        pairs = urlstate.decode(text)
    except ValueError:
        return {"error": True}
    return {"answers": [list(p) for p in pairs], "encoded": urlstate.encode(pairs)}
