"""IDs in texts (guidelines.render.idlinks): found by one pattern from the table of kinds, linked by a tree
processor on the pages (relative, within the page's edition), and found the same way by the check."""

from __future__ import annotations

import json
import posixpath
import re
import shutil
from pathlib import Path

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fixtures_util import BASE, make_project
from guidelines import kinds
from guidelines.check.validate import validate
from guidelines.kinds import Kind
from guidelines.load.schemacheck import SCHEMA_DIR
from guidelines.output.sitebuild import build_site
from guidelines.render import idlinks
from guidelines.render.idlinks import MENTION, Targets, lookalikes, mentioned, mentioned_on_page
from guidelines.urls import Urls

EXTENSIONS = ["admonition", "attr_list", "def_list", "md_in_html", "tables", "toc"]


def ids(text: str) -> list[str]:
    return [match.group(0) for match in MENTION.finditer(text)]


def convert(text: str, resolve: idlinks.Resolve) -> str:
    return markdown.Markdown(extensions=[*EXTENSIONS, idlinks.NAME],
                             extension_configs={idlinks.NAME: {"resolve": resolve}}).convert(text)


def to_page(item_id: str, kind: Kind) -> str:
    return f"{kind.pages}/{item_id.lower()}.md"


# -- the pattern ----------------------------------------------------------------------


def test_the_pattern_is_made_from_the_table_of_kinds() -> None:
    """Each kind with a capitalised ID prefix is found, as its kind; clauses as the section schema writes them."""
    assert [kind.name for kind in kinds.MENTIONED] == ["principle", "category", "use-case", "section", "example"]
    for kind in kinds.MENTIONED:
        sample = kind.id_pattern.replace(r"\d+", "12")
        match = MENTION.fullmatch(sample)
        assert match is not None and idlinks.kind_of(match) is kind, kind.name
    points = json.loads((SCHEMA_DIR / "section.schema.json").read_text(encoding="utf-8"))
    assert points["properties"]["points"]["items"]["properties"]["id"]["pattern"] == f"^{kinds.CLAUSE_PATTERN}$"
    clause = MENTION.fullmatch("SEC-3.14")
    assert clause is not None and idlinks.is_clause("SEC-3.14", idlinks.kind_of(clause))


@pytest.mark.parametrize(("text", "found"), [
    ("See GP-4, AC-2; UC-3 and EX-19.", ["GP-4", "AC-2", "UC-3", "EX-19"]),
    ("Clause SEC-1.2. Section SEC-1.", ["SEC-1.2", "SEC-1"]),
    ("(GP-4) *GP-5* **AC-1**: _UC-2_", ["GP-4", "GP-5", "AC-1", "UC-2"]),
    ("xGP-4 GP-45a GP-4-b /GP-4 a.GP-4 GP-4x 9GP-4", []),
    ("gp-4 Gp-4 GP-four GP- GP-١", []),  # lower case, words, and no digits but 0-9
    ("SEC-1.2.3 and SEC-1.x", ["SEC-1"]),  # a section then a dot and a letter is the section
])
def test_only_whole_ids_are_found(text: str, found: list[str]) -> None:
    assert ids(text) == found


# -- the tree processor -------------------------------------------------------------------


def test_ids_become_links_but_not_in_code_links_or_headings() -> None:
    html = convert("# GP-1 heading\n\nSee GP-1, `GP-1`, [about GP-1](https://x.test/GP-1) and SEC-1.2.\n\n"
                   "- GP-9 is unknown\n\nCode:\n\n    GP-1 in an indented block", lambda i, k: None if i == "GP-9" else
                   to_page(i, k) if "." not in i else "sections/sec-1.md#sec-1-2")
    assert '<h1 id="gp-1-heading">GP-1 heading</h1>' in html
    assert ('<p>See <a href="principles/gp-1.md">GP-1</a>, <code>GP-1</code>, '
            '<a href="https://x.test/GP-1">about GP-1</a> and <a href="sections/sec-1.md#sec-1-2">SEC-1.2</a>.</p>'
            ) in html
    assert "<li>GP-9 is unknown</li>" in html
    assert "<pre><code>GP-1 in an indented block" in html
    assert html.count("<a ") == 3


def test_an_items_own_id_label_in_template_html_stays_a_label() -> None:
    html = convert('<div markdown>\n\n| ID | Guidance |\n|--|--|\n| <span class="gl-id" id="uc-1">UC-1</span> '
                   '| As GP-1 says |\n\n</div>', to_page)
    assert '<span class="gl-id" id="uc-1">UC-1</span>' in html
    assert '<a href="principles/gp-1.md">GP-1</a>' in html


def test_without_a_resolver_nothing_is_linked() -> None:
    assert "<a" not in markdown.Markdown(extensions=[idlinks.NAME]).convert("GP-1 and SEC-1.2")


# -- the check finds what the page links -----------------------------------------------------

PIECES = ["GP-1", "SEC-1.2", "AC-3", " ", "\n", "\n\n", "    ", "\t", "`", "``", "[", "]", "(", ")",
          "](https://x.test/GP-2)", "*", "_", "\\", "#", "- ", "1. ", "=", "--", "|", "> ", "<", "&", ":", ".",
          "x", "GP-", "-", "!!! ", "{", "}", "]: https://x.test", "<b>"]


