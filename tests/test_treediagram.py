"""The tree diagram: full text in boxes that hold it, no overlap, no edge over a box, safe SVG.

The geometry is checked on the numbers the build computes, for every shipped tree, the
test corpus's trees and the benchmark's 500-node tree; tests/browser/test_trees_diagram.py
checks the same in Chromium, on what it draws.
"""

from __future__ import annotations

import re
from xml.etree import ElementTree

import pytest
from layout_checks import edges_through_boxes, outside_drawing, overlapping_boxes

from bench.synthetic import big_tree
from fixtures_util import BASE, ROOT
from guidelines.check.validate import validate
from guidelines.render.sanitize import clean
from guidelines.render.textmetrics import text_width
from guidelines.render.treediagram import BULLET, FONT, LINE, PAD_X, PAD_Y, diagram_layout, diagram_svg

SHIPPED, SHIPPED_TREES, _ = validate(ROOT)
FIXTURE, FIXTURE_TREES, _ = validate(BASE)
VERDICTS = SHIPPED.vocabulary("verdicts")
SVG = "{http://www.w3.org/2000/svg}"


def _big() -> dict:
    tree = big_tree(500)
    return {"id": "big-tree", "title": "Big", "start": tree.start, "nodes": {n["id"]: n for n in tree.nodes}}


TREES = {**{f"shipped/{k}": v for k, v in SHIPPED_TREES.items()},
         **{f"fixture/{k}": v for k, v in FIXTURE_TREES.items()}, "bench/big-tree": _big()}


@pytest.mark.parametrize("name", TREES)
def test_no_box_overlaps_another_and_no_edge_crosses_a_box(name: str) -> None:
    tree = TREES[name]
    diagram = diagram_layout(tree, VERDICTS)
    problems = (overlapping_boxes(diagram.drawing.boxes) + edges_through_boxes(diagram.drawing, diagram.edges)
                + outside_drawing(diagram.drawing))
    assert not problems, problems[:10]


@pytest.mark.parametrize("name", TREES)
def test_every_line_fits_inside_its_box(name: str) -> None:
    diagram = diagram_layout(TREES[name], VERDICTS)
    for face, box in zip(diagram.faces, diagram.drawing.boxes, strict=True):
        for text, bold, indent in face.lines:
            assert indent + text_width(text, FONT, bold=bold) <= box.width - 2 * PAD_X + 1e-9, text
        assert len(face.lines) * LINE + 2 * PAD_Y <= box.height + 1e-9


@pytest.mark.parametrize("name", [n for n in TREES if n.startswith("shipped/")])
def test_every_question_answer_and_result_is_shown_in_full(name: str) -> None:
    tree = TREES[name]
    diagram = diagram_layout(tree, VERDICTS)
    shown = {"question": [], "answer": [], "result": []}
    for face in diagram.faces:
        words = " ".join(text for text, _, _ in face.lines)
        shown[face.role].append(words)
    nodes = tree["nodes"].values()
    questions = [n["text"] for n in nodes if n["type"] == "question"]
    assert sorted(shown["question"]) == sorted(" ".join(q.split()) for q in questions)
    answers = " ".join(shown["answer"])
    for node in nodes:
        for option in node.get("options", []):
            assert " ".join(option["label"].split()) in answers.replace(BULLET, ""), option["label"]
        if node["type"] == "outcome":
            title = " ".join(node["title"].split())
            assert any(words.endswith(title) for words in shown["result"]), title
    assert not any("…" in words for kind in shown.values() for words in kind), "nothing is cut short"


def test_a_question_with_answers_leading_to_one_place_shows_them_in_one_box() -> None:
    tree = SHIPPED_TREES["talent-consent"]
    faces = diagram_layout(tree, VERDICTS).faces
    exception = next(n for n in tree["nodes"].values() if n["id"] == "exception")
    shared = [o["label"] for o in exception["options"] if o["next"] == "approval-exception"]
    listed = [" ".join(t for t, _, _ in f.lines) for f in faces if f.role == "answer" and not f.centred]
    assert len(shared) > 1 and " ".join(BULLET + label for label in shared) in listed


def test_the_svg_is_well_formed_titled_and_kept_whole_by_the_sanitiser() -> None:
    svg = diagram_svg(SHIPPED_TREES["talent-consent"], VERDICTS)
    inner = re.search(r"<svg.*</svg>", svg).group(0)
    root = ElementTree.fromstring(inner)
    assert root.find(f"{SVG}title").text.startswith("Diagram of the decision tree")
    assert root.get("viewBox") and root.get("role") == "img"
    kept = ElementTree.fromstring(re.search(r"<svg.*</svg>", clean(svg)).group(0))
    assert [(e.tag, e.attrib) for e in kept.iter()] == [(e.tag, e.attrib) for e in root.iter()]


def test_no_halo_and_every_box_has_a_class_for_the_dark_scheme() -> None:
    svg = diagram_svg(SHIPPED_TREES["quick-check"], VERDICTS)
    root = ElementTree.fromstring(re.search(r"<svg.*</svg>", svg).group(0))
    for text in root.iter(f"{SVG}text"):
        assert not {"stroke", "paint-order", "fill"} & set(text.attrib), text.attrib
    for group in root.iter(f"{SVG}g"):
        if group.find(f"{SVG}rect") is not None:
            assert re.fullmatch(r"dt-diagram__box dt-diagram__box--[a-z-]+", group.get("class")), group.get("class")


def test_the_start_question_is_drawn_first() -> None:
    """The site's script scrolls a wide diagram to its first box."""
    tree = SHIPPED_TREES["quick-check"]
    first = diagram_layout(tree, VERDICTS).faces[0]
    assert " ".join(t for t, _, _ in first.lines) == " ".join(tree["nodes"][tree["start"]]["text"].split())


def test_diagram_escapes_text() -> None:
    tree = dict(FIXTURE_TREES["quick-check"])
    tree["nodes"] = {k: dict(v) for k, v in tree["nodes"].items()}
    tree["nodes"]["q-data"]["text"] = "<img src=x onerror=alert(1)>"
    svg = diagram_svg(tree, VERDICTS)
    assert "<img" not in svg and "&lt;img" in svg
