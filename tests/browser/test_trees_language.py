"""The widget in the page's language: every word it shows, e-mails, prints and names a file with comes
from the page (data-dt-strings, the build's interface text), none from the script.

The stand-alone fixture tree (English content) on a page whose interface text is French
(conftest.py: trees/fixture-check-fr/).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, unquote

import pytest
from playwright.sync_api import Page, expect

from guidelines.render import i18n

pytestmark = pytest.mark.browser

FR, EN = i18n.group("fr", "widget"), i18n.group("en", "widget")
# (the e-mail's lines are read with plain spaces for the no-break ones French typography sets)
FR_PLAIN = {key: value.replace("\u00a0", " ").replace("\u202f", " ") if isinstance(value, str) else value
            for key, value in FR.items()}
MONTHS = [i18n.text("fr", f"date.months.{n}") for n in range(1, 13)]


def _french(fixture_url: str) -> str:
    return fixture_url.replace("fixture-check", "fixture-check-fr")


def _mail(page: Page) -> tuple[str, str]:
    href = page.locator(".dt-email").get_attribute("href") or ""
    fields = parse_qs(href.partition("?")[2])
    return unquote(fields["subject"][0]), fields["body"][0]


def test_the_questions_speak_the_pages_language(guarded: Page, fixture_url: str) -> None:
    page = guarded
    page.goto(_french(fixture_url))
    expect(page.locator(".dt[data-dt-mounted] .dt-heading")).to_have_count(1)
    expect(page.locator(".dt-progress")).to_contain_text("Question 1 sur ")
    page.locator(".dt-option[data-value=no]").click()
    expect(page.locator(".dt-count")).to_have_text(FR["answered1"])
    expect(page.locator(".dt-back")).to_have_text(FR["back"])
    expect(page.locator(".dt-restart")).to_have_text(FR["restart"])
    expect(page.locator(".dt-so-far h3")).to_have_text(FR["yours"])
    expect(page.locator(".dt-change").first).to_contain_text(FR["change"])


def test_the_result_its_email_record_and_printout_speak_the_pages_language(guarded: Page, fixture_url: str
                                                                        ) -> None:
    page = guarded
    page.goto(_french(fixture_url) + "?answers=q-approval.no~q-own.yes~q-temp.yes")
    result = page.locator(".dt-result")
    expect(result).to_have_count(1)
    expect(result).to_have_attribute("aria-label", FR["result"])
    for selector, key in ((".dt-download", "download"), (".dt-print", "print"), (".dt-copy", "copy"),
                          (".dt-email", "email"), ("p.dt-progress", "result"), (".dt-details summary", "details")):
        expect(page.locator(selector)).to_have_text(FR[key])
    expect(page.locator(".dt-result h3").first).to_have_text(FR["why"])
    text = " ".join(result.inner_text().split())
    for key in ("download", "print", "email", "why", "next", "aid", "details", "clear", "link"):
        assert EN[key] not in text, f"{EN[key]!r} on the French page"
    # the printed head: "Fiche de décision", the date in French
    head = page.locator(".dt-print-head").text_content() or ""
    assert head.startswith("Fiche de décision · ") and any(f" {month} " in head for month in MONTHS), head
    # the e-mail, with a production named
    page.locator(".dt-details summary").click()
    page.locator("input[name=production]").fill("Ma série")
    page.locator("input[name=asset]").fill("Épisode 3")
    # (French typography: no-break spaces before « : », « ; », « ? »; read here as plain spaces)
    subject, body = (text.replace("\u00a0", " ").replace("\u202f", " ") for text in _mail(page))
    assert subject.startswith("Ma série : ") and "édition" in subject, subject
    lines = body.split("\r\n")
    assert lines[0] == FR_PLAIN["hello"]
    assert "Nous souhaiterions votre avis sur un usage de l'IA générative pour Ma série." in lines
    assert "Épisode, scène ou élément : Épisode 3" in lines
    assert FR_PLAIN["ourAnswers"] in lines and any(line.startswith("Lien vers ce résultat : ") for line in lines)
    assert any(re.match(r"L'arbre de décision « .* » \(.*, édition \S+ ; .*\) donne ce résultat : ", line)
               for line in lines), body
    assert not any(EN[key] in body for key in ("hello", "ourAnswers")), body
    # the downloaded record's file name
    with page.expect_download() as download:
        page.locator(".dt-download").click()
    assert re.fullmatch(r"fixture-check-fiche-\d{4}-\d{2}-\d{2}\.json", download.value.suggested_filename)
    page.locator(".dt-clear").click()
    assert "Ma série" not in _mail(page)[1]


def test_a_broken_payload_is_reported_in_the_pages_language(guarded: Page, fixture_url: str) -> None:
    """(The broken page is English; its message comes from its words, not from the script.)"""
    page = guarded
    page.goto(fixture_url.replace("fixture-check", "broken"))
    expect(page.locator(".dt .dt-error")).to_have_text(EN["broken"])
