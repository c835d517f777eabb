"""The one sequence of cross-file checks that check, build and preview all run.

``check_corpus`` runs every check once: ``check_item`` for each item (trees before the
examples that walk them, examples as tests of the trees), then ``check_whole`` for what
depends on every item. The preview calls the same two for what changed. ``validate(root)``
loads and checks, and returns the corpus with every problem found (never raising for a
content mistake), so the CLI can report them all at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from guidelines import kinds
from guidelines.check.editions import check_editions
from guidelines.check.mentions import check_item_mentions, check_mentions
from guidelines.check.parity import check_parity
from guidelines.check.provenance import check_provenance
from guidelines.check.references import (
    check_changelog,
    check_fields,
    check_lifecycle,
    check_register,
    check_sources,
    check_vocabularies,
)
from guidelines.check.textlinks import check_links
from guidelines.check.trees import check_tree, check_yes_direction, tree_document
from guidelines.evaluator import EvaluationError
from guidelines.load.corpus import Corpus, Item, load
from guidelines.load.translations import load_translations
from guidelines.load.yamlsource import FieldPath, SourceFile, dotted
from guidelines.output.languages import interface_languages
from guidelines.problems import Location, Problems, did_you_mean
from guidelines.render.idlinks import TREE_MENTION, widget_texts
from guidelines.render.status import OFFICIAL
from guidelines.urls import PAGE_ANCHORS, anchor
from guidelines.verdicts import ranking, strictest


def _check_example(corpus: Corpus, item: Item, trees: dict[str, dict[str, Any]],
                   reached: dict[str, set[str]], problems: Problems) -> None:
    verdicts = corpus.vocabulary("verdicts")
    for index, check in enumerate(item.data["checks"]):
        base: FieldPath = ("checks", index)
        tree_id = check["tree"]
        if tree_id not in corpus.known(kinds.TREE):
            problems.add(item.source.where(base + ("tree",)), dotted(base + ("tree",)),
                         f"unknown tree ID '{tree_id}'", did_you_mean(tree_id, corpus.known(kinds.TREE)))
            continue
        if check["verdict"] not in verdicts:
            problems.add(item.source.where(base + ("verdict",)), dotted(base + ("verdict",)),
                         f"unknown verdict '{check['verdict']}'", did_you_mean(check["verdict"], set(verdicts)))
            continue
        tree = trees.get(tree_id)
        if tree is None:  # the tree itself has problems, reported on its own
            continue
        try:
            result = corpus.walks.walk(tree, check["answers"])
        except EvaluationError as error:
            problems.add(item.source.where(base + ("answers",)), dotted(base + ("answers",)),
                         f"the answers do not fit tree '{tree_id}': {error}",
                         "list the questions in the order the tree asks them, with one of their option values")
            continue
        if not result.complete:
            problems.add(item.source.where(base + ("answers",)), dotted(base + ("answers",)),
                         f"the walk stops at question '{result.node}', which has no answer",
                         f"add '{result.node}:' with one of its options to the answers")
            continue
        if item.active:
            reached.setdefault(tree_id, set()).add(result.node)
        if result.verdict != check["verdict"]:
            problems.add(item.source.where(base + ("verdict",)), dotted(base + ("verdict",)),
                         f"expected verdict '{check['verdict']}', but the tree gives '{result.verdict}' "
                         f"(outcome '{result.node}')",
                         "fix the answers or the tree, or record the verdict the tree gives")
        expected_outcome = check.get("outcome")
        if expected_outcome and expected_outcome != result.node:
            problems.add(item.source.where(base + ("outcome",)), dotted(base + ("outcome",)),
                         f"expected outcome '{expected_outcome}', but the walk ends at '{result.node}'",
                         "fix the answers or the expected outcome")


def _check_result(corpus: Corpus, item: Item, problems: Problems) -> None:
    """One verdict per use: the example runs the quick check, states its overall result, the strictest
    verdict of its checks, and says why where a tree gives a more lenient one."""
    data, source = item.data, item.source
    seen: set[str] = set()
    for index, check in enumerate(data["checks"]):
        if check["tree"] in seen:
            problems.add(source.where(("checks", index, "tree")), f"checks[{index}].tree",
                         f"the example runs tree '{check['tree']}' twice",
                         "one use answers each tree once: keep one check per tree, or make a second example")
        seen.add(check["tree"])
    quick = corpus.guideline.get("quick_check_tree") if corpus.guideline else None
    if quick and quick in corpus.known(kinds.TREE) and all(c["tree"] != quick for c in data["checks"]):
        problems.add(source.where(("checks",), key=True), "checks",
                     f"the example does not run the quick check ('{quick}')",
                     f"add a check with 'tree: {quick}', the answers it gives and the verdict it reaches: "
                     "every worked example states the quick check's result")
    ranks = ranking(corpus.vocabulary("verdicts"))
    found = [c["verdict"] for c in data["checks"] if c["verdict"] in ranks]
    expected = strictest(found, ranks)
    if "result" not in data:
        problems.add(source.where(("checks",), key=True), "result",
                     "the example does not state its overall result",
                     f"add 'result: {expected}': the strictest verdict of its checks" if expected else
                     "add 'result:' with the strictest verdict of its checks")
        return
    result = data["result"]
    if result not in ranks:
        problems.add(source.where(("result",)), "result", f"unknown verdict '{result}'",
                     did_you_mean(result, set(ranks)))
        return
    if expected is not None and result != expected:
        strict = [c["tree"] for c in data["checks"] if c["verdict"] == expected]
        problems.add(source.where(("result",)), "result",
                     f"the overall result is '{result}', but the strictest verdict of the checks is '{expected}' "
                     f"(in {', '.join(strict)})",
                     f"write 'result: {expected}', or change the answers if a tree reads the use wrongly")
        return
    lenient = [c["tree"] for c in data["checks"] if c["verdict"] in ranks and ranks[c["verdict"]] < ranks[result]]
    if lenient and not str(data.get("differences", "")).strip():
        problems.add(source.where(("result",), key=True), "differences",
                     f"{', '.join(lenient)} gives a more lenient verdict than the overall result '{result}', "
                     "and the example does not say why",
                     "add 'differences:' saying what that tree does not ask about, or fix the tree so that "
                     "it reaches the same verdict")


def _check_tree_item(corpus: Corpus, item: Item, trees: dict[str, dict[str, Any]],
                     problems: Problems) -> None:
    verdicts = corpus.vocabulary("verdicts")
    before = len(problems)
    for index, node in enumerate(item.data["nodes"]):
        base: FieldPath = ("nodes", index)
        check_fields(corpus, item, node, base, kinds.TREE_NODE_REFERENCES, problems)
        if node["type"] == "outcome" and verdicts and node["verdict"] not in verdicts:
            problems.add(item.source.where(base + ("verdict",)), dotted(base + ("verdict",)),
                         f"unknown verdict '{node['verdict']}'", did_you_mean(node["verdict"], set(verdicts)))
    if check_tree(item, problems) and len(problems) == before:
        trees[item.id] = tree_document(item)
        check_yes_direction(item, trees[item.id], ranking(verdicts), problems)
        _check_situations(corpus, item, trees[item.id], problems)
        _check_tree_mentions(corpus, item, problems)


def _check_tree_mentions(corpus: Corpus, item: Item, problems: Problems) -> None:
    """A tree named in a question's help or an outcome's text must exist: the widget links it, and a
    reader following "run the X decision tree" must find X."""
    known = corpus.known(kinds.TREE)
    for index, node in enumerate(item.data["nodes"]):
        for within, text in widget_texts(node):
            path: FieldPath = ("nodes", index, *within)
            for match in TREE_MENTION.finditer(text):
                if match.group(1) not in known:
                    problems.add(item.source.where(path), dotted(path), f"'{match.group(0)}' names no decision tree "
                                 "(a tree is named by its ID)", did_you_mean(match.group(1), known))


def _check_situations(corpus: Corpus, item: Item, tree: dict[str, Any], problems: Problems) -> None:
    """Each situation opens the tree on a real step: its answers must be a walk the tree can take."""
    seen: set[str] = set()
    for index, situation in enumerate(item.data.get("situations", [])):
        base: FieldPath = ("situations", index)
        if situation["id"] in seen:
            problems.add(item.source.where(base + ("id",)), dotted(base + ("id",)),
                         f"situation ID '{situation['id']}' is used twice in this tree",
                         "give each situation its own ID")
        seen.add(situation["id"])
        use_case = situation.get("use_case")
        if use_case is not None and use_case not in corpus.known(kinds.USE_CASE):
            problems.add(item.source.where(base + ("use_case",)), dotted(base + ("use_case",)),
                         f"unknown use case '{use_case}'", did_you_mean(use_case, corpus.known(kinds.USE_CASE)))
        try:
            corpus.walks.walk(tree, situation["answers"])
        except EvaluationError as error:
            problems.add(item.source.where(base + ("answers",)), dotted(base + ("answers",)),
                         f"the situation's answers do not fit this tree: {error}",
                         "list the questions in the order the tree asks them, with one of their option values")


def _check_coverage(corpus: Corpus, trees: dict[str, dict[str, Any]], reached: dict[str, set[str]],
                    problems: Problems) -> None:
    for tree_id in trees:
        item = corpus.get(kinds.TREE, tree_id)
        if item is None or not item.active:
            continue
        for index, node in enumerate(item.data["nodes"]):
            if node["type"] == "outcome" and node["id"] not in reached.get(tree_id, set()):
                problems.add(item.source.where(("nodes", index, "id")), f"nodes[{index}].id",
                             f"no worked example reaches outcome '{node['id']}'",
                             "add a check to an example in principles/examples/ whose answers end here")


@dataclass
class Checked:
    """What the checks of single items leave for the checks of the whole corpus."""

    trees: dict[str, dict[str, Any]] = field(default_factory=dict)  # sound trees, as exported and evaluated
    reached: dict[str, set[str]] = field(default_factory=dict)  # tree ID -> outcomes active examples reach
    clauses: dict[str, SourceFile] = field(default_factory=dict)  # clause ID -> the section file that has it


def _check_date(source: SourceFile, name: str, value: Any, problems: Problems,
                path: tuple[str, ...] | None = None) -> None:
    """A date the schema's pattern lets through must be a real day, in the range builds can date themselves by."""
    try:
        day = date.fromisoformat(str(value))
    except ValueError:
        problems.add(source.where(path or (name,)), name, f"{value} is not a day of the calendar",
                     "write a real date, YYYY-MM-DD")
        return
    if not 1970 <= day.year <= 2099:
        problems.add(source.where(path or (name,)), name, f"{value} is outside the years 1970 to 2099",
                     "builds are dated by this day: give the real date")


