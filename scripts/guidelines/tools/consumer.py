"""The reference consumer: answer a decision tree from the published JSON alone.

It shows tool builders the whole contract in a few lines: load api/v1/guidelines.json
(or one tree's JSON file, or a built site, from a folder or over HTTP), check each
document's content hash, walk a tree with the project's own evaluator, and report the
verdict with its reasons, or the decision record the tree's page downloads. It never
reads principles/: a tool elsewhere has only the export, and so does this module.

    export = load_export("site/")            # or "https://guidelines.example.org/"
    decision = export.decide("quick-check", {"q-data": "no", "q-own": "yes"})
    decision.verdict["label"]  # 'Go ahead'
    decision.record()          # valid against api/v1/record.schema.json

``guidelines decide`` is its command line (``run``); ``--recheck`` is in recheck.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from guidelines import urlstate
from guidelines.evaluator import EvaluationError, Result, evaluate
from guidelines.export import jsonout
from guidelines.problems import did_you_mean
from guidelines.tools.source import TIMEOUT, ConsumerError, check_hash, read_json

SUPPORTED_MAJOR = "1"
# The collections of guidelines.json whose items other items refer to. A v1 export may hold
# more (tools take what they know, and v1 may add collections); one without them is fine too.
ITEM_COLLECTIONS = ("principles", "categories", "use_cases", "sections", "examples", "trees", "glossary")

RECORD_VERSION = "1.3"  # record.schema.json's record_version
RECORD_SCHEMA = "record.schema.json"  # beside schema.json in api/v1/

# Exit codes of ``guidelines decide``.
EXIT_VERDICT = 0  # the answers reach an outcome
EXIT_ERROR = 1  # unreadable or altered export, unknown tree, question or option, unused answer, bad record
EXIT_USAGE = 2  # wrong command-line usage (argparse)
EXIT_INCOMPLETE = 3  # the answers stop at a question: the next question is printed
# ... with --recheck RECORD: how the current edition's tree answers the record's answers.
EXIT_SAME = 0  # "same verdict": the answers reach the record's outcome, with the record's verdict
EXIT_VERDICT_CHANGED = 4  # "verdict changed: OLD -> NEW" (or the same verdict from another outcome)
EXIT_QUESTIONS_CHANGED = 5  # "the questions changed": a question the record did not answer, or an answer refused


@dataclass
class Decision:
    """Where a set of answers leads in one tree, with everything needed to explain it."""

    tree: dict[str, Any]
    edition: str
    complete: bool
    answers: list[dict[str, str]]
    outcome: dict[str, Any] | None = None
    verdict: dict[str, Any] | None = None
    # Involved principles/categories; "basis" is true for those the outcome itself rests on.
    principles: list[dict[str, Any]] = field(default_factory=list)
    categories: list[dict[str, Any]] = field(default_factory=list)
    next_question: dict[str, Any] | None = None
    url: str | None = None
    guideline: dict[str, str] = field(default_factory=dict)  # title, edition and status, as a record names them
    record_schema: str | None = None  # the absolute URL of record.schema.json
    language: str = "en"  # the language of the export's texts (exports before 2025.5 name none: English)

    def record(self, created: datetime | None = None) -> dict[str, Any]:
        """The decision record the tree's page downloads (api/v1/record.schema.json).

        Only a finished walk has one: it names the outcome and verdict reached.
        """
        if not self.complete or not self.answers:
            raise ConsumerError(f"no decision record for an unfinished walk of tree '{self.tree['id']}': "
                                "answer the questions up to an outcome first")
        assert self.outcome is not None and self.verdict is not None
        if not (self.url or "").startswith(("https://", "http://")) or not self.record_schema:
            raise ConsumerError(f"tree '{self.tree['id']}' has no http(s) URL in this export: a decision "
                                "record needs the link to its result")
        when = (created or datetime.now(UTC)).astimezone(UTC)
        return {
            "$schema": self.record_schema, "record_version": RECORD_VERSION,
            "guideline": {"title": self.guideline["title"], "edition": self.guideline["edition"],
                          "status_label": self.guideline.get("status_label")},
            "language": self.language,
            "tree": {"id": self.tree["id"], "title": self.tree["title"], "hash": self.tree["hash"]},
            "answers": [dict(step) for step in self.answers],
            "outcome": {"id": self.outcome["id"], "title": self.outcome["title"],
                        # what the outcome itself rests on, as the page's record names it
                        "principles": [p["id"] for p in self.principles if p["basis"]],
                        "categories": [c["id"] for c in self.categories if c["basis"]]},
            "verdict": {"id": self.verdict["id"], "label": self.verdict["label"]},
            "url": self.url, "created": when.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        }

    def as_json(self) -> dict[str, Any]:
        """The full decision (``--decision-json``; what ``--json`` printed before records)."""
        return {
            "status": "complete" if self.complete else "pending",
            "edition": self.edition, "tree": self.tree, "answers": self.answers,
            "verdict": self.verdict, "outcome": self.outcome,
            "next_steps": list(self.outcome["next_steps"]) if self.outcome else [],
            "principles": self.principles, "categories": self.categories,
            "next_question": self.next_question, "url": self.url,
        }


@dataclass
class Export:
    """A loaded export: the trees it holds and what their IDs refer to."""

    source: str
    edition: str
    guideline: dict[str, Any]
    trees: dict[str, dict[str, Any]]
    items: dict[str, dict[str, Any]]
    verdicts: dict[str, dict[str, Any]]
    examples: list[dict[str, Any]] = field(default_factory=list)
    record_schema: str | None = None
    language: str = "en"

    def tree(self, tree_id: str) -> dict[str, Any]:
        if tree_id not in self.trees:
            raise ConsumerError(f"unknown tree '{tree_id}' in {self.source} ({did_you_mean(tree_id, set(self.trees))})")
        return self.trees[tree_id]

    def decide(self, tree_id: str, answers: Mapping[str, str] | Iterable[tuple[str, str]]) -> Decision:
        """Walk ``tree_id`` with ``answers`` (question ID -> option value, in any order)."""
        tree = self.tree(tree_id)
        given = _answer_map(answers)
        _check_answers(tree, given)
        path: list[tuple[str, str]] = []
        while True:  # evaluate() decides every step; this only feeds it the next answer
            try:
                result = evaluate(tree, path)
            except EvaluationError as error:
                raise ConsumerError(f"the answers do not fit tree '{tree_id}': {error}") from None
            if result.complete or result.node not in given:
                break
            path.append((result.node, given[result.node]))
        unused = [q for q in given if q not in dict(path)]
        if result.complete and unused:
            raise ConsumerError(
                f"the answer to '{unused[0]}' was not used: these answers reach outcome '{result.node}' "
                f"without asking it (remove it, or check the other answers)")
        return self._decision(tree, result, path)

    def _ref(self, item_id: str, basis: bool) -> dict[str, Any]:
        item = self.items.get(item_id, {})
        return {"id": item_id, "title": item.get("title", item_id), "url": item.get("url"),
                "status": item.get("status", "active"), "basis": basis}

    def _involved(self, field_name: str, end: dict[str, Any], asked: list[dict[str, Any]],
                  complete: bool) -> list[dict[str, Any]]:
        """The outcome's own IDs first (what the result rests on), then those of the questions asked."""
        basis = list(end[field_name]) if complete else []
        others = [i for node in asked for i in node[field_name] if i not in basis]
        return [self._ref(i, True) for i in basis] + [self._ref(i, False) for i in dict.fromkeys(others)]

    def _decision(self, tree: dict[str, Any], result: Result, path: list[tuple[str, str]]) -> Decision:
        nodes = tree["nodes"]
        steps = [{"question": s.question, "question_text": s.text, "value": s.value, "label": s.label}
                 for s in result.steps]
        end = nodes[result.node]
        asked = [nodes[question] for question, _ in path]
        principles = self._involved("principles", end, asked, result.complete)
        categories = self._involved("categories", end, asked, result.complete)
        decision = Decision(
            tree={"id": tree["id"], "title": tree["title"], "hash": tree["hash"], "url": tree.get("url")},
            edition=self.edition, complete=result.complete, answers=steps, language=self.language,
            principles=principles, categories=categories, record_schema=self.record_schema,
            guideline={"title": self.guideline.get("title", ""),
                       "edition": self.guideline.get("edition") or self.edition,
                       "status_label": self.guideline.get("status_label")})
        if tree.get("url"):
            decision.url = tree["url"] + (urlstate.query(path) if path else "")
        if result.complete:
            decision.outcome = {"id": end["id"], "title": end["title"], "explanation": end["explanation"],
                                "next_steps": list(end["next_steps"])}
            term = self.verdicts.get(end["verdict"], {})
            decision.verdict = {"id": end["verdict"], "label": term.get("label", end["verdict"]),
                                "symbol": term.get("symbol"), "description": term.get("description")}
        else:
            decision.next_question = {"id": end["id"], "text": end["text"], "help": end["help"],
                                      "options": [{"value": o["value"], "label": o["label"]}
                                                  for o in end["options"]]}
        return decision


