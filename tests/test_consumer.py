"""The reference consumer reads only the exported JSON and reaches the examples' verdicts.

The export is written into a bare folder (no principles/, no YAML), the way a tool
elsewhere would have it, and every test reads from there (consumer_util.py). Reading over
HTTP and content hashes: test_consumer_sources.py; --recheck: test_consumer_recheck.py.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from consumer_util import write_site

from fixtures_util import ROOT, make_project
from guidelines import evaluator
from guidelines.cli import main
from guidelines.export import jsonout
from guidelines.tools import consumer

RECORD_SCHEMA = ROOT / "scripts" / "guidelines" / "schemas" / "published" / "record.schema.json"

Capsys = pytest.CaptureFixture[str]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("consumer")
    return write_site(make_project(base / "project"), base / "site")


def decide(capsys: Capsys, *args: str) -> tuple[int, str, str]:
    code = main(["decide", *args])
    out, err = capsys.readouterr()
    return code, out, err


def record_errors(record: Any) -> list[str]:
    """Where a record breaks the published record.schema.json (formats checked too)."""
    schema = json.loads(RECORD_SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    return [f"{e.json_path}: {e.message}" for e in validator.iter_errors(record)]


def check_cases(export_source: Path) -> list[tuple[str, str, list[tuple[str, str]], str, str]]:
    whole = consumer.load_export(export_source)
    return [(ex["id"], c["tree"], [(a["question"], a["value"]) for a in c["answers"]], c["verdict"], c["outcome"])
            for ex in whole.examples for c in ex["checks"]]


# -- every worked example -----------------------------------------------------

def test_the_consumer_reaches_every_worked_examples_verdict(site: Path) -> None:
    loaded = consumer.load_export(site)
    cases = check_cases(site)
    assert len(cases) == 3
    for example_id, tree_id, answers, verdict, outcome in cases:
        decision = loaded.decide(tree_id, answers)
        assert decision.complete, example_id
        assert (decision.verdict["id"], decision.outcome["id"]) == (verdict, outcome), example_id


def test_the_projects_own_examples_reach_their_verdicts(tmp_path: Path) -> None:
    site = write_site(ROOT, tmp_path / "site")
    loaded = consumer.load_export(site)
    cases = check_cases(site)
    assert cases, "the project's export has no worked examples"
    for example_id, tree_id, answers, verdict, outcome in cases:
        decision = loaded.decide(tree_id, dict(reversed(answers)))  # order of the answers does not matter
        assert (decision.verdict["id"], decision.outcome["id"]) == (verdict, outcome), example_id
        tree_only = consumer.load_export(site / "api" / "v1" / "trees" / f"{tree_id}.json")
        assert tree_only.decide(tree_id, answers).verdict["id"] == verdict, example_id


def test_the_cli_reaches_every_worked_examples_verdict(site: Path, capsys: Capsys) -> None:
    for example_id, tree_id, answers, verdict, outcome in check_cases(site):
        flags = [f"--answer={q}={v}" for q, v in answers]
        code, out, err = decide(capsys, tree_id, *flags, "--from", str(site), "--json")
        assert (code, err) == (0, ""), example_id
        record = json.loads(out)
        assert not record_errors(record), example_id
        assert (record["verdict"]["id"], record["outcome"]["id"]) == (verdict, outcome), example_id
        assert [(a["question"], a["value"]) for a in record["answers"]] == answers, example_id


# -- what it reads -----------------------------------------------------------------

@pytest.mark.parametrize("where", ["site", "site/api/v1", "site/api/v1/guidelines.json",
                                   "site/api/v1/trees/quick-check.json"])
def test_it_loads_a_site_folder_the_api_folder_the_whole_export_or_one_tree(site: Path, where: str) -> None:
    path = site.parent / where
    decision = consumer.load_export(path).decide("quick-check", {"q-data": "no", "q-own": "not-sure"})
    assert (decision.verdict["id"], decision.verdict["label"]) == ("escalate", "Escalate")
    assert [p["id"] for p in decision.principles] == ["GP-1"]
    assert decision.principles[0]["title"] == "Own what you use"


def test_it_needs_no_yaml_and_no_project(site: Path, tmp_path: Path, capsys: Capsys,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("guidelines.corpus", "guidelines.validate", "guidelines.yamlsource"):
        monkeypatch.delitem(sys.modules, name, raising=False)
        monkeypatch.setitem(sys.modules, name, None)  # importing it now would fail
    code, out, _ = decide(capsys, "quick-check", "-a", "q-data=yes", "--from", str(site))
    assert code == 0
    assert "Verdict: ✎ Written approval required" in out


def test_it_walks_with_the_projects_evaluator(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The consumer does not follow options itself: every decision is the evaluator's."""
    calls: list[tuple[str, list[tuple[str, str]]]] = []

    def spy(tree: dict[str, Any], answers: Any) -> Any:
        calls.append((tree["id"], list(answers)))
        return evaluator.evaluate(tree, answers)

    monkeypatch.setattr(consumer, "evaluate", spy)
    decision = consumer.load_export(site).decide("quick-check", {"q-own": "not-sure", "q-data": "no"})
    assert calls and calls[-1] == ("quick-check", [("q-data", "no"), ("q-own", "not-sure")])
    assert decision.complete and decision.outcome is not None


