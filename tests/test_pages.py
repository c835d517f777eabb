"""The reading experience, checked on a whole site built from the real content.

The site is built once per session (strict MkDocs, as in production) from a copy of
the project in a temporary folder, so the test neither needs nor touches site/ or
docs/. Every citable item must have its page, its ID as an anchor, and a cite line
with the edition and the permanent URL; no page may load anything from another host.
"""

from __future__ import annotations

import html
import re
import shutil
from collections import Counter
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from fixtures_util import ROOT, make_project
from guidelines import kinds
from guidelines.context import SiteContext
from guidelines.output import languages
from guidelines.output.sitebuild import build_site
from guidelines.render.fragments import unmarked
from guidelines.render.pages import Renderer
from guidelines.urls import Urls, anchor

URLS = Urls("https://guidelines.invalid/")  # paths only: the site root does not matter

# Kinds whose items each have a page of their own, with a citation box.
PAGED = (kinds.PRINCIPLE, kinds.CATEGORY, kinds.USE_CASE, kinds.SECTION, kinds.EXAMPLE, kinds.TREE)


class Page(HTMLParser):
    """What the tests read from one built page: ids, tags with attributes, cite lines."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.cites: list[str] = []
        self._cite_depth = 0
        self._buffer: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self.tags.append((tag, values))
        if "id" in values:
            self.ids.append(values["id"])
        if self._cite_depth:
            self._cite_depth += 1
        elif tag == "code" and "gl-cite__text" in values.get("class", "").split():
            self._cite_depth, self._buffer = 1, []

    def handle_endtag(self, tag: str) -> None:
        if self._cite_depth:
            self._cite_depth -= 1
            if not self._cite_depth:
                self.cites.append(" ".join("".join(self._buffer).split()))

    def handle_data(self, data: str) -> None:
        if self._cite_depth:
            self._buffer.append(data)

    def with_class(self, name: str) -> list[dict[str, str]]:
        return [attrs for _, attrs in self.tags if name in attrs.get("class", "").split()]


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, SiteContext]:
    """The real content built into a throwaway copy of the project: (site, context)."""
    root = make_project(tmp_path_factory.mktemp("pages") / "project", site=True)
    shutil.rmtree(root / "principles")
    shutil.copytree(ROOT / "principles", root / "principles")
    result = build_site(root)
    return root / "site", result.context


@pytest.fixture(scope="session")
def site(built: tuple[Path, SiteContext]) -> Path:
    return built[0]


@pytest.fixture(scope="session")
def ctx(built: tuple[Path, SiteContext]) -> SiteContext:
    return built[1]


_parsed: dict[Path, Page] = {}


def page_at(site: Path, url: str) -> Page:
    """The parsed page for a site-relative URL (its fragment ignored)."""
    path = site / urlsplit(url).path / "index.html"
    if path not in _parsed:
        assert path.is_file(), f"no page at /{url}"
        _parsed[path] = Page(path.read_text(encoding="utf-8"))
    return _parsed[path]


def citable_items(ctx: SiteContext) -> list[tuple[kinds.Kind, str]]:
    return [(kind, item.id) for kind in PAGED for item in ctx.items(kind)]


# -- every item: page, anchor, cite line --------------------------------------------


def cite_line(ctx: SiteContext, cited: str, path: str) -> str:
    """The cite line expected for the shipped content, published or a draft: a published edition is
    cited by its edition URL; a draft by the latest URL, and its line says it is a draft."""
    if ctx.published:
        edition, url = f"edition {ctx.edition}", f"{ctx.site_url}editions/{ctx.edition}/{path}"
    else:
        edition, url = f"edition {ctx.edition} (draft, not yet published)", f"{ctx.site_url}{path}"
    return f"{ctx.guideline['title']}, {edition}, {cited}, {url}{ctx.status.suffix()}"


def test_every_item_has_a_page_an_id_anchor_and_a_cite_line(site: Path, ctx: SiteContext) -> None:
    problems = []
    items = citable_items(ctx)
    assert len(items) > 40
    for kind, item_id in items:
        page = page_at(site, ctx.urls.path(kind, item_id))
        permalink = ctx.permalink(kind, item_id)
        if anchor(item_id) not in page.ids:
            problems.append(f"{item_id}: no element with id={anchor(item_id)!r}")
        # Cited by the URL of this edition's text, which keeps showing it after later editions.
        edition_url = f"{ctx.site_url}editions/{ctx.edition}/{ctx.urls.path(kind, item_id)}"
        line = cite_line(ctx, item_id, ctx.urls.path(kind, item_id))
        if line not in page.cites:
            problems.append(f"{item_id}: no cite line {line!r} (found {page.cites[:1]})")
        links = [a.get("href") for a in page.with_class("gl-permalink")]
        if permalink not in links or (ctx.published and edition_url not in links):
            problems.append(f"{item_id}: no link to {permalink} and to {edition_url} (found {links})")
        copy = page.with_class("gl-copy")
        if not copy or not all("hidden" in a for a in copy):
            problems.append(f"{item_id}: the Copy button must be in the page, hidden until scripts run")
    assert not problems, "\n".join(problems)


def test_every_section_clause_is_an_anchor_with_its_own_cite_line(site: Path, ctx: SiteContext) -> None:
    problems = []
    for section in ctx.items(kinds.SECTION):
        page = page_at(site, ctx.urls.path(kinds.SECTION, section.id))
        for point in section.data["points"]:
            if anchor(point["id"]) not in page.ids:
                problems.append(f"{point['id']}: no anchor on {section.id}'s page")
            if cite_line(ctx, point["id"], f"{ctx.urls.path(kinds.SECTION, section.id)}#{anchor(point['id'])}") \
                    not in page.cites:
                problems.append(f"{point['id']}: no cite line")
    assert not problems, "\n".join(problems)


def test_glossary_terms_and_changelog_entries_are_anchors(site: Path, ctx: SiteContext) -> None:
    glossary = page_at(site, "glossary/")
    missing = [t.id for t in ctx.items(kinds.GLOSSARY) if anchor(t.id) not in glossary.ids]
    changelog = page_at(site, "changelog/")
    missing += [e.id for e in ctx.items(kinds.CHANGELOG) if anchor("edition-" + e.id) not in changelog.ids]
    assert ctx.items(kinds.GLOSSARY) and ctx.items(kinds.CHANGELOG)
    assert not missing, missing


def test_glossary_terms_are_tooltips_on_pages(site: Path, ctx: SiteContext) -> None:
    """Abbreviations (the terms' definitions) are applied wherever a term appears."""
    html = (site / "principles" / "gp-4" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"<abbr title=\"[^\"]+\">", html), "no glossary tooltip on a principle page"


def test_the_edition_is_on_every_page(site: Path, ctx: SiteContext) -> None:
    banner = f"Edition <strong>{ctx.edition}</strong>"
    pages = {str(p.relative_to(site)): p.read_text(encoding="utf-8") for p in site.rglob("*.html")}
    # The edition URLs of the edition in force are small pages that lead to its pages.
    leads = {path for path, html in pages.items() if 'http-equiv="refresh"' in html}
    assert leads and all(path.startswith((f"editions/{ctx.edition}/", f"fr/editions/{ctx.edition}/")) for path in leads)
    french = languages.translated_context(ctx, "fr")

    def banner_of(path: str) -> str:  # an earlier edition's pages show that edition; a French page in French
        parts = path.split("/")
        if parts[0] == "fr":
            return f"Édition <strong>{ctx.edition}</strong>"
        return f"Edition <strong>{parts[1]}</strong>" if parts[0] == "editions" and len(parts) > 2 else banner

    missing = [path for path, html in pages.items() if path not in leads and banner_of(path) not in html]
    assert not missing, f"no edition banner on: {missing}"
    # An unofficial text says so on every page (earlier editions' pages with their own notice), each in its language.
    def marked(path: str, page: str) -> bool:
        status, page = (french.status if path.startswith("fr/") else ctx.status), html.unescape(page)
        label = f'<p class="gl-site-notice__label"><strong>{status.label}</strong>'
        return label in page and status.notice.split(".")[0] in page

    unmarked = [path for path, html in pages.items() if path not in leads and not path.startswith("editions/")
                and not marked(path, html)]
    assert not unmarked, f"no status notice on: {unmarked}"
    archived = [path for path, html in pages.items() if path not in leads and path.startswith("editions/")
                and 'class="gl-site-notice"' not in html]
    assert not archived, f"no status notice on: {archived}"


# -- no third-party requests ----------------------------------------------------------

# Elements and attributes that make the browser fetch something when the page loads.
_FETCHING = {("script", "src"), ("link", "href"), ("img", "src"), ("img", "srcset"), ("iframe", "src"),
             ("source", "src"), ("source", "srcset"), ("video", "src"), ("video", "poster"), ("audio", "src"),
             ("embed", "src"), ("object", "data"), ("image", "href"), ("use", "href"), ("input", "src")}
# <link> relations that name a URL without fetching it.
_NON_FETCHING_LINKS = {"canonical", "alternate"}
_CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])\s*(https?:)?//([^/'")\s]+)""", re.IGNORECASE)


