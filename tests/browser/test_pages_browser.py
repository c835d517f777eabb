"""The guideline pages in headless Chromium, as a reader sees them.

Screenshots of the home page, a principle page, the matrix and an example page at
1280 px and 390 px go to /tmp/shots/pages/ (outside the repository) for a person to look
at; the tests check what can be checked automatically: nothing wider than the
screen, the citation box and the ID visible, no accessibility violation in the
project's own content (axe-core, WCAG 2.1 A/AA), a clean PDF from print, a working
Copy button (clipboard API and its fallback) and the examples filter, also after
Material's instant navigation. Every test runs in a guarded page (conftest.py): no
request may leave the site and no error may be logged.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from conftest import describe_violations, settle
from playwright.sync_api import Page, expect
from printkit import pdf_text

from guidelines import kinds
from guidelines.context import SiteContext
from guidelines.output.generate import check
from guidelines.urls import Urls

URLS = Urls("https://guidelines.invalid/")  # paths only: the site root does not matter

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SHOTS = Path(os.environ.get("GUIDELINES_SHOTS", "/tmp/shots")) / "pages"
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}


def _context() -> SiteContext:
    ctx, problems = check(ROOT)
    assert ctx is not None, problems.report()
    return ctx


CTX = _context()
PRINCIPLE = CTX.items(kinds.PRINCIPLE)[0]
# The first real case if there is one: it shows sources and the "Real case" label.
EXAMPLE = next((e for e in CTX.items(kinds.EXAMPLE) if e.data["kind"] == "real"), CTX.items(kinds.EXAMPLE)[0])
PAGES = {
    "home": ("", None),
    "principle": (URLS.path(kinds.PRINCIPLE, PRINCIPLE.id), PRINCIPLE.id),
    "matrix": ("use-cases/", None),
    "example": (URLS.path(kinds.EXAMPLE, EXAMPLE.id), EXAMPLE.id),
    "examples": ("examples/", None),  # the filter form: a select is as wide as its longest option
}


def open_page(page: Page, site_url: str, name: str, width: str = "desktop") -> None:
    w, h = WIDTHS[width]
    page.set_viewport_size({"width": w, "height": h})
    page.goto(site_url + PAGES[name][0])
    settle(page)  # (every page has at least the edition banner's link, which guidelines.js marks)


# -- screenshots and layout -------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_screenshot_fits_the_screen(guarded: Page, site_url: str, name: str, width: str) -> None:
    page = guarded
    open_page(page, site_url, name, width)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{WIDTHS[width][0]}.png"), full_page=True)
    overflow = page.evaluate("""() => {
        const limit = document.documentElement.clientWidth;
        const wide = [];
        for (const el of document.querySelectorAll('.md-content *')) {
            const box = el.getBoundingClientRect();
            if (box.width && box.right > limit + 1 && !el.closest('.md-typeset__scrollwrap, pre, .dt-diagram')) {
                wide.push(el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ')[0] : ''));
            }
        }
        return {page: document.documentElement.scrollWidth - limit, wide: wide.slice(0, 5)};
    }""")
    assert overflow["page"] <= 0 and not overflow["wide"], f"wider than the screen: {overflow}"
    expect(page.locator(".gl-site-edition")).to_be_visible()
    if CTX.status.label:  # an unofficial text says so above the title of every page
        notice = page.locator(".gl-site-notice")
        expect(notice).to_be_visible()
        expect(notice).to_contain_text(CTX.status.label)
        assert notice.bounding_box()["y"] < page.locator("h1").bounding_box()["y"]
    expect(page.locator("h1")).to_be_visible()
    item_id = PAGES[name][1]
    if item_id:
        expect(page.locator("h1")).to_contain_text(item_id)
        expect(page.locator(".gl-cite .gl-id").first).to_have_text(item_id)
        expect(page.locator("[data-gl-copy]").first).to_be_visible()


def test_matrix_becomes_labelled_cards_on_a_phone(guarded: Page, site_url: str) -> None:
    page = guarded
    open_page(page, site_url, "matrix", "phone")
    first = page.locator(".gl-matrix tbody tr").first
    assert first.evaluate("row => getComputedStyle(row).display") == "block"
    labels = first.locator("td").evaluate_all("cells => cells.map(c => c.dataset.label)")
    assert labels == ["ID", "Use case", "Risk", "Guidance", "Examples"]
    expect(first.locator(".gl-badge")).to_be_visible()



def test_every_example_shows_its_result_on_a_phone_first_screen(guarded: Page, site_url: str) -> None:
    """The one overall result comes straight after the title, before the citation box, and is on the first
    screen of a 390 x 844 phone: every example, opened in turn in one page (one report lists every miss)."""
    page = guarded
    page.set_viewport_size({"width": WIDTHS["phone"][0], "height": WIDTHS["phone"][1]})
    missed, seen = [], 0
    for example in CTX.items(kinds.EXAMPLE):
        page.goto(site_url + URLS.path(kinds.EXAMPLE, example.id))
        badge = page.locator(".gl-facts__result .gl-badge")
        if badge.count() != 1:
            missed.append(f"{example.id}: {badge.count()} results shown")
            continue
        box = badge.evaluate("""b => ({bottom: b.getBoundingClientRect().bottom, height: innerHeight, y: scrollY,
            header: document.querySelector('.md-header').getBoundingClientRect().bottom,
            top: b.getBoundingClientRect().top,
            first: b.compareDocumentPosition(document.querySelector('.md-content .gl-cite'))
                & Node.DOCUMENT_POSITION_FOLLOWING})""")
        seen += 1
        if not (box["y"] == 0 and box["header"] <= box["top"] and box["bottom"] <= box["height"]):
            missed.append(f"{example.id}: the result spans {box['top']:.0f}-{box['bottom']:.0f} px of a "
                          f"{box['height']} px screen")
        if not box["first"]:
            missed.append(f"{example.id}: the citation box comes before the result")
    assert seen > 10 and not missed, "\n".join(missed)


# -- accessibility ---------------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_no_accessibility_violation(guarded: Page, site_url: str, axe: Callable[..., list[dict[str, Any]]],
                                    name: str, width: str) -> None:
    page = guarded
    open_page(page, site_url, name, width)
    violations = axe(page)
    assert not violations, describe_violations(violations)


@pytest.mark.parametrize("name", ["principle", "matrix", "example"])
def test_no_accessibility_violation_in_the_dark_scheme(guarded: Page, site_url: str,
                                                       axe: Callable[..., list[dict[str, Any]]], name: str) -> None:
    page = guarded
    page.emulate_media(color_scheme="dark")
    open_page(page, site_url, name)
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    violations = axe(page)
    assert not violations, describe_violations(violations)


def test_no_accessibility_violation_in_the_examples_filter(guarded: Page, site_url: str,
                                                           axe: Callable[..., list[dict[str, Any]]]) -> None:
    page = guarded
    page.goto(site_url + "examples/")
    expect(page.locator("form[data-gl-filter]")).to_be_visible()
    page.select_option("select[data-gl-facet='principles']", PRINCIPLE.id)
    violations = axe(page, include="article")
    assert not violations, describe_violations(violations)


# -- print ---------------------------------------------------------------------------------


def test_principle_prints_cleanly_with_id_edition_and_url(guarded: Page, site_url: str) -> None:
    page = guarded
    open_page(page, site_url, "principle")
    page.emulate_media(media="print")
    hidden = page.evaluate("""() => ['.md-header', '.md-sidebar--primary', '.md-sidebar--secondary', '.md-footer',
                                     '.md-search', '[data-gl-copy]', '.headerlink']
        .filter(s => document.querySelector(s))
        .filter(s => [...document.querySelectorAll(s)].some(e => getComputedStyle(e).display !== 'none'))""")
    assert hidden == [], f"shown in print: {hidden}"
    SHOTS.mkdir(parents=True, exist_ok=True)
    pdf = SHOTS / f"principle-{PRINCIPLE.id}.pdf"
    pdf.write_bytes(page.pdf(prefer_css_page_size=True, print_background=True))
    assert pdf.stat().st_size > 10_000
    text = pdf_text(pdf)  # fails, with what to install, when poppler-utils is missing
    flat = " ".join(text.split())
    permalink = CTX.permalink(kinds.PRINCIPLE, PRINCIPLE.id)
    assert PRINCIPLE.id in flat and f"Edition {CTX.edition}" in flat and permalink in flat
    assert "\f" in text, "expected more than one printed page"
    for page_text in text.split("\f")[:-1]:
        assert CTX.edition in page_text, "every printed page carries the edition"
        if CTX.status.label:
            assert CTX.status.label in " ".join(page_text.split()), "every printed page carries the status"
    if CTX.status.notice:
        assert " ".join(CTX.status.notice.split()[:8]) in flat, "the notice is printed above the text"
    for chrome in ("Table of contents", "Skip to content", "Copy citation"):
        assert chrome not in flat, f"{chrome!r} printed"
    outside = [s["url"] for s in CTX.guideline["sources"] if s.get("url") and s["id"] in PRINCIPLE.data["sources"]]
    for url in outside:
        assert url.split("//", 1)[1][:30] in flat.replace(" ", ""), f"the address of {url} is not printed"


# -- copy citation -------------------------------------------------------------------------


def test_copy_button_puts_the_citation_on_the_clipboard(guarded: Page, site_url: str) -> None:
    page = guarded
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    open_page(page, site_url, "principle")
    button = page.locator(".gl-cite [data-gl-copy]").first
    expect(button).to_be_visible()
    button.click()
    expect(page.locator(".gl-cite [data-gl-copy-status]").first).to_have_text(re.compile("copied", re.I))
    assert page.evaluate("navigator.clipboard.readText()") == CTX.cite(kinds.PRINCIPLE, PRINCIPLE.id)


def test_copy_button_falls_back_without_the_clipboard_api(guarded: Page, site_url: str) -> None:
    page = guarded
    page.add_init_script("""
        Object.defineProperty(navigator, 'clipboard', {value: undefined, configurable: true});
        window.__copied = [];
        document.addEventListener('copy', () => window.__copied.push(String(window.getSelection()
            || (document.activeElement && document.activeElement.value) || '')));
    """)
    open_page(page, site_url, "example")
    page.locator(".gl-cite [data-gl-copy]").first.click()
    expect(page.locator(".gl-cite [data-gl-copy-status]").first).not_to_be_empty()
    copied = page.evaluate("window.__copied")
    assert copied and copied[-1] == CTX.cite(kinds.EXAMPLE, EXAMPLE.id)


def test_without_scripts_the_copy_button_and_filter_stay_hidden(browser: Any, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site_url + URLS.path(kinds.PRINCIPLE, PRINCIPLE.id))
        expect(page.locator(".gl-cite__text").first).to_have_text(CTX.cite(kinds.PRINCIPLE, PRINCIPLE.id))
        expect(page.locator("[data-gl-copy]").first).to_be_hidden()
        page.goto(site_url + f"examples/?principles={PRINCIPLE.id}")  # filters in the address need scripts
        expect(page.locator("form[data-gl-filter]")).to_be_hidden()
        expect(page.locator("tr:has([data-gl-row])")).to_have_count(len(CTX.items(kinds.EXAMPLE)))
        expect(page.locator("tr:has([data-gl-row])").last).to_be_visible()
        expect(page.locator("#by-principle")).to_be_visible()
    finally:
        context.close()


# -- examples filter ------------------------------------------------------------------------


def visible_rows(page: Page) -> list[str]:
    return page.locator("tr:has([data-gl-row])").evaluate_all(
        "rows => rows.filter(r => !r.hidden).map(r => r.querySelector('[data-gl-row]').textContent.trim())")


def test_examples_filter_by_principle_stage_and_verdict(guarded: Page, site_url: str) -> None:
    page = guarded
    page.goto(site_url + "examples/")
    form = page.locator("form[data-gl-filter]")
    expect(form).to_be_visible()
    everything = [e.id for e in CTX.items(kinds.EXAMPLE)]
    assert visible_rows(page) == everything
    page.select_option("select[data-gl-facet='principles']", PRINCIPLE.id)
    expected = [e.id for e in CTX.items(kinds.EXAMPLE) if PRINCIPLE.id in e.data["principles"]]
    assert visible_rows(page) == expected
    status = form.locator("[data-gl-filter-status]")
    expect(status).to_have_text(f"Showing {len(expected)} of {len(everything)} examples.")
    stage = EXAMPLE.data["stages"][0]
    page.select_option("select[data-gl-facet='stages']", stage)
    expected = [e.id for e in CTX.items(kinds.EXAMPLE)
                if PRINCIPLE.id in e.data["principles"] and stage in e.data["stages"]]
    assert visible_rows(page) == expected
    if not expected:
        expect(page.locator("[data-gl-filter-empty]")).to_be_visible()
    page.locator(".gl-filter__reset").click()
    expect(status).to_have_text(f"Showing {len(everything)} of {len(everything)} examples.")
    verdict = EXAMPLE.data["checks"][0]["verdict"]
    page.select_option("select[data-gl-facet='verdicts']", verdict)
    expected = [e.id for e in CTX.items(kinds.EXAMPLE) if verdict in {c["verdict"] for c in e.data["checks"]}]
    assert visible_rows(page) == expected


def test_enhancements_mount_once_after_instant_navigation(guarded: Page, site_url: str) -> None:
    """Material swaps pages without reloading scripts: mounting runs again, and only once."""
    page = guarded
    page.goto(site_url)
    page.wait_for_load_state("networkidle")
    page.locator(f"article a[href$='{URLS.path(kinds.PRINCIPLE, PRINCIPLE.id)}']").first.click()
    expect(page.locator("h1")).to_contain_text(PRINCIPLE.id)
    assert page.evaluate("performance.getEntriesByType('navigation').length") == 1
    button = page.locator(".gl-cite [data-gl-copy]").first
    expect(button).to_be_visible()
    page.go_back()
    expect(page.locator("h1")).not_to_contain_text(PRINCIPLE.id)
    page.go_forward()
    expect(page.locator("h1")).to_contain_text(PRINCIPLE.id)
    expect(page.locator(".gl-cite [data-gl-copy]").first).to_be_visible()
    page.locator("nav a[href$='examples/']").first.click()
    expect(page.locator("form[data-gl-filter]")).to_be_visible()
    page.select_option("select[data-gl-facet='principles']", PRINCIPLE.id)
    count = sum(PRINCIPLE.id in e.data["principles"] for e in CTX.items(kinds.EXAMPLE))
    assert len(visible_rows(page)) == count
    assert page.evaluate("performance.getEntriesByType('navigation').length") == 1, "a full reload happened"


# -- the filters in the address ------------------------------------------------------------

FACETS = "select[data-gl-facet='{}']"


def _query(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def _choices(page: Page) -> dict[str, str]:
    return page.locator("select[data-gl-facet]").evaluate_all(
        "selects => Object.fromEntries(selects.map(s => [s.dataset.glFacet, s.value]))")


def _with(principle: str = "", kind: str = "") -> list[str]:
    return [e.id for e in CTX.items(kinds.EXAMPLE)
            if (not principle or principle in e.data["principles"]) and (not kind or e.data["kind"] == kind)]


def test_chosen_filters_are_kept_in_the_address_without_a_reload(guarded: Page, site_url: str) -> None:
    page = guarded
    page.goto(site_url + "examples/")
    expect(page.locator("form[data-gl-filter]")).to_be_visible()
    history = page.evaluate("history.length")
    page.select_option(FACETS.format("principles"), PRINCIPLE.id)
    page.select_option(FACETS.format("kind"), EXAMPLE.data["kind"])
    assert _query(page) == {"principles": [PRINCIPLE.id], "kind": [EXAMPLE.data["kind"]]}
    assert page.evaluate("history.length") == history, "a choice added a history entry"
    page.select_option(FACETS.format("kind"), "")
    assert _query(page) == {"principles": [PRINCIPLE.id]}
    page.locator(".gl-filter__reset").click()
    expect(page).to_have_url(site_url + "examples/")
    assert visible_rows(page) == _with()
    assert page.evaluate("performance.getEntriesByType('navigation').length") == 1, "a full reload happened"


def test_an_address_with_filters_shows_them_chosen(guarded: Page, site_url: str) -> None:
    page = guarded
    kind = EXAMPLE.data["kind"]
    page.goto(site_url + f"examples/?kind={kind}&from=partner&principles={PRINCIPLE.id}")
    expect(page.locator(FACETS.format("principles"))).to_have_value(PRINCIPLE.id)
    assert _choices(page) == {"principles": PRINCIPLE.id, "stages": "", "verdicts": "", "kind": kind}
    expected = _with(PRINCIPLE.id, kind)
    assert visible_rows(page) == expected
    expect(page.locator("[data-gl-filter-status]")).to_have_text(
        f"Showing {len(expected)} of {len(_with())} examples.")
    assert _query(page)["from"] == ["partner"], "an address's other parameters are left alone"


def test_unknown_or_hostile_values_in_the_address_are_ignored(guarded: Page, site_url: str) -> None:
    page = guarded
    verdict = EXAMPLE.data["checks"][0]["verdict"]
    hostile = quote('"><img src=x onerror="window.__pwned=1">')
    page.goto(site_url + f"examples/?principles=GP-999&stages={hostile}&verdicts={verdict}&kind=<b>real</b>")
    expect(page.locator(FACETS.format("verdicts"))).to_have_value(verdict)
    assert _choices(page) == {"principles": "", "stages": "", "verdicts": verdict, "kind": ""}
    assert visible_rows(page) == [e.id for e in CTX.items(kinds.EXAMPLE)
                                  if verdict in {c["verdict"] for c in e.data["checks"]}]
    assert _query(page) == {"verdicts": [verdict]}, "values no option offers stay in the address"
    assert page.locator("article img, form[data-gl-filter] b").count() == 0
    assert page.evaluate("window.__pwned") is None


def test_back_forward_and_instant_navigation_return_to_the_filters(guarded: Page, site_url: str) -> None:
    page = guarded
    page.goto(site_url + "examples/")
    page.wait_for_load_state("networkidle")  # instant navigation needs Material's sitemap
    page.select_option(FACETS.format("principles"), PRINCIPLE.id)
    filtered = page.url
    shown = _with(PRINCIPLE.id)
    # Within the page (the table of contents), the address keeps the filters.
    page.locator("a[href*='#by-principle']").filter(visible=True).first.click()
    expect(page).to_have_url(filtered + "#by-principle")
    page.go_back()
    expect(page).to_have_url(filtered)
    assert visible_rows(page) == shown
    # To an example and back, through Material's instant navigation.
    page.locator(f"#gl-examples a[href$='{URLS.path(kinds.EXAMPLE, shown[0])}']").click()
    expect(page.locator("h1")).to_contain_text(shown[0])
    page.go_back()
    expect(page).to_have_url(filtered)
    expect(page.locator(FACETS.format("principles"))).to_have_value(PRINCIPLE.id)
    assert visible_rows(page) == shown
    page.go_forward()
    expect(page.locator("h1")).to_contain_text(shown[0])
    page.go_back()
    expect(page.locator(FACETS.format("principles"))).to_have_value(PRINCIPLE.id)
    assert visible_rows(page) == shown
    page.locator(".gl-filter__reset").click()
    expect(page).to_have_url(site_url + "examples/")
    page.go_forward()
    expect(page.locator("h1")).to_contain_text(shown[0])
    page.go_back()
    assert _choices(page)["principles"] == "" and visible_rows(page) == _with()
    assert page.evaluate("performance.getEntriesByType('navigation').length") == 1, "a full reload happened"


def test_show_all_from_an_empty_table_clears_the_address(guarded: Page, site_url: str) -> None:
    page = guarded
    empty = next((p.id, k) for p in CTX.items(kinds.PRINCIPLE) for k in ("real", "illustrative") if not _with(p.id, k))
    page.goto(site_url + f"examples/?principles={empty[0]}&kind={empty[1]}")
    reset = page.locator("[data-gl-filter-reset]")
    expect(reset).to_be_visible()
    reset.click()
    expect(page).to_have_url(site_url + "examples/#gl-examples")
    assert visible_rows(page) == _with()
    page.go_back()
    assert visible_rows(page) == _with(), "Back brought back the filters that were shown as cleared"
