"""The content security policy in real Chromium (output/security.py): the site's own pages run
with no violation, widget, search, filter and instant navigation included, and a script
injected into a built page is blocked and reported.

Violations are recorded by a listener every document gets before its own scripts run.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect
from treekit import load_tree, longest_path, open_tree, outcome_of, replay, tree_ids

from guidelines import kinds
from guidelines.urls import Urls

URLS = Urls("")
RECORD = """window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(
    {directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample, disposition: e.disposition}));"""


def violations(page: Page) -> list[dict[str, Any]]:
    return page.evaluate("window.__csp")


def watched(page: Page) -> Page:
    page.add_init_script(RECORD)
    return page


def test_home_and_instant_navigation_run_without_violation(guarded: Page, site_url: str) -> None:
    page = watched(guarded)
    page.goto(site_url, wait_until="networkidle")
    page.locator(f"article a[href$='{URLS.path(kinds.PRINCIPLE, 'GP-1')}']").first.click()
    expect(page.locator("h1")).to_contain_text("GP-1")
    assert page.evaluate("performance.getEntriesByType('navigation').length") == 1  # one document, one policy
    expect(page.locator(".gl-cite [data-gl-copy]").first).to_be_visible()  # the site's script ran
    assert violations(page) == []


def test_a_tree_to_its_result_runs_without_violation(guarded: Page, site_url: str, site_dir: Path) -> None:
    page = watched(guarded)
    tree_id = tree_ids()[0]
    tree = load_tree(site_dir, tree_id)
    answers = longest_path(tree)
    open_tree(page, site_url, tree_id)
    replay(page, tree, answers)
    expect(page.locator(".dt .dt-result")).to_have_attribute("data-dt-verdict", outcome_of(tree, answers)["verdict"])
    assert violations(page) == []


def test_the_examples_filter_runs_without_violation(guarded: Page, site_url: str) -> None:
    page = watched(guarded)
    page.goto(site_url + "examples/")
    status = page.locator("form[data-gl-filter] [data-gl-filter-status]")
    before = status.text_content()
    page.select_option("select[data-gl-facet='verdicts']", index=1)
    expect(status).not_to_have_text(before or "")
    assert violations(page) == []


def test_search_and_its_workers_run_without_violation(guarded: Page, site_url: str) -> None:
    page = watched(guarded)
    page.goto(site_url + URLS.path(kinds.EXAMPLE, "EX-11"), wait_until="networkidle")
    page.keyboard.press("/")
    page.locator("input.md-search__input").press_sequentially("EX-1", delay=20)
    first = page.locator(".md-search-result__item a").first
    expect(first).to_have_attribute("href", re.compile(re.escape(URLS.path(kinds.EXAMPLE, "EX-1")) + r"(\?|$)"),
                                    timeout=15_000)
    assert violations(page) == []


def test_an_injected_script_is_blocked_and_reported(page: Page, site_dir: Path, tmp_path: Path,
                                                    serve: Callable[[Path], str]) -> None:
    site = tmp_path / "site"
    shutil.copytree(site_dir, site)
    target = site / URLS.path(kinds.EXAMPLE, "EX-1") / "index.html"
    html = target.read_text(encoding="utf-8")
    injected = ('<script>window.__pwned = "inline"</script>'
                '<img src="data:," alt="" onload="window.__pwned = \'handler\'">')
    target.write_text(html.replace("</article>", injected + "</article>", 1), encoding="utf-8")
    page = watched(page)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(serve(site) + URLS.path(kinds.EXAMPLE, "EX-1"), wait_until="networkidle")
    expect(page.locator(".gl-cite [data-gl-copy]").first).to_be_visible()  # the site's own scripts still run
    assert page.evaluate("window.__pwned") is None
    found = violations(page)
    assert {(v["directive"], v["blocked"], v["disposition"]) for v in found} == {
        ("script-src-elem", "inline", "enforce"), ("script-src-attr", "inline", "enforce")}, found
    assert errors == []
