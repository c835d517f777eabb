"""Search in headless Chromium: an ID typed in any spelling finds its own page first.

The site's search box is Material's, whose worker runs inside ours
(docs/assets/javascripts/workers/search-ids.js) with the index's ID fields
(scripts/guidelines/mkdocs/searchids.py). Each query is typed into the real search box of
the built site and read back from the results Material shows; words are checked against
Material's own worker, run beside ours in the same page on the same index without the ID
fields, so "words search as before" means the same results with the same scores.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from conftest import SITE
from playwright.sync_api import Page, expect
from treekit import rebase_sitemap, site_context

from guidelines import kinds
from guidelines.render.idlinks import MENTION
from guidelines.urls import Urls, anchor

pytestmark = pytest.mark.browser

URLS = Urls("https://guidelines.invalid/")  # paths only


CTX = site_context()
ARCHIVED = [edition.name for edition in CTX.archive.editions if edition.name != CTX.edition]
# The item each query means, as it would be typed: with and without its hyphen, spaced, any case.
QUERIES = {
    "EX-1": URLS.path(kinds.EXAMPLE, "EX-1"),
    "ex1": URLS.path(kinds.EXAMPLE, "EX-1"),
    "ex 1": URLS.path(kinds.EXAMPLE, "EX-1"),
    "EX1": URLS.path(kinds.EXAMPLE, "EX-1"),
    "EX-11": URLS.path(kinds.EXAMPLE, "EX-11"),
    "SEC-1.2": f"{URLS.path(kinds.SECTION, 'SEC-1')}#{anchor('SEC-1.2')}",
    "sec1.2": f"{URLS.path(kinds.SECTION, 'SEC-1')}#{anchor('SEC-1.2')}",
    "SEC-1": URLS.path(kinds.SECTION, "SEC-1"),
    "GP-3": URLS.path(kinds.PRINCIPLE, "GP-3"),
    "AC-2": URLS.path(kinds.CATEGORY, "AC-2"),
    "UC-4": URLS.path(kinds.USE_CASE, "UC-4"),
}
WORDS = ["consent", "voice clone", "written approval"]

# Each result group Material shows, as [(address within the site, score)], best group first.
_GROUPS = """els => els.map(group => [...group.querySelectorAll('a.md-search-result__link')].map(a => {
    const url = new URL(a.href);
    return [url.pathname.slice(1) + url.hash, Number(a.querySelector('[data-md-score]').dataset.mdScore)];
}))"""


def search(page: Page, site_url: str, query: str, start: str = "") -> list[list[tuple[str, float]]]:
    """Type ``query`` into the search box of the page at ``start``; the result groups shown."""
    page.goto(site_url + start)  # (the load event: Material's script has set its keys up)
    page.keyboard.press("/")  # Material's shortcut to the search box
    box = page.locator("input.md-search__input")
    box.press_sequentially(query, delay=20)
    page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
    # Each keystroke is searched in turn: read the list once it has stopped changing.
    shown, steady = None, 0
    for _ in range(60):
        now = page.locator(".md-search-result").inner_html()
        shown, steady = now, (steady + 1 if now == shown else 0)
        if steady == 3:
            break
        page.wait_for_timeout(250)
    return [[(address, score) for address, score in group]
            for group in page.locator(".md-search-result__item").evaluate_all(_GROUPS)]


def best(group: list[tuple[str, float]]) -> str:
    """The address Material scored highest in a group (a page, or a place on it)."""
    return max(group, key=lambda link: link[1])[0]


@pytest.mark.parametrize("query", QUERIES)
def test_an_id_finds_its_own_page_first(guarded: Page, site_url: str, query: str) -> None:
    groups = search(guarded, site_url, query)
    assert best(groups[0]) == QUERIES[query], f"{query!r}: first result {groups[0]}"
    addresses = [address for group in groups for address, _ in group]
    assert not any(address.startswith("editions/") for address in addresses), "an earlier edition's page"


def test_ex_1_ranks_above_ex_11_from_any_page(guarded: Page, site_url: str) -> None:
    # From an item page two folders down: the worker's address is relative to the page.
    groups = search(guarded, site_url, "EX-1", start=URLS.path(kinds.EXAMPLE, "EX-11"))
    pages = [group[0][0].split("#")[0] for group in groups]
    assert pages[0] == URLS.path(kinds.EXAMPLE, "EX-1")
    ex11 = URLS.path(kinds.EXAMPLE, "EX-11")
    assert ex11 not in pages or pages.index(ex11) > 0


def test_an_id_also_finds_the_pages_that_name_it(guarded: Page, site_url: str) -> None:
    page = guarded
    search(page, site_url, "GP-3")
    index = json.loads((SITE / "search" / "search_index.json").read_text(encoding="utf-8"))
    naming = {entry["location"].split("#")[0] for entry in index["docs"]
              if any(m.group(0) == "GP-3" for m in MENTION.finditer(f"{entry['title']} {entry['text']}"))}
    assert len(naming) > 3 and URLS.path(kinds.PRINCIPLE, "GP-3") in naming
    # Material shows the first results and the rest as the list scrolls: it counts them all.
    expect(page.locator(".md-search-result__meta")).to_have_text(f"{len(naming)} matching documents")


def test_an_unknown_id_searches_as_words(guarded: Page, site_url: str) -> None:
    groups = search(guarded, site_url, "EX-999")
    assert groups, "no result at all"  # Material's own search for "ex" and "999*"


# Run both workers, ours and Material's, in the page on the same index (Material's without the
# ID fields), and return, for each query, each one's results as [[location, score], ...].
_BOTH = """async ([worker, queries]) => {
    const material = new URL(worker, location.href).searchParams.get('material');
    const index = await (await fetch('search/search_index.json')).json();
    const plain = structuredClone(index);
    for (const name of ['ids', 'mentions']) {
        delete plain.config.fields[name];
        for (const doc of plain.docs) delete doc[name];
    }
    async function run(url, data) {
        const w = new Worker(url);
        const next = () => new Promise(resolve => w.addEventListener('message', e => resolve(e.data), {once: true}));
        w.postMessage({type: 0, data: {config: data.config, docs: data.docs, options: {suggest: false}}});
        await next();
        const out = [];
        for (const query of queries) {
            w.postMessage({type: 2, data: query});
            out.push((await next()).data.items.map(group => group.map(item => [item.location, item.score])));
        }
        w.terminate();
        return out;
    }
    return [await run(worker, index),
            await run(new URL(material, new URL(worker, location.href)).href, plain)];
}"""


def _workers(page: Page, site_url: str, queries: list[str]) -> tuple[list[Any], list[Any]]:
    page.goto(site_url, wait_until="networkidle")
    config = page.evaluate("JSON.parse(document.getElementById('__config').textContent)")
    assert re.fullmatch(r"assets/javascripts/workers/search-ids\.[0-9a-f]{8}\.min\.js"
                        r"\?material=search\.[0-9a-f]+\.min\.js", config["search"]), config["search"]
    ours, materials = page.evaluate(_BOTH, [config["search"], queries])
    return ours, materials


def test_words_search_exactly_as_with_materials_own_worker(guarded: Page, site_url: str) -> None:
    ours, materials = _workers(guarded, site_url, [*WORDS, "EX-1"])
    for word, found, expected in zip(WORDS, ours, materials, strict=False):
        assert found, f"{word!r} found nothing"
        assert found == expected, f"{word!r} is searched differently from Material's own search"
    assert ours[-1] != materials[-1], "the comparison is blind: an ID query did not change"


# -- search loads when the reader reaches for it ------------------------------------------------

INDEX = re.compile(r"/search/search_index\.json$")
MATERIALS_WORKER = re.compile(r"/workers/search\.[0-9a-f]{8}\.min\.js$")
TREE_PAGE = URLS.path(kinds.TREE, "quick-check")


def _watch(page: Page) -> list[str]:
    """Every address the page (and its workers) requests from now on."""
    requested: list[str] = []
    page.context.on("request", lambda request: requested.append(request.url))
    return requested


def _searching(requested: list[str]) -> dict[str, int]:
    return {"index": sum(bool(INDEX.search(url)) for url in requested),
            "worker": sum(bool(MATERIALS_WORKER.search(url)) for url in requested)}


def _typed(page: Page, query: str) -> list[list[tuple[str, float]]]:
    box = page.locator("input.md-search__input")
    box.fill("")
    box.press_sequentially(query, delay=20)
    page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
    page.wait_for_timeout(500)
    return page.locator(".md-search-result__item").evaluate_all(_GROUPS)


def test_a_first_visit_loads_no_search_until_the_box_is_focused(guarded: Page, site_url: str) -> None:
    page = guarded
    rebase_sitemap(page, site_url)  # (for instant navigation, below)
    requested = _watch(page)
    page.goto(site_url + TREE_PAGE, wait_until="networkidle")
    page.wait_for_timeout(1000)
    assert _searching(requested) == {"index": 0, "worker": 0}, requested
    assert any("/workers/search-ids." in url for url in requested), "the search worker's wrapper did not start"
    page.locator("input.md-search__input").focus()
    groups = _typed(page, "EX-1")
    assert best(groups[0]) == QUERIES["EX-1"], groups[0]
    assert _searching(requested) == {"index": 1, "worker": 1}
    # Instant navigation keeps the page's scripts: the next page searches with the same index.
    page.evaluate("window.__sameDocument = true")
    page.locator(".md-search-result__link").first.click()
    page.wait_for_url(re.compile(re.escape(QUERIES["EX-1"]) + r"(\?.*)?$"))
    page.wait_for_timeout(500)  # Material closes the search 125 ms after the address changes
    page.locator("input.md-search__input").focus()
    groups = _typed(page, "GP-3")
    assert best(groups[0]) == QUERIES["GP-3"], groups[0]
    assert page.evaluate("window.__sameDocument") is True, "the click was not an instant navigation"
    assert _searching(requested) == {"index": 1, "worker": 1}, "search loaded again on the next page"


def test_pointing_at_the_search_box_loads_search(guarded: Page, site_url: str) -> None:
    page = guarded
    requested = _watch(page)
    page.goto(site_url, wait_until="networkidle")
    assert _searching(requested)["index"] == 0
    page.locator("label.md-search__icon, .md-search__form").first.hover()
    page.wait_for_load_state("networkidle")
    assert _searching(requested)["index"] == 1


def test_on_a_phone_tapping_the_search_button_loads_search(browser: Any, site_url: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    try:
        page = context.new_page()
        requested = _watch(page)
        page.goto(site_url + TREE_PAGE, wait_until="networkidle")
        assert _searching(requested)["index"] == 0
        page.locator('label.md-header__button[for="__search"]').tap()
        groups = _typed(page, "EX-1")
        assert best(groups[0]) == QUERIES["EX-1"], groups[0]
        assert _searching(requested) == {"index": 1, "worker": 1}
    finally:
        context.close()


def test_a_page_opened_with_a_search_shows_its_results(guarded: Page, site_url: str) -> None:
    """Material's ?q= (a shared search) opens the search at once: the index is not held."""
    page = guarded
    page.goto(site_url + TREE_PAGE + "?q=EX-1", wait_until="networkidle")
    page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
    assert best(page.locator(".md-search-result__item").evaluate_all(_GROUPS)[0]) == QUERIES["EX-1"]


def test_a_failed_index_download_is_tried_again(page: Page, site_url: str) -> None:
    """(Not guarded: the aborted request is logged as a console error.) The first download of
    the index fails, as on a phone losing its signal; search still answers once it comes back."""
    failures: list[str] = []

    def once(route: Any) -> None:
        if not failures:
            failures.append(route.request.url)
            route.abort("internetdisconnected")
        else:
            route.continue_()

    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.route(INDEX, once)
    requested = _watch(page)
    page.goto(site_url + TREE_PAGE, wait_until="networkidle")
    page.locator("input.md-search__input").focus()
    groups = _typed(page, "EX-1")
    assert best(groups[0]) == QUERIES["EX-1"], groups[0]
    assert len(failures) == 1 and _searching(requested)["index"] == 2 and errors == []
