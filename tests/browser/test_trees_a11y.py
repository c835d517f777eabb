"""Accessibility of the decision-tree widget: axe-core (WCAG 2.1 A and AA) at every step of
the longest walk through each tree, on its result in the dark scheme, and on the message
for a tampered link. The widget is checked on its own (Material's chrome is not ours).
Keyboard use and focus moves are checked in test_trees_widget.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import describe_violations
from playwright.sync_api import Page, expect
from treekit import click_answer, load_tree, longest_path, open_tree, shown, tree_ids

pytestmark = pytest.mark.browser

TREES = tree_ids()


@pytest.mark.parametrize("tree_id", TREES)
def test_axe_finds_nothing_in_the_widget_at_any_step(guarded: Page, site_url: str, site_dir: Path, axe: Any,
                                                     tree_id: str) -> None:
    page, tree = guarded, load_tree(site_dir, tree_id)
    path = longest_path(tree)
    open_tree(page, site_url, tree_id)
    for step in range(len(path) + 1):
        violations = axe(page, include=".dt")
        assert not violations, f"step {step} ({shown(page)['node']}):\n{describe_violations(violations)}"
        if step < len(path):
            click_answer(page, tree, *path[step])
    assert shown(page)["kind"] == "result"
    # Material's dark scheme (what its palette toggle sets)
    page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
    page.wait_for_timeout(400)  # Material fades colours over 250 ms: check the settled ones
    assert not (v := axe(page, include=".dt")), "dark scheme:\n" + describe_violations(v)


def test_axe_finds_nothing_in_the_tampered_link_message(guarded: Page, site_url: str, axe: Any) -> None:
    page = guarded
    page.goto(f"{site_url}trees/{TREES[0]}/?answers=garbage")
    expect(page.locator(".dt .dt-stale")).to_have_count(1)
    assert not (v := axe(page, include=".dt")), describe_violations(v)


def test_axe_can_fail(guarded: Page, fixture_url: str, axe: Any) -> None:
    """The check above is not vacuous: a widget with an unnamed button is a violation."""
    page = guarded
    page.goto(fixture_url)
    expect(page.locator(".dt[data-dt-mounted] .dt-heading")).to_have_count(1)
    page.evaluate("document.querySelector('.dt-option').textContent = ''")
    assert "button-name" in {v["id"] for v in axe(page, include=".dt")}
