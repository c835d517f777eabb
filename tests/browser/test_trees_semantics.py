"""One semantics, two engines: DecisionTree.evaluate (the widget, in Chromium: evaluator.mjs
as the page loads it) and scripts/guidelines/evaluator.py must agree on every path of every
tree, on every unfinished walk, and on every way answers can be wrong (same error message);
the URL encoding must agree with scripts/guidelines/urlstate.py. The cases are
evaluator_cases.py's, which test_evaluator_js.py also runs in Node."""

from __future__ import annotations

from pathlib import Path

import pytest
from evaluator_cases import SYNTHETIC, SYNTHETIC_CASES, URL_CASES, python_result, python_url, walk_cases
from playwright.sync_api import Page
from treekit import load_tree, open_tree, tree_ids

from guidelines.evaluator import all_paths

pytestmark = pytest.mark.browser

TREES = tree_ids()

_JS = """([tree, cases]) => cases.map(answers => {
    try {
        const r = DecisionTree.evaluate(tree, answers);
        return {node: r.node, complete: r.complete, verdict: r.verdict,
                steps: r.steps.map(s => [s.question, s.value, s.text, s.label])};
    } catch (error) {
        return {error: error.message};
    }
})"""


@pytest.fixture
def evaluator_page(guarded: Page, site_url: str) -> Page:
    open_tree(guarded, site_url, TREES[0])
    return guarded


@pytest.mark.parametrize("tree_id", TREES)
def test_js_and_python_agree_on_every_walk(evaluator_page: Page, site_dir: Path, tree_id: str) -> None:
    tree = load_tree(site_dir, tree_id)
    cases = walk_cases(tree)
    complete = sum(1 for c in cases if python_result(tree, c).get("complete"))
    assert complete >= len(list(all_paths(tree))) > 0
    js = evaluator_page.evaluate(_JS, [tree, cases])
    for answers, got in zip(cases, js, strict=True):
        assert got == python_result(tree, answers), f"answers {answers}"


def test_js_and_python_agree_on_broken_trees(evaluator_page: Page) -> None:
    for tree in SYNTHETIC:
        cases = SYNTHETIC_CASES[tree["id"]]
        js = evaluator_page.evaluate(_JS, [tree, cases])
        for answers, got in zip(cases, js, strict=True):
            assert got == python_result(tree, answers), f"tree {tree['id']}, answers {answers}"
    # the cases do reach the errors they are meant for
    assert "cycle" in python_result(SYNTHETIC[0], SYNTHETIC_CASES["cycle"][3])["error"]


def test_url_encoding_agrees_with_urlstate(evaluator_page: Page) -> None:
    js = evaluator_page.evaluate("""cases => cases.map(s => {
        try { const a = DecisionTree.decode(s); return {answers: a, encoded: DecisionTree.encode(a)}; }
        catch (error) { return {error: true}; }
    })""", URL_CASES)
    for text, got in zip(URL_CASES, js, strict=True):
        assert got == python_url(text), repr(text)
