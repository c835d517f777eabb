"""The evaluator as an ES module (docs/assets/javascripts/evaluator.mjs), in Node, against the
Python evaluator: the same results on every worked example's checks of the exported fixture
corpus and of the project's own content, on every path and broken walk of their trees
(evaluator_cases.py), and the same error, message for message, as an EvaluationError.

Node runs the module as a tool builder would: ``import`` of the file, no browser, no DOM.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from typing import Any

import pytest
from consumer_util import read, write_site
from evaluator_cases import SYNTHETIC, SYNTHETIC_CASES, URL_CASES, python_result, python_url, walk_cases

from fixtures_util import ROOT, make_project
from guidelines.verdicts import question_order

MODULE = ROOT / "docs" / "assets" / "javascripts" / "evaluator.mjs"
WIDGET = ROOT / "docs" / "assets" / "javascripts" / "decision-tree.js"

# Reads {"module", "walks": [[tree, answers], ...], "urls": [...]} on stdin; writes the results.
RUNNER = """
const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));
import(input.module).then(({ evaluate, encode, decode, questionOrder, EvaluationError }) => {
  const walks = input.walks.map(([tree, answers]) => {
    try {
      const r = evaluate(tree, answers);
      return {node: r.node, complete: r.complete, verdict: r.verdict, tree: r.tree,
              steps: r.steps.map(s => [s.question, s.value, s.text, s.label])};
    } catch (error) {
      return {error: error.message, name: error.name, typed: error instanceof EvaluationError};
    }
  });
  const urls = input.urls.map(s => {
    try { const a = decode(s); return {answers: a, encoded: encode(a)}; } catch (error) { return {error: true}; }
  });
  const orders = (input.trees || []).map(tree => questionOrder(tree));
  process.stdout.write(JSON.stringify({walks, urls, orders}));
});
"""


def node() -> str:
    found = shutil.which("node")
    if not found:
        pytest.fail("node is not installed (apt-get install nodejs): the ES module's tests need it")
    return found


def run_js(walks: list[tuple[dict[str, Any], list[list[str]]]], urls: list[str] = (),
           trees: list[dict[str, Any]] = ()) -> dict[str, Any]:
    done = subprocess.run([node(), "--input-type=commonjs", "-e", RUNNER], capture_output=True, text=True,
                          input=json.dumps({"module": MODULE.as_uri(), "walks": walks, "urls": list(urls),
                                            "trees": list(trees)}),
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def expected(tree: dict[str, Any], answers: list[list[str]]) -> dict[str, Any]:
    """Python's result in the runner's form (an error is an EvaluationError, by name and class)."""
    result = python_result(tree, answers)
    if "error" in result:
        return {**result, "name": "EvaluationError", "typed": True}
    return {**result, "tree": tree["id"]}


@pytest.fixture(scope="module", params=["fixture-corpus", "project"])
def export(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """guidelines.json of an exported corpus: the tests' fixture corpus, then the project's own."""
    base = tmp_path_factory.mktemp(request.param)
    project = make_project(base / "project") if request.param == "fixture-corpus" else ROOT
    return read(write_site(project, base / "site") / "api" / "v1" / "guidelines.json")


def test_every_worked_examples_check_walks_the_same_in_node(export: dict[str, Any]) -> None:
    trees = {tree["id"]: tree for tree in export["trees"]}
    checks = [(example["id"], check) for example in export["examples"] for check in example["checks"]]
    assert checks
    walks = [(trees[check["tree"]], [[a["question"], a["value"]] for a in check["answers"]]) for _, check in checks]
    results = run_js(walks)["walks"]
    for (example_id, check), walk, got in zip(checks, walks, results, strict=True):
        assert got == expected(*walk), example_id
        assert (got["complete"], got["verdict"], got["node"]) == (True, check["verdict"], check["outcome"]), example_id


def test_every_path_and_every_broken_walk_agree(export: dict[str, Any]) -> None:
    walks = [(tree, answers) for tree in export["trees"] for answers in walk_cases(tree)]
    results = run_js(walks)["walks"]
    errors = 0
    for walk, got in zip(walks, results, strict=True):
        assert got == expected(*walk), f"tree {walk[0]['id']}, answers {walk[1]}"
        errors += "error" in got
    assert 0 < errors < len(walks)  # both kinds of result were compared


def test_every_error_of_the_evaluator_agrees() -> None:
    """Each EvaluationError of evaluator.py, from trees no valid content has (a cycle, a missing node)."""
    walks = [(tree, answers) for tree in SYNTHETIC for answers in SYNTHETIC_CASES[tree["id"]]]
    results = run_js(walks)["walks"]
    for walk, got in zip(walks, results, strict=True):
        assert got == expected(*walk), f"tree {walk[0]['id']}, answers {walk[1]}"
    messages = " | ".join(got["error"] for got in results if "error" in got)
    for rule in ("does not exist in tree", "given after the walk reached outcome", "expected an answer to",
                 "asked twice: the tree has a cycle", "has no option"):
        assert rule in messages, rule  # the cases reach every error evaluator.py raises


def test_the_question_order_agrees_with_python(export: dict[str, Any]) -> None:
    """The order in which an early result lists the questions it did not ask (verdicts.question_order)."""
    trees = export["trees"]
    assert run_js([], trees=trees)["orders"] == [question_order(tree) for tree in trees]


def test_the_url_format_agrees_with_urlstate() -> None:
    results = run_js([], URL_CASES)["urls"]
    for text, got in zip(URL_CASES, results, strict=True):
        assert got == python_url(text), repr(text)


def test_the_widget_imports_the_module_and_has_no_evaluator_of_its_own() -> None:
    widget = WIDGET.read_text(encoding="utf-8")
    assert "import { evaluate, encode, decode, questionOrder } from './evaluator.mjs';" in widget
    for sign in ("function evaluate", "function encode", "function decode", "asked twice"):
        assert sign not in widget, sign
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "  - path: assets/javascripts/decision-tree.js\n    type: module\n" in config


def test_the_module_exports_what_the_tool_builders_page_names() -> None:
    done = subprocess.run([node(), "--input-type=module", "-e",
                           f"import * as m from {json.dumps(MODULE.as_uri())}; console.log(Object.keys(m).join(' '))"],
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["EvaluationError", "decode", "encode", "evaluate", "questionOrder"]


def test_python_and_js_sources_name_each_other() -> None:
    """Whoever edits one evaluator is sent to the other (and to these tests)."""
    python = (ROOT / "scripts" / "guidelines" / "evaluator.py").read_text(encoding="utf-8")
    assert "docs/assets/javascripts/evaluator.mjs" in python
    assert "scripts/guidelines/evaluator.py" in MODULE.read_text(encoding="utf-8")
