"""Search by ID, the index side (scripts/guidelines/mkdocs/searchids.py), and how the built site uses it.

The browser side, and the ranking a reader sees, are tested in Chromium:
tests/browser/test_search_browser.py.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from fixtures_util import ROOT
from guidelines import kinds
from guidelines.context import SiteContext
from guidelines.mkdocs import searchids
from guidelines.output.generate import check

SITE = ROOT / "site"
WORKERS = "assets/javascripts/workers/"  # Material's search worker's folder, and ours
WORKER = ROOT / "docs" / WORKERS / "search-ids.js"


@pytest.fixture(scope="module")
def ctx() -> SiteContext:
    found, problems = check(ROOT)
    assert found is not None, problems.report()
    return found


@pytest.fixture(scope="module")
def built_index() -> dict:
    path = SITE / searchids.INDEX
    if not path.is_file():
        pytest.fail(f"{SITE} is not built: run `make build` (or `.venv/bin/guidelines build`) first")
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize(("item_id", "token"), [("GP-3", "gp3"), ("EX-11", "ex11"), ("SEC-1.2", "sec1.2"),
                                                ("AC-2", "ac2"), ("UC-4", "uc4")])
def test_a_token_runs_an_ids_letters_and_numbers_together(item_id: str, token: str) -> None:
    assert searchids.token(item_id) == token


def test_every_item_page_and_clause_defines_its_id_once(ctx: SiteContext) -> None:
    defined = searchids.defined(ctx)
    ids = [item_id for found in defined.values() for item_id in found]
    assert len(ids) == len(set(ids))
    expected = {item.id for kind in kinds.MENTIONED if kind.pages for item in ctx.items(kind)}
    expected |= set(ctx.corpus.clauses())
    assert set(ids) == expected
    assert defined[ctx.urls.path(kinds.EXAMPLE, "EX-1")] == ["EX-1"]
    assert defined[f"{ctx.urls.path(kinds.SECTION, 'SEC-1')}#sec-1-2"] == ["SEC-1.2"]


def test_every_token_has_the_shape_the_browser_side_reads(ctx: SiteContext) -> None:
    """The worker's pattern for an ID as typed (a JavaScript literal that Python reads alike) turns each
    ID, spelled as readers type it, into the token the index holds."""
    source = re.search(r"var TYPED = /(.*)/g;", WORKER.read_text(encoding="utf-8"))
    assert source is not None, "search-ids.js no longer declares TYPED"
    typed = re.compile(source.group(1))
    for ids in searchids.defined(ctx).values():
        for item_id in ids:
            token = searchids.token(item_id)
            assert searchids.TOKEN.fullmatch(token), token
            for spelled in (item_id, token, token.upper(), item_id.replace("-", " ")):
                found = [(m.group(2) + m.group(3)).lower() for m in typed.finditer(f"see {spelled} now")]
                assert found == [token], spelled
    # Inside a word or a longer number, the letters or digits are not the ID's (nor then a known token).
    assert [(m.group(2) + m.group(3)).lower() for m in typed.finditer("xEX-1 EX-12 EX-1.2.3")] == ["xex1", "ex12"]


def test_mentions_are_the_known_ids_a_text_names_once_each() -> None:
    known = {"GP-3", "SEC-1.2", "SEC-1"}
    text = "<p>See GP-3, GP-99 and SEC-1.2 (not SEC-1.2.3, nor xGP-3); GP-3 again.</p>"
    assert searchids.mentioned(text, known) == ["GP-3", "SEC-1.2"]


def test_the_fields_are_declared_and_filled_where_they_apply() -> None:
    index = {"config": {"fields": {"title": {"boost": 1000.0}}},
             "docs": [{"location": "principles/gp-3/", "title": "GP-3 Work inside", "text": ""},
                      {"location": "sections/sec-1/#sec-1-2", "title": "SEC-1.2", "text": "<p>Use GP-3.</p>"},
                      {"location": "glossary/", "title": "Glossary", "text": "<p>No ID here.</p>"}]}
    out = searchids.add_ids(index, {"principles/gp-3/": ["GP-3"], "sections/sec-1/#sec-1-2": ["SEC-1.2"]})
    assert out["config"]["fields"] == {"title": {"boost": 1000.0}, **searchids.FIELDS}
    assert [(d.get("ids"), d.get("mentions")) for d in out["docs"]] == [
        ("gp3", "gp3"), ("sec1.2", "sec1.2 gp3"), (None, None)]


def test_rewrite_leaves_a_site_without_search_alone(tmp_path: Path, ctx: SiteContext) -> None:
    searchids.rewrite_index(tmp_path, ctx)
    assert list(tmp_path.iterdir()) == []


# -- the built site -----------------------------------------------------------------------


def test_the_built_index_defines_each_id_on_its_page(ctx: SiteContext, built_index: dict) -> None:
    assert {name: built_index["config"]["fields"][name] for name in searchids.FIELDS} == searchids.FIELDS
    defining = {doc["location"]: doc["ids"] for doc in built_index["docs"] if "ids" in doc}
    assert defining == {location: " ".join(map(searchids.token, ids))
                        for location, ids in searchids.defined(ctx).items()}


def test_no_earlier_editions_page_is_searched(ctx: SiteContext, built_index: dict) -> None:
    archived = [f"editions/{edition.name}/" for edition in ctx.archive.editions]
    assert archived, "the content has no published edition: this test checks nothing"
    assert not [doc["location"] for doc in built_index["docs"] if doc["location"].startswith(tuple(archived))]


def test_every_page_runs_materials_search_worker_inside_ours(built_index: dict) -> None:
    pages = sorted(SITE.rglob("*.html"))
    assert pages
    for page in pages:
        found = re.search(r'<script id="__config" type="application/json">(.*?)</script>',
                          page.read_text(encoding="utf-8"), re.DOTALL)
        if found is None:  # a page MkDocs does not render with the theme (the editions' redirects)
            continue
        address = json.loads(found.group(1))["search"]
        # (a translation's pages run its own site's worker, under /<language>/: its 404 page by absolute path)
        language = page.relative_to(SITE).parts[0] if page.relative_to(SITE).parts[0] in ("fr",) else ""
        workers = SITE / language / WORKERS
        match = re.fullmatch(rf"(?:/{language + '/' if language else ''}|(?:\.\./)*){WORKERS}"
                             r"(search-ids\.[0-9a-f]{8}\.min\.js)\?material=(search\.[0-9a-f]+\.min\.js)", address)
        assert match, f"{page.relative_to(SITE)}: search worker {address}"
        assert (workers / match.group(1)).is_file() and (workers / match.group(2)).is_file()