def _answer_map(answers: Mapping[str, str] | Iterable[tuple[str, str]]) -> dict[str, str]:
    pairs = answers.items() if isinstance(answers, Mapping) else answers
    given: dict[str, str] = {}
    for question, value in pairs:
        if question in given and given[question] != value:
            raise ConsumerError(f"question '{question}' is answered twice ('{given[question]}' and '{value}')")
        given[str(question)] = str(value)
    return given


def _check_answers(tree: dict[str, Any], given: dict[str, str]) -> None:
    """Name an unknown question or option precisely, even off the walked path."""
    questions = {k: n for k, n in tree["nodes"].items() if n["type"] == "question"}
    for question, value in given.items():
        if question not in questions:
            raise ConsumerError(f"tree '{tree['id']}' has no question '{question}' "
                                f"({did_you_mean(question, set(questions))})")
        values = [o["value"] for o in questions[question]["options"]]
        if value not in values:
            raise ConsumerError(f"question '{question}' has no option '{value}' "
                                f"(its options: {', '.join(values)})")


# -- loading ------------------------------------------------------------------

def _verdicts(vocabularies: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {term["id"]: term for term in vocabularies["verdicts"]["terms"]}


def _record_schema(document: dict[str, Any]) -> str | None:
    """The absolute URL of record.schema.json: as guidelines.json names it, else beside $schema."""
    named = (document.get("api") or {}).get("schemas", {}).get(RECORD_SCHEMA)
    if isinstance(named, str):
        return named
    schema = document.get("$schema")
    return urljoin(schema, RECORD_SCHEMA) if isinstance(schema, str) and "://" in schema else None


def from_document(document: dict[str, Any], source: str = "the export", *, verify: bool = True) -> Export:
    """An Export from a parsed guidelines.json or per-tree document, its content hash checked."""
    version = str(document.get("schema_version", ""))
    if version.split(".")[0] != SUPPORTED_MAJOR:
        raise ConsumerError(f"{source} has schema_version '{version}'; this consumer reads version "
                            f"{SUPPORTED_MAJOR}.x of the export")
    if verify:
        check_hash(document, source)
    kind = document.get("kind")
    try:
        if kind == "guidelines":
            items = {i["id"]: i for key in ITEM_COLLECTIONS for i in document.get(key, [])}
            return Export(source=source, edition=document["edition"], guideline=document["guideline"],
                          trees={t["id"]: t for t in document["trees"]},
                          items={k: {"title": v.get("title", v.get("term")), "url": v["url"], "status": v["status"]}
                                 for k, v in items.items()},
                          verdicts=_verdicts(document["vocabularies"]), examples=list(document["examples"]),
                          record_schema=_record_schema(document), language=str(document.get("language", "en")))
        if kind == "tree":
            items = dict(document["references"])
            items[document["id"]] = document
            return Export(source=source, edition=document["edition"], guideline=document["guideline"],
                          trees={document["id"]: document}, items=items,
                          verdicts=_verdicts(document["vocabularies"]), record_schema=_record_schema(document),
                          language=str(document.get("language", "en")))
    except (KeyError, TypeError, AttributeError) as error:
        raise ConsumerError(f"{source} does not look like a v1 export (missing or malformed {error})") from None
    if kind == "index":
        raise ConsumerError(f"{source} is the index of the export: pass guidelines.json or a tree's JSON file")
    if isinstance(kind, str):
        raise ConsumerError(f"{source} describes a {kind}, not a decision tree: pass guidelines.json "
                            "or a tree's JSON file")
    raise ConsumerError(f"{source} is not a guidelines export (no 'kind' field)")


def load_export(where: str | Path, *, timeout: float = TIMEOUT) -> Export:
    """Load guidelines.json, a tree's JSON file, or a built site (api/v1/), from a path or an http(s) URL."""
    document, source = read_json(where, timeout=timeout)
    return from_document(document, source)


# -- command line ---------------------------------------------------------------

def parse_answer(text: str) -> tuple[str, str]:
    """'question=value' -> (question, value); raise ValueError when malformed."""
    question, sep, value = text.partition("=")
    if not sep or not question.strip() or not value.strip():
        raise ValueError(f"expected QUESTION=OPTION, e.g. q-own=yes; got {text!r}")
    return question.strip(), value.strip()


def render_text(decision: Decision) -> str:
    """The human-readable report: verdict, outcome, reasons, answers, principles, next steps."""
    tree = decision.tree
    lines = [f"{tree['title']} ({tree['id']}), edition {decision.edition}", ""]
    if decision.complete:
        assert decision.verdict is not None and decision.outcome is not None
        symbol = f"{decision.verdict['symbol']} " if decision.verdict.get("symbol") else ""
        lines += [f"Verdict: {symbol}{decision.verdict['label']}",
                  f"Outcome: {decision.outcome['title']}",
                  f"Why: {decision.outcome['explanation']}", ""]
    lines.append("Your answers:" if decision.answers else "No answers yet.")
    for number, step in enumerate(decision.answers, 1):
        lines.append(f"  {number}. {step['question_text']} [{step['question']}] {step['label']} ({step['value']})")
    refs = decision.principles + decision.categories
    for title, basis in (("This result rests on:", True), ("Your answers concerned:", False)):
        chosen = [r for r in refs if r["basis"] is basis]
        if chosen:
            lines += ["", title]
            lines += [f"  {r['id']} {r['title']}" + (f"  {r['url']}" if r.get("url") else "") for r in chosen]
    if decision.complete:
        assert decision.outcome is not None
        lines += ["", "Next steps:"] + [f"  - {step}" for step in decision.outcome["next_steps"]]
    else:
        assert decision.next_question is not None
        question = decision.next_question
        lines += ["", f"Not finished: the tree asks next [{question['id']}]:", f"  {question['text']}",
                  f"  {question['help']}", "", "Answer it with one of:"]
        width = max(len(o["value"]) for o in question["options"])
        lines += [f"  --answer {question['id']}={o['value']:<{width}}  {o['label']}" for o in question["options"]]
    if decision.url:
        lines += ["", f"{'Link to this result' if decision.complete else 'Continue in the browser'}: "
                      f"{decision.url}"]
    return "\n".join(lines)


OUTPUTS = ("text", "record", "decision")  # what ``run`` prints: --json is "record", --decision-json "decision"


def fail(error: ConsumerError, *, as_json: bool, out: Any, err: Any) -> int:
    """An error as one line on stderr (and as JSON on stdout with --json); exit code 1."""
    print(f"error: {error}", file=err)
    if as_json:
        out.write(jsonout.dump({"status": "error", "error": str(error)}))
    return EXIT_ERROR


def run(source: str | Path, tree_id: str, answers: list[tuple[str, str]], *, output: str = "text",
        out: Any, err: Any, timeout: float = TIMEOUT) -> int:
    """``guidelines decide``: print the decision (text, record or decision JSON); return the exit code.

    A record exists only for a finished walk: with ``output="record"`` an unfinished one
    prints the decision JSON (status "pending") and exits with EXIT_INCOMPLETE.
    """
    assert output in OUTPUTS, output
    try:
        loaded = load_export(source, timeout=timeout)
        try:
            decision = loaded.decide(tree_id, answers)
            text = (jsonout.dump(decision.record()) if output == "record" and decision.complete
                    else jsonout.dump(decision.as_json()) if output != "text" else render_text(decision) + "\n")
        except (KeyError, TypeError, AttributeError) as error:
            raise ConsumerError(f"tree '{tree_id}' in {loaded.source} is malformed (at {error}): "
                                "does it validate against api/v1/schema.json?") from None
    except ConsumerError as error:
        return fail(error, as_json=output != "text", out=out, err=err)
    out.write(text)
    return EXIT_VERDICT if decision.complete else EXIT_INCOMPLETE
