"""The no-JavaScript views of a tree: a flat outline and an SVG diagram.

Both are built at generation time from the same exported tree document the widget
reads, so readers without JavaScript (or printing the page) see the whole logic.
Built iteratively, so deep synthetic trees cannot exhaust Python's stack.
"""

from __future__ import annotations

from html import escape
from typing import Any

from guidelines.urls import Urls


def outline_html(tree: dict[str, Any], verdicts: dict[str, dict[str, Any]]) -> str:
    """Every question, then every outcome, each once; each answer says where it leads (a link).

    Flat, not nested by depth: it reads the same at any depth (the browser's parser
    stops nesting past a few hundred levels and would move later answers elsewhere)
    and keeps the full width of a phone's screen.
    """
    nodes, tree_id = tree["nodes"], tree["id"]
    order = _reading_order(tree)
    numbers = {node_id: n for n, node_id in enumerate((i for i in order if nodes[i]["type"] == "question"), 1)}
    questions: list[str] = []
    outcomes: list[str] = []
    for node_id in order:
        node = nodes[node_id]
        anchor = escape(Urls.outline(tree_id, node_id))
        if node["type"] == "outcome":
            outcomes.append(f'<li class="dt-outline__outcome" id="{anchor}">{_outcome_html(node, verdicts)}</li>')
            continue
        answers = "".join(f'<li><span class="dt-outline__answer">{escape(o["label"])}</span> &rarr; '
                          f'{_target_html(tree_id, nodes[o["next"]], numbers, verdicts)}</li>'
                          for o in node["options"])
        questions.append(f'<li class="dt-outline__question" id="{anchor}"><p><strong>{escape(node["text"])}</strong>'
                         f'</p><p class="dt-outline__help">{escape(node["help"])}</p>'
                         f'<ul class="dt-outline__answers">{answers}</ul></li>')
    return (f'<div class="dt-outline"><ol class="dt-outline__questions">{"".join(questions)}</ol>'
            f'<p class="dt-outline__heading"><strong>Results</strong></p>'
            f'<ul class="dt-outline__outcomes">{"".join(outcomes)}</ul></div>')


def _reading_order(tree: dict[str, Any]) -> list[str]:
    """Nodes in the order a reader meets them: breadth first from the start, options in order."""
    nodes, order, seen = tree["nodes"], [tree["start"]], {tree["start"]}
    for node_id in order:  # grows while it is read
        for option in nodes[node_id].get("options", ()):
            if option["next"] not in seen:
                seen.add(option["next"])
                order.append(option["next"])
    return order


def _target_html(tree_id: str, node: dict[str, Any], numbers: dict[str, int],
                 verdicts: dict[str, dict[str, Any]]) -> str:
    """Where an answer leads: the next question (numbered) or the outcome, as a link within the outline."""
    href = f'#{escape(Urls.outline(tree_id, node["id"]))}'
    if node["type"] == "question":
        return f'<a href="{href}">question {numbers[node["id"]]}: {escape(node["text"])}</a>'
    return f'{_badge(node, verdicts)} <a href="{href}">{escape(node["title"])}</a>'


def _badge(node: dict[str, Any], verdicts: dict[str, dict[str, Any]]) -> str:
    term = verdicts.get(node["verdict"], {"label": node["verdict"], "symbol": ""})
    return (f'<span class="gl-badge gl-badge--{escape(node["verdict"])}">'
            f'<span class="gl-badge__symbol" aria-hidden="true">{escape(term.get("symbol") or "")}</span> '
            f'{escape(term["label"])}</span>')


def _outcome_html(node: dict[str, Any], verdicts: dict[str, dict[str, Any]]) -> str:
    """An outcome in the outline: verdict badge, title, explanation, next steps."""
    steps = "".join(f"<li>{escape(s)}</li>" for s in node["next_steps"])
    return (f'<p>{_badge(node, verdicts)} <strong>{escape(node["title"])}</strong></p>'
            f'<p>{escape(node["explanation"])}</p><ul>{steps}</ul>')


