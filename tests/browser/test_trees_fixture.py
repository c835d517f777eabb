"""The widget on a stand-alone page (tests/browser/fixtures/): what must hold for any content.

The fixture tree carries hostile strings (markup in labels, help, explanation, titles and
a javascript: link) that must show as text and never run; the page needs no site build.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

PAYLOAD = json.loads((Path(__file__).parent / "fixtures" / "payload.json").read_text(encoding="utf-8"))
TREE = PAYLOAD["tree"]


def _mounted(page: Page) -> None:
    expect(page.locator(".dt[data-dt-mounted] .dt-heading")).to_have_count(1)


def test_hostile_strings_show_as_text_and_never_run(guarded: Page, fixture_url: str) -> None:
    page = guarded
    page.goto(fixture_url)
    _mounted(page)
    help_text = TREE["nodes"]["q-approval"]["help"]
    expect(page.locator(".dt-help")).to_have_text(help_text)
    hostile_label = TREE["nodes"]["q-approval"]["options"][2]["label"]
    expect(page.locator(".dt-option[data-value=not-sure]")).to_have_text(hostile_label)
    # through to the outcome whose explanation tries to close the script and inject an image
    page.locator(".dt-option[data-value=no]").click()
    page.locator(".dt-option[data-value=yes]").click()
    # the principle whose URL is javascript: is shown, but not as a link
    expect(page.locator(".dt-related li", has_text="GP-5")).to_have_count(1)
    expect(page.locator(".dt-related a", has_text="GP-5")).to_have_count(0)
    expect(page.locator(".dt-related a", has_text="GP-4")).to_have_count(1)
    page.locator(".dt-option[data-value=yes]").click()
    expect(page.locator(".dt-result")).to_have_attribute("data-dt-verdict", "proceed")
    expect(page.locator(".dt-explanation")).to_have_text(TREE["nodes"]["out-proceed"]["explanation"])
    expect(page.locator(".dt-status strong")).to_have_text("Unofficial paraphrase <b>not the issuer's text</b>. ")
    assert page.locator(".dt img, .dt script, .dt b:not(.dt-related b)").count() == 0
    assert page.evaluate("window.__pwned") is None
    # the hostile guideline title travels into the e-mail as text, percent-encoded
    href = page.locator("a.dt-email").get_attribute("href")
    assert "<" not in href and ">" not in href and " " not in href


def test_mounting_twice_changes_nothing(guarded: Page, fixture_url: str) -> None:
    """Material's document$ can fire again for the same page: mounting is idempotent."""
    page = guarded
    page.goto(fixture_url + "?answers=q-approval.no")
    _mounted(page)
    page.evaluate("DecisionTree.mount(); DecisionTree.mount()")
    expect(page.locator(".dt .dt-step")).to_have_count(1)
    expect(page.locator(".dt .dt-sr[aria-live]")).to_have_count(1)
    expect(page.locator(".dt .dt-step")).to_have_attribute("data-dt-node", "q-own")


def test_the_no_js_text_is_replaced(guarded: Page, fixture_url: str) -> None:
    page = guarded
    page.goto(fixture_url)
    _mounted(page)
    expect(page.locator(".dt .dt-nojs")).to_have_count(0)


def test_a_broken_payload_gives_a_message_not_an_exception(guarded: Page, fixture_url: str) -> None:
    page = guarded
    page.goto(fixture_url.replace("fixture-check", "broken"))
    expect(page.locator(".dt .dt-error")).to_have_count(1)
    expect(page.locator(".dt .dt-error")).not_to_be_empty()



def test_the_contacts_instructions_link_only_to_full_web_and_mail_addresses(guarded: Page, fixture_url: str) -> None:
    """The widget's own small Markdown reader follows the site's link rule, and reads backslash escapes."""
    page = guarded
    page.goto(fixture_url + "?answers=q-approval.no~q-own.yes~q-temp.yes")
    expect(page.locator(".dt-result")).to_have_count(1)
    details = page.locator(".dt .dt-contact details")
    hrefs = details.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert hrefs == ["https://studio.example/contact"]
    expect(details).to_contain_text("to [the desk](//evil.test/phish), a form, a script or the studio's page.")
