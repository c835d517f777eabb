"""Injection gate: text from YAML never runs in the browser, on any page or tree step.

A throwaway site is built from the base corpus with a script payload in every text
field (tests/hostile_util.py finds the fields from the JSON Schemas and rotates the
payloads: <script>, <img onerror>, <svg onload>, <details ontoggle>, javascript: URLs,
'</script>' and '</title>' break-outs, attribute lists, abbreviation and snippet
syntax, template syntax...). Every payload, if it ran, would open a dialog and set
window.__pwned. Every page and every tree step is visited: no dialog may open, no
payload may run, no page error may occur, and every payload must be readable as text.
Material's instant navigation and its search (which renders results as HTML) are
exercised too. The last test shows the gate failing on a payload rendered live.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import portless
from gates_support import Target, Visit, crawl, page_targets, report, tree_step_targets
from hostile_util import PAYLOADS, inject_payloads
from playwright.sync_api import Browser, Page

from fixtures_util import ROOT, make_project

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def injected(tmp_path_factory: pytest.TempPathFactory, serve: Callable[[Path], str]) -> tuple[str, Path]:
    """(URL, folder) of the payload-carrying site, built and served once."""
    project = make_project(tmp_path_factory.mktemp("injection") / "project", site=True)
    written = inject_payloads(project)
    assert set(written) >= set(PAYLOADS), "every payload must land in some field"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts")}
    run = subprocess.run([sys.executable, "-m", "guidelines", "--root", str(project), "build"],
                         cwd=project, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, "the payload corpus must build (it is valid content):\n" + run.stderr
    return serve(project / "site"), project / "site"


@pytest.fixture(scope="module")
def visits(browser: Browser, browser_context_args: dict[str, Any], injected: tuple[str, Path]) -> list[Visit]:
    url, site = injected
    context = browser.new_context(**browser_context_args)
    try:
        return crawl(context, url, page_targets(site) + tree_step_targets(site), text=True)
    finally:
        context.close()


def test_every_page_and_tree_step_was_visited(visits: list[Visit], injected: tuple[str, Path]) -> None:
    _, site = injected
    assert len([v for v in visits if not v.target.node]) == len(page_targets(site)) > 10
    steps = [v for v in visits if v.target.node]
    assert steps and all(v.shown == v.target.node for v in steps), report(steps, "shown")


def test_no_dialog_opens(visits: list[Visit]) -> None:
    assert not [v for v in visits if v.dialogs], "dialogs opened:\n" + report(visits, "dialogs")


def test_no_payload_runs(visits: list[Visit]) -> None:
    assert not [v for v in visits if v.pwned], "window.__pwned was set on:\n" + report(visits, "pwned")
    assert not [v for v in visits if v.errors], "page errors:\n" + report(visits, "errors")


def test_no_policy_violation(visits: list[Visit]) -> None:
    """The sanitiser left nothing for the policy to block (a violation would be a payload it caught)."""
    assert not [v for v in visits if v.csp], "content security policy violations:\n" + report(visits, "csp")


def test_no_request_leaves_the_site(visits: list[Visit]) -> None:
    assert not [v for v in visits if v.foreign], report(visits, "foreign")


def test_every_payload_is_shown_as_text(visits: list[Visit]) -> None:
    text = "\n".join(v.text for v in visits)
    missing = [payload for payload in PAYLOADS if payload not in text]
    assert not missing, f"payloads not shown literally to readers: {missing}"


def _armed(page: Page, dialogs: list[str]) -> None:
    page.on("dialog", lambda box: (dialogs.append(box.message), box.dismiss()))


def test_instant_navigation_and_search_run_no_payload(browser: Browser, browser_context_args: dict[str, Any],
                                                      injected: tuple[str, Path]) -> None:
    url, _ = injected
    context = browser.new_context(**browser_context_args)
    page, dialogs = context.new_page(), []
    _armed(page, dialogs)
    try:
        page.goto(url, wait_until="networkidle")  # the search worker has loaded its index
        page.keyboard.press("/")  # Material's shortcut to the search box
        page.locator("input.md-search__input").press_sequentially("javascript", delay=30)
        results = page.locator(".md-search-result__item")
        results.first.wait_for(timeout=15_000)
        assert "javascript:alert(1)" in page.locator(".md-search-result").inner_text()
        page.wait_for_timeout(300)
        assert page.evaluate("() => window.__pwned") is None, "a payload ran from the search results"
        page.keyboard.press("Escape")
        page.goto(portless(page, url))  # where instant navigation is on, as in production
        page.evaluate("window.__glSamePage = true")  # gone if a link loads a whole page
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        # Material's instant navigation fetches a page and swaps it in, re-running its scripts:
        # to an item page, then to a tree page (whose data must not be run as a script).
        for link, lands in (("principles/", "**/principles/**"), ("trees/", "**/trees/**")):
            page.locator(f".md-content a[href*='{link}']").first.click()
            page.wait_for_url(lands)
            page.wait_for_timeout(500)
        page.locator(".dt[data-dt-mounted] .dt-step").wait_for(timeout=10_000)
        assert page.evaluate("() => window.__glSamePage") is True, "the links loaded whole pages, not in place"
        assert page.evaluate("() => window.__pwned") is None, "a payload ran after instant navigation"
        assert dialogs == [] and errors == []
    finally:
        context.close()


def test_the_gate_fails_on_a_payload_rendered_live(browser: Browser, serve: Callable[[Path], str],
                                                    tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(
        f"<!doctype html><html><body><p>{PAYLOADS[0]}</p><p>{PAYLOADS[1]}</p></body></html>")
    context = browser.new_context()
    try:
        [visit] = crawl(context, serve(tmp_path), [Target("")], text=True)
    finally:
        context.close()
    assert visit.pwned and visit.dialogs
    assert PAYLOADS[1] not in visit.text
