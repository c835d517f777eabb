"""The partner's way through, in Chromium: from a situation on the home page to a result they can send.

Each home-page situation opens its tree with the answers it implies; the rest is answered
as a reader would, the optional details are typed in, and the email, the printout and the
downloaded record must carry them. Then: the progress line, next steps that link on (with
the details carried to the next tree), how to ask for approval, and the two vocabularies of
the matrix and the trees.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import yaml
from conftest import run_axe
from playwright.sync_api import Page, expect
from treekit import ROOT, load_tree, longest_path, shown

from guidelines.evaluator import evaluate

pytestmark = pytest.mark.browser
CONTACT = yaml.safe_load((ROOT / "principles" / "guideline.yml").read_text(encoding="utf-8"))["contact"]

DETAILS = {"production": "The Long Night <b>S1</b>", "asset": "Ep. 3, scene 12", "tools": "DeAge Pro (enterprise)",
           "inputs": "Our own plates & the lead's scans", "intent": "Re-age the lead by 20 years\nfor a flashback"}


def _situations(page: Page, site_url: str) -> list[tuple[str, str]]:
    page.goto(site_url)
    links = page.locator(".gl-situations .gl-situation__start")
    return [(a.inner_text(), a.get_attribute("href")) for a in links.all()]


def _answer_until_result(page: Page, tree: dict[str, Any]) -> list[tuple[str, str]]:
    """Answer the first option of each question left, as a reader would, until the result."""
    for _ in range(len(tree["nodes"])):
        state = shown(page)
        if state["kind"] == "result":
            break
        assert state["kind"] == "question", state
        option = tree["nodes"][state["node"]]["options"][0]
        page.locator(".dt-question").get_by_role("button", name=option["label"], exact=True).click()
    expect(page.locator(".dt .dt-result")).to_have_count(1)
    answers = parse_qs(urlsplit(page.url).query)["answers"][0]
    return [tuple(step.split(".", 1)) for step in answers.split("~")]  # type: ignore[misc]


def _fill_details(page: Page, tree_id: str) -> None:
    if page.locator(".dt-details").get_attribute("open") is None:  # open already when details were kept
        page.locator(".dt-details summary").click()
    for name, value in DETAILS.items():
        page.locator(f"#dt-{tree_id}-{name}").fill(value)


def _mail(page: Page) -> tuple[str, str, str]:
    href = page.locator(".dt-email").get_attribute("href") or ""
    assert href.startswith("mailto:")
    to, _, query = href[len("mailto:"):].partition("?")
    fields = parse_qs(query)
    return unquote(to), fields["subject"][0], fields["body"][0]


def test_the_home_page_offers_situations_on_every_tree(guarded: Page, site_url: str, site_dir: Path) -> None:
    found = _situations(guarded, site_url)
    assert len(found) >= 8
    trees = {urlsplit(href).path.strip("/").split("/")[-1] for _, href in found}
    assert trees == {"quick-check", "talent-consent", "final-vs-temporary", "input-confidentiality"}


def test_each_situation_reaches_a_result_that_carries_the_details(guarded: Page, site_url: str,
                                                                  site_dir: Path) -> None:
    page = guarded
    situations = _situations(page, site_url)
    for title, href in situations:
        page.goto(site_url)
        page.get_by_role("link", name=title, exact=True).click()
        expect(page.locator(".dt[data-dt-mounted] .dt-heading")).to_have_count(1)
        tree_id = urlsplit(page.url).path.strip("/").split("/")[-1]
        tree = load_tree(site_dir, tree_id)
        implied = urlsplit(href).query.removeprefix("answers=").split("~")
        state = shown(page)
        # the tree opens where the situation's answers lead: its answers already given
        assert len(state["answers"]) == len(implied) or state["kind"] == "result", (title, state)
        walked = _answer_until_result(page, tree)
        assert walked[:len(implied)] == [tuple(s.split(".", 1)) for s in implied], title
        verdict = evaluate(tree, walked).verdict
        _fill_details(page, tree_id)
        to, subject, body = _mail(page)
        assert to == (CONTACT.get("email") or ""), "the email goes to the contact the guideline names"
        assert body.startswith("Hello,\r\n"), title
        assert DETAILS["production"] in subject and DETAILS["production"] in body, title
        for name in ("asset", "tools", "inputs", "intent"):
            assert DETAILS[name].replace("\n", "\r\n") in body, (title, name)
        for question, value in walked:  # the answers are listed in the email
            node = tree["nodes"][question]
            label = next(o["label"] for o in node["options"] if o["value"] == value)
            assert f"- {node['text']} {label}" in body, (title, question)
        # the printout: the details as text, never as HTML, under a head with the edition and a date
        page.emulate_media(media="print")
        printed = page.locator(".dt-result").inner_text()
        page.emulate_media(media="screen")
        for value in DETAILS.values():
            assert " ".join(value.split()) in " ".join(printed.split()), (title, value)
        assert page.locator(".dt-given b").count() == 0
        head = r"Decision record · .+ · edition \d{4}\.\d+( \(draft, not yet published\))? · \d{1,2} [A-Z][a-z]+ \d{4}"
        assert re.search(head, printed), printed
        # and the record
        with page.expect_download() as download:
            page.locator(".dt-download").click()
        record = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
        assert record["verdict"]["id"] == verdict
        assert record["details"] == {k: v for k, v in DETAILS.items()}, title


@pytest.mark.parametrize("tree_id", ["quick-check", "talent-consent", "final-vs-temporary", "input-confidentiality"])
def test_the_longest_result_prints_on_one_page_with_the_details(guarded: Page, site_url: str, site_dir: Path,
                                                                tree_id: str) -> None:
    page = guarded
    tree = load_tree(site_dir, tree_id)
    path = longest_path(tree)
    page.goto(f"{site_url}trees/{tree_id}/?answers=" + "~".join(f"{q}.{v}" for q, v in path))
    expect(page.locator(".dt .dt-result")).to_have_count(1)
    _fill_details(page, tree_id)
    page.emulate_media(media="print")
    data = page.pdf(format="A4", prefer_css_page_size=True)
    out = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True).stdout
    text = out.decode("utf-8")
    assert text.count("\f") == 1, f"the result prints on {text.count(chr(12))} pages"
    flat = " ".join(text.split())
    assert DETAILS["production"] in flat and "Re-age the lead by 20 years for a flashback" in flat
    assert tree["nodes"][evaluate(tree, path).node]["title"] in flat
    assert "edition 2025." in flat and "not an approval" in flat


def test_progress_says_how_many_questions_at_most(guarded: Page, site_url: str, site_dir: Path) -> None:
    page = guarded
    tree = load_tree(site_dir, "quick-check")
    page.goto(f"{site_url}trees/quick-check/")
    expect(page.locator(".dt-progress")).to_have_text(f"Question 1 of at most {_most(tree, tree['start'])}")
    page.goto(f"{site_url}trees/quick-check/?answers=creative-output.no")
    expect(page.locator(".dt-progress")).to_have_text(f"Question 2 of at most {1 + _most(tree, 'talent-performance')}")


def _most(tree: dict[str, Any], node_id: str) -> int:
    node = tree["nodes"][node_id]
    return 0 if node["type"] != "question" else 1 + max(_most(tree, o["next"]) for o in node["options"])


def test_a_next_step_links_to_the_tree_it_names_and_the_details_follow(guarded: Page, site_url: str) -> None:
    page = guarded
    page.goto(f"{site_url}trees/quick-check/?answers=creative-output.no~talent-performance.yes")
    _fill_details(page, "quick-check")
    step = page.locator(".dt-next li", has_text="decision tree").first
    link = step.get_by_role("link", name="talent-consent")
    link.click()
    expect(page).to_have_url(re.compile(r"/trees/talent-consent/$"))
    page.goto(f"{site_url}trees/talent-consent/?answers=change-kind.replica~consent.yes")
    expect(page.locator(".dt .dt-result")).to_have_count(1)
    for name, value in DETAILS.items():
        expect(page.locator(f"#dt-talent-consent-{name}")).to_have_value(value)
    assert DETAILS["production"] in _mail(page)[1]


def test_ids_in_a_result_are_links(guarded: Page, site_url: str) -> None:
    page = guarded
    page.goto(f"{site_url}trees/quick-check/?answers=creative-output.no~talent-performance.yes")
    link = page.locator(".dt-explanation").get_by_role("link", name="AC-3")
    expect(link).to_have_attribute("href", re.compile(r"approval/ac-3/$"))


def test_each_category_says_how_to_ask_for_approval(guarded: Page, site_url: str) -> None:
    page = guarded
    for number in range(1, 5):
        page.goto(f"{site_url}approval/ac-{number}/")
        section = page.locator("#how-to-ask")
        expect(section).to_have_text("How to ask for approval¶")
        text = page.locator("article").inner_text()
        assert "Your Netflix production contact" in text and "in writing" in text
        assert page.locator("#how-to-ask + p + ul > li").count() >= 3


def test_risk_levels_and_verdicts_are_two_vocabularies(guarded: Page, site_url: str) -> None:
    page = guarded
    page.goto(f"{site_url}use-cases/")
    risks = page.locator(".gl-legend .gl-badge--risk-levels")
    verdicts = page.locator(".gl-legend .gl-badge--verdicts")
    risk_words = set(risks.all_inner_texts())
    verdict_words = set(verdicts.all_inner_texts())
    assert risk_words and verdict_words and not risk_words & verdict_words
    symbols = lambda loc: {s.strip() for s in loc.locator(".gl-badge__symbol").all_inner_texts()}  # noqa: E731
    assert not symbols(risks) & symbols(verdicts)
    # they look different: square tags without a fill for levels, rounded pills for verdicts
    radius = lambda loc: loc.first.evaluate("e => parseFloat(getComputedStyle(e).borderTopLeftRadius)")  # noqa: E731
    assert radius(risks) < radius(verdicts) / 2
    expect(page.locator("#risk-and-verdicts")).to_have_count(1)
    assert "Escalate" not in " ".join(page.locator(".gl-matrix .gl-badge").all_inner_texts())


SHOTS = Path(os.environ.get("GUIDELINES_SHOTS", "/tmp/shots")) / "partner"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots_of_the_way_through_on_a_phone(guarded: Page, site_url: str, scheme: str) -> None:
    """For people to look at (written to $GUIDELINES_SHOTS/partner, never into the repository): the
    situations, a tree opened from one, its result with details, the matrix legend; nothing wider than
    the phone."""
    page = guarded
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.emulate_media(color_scheme=scheme)
    page.goto(f"{site_url}#situations")
    page.screenshot(path=SHOTS / f"situations-{scheme}.png")
    page.locator(".gl-situation__start").first.click()
    expect(page.locator(".dt[data-dt-mounted] .dt-heading")).to_have_count(1)
    page.screenshot(path=SHOTS / f"situation-opened-{scheme}.png")
    page.goto(f"{site_url}trees/quick-check/?answers=creative-output.no~talent-performance.yes")
    _fill_details(page, "quick-check")
    page.locator(".dt-details").screenshot(path=SHOTS / f"details-{scheme}.png")
    page.locator(".dt-result").screenshot(path=SHOTS / f"result-{scheme}.png")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.goto(f"{site_url}use-cases/")
    page.locator(".gl-legend").first.screenshot(path=SHOTS / f"risk-levels-{scheme}.png")
    page.locator(".gl-legend--relation").screenshot(path=SHOTS / f"risk-and-verdicts-{scheme}.png")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_hostile_details_cannot_break_a_result(guarded: Page, site_url: str) -> None:
    """Whatever is kept in the tab (a lone surrogate half, bidirectional overrides, a header
    injection, 5,000 characters, a number), every result still shows, and the email has two fields."""
    page = guarded
    page.goto(f"{site_url}trees/quick-check/")
    page.evaluate("""() => sessionStorage.setItem('dt-details', JSON.stringify({
        production: 'Night\\u202eroF', asset: 'x\\ud83d', tools: 'a\\r\\nBcc: evil@example.org',
        inputs: 'y'.repeat(5000), intent: 42, extra: '<img src=x onerror=alert(1)>'}))""")
    page.goto(f"{site_url}trees/quick-check/?answers=creative-output.no~talent-performance.yes")
    expect(page.locator(".dt .dt-result")).to_have_count(1)
    _to, subject, body = _mail(page)
    href = page.locator(".dt-email").get_attribute("href") or ""
    assert set(parse_qs(urlsplit(href).query)) == {"subject", "body"}
    assert "\u202e" not in subject and "NightroF" in subject
    assert "Bcc: evil@example.org" in body and "\ud83d" not in body
    assert page.locator("#dt-quick-check-inputs").input_value() == "y" * 2000
    assert page.locator("#dt-quick-check-intent").input_value() == ""
    assert page.locator(".dt img").count() == 0
    page.locator(".dt-clear").click()
    assert all(page.locator(f"#dt-quick-check-{k}").input_value() == "" for k in DETAILS)
    assert DETAILS["production"] not in _mail(page)[1] and "Night" not in _mail(page)[1]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_in_a_result_with_its_details_open(guarded: Page, site_url: str, scheme: str) -> None:
    page = guarded
    page.emulate_media(color_scheme=scheme)
    page.goto(f"{site_url}trees/final-vs-temporary/?answers=in-final.no")  # a "go ahead" that sends on
    expect(page.locator(".dt .dt-result .dt-only-part a")).to_have_count(1)
    _fill_details(page, "final-vs-temporary")
    assert run_axe(page, ".dt") == []
    page.goto(f"{site_url}use-cases/")
    assert run_axe(page) == []
