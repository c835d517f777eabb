"""The site published under a sub-path, as a studio would put it at https://studio.example/guidelines/.

The shipped content is built with ``--site-url http://127.0.0.1:PORT/guidelines/`` into a
``guidelines`` folder, and nginx serves that folder's parent with the snippet the build wrote
for that path. Then: the link check, every tree walked to its end in the browser, instant
navigation and search, the 404 page, the JSON export's and the feed's addresses, and the
deployment check all hold under the path.
"""

from __future__ import annotations

import http.client
import json
import re
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from nginx_util import free_port
from playwright.sync_api import Page, expect
from treekit import ROOT, load_tree, longest_path, open_tree, outcome_of, replay, tree_ids

from guidelines.output import serverconfig
from guidelines.tools.linkcheck import check_site

PREFIX = "guidelines/"


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory, serve: Callable[..., str]) -> tuple[str, Path]:
    """(the site's address under the path, the built folder)."""
    port = free_port()
    www = tmp_path_factory.mktemp("www")
    site = www / PREFIX.strip("/")
    address = f"http://127.0.0.1:{port}/{PREFIX}"
    run = subprocess.run([sys.executable, "-m", "guidelines", "build", "--site-url", address, "--site-dir", str(site)],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert serve(www, site, port) + PREFIX == address
    return address, site


def _addresses(value: Any) -> Iterator[str]:
    """Every string under the keys that hold addresses, anywhere in a JSON document."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("url", "json_url", "changes_url", "$id", "$schema", "home_page_url", "feed_url", "about",
                       "site_url") and isinstance(item, str):
                yield item
            else:
                yield from _addresses(item)
    elif isinstance(value, list):
        for item in value:
            yield from _addresses(item)


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


def test_the_sub_path_build_passes_the_link_check(published: tuple[str, Path]) -> None:
    _, site = published
    report = check_site(site)
    assert not report.problems, "\n".join(str(p) for p in report.problems)


def test_the_export_and_the_feed_name_addresses_under_the_path_that_answer(published: tuple[str, Path]) -> None:
    address, site = published
    origin = address.removesuffix(PREFIX)
    own: set[str] = set()
    for name in ("api/v1/guidelines.json", "api/v1/index.json", "feed.json", "api/v1/trees/quick-check.json"):
        for url in _addresses(json.loads((site / name).read_text(encoding="utf-8"))):
            if url.startswith(origin):
                own.add(url.split("#")[0])
    assert own and all(url.startswith(address) for url in own), sorted(u for u in own if not u.startswith(address))
    assert address + "api/v1/guidelines.json" in own and address + "feed.json" in own
    unanswered = [url for url in sorted(own) if _status(url) != 200]
    assert not unanswered, unanswered
    page = (site / "tool-builders" / "index.html").read_text(encoding="utf-8")  # its samples name this address
    assert address + "api/v1/schema.json" in page and "example.org/api/" not in page


@pytest.mark.parametrize("tree_id", tree_ids())
def test_every_tree_is_walked_to_its_end_under_the_path(guarded: Page, published: tuple[str, Path],
                                                        tree_id: str) -> None:
    address, site = published
    tree = load_tree(site, tree_id)
    answers = longest_path(tree)
    open_tree(guarded, address, tree_id)
    replay(guarded, tree, answers)
    result = guarded.locator(".dt .dt-result")
    expect(result).to_have_attribute("data-dt-verdict", outcome_of(tree, answers)["verdict"])
    assert guarded.url.startswith(address + f"trees/{tree_id}/")


def test_navigation_and_search_stay_under_the_path(guarded: Page, published: tuple[str, Path]) -> None:
    address, _ = published
    guarded.goto(address, wait_until="networkidle")
    guarded.locator("nav.md-nav a[href$='principles/']").first.click()
    expect(guarded).to_have_url(address + "principles/")
    guarded.keyboard.press("/")
    guarded.locator("input.md-search__input").press_sequentially("EX-1", delay=20)
    first = guarded.locator(".md-search-result__item a").first
    expect(first).to_have_attribute("href", re.compile(re.escape(address + "examples/ex-1/") + r"(\?|$)"),
                                    timeout=15_000)


def test_an_unknown_address_gets_the_sites_404_page_with_its_styles(page: Page,
                                                                    published: tuple[str, Path]) -> None:
    """(Not guarded: the browser logs the 404 status itself as a console error.)"""
    address, _ = published
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.on("response", lambda answer: failed.append(answer.url) if answer.status >= 400 and
            not answer.url.endswith("/no-such-page/") else None)
    response = page.goto(address + "no-such-page/", wait_until="networkidle")
    assert response is not None and response.status == 404
    expect(page.locator("h1")).to_have_text("Page not found")
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
    assert page.locator(".md-header a.md-logo").evaluate("a => a.href") == address
    assert failed == []


def test_the_deployment_check_passes_under_the_path(published: tuple[str, Path]) -> None:
    address, site = published
    run = subprocess.run([sys.executable, "-m", "guidelines", "deploy-check", address, "--site-dir", str(site)],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    nginx = (site / serverconfig.NGINX_FILE).read_text(encoding="utf-8")
    assert f"location ^~ /{PREFIX} {{" in nginx and f"error_page 404 /{PREFIX}404.html;" in nginx


def test_the_path_without_its_final_slash_redirects_on_the_same_host(published: tuple[str, Path]) -> None:
    address, _ = published
    parts = urlsplit(address)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    connection.request("GET", parts.path.rstrip("/"))
    answer = connection.getresponse()
    assert (answer.status, answer.getheader("Location")) == (301, parts.path)
    assert answer.getheader("X-Content-Type-Options") == "nosniff"
    connection.close()
