"""``guidelines decide --recheck RECORD``: a saved decision record against the current edition.

Records are made by the consumer from the exported fixture site; the "current edition"
is a copy of that export whose tree was edited and published again (consumer_util.
edited_copy): a verdict changed, a question added, an option renamed. Nothing is
written by hand but the edits themselves.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from consumer_util import PROXY_VARIABLES, edited_copy, served, write_site

from fixtures_util import ROOT, make_project
from guidelines.cli import main
from guidelines.tools import consumer, recheck

Capsys = pytest.CaptureFixture[str]
Tree = dict[str, Any]
RECORD_ANSWERS = ["-a", "q-data=no", "-a", "q-own=yes"]  # reaches o-proceed, verdict proceed


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("recheck")
    return write_site(make_project(base / "project"), base / "site")


def run(capsys: Capsys, *args: str) -> tuple[int, str, str]:
    code = main(["decide", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def record_file(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The record the consumer prints for q-data=no, q-own=yes in the published edition."""
    out, err = io.StringIO(), io.StringIO()
    assert consumer.run(site, "quick-check", [("q-data", "no"), ("q-own", "yes")], output="record",
                        out=out, err=err) == 0, err.getvalue()
    path = tmp_path_factory.mktemp("records") / "record.json"
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def now(site: Path, tmp_path: Path, edit: Callable[[Tree], None]) -> Path:
    """The next edition: the export with its quick-check tree edited."""
    return edited_copy(site, tmp_path / "edition", "quick-check", edit)


def recheck_json(capsys: Capsys, record: Path, source: Path | str) -> tuple[int, dict[str, Any]]:
    code, out, err = run(capsys, "--recheck", str(record), "--from", str(source), "--json")
    assert err == "", err
    return code, json.loads(out)


# -- the edits -------------------------------------------------------------------------------

def reword(tree: Tree) -> None:
    tree["nodes"]["q-data"]["help"] = "Stock footage, celebrity images, another studio's art."
    tree["nodes"]["o-proceed"]["next_steps"].append("Keep the record.")


def proceed_becomes_escalate(tree: Tree) -> None:
    tree["nodes"]["o-proceed"]["verdict"] = "escalate"


def another_outcome_same_verdict(tree: Tree) -> None:
    tree["nodes"]["o-proceed-2"] = dict(tree["nodes"]["o-proceed"], id="o-proceed-2", title="Go ahead, then tell")
    tree["nodes"]["q-own"]["options"][0]["next"] = "o-proceed-2"


def question_before(tree: Tree) -> None:
    """q-data=no now leads to a new question, which leads to q-own."""
    tree["nodes"]["q-new"] = {"id": "q-new", "type": "question", "text": "Is it for the final cut?", "help": "Final.",
                              "principles": [], "categories": [],
                              "options": [{"value": "yes", "label": "Yes", "next": "q-own"},
                                          {"value": "no", "label": "No", "next": "o-proceed"}]}
    tree["nodes"]["q-data"]["options"][1]["next"] = "q-new"


def question_after(tree: Tree) -> None:
    """q-own=yes now asks one more question before its outcome."""
    tree["nodes"]["q-last"] = {"id": "q-last", "type": "question", "text": "Did you tell them?", "help": "Tell.",
                               "principles": [], "categories": [],
                               "options": [{"value": "yes", "label": "Yes", "next": "o-proceed"}]}
    tree["nodes"]["q-own"]["options"][0]["next"] = "q-last"


def option_renamed(tree: Tree) -> None:
    tree["nodes"]["q-own"]["options"][0]["value"] = "yes-entirely"


def questions_swapped(tree: Tree) -> None:
    """q-own is asked first now, then q-data."""
    tree["start"] = "q-own"
    tree["nodes"]["q-own"]["options"][0]["next"] = "q-data"
    tree["nodes"]["q-data"]["options"][1]["next"] = "o-proceed"


def question_dropped(tree: Tree) -> None:
    tree["nodes"]["q-data"]["options"][1]["next"] = "o-proceed"


# -- the three answers -----------------------------------------------------------------------

def test_the_same_edition_gives_the_same_verdict(site: Path, record_file: Path, capsys: Capsys) -> None:
    code, out, err = run(capsys, "--recheck", str(record_file), "--from", str(site))
    assert (code, err) == (consumer.EXIT_SAME, "")
    lines = out.splitlines()
    assert lines[0] == "same verdict"
    assert "Tree: Quick check (quick-check), unchanged since the record" in lines
    assert "Now: edition 2025.1: Go ahead (proceed), outcome \"Go ahead and inform your contact\" (o-proceed)" in lines
    assert lines[-1] == "Link to the current result: https://guidelines.test/trees/quick-check/?answers=q-data.no~q-own.yes"


