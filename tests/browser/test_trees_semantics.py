"""One semantics, two engines: DecisionTree.evaluate (the widget, in Chromium) and
scripts/guidelines/evaluator.py must agree on every path of every tree, on every
unfinished walk, and on every way answers can be wrong (same error message); the URL
encoding must agree with scripts/guidelines/urlstate.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page
from treekit import load_tree, open_tree, tree_ids

from guidelines import urlstate
from guidelines.evaluator import EvaluationError, all_paths, evaluate

pytestmark = pytest.mark.browser

TREES = tree_ids()
Answers = list[list[str]]

# Trees no valid content has, for the error paths: a cycle, a dangling 'next', a 'next' to a
# name that plain JS objects inherit, and an outcome-free walk.
SYNTHETIC = [
    {"id": "cycle", "start": "a", "nodes": {
        "a": {"id": "a", "type": "question", "text": "A?", "options": [{"value": "x", "label": "X", "next": "b"}]},
        "b": {"id": "b", "type": "question", "text": "B?", "options": [{"value": "y", "label": "Y", "next": "a"}]}}},
    {"id": "dangling", "start": "a", "nodes": {
        "a": {"id": "a", "type": "question", "text": "A?", "options": [
            {"value": "x", "label": "X", "next": "gone"}, {"value": "p", "label": "P", "next": "constructor"},
            {"value": "q", "label": "Q", "next": "__proto__"}, {"value": "r", "label": "R", "next": "o"}]},
        "o": {"id": "o", "type": "outcome", "verdict": "proceed", "title": "O"}}},
]
SYNTHETIC_CASES: dict[str, list[Answers]] = {
    "cycle": [[], [["a", "x"]], [["a", "x"], ["b", "y"]], [["a", "x"], ["b", "y"], ["a", "x"]],
              [["a", "x"], ["b", "y"], ["a", "x"], ["b", "y"]]],
    "dangling": [[["a", "x"]], [["a", "p"]], [["a", "q"]], [["a", "r"]], [["a", "r"], ["o", "r"]],
                 [["toString", "x"]], [["a", "toString"]], [["a", "constructor"]]],
}


def _python(tree: dict[str, Any], answers: Answers) -> dict[str, Any]:
    try:
        result = evaluate(tree, [tuple(a) for a in answers])
    except EvaluationError as error:
        return {"error": str(error)}
    return {"node": result.node, "complete": result.complete, "verdict": result.verdict,
            "steps": [[s.question, s.value, s.text, s.label] for s in result.steps]}


_JS = """([tree, cases]) => cases.map(answers => {
    try {
        const r = DecisionTree.evaluate(tree, answers);
        return {node: r.node, complete: r.complete, verdict: r.verdict,
                steps: r.steps.map(s => [s.question, s.value, s.text, s.label])};
    } catch (error) {
        return {error: error.message};
    }
})"""


def _cases(tree: dict[str, Any]) -> list[Answers]:
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


@pytest.fixture
def evaluator_page(guarded: Page, site_url: str) -> Page:
    open_tree(guarded, site_url, TREES[0])
    return guarded


@pytest.mark.parametrize("tree_id", TREES)
def test_js_and_python_agree_on_every_walk(evaluator_page: Page, site_dir: Path, tree_id: str) -> None:
    tree = load_tree(site_dir, tree_id)
    cases = _cases(tree)
    complete = sum(1 for c in cases if _python(tree, c).get("complete"))
    assert complete >= len(list(all_paths(tree))) > 0
    js = evaluator_page.evaluate(_JS, [tree, cases])
    for answers, got in zip(cases, js, strict=True):
        assert got == _python(tree, answers), f"answers {answers}"


def test_js_and_python_agree_on_broken_trees(evaluator_page: Page) -> None:
    for tree in SYNTHETIC:
        cases = SYNTHETIC_CASES[tree["id"]]
        js = evaluator_page.evaluate(_JS, [tree, cases])
        for answers, got in zip(cases, js, strict=True):
            assert got == _python(tree, answers), f"tree {tree['id']}, answers {answers}"
    # the cases do reach the errors they are meant for
    assert "cycle" in _python(SYNTHETIC[0], SYNTHETIC_CASES["cycle"][3])["error"]


URL_CASES = ["", "a.b", "a.b~c.not-sure", "a.b~~c.d", "~a.b~", "garbage", ".x", "x.", "a.b.c", "a.b~x"]


def test_url_encoding_agrees_with_urlstate(evaluator_page: Page) -> None:
    js = evaluator_page.evaluate("""cases => cases.map(s => {
        try { const a = DecisionTree.decode(s); return {answers: a, encoded: DecisionTree.encode(a)}; }
        catch (error) { return {error: true}; }
    })""", URL_CASES)
    for text, got in zip(URL_CASES, js, strict=True):
        try:
            pairs = urlstate.decode(text)
        except ValueError:
            assert got == {"error": True}, f"{text!r} must be refused"
            continue
        assert got == {"answers": [list(p) for p in pairs], "encoded": urlstate.encode(pairs)}, repr(text)