def _foreign(url: str, own_host: str) -> bool:
    parts = urlsplit(url.strip())
    return bool(parts.netloc) and parts.netloc != own_host


def test_no_page_loads_anything_from_another_host(site: Path, ctx: SiteContext) -> None:
    own_host = urlsplit(ctx.site_url).netloc
    problems = []
    for path in sorted(site.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        page = Page(html)
        for tag, attrs in page.tags:
            for name, value in attrs.items():
                if (tag, name) not in _FETCHING:
                    continue
                if tag == "link" and set(attrs.get("rel", "").split()) & _NON_FETCHING_LINKS:
                    continue
                urls = [u.split()[0] for u in value.split(",") if u.strip()] if name == "srcset" else [value]
                problems += [f"{path.relative_to(site)}: <{tag} {name}={u}>" for u in urls if _foreign(u, own_host)]
        problems += [f"{path.relative_to(site)}: CSS loads //{m.group(2)}" for m in _CSS_URL.finditer(html)]
    for path in sorted(site.rglob("*.css")):
        problems += [f"{path.relative_to(site)}: loads //{m.group(2)}"
                     for m in _CSS_URL.finditer(path.read_text(encoding="utf-8"))]
    assert not problems, "third-party requests:\n" + "\n".join(problems)


def test_the_checker_does_catch_third_party_requests() -> None:
    page = Page('<script src="https://cdn.test/x.js"></script><link rel="stylesheet" href="//fonts.test/a.css">'
                '<a href="https://source.test/">fine</a>')
    fetched = [(t, a) for t, a in page.tags if (t, "src") in _FETCHING or (t == "link")]
    assert [_foreign(a.get("src") or a.get("href", ""), "site.test") for _, a in fetched] == [True, True]
    assert _CSS_URL.search("body { background: url('https://img.test/a.png') }")
    assert _CSS_URL.search('@import "//fonts.test/x.css";')
    assert not _CSS_URL.search("background: url(../img/a.png)")


# -- the pages the issue describes ------------------------------------------------------


def test_home_page_says_what_whom_and_where_to_start(site: Path, ctx: SiteContext) -> None:
    html = (site / "index.html").read_text(encoding="utf-8")
    page = Page(html)
    g = ctx.guideline
    assert ctx.edition in html and f"Published <strong>{ctx.edition_published}</strong>" in html
    assert "In effect from" not in html  # the source gives no effective date: none is made up
    assert "Site published by The editors of this site (not Netflix)" in html
    assert "Restates guidance by <strong>Netflix</strong>, published August 2025" in html
    for earlier in ctx.archive.editions:  # an edition frozen before 'status' named the issuer as publisher
        if earlier.name != ctx.edition:
            archived = (site / "editions" / earlier.name / "index.html").read_text()
            assert not re.search(r"(?<!not )published by Netflix", archived), earlier.name  # ("not published by" is)
    for who in g["scope"]["applies_to"]:
        assert f"<li>{who}</li>" in re.sub(r"</?abbr[^>]*>", "", html), who
    for principle in ctx.items(kinds.PRINCIPLE):
        assert f'<span class="gl-id">{principle.id}</span>' in html, principle.id
    start = page.with_class("md-button--primary")
    assert start and start[0]["href"].rstrip("/").endswith(f"trees/{g['quick_check_tree']}"), start
    assert "contact" in page.ids and g["contact"]["name"].split()[0] in html


def test_principle_pages_link_their_examples_questions_and_related_items(site: Path, ctx: SiteContext) -> None:
    for principle in ctx.items(kinds.PRINCIPLE):
        html = (site / URLS.path(kinds.PRINCIPLE, principle.id) / "index.html").read_text(encoding="utf-8")
        page = Page(html)
        for section in ("why", "in-practice", "do", "dont", "warning-signs", "related", "examples", "questions",
                        "sources"):
            assert section in page.ids, f"{principle.id}: no #{section}"
        hrefs = [attrs.get("href", "") for tag, attrs in page.tags if tag == "a"]
        for example_id in ctx.examples_of.get(("principle", principle.id), []):
            assert any(h.endswith(f"examples/{example_id.lower()}/") for h in hrefs), (principle.id, example_id)
        for tree_id, node_id in ctx.questions_of.get(principle.id, []):
            assert any(h.endswith(f"trees/{tree_id}/#{tree_id}--{node_id}") for h in hrefs), (principle.id, node_id)
        for category_id in principle.data.get("categories", []):
            assert any(h.endswith(f"approval/{category_id.lower()}/") for h in hrefs), (principle.id, category_id)


def test_matrix_rows_have_badges_in_words_and_symbols_and_link_their_examples(site: Path, ctx: SiteContext) -> None:
    html = (site / "use-cases" / "index.html").read_text(encoding="utf-8")
    levels = ctx.vocabulary("risk-levels")
    rows = re.findall(r"<tr>(.*?)</tr>", html, re.DOTALL)[1:]
    assert len(rows) == len(ctx.items(kinds.USE_CASE))
    for use_case, row in zip(ctx.items(kinds.USE_CASE), rows, strict=True):
        level = levels[use_case.data["risk"]]
        assert f'id="{anchor(use_case.id)}"' in row
        badge = re.search(r'<span class="gl-badge [^"]*gl-badge--' + use_case.data["risk"] + r'">(.*?)</span>\s*'
                          r'([^<]*)</span>', row, re.DOTALL)
        assert badge, f"{use_case.id}: no risk badge"
        assert level["symbol"] in badge.group(1) and level["label"] in badge.group(2), use_case.id
        for example_id in ctx.examples_of.get(("use-case", use_case.id), []):
            assert f'href="../examples/{example_id.lower()}/"' in row, (use_case.id, example_id)


def test_examples_index_browses_by_principle_stage_and_verdict_without_scripts(site: Path, ctx: SiteContext) -> None:
    html = (site / "examples" / "index.html").read_text(encoding="utf-8")
    page = Page(html)
    for p in ctx.items(kinds.PRINCIPLE):
        assert f"by-{anchor(p.id)}" in page.ids
    for stage in ctx.vocabulary("stages"):
        assert f"stage-{stage}" in page.ids
    for verdict in ctx.vocabulary("verdicts"):
        assert f"verdict-{verdict}" in page.ids
    # The filter form is there for the script, hidden; every row carries its facets.
    forms = [a for t, a in page.tags if t == "form" and "data-gl-filter" in a]
    assert len(forms) == 1 and "hidden" in forms[0]
    rows = [a for _, a in page.tags if "data-gl-row" in a]
    assert [r["id"] for r in rows] == [anchor(e.id) for e in ctx.items(kinds.EXAMPLE)]
    for row, example in zip(rows, ctx.items(kinds.EXAMPLE), strict=True):
        assert row["data-principles"].split() == example.data["principles"]
        assert row["data-stages"].split() == example.data["stages"]
        assert row["data-verdicts"].split() == [example.data["result"]]  # one result per use: the strictest
        assert row["data-kind"] == example.data["kind"]


def test_example_pages_show_scenario_path_verdict_and_real_or_illustrative(site: Path, ctx: SiteContext) -> None:
    verdicts = ctx.vocabulary("verdicts")
    for example in ctx.items(kinds.EXAMPLE):
        html = (site / URLS.path(kinds.EXAMPLE, example.id) / "index.html").read_text(encoding="utf-8")
        page = Page(html)
        for section in ("scenario", "decision-path", "why", "related"):
            assert section in page.ids, f"{example.id}: no #{section}"
        for check_ in example.data["checks"]:
            assert f"path-{check_['tree']}" in page.ids, (example.id, check_["tree"])
            assert verdicts[check_["verdict"]]["symbol"] in html
        if example.data["kind"] == "real":
            assert '<span class="gl-kind__label">Real case</span>' in html, example.id
            assert "sources" in page.ids, f"{example.id}: a real case shows its sources"
        else:
            assert '<span class="gl-kind__label">Illustrative</span>' in html, example.id


def test_each_decision_path_step_shows_the_question_and_the_answer_given(ctx: SiteContext) -> None:
    """Read from the generated page (its fragments put back): one list item per answer, in order."""
    renderer = Renderer(ctx)
    for example in ctx.items(kinds.EXAMPLE):
        text = unmarked(renderer.item_page(kinds.EXAMPLE, example.id, ctx.urls.page(kinds.EXAMPLE, example.id)),
                        ctx.fragments)
        steps = re.findall(r"^<li>(.+)<br>\n   Answer: <strong>(.+)</strong></li>$", text, re.MULTILINE)
        expected = [(ctx.trees[c["tree"]]["nodes"][q], answer) for c in example.data["checks"]
                    for q, answer in c["answers"].items()]
        assert len(steps) == len(expected), example.id
        for (question, label), (node, answer) in zip(steps, expected, strict=True):
            option = next(o for o in node["options"] if o["value"] == answer)
            assert unescape(re.sub(r"<[^>]+>", "", question)) == " ".join(node["text"].split()), example.id
            assert unescape(re.sub(r"<[^>]+>", "", label)) == option["label"], example.id


def test_the_complete_page_holds_every_item_once_in_order(site: Path, ctx: SiteContext) -> None:
    page = page_at(site, "complete/")
    order = [anchor(item.id) for kind in (kinds.PRINCIPLE, kinds.CATEGORY, kinds.SECTION, kinds.USE_CASE,
                                          kinds.EXAMPLE) for item in ctx.items(kind)]
    positions = [page.ids.index(a) for a in order if a in page.ids]
    assert len(positions) == len(order), set(order) - set(page.ids)
    assert positions == sorted(positions), "the complete page is out of order"
    for kind in (kinds.PRINCIPLE, kinds.CATEGORY, kinds.SECTION, kinds.USE_CASE):
        for item in ctx.items(kind):
            assert cite_line(ctx, item.id, ctx.urls.path(kind, item.id)) in page.cites, item.id


def test_the_complete_page_lists_each_example_with_its_permanent_url_not_its_text(site: Path,
                                                                                   ctx: SiteContext) -> None:
    """Examples are the bulk of a large corpus: listed (row per example), each text on its own page only."""
    html = (site / "complete" / "index.html").read_text(encoding="utf-8")
    for example in ctx.items(kinds.EXAMPLE):
        row = re.search(rf'<tr id="{anchor(example.id)}">(.*?)</tr>', html, re.DOTALL)
        assert row, example.id
        assert f'href="{ctx.permalink(kinds.EXAMPLE, example.id)}"' in row.group(1), example.id
        assert f'href="../examples/{example.id.lower()}/"' in row.group(1), example.id
        first_words = " ".join(example.data["scenario"].split()[:12])
        assert first_words not in html, f"{example.id}'s scenario is repeated on the complete page"


def test_no_page_has_duplicate_ids(site: Path) -> None:
    problems = []
    for path in sorted(site.rglob("*.html")):
        counts = Counter(Page(path.read_text(encoding="utf-8")).ids)
        dupes = sorted(i for i, n in counts.items() if n > 1)
        if dupes:
            problems.append(f"{path.relative_to(site)}: {dupes}")
    assert not problems, "\n".join(problems)


def test_no_generated_markup_is_shown_as_text(site: Path) -> None:
    """The templates' own HTML (cite boxes, badges) is markup, never escaped into text."""
    leaked = [str(p.relative_to(site)) for p in site.rglob("*.html")
              if re.search(r"&lt;(div|span|p|code|button) class=&quot;gl-|&lt;(div|span|p) class=\"gl-",
                           p.read_text(encoding="utf-8"))]
    assert not leaked, leaked


def test_print_stylesheet_hides_chrome_and_writes_out_addresses(site: Path) -> None:
    (stylesheet,) = (site / "assets" / "stylesheets").glob("guidelines.*.min.css")  # minified, named by content
    css = stylesheet.read_text(encoding="utf-8")
    start = css.index("@media print")
    block = css[start:]
    for selector in (".md-header", ".md-sidebar", ".md-footer", ".md-search", ".gl-copy"):
        assert selector in block, selector
    assert 'content:" (" attr(href) ")"' in block
    assert "break-inside:avoid" in block and "break-before:page" in block


# Partner pages speak to partners: nothing about how the site is made (the tool-builders page is for that).
_MACHINERY = re.compile(r"\b(YAML|JSON|the build|every build|test suite|seed article|structured rendering|"
                        r"test this tree|generated file|schema)\b", re.IGNORECASE)


def test_partner_pages_say_nothing_about_the_machinery(site: Path) -> None:
    found = []
    for path in sorted(site.rglob("index.html")):
        relative = path.relative_to(site).as_posix()
        if relative.startswith(("tool-builders/", "fr/tool-builders/", "api/", "editions/")):
            continue  # (an earlier edition's pages are as it published them)
        article = re.search(r"<article[^>]*>(.*?)</article>", path.read_text(encoding="utf-8"), re.DOTALL)
        text = re.sub(r"<(script|style)\b.*?</\1>|<[^>]+>", " ", article.group(1) if article else "", flags=re.DOTALL)
        found += [f"{relative}: ...{text[max(0, m.start() - 40):m.end() + 20]}..." for m in _MACHINERY.finditer(text)]
    assert not found, "\n".join(found)


def test_the_tool_builders_page_names_this_sites_address() -> None:
    """Its schema IDs and samples must be the addresses the documents name in '$schema', or a
    validator loading them by ID would not match."""
    site_url = yaml.safe_load((ROOT / "principles" / "guideline.yml").read_text(encoding="utf-8"))["site_url"]
    text = (ROOT / "docs" / "tool-builders.md").read_text(encoding="utf-8")
    addresses = set(re.findall(r"https?://[a-z0-9.-]+\.example\.org", text))
    assert addresses == {site_url.rstrip("/")}, addresses