def _wrap(text: str, width: int, lines: int) -> list[str]:
    words, out, current = text.split(), [], ""
    for word in words:
        if len(current) + len(word) + 1 > width and current:
            out.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    out.append(current)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][: width - 1].rstrip() + "…"
    return out


BOX_W, BOX_H, GAP_X, GAP_Y, CHARS = 200, 76, 20, 54, 32
# Presentation lives in attributes so the diagram reads the same without the site's CSS
# (printing, a saved page); verdict fills are light, and the verdict is also spelled out.
FILLS = {"question": "#eef2ff", "proceed": "#e6f4ea", "escalate": "#fff4e5", "approval-required": "#fdecea"}
STROKE, TEXT, EDGE = "#3f51b5", "#1a1a1a", "#666666"


def _layout(tree: dict[str, Any]) -> tuple[list[dict[str, Any]], list[tuple[int, int, str]]]:
    """Boxes and edges. Questions keep one box each (layered by longest path); every edge
    into an outcome gets its own copy of the outcome, placed just below its question, so
    the drawing reads as a tree instead of a tangle of long edges to a bottom row."""
    nodes = tree["nodes"]
    questions = [n for n in nodes if nodes[n]["type"] == "question"]
    depth = {tree["start"]: 0}
    indegree = {q: 0 for q in questions}
    for q in questions:
        for option in nodes[q]["options"]:
            if option["next"] in indegree:
                indegree[option["next"]] += 1
    ready = [tree["start"]]
    while ready:  # topological order (the validator guarantees no cycle)
        q = ready.pop()
        for option in nodes[q]["options"]:
            child = option["next"]
            if child in indegree:
                depth[child] = max(depth.get(child, 0), depth[q] + 1)
                indegree[child] -= 1
                if indegree[child] == 0:
                    ready.append(child)
    boxes: list[dict[str, Any]] = []
    index: dict[str, int] = {}
    for q in sorted((q for q in questions if q in depth), key=lambda q: depth[q]):
        index[q] = len(boxes)
        boxes.append({"node": q, "layer": depth[q], "order": 0.0})
    edges: list[tuple[int, int, str]] = []
    short: dict[str, str] = {}  # option label -> its first line (trees repeat "Yes", "No", "Not sure")
    for q in list(index):
        # Options of one question that lead to the same node share one edge.
        labels: dict[str, list[str]] = {}
        for option in nodes[q]["options"]:
            labels.setdefault(option["next"], []).append(option["label"])
        for rank, (target, names) in enumerate(labels.items()):
            for name in names:
                if name not in short:
                    short[name] = _wrap(name, 14, 1)[0]
            label = " / ".join(short[name] for name in names)
            if nodes[target]["type"] == "outcome":
                boxes.append({"node": target, "layer": depth[q] + 1, "order": 0.0, "rank": rank})
                edges.append((index[q], len(boxes) - 1, label))
            elif target in index:
                boxes[index[target]].setdefault("rank", rank)
                edges.append((index[q], index[target], label))
    return boxes, edges


def _place(boxes: list[dict[str, Any]], edges: list[tuple[int, int, str]]) -> tuple[float, float]:
    """Order each layer by its parents' positions (fewer crossings), then centre it."""
    parents: dict[int, list[int]] = {}
    for source, target, _ in edges:
        parents.setdefault(target, []).append(source)
    layers: dict[int, list[int]] = {}
    for i, box in enumerate(boxes):
        layers.setdefault(box["layer"], []).append(i)
    widest = max(len(members) for members in layers.values())
    width = widest * (BOX_W + GAP_X) + GAP_X
    for level in sorted(layers):
        members = layers[level]
        for i in members:
            ps = parents.get(i, [])
            boxes[i]["order"] = sum(boxes[p]["x"] for p in ps) / len(ps) if ps else 0.0
        members.sort(key=lambda i: (boxes[i]["order"], boxes[i].get("rank", 0), boxes[i]["node"]))
        span = len(members) * (BOX_W + GAP_X) - GAP_X
        left = (width - span) / 2
        for k, i in enumerate(members):
            boxes[i]["x"] = left + k * (BOX_W + GAP_X)
            boxes[i]["y"] = GAP_Y / 2 + level * (BOX_H + GAP_Y)
    height = (max(layers) + 1) * (BOX_H + GAP_Y) + GAP_Y / 2
    return width, height


