"""Screenshots of the page top, a question, a result (light, dark, printed), the no-JS
outline and the page bottom, at desktop and phone widths, for people to look at: written to $GUIDELINES_SHOTS/trees
(default /tmp/shots/trees), never into the repository. The widget must fit each width."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from treekit import load_tree, longest_path, open_tree, tree_ids

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("GUIDELINES_SHOTS", "/tmp/shots")) / "trees"
TREES = tree_ids()
TREE_ID = "quick-check" if "quick-check" in TREES else (TREES or ["?"])[0]


def _fits(page: Page, width: int) -> None:
    overflow = page.evaluate("""() => [...document.querySelectorAll('.dt, .dt *')]
        .filter(e => e.getBoundingClientRect().right > innerWidth + 1 || e.scrollWidth > e.clientWidth + 1)
        .filter(e => getComputedStyle(e).overflow === 'visible' || e.matches('.dt'))
        .map(e => e.tagName + '.' + e.className).slice(0, 5)""")
    assert not overflow, f"wider than {width}px: {overflow}"


@pytest.mark.parametrize("width", [1280, 390])
def test_screenshots_and_fit(guarded: Page, site_url: str, site_dir: Path, width: int) -> None:
    page = guarded
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": width, "height": 900 if width > 600 else 844})
    tree = load_tree(site_dir, TREE_ID)
    path = longest_path(tree)
    open_tree(page, site_url, TREE_ID, path[:2])
    _fits(page, width)
    page.screenshot(path=SHOTS / f"page-top-{width}.png")
    page.evaluate("scrollTo(0, document.querySelector('.dt').getBoundingClientRect().top + scrollY - 64)")
    page.wait_for_timeout(400)  # Material's header fades its title on scroll
    page.screenshot(path=SHOTS / f"question-{width}.png")
    open_tree(page, site_url, TREE_ID, path)
    expect(page.locator(".dt .dt-result")).to_have_count(1)
    _fits(page, width)
    page.locator(".dt").screenshot(path=SHOTS / f"result-{width}.png")
    page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
    page.locator(".dt").screenshot(path=SHOTS / f"result-dark-{width}.png")
    page.evaluate("document.body.setAttribute('data-md-color-scheme', 'default')")
    page.emulate_media(media="print")
    page.screenshot(path=SHOTS / f"result-print-{width}.png", full_page=True)
    page.emulate_media(media="screen")
    page.locator("#outline").scroll_into_view_if_needed()
    page.evaluate("scrollBy(0, -64)")
    page.screenshot(path=SHOTS / f"outline-{width}.png")
    page.evaluate("scrollTo(0, document.body.scrollHeight)")
    page.screenshot(path=SHOTS / f"bottom-{width}.png")