def _check_status(source: SourceFile, guideline: dict[str, Any], problems: Problems) -> None:
    """Who publishes what, and what each date is: never left for a reader to assume.

    Optional in the schema only so that editions frozen before these fields existed stay
    readable; every edition prepared now must say its status.
    """
    if "status" not in guideline:
        problems.add(source.where(("edition",), key=True), "status", "the guideline does not say its status",
                     "add 'status: official' if the publisher issues these rules itself, or "
                     "'status: unofficial-paraphrase' with 'notice', 'status_label' and 'paraphrases'")
    if "effective_date" in guideline:
        problems.add(source.where(("effective_date",), key=True), "effective_date",
                     "'effective_date' is only read in editions published before 'dates' existed",
                     "give 'dates: {effective: YYYY-MM-DD}' if the issuer set one (official rules only), "
                     "and 'dates: {source_published: ...}' for the source's own date")
    status, issuer = guideline.get("status"), guideline.get("paraphrases", {}).get("name")
    if status == OFFICIAL:
        for name in ("paraphrases", "status_label", "notice"):
            if name in guideline:
                problems.add(source.where((name,), key=True), name,
                             f"'{name}' is for an unofficial paraphrase, but the status is 'official'",
                             "official rules are the publisher's own: remove it, or set "
                             "'status: unofficial-paraphrase' if the site restates someone else's guidance")
    elif status is not None and issuer:
        if " ".join(guideline["publisher"]["name"].split()).casefold() == " ".join(issuer.split()).casefold():
            problems.add(source.where(("publisher", "name")), "publisher.name",
                         f"an unofficial paraphrase of {issuer}'s guidance cannot be published by {issuer}",
                         "name who publishes this site; whose guidance it restates goes in 'paraphrases'")
        if "notice" in guideline and issuer.casefold() not in guideline["notice"].casefold():
            problems.add(source.where(("notice",)), "notice",
                         f"the notice does not name {issuer}, whose guidance the site restates",
                         f"say in the notice that this site is not published by {issuer} and restates its "
                         "guidance in its own words")
    if "disclaimer" in guideline and "status" in guideline:
        problems.add(source.where(("disclaimer",), key=True), "disclaimer",
                     "'disclaimer' is only read in editions published before 'status' existed",
                     "move its text into 'notice', which every page shows")
    dates = guideline.get("dates", {})
    if "effective" in dates and guideline.get("status") != OFFICIAL:
        problems.add(source.where(("dates", "effective"), key=True), "dates.effective",
                     "an unofficial paraphrase has no effective date: only the issuer of the rules can set one",
                     "remove it; 'dates.source_published' says when the source came out")
    for name in ("source_checked", "effective"):
        if name in dates:
            _check_date(source, f"dates.{name}", dates[name], problems, path=("dates", name))
    paraphrased = guideline.get("paraphrases", {}).get("source")
    if paraphrased and paraphrased not in {s["id"] for s in guideline["sources"]}:
        problems.add(source.where(("paraphrases", "source")), "paraphrases.source",
                     f"unknown source '{paraphrased}'", "use the ID of an entry under 'sources'")


