"""The SVG diagram of a decision tree: every question, answer and result, in full.

Questions stand one box each, in layers by the longest path to them; each answer is a
box of its own on the edge it labels, in the layer just below its question (answers of
one question leading to the same place share one box, one line each); every edge into
a result gets its own copy of the result, just below, so the drawing reads as a tree
rather than a tangle of long edges to a bottom row. Text is wrapped, never cut: boxes
are sized from the font's widths (``textmetrics``) and placed by ``layered``, which keeps
boxes from overlapping and edges from crossing them.

Colours are attributes, so the diagram reads the same without the site's CSS (printed,
saved); the site's CSS follows the light and dark schemes through the classes. The
outline above the diagram is the accessible version: the SVG is one image with a title.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Any

from guidelines.render import i18n
from guidelines.render.layered import Box, Drawing, Spacing, Stop, layout
from guidelines.render.textmetrics import text_width, wrap

FONT = 13  # px: the size of small print on the site's pages, legible on a phone without zooming
LINE = 17  # px between baselines
PAD_X, PAD_Y = 10, 9  # inside a box, around its text
NODE_TEXT = 208  # px of text across a question or result box: "✎ Written approval required" in bold fits
ANSWER_TEXT = 168  # px of text across an answer, at most
BULLET = "• "  # before each answer when several share a box
# Fill and outline of each kind of box as printed, or read without the site's CSS: the
# light scheme's colours (decision-tree.css gives the dark ones). A verdict is also spelled out.
COLOURS = {"question": ("#eef2ff", "#3f51b5"), "proceed": ("#e8f5ec", "#2e7d32"),
           "escalate": ("#fff3e0", "#b35c00"), "approval-required": ("#fdecec", "#c62828")}
OTHER = ("#f5f5f5", "#757575")  # a verdict without colours of its own
TEXT, EDGE, ANSWER_FILL = "#1a1a1a", "#666666", "#ffffff"
SPACING = Spacing(box_gap=24, edge_gap=12, rank_gap=26, margin=6)


@dataclass
class Face:
    """What a box shows: its role ("question", "answer" or "result"), its tone (the CSS modifier:
    the role, or a result's verdict), colours, lines (text, bold, indent) and alignment."""

    role: str
    tone: str
    colours: tuple[str, str | None]
    lines: list[tuple[str, bool, float]]
    centred: bool = True


@dataclass
class Diagram:
    """The boxes' faces and the placed drawing, index for index, and the edges (pairs of box indexes)."""

    faces: list[Face]
    drawing: Drawing
    edges: list[tuple[int, int]]

    def arrowed(self) -> list[int]:
        """The boxes edges point into: every box but an answer (its edge goes on through it)."""
        return sorted({target for _, target in self.edges if self.faces[target].role != "answer"})


def diagram_svg(tree: dict[str, Any], verdicts: dict[str, dict[str, Any]], language: str = i18n.DEFAULT) -> str:
    """The tree as one inline SVG image, wrapped in a frame that scrolls sideways when wider than the page."""
    return _svg(tree, diagram_layout(tree, verdicts), language)


def diagram_layout(tree: dict[str, Any], verdicts: dict[str, dict[str, Any]]) -> Diagram:
    """Every box worded, sized and placed, and every edge routed."""
    faces, edges, ranks = _graph(tree, verdicts)
    boxes = [Box(_box_width(face), _box_height(face), rank) for face, rank in zip(faces, ranks, strict=True)]
    return Diagram(faces, layout(boxes, edges, SPACING), edges)


def _graph(tree: dict[str, Any], verdicts: dict[str, dict[str, Any]]
           ) -> tuple[list[Face], list[tuple[int, int]], list[int]]:
    """The boxes (faces and ranks) and the edges between them. The start question is the
    first box (the site's script scrolls a wide diagram to it); answers follow their question's order."""
    nodes = tree["nodes"]
    depth = _depths(tree)
    faces: list[Face] = []
    ranks: list[int] = []

    def add(face: Face, rank: int) -> int:
        faces.append(face)
        ranks.append(rank)
        return len(faces) - 1

    index = {q: add(_question_face(nodes[q]), 2 * depth[q]) for q in depth}
    outcome_faces: dict[str, Face] = {}  # a result drawn several times is worded once
    edges: list[tuple[int, int]] = []
    for q, box in index.items():
        for target, labels in _answers(nodes[q]).items():
            answer = add(_answer_face(labels), 2 * depth[q] + 1)
            edges.append((box, answer))
            if nodes[target]["type"] == "outcome":
                if target not in outcome_faces:
                    outcome_faces[target] = _outcome_face(nodes[target], verdicts)
                edges.append((answer, add(outcome_faces[target], 2 * depth[q] + 2)))
            else:
                edges.append((answer, index[target]))
    return faces, edges, ranks


def _depths(tree: dict[str, Any]) -> dict[str, int]:
    """Each question's longest distance from the start, in questions (the validator rules out cycles)."""
    nodes = tree["nodes"]
    questions = [n for n in nodes if nodes[n]["type"] == "question"]
    incoming = dict.fromkeys(questions, 0)
    for q in questions:
        for target in {o["next"] for o in nodes[q]["options"]}:
            if target in incoming:
                incoming[target] += 1
    depth, ready = {tree["start"]: 0}, [tree["start"]]
    while ready:  # topological order
        q = ready.pop()
        for target in dict.fromkeys(o["next"] for o in nodes[q]["options"]):
            if target in incoming:
                depth[target] = max(depth.get(target, 0), depth[q] + 1)
                incoming[target] -= 1
                if incoming[target] == 0:
                    ready.append(target)
    return depth


def _answers(question: dict[str, Any]) -> dict[str, list[str]]:
    """The question's answers by where they lead, in the order the question lists them."""
    out: dict[str, list[str]] = {}
    for option in question["options"]:
        out.setdefault(option["next"], []).append(option["label"])
    return out


def _question_face(node: dict[str, Any]) -> Face:
    lines = [(line, False, 0.0) for line in wrap(node["text"], NODE_TEXT, FONT)]
    return Face("question", "question", COLOURS["question"], lines)


def _outcome_face(node: dict[str, Any], verdicts: dict[str, dict[str, Any]]) -> Face:
    """A result: its verdict in bold (symbol and words), then its title."""
    term = verdicts.get(node["verdict"], {"label": node["verdict"]})
    heading = f'{term.get("symbol") or ""} {term["label"]}'.strip()
    lines = [(line, True, 0.0) for line in wrap(heading, NODE_TEXT, FONT, bold=True)]
    lines += [(line, False, 0.0) for line in wrap(node["title"], NODE_TEXT, FONT)]
    return Face("result", node["verdict"], COLOURS.get(node["verdict"], OTHER), lines)


def _answer_face(labels: list[str]) -> Face:
    """An answer, or several leading to the same place, each after a bullet, continued lines indented."""
    if len(labels) == 1:
        lines = [(line, False, 0.0) for line in wrap(labels[0], ANSWER_TEXT, FONT)]
        return Face("answer", "answer", (ANSWER_FILL, None), lines)
    indent = text_width(BULLET, FONT)
    lines: list[tuple[str, bool, float]] = []
    for label in labels:
        wrapped = wrap(label, ANSWER_TEXT - indent, FONT)
        lines.append((BULLET + wrapped[0], False, 0.0))
        lines += [(line, False, indent) for line in wrapped[1:]]
    return Face("answer", "answer", (ANSWER_FILL, None), lines, centred=False)


def _box_width(face: Face) -> float:
    if face.role != "answer":
        return NODE_TEXT + 2 * PAD_X
    return max(indent + text_width(text, FONT, bold=bold) for text, bold, indent in face.lines) + 2 * PAD_X


def _box_height(face: Face) -> float:
    return len(face.lines) * LINE + 2 * PAD_Y


def _svg(tree: dict[str, Any], diagram: Diagram, language: str = i18n.DEFAULT) -> str:
    """The SVG: edges first, then their arrowheads, then the boxes over them."""
    drawing = diagram.drawing
    label_id = escape(f"dt-svg-{tree['id']}")
    title = escape(i18n.text(language, "diagram.title", title=tree["title"]))
    width, height = f"{drawing.width:.0f}", f"{drawing.height:.0f}"
    paths = "".join(f'<path d="{_course(route)}"/>' for route in drawing.routes)
    arrows = "".join(_arrowhead(drawing.boxes[i]) for i in diagram.arrowed())
    boxes = "".join(_box(face, box) for face, box in zip(diagram.faces, drawing.boxes, strict=True))
    return (f'<div class="dt-diagram-wrap" tabindex="0" role="group" aria-label="{title}">'
            f'<svg class="dt-diagram" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" role="img" aria-labelledby="{label_id}" font-family="sans-serif" '
            f'font-size="{FONT}" fill="{TEXT}"><title id="{label_id}">{title}</title>'
            f'<g class="dt-diagram__edges" fill="none" stroke="{EDGE}" stroke-width="1.2">{paths}</g>'
            f'<g class="dt-diagram__arrows" fill="{EDGE}"><path d="{arrows}"/></g>'
            f'{boxes}</svg></div>')


def _course(route: list[Stop]) -> str:
    """An edge's path: straight down through each layer, an S-bend across each gap."""
    first = route[0]
    parts = [f"M{_n(first.x)},{_n(first.top)}"]
    for k, stop in enumerate(route):
        if k:
            before = route[k - 1]
            middle = _n((before.bottom + stop.top) / 2)
            parts.append(f"V{_n(stop.top)}" if _n(before.x) == _n(stop.x) else
                         f"C{_n(before.x)},{middle} {_n(stop.x)},{middle} {_n(stop.x)},{_n(stop.top)}")
        if _n(stop.bottom) != _n(stop.top):
            parts.append(f"V{_n(stop.bottom)}")
    return "".join(parts)


def _arrowhead(box: Box) -> str:
    """A small triangle pointing into the top of a box, as a piece of one shared path."""
    return f"M{_n(box.x - 4.5)},{_n(box.y - 7)}L{_n(box.x + 4.5)},{_n(box.y - 7)}L{_n(box.x)},{_n(box.y)}Z"


def _box(face: Face, box: Box) -> str:
    """One box: its rectangle and its lines of text, escaped."""
    left = box.x - box.width / 2
    radius = 4 if face.role == "answer" else 8
    fill, line = face.colours
    stroke = f' stroke="{line}"' if line else ""
    anchor = ' text-anchor="middle"' if face.centred else ""
    parts = [f'<g class="dt-diagram__box dt-diagram__box--{escape(face.tone)}"{anchor}>'
             f'<rect x="{_n(left)}" y="{_n(box.y)}" width="{_n(box.width)}" height="{_n(box.height)}" '
             f'rx="{radius}" fill="{fill}"{stroke}/>']
    for row, (text, bold, indent) in enumerate(face.lines):
        x = box.x if face.centred else left + PAD_X + indent
        baseline = box.y + PAD_Y + row * LINE + LINE / 2 + 0.35 * FONT
        weight = ' font-weight="bold"' if bold else ""
        parts.append(f'<text x="{_n(x)}" y="{_n(baseline)}"{weight}>{escape(text)}</text>')
    parts.append("</g>")
    return "".join(parts)


def _n(value: float) -> str:
    """A coordinate to a tenth of a pixel, without a trailing ".0"."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text