# -- the command line -------------------------------------------------------------

def test_text_output_gives_verdict_reasons_answers_principles_and_next_steps(site: Path, capsys: Capsys) -> None:
    code, out, err = decide(capsys, "quick-check", "-a", "q-own=not-sure", "-a", "q-data=no", "--from", str(site))
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "Quick check (quick-check), edition 2025.1"
    assert "Verdict: ! Escalate" in lines
    assert "Outcome: Talk to your contact first" in lines
    assert "Why: An answer was not sure." in lines
    assert "  1. Will you use material you do not own? [q-data] No (no)" in lines
    assert "  2. Does the output avoid recreating unowned material? [q-own] Not sure (not-sure)" in lines
    assert lines[lines.index("This result rests on:") + 1].startswith("  GP-1 Own what you use  https://")
    assert lines[lines.index("Your answers concerned:") + 1].startswith("  AC-1 Data use")
    assert lines[lines.index("Next steps:") + 1] == "  - Write to your contact."
    assert lines[-1] == ("Link to this result: "
                         "https://guidelines.test/trees/quick-check/?answers=q-data.no~q-own.not-sure")


def test_json_output_is_a_decision_record(site: Path, capsys: Capsys) -> None:
    """--json prints what the tree's page downloads: valid against record.schema.json."""
    before = datetime.now(UTC).replace(microsecond=0)
    code, out, err = decide(capsys, "quick-check", "-a", "q-own=yes", "-a", "q-data=no", "--from", str(site),
                            "--json")
    assert (code, err) == (0, "")
    assert out.endswith("}\n") and out.count("\n") == 1  # one line, canonical: sorted keys
    record = json.loads(out)
    assert out == jsonout.dump(record)
    assert not record_errors(record)
    tree = json.loads((site / "api" / "v1" / "trees" / "quick-check.json").read_text(encoding="utf-8"))
    assert record["$schema"] == "https://guidelines.test/api/v1/record.schema.json"
    assert record["guideline"] == {"title": tree["guideline"]["title"], "edition": "2025.1", "status_label": None}
    assert record["tree"] == {"id": "quick-check", "title": "Quick check", "hash": tree["hash"]}
    assert record["answers"] == [  # in the order the tree asks them, whatever the order given
        {"question": "q-data", "question_text": "Will you use material you do not own?", "value": "no", "label": "No"},
        {"question": "q-own", "question_text": "Does the output avoid recreating unowned material?", "value": "yes",
         "label": "Yes"}]
    assert record["outcome"] == {"id": "o-proceed", "title": "Go ahead and inform your contact",
                                 "principles": [], "categories": []}
    assert record["verdict"] == {"id": "proceed", "label": "Go ahead"}
    assert record["url"] == "https://guidelines.test/trees/quick-check/?answers=q-data.no~q-own.yes"
    created = datetime.fromisoformat(record["created"])
    assert record["created"].endswith("Z") and before <= created <= datetime.now(UTC)


