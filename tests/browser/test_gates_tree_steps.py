"""Site-wide gates at every step of every decision tree: no foreign request, axe finds nothing.

Every prefix of every answer path through each exported tree is opened by its own URL
(?answers=...), as a reader's link would open it: each question reached and each
outcome. The widget must show the expected node; no request may leave the site; and
axe-core (WCAG 2.1 A/AA) must find nothing in the widget. (The rest of a tree page does
not change from step to step: the whole page is checked once, in test_gates_pages.py.)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from gates_support import crawl_fresh, report, tree_step_targets
from playwright.sync_api import Browser

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def visits(browser: Browser, browser_context_args: dict[str, Any], site_url: str, site_dir: Path) -> list[Any]:
    return crawl_fresh(browser, browser_context_args, site_url, tree_step_targets(site_dir), axe=True)


def test_every_step_of_every_tree_was_shown(visits: list[Any], site_dir: Path) -> None:
    trees = {p.stem for p in (site_dir / "api" / "v1" / "trees").glob("*.json")}
    assert trees and {v.target.tree for v in visits} == trees
    wrong = [f"/{v.target.path}: expected {v.target.node}, shown {v.shown or 'nothing'}"
             for v in visits if v.shown != v.target.node]
    assert not wrong, "the widget did not show the step:\n" + "\n".join(wrong)


def test_no_request_leaves_the_site_at_any_step(visits: list[Any]) -> None:
    assert not [v for v in visits if v.foreign], "requests to other hosts (blocked):\n" + report(visits, "foreign")


def test_no_accessibility_violation_at_any_step(visits: list[Any]) -> None:
    assert not [v for v in visits if v.violations], "axe-core violations:\n" + report(visits, "violations")


def test_no_policy_violation_at_any_step(visits: list[Any]) -> None:
    assert not [v for v in visits if v.csp], "content security policy violations:\n" + report(visits, "csp")