def test_a_changed_tree_with_the_same_outcome_gives_the_same_verdict(site: Path, record_file: Path, tmp_path: Path,
                                                                     capsys: Capsys) -> None:
    code, result = recheck_json(capsys, record_file, now(site, tmp_path, reword))
    assert (code, result["status"], result["message"]) == (0, "same-verdict", "same verdict")
    assert result["tree_changed"] is True and result["tree"]["hash"] != result["record"]["tree_hash"]
    assert result["question"] is None


def test_a_changed_verdict_is_named_with_the_new_outcome(site: Path, record_file: Path, tmp_path: Path,
                                                         capsys: Capsys) -> None:
    edition = now(site, tmp_path, proceed_becomes_escalate)
    code, out, err = run(capsys, "--recheck", str(record_file), "--from", str(edition))
    assert (code, err) == (consumer.EXIT_VERDICT_CHANGED, "")
    assert code == 4
    lines = out.splitlines()
    assert lines[0] == "verdict changed: proceed -> escalate"
    outcome = 'outcome "Go ahead and inform your contact" (o-proceed)'
    assert f"Record: edition 2025.1: Go ahead (proceed), {outcome}" in lines
    assert f"Now: edition 2025.1: Escalate (escalate), {outcome}" in lines
    code, result = recheck_json(capsys, record_file, edition)
    assert (code, result["status"]) == (4, "verdict-changed")
    assert result["current"]["verdict"] == {"id": "escalate", "label": "Escalate"}
    assert result["current"]["outcome"] == {"id": "o-proceed", "title": "Go ahead and inform your contact"}
    assert result["record"]["verdict"] == {"id": "proceed", "label": "Go ahead"}


def test_another_outcome_with_the_same_verdict_is_a_change_too(site: Path, record_file: Path, tmp_path: Path,
                                                               capsys: Capsys) -> None:
    code, result = recheck_json(capsys, record_file, now(site, tmp_path, another_outcome_same_verdict))
    assert (code, result["status"]) == (consumer.EXIT_VERDICT_CHANGED, "outcome-changed")
    assert result["message"] == "outcome changed: o-proceed -> o-proceed-2 (verdict still proceed)"
    assert result["current"]["outcome"] == {"id": "o-proceed-2", "title": "Go ahead, then tell"}


@pytest.mark.parametrize(("edit", "message", "question"), [
    (question_before, "the questions changed: the tree now asks 'q-new' (\"Is it for the final cut?\"), which the "
                      "record did not answer", {"id": "q-new", "reason": "unanswered", "answer": None}),
    (question_after, "the questions changed: the tree now asks 'q-last' (\"Did you tell them?\"), which the record "
                     "did not answer", {"id": "q-last", "reason": "unanswered", "answer": None}),
    (option_renamed, "the questions changed: question 'q-own' (\"Does the output avoid recreating unowned "
                     "material?\") no longer offers the record's answer 'yes' (its options: yes-entirely, not-sure)",
     {"id": "q-own", "reason": "option-gone", "answer": "yes"}),
    (question_dropped, "the questions changed: the tree no longer asks 'q-own' (\"Does the output avoid recreating "
                       "unowned material?\"): it reaches an outcome before it",
     {"id": "q-own", "reason": "not-asked", "answer": "yes"}),
    (questions_swapped, "the questions changed: the tree now asks 'q-own' (\"Does the output avoid recreating "
                        "unowned material?\"), where the record answered 'q-data'",
     {"id": "q-own", "reason": "order", "answer": None}),
], ids=["question-added-before", "question-added-after", "option-renamed", "question-dropped", "questions-swapped"])
def test_changed_questions_are_named(site: Path, record_file: Path, tmp_path: Path, capsys: Capsys,
                                     edit: Callable[[Tree], None], message: str, question: dict[str, Any]) -> None:
    edition = now(site, tmp_path, edit)
    code, out, err = run(capsys, "--recheck", str(record_file), "--from", str(edition))
    assert (code, err) == (consumer.EXIT_QUESTIONS_CHANGED, "")
    assert code == 5
    assert out.splitlines()[0] == message
    code, result = recheck_json(capsys, record_file, edition / "api" / "v1" / "trees" / "quick-check.json")
    assert (code, result["status"], result["message"]) == (5, "questions-changed", message)
    assert {k: result["question"][k] for k in question} == question
    assert (result["current"]["verdict"], result["current"]["outcome"]) == (None, None)


def test_a_new_question_links_to_the_answers_that_still_fit(site: Path, record_file: Path, tmp_path: Path,
                                                            capsys: Capsys) -> None:
    _, out, _ = run(capsys, "--recheck", str(record_file), "--from", str(now(site, tmp_path, question_before)))
    assert out.splitlines()[-1] == ("The answers that still fit, to go on from: "
                                    "https://guidelines.test/trees/quick-check/?answers=q-data.no")