def test_a_record_is_dated_as_the_widget_dates_it(site: Path) -> None:
    """``created`` in UTC with milliseconds and Z, as Date.toISOString() writes it in the widget."""
    decision = consumer.load_export(site).decide("quick-check", {"q-data": "yes"})
    record = decision.record(datetime(2025, 6, 1, 14, 0, tzinfo=timezone(timedelta(hours=2))))
    assert record["created"] == "2025-06-01T12:00:00.000Z"
    assert not record_errors(record)


def test_an_unfinished_walk_has_no_record(site: Path) -> None:
    decision = consumer.load_export(site).decide("quick-check", {"q-data": "no"})
    with pytest.raises(consumer.ConsumerError, match="no decision record for an unfinished walk"):
        decision.record()


def test_decision_json_output_is_stable(site: Path, capsys: Capsys) -> None:
    """--decision-json keeps the whole decision, in the shape --json printed before records."""
    args = ("quick-check", "-a", "q-data=no", "-a", "q-own=yes", "--from", str(site), "--decision-json")
    first = decide(capsys, *args)
    assert first == decide(capsys, *args)
    result = json.loads(first[1])
    assert list(result) == sorted(result)
    assert set(result) == {"status", "edition", "tree", "answers", "verdict", "outcome", "next_steps",
                           "principles", "categories", "next_question", "url"}
    assert result["tree"]["hash"].startswith("sha256:")
    assert result["verdict"] == {"id": "proceed", "label": "Go ahead", "symbol": "✓", "description": "Fine."}
    assert result["next_steps"] == ["Tell your contact."]
    assert [(p["id"], p["basis"]) for p in result["principles"]] == [("GP-1", False)]


def test_incomplete_answers_print_the_next_question_and_exit_3(site: Path, capsys: Capsys) -> None:
    code, out, err = decide(capsys, "quick-check", "-a", "q-data=no", "--from", str(site))
    assert (code, err) == (consumer.EXIT_INCOMPLETE, "")
    assert code == 3
    assert "Not finished: the tree asks next [q-own]:" in out
    assert "  --answer q-own=yes       Yes" in out
    assert "  --answer q-own=not-sure  Not sure" in out
    code, out, _ = decide(capsys, "quick-check", "--from", str(site), "--json")
    result = json.loads(out)
    assert (code, result["status"], result["verdict"], result["next_question"]["id"]) == (3, "pending", None,
                                                                                          "q-data")
    assert [o["value"] for o in result["next_question"]["options"]] == ["yes", "no"]


@pytest.mark.parametrize(("args", "message"), [
    (["quick-chek"], "error: unknown tree 'quick-chek' in "),
    (["quick-check", "-a", "q-dat=no"], "error: tree 'quick-check' has no question 'q-dat' (did you mean 'q-data'?)"),
    (["quick-check", "-a", "q-data=maybe"], "error: question 'q-data' has no option 'maybe' (its options: yes, no)"),
    (["quick-check", "-a", "q-data=yes", "-a", "q-own=yes"],
     "error: the answer to 'q-own' was not used: these answers reach outcome 'o-approval' without asking it"),
    (["quick-check", "-a", "q-data=yes", "-a", "q-data=no"],
     "error: question 'q-data' is answered twice ('yes' and 'no')"),
], ids=["unknown-tree", "unknown-question", "unknown-option", "unused-answer", "answered-twice"])
def test_answers_that_do_not_fit_are_named_and_exit_1(site: Path, capsys: Capsys, args: list[str],
                                                      message: str) -> None:
    code, out, err = decide(capsys, *args, "--from", str(site))
    assert (code, out) == (1, "")
    assert err.startswith(message), err
    assert "Traceback" not in err


