"""One verdict per use: the ranking of verdicts, and the rule on every shipped worked example.

The rule is checked here from the published JSON, as a tool would read it, with the
reference evaluator and not with the check that enforces it: every example runs the
quick check, every tree it lists gives the verdict it records, its overall result is
the strictest of them, and a tree that gives a more lenient verdict is explained on
the example's page. The rule's check itself fails on the fixtures
example-without-result, example-result-not-strictest, example-lenient-unexplained and
example-without-quick-check (test_validation_fixtures).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from guidelines.evaluator import evaluate
from guidelines.verdicts import overall, question_order, ranking, strictest

ROOT = Path(__file__).resolve().parent.parent
RANKS = {"proceed": 0, "escalate": 1, "approval-required": 2}


def test_the_vocabularys_order_is_the_ranking() -> None:
    assert ranking({"proceed": {}, "escalate": {}, "approval-required": {}}) == RANKS


def test_the_strictest_verdict_wins_and_an_unknown_one_counts_as_strictest() -> None:
    assert strictest(["proceed", "approval-required", "escalate"], RANKS) == "approval-required"
    assert strictest(["proceed", "proceed"], RANKS) == "proceed"
    assert strictest([], RANKS) is None
    assert strictest(["escalate", "stop"], RANKS) == "stop"


def test_an_example_of_an_older_edition_gets_the_strictest_of_its_checks() -> None:
    checks = [{"verdict": "proceed"}, {"verdict": "escalate"}]
    assert overall({"checks": checks}, RANKS) == "escalate"
    assert overall({"checks": checks, "result": "escalate"}, RANKS) == "escalate"


@pytest.fixture(scope="module")
def export() -> dict:
    path = ROOT / "site" / "api" / "v1" / "guidelines.json"
    if not path.is_file():
        pytest.fail("site/ is not built: run `guidelines build` first (make test does)")
    return json.loads(path.read_text(encoding="utf-8"))


def test_every_shipped_example_has_one_verdict(export: dict) -> None:
    trees = {tree["id"]: tree for tree in export["trees"]}
    ranks = ranking({term["id"]: term for term in export["vocabularies"]["verdicts"]["terms"]})
    quick = export["guideline"]["quick_check_tree"]
    examples = [e for e in export["examples"] if e["status"] == "active"]
    assert len(examples) >= 23
    problems = []
    for example in examples:
        found = []
        for check in example["checks"]:
            walk = evaluate(trees[check["tree"]], [(a["question"], a["value"]) for a in check["answers"]])
            if (walk.verdict, walk.node) != (check["verdict"], check["outcome"]):
                problems.append(f"{example['id']}: {check['tree']} gives {walk.verdict}, not {check['verdict']}")
            found.append((check["tree"], walk.verdict))
        if quick not in [tree for tree, _ in found]:
            problems.append(f"{example['id']}: the quick check is not run")
        strict = max((verdict for _, verdict in found), key=ranks.__getitem__)
        if example["result"] != strict:
            problems.append(f"{example['id']}: result {example['result']}, but the strictest check gives {strict}")
        lenient = [tree for tree, verdict in found if ranks[verdict] < ranks[example["result"]]]
        if lenient and not (example["differences"] or "").strip():
            problems.append(f"{example['id']}: {lenient} more lenient than {example['result']}, unexplained")
    assert not problems, "\n".join(problems)


def test_the_cases_the_trees_used_to_disagree_on(export: dict) -> None:
    """The uses a careful reader found two verdicts for: each now has one."""
    by_id = {e["id"]: e for e in export["examples"]}
    expected = {"EX-14": "approval-required", "EX-20": "proceed", "EX-21": "escalate", "EX-22": "escalate",
                "EX-4": "escalate", "EX-8": "approval-required", "EX-15": "approval-required",
                "EX-17": "escalate"}
    assert {i: by_id[i]["result"] for i in expected} == expected
    assert by_id["EX-20"]["title"].startswith("Script pages in the studio's enterprise")
    assert "background extras" in by_id["EX-21"]["title"]
    assert "Subtitles" in by_id["EX-22"]["title"]


def test_questions_are_listed_in_the_order_a_reader_meets_them() -> None:
    tree = {"start": "a", "nodes": {
        "c": {"type": "question", "options": [{"next": "end"}]},
        "end": {"type": "outcome"},
        "a": {"type": "question", "options": [{"next": "end"}, {"next": "b"}]},
        "b": {"type": "question", "options": [{"next": "c"}, {"next": "a"}]},
    }}
    assert question_order(tree) == ["a", "b", "c"]
