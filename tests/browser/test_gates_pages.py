"""Site-wide gates on every built page: no request leaves the site, axe finds nothing.

Every page of the built site, in every language (the French site under /fr/ too: each
folder's index.html, and each language's 404.html), is opened once in headless Chromium,
but those of the archived editions before the latest archived one, and the pages at the edition
in force's edition URLs that lead on to its pages but the first of each language
(gates_support.page_targets says why; the static gate below reads them too).
Any request to another origin is blocked and recorded (the site must make none: partners
read it inside locked-down networks), and axe-core checks the whole page against WCAG 2.1
A and AA (tags wcag2a, wcag2aa, wcag21a, wcag21aa).

Excluded from axe, and only these (each with its reason, in conftest.MATERIAL_CHROME):
parts of Material's own chrome. The project's content, templates and widgets are
never excluded. The last test builds a tiny broken site to show both gates failing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import MATERIAL_CHROME
from gates_support import LANGUAGES, Target, crawl, crawl_fresh, page_targets, report, third_party_references
from playwright.sync_api import Browser

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def visits(browser: Browser, browser_context_args: dict[str, Any], site_url: str, site_dir: Path) -> list[Any]:
    return crawl_fresh(browser, browser_context_args, site_url,
                       [target for target in page_targets(site_dir) if not target.skipped], axe=True)


def test_every_page_was_visited(visits: list[Any], site_dir: Path) -> None:
    """Every page in every language: the French site's (under /fr/) too, its trees' widgets mounted (but
    the older archived editions', see above: the latest archived edition's are visited)."""
    built = len(list(site_dir.rglob("index.html"))) + sum((site_dir / language / "404.html").is_file()
                                                          for language in ["", *LANGUAGES])
    skipped = [target for target in page_targets(site_dir) if target.skipped]
    assert len(visits) == built - len(skipped) > 10
    assert any(v.target.path.startswith("editions/") and 'http-equiv="refresh"' not in
               (site_dir / v.target.path / "index.html").read_text(encoding="utf-8") for v in visits)
    leading_on = [v.target.path for v in visits if v.target.path.endswith("/index.html") and 'http-equiv="refresh"'
                  in (site_dir / v.target.path).read_text(encoding="utf-8")]
    assert [path.split("/")[0] for path in leading_on] == ["editions", "fr"], leading_on
    trees = [v for v in visits if v.target.tree]
    assert trees and all(v.shown for v in trees), "a tree page's widget did not mount"
    assert {v.target.path for v in trees} >= {"trees/quick-check/", "fr/trees/quick-check/"}
    assert {"404.html", "fr/404.html"} <= {v.target.path for v in visits}


def test_no_request_leaves_the_site(visits: list[Any]) -> None:
    offending = [v for v in visits if v.foreign]
    assert not offending, "requests to other hosts (blocked):\n" + report(visits, "foreign")


def test_no_page_asks_for_an_address_that_does_not_exist(visits: list[Any]) -> None:
    """Every request a page makes as it loads is answered (a 404 is also a console error, and a request
    wasted on a partner's network): Material's sitemap requests beside each language link once were."""
    assert not [v for v in visits if v.failed], "requests answered with an error:\n" + report(visits, "failed")


def test_no_accessibility_violation_on_any_page(visits: list[Any]) -> None:
    offending = [v for v in visits if v.violations]
    assert not offending, "axe-core (WCAG 2.1 A/AA) violations:\n" + report(visits, "violations")


def test_no_page_violates_the_content_security_policy(visits: list[Any]) -> None:
    """Served by nginx with the build's headers: the policy is enforced from the header and the meta."""
    assert not [v for v in visits if v.csp], "policy violations:\n" + report(visits, "csp")


def test_no_page_refers_to_a_resource_on_another_host(site_dir: Path) -> None:
    """Also what a visit may not trigger: preconnect, prefetch, print-only or lazy resources."""
    home = (site_dir / "index.html").read_text(encoding="utf-8")
    own = home.split('<link rel="canonical" href="', 1)[1].split('"', 1)[0] if 'rel="canonical"' in home else None
    assert third_party_references(site_dir, own) == []


def test_every_exclusion_is_material_chrome_with_a_reason() -> None:
    source = (Path(__file__).parent / "conftest.py").read_text(encoding="utf-8")
    block = re.search(r"^MATERIAL_CHROME[^=]*=\s*\[\n(.*?)^\]", source, re.MULTILINE | re.DOTALL)
    assert block, "MATERIAL_CHROME not found in conftest.py"
    for selector in MATERIAL_CHROME:
        assert selector.startswith(".md-"), f"{selector} is not Material's chrome"
        before = block.group(1).split(f'"{selector}"', 1)[0].rstrip().splitlines()
        assert before and before[-1].strip().startswith("#"), f"{selector} has no reason written above it"


BROKEN_PAGE = """<!doctype html><html lang="en"><head><title>Broken</title>
<link rel="preconnect" href="https://fonts.example.invalid">
<script src="https://cdn.example.invalid/lib.js"></script></head>
<body><main><h1>Broken</h1><img src="https://tracker.example.invalid/pixel.png">
<button></button></main></body></html>"""


def test_the_gates_fail_on_a_page_with_third_party_resources_and_violations(
        browser: Browser, serve: Callable[[Path], str], tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(BROKEN_PAGE)
    context = browser.new_context()
    try:
        [visit] = crawl(context, serve(tmp_path), [Target("")], axe=True)
    finally:
        context.close()
    assert sorted(visit.foreign) == ["https://cdn.example.invalid/lib.js", "https://tracker.example.invalid/pixel.png"]
    assert {"image-alt", "button-name"} <= {v["id"] for v in visit.violations}
    assert len(third_party_references(tmp_path)) == 3


def test_the_gates_see_a_policy_violation(browser: Browser, serve: Callable[[Path], str], tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(
        """<!doctype html><html lang="en"><head>"""
        """<meta http-equiv="Content-Security-Policy" content="script-src 'none'"><title>t</title></head>"""
        "<body><script>document.title = 'ran'</script></body></html>")
    context = browser.new_context()
    try:
        [visit] = crawl(context, serve(tmp_path), [Target("")])
    finally:
        context.close()
    assert [v.split(" at ")[0] for v in visit.csp] == ["enforce script-src-elem blocked inline"], visit.csp
