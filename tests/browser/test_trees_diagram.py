"""Every shipped tree's diagram and outline in Chromium, measured as drawn, light and dark.

The diagram: each line of text inside its own box, no two texts and no two boxes
overlapping (an answer never sits on a question or result), every question, answer and
result shown in full, no outline ("halo") around text, text readable on its box in both
schemes; on a phone it keeps its size and scrolls sideways inside its own frame, opened
at its first question. The outline: at 390 px, no narrow column and nothing wider than
the screen. Screenshots go to $GUIDELINES_SHOTS/trees (default /tmp/shots/trees).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from treekit import load_tree, tree_ids

from guidelines.render.textmetrics import WIDTHS

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("GUIDELINES_SHOTS", "/tmp/shots")) / "trees"
TREES = tree_ids()
SCREENS = {"desktop": (1280, 900), "phone": (390, 844)}
SLACK = 0.5  # px: rounding in the browser's boxes

# Every box of the diagram as drawn: its kind, its rectangle, its fill, and each line of text.
MEASURE = """() => [...document.querySelectorAll('svg.dt-diagram g.dt-diagram__box')].map(g => {
    const box = r => { const b = r.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; };
    const rect = g.querySelector('rect');
    return {kind: g.getAttribute('class').replace('dt-diagram__box dt-diagram__box--', ''), box: box(rect),
            fill: getComputedStyle(rect).fill,
            texts: [...g.querySelectorAll('text')].map(t => {
                const style = getComputedStyle(t);
                return {text: t.textContent, box: box(t), fill: style.fill, stroke: style.stroke,
                        strokeWidth: style.strokeWidth, fontSize: style.fontSize};
            })};
})"""


def _open(page: Page, site_url: str, tree_id: str, scheme: str, screen: str) -> None:
    width, height = SCREENS[screen]
    page.emulate_media(color_scheme=scheme)
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{site_url}trees/{tree_id}/")
    expect(page.locator("svg.dt-diagram")).to_have_count(1)
    wanted = "slate" if scheme == "dark" else "default"
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == wanted


def _meets(a: list[float], b: list[float]) -> bool:
    """Whether two boxes overlap by more than rounding."""
    return a[0] < b[2] - SLACK and b[0] < a[2] - SLACK and a[1] < b[3] - SLACK and b[1] < a[3] - SLACK


def _within(inner: list[float], outer: list[float]) -> bool:
    return (inner[0] >= outer[0] - SLACK and inner[1] >= outer[1] - SLACK
            and inner[2] <= outer[2] + SLACK and inner[3] <= outer[3] + SLACK)


def _luminance(colour: str) -> float:
    channels = [int(c) / 255 for c in re.findall(r"[\d.]+", colour)[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _geometry_problems(boxes: list[dict[str, Any]]) -> list[str]:
    problems = []
    texts = [(n, t) for n, b in enumerate(boxes) for t in b["texts"]]
    for n, box in enumerate(boxes):
        problems += [f"{t['text']!r} sticks out of its {box['kind']} box" for t in box["texts"]
                     if not _within(t["box"], box["box"])]
        for other in boxes[n + 1:]:
            if _meets(box["box"], other["box"]):
                problems.append(f"a {box['kind']} box overlaps a {other['kind']} box: "
                                f"{box['texts'][0]['text']!r} / {other['texts'][0]['text']!r}")
    for i, (n, a) in enumerate(texts):
        problems += [f"texts overlap: {a['text']!r} / {b['text']!r}"
                     for m, b in texts[i + 1:] if _meets(a["box"], b["box"]) and (n != m or a is not b)]
    return problems


def _wording_problems(boxes: list[dict[str, Any]], tree: dict[str, Any]) -> list[str]:
    """What the exported tree says and the diagram does not show in full."""
    shown = {kind: [" ".join(t["text"] for t in b["texts"]) for b in boxes if b["kind"] == kind]
             for kind in {b["kind"] for b in boxes}}
    answers = " ".join(shown.get("answer", [])).replace("• ", "")
    results = [words for kind, all_words in shown.items() if kind not in ("question", "answer")
               for words in all_words]
    problems = []
    for node in tree["nodes"].values():
        if node["type"] == "question":
            if " ".join(node["text"].split()) not in shown.get("question", []):
                problems.append(f"question not shown in full: {node['text']!r}")
            problems += [f"answer not shown in full: {o['label']!r}" for o in node["options"]
                         if " ".join(o["label"].split()) not in answers]
        elif not any(words.endswith(" ".join(node["title"].split())) for words in results):
            problems.append(f"result not shown in full: {node['title']!r}")
    problems += [f"cut short: {t['text']!r}" for b in boxes for t in b["texts"] if "…" in t["text"]]
    return problems


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("tree_id", TREES)
def test_diagram_text_is_whole_readable_and_nothing_overlaps(guarded: Page, site_url: str, site_dir: Path,
                                                             tree_id: str, scheme: str) -> None:
    page = guarded
    _open(page, site_url, tree_id, scheme, "desktop")
    boxes = page.evaluate(MEASURE)
    assert boxes and all(b["texts"] for b in boxes)
    problems = _geometry_problems(boxes) + _wording_problems(boxes, load_tree(site_dir, tree_id))
    for box in boxes:
        for text in box["texts"]:
            if text["stroke"] != "none" and float(text["strokeWidth"].rstrip("px") or 0) > 0:
                problems.append(f"outlined text (a halo): {text['text']!r}")
            if _contrast(text["fill"], box["fill"]) < 4.5:
                problems.append(f"{text['text']!r}: {text['fill']} on {box['fill']} is below 4.5:1")
    assert not problems, "\n".join(problems[:20])


@pytest.mark.parametrize("tree_id", TREES)
def test_on_a_phone_the_diagram_keeps_its_size_and_scrolls_in_its_own_frame(guarded: Page, site_url: str,
                                                                            tree_id: str) -> None:
    page = guarded
    _open(page, site_url, tree_id, "light", "phone")
    frame = page.locator(".dt-diagram-wrap")
    frame.scroll_into_view_if_needed()
    facts = page.evaluate("""() => {
        const frame = document.querySelector('.dt-diagram-wrap'), svg = frame.querySelector('svg');
        const start = frame.querySelector('.dt-diagram__box rect').getBoundingClientRect();
        const view = frame.getBoundingClientRect();
        return {page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
                frameRight: view.right, viewport: innerWidth, overflow: getComputedStyle(frame).overflowX,
                scrolls: frame.scrollWidth > frame.clientWidth, drawn: svg.getBoundingClientRect().width,
                width: svg.width.baseVal.value, fontSize: getComputedStyle(svg.querySelector('text')).fontSize,
                startInView: start.left + start.width / 2 > view.left && start.left + start.width / 2 < view.right};
    }""")
    assert facts["page"] <= 0, "the page itself must not scroll sideways"
    assert facts["frameRight"] <= facts["viewport"] + SLACK
    assert abs(facts["drawn"] - facts["width"]) <= SLACK, "the diagram is not scaled down"
    assert float(facts["fontSize"].rstrip("px")) >= 12
    if facts["width"] > facts["viewport"]:
        assert facts["overflow"] == "auto" and facts["scrolls"], "a wide diagram scrolls inside its frame"
    assert facts["startInView"], "the frame opens at the first question"


@pytest.mark.parametrize("tree_id", TREES)
def test_the_outline_reads_on_a_phone(guarded: Page, site_url: str, tree_id: str) -> None:
    page = guarded
    _open(page, site_url, tree_id, "light", "phone")
    facts = page.evaluate("""() => {
        const outline = document.querySelector('.dt-outline'), edge = outline.getBoundingClientRect();
        const depth = e => { let d = 0; for (let p = e.parentElement; p !== outline; p = p.parentElement)
                                 if (p.matches('ol, ul')) d++; return d; };
        return {page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
                outside: [...outline.querySelectorAll('*')]
                    .filter(e => e.getBoundingClientRect().right > edge.right + 0.5
                                 || e.scrollWidth > e.clientWidth + 1)
                    .map(e => e.tagName + '.' + e.className).slice(0, 5),
                narrowest: Math.min(...[...outline.querySelectorAll('li')].map(li => li.getBoundingClientRect().width))
                           / edge.width,
                deepest: Math.max(...[...outline.querySelectorAll('li')].map(depth)),
                ownLine: [...outline.querySelectorAll('.dt-outline__answers > li')].every(li =>
                    li.querySelector('.dt-outline__leads').getBoundingClientRect().top
                    >= li.querySelector('.dt-outline__answer').getBoundingClientRect().bottom - 1)};
    }""")
    assert facts["page"] <= 0 and not facts["outside"], facts
    assert facts["narrowest"] >= 0.85, f"a column of {facts['narrowest']:.0%} of the outline's width"
    assert facts["deepest"] <= 2, "questions, then their answers: no deeper"
    assert facts["ownLine"], "on a phone, where an answer leads starts a line of its own"


def test_the_width_table_is_never_narrower_than_the_browser_draws(guarded: Page, site_url: str) -> None:
    """The build sizes boxes from fontwidths.json: each character must be at least as wide there
    as in the faces this browser draws sans-serif with (and in DejaVu Sans and Liberation Sans)."""
    page = guarded
    page.goto(site_url)
    table = json.loads(WIDTHS.read_text(encoding="utf-8"))
    too_narrow = page.evaluate("""(table) => {
        const context = document.createElement('canvas').getContext('2d'), out = [];
        for (const [style, weight] of [['regular', 'normal'], ['bold', 'bold']])
            for (const family of ['sans-serif', '"DejaVu Sans"', '"Liberation Sans"']) {
                context.font = `${weight} 1000px ${family}`;
                for (const [ch, width] of Object.entries(table[style])) {
                    const drawn = context.measureText(ch).width;
                    if (drawn > width + 0.5) out.push(`${style} ${family} ${JSON.stringify(ch)}: ${drawn} > ${width}`);
                }
            }
        return out;
    }""", table)
    assert not too_narrow, too_narrow[:10]


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots_of_the_talent_consent_diagram(guarded: Page, site_url: str, scheme: str, screen: str) -> None:
    """For people to look at: what a reader sees of the diagram (and, on a phone, the outline)."""
    page = guarded
    tree_id = "talent-consent" if "talent-consent" in TREES else TREES[0]
    _open(page, site_url, tree_id, scheme, screen)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.add_style_tag(content=".md-header { position: static; }")  # the sticky header would cover the diagram
    page.locator(".dt-diagram-wrap").screenshot(path=SHOTS / f"diagram-{tree_id}-{scheme}-{SCREENS[screen][0]}.png")
    if screen == "phone":
        page.locator(".dt-outline").screenshot(path=SHOTS / f"outline-{tree_id}-{scheme}-{SCREENS[screen][0]}.png")
