"""Published editions in Chromium: an earlier edition's pages, its tree, edition URLs and old links.

The project of tests/editions_util.three_editions (2025.1, 2025.2 and 2025.3 published; the
quick check's "not sure" outcome moved from escalate to written approval in 2025.2).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from editions_util import three_editions
from guidelines.output.sitebuild import build_site

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory, serve: Callable[[Path], str]) -> str:
    root = three_editions(tmp_path_factory.mktemp("editions-browser") / "project")
    build_site(root)
    return serve(root / "site")


def answer(page: Page, *values: str) -> None:
    for value in values:
        page.locator(f".dt-option[data-value='{value}']").click()


def test_an_earlier_editions_tree_gives_that_editions_verdict(guarded: Page, url: str) -> None:
    guarded.goto(url + "editions/2025.1/trees/quick-check/")
    answer(guarded, "no", "not-sure")
    assert guarded.locator(".dt-result").get_attribute("data-dt-verdict") == "escalate"
    guarded.goto(url + "trees/quick-check/")
    answer(guarded, "no", "not-sure")
    assert guarded.locator(".dt-result").get_attribute("data-dt-verdict") == "approval-required"


def test_a_link_from_an_earlier_edition_offers_that_edition_or_a_fresh_start(guarded: Page, url: str) -> None:
    guarded.goto(url + "editions/2025.1/trees/quick-check/")
    answer(guarded, "no", "not-sure")
    query = guarded.url.split("?", 1)[1]
    assert "&t=" in "&" + query
    guarded.goto(url + "trees/quick-check/?" + query)
    notice = guarded.locator(".dt-stale")
    assert "another edition" in notice.inner_text() and "edition 2025.1" in notice.inner_text()
    guarded.get_by_role("link", name="Open it in edition 2025.1").click()
    guarded.wait_for_url("**/editions/2025.1/trees/quick-check/?*")
    assert guarded.locator(".dt-result").get_attribute("data-dt-verdict") == "escalate"
    guarded.goto(url + "trees/quick-check/?" + query)
    guarded.get_by_role("button", name="Start the current tree").click()
    assert guarded.locator(".dt-question").is_visible()


def test_the_edition_url_of_the_edition_in_force_leads_to_its_page_without_a_script(browser: Browser,
                                                                                      url: str) -> None:
    """Served with the build's nginx snippet: a redirect, which keeps the cited clause's #fragment."""
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        answered = page.goto(url + "editions/2025.3/sections/sec-1/?x=1#sec-1-2")
        assert answered is not None and answered.request.redirected_from is not None
        assert answered.request.redirected_from.url == url + "editions/2025.3/sections/sec-1/?x=1"
        assert page.url == url + "sections/sec-1/?x=1#sec-1-2"
    finally:
        context.close()


def test_the_page_at_an_edition_url_leads_on_with_its_script(guarded: Page, url: str) -> None:
    """On a host without the snippet, the page left at the edition URL leads on (here: asked for by its file)."""
    guarded.goto(url + "editions/2025.3/sections/sec-1/index.html?x=1#sec-1-2")
    guarded.wait_for_url("**/sections/sec-1/?x=1#sec-1-2")
    assert "/editions/" not in guarded.url


def test_archived_pages_say_which_edition_they_show(guarded: Page, url: str,
                                                   axe: Callable[..., list[dict[str, Any]]]) -> None:
    guarded.goto(url + "editions/2025.1/principles/gp-1/")
    note = guarded.locator(".gl-edition-note")
    assert "Edition 2025.1, published 2025-08-26: replaced by a later edition" in note.inner_text()
    assert "2025.1" in guarded.locator(".gl-site-edition").inner_text()
    assert axe(guarded) == []
    note.get_by_role("link", name="This page in the current edition").click()
    guarded.wait_for_url(url + "principles/gp-1/")
    guarded.goto(url + "editions/")
    assert axe(guarded) == []
    assert guarded.locator("table").inner_text().count("Replaced by edition") == 2
