"""A tree page on a phone (390 x 844), in headless Chromium against the built site: the question comes first.

On load, the first question's heading and its first answer are on the first screen, under Material's
header; after any first answer, the next question (or the result) is on screen too; the page reads in
the order it shows (title, the widget, then what the tree is for and how to cite it); and nothing
floats over the question heading after scrolling and answering (Material's "Back to top" pill did).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from treekit import click_answer, load_tree, longest_path, open_tree, tree_ids

pytestmark = pytest.mark.browser

TREES = tree_ids()
PHONE = {"width": 390, "height": 844}
SHOTS = Path("/tmp/shots/trees")


def screen_box(page: Page, selector: str) -> dict[str, float]:
    """Where the first element matching ``selector`` is, and what part of the window shows the page."""
    return page.evaluate("""(selector) => {
        const box = document.querySelector(selector).getBoundingClientRect();
        const header = document.querySelector('.md-header').getBoundingClientRect().bottom;
        return {top: box.top, bottom: box.bottom, header: header, height: innerHeight};
    }""", selector)


def assert_on_screen(page: Page, selector: str, where: str) -> None:
    """The element is wholly visible: below the sticky header and above the window's bottom edge."""
    box = screen_box(page, selector)
    assert box["top"] >= box["header"] and box["bottom"] <= box["height"], (
        f"{where}: {selector} spans {box['top']:.0f}-{box['bottom']:.0f} px; "
        f"the screen shows the page from {box['header']:.0f} to {box['height']:.0f} px")


def open_on_phone(page: Page, site_url: str, tree_id: str, answers: list[tuple[str, str]] = ()) -> None:
    page.set_viewport_size(PHONE)
    open_tree(page, site_url, tree_id, answers)


@pytest.mark.parametrize("tree_id", TREES)
def test_the_first_question_and_its_first_answer_are_on_the_first_screen(guarded: Page, site_url: str,
                                                                          tree_id: str) -> None:
    page = guarded
    open_on_phone(page, site_url, tree_id)
    assert page.evaluate("scrollY") == 0, "the page must open at its top"
    assert_on_screen(page, ".dt .dt-heading", f"{tree_id} on load")
    assert_on_screen(page, ".dt .dt-option", f"{tree_id} on load")


def _next_view(tree: dict[str, Any], node_id: str) -> tuple[str, str]:
    """The selectors that must be on screen when the widget shows ``node_id``: its heading, then the first
    answer of a question or the verdict of a result."""
    if tree["nodes"][node_id]["type"] == "question":
        return f'.dt-step[data-dt-node="{node_id}"] .dt-heading', ".dt .dt-option"
    return f'.dt-result[data-dt-node="{node_id}"] .dt-heading', ".dt .dt-result .dt-badge"


@pytest.mark.parametrize("tree_id", TREES)
def test_after_any_first_answer_the_next_step_is_on_screen(guarded: Page, site_url: str, site_dir: Path,
                                                           tree_id: str) -> None:
    page, tree = guarded, load_tree(site_dir, tree_id)
    start = tree["start"]
    for option in tree["nodes"][start]["options"]:
        open_on_phone(page, site_url, tree_id)
        click_answer(page, tree, start, option["value"])
        heading, first = _next_view(tree, option["next"])
        expect(page.locator(heading)).to_be_focused()
        where = f"{tree_id}, after answering '{option['value']}'"
        assert_on_screen(page, heading, where)
        assert_on_screen(page, first, where)


@pytest.mark.parametrize("tree_id", TREES)
def test_the_page_reads_in_the_order_it_shows(guarded: Page, site_url: str, tree_id: str) -> None:
    """Title, the widget, what the tree is for, its citation, the tree written out: one order for the eye
    and for a screen reader (the DOM), with nothing moved by CSS."""
    page = guarded
    open_on_phone(page, site_url, tree_id)
    parts = ["h1", ".dt", "#about-this-tree", ".gl-cite", "#outline"]
    found = page.evaluate("""(selectors) => {
        const all = [...document.querySelectorAll('.md-content *')];
        return selectors.map(s => {
            const el = document.querySelector('.md-content ' + s);
            return el && {dom: all.indexOf(el), top: el.getBoundingClientRect().top + scrollY};
        });
    }""", parts)
    assert all(found), dict(zip(parts, found, strict=True))
    doms, tops = [f["dom"] for f in found], [f["top"] for f in found]
    assert doms == sorted(doms), f"{tree_id}: the page's parts are not in the order {parts} in the DOM"
    assert tops == sorted(tops), f"{tree_id}: the page's parts are not shown in the order {parts}"


# Points over a box, a few pixels in (its centre and corners among them), where they are on screen: each
# that is not the box itself nor inside it, described.
_COVERED = """(selector) => {
    const target = document.querySelector(selector), box = target.getBoundingClientRect(), inset = 3;
    const across = [0, 0.25, 0.5, 0.75, 1].map(f => box.left + inset + f * (box.width - 2 * inset));
    const down = [0, 0.5, 1].map(f => box.top + inset + f * (box.height - 2 * inset));
    const points = down.flatMap(y => across.map(x => [x, y])).filter(([x, y]) => y >= 0 && y < innerHeight);
    return points.map(([x, y]) => {
        const hit = document.elementFromPoint(x, y);
        return hit && (hit === target || target.contains(hit)) ? null
            : `(${Math.round(x)}, ${Math.round(y)}): ${hit ? hit.tagName + '.' + hit.className : 'nothing'}`;
    }).filter(Boolean);
}"""


def assert_uncovered(page: Page, selector: str, where: str) -> None:
    """The element itself is what a tap anywhere on it reaches: nothing floats over it."""
    page.wait_for_timeout(400)  # Material shows and hides its floating controls with a transition
    covered = page.evaluate(_COVERED, selector)
    assert not covered, f"{where}: something covers {selector} at " + "; ".join(covered)


def scroll_back_up_to(page: Page, selector: str) -> None:
    """To the page's end, then back up until the element sits just under the header, as a reader does."""
    page.evaluate("scrollTo(0, document.body.scrollHeight)")
    page.wait_for_timeout(200)
    page.evaluate("""(selector) => {
        const header = document.querySelector('.md-header').getBoundingClientRect().bottom;
        scrollTo(0, document.querySelector(selector).getBoundingClientRect().top + scrollY - header - 2);
    }""", selector)


@pytest.mark.parametrize("tree_id", TREES)
def test_nothing_covers_the_question_after_scrolling_and_answering(guarded: Page, site_url: str, site_dir: Path,
                                                                   tree_id: str) -> None:
    """Scrolling back up to the widget, and answering, is when Material showed its "Back to top" pill over
    the question heading (the widget focuses it after each answer)."""
    page, tree = guarded, load_tree(site_dir, tree_id)
    path = longest_path(tree)
    open_on_phone(page, site_url, tree_id)
    for step, (question, value) in enumerate(path[:3]):
        heading = f'.dt-step[data-dt-node="{question}"] .dt-heading'
        scroll_back_up_to(page, heading)
        assert_uncovered(page, heading, f"{tree_id}, question {step + 1}, scrolled back up to")
        click_answer(page, tree, question, value)
        after = (f'.dt-step[data-dt-node="{path[step + 1][0]}"] .dt-heading' if step + 1 < len(path)
                 else ".dt-result .dt-heading")
        expect(page.locator(after)).to_be_focused()
        assert_uncovered(page, after, f"{tree_id}, question {step + 2}, just asked")
        if step == 0 and tree_id == TREES[0]:
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=SHOTS / "phone-after-answer.png")