def check_guideline(corpus: Corpus, problems: Problems) -> None:
    """The metadata file's references, links, dates, and the vocabularies every corpus needs."""
    guideline = corpus.guideline
    if guideline and corpus.guideline_source:
        _check_status(corpus.guideline_source, guideline, problems)
    if guideline:
        tree_id = guideline["quick_check_tree"]
        if tree_id not in corpus.known(kinds.TREE) and corpus.guideline_source:
            problems.add(corpus.guideline_source.where(("quick_check_tree",)), "quick_check_tree",
                         f"unknown tree ID '{tree_id}'", did_you_mean(tree_id, corpus.known(kinds.TREE)))
        if corpus.of(kinds.CHANGELOG) and guideline["edition"] not in corpus.known(kinds.CHANGELOG) \
                and corpus.guideline_source:
            problems.add(corpus.guideline_source.where(("edition",)), "edition",
                         f"edition {guideline['edition']} has no changelog entry",
                         f"add principles/changelog/{guideline['edition']}.yml")
        if corpus.guideline_source:
            check_links(corpus.guideline_source, guideline, problems)
            check_mentions(corpus, corpus.guideline_source, "guideline.schema.json", guideline, problems)
    for vocab in kinds.VOCABULARIES:
        if corpus.guideline and vocab not in corpus.known(kinds.VOCABULARY):
            problems.add(Location(f"principles/vocabularies/{vocab}.yml"),
                         "", f"the vocabulary '{vocab}' is missing",
                         f"add principles/vocabularies/{vocab}.yml")