def test_errors_in_json_mode_are_json_too(site: Path, capsys: Capsys) -> None:
    code, out, err = decide(capsys, "nope", "--from", str(site), "--json")
    assert code == 1 and err.startswith("error: unknown tree 'nope'")
    assert json.loads(out) == {"status": "error", "error": err.removeprefix("error: ").rstrip("\n")}


def test_recheck_and_a_tree_or_answers_are_a_usage_error(site: Path, capsys: Capsys) -> None:
    assert main(["decide", "--from", str(site)]) == consumer.EXIT_USAGE
    assert "the tree's ID is required" in capsys.readouterr().err
    for args in (["quick-check"], ["-a", "q-data=no"]):
        assert main(["decide", *args, "--recheck", "record.json", "--from", str(site)]) == consumer.EXIT_USAGE
        assert "--recheck takes the tree and the answers from the record" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_info:
        main(["decide", "quick-check", "--json", "--decision-json"])
    assert exit_info.value.code == consumer.EXIT_USAGE


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("make", "message"), [
    (lambda tmp, site: tmp / "missing", "does not exist"),
    (lambda tmp, site: tmp, "no export found in"),
    (lambda tmp, site: _write(tmp / "broken.json", "{"), "is not valid JSON"),
    (lambda tmp, site: _write(tmp / "list.json", "[]"), "is not an export document"),
    (lambda tmp, site: _write(tmp / "other.json", '{"schema_version": "2.0", "kind": "guidelines"}'),
     "has schema_version '2.0'"),
    (lambda tmp, site: _write(tmp / "partial.json", '{"schema_version": "1.0", "kind": "guidelines"}'),
     "does not look like a v1 export"),
    (lambda tmp, site: site / "api" / "v1" / "index.json", "is the index of the export"),
    (lambda tmp, site: site / "api" / "v1" / "principles" / "GP-1.json", "describes a principle, not a decision tree"),
], ids=["missing", "empty-folder", "bad-json", "not-an-object", "future-version", "partial", "index", "principle"])
def test_unreadable_exports_are_reported_without_a_traceback(site: Path, tmp_path: Path, capsys: Capsys,
                                                             make: Any, message: str) -> None:
    code, out, err = decide(capsys, "quick-check", "--from", str(make(tmp_path, site)))
    assert (code, out) == (1, "")
    assert message in err and err.startswith("error: ")
    assert "Traceback" not in err


def test_a_malformed_answer_is_a_usage_error(site: Path, capsys: Capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["decide", "quick-check", "--answer", "q-data", "--from", str(site)])
    assert exit_info.value.code == consumer.EXIT_USAGE
    assert "expected QUESTION=OPTION" in capsys.readouterr().err


def test_default_source_is_the_built_site_under_root(site: Path, capsys: Capsys) -> None:
    code = main(["--root", str(site.parent), "decide", "quick-check", "-a", "q-data=yes"])
    out, _ = capsys.readouterr()
    assert code == 0 and "Written approval required" in out


def test_a_malformed_tree_is_reported_without_a_traceback(site: Path, tmp_path: Path, capsys: Capsys) -> None:
    tree = json.loads((site / "api" / "v1" / "trees" / "quick-check.json").read_text(encoding="utf-8"))
    del tree["nodes"]["q-data"]["options"]
    path = _write(tmp_path / "tree.json", jsonout.publish(tree))  # its hash fits: only its shape is wrong
    code, out, err = decide(capsys, "quick-check", "-a", "q-data=no", "--from", str(path))
    assert (code, out) == (1, "")
    assert err.startswith("error: tree 'quick-check' in ") and "is malformed (at 'options')" in err
