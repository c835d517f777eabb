"""The sidebar's navigation, rendered once per folder for pages outside it (scripts/guidelines/mkdocs/navmemo.py),
leads every page to the same places as Material's own rendering would."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urljoin

import pytest

from fixtures_util import ROOT
from guidelines.mkdocs.navmemo import NavMemo

SITE = ROOT / "site"
_NAV = re.compile(r'data-md-type="navigation".*?data-md-type="toc"', re.S)  # (the primary sidebar)
_HREF = re.compile(r'href="([^"#]*)"')


def _page(url: str, in_nav: bool = False, parent: object = None) -> SimpleNamespace:
    inclusion = SimpleNamespace(is_in_nav=lambda: in_nav)
    return SimpleNamespace(url=url, file=SimpleNamespace(inclusion=inclusion), parent=parent)


NAV = SimpleNamespace(pages=[_page(u, True) for u in ("", "principles/", "examples/", "approval/ac-1/annex/")])


def test_pages_outside_the_navigation_share_it_by_their_folders_parent() -> None:
    memo = NavMemo()
    assert memo.key(_page("examples/ex-1/"), NAV) == memo.key(_page("examples/ex-2/"), NAV) == "examples/"
    assert memo.key(_page("editions/2025.1/principles/gp-1/"), NAV) == "editions/2025.1/principles/"
    assert memo.keep("examples/", "<nav>1</nav>") == "<nav>1</nav>"
    assert memo.keep("examples/", "<nav>2</nav>") == "<nav>2</nav>"  # (written as rendered; the first is kept)
    assert memo.get("examples/") == "<nav>1</nav>"


@pytest.mark.parametrize("page", [
    _page("principles/", in_nav=True),  # in the navigation: its entry is the current one
    _page("trees/other/", parent=object()),  # in a section of the navigation
    _page("approval/ac-1/"),  # a navigation entry lies inside its folder (approval/ac-1/annex/)
    _page("glossary/"),  # at the top: nothing to share with
    _page("404.html"),  # not a folder URL
    SimpleNamespace(url=None, file=None, parent=None),  # a theme page (404), without a file
])
def test_other_pages_get_their_own_rendering(page: SimpleNamespace) -> None:
    memo = NavMemo()
    assert memo.key(page, NAV) is None
    assert memo.keep(None, "<nav></nav>") == "<nav></nav>" and memo.get(None) is None


def _targets(site: Path, page: Path) -> list[str]:
    """Where a page's navigation leads, as site paths."""
    found = _NAV.search(page.read_text(encoding="utf-8"))
    assert found is not None, f"{page} has no navigation"
    url = page.relative_to(site).as_posix()
    return [posixpath.normpath(urljoin("/" + url, href)) for href in _HREF.findall(found.group(0))]


def test_every_page_of_the_built_site_has_the_navigation_of_its_language() -> None:
    if not (SITE / "index.html").is_file():
        pytest.fail(f"{SITE} is not built: run `make build` (or `.venv/bin/guidelines build`) first")
    expected = {"": _targets(SITE, SITE / "glossary" / "index.html"),
                "fr/": _targets(SITE, SITE / "fr" / "glossary" / "index.html")}
    assert len(expected[""]) > 10 and expected[""] != expected["fr/"]
    pages = [p for p in SITE.rglob("index.html") if "api" not in p.parts and _NAV.search(p.read_text("utf-8"))]
    assert len(pages) > 100
    for page in pages:
        language = "fr/" if page.relative_to(SITE).parts[0] == "fr" else ""
        assert _targets(SITE, page) == expected[language], page
