"""Printing a page as a partner's browser does, and reading the paper back.

A partner prints from the browser's print dialog: what reaches the paper is what the
print stylesheet gives (no header or footer of the browser's own), so the PDF is made
with print media and the CSS page size, and read back with poppler's ``pdftotext
-layout``, one page per form feed. What a page shows in print (its headings, the
lists that are only links) is read from the DOM under print media, so the tests can
say which printed line is which.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Page

# A4 less the print stylesheet's margins (16 mm top, 18 mm bottom, 15 mm each side), in CSS pixels.
CONTENT_WIDTH_PX = (210 - 2 * 15) / 25.4 * 96
CONTENT_HEIGHT_PX = (297 - 16 - 18) / 25.4 * 96
PAGE_NUMBER = re.compile(r"Page (\d+) of (\d+)\s*$")
# The same sheet and margins in PDF points (pdftotext's pixels at its default 72 dpi).
_PT = 72 / 25.4
SHEET_PT = (210 * _PT, 297 * _PT)
TOP_MARGIN_PT, BOTTOM_MARGIN_PT = 16 * _PT, 18 * _PT

# What the page shows under print media. Headings, and what the print stylesheet keeps with
# the next block (a glossary term, an admonition's title...): none may end a printed page.
# Link lists: list items and paragraphs whose only content is links (with separators), i.e.
# lists for finding one's way, wherever they are (the theme's navigation included), and whether print
# shows each one.
_READ_DOM = """() => {
    const words = e => (e.innerText || e.textContent || '').replace(/\\u00b6/g, '')
        .split(/\\s+/).filter(Boolean).join(' ');
    const shown = e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
    const content = document.querySelector('article.md-content__inner');
    const keep = [...content.querySelectorAll('*')]
        .filter(e => /^H[1-6]$|^DT$/.test(e.tagName) || getComputedStyle(e).breakAfter === 'avoid')
        .filter(shown).map(words).filter(Boolean);
    const linkOnly = e => {  // only links, perhaps with separators between them
        const links = [...e.querySelectorAll('a')];
        if (!links.length || !words(e)) return false;
        const rest = links.reduce((text, a) => text.replace(a.textContent, ''), e.textContent);
        return /^[\\s\u00b7|,;\u2013-]*$/.test(rest);
    };
    const lists = [...document.querySelectorAll('li, p')].filter(linkOnly)
        .map(e => ({text: words(e), shown: shown(e)}));
    return {keep: keep, lists: lists};
}"""


@dataclass(frozen=True)
class PrintedPage:
    """One sheet: its margin lines and the lines of the page's own text, each with single spaces."""

    number: int
    header: str
    body: list[str]
    footer: str

    def text(self) -> str:
        """The body with no whitespace at all: words cut at a line end still match."""
        return squash(" ".join(self.body))


@dataclass(frozen=True)
class Printout:
    """A printed page: its sheets, and what the DOM says was on them."""

    pages: list[PrintedPage]
    keep_with_next: Counter[str]  # texts of headings and the like, as printed: how many of each
    link_lists: list[dict[str, object]]  # {"text": ..., "shown": bool}, for every link-only item

    def text(self) -> str:
        return "".join(page.text() for page in self.pages)


def squash(text: str) -> str:
    """Text without whitespace, to compare words across line breaks."""
    return re.sub(r"\s+", "", text)


def pdf_text(pdf: Path) -> str:
    """``pdftotext -layout`` of a PDF; fails (never skips) without poppler-utils."""
    if not shutil.which("pdftotext"):
        pytest.fail(f"pdftotext is not installed, so the printed PDF {pdf} cannot be read: "
                    "apt-get install -y poppler-utils (`make test` installs it)")
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def margins(pdf: Path) -> list[tuple[str, str]]:
    """Each sheet's top and bottom margins, (top, bottom), each read on its own, its lines joined by single
    spaces: a margin whose text wraps onto two lines (a French footer does) is still one text. (Its boxes'
    texts may come in either order, the page number even between two lines of the text beside it.)"""
    def crop(top: float, height: float) -> list[str]:
        if not shutil.which("pdftotext"):
            pdf_text(pdf)  # fails, saying what to install
        out = subprocess.run(["pdftotext", "-x", "0", "-y", str(int(top)), "-W", str(int(SHEET_PT[0]) + 1),
                              "-H", str(int(height)), str(pdf), "-"],
                             capture_output=True, text=True, check=True).stdout
        return [" ".join(part.split()) for part in out.split("\f")[:-1]]

    return list(zip(crop(0, TOP_MARGIN_PT), crop(SHEET_PT[1] - BOTTOM_MARGIN_PT, BOTTOM_MARGIN_PT + 1),
                    strict=True))


def print_page(page: Page, url: str, pdf: Path) -> Printout:
    """Open ``url``, print it as the browser's print dialog would, and read the PDF back."""
    page.goto(url)
    page.wait_for_load_state("networkidle")
    # guidelines.js has run (it marks the site's own links, which print without their address).
    page.wait_for_function("document.querySelector('.md-content a.gl-internal') !== null")
    page.emulate_media(media="print")
    dom = page.evaluate(_READ_DOM)
    pdf.parent.mkdir(parents=True, exist_ok=True)
    pdf.write_bytes(page.pdf(prefer_css_page_size=True))
    return Printout(sheets(pdf_text(pdf)), Counter(dom["keep"]), dom["lists"])


def sheets(text: str) -> list[PrintedPage]:
    """The pages of ``pdftotext -layout`` output: the top margin (the page's address), the
    page's text and the bottom margin (title, edition and status; 'Page N of M')."""
    pages = []
    for number, raw in enumerate(text.split("\f")[:-1], start=1):
        lines = [" ".join(line.split()) for line in raw.splitlines() if line.strip()]
        assert len(lines) >= 2, f"printed page {number} is empty: {raw!r}"
        header = lines[0] if lines[0].startswith(("http://", "https://")) else ""
        body = lines[1:-1] if header else lines[:-1]
        pages.append(PrintedPage(number, header, body, lines[-1]))
    return pages
