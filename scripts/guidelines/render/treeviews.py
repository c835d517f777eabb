"""The no-JavaScript view of a tree: a flat outline (its diagram is ``treediagram``).

Built at generation time from the same exported tree document the widget reads, so
readers without JavaScript (or printing the page) see the whole logic. Built
iteratively, so deep synthetic trees cannot exhaust Python's stack.
"""

from __future__ import annotations

from html import escape
from typing import Any

from guidelines.render import i18n
from guidelines.urls import Urls


def outline_html(tree: dict[str, Any], verdicts: dict[str, dict[str, Any]], language: str = i18n.DEFAULT) -> str:
    """Every question, then every outcome, each once; each answer says where it leads (a link).

    Flat, not nested by depth: it reads the same at any depth (the browser's parser
    stops nesting past a few hundred levels and would move later answers elsewhere)
    and keeps the full width of a phone's screen, where each answer's destination goes
    on a line of its own (the CSS, by ``dt-outline__leads``).
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
        answers = "".join(f'<li><span class="dt-outline__answer">{escape(o["label"])}</span> '
                          f'<span class="dt-outline__leads">&rarr; '
                          f'{_target_html(tree_id, nodes[o["next"]], numbers, verdicts, language)}</span></li>'
                          for o in node["options"])
        questions.append(f'<li class="dt-outline__question" id="{anchor}"><p><strong>{escape(node["text"])}</strong>'
                         f'</p><p class="dt-outline__help">{escape(node["help"])}</p>'
                         f'<ul class="dt-outline__answers">{answers}</ul></li>')
    return (f'<div class="dt-outline"><ol class="dt-outline__questions">{"".join(questions)}</ol>'
            f'<p class="dt-outline__heading"><strong>{i18n.text(language, "outline.results")}</strong></p>'
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
                 verdicts: dict[str, dict[str, Any]], language: str) -> str:
    """Where an answer leads: the next question (numbered) or the outcome, as a link within the outline."""
    href = f'#{escape(Urls.outline(tree_id, node["id"]))}'
    if node["type"] == "question":
        words = i18n.text(language, "outline.question", number=numbers[node["id"]], text=escape(node["text"]))
        return f'<a href="{href}">{words}</a>'
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
