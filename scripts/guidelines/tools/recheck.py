"""Is a saved decision record still what the current edition's tree gives?

A contract may cite a decision record (the file a tree's page downloads, or what
``guidelines decide --json`` prints). ``guidelines decide --recheck RECORD`` walks the
record's answers, in their order, through the tree as the current export publishes it,
with the project's evaluator, and says one of:

* ``same verdict``: the answers reach the record's outcome, with the record's verdict (the
  tree may have changed elsewhere, or its wording: the tree's hash tells);
* ``verdict changed: OLD -> NEW``, with the new outcome (or ``outcome changed``, when
  another outcome gives the same verdict);
* ``the questions changed``: the tree asks a question the record did not answer, no
  longer asks one it did, or no longer offers the option the record chose.

The exit codes are consumer.EXIT_SAME, EXIT_VERDICT_CHANGED and EXIT_QUESTIONS_CHANGED.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from guidelines.evaluator import EvaluationError, Result, evaluate
from guidelines.export import jsonout
from guidelines.tools import consumer
from guidelines.tools.source import TIMEOUT, ConsumerError, fetch, is_url, parse

SAME = "same-verdict"
VERDICT_CHANGED = "verdict-changed"
OUTCOME_CHANGED = "outcome-changed"  # the same verdict from another outcome (exit code of VERDICT_CHANGED)
QUESTIONS_CHANGED = "questions-changed"
EXIT_CODES = {SAME: consumer.EXIT_SAME, VERDICT_CHANGED: consumer.EXIT_VERDICT_CHANGED,
              OUTCOME_CHANGED: consumer.EXIT_VERDICT_CHANGED, QUESTIONS_CHANGED: consumer.EXIT_QUESTIONS_CHANGED}


@dataclass
class Recheck:
    """The verdict of a record's answers in the current tree, beside the record's own."""

    status: str
    message: str  # the first line printed: "same verdict", "verdict changed: a -> b", ...
    tree: dict[str, Any]  # the current tree: id, title, hash, status
    tree_changed: bool  # its hash differs from the record's
    record: dict[str, Any]  # edition, tree_hash, verdict, outcome, url (from the record)
    current: dict[str, Any]  # edition, verdict, outcome (None when the questions changed), url
    question: dict[str, Any] | None = None  # the question that changed: id, text, reason, answer

    @property
    def exit_code(self) -> int:
        return EXIT_CODES[self.status]

    def as_json(self) -> dict[str, Any]:
        """What ``--recheck --json`` prints."""
        return {"status": self.status, "message": self.message, "tree": self.tree,
                "tree_changed": self.tree_changed, "record": self.record, "current": self.current,
                "question": self.question}


# -- reading a record ------------------------------------------------------------------

@cache
def _validator() -> Any:
    import jsonschema  # only a recheck needs it (a pinned dependency of the build)

    text = resources.files("guidelines").joinpath("schemas/published/record.schema.json").read_text("utf-8")
    return jsonschema.Draft202012Validator(json.loads(text))


def validate_record(record: dict[str, Any], source: str) -> None:
    """Refuse anything that is not a decision record, naming the first wrong field."""
    import jsonschema

    error = jsonschema.exceptions.best_match(_validator().iter_errors(record))
    if error is not None:
        message = " ".join(error.message.split())
        message = message if len(message) <= 160 else message[:157] + "..."
        raise ConsumerError(f"{source} is not a decision record (api/v1/record.schema.json): at "
                            f"{error.json_path}: {message}")


def read_record(where: str, *, timeout: float = TIMEOUT) -> tuple[dict[str, Any], str]:
    """(record, where it came from): a file, '-' for standard input, or an http(s) URL."""
    if where == "-":
        data, source, content_type = sys.stdin.buffer.read(), "the record on standard input", ""
    elif is_url(where):
        (data, content_type), source = fetch(where, timeout), where
    else:
        path = Path(where)
        if not path.is_file():
            raise ConsumerError(f"{where} is not a file (pass a decision record's JSON file, '-' or a URL)")
        try:
            data, source, content_type = path.read_bytes(), where, ""
        except OSError as error:
            raise ConsumerError(f"cannot read {where}: {error.strerror or error}") from None
    record = parse(data, source, content_type)
    validate_record(record, source)
    return record, source


# -- re-evaluating ----------------------------------------------------------------------

def _longest_fit(tree: dict[str, Any], pairs: list[tuple[str, str]]) -> tuple[Result, int, str | None]:
    """The walk of the longest prefix of the answers that fits the tree, its length, and the error after it."""
    try:
        return evaluate(tree, pairs), len(pairs), None
    except EvaluationError as error:
        last = str(error)
    for end in range(len(pairs)):  # prefixes fit up to some length: find the first that does not
        try:
            evaluate(tree, pairs[:end + 1])
        except EvaluationError as error:
            return evaluate(tree, pairs[:end]), end, str(error)
    raise AssertionError(last)  # the whole list failed, so some prefix did


def _node_text(tree: dict[str, Any], node_id: str) -> str:
    return str(tree["nodes"][node_id].get("text", ""))


def _changed_question(tree: dict[str, Any], record: dict[str, Any], walk: Result, fit: int,
                      error: str | None) -> tuple[str, dict[str, Any]]:
    """Which question changed, and the line that says so; a tree that cannot be walked is an error."""
    answers = record["answers"]
    asked = {a["question"] for a in answers}
    if fit == len(answers):  # every answer fits, and the tree asks more
        return (f"the questions changed: the tree now asks '{walk.node}' (\"{_node_text(tree, walk.node)}\"), "
                "which the record did not answer",
                {"id": walk.node, "text": _node_text(tree, walk.node), "reason": "unanswered", "answer": None})
    given = answers[fit]
    if walk.complete:
        return (f"the questions changed: the tree no longer asks '{given['question']}' "
                f"(\"{given['question_text']}\"): it reaches an outcome before it",
                {"id": given["question"], "text": given["question_text"], "reason": "not-asked",
                 "answer": given["value"]})
    if walk.node != given["question"]:  # a new question, or one the record answered later
        reason, where = (("order", f"where the record answered '{given['question']}'") if walk.node in asked
                         else ("unanswered", "which the record did not answer"))
        return (f"the questions changed: the tree now asks '{walk.node}' (\"{_node_text(tree, walk.node)}\"), "
                f"{where}",
                {"id": walk.node, "text": _node_text(tree, walk.node), "reason": reason, "answer": None})
    options = [o["value"] for o in tree["nodes"][walk.node]["options"]]
    if given["value"] not in options:
        return (f"the questions changed: question '{walk.node}' (\"{_node_text(tree, walk.node)}\") no longer "
                f"offers the record's answer '{given['value']}' (its options: {', '.join(options)})",
                {"id": walk.node, "text": _node_text(tree, walk.node), "reason": "option-gone",
                 "answer": given["value"]})
    raise ConsumerError(f"tree '{tree['id']}' cannot be walked: {error}")


def recheck(export: consumer.Export, record: dict[str, Any]) -> Recheck:
    """Walk the record's answers through the export's tree and compare where they lead."""
    made_in = str(record.get("language", "en"))  # (records before record_version 1.3 were made in English)
    if made_in != export.language:
        raise ConsumerError(f"the record was made in '{made_in}' and {export.source} is the '{export.language}' "
                            f"export: recheck it against the '{made_in}' export (its api.languages names it), whose "
                            "tree hash the record can be compared with")
    tree = export.tree(record["tree"]["id"])
    pairs = [(a["question"], a["value"]) for a in record["answers"]]
    try:
        walk, fit, error = _longest_fit(tree, pairs)
    except EvaluationError as problem:  # the tree's start is missing: a broken export
        raise ConsumerError(f"tree '{tree['id']}' cannot be walked: {problem}") from None
    now = export.decide(tree["id"], pairs[:fit])
    old_verdict, old_outcome = record["verdict"], record["outcome"]
    question = None
    if fit == len(pairs) and walk.complete:
        assert now.verdict is not None and now.outcome is not None
        if walk.verdict != old_verdict["id"]:  # the same outcome may now carry another verdict
            status, message = VERDICT_CHANGED, f"verdict changed: {old_verdict['id']} -> {walk.verdict}"
        elif walk.node != old_outcome["id"]:
            status = OUTCOME_CHANGED
            message = f"outcome changed: {old_outcome['id']} -> {walk.node} (verdict still {walk.verdict})"
        else:
            status, message = SAME, "same verdict"
    else:
        status = QUESTIONS_CHANGED
        message, question = _changed_question(tree, record, walk, fit, error)
    complete = status != QUESTIONS_CHANGED
    return Recheck(
        status=status, message=message,
        tree={"id": tree["id"], "title": tree["title"], "hash": tree["hash"], "status": tree.get("status", "active")},
        tree_changed=tree["hash"] != record["tree"]["hash"],
        record={"edition": record["guideline"]["edition"], "tree_hash": record["tree"]["hash"],
                "verdict": dict(old_verdict), "outcome": dict(old_outcome), "url": record["url"]},
        current={"edition": export.edition,
                 "verdict": {"id": now.verdict["id"], "label": now.verdict["label"]} if complete and now.verdict
                 else None,
                 "outcome": {"id": now.outcome["id"], "title": now.outcome["title"]} if complete and now.outcome
                 else None,
                 "url": now.url},
        question=question)


def render_text(result: Recheck) -> str:
    """The line that answers, then what the record said and what the tree says now."""
    tree, old, new = result.tree, result.record, result.current
    change = "changed since the record (its hash differs)" if result.tree_changed else "unchanged since the record"
    retired = f"; the tree is {tree['status']}" if tree["status"] != "active" else ""
    lines = [result.message, "",
             f"Tree: {tree['title']} ({tree['id']}), {change}{retired}",
             f"Record: edition {old['edition']}: {old['verdict']['label']} ({old['verdict']['id']}), "
             f"outcome \"{old['outcome']['title']}\" ({old['outcome']['id']})"]
    if new["verdict"]:
        lines.append(f"Now: edition {new['edition']}: {new['verdict']['label']} ({new['verdict']['id']}), "
                     f"outcome \"{new['outcome']['title']}\" ({new['outcome']['id']})")
        lines += ["", f"Link to the current result: {new['url']}"] if new["url"] else []
    else:
        lines.append(f"Now: edition {new['edition']}: the record's answers no longer fit the tree")
        lines += ["", f"The answers that still fit, to go on from: {new['url']}"] if new["url"] else []
    return "\n".join(lines)


def run(record_source: str, source: str | Path, *, as_json: bool, out: Any, err: Any,
        timeout: float = TIMEOUT) -> int:
    """``guidelines decide --recheck RECORD``: print how the record fares; return the exit code."""
    try:
        record, _ = read_record(record_source, timeout=timeout)
        loaded = consumer.load_export(source, timeout=timeout)
        try:
            result = recheck(loaded, record)
        except (KeyError, TypeError, AttributeError) as error:
            raise ConsumerError(f"tree '{record['tree']['id']}' in {loaded.source} is malformed (at {error}): "
                                "does it validate against api/v1/schema.json?") from None
    except ConsumerError as error:
        return consumer.fail(error, as_json=as_json, out=out, err=err)
    out.write(jsonout.dump(result.as_json()) if as_json else render_text(result) + "\n")
    return result.exit_code