@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@given(text=st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_the_checks_shortcut_finds_what_the_page_finds(text: str) -> None:
    assert mentioned(text) == mentioned_on_page(text)


def test_the_page_finds_ids_in_the_text_as_written_for_the_page() -> None:
    assert [i for i, _ in mentioned("GP-1, `GP-2`, [GP-3](https://x.test/) and\n\n    GP-4\n\nSEC-1.2")] == \
        ["GP-1", "SEC-1.2"]


# -- where they link ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus():  # type: ignore[no-untyped-def]
    found, _, problems = validate(BASE)
    assert not problems
    return found


def test_links_go_to_the_items_page_or_the_clauses_anchor_relative_to_the_page(corpus) -> None:  # type: ignore[no-untyped-def]
    targets = Targets(corpus, Urls("https://example.test/guide/"))
    on = targets.resolver("examples/ex-1.md")
    assert on("GP-1", kinds.PRINCIPLE) == "../principles/gp-1.md"
    assert on("SEC-1.1", kinds.SECTION) == "../sections/sec-1.md#sec-1-1"
    assert on("EX-2", kinds.EXAMPLE) == "ex-2.md"
    assert on("EX-1", kinds.EXAMPLE) is None  # the page itself
    assert on("GP-7", kinds.PRINCIPLE) is None and on("SEC-1.7", kinds.SECTION) is None
    complete = targets.resolver("complete.md")
    assert complete("GP-1", kinds.PRINCIPLE) == "#gp-1" and complete("SEC-1.1", kinds.SECTION) == "#sec-1-1"
    assert complete("EX-2", kinds.EXAMPLE) == "examples/ex-2.md"


def test_an_earlier_editions_pages_link_within_that_edition(corpus) -> None:  # type: ignore[no-untyped-def]
    targets = Targets(corpus, Urls("https://example.test/guide/", "2025.1"))
    on = targets.resolver("editions/2025.1/examples/ex-1.md")
    assert on("GP-1", kinds.PRINCIPLE) == "../principles/gp-1.md"  # editions/2025.1/principles/gp-1.md
    assert on("SEC-1.1", kinds.SECTION) == "../sections/sec-1.md#sec-1-1"


# -- in the built site --------------------------------------------------------------------------

ANALYSIS = ("See GP-1 and SEC-1.1; not `GP-1`, and [GP-1 again](https://x.test/GP-1) stays one link. "
            "EX-2 is another example.")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(tmp_path_factory.mktemp("idlinks") / "project", site=True)
    example = root / "principles" / "examples" / "EX-1.yml"
    example.write_text(example.read_text(encoding="utf-8").replace(
        "analysis: Nothing unowned is used.", f"analysis: {json.dumps(ANALYSIS)}"), encoding="utf-8")
    build_site(root)
    yield root / "site"
    shutil.rmtree(root, ignore_errors=True)


def _anchors(html: str) -> set[str]:
    return set(re.findall(r'\bid="([^"]+)"', html))


def test_an_id_in_an_analysis_is_a_working_relative_link_in_the_built_site(built: Path) -> None:
    page = built / "examples" / "ex-1" / "index.html"
    html = page.read_text(encoding="utf-8")
    why = html[html.index('id="why"'):html.index('id="related"')].partition("</h2>")[2]
    links = dict((text, href) for href, text in re.findall(r'<a href="([^"]*)">([^<]*)</a>', why))
    assert links == {"GP-1": "../../principles/gp-1/", "SEC-1.1": "../../sections/sec-1/#sec-1-1",
                     "EX-2": "../ex-2/", "GP-1 again": "https://x.test/GP-1"}
    for text in ("GP-1", "SEC-1.1", "EX-2"):  # relative: the site works from disk and under a sub-path
        path, _, fragment = links[text].partition("#")
        target = Path(posixpath.normpath(posixpath.join(str(page.parent), path))) / "index.html"
        assert target.is_file(), text
        if fragment:
            assert fragment in _anchors(target.read_text(encoding="utf-8"))
    assert "<code>GP-1</code>" in why  # code stays literal
    assert why.count("<a ") == 4  # the link's own text is not linked again


def test_the_export_keeps_the_text_as_written(built: Path) -> None:
    document = json.loads((built / "api" / "v1" / "examples" / "EX-1.json").read_text(encoding="utf-8"))
    assert document["analysis"] == ANALYSIS
    whole = json.loads((built / "api" / "v1" / "guidelines.json").read_text(encoding="utf-8"))
    assert next(e for e in whole["examples"] if e["id"] == "EX-1")["analysis"] == ANALYSIS


@pytest.mark.parametrize(("text", "found"), [
    ("see GP\u20111 and GP-2", [("GP\u20111", "GP-1")]),  # a non-breaking hyphen
    ("G\u0420-1", [("G\u0420-1", "GP-1")]),  # a Cyrillic capital er
    ("SEC\u20131.2", [("SEC\u20131.2", "SEC-1.2")]),  # an en dash, in a clause
    ("\uff27\uff30\uff0d\uff11", [("\uff27\uff30\uff0d\uff11", "GP-1")]),  # full-width forms
    ("`GP\u20111` in code", []),  # shown as written, as intended
    ("caf\u00e9 GP-1, pages 3\u20134", []),  # accents, a real ID, a dash between numbers
    ("xGP\u20111", []),  # (not a whole ID, as for the linker)
])
def test_an_id_written_with_look_alike_characters_is_found(text: str, found: list[tuple[str, str]]) -> None:
    assert lookalikes(text) == found