def _check_address(item: Item, problems: Problems) -> None:
    """An item's page or anchor must not be one its pages already have (a list page, a page's top)."""
    kind, name = item.kind, anchor(item.id)
    if (kind.pages and name == "index") or (kind.shared_page and name in PAGE_ANCHORS):
        where = f"{kind.pages}/index.md, the list of {kind.plural.lower()}" if kind.pages else \
            f"an anchor of {kind.shared_page}"
        problems.add(item.source.where(("id",)), "id", f"the ID '{item.id}' is taken by {where}",
                     "choose another ID, and rename the file to match")


def _check_terms(corpus: Corpus, problems: Problems) -> None:
    """Each glossary term or alias names one entry (the tooltips would drop all but one definition)."""
    seen: dict[str, Item] = {}
    for item in corpus.of(kinds.GLOSSARY).values():
        for index, term in enumerate([item.data["term"], *item.data.get("aliases", [])]):
            path: FieldPath = ("term",) if index == 0 else ("aliases", index - 1)
            if term in seen:
                problems.add(item.source.where(path), dotted(path),
                             f"the term '{term}' is already defined by the glossary entry '{seen[term].id}'",
                             "merge the two entries, or give this one another wording")
            else:
                seen[term] = item


def _check_numbers(corpus: Corpus, problems: Problems) -> None:
    """Each principle has its own position in the list (the JSON's ``number``): two at one place contradict."""
    seen: dict[int, Item] = {}
    for item in corpus.of(kinds.PRINCIPLE).values():
        number = item.data["number"]
        if number in seen:
            problems.add(item.source.where(("number",)), "number",
                         f"number {number} is already the position of {seen[number].id}",
                         "give each principle its own number: its position in the list")
        else:
            seen[number] = item


