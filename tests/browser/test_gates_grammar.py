"""The grammar of dangerous text, loaded in Chromium: nothing runs, even past the link check.

A sample of the grammar (tests/dangerous.py, seeded so every run sees the same site)
fills every text field of the base corpus; the site is built with the validator's
link check switched off, so only the sanitiser stands between the text and the
reader. Every page and every tree step is visited with a trap armed: a dialog, a
set ``window.__pwned``, a page error or a request to another host fails the gate.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from dangerous import fill, seeded
from gates_support import Visit, crawl_fresh, page_targets, report, tree_step_targets
from playwright.sync_api import Browser

from fixtures_util import make_project
from guidelines.check import validate
from guidelines.output import sitebuild

pytestmark = pytest.mark.browser


# Every address on the page as Chromium itself resolves it, with the protocol it would use.
ADDRESSES = """() => Array.from(document.querySelectorAll('[href],[src],[action],[formaction],[data]'))
  .map(el => el.getAttribute('href') !== null ? el.href : el.getAttribute('src') !== null ? el.src
       : el.getAttribute('action') !== null ? el.action : el.getAttribute('formaction') || el.getAttribute('data'))
  .map(url => { try { return [url, new URL(url, location.href).protocol]; } catch (e) { return [url, 'invalid']; } })"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, serve: Callable[[Path], str]) -> tuple[str, Path]:
    project = make_project(tmp_path_factory.mktemp("grammar-browser") / "project", site=True)
    assert fill(project, seeded(20261202)) > 30
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(validate, "check_links", lambda *args: None)  # the sanitiser alone must hold
        sitebuild.build_site(project, strict=False)
    return serve(project / "site"), project / "site"


@pytest.fixture(scope="module")
def visits(site: tuple[str, Path], browser: Browser, browser_context_args: dict[str, Any]) -> list[Visit]:
    url, folder = site
    return crawl_fresh(browser, browser_context_args, url, page_targets(folder) + tree_step_targets(folder))


def test_nothing_from_the_grammar_runs_in_the_browser(visits: list[Visit]) -> None:
    assert len(visits) > 20
    assert not [v for v in visits if v.dialogs], "dialogs opened:\n" + report(visits, "dialogs")
    assert not [v for v in visits if v.pwned], "window.__pwned was set on:\n" + report(visits, "pwned")
    assert not [v for v in visits if v.errors], "page errors:\n" + report(visits, "errors")
    assert not [v for v in visits if v.foreign], "requests to other hosts:\n" + report(visits, "foreign")
    assert not [v for v in visits if v.csp], "policy violations:\n" + report(visits, "csp")


def test_every_address_on_every_page_is_one_a_reader_may_follow(site: tuple[str, Path], browser: Browser,
                                                                browser_context_args: dict[str, Any]) -> None:
    url, folder = site
    context = browser.new_context(**browser_context_args)
    page = context.new_page()
    bad: list[str] = []
    try:
        for target in page_targets(folder):
            page.goto(url + target.path, wait_until="load")
            bad += [f"{target.path}: {address}" for address, protocol in page.evaluate(ADDRESSES)
                    if protocol not in ("http:", "https:", "mailto:")]
    finally:
        context.close()
    assert bad == []
