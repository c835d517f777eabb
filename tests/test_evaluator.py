"""The reference semantics of a tree walk (shared with the browser widget)."""

from __future__ import annotations

import pytest

from guidelines.evaluator import EvaluationError, Walks, all_paths, evaluate

TREE = {
    "id": "t", "start": "q1",
    "nodes": {
        "q1": {"type": "question", "text": "One?", "options": [
            {"value": "yes", "label": "Yes", "next": "q2"},
            {"value": "no", "label": "No", "next": "stop"}]},
        "q2": {"type": "question", "text": "Two?", "options": [
            {"value": "yes", "label": "Yes", "next": "go"},
            {"value": "no", "label": "No", "next": "stop"}]},
        "go": {"type": "outcome", "verdict": "proceed"},
        "stop": {"type": "outcome", "verdict": "escalate"},
    },
}


def test_complete_walk_reaches_an_outcome_and_records_steps() -> None:
    result = evaluate(TREE, [("q1", "yes"), ("q2", "yes")])
    assert (result.complete, result.node, result.verdict) == (True, "go", "proceed")
    assert [(s.question, s.value, s.label) for s in result.steps] == [("q1", "yes", "Yes"), ("q2", "yes", "Yes")]


def test_partial_walk_stops_at_the_next_question() -> None:
    result = evaluate(TREE, {"q1": "yes"})
    assert (result.complete, result.node, result.verdict) == (False, "q2", None)


@pytest.mark.parametrize(("answers", "message"), [
    ([("q2", "yes")], "expected an answer to 'q1', found one to 'q2'"),
    ([("q1", "maybe")], "question 'q1' has no option 'maybe'"),
    ([("q1", "no"), ("q2", "yes")], "after the walk reached outcome 'stop'"),
])
def test_answers_that_do_not_fit_are_errors(answers: list[tuple[str, str]], message: str) -> None:
    with pytest.raises(EvaluationError, match=message):
        evaluate(TREE, answers)


def test_all_paths_lists_every_route_to_an_outcome() -> None:
    paths = list(all_paths(TREE))
    assert sorted(paths) == sorted([[("q1", "no")], [("q1", "yes"), ("q2", "no")], [("q1", "yes"), ("q2", "yes")]])
    assert all(evaluate(TREE, p).complete for p in paths)


def test_walks_evaluate_each_tree_and_answers_once() -> None:
    walks = Walks()
    first = walks.walk(TREE, {"q1": "yes", "q2": "no"})
    assert first == evaluate(TREE, {"q1": "yes", "q2": "no"})
    assert walks.walk(TREE, [("q1", "yes"), ("q2", "no")]) is first  # a mapping or pairs: the same answers
    assert walks.walk(TREE, {"q1": "no"}) is not first
    other = dict(TREE, id="other")
    assert walks.walk(other, {"q1": "yes", "q2": "no"}) is not first  # keyed by tree ID too
    assert len(walks) == 3


def test_walks_do_not_remember_errors() -> None:
    walks = Walks()
    for _ in range(2):
        with pytest.raises(EvaluationError, match="has no option 'maybe'"):
            walks.walk(TREE, {"q1": "maybe"})
    assert len(walks) == 0