def check_item(corpus: Corpus, item: Item, checked: Checked, problems: Problems) -> None:
    """Every check of one item against the rest of the corpus (trees before the examples that walk them)."""
    check_links(item.source, item.data, problems)
    check_item_mentions(corpus, item, problems)
    _check_address(item, problems)
    check_fields(corpus, item, item.data, (), item.kind.references, problems)
    check_sources(corpus, item, problems)
    check_provenance(corpus, item, problems)
    check_vocabularies(corpus, item, problems)
    check_lifecycle(corpus, item, problems)
    if item.kind is kinds.TREE:
        _check_tree_item(corpus, item, checked.trees, problems)
    elif item.kind is kinds.SECTION:
        _check_points(corpus, item, checked.clauses, problems)
    elif item.kind is kinds.CHANGELOG:
        _check_date(item.source, "date", item.data["date"], problems)
        check_changelog(corpus, item, problems)
    elif item.kind is kinds.EXAMPLE:
        _check_example(corpus, item, checked.trees, checked.reached, problems)
        _check_result(corpus, item, problems)


def add_reached(corpus: Corpus, item: Item, checked: Checked) -> None:
    """Count the outcomes a sound worked example reaches, without checking it again (the preview's
    unchanged examples; the walks are those of its last check)."""
    if not item.active:
        return
    for check in item.data["checks"]:
        tree = checked.trees.get(check["tree"])
        if tree is not None:
            result = corpus.walks.walk(tree, check["answers"])
            if result.complete:
                checked.reached.setdefault(check["tree"], set()).add(result.node)


def check_whole(corpus: Corpus, checked: Checked, problems: Problems) -> None:
    """What depends on every item: glossary terms, each tree outcome reached by an example, the ID register."""
    _check_terms(corpus, problems)
    _check_numbers(corpus, problems)
    check_editions(corpus, problems)
    if not problems:
        _check_coverage(corpus, checked.trees, checked.reached, problems)
    check_register(corpus, problems)


def check_corpus(corpus: Corpus, problems: Problems) -> Checked:
    """Run every cross-file check, the one sequence that check, build and preview all run."""
    check_guideline(corpus, problems)
    checked = Checked()
    for kind in sorted(kinds.ITEM_KINDS, key=lambda kind: kind is kinds.EXAMPLE):  # examples walk the trees
        for item in corpus.of(kind).values():
            check_item(corpus, item, checked, problems)
    check_whole(corpus, checked, problems)
    return checked


def _check_points(corpus: Corpus, item: Item, seen: dict[str, SourceFile], problems: Problems) -> None:
    clauses = None
    for index, point in enumerate(item.data["points"]):
        for at, replacement in enumerate(point.get("replaced_by", [])):
            clauses = clauses if clauses is not None else corpus.clauses()
            if replacement not in clauses:
                where: FieldPath = ("points", index, "replaced_by", at)
                problems.add(item.source.where(where), dotted(where), f"unknown clause ID '{replacement}'",
                             did_you_mean(replacement, set(clauses)))
        path: FieldPath = ("points", index, "id")
        point_id = point["id"]
        if not point_id.startswith(item.id + "."):
            problems.add(item.source.where(path), dotted(path),
                         f"clause ID '{point_id}' does not belong to section '{item.id}'",
                         f"number it {item.id}.{index + 1}")
        elif point_id in seen:
            problems.add(item.source.where(path), dotted(path), f"duplicate clause ID '{point_id}'",
                         "give each clause its own number; never reuse a published one")
        seen[point_id] = item.source


def validate(root: Path) -> tuple[Corpus, dict[str, dict[str, Any]], Problems]:
    """Load and check everything under ``root``/principles."""
    problems = Problems()
    corpus = load(root, problems)
    trees = check_corpus(corpus, problems).trees
    check_translations(corpus, problems)
    return corpus, trees, problems


def check_translations(corpus: Corpus, problems: Problems) -> None:
    """Read each language's translations and hold them to the English (check/parity.py); not while the guideline
    itself fails its schema (it declares the languages: its own problems say what to fix first)."""
    if not corpus.guideline:
        return
    corpus.translations = load_translations(corpus.root, corpus, problems)
    corpus.parity = check_parity(corpus, corpus.translations, problems,
                                 lambda language: language in interface_languages())
