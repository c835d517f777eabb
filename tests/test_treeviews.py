"""The no-JavaScript views of a tree show the whole logic, safely escaped."""

from __future__ import annotations

import re
from xml.etree import ElementTree

from fixtures_util import BASE
from guidelines.treeviews import diagram_svg, outline_html
from guidelines.validate import validate

corpus, trees, problems = validate(BASE)
VERDICTS = corpus.vocabulary("verdicts")


def test_outline_shows_every_question_option_and_outcome() -> None:
    tree = trees["quick-check"]
    html = outline_html(tree, VERDICTS)
    for node in tree["nodes"].values():
        shown = node["text"] if node["type"] == "question" else node["title"]
        assert shown in html
        for option in node.get("options", []):
            assert f"<summary>{option['label']}</summary>" in html
    assert "\n" not in html, "one line, so Markdown leaves the HTML block alone"
    assert html.count("<details") == html.count("</details>")


def test_outline_and_diagram_escape_text() -> None:
    tree = dict(trees["quick-check"])
    tree["nodes"] = {k: dict(v) for k, v in tree["nodes"].items()}
    tree["nodes"]["q-data"]["text"] = "<img src=x onerror=alert(1)>"
    assert "<img" not in outline_html(tree, VERDICTS)
    assert "<img" not in diagram_svg(tree, VERDICTS)


def test_diagram_is_well_formed_svg_with_a_title_and_every_node() -> None:
    tree = trees["quick-check"]
    svg = diagram_svg(tree, VERDICTS)
    inner = re.search(r"<svg.*</svg>", svg).group(0)
    root = ElementTree.fromstring(inner)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.find(f"{ns}title").text.startswith("Diagram of the decision tree")
    titles = {g.find(f"{ns}title").text for g in root.iter(f"{ns}g")}
    for node in tree["nodes"].values():
        assert any((node.get("text") or node.get("title")) in t for t in titles)
