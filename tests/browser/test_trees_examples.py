"""Worked examples are golden tests of the trees, here replayed through the widget by
clicking, as a reader would: each must reach its recorded verdict (and outcome)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page
from treekit import example_checks, expect_result, load_tree, open_tree, replay, shown, tree_ids

pytestmark = pytest.mark.browser

TREES = tree_ids()
EXAMPLES = example_checks()


def test_every_tree_has_examples_to_replay() -> None:
    """Guards the parametrised test below against silently running on nothing."""
    assert TREES, "no active tree under principles/trees/"
    assert EXAMPLES, "no worked example with checks under principles/examples/"
    tested = {check["tree"] for _, check in EXAMPLES}
    assert set(TREES) <= tested, f"trees that no example replays: {sorted(set(TREES) - tested)}"


@pytest.mark.parametrize("tree_id", TREES)
def test_worked_examples_replayed_by_clicking(guarded: Page, site_url: str, site_dir: Path, tree_id: str) -> None:
    """All of a tree's examples in one page, with Start again between them."""
    page, tree = guarded, load_tree(site_dir, tree_id)
    checks = [(name, check) for name, check in EXAMPLES if check["tree"] == tree_id]
    open_tree(page, site_url, tree_id)
    for name, check in checks:
        answers = list(check["answers"].items())
        try:
            replay(page, tree, answers)
            expect_result(page, tree, check.get("outcome"), check["verdict"])
            assert shown(page)["query"] == "~".join(f"{q}.{v}" for q, v in answers)
        except AssertionError as error:
            raise AssertionError(f"example {name}: {error}") from error
        page.locator(".dt-result .dt-restart").click()
