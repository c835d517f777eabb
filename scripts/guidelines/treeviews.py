"""The no-JavaScript views of a tree: a nested outline and an SVG diagram.

Both are built at generation time from the same exported tree document the widget
reads, so readers without JavaScript (or printing the page) see the whole logic.
Built iteratively, so deep synthetic trees cannot exhaust Python's stack.
"""

from __future__ import annotations

from html import escape
from typing import Any


def outline_id(tree_id: str, node_id: str) -> str:
    return f"{tree_id}--{node_id}"


def outline_html(tree: dict[str, Any], verdicts: dict[str, dict[str, Any]]) -> str:
    """Nested details/summary, one line of HTML (so Markdown leaves it alone)."""
    nodes, tree_id = tree["nodes"], tree["id"]
    written: set[str] = set()
    out: list[str] = ['<div class="dt-outline">']
    # Work items: ("node", id, depth) renders a node; ("raw", html) emits text.
    work: list[tuple[Any, ...]] = [("node", tree["start"], 0)]
    while work:
        entry = work.pop()
        if entry[0] == "raw":
            out.append(entry[1])
            continue
        _, node_id, depth = entry
        node = nodes[node_id]
        anchor = escape(outline_id(tree_id, node_id))
        if node["type"] == "outcome":
            term = verdicts.get(node["verdict"], {"label": node["verdict"], "symbol": ""})
            steps = "".join(f"<li>{escape(s)}</li>" for s in node["next_steps"])
            out.append(
                f'<div class="dt-outline__outcome">'
                f'<p><span class="gl-badge gl-badge--{escape(node["verdict"])}">'
                f'<span class="gl-badge__symbol" aria-hidden="true">{escape(term.get("symbol") or "")}</span> '
                f'{escape(term["label"])}</span> <strong>{escape(node["title"])}</strong></p>'
                f'<p>{escape(node["explanation"])}</p><ul>{steps}</ul></div>')
            continue
        if node_id in written:
            out.append(f'<p class="dt-outline__goto">Continue with the question '
                       f'<a href="#{anchor}">{escape(node["text"])}</a></p>')
            continue
        written.add(node_id)
        out.append(f'<div class="dt-outline__question" id="{anchor}"><p><strong>{escape(node["text"])}</strong></p>'
                   f'<p class="dt-outline__help">{escape(node["help"])}</p>')
        pending: list[tuple[Any, ...]] = []
        for option in node["options"]:
            opened = " open" if depth == 0 else ""
            pending.append(("raw", f"<details{opened}><summary>{escape(option['label'])}</summary>"))
            pending.append(("node", option["next"], depth + 1))
            pending.append(("raw", "</details>"))
        pending.append(("raw", "</div>"))
        work.extend(reversed(pending))
    out.append("</div>")
    return "".join(out)


def _layers(tree: dict[str, Any]) -> dict[str, int]:
    """Longest-path depth of every node (trees are acyclic), in topological order."""
    nodes = tree["nodes"]
    indegree = {node_id: 0 for node_id in nodes}
    for node in nodes.values():
        for option in node.get("options", []):
            indegree[option["next"]] += 1
    depth = {tree["start"]: 0}
    ready = [tree["start"]]
    while ready:
        node_id = ready.pop()
        for option in nodes[node_id].get("options", []):
            child = option["next"]
            depth[child] = max(depth.get(child, 0), depth[node_id] + 1)
            indegree[child] -= 1
            if indegree[child] == 0:
                ready.append(child)
    return depth


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


BOX_W, BOX_H, GAP_X, GAP_Y = 190, 64, 24, 56


def diagram_svg(tree: dict[str, Any], verdicts: dict[str, dict[str, Any]]) -> str:
    """A layered diagram of the tree as inline SVG, drawn without any library."""
    nodes, depth = tree["nodes"], _layers(tree)
    rows: dict[int, list[str]] = {}
    for node_id in nodes:
        if node_id in depth:
            rows.setdefault(depth[node_id], []).append(node_id)
    widest = max(len(r) for r in rows.values())
    width = widest * (BOX_W + GAP_X) + GAP_X
    height = len(rows) * (BOX_H + GAP_Y) + GAP_Y
    pos: dict[str, tuple[float, float]] = {}
    for level, members in rows.items():
        span = len(members) * (BOX_W + GAP_X) - GAP_X
        left = (width - span) / 2
        for i, node_id in enumerate(members):
            pos[node_id] = (left + i * (BOX_W + GAP_X), GAP_Y / 2 + level * (BOX_H + GAP_Y))
    title = escape(f"Diagram of the decision tree: {tree['title']}")
    parts = [f'<svg class="dt-diagram" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
             f'width="{width:.0f}" height="{height:.0f}" role="img" aria-labelledby="dt-svg-{escape(tree["id"])}">'
             f'<title id="dt-svg-{escape(tree["id"])}">{title}</title>']
    for node_id, node in nodes.items():
        if node_id not in pos:
            continue
        x, y = pos[node_id]
        for option in node.get("options", []):
            cx, cy = pos[option["next"]]
            x1, y1, x2, y2 = x + BOX_W / 2, y + BOX_H, cx + BOX_W / 2, cy
            parts.append(f'<path class="dt-diagram__edge" d="M{x1:.0f},{y1:.0f} C{x1:.0f},{y1 + 30:.0f} '
                         f'{x2:.0f},{y2 - 30:.0f} {x2:.0f},{y2:.0f}"/>')
            lx, ly = (x1 + x2) / 2, (y1 + y2) / 2
            parts.append(f'<text class="dt-diagram__label" x="{lx:.0f}" y="{ly:.0f}" text-anchor="middle">'
                         f'{escape(option["label"][:18])}</text>')
    for node_id, node in nodes.items():
        if node_id not in pos:
            continue
        x, y = pos[node_id]
        if node["type"] == "outcome":
            term = verdicts.get(node["verdict"], {"label": node["verdict"]})
            lines = [f'{term.get("symbol") or ""} {term["label"]}'.strip(), *_wrap(node["title"], 30, 2)]
            css = f'dt-diagram__node dt-diagram__node--outcome dt-diagram__node--{escape(node["verdict"])}'
            full = f'{term["label"]}: {node["title"]}'
        else:
            lines = _wrap(node["text"], 30, 3)
            css = "dt-diagram__node dt-diagram__node--question"
            full = node["text"]
        parts.append(f'<g class="{css}"><title>{escape(full)}</title>'
                     f'<rect x="{x:.0f}" y="{y:.0f}" width="{BOX_W}" height="{BOX_H}" rx="8"/>')
        for i, line in enumerate(lines):
            ty = y + 18 + i * 16
            parts.append(f'<text x="{x + BOX_W / 2:.0f}" y="{ty:.0f}" text-anchor="middle">{escape(line)}</text>')
        parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)
