"""The site's addresses (guidelines.urls): links agree with posixpath, items land where the table of kinds says."""

from __future__ import annotations

import posixpath
from itertools import product

from guidelines import kinds
from guidelines.urls import Urls, anchor, relative

URLS_OF = Urls("https://guidelines.example.org/")
md_link, url_link = URLS_OF.md_link, URLS_OF.link

PAGES = ["index.md", "glossary.md", "complete.md", "examples/index.md", "examples/ex-1.md", "examples/ex-10.md",
         "principles/gp-1.md", "trees/quick-check.md", "a/b/c.md", "a/b/index.md"]
URLS = ["", "./", "examples/", "examples/ex-1/", "examples/ex-10/", "glossary/#gen-ai", "api/v1/record.schema.json",
        "a/b/", "a/", "principles/gp-1/#clause", "trees/quick-check/", "assets/javascripts/decision-tree.js"]


def test_relative_agrees_with_relpath_on_site_paths() -> None:
    paths = ["", ".", "a", "a/b", "a/b/c", "a/c", "b", "examples/ex-1", "examples", "api/v1/x.json"]
    for path, start in product(paths, paths):
        assert relative(path, start) == posixpath.relpath(path or ".", start or "."), (path, start)


def test_md_link_is_the_relpath_between_sources() -> None:
    for source, target in product(PAGES, PAGES):
        assert md_link(source, target) == posixpath.relpath(target, posixpath.dirname(source) or "."), (source, target)


def test_url_link_from_page_urls() -> None:
    assert url_link("examples/index.md", "examples/ex-7/") == "ex-7/"
    assert url_link("examples/ex-1.md", "examples/ex-7/") == "../ex-7/"
    assert url_link("examples/ex-1.md", "examples/ex-1/") == "./"
    assert url_link("index.md", "principles/gp-1/") == "principles/gp-1/"
    assert url_link("index.md", "") == "./"
    assert url_link("principles/gp-1.md", "glossary/#gen-ai") == "../../glossary/#gen-ai"
    assert url_link("trees/quick-check.md", "api/v1/record.schema.json") == "../../api/v1/record.schema.json"
    for page, url in product(PAGES, URLS):  # every link resolves, from the page's URL, to the target
        here = "" if page == "index.md" else (page.removesuffix("index.md") if page.endswith("/index.md")
                                              else page.removesuffix(".md") + "/")
        link, _, fragment = url_link(page, url).partition("#")
        target = url.partition("#")[0]
        assert posixpath.normpath(posixpath.join(here, link)) == posixpath.normpath(target or "."), (page, url, link)
        assert link.endswith("/") == (target.endswith("/") or target == ""), (page, url, link)
        assert fragment == url.partition("#")[2], (page, url)


def test_items_have_their_page_url_permalink_and_json_from_the_table_of_kinds() -> None:
    urls = Urls("https://guidelines.example.org")  # the final slash is added
    assert urls.site == "https://guidelines.example.org/"
    assert urls.page(kinds.PRINCIPLE, "GP-4") == "principles/gp-4.md"
    assert urls.path("category", "AC-2") == "approval/ac-2/"
    assert urls.permalink(kinds.SECTION, "SEC-1") == "https://guidelines.example.org/sections/sec-1/"
    assert urls.page(kinds.GLOSSARY, "digital-replica") == "glossary.md"
    assert urls.path(kinds.GLOSSARY, "digital-replica") == "glossary/#digital-replica"
    assert urls.path(kinds.CHANGELOG, "2025.1") == "changelog/#2025-1"
    assert urls.json(kinds.USE_CASE, "UC-3") == "api/v1/use-cases/UC-3.json"
    assert anchor("SEC-1.2") == "sec-1-2"


def test_the_complete_page_links_the_items_it_holds_to_their_anchors() -> None:
    assert URLS_OF.to_item("complete.md", "principle", "GP-1") == "#gp-1"
    assert URLS_OF.md_to_item("complete.md", "section", "SEC-2") == "#sec-2"
    assert URLS_OF.to_item("complete.md", "example", "EX-1") == "../examples/ex-1/"  # listed there, not held
    assert URLS_OF.to_item("examples/ex-1.md", "principle", "GP-1") == "../../principles/gp-1/"
    assert URLS_OF.md_to_item("examples/ex-1.md", "glossary", "mood-board") == "../glossary.md#mood-board"
