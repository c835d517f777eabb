"""The printed pages, as a partner's browser prints them: the complete page as a contract annex.

Each page is printed once (print media, the CSS page size, no browser header or footer:
only what the print stylesheet gives) and read back with ``pdftotext -layout``. The PDFs
go to /tmp/shots/print/ for a person to look at (``pdftoppm -png -r 60``). Checked on
paper: every sheet numbered "Page N of M" with its edition (an earlier edition's complete
page with that edition); no line that is a list of links; no heading as the last line of
a sheet; the annex says what the text is, whom it binds and whom to contact; each
glossary term on the sheet of its definition; an example and a tree print with their
citation box and nothing to navigate by, the tree's diagram whole on a sheet.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from pathlib import Path

import printkit
import pytest
from playwright.sync_api import Page
from printkit import CONTENT_HEIGHT_PX, CONTENT_WIDTH_PX, PAGE_NUMBER, Printout, pdf_text, print_page, squash
from treekit import site_context

from guidelines import kinds
from guidelines.urls import Urls

pytestmark = pytest.mark.browser

PDFS = Path(os.environ.get("GUIDELINES_SHOTS", "/tmp/shots")) / "print"
URLS = Urls("https://guidelines.invalid/")  # paths only


CTX = site_context()
EARLIER = [e.name for e in CTX.archive.editions if e.name != CTX.edition]
EXAMPLE = CTX.items(kinds.EXAMPLE)[0]
TREE = CTX.guideline["quick_check_tree"]
# Each printed page: (its path, the edition it shows). Every earlier edition's complete page too.
PRINTED = {
    "complete": ("complete/", CTX.edition),
    **{f"complete-{name}": (f"editions/{name}/complete/", name) for name in EARLIER},
    "example": (URLS.path(kinds.EXAMPLE, EXAMPLE.id), CTX.edition),
    "tree": (URLS.path(kinds.TREE, TREE), CTX.edition),
}
_printouts: dict[str, Printout] = {}


def printed(page: Page, site_url: str, name: str) -> Printout:
    """The page printed once per session (the first test to ask prints it, in its guarded page)."""
    if name not in _printouts:
        _printouts[name] = print_page(page, site_url + PRINTED[name][0], PDFS / f"{name}.pdf")
    return _printouts[name]


def words(text: str, count: int) -> str:
    """The first words of a data text, without its Markdown emphasis, as printed (no spaces)."""
    return squash(" ".join(re.sub(r"[*`]", "", text).split()[:count]))


# -- every printed page ---------------------------------------------------------------------


@pytest.mark.parametrize("name", PRINTED)
def test_every_sheet_says_its_page_number_and_edition(guarded: Page, site_url: str, name: str) -> None:
    sheets = printed(guarded, site_url, name).pages
    edition = PRINTED[name][1]
    for sheet in sheets:
        assert PAGE_NUMBER.search(sheet.footer), f"sheet {sheet.number}: no 'Page N of M' in {sheet.footer!r}"
        assert PAGE_NUMBER.search(sheet.footer).groups() == (str(sheet.number), str(len(sheets))), sheet.footer
        assert f"Edition {edition}" in sheet.footer, f"sheet {sheet.number}: no edition in {sheet.footer!r}"
        if name in ("complete", "example", "tree") and CTX.status.label:
            assert CTX.status.label in sheet.footer, f"sheet {sheet.number}: no status in {sheet.footer!r}"
        assert sheet.header.endswith(PRINTED[name][0]), f"sheet {sheet.number}: no address in {sheet.header!r}"


@pytest.mark.parametrize("name", PRINTED)
def test_no_list_of_links_is_printed(guarded: Page, site_url: str, name: str) -> None:
    """Navigation (the theme's, each page's related items, the contents) is left off the paper.

    A list entry that is only a link may print only where the same words are a heading, as
    often as they are (an item's title is both its heading and an entry in the contents).
    """
    out = printed(guarded, site_url, name)
    shown = sorted({str(item["text"]) for item in out.link_lists if item["shown"]})
    assert not shown, f"lists of links shown in print: {shown[:10]}"
    lines = Counter(line for sheet in out.pages for line in sheet.body)
    links = {str(item["text"]) for item in out.link_lists}
    printed_links = sorted(text for text in links if lines[text] > out.keep_with_next[text])
    assert not printed_links, f"printed as lines of their own: {printed_links[:10]}"
    body = " ".join(line for sheet in out.pages for line in sheet.body)
    for chrome in ("Skip to content", "Table of contents", "Copy citation", "What changed", "Back to top"):
        assert chrome not in body, f"{chrome!r} printed"


@pytest.mark.parametrize("name", PRINTED)
def test_no_heading_is_the_last_line_of_a_sheet(guarded: Page, site_url: str, name: str) -> None:
    out = printed(guarded, site_url, name)
    assert out.keep_with_next, "no heading found on the page"
    stranded = []
    for sheet in out.pages[:-1]:
        last, two = sheet.body[-1], " ".join(sheet.body[-2:])
        if last in out.keep_with_next or two in out.keep_with_next:
            stranded.append(f"sheet {sheet.number} ends with {last!r}")
    assert not stranded, "\n".join(stranded)


# -- the complete page: an annex -------------------------------------------------------------


def test_the_annex_says_what_the_text_is_whom_it_binds_and_whom_to_contact(guarded: Page, site_url: str) -> None:
    out = printed(guarded, site_url, "complete")
    text, g = out.text(), CTX.guideline
    lines = {line for sheet in out.pages for line in sheet.body}
    expected = {
        "scope": words(g["scope"]["text"], 10),
        "contact": squash(g["contact"]["name"]),
        "contact instructions": words(g["contact"]["instructions"], 10),
        "publisher": squash(f"Site published by {g['publisher']['name']}"),
        **{f"legal note {i}": words(note["text"], 10) for i, note in enumerate(g.get("legal_notes", []))},
    }
    if g["contact"].get("fallback"):
        expected["contact fallback"] = words(g["contact"]["fallback"], 10)
    if CTX.status.notice:
        expected |= {"status label": squash(CTX.status.label), "notice": words(CTX.status.notice, 12),
                     "issuer": squash(f"Restates guidance by {g['paraphrases']['name']}")}
    missing = [what for what, wanted in expected.items() if wanted not in text]
    assert not missing, f"not printed: {missing}"
    for who in g["scope"]["applies_to"]:
        assert who in lines, f"{who!r} (whom the guidelines bind) is not printed"
    for heading in ("About this text", "Whom these guidelines bind", "Contact the studio"):
        assert heading in lines, f"no {heading!r} in the annex"
    first_rule = squash(CTX.items(kinds.PRINCIPLE)[0].data["title"])
    assert all(text.index(expected[what]) < text.index(first_rule) for what in ("scope", "contact")), \
        "whom the text binds and whom to contact come before the rules"


def test_each_glossary_term_prints_on_the_sheet_of_its_definition(guarded: Page, site_url: str) -> None:
    out = printed(guarded, site_url, "complete")
    terms = [t for t in CTX.items(kinds.GLOSSARY) if t.active]
    assert terms
    for term in terms:
        name, definition = term.data["term"], term.data["definition"].split()
        sheets = [s for s in out.pages if name in s.body]
        assert sheets, f"glossary term {name!r} is not printed as a line of its own"
        sheet = sheets[-1]  # the glossary is the annex's last part
        head, tail = squash(" ".join(definition[:6])), squash(" ".join(definition[-6:]))
        assert head in sheet.text() and tail in sheet.text(), \
            f"{name!r} is on sheet {sheet.number}, its definition is not (whole) there"


def test_the_annex_prints_each_example_with_its_permanent_url_on_one_line(guarded: Page, site_url: str) -> None:
    out = printed(guarded, site_url, "complete")
    lines = [line for sheet in out.pages for line in sheet.body]
    for example in CTX.items(kinds.EXAMPLE):
        url = CTX.permalink(kinds.EXAMPLE, example.id)
        assert any(url in line for line in lines), f"{example.id}: its permanent URL {url} is cut"


# -- an example and a tree -------------------------------------------------------------------


@pytest.mark.parametrize(("name", "kind", "item_id"), [("example", kinds.EXAMPLE, EXAMPLE.id),
                                                       ("tree", kinds.TREE, TREE)])
def test_an_item_prints_with_its_citation_box(guarded: Page, site_url: str, name: str, kind: kinds.Kind,
                                              item_id: str) -> None:
    out = printed(guarded, site_url, name)
    text = out.text()
    assert squash("Cite this:") in text and squash(CTX.cite(kind.name, item_id)) in text, "no citation printed"
    assert squash(CTX.permalink(kind, item_id)) in text
    if CTX.status.notice:
        assert words(CTX.status.notice, 8) in out.pages[0].text(), "the status notice is not above the text"


def test_a_trees_diagram_prints_whole_on_a_sheet_of_its_own(guarded: Page, site_url: str) -> None:
    out = printed(guarded, site_url, "tree")
    sheet = next((s for s in out.pages if "Diagram" in s.body), None)
    assert sheet and sheet.body[0] == "Diagram" and len(sheet.body) > 5, "the diagram is not on its heading's sheet"
    guarded.goto(site_url + PRINTED["tree"][0])
    guarded.emulate_media(media="print")
    width, height = guarded.evaluate("() => { const r = document.querySelector('svg.dt-diagram')"
                                     ".getBoundingClientRect(); return [r.width, r.height]; }")
    assert width <= CONTENT_WIDTH_PX + 1 and height <= CONTENT_HEIGHT_PX + 1, \
        f"the diagram ({width:.0f} x {height:.0f} px) is larger than a sheet"


def test_without_pdftotext_reading_the_paper_fails_and_says_what_to_install(monkeypatch: pytest.MonkeyPatch,
                                                                          tmp_path: Path) -> None:
    monkeypatch.setattr(printkit.shutil, "which", lambda name: None)
    with pytest.raises(pytest.fail.Exception, match="apt-get install -y poppler-utils"):
        pdf_text(tmp_path / "annex.pdf")
