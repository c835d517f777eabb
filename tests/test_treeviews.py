"""The no-JavaScript outline of a tree shows the whole logic, flat and safely escaped."""

from __future__ import annotations

import re

from fixtures_util import BASE
from guidelines.check.validate import validate
from guidelines.render.treeviews import outline_html

corpus, trees, problems = validate(BASE)
VERDICTS = corpus.vocabulary("verdicts")


def test_outline_shows_every_question_option_and_outcome_once() -> None:
    tree = trees["quick-check"]
    html = outline_html(tree, VERDICTS)
    for node in tree["nodes"].values():
        assert html.count(f'id="quick-check--{node["id"]}"') == 1
        for option in node.get("options", []):
            assert (f'<span class="dt-outline__answer">{option["label"]}</span> '
                    f'<span class="dt-outline__leads">&rarr; ') in html
    assert "\n" not in html, "one line, so Markdown leaves the HTML block alone"


def test_each_answer_links_to_where_it_leads() -> None:
    tree = trees["quick-check"]
    html = outline_html(tree, VERDICTS)
    for node in tree["nodes"].values():
        for option in node.get("options", []):
            target = tree["nodes"][option["next"]]
            label = target.get("text") or target["title"]
            badge = r'(?:<span class="gl-badge[^"]*"><span[^>]*>[^<]*</span> [^<]*</span> )?'
            answer = re.search(rf'<span class="dt-outline__answer">{re.escape(option["label"])}</span> '
                               rf'<span class="dt-outline__leads">&rarr; {badge}<a href="#([^"]+)">'
                               rf'(?:question \d+: )?{re.escape(label)}</a></span>', html)
            assert answer and answer.group(1) == f'quick-check--{option["next"]}', (node["id"], option["value"])


def test_the_outline_is_flat_at_any_depth() -> None:
    """A 600-question chain: the browser's parser stops nesting at 512 levels, so the outline must not nest."""
    nodes = {f"q{i}": {"id": f"q{i}", "type": "question", "text": f"Q{i}?", "help": "h", "principles": [],
                       "categories": [], "options": [{"value": "yes", "label": "Yes", "next": f"q{i + 1}"},
                                                      {"value": "no", "label": "No", "next": "end"}]}
             for i in range(600)}
    nodes["q600"] = {"id": "q600", "type": "outcome", "verdict": "proceed", "title": "Last", "explanation": "e",
                     "next_steps": [], "principles": [], "categories": []}
    nodes["end"] = dict(nodes["q600"], id="end", title="End")
    html = outline_html({"id": "deep", "start": "q0", "title": "Deep", "nodes": nodes}, VERDICTS)
    depth = deepest = 0
    for match in re.finditer(r"<(/?)(div|ol|ul|li|p)\b", html):
        depth += -1 if match.group(1) else 1
        deepest = max(deepest, depth)
    assert deepest <= 5
    assert '<a href="#deep--q600">' in html and 'question 600: Q599?' in html


def test_outline_escapes_text() -> None:
    tree = dict(trees["quick-check"])
    tree["nodes"] = {k: dict(v) for k, v in tree["nodes"].items()}
    tree["nodes"]["q-data"]["text"] = "<img src=x onerror=alert(1)>"
    assert "<img" not in outline_html(tree, VERDICTS)