def diagram_svg(tree: dict[str, Any], verdicts: dict[str, dict[str, Any]]) -> str:
    """A layered diagram of the tree as inline SVG, drawn without any library."""
    nodes = tree["nodes"]
    boxes, edges = _layout(tree)
    width, height = _place(boxes, edges)
    label_id = escape(f"dt-svg-{tree['id']}")
    title = escape(f"Diagram of the decision tree: {tree['title']}")
    parts = [f'<div class="dt-diagram-wrap" tabindex="0" role="group" '
             f'aria-label="{title}"><svg class="dt-diagram" xmlns="http://www.w3.org/2000/svg" '
             f'viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" height="{height:.0f}" '
             f'role="img" aria-labelledby="{label_id}" font-family="sans-serif" font-size="11">'
             f'<title id="{label_id}">{title}</title>']
    starts: dict[int, str] = {}  # a question's edges all leave from its bottom: each start written once
    labels: dict[str, str] = {}  # escaped option labels ("Yes", "No" on most edges)
    for source, target, label in edges:
        a, b = boxes[source], boxes[target]
        x1, y1, x2, y2 = a["x"] + BOX_W / 2, a["y"] + BOX_H, b["x"] + BOX_W / 2, b["y"]
        if source not in starts:
            starts[source] = f"M{x1:.0f},{y1:.0f} C{x1:.0f},{y1 + 28:.0f}"
        if label not in labels:
            labels[label] = escape(label)
        parts.append(f'<path d="{starts[source]} {x2:.0f},{y2 - 28:.0f} {x2:.0f},{y2:.0f}" fill="none" '
                     f'stroke="{EDGE}" stroke-width="1.2"/>')
        lx, ly = x1 + (x2 - x1) * 0.5, y1 + (y2 - y1) * 0.5 + 4
        parts.append(f'<text x="{lx:.0f}" y="{ly:.0f}" text-anchor="middle" fill="{TEXT}" '
                     f'paint-order="stroke" stroke="#ffffff" stroke-width="3">{labels[label]}</text>')
    faces: dict[str, tuple[str, str, list[tuple[str, str]]]] = {}
    for box in boxes:
        face = faces.get(box["node"])
        if face is None:  # outcomes are drawn once per edge into them: work out their words once
            face = faces[box["node"]] = _face(nodes[box["node"]], verdicts)
        full, fill, rows = face
        x, y = box["x"], box["y"]
        parts.append(f'<g><title>{full}</title><rect x="{x:.0f}" y="{y:.0f}" width="{BOX_W}" '
                     f'height="{BOX_H}" rx="8" fill="{fill}" stroke="{STROKE}" stroke-width="1"/>')
        top, middle = y + (BOX_H - len(rows) * 14) / 2 + 11, f"{x + BOX_W / 2:.0f}"
        for i, (line, weight) in enumerate(rows):
            parts.append(f'<text x="{middle}" y="{top + i * 14:.0f}" text-anchor="middle" '
                         f'fill="{TEXT}"{weight}>{line}</text>')
        parts.append("</g>")
    parts.append("</svg></div>")
    return "".join(parts)


def _face(node: dict[str, Any], verdicts: dict[str, dict[str, Any]]) -> tuple[str, str, list[tuple[str, str]]]:
    """A box's tooltip, fill and lines of text (each with its weight attribute), escaped."""
    if node["type"] == "outcome":
        term = verdicts.get(node["verdict"], {"label": node["verdict"]})
        heading = f'{term.get("symbol") or ""} {term["label"]}'.strip()
        lines = _wrap(node["title"], CHARS, 3)
        fill = FILLS.get(node["verdict"], "#f5f5f5")
        full = f'{term["label"]}: {node["title"]}'
    else:
        heading, lines, fill, full = "", _wrap(node["text"], CHARS, 4), FILLS["question"], node["text"]
    rows = ([(heading, ' font-weight="bold"')] if heading else []) + [(line, "") for line in lines]
    return escape(full), fill, [(escape(line), weight) for line, weight in rows]