def test_json_output_has_one_shape(site: Path, record_file: Path, tmp_path: Path, capsys: Capsys) -> None:
    shapes = set()
    for edit in (reword, proceed_becomes_escalate, question_before):
        _, result = recheck_json(capsys, record_file, now(site, tmp_path / edit.__name__, edit))
        shapes.add(tuple(result))
        assert set(result["current"]) == {"edition", "verdict", "outcome", "url"}
    assert shapes == {("current", "message", "question", "record", "status", "tree", "tree_changed")}


# -- where the record and the edition come from -------------------------------------------

def test_a_record_from_standard_input_and_over_http(site: Path, record_file: Path, capsys: Capsys,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    from_file = run(capsys, "--recheck", str(record_file), "--from", str(site))
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(record_file.read_bytes())))
    assert run(capsys, "--recheck", "-", "--from", str(site)) == from_file
    with served(record_file.parent) as records, served(site) as edition:
        code, out, err = run(capsys, "--recheck", records + record_file.name, "--from", edition)
    assert (code, err, out.splitlines()[0]) == (0, "", "same verdict")


def test_every_worked_example_of_the_project_rechecks_to_the_same_verdict(tmp_path: Path) -> None:
    project_site = write_site(ROOT, tmp_path / "site")
    export = consumer.load_export(project_site)
    checks = [check for example in export.examples for check in example["checks"]]
    assert checks
    for check in checks:
        record = export.decide(check["tree"], [(a["question"], a["value"]) for a in check["answers"]]).record()
        result = recheck.recheck(export, record)
        assert (result.status, result.tree_changed, result.exit_code) == ("same-verdict", False, 0), check


# -- what is not a record, and what cannot be rechecked ------------------------------------

def _record(record_file: Path) -> dict[str, Any]:
    return json.loads(record_file.read_text(encoding="utf-8"))


@pytest.mark.parametrize(("change", "message"), [
    (lambda r: r.pop("verdict"), "is not a decision record (api/v1/record.schema.json): at $: 'verdict' is a "
                                 "required property"),
    (lambda r: r["answers"][0].update(value="Not An ID"), "at $.answers[0].value: 'Not An ID' does not match"),
    (lambda r: r.update(record_version="2.0"), "at $.record_version: '2.0' is not one of ['1.0', '1.1', '1.2', '1.3']"),
    (lambda r: r["tree"].update(id="no-such-tree"), "unknown tree 'no-such-tree' in "),
], ids=["no-verdict", "bad-answer", "future-version", "unknown-tree"])
def test_what_cannot_be_rechecked_is_one_line(site: Path, record_file: Path, tmp_path: Path, capsys: Capsys,
                                              change: Callable[[dict[str, Any]], Any], message: str) -> None:
    record = _record(record_file)
    change(record)
    path = tmp_path / "record.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    code, out, err = run(capsys, "--recheck", str(path), "--from", str(site))
    assert (code, out) == (consumer.EXIT_ERROR, "")
    assert err.startswith("error: ") and message in err and err.count("\n") == 1, err
    code, out, _ = run(capsys, "--recheck", str(path), "--from", str(site), "--json")
    assert code == 1 and json.loads(out)["status"] == "error"


def test_a_missing_record_file_is_one_line(site: Path, tmp_path: Path, capsys: Capsys) -> None:
    code, out, err = run(capsys, "--recheck", str(tmp_path / "nope.json"), "--from", str(site))
    assert (code, out) == (1, "")
    assert err == f"error: {tmp_path / 'nope.json'} is not a file (pass a decision record's JSON file, '-' or a URL)\n"


def test_a_tree_that_cannot_be_walked_is_an_error_not_a_change(site: Path, record_file: Path, tmp_path: Path,
                                                               capsys: Capsys) -> None:
    def dangling(tree: Tree) -> None:
        tree["nodes"]["q-own"]["options"][0]["next"] = "gone"

    code, out, err = run(capsys, "--recheck", str(record_file), "--from", str(now(site, tmp_path, dangling)))
    assert (code, out) == (1, "")
    assert err == "error: tree 'quick-check' cannot be walked: node 'gone' does not exist in tree 'quick-check'\n"


def test_a_tampered_edition_is_refused(site: Path, record_file: Path, tmp_path: Path, capsys: Capsys) -> None:
    edition = now(site, tmp_path, proceed_becomes_escalate)
    tree_file = edition / "api" / "v1" / "trees" / "quick-check.json"
    tree_file.write_text(tree_file.read_text(encoding="utf-8").replace('"escalate"', '"proceed"'), encoding="utf-8")
    code, out, err = run(capsys, "--recheck", str(record_file), "--from", str(tree_file))
    assert (code, out) == (1, "") and f"{tree_file} was changed after it was published" in err
