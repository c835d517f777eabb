"""The interface text: one table per language (scripts/guidelines/render/i18n/), the same keys and
placeholders in each, every key the templates, the theme and the scripts use present, and a page
rendered in French that says its own words in French (the content stays as the YAML has it)."""

from __future__ import annotations

import html
import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError

from fixtures_util import ROOT
from guidelines import kinds, provenance
from guidelines.context import SiteContext
from guidelines.mkdocs.hooks import language_of, words_of_the_configuration
from guidelines.output import generate, languages
from guidelines.render import i18n, idlinks
from guidelines.render.fragments import unmarked
from guidelines.render.pages import TEMPLATES, Renderer

OVERRIDES = ROOT / "docs" / "overrides"
SCRIPTS = ROOT / "docs" / "assets" / "javascripts"
OTHERS = [language for language in i18n.LANGUAGES if language != i18n.DEFAULT]


def shown(markdown: str, table: Any) -> str:
    """A page's Markdown with its fragments in place, entities read as characters (the sanitiser writes the
    no-break spaces of French typography as &nbsp;)."""
    return html.unescape(unmarked(markdown, table))


@pytest.fixture(scope="module")
def ctx() -> SiteContext:
    """The shipped content, validated (nothing is written)."""
    found, problems = generate.check(ROOT)
    assert found is not None, problems.report()
    return found


# -- the tables ------------------------------------------------------------------------


@pytest.mark.parametrize("language", OTHERS)
def test_every_language_has_the_same_keys(language: str) -> None:
    english, other = set(i18n.table("en")), set(i18n.table(language))
    assert sorted(english - other) == [], f"missing from {language}.yml"
    assert sorted(other - english) == [], f"in {language}.yml but not in en.yml"


@pytest.mark.parametrize("language", OTHERS)
def test_each_key_takes_the_same_placeholders_in_every_language(language: str) -> None:
    """(A date's pattern picks what it needs of the values format_date always gives.)"""
    english, other = i18n.table("en"), i18n.table(language)
    for key, value in english.items():
        if key.startswith("date."):
            for words in (value, other[key]):
                assert i18n.placeholders(words) <= i18n.DATE_FIELDS, (key, words)
        else:
            assert i18n.placeholders(other[key]) == i18n.placeholders(value), key


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_every_value_is_text_and_formats(language: str) -> None:
    """Every value is a string that str.format takes (a stray brace would fail only on the page using it),
    under a key that is a word (YAML 1.1 reads a bare 'on', 'no' or 'yes' as a boolean)."""
    for key, value in i18n.table(language).items():
        assert all(re.fullmatch(r"[A-Za-z0-9_-]+", part) and part not in ("True", "False") for part in
                   key.split(".")), key
        value.format(**dict.fromkeys(i18n.placeholders(value) | i18n.DATE_FIELDS, "x"))
        assert value == value.strip() or key.split(".")[-1] in _SPACED, f"{language}: {key}: {value!r}"


# Values that are joined to the text before or after them, so they carry their own space.
_SPACED = {"earlier", "changeWhat", "draft", "forProduction", "alsoVerdict", "draftStatus", "labelStatus", "idsSep",
           "subjectFor", "in_english", "in_language", "translated", "no_address", "replaced_by", "note"}


def test_french_typography() -> None:
    """« guillemets », and a space before : ; ? ! (the shared style of the French translations)."""
    for key, value in i18n.table("fr").items():
        text = re.sub(r"<[^>]*>|\]\([^)]*\)|\{\w*\}|https?://\S+|Ctrl\+C|⌘C", " ", value)
        assert not re.search(r"[“”\"]", text), f"{key}: English quotes in {value!r}"
        assert not re.search(r"\S[:;?!](\s|$)", text), f"{key}: no space before : ; ? ! in {value!r}"
        assert not re.search(r"«\S|\S»", text), f"{key}: « guillemets » take a space inside: {value!r}"


# -- text() and format_date ---------------------------------------------------------------


def test_text_fills_placeholders() -> None:
    assert i18n.text("en", "cite.edition", edition="2025.1") == "Edition 2025.1"
    assert i18n.text("fr", "cite.edition", edition="2025.1") == "Édition 2025.1"
    assert i18n.raw("en", "examples.showing") == "Showing {shown} of {total} examples."


def test_an_unknown_key_or_language_is_a_clear_error() -> None:
    with pytest.raises(i18n.UnknownText, match=r"no interface text 'cite\.lable' in render/i18n/fr\.yml "
                                                r"\(keys beside it: cite\.label"):
        i18n.text("fr", "cite.lable")
    with pytest.raises(i18n.UnknownText, match="needs the value 'edition'"):
        i18n.text("en", "cite.edition")
    with pytest.raises(i18n.UnknownText, match="no interface text for language 'de'"):
        i18n.text("de", "cite.label")
    with pytest.raises(i18n.UnknownText, match="is one text, not a group"):
        i18n.group("en", "cite.label")


def test_dates_in_each_language() -> None:
    assert i18n.format_date("en", "2025-08") == "August 2025"
    assert i18n.format_date("en", "2025-08-26") == "2025-08-26"  # as the English site has always shown it
    assert i18n.format_date("fr", "2025-08") == "août 2025"
    assert i18n.format_date("fr", "2025-08-26") == "26 août 2025"
    assert i18n.format_date("fr", "2025-08-01") == "1er août 2025"
    assert i18n.format_date("fr", "sometime in 2025") == "sometime in 2025"
    assert i18n.format_date("fr", "2025-13") == "2025-13"


def test_the_theme_words() -> None:
    theme = i18n.ThemeText("fr")
    assert theme("theme.feed", title="A & B") == "A &amp; B\u00a0: modifications"
    assert theme.plain("theme.feed", title="A & B") == "A & B\u00a0: modifications"
    assert i18n.ThemeText("en").css_counters("theme.print_pages") == '"Page " counter(page) " of " counter(pages)'
    assert theme.css_counters("theme.print_pages") == '"Page " counter(page) " sur " counter(pages)'
    assert theme.date("2025-08-26") == "26 août 2025"


def test_the_hooks_read_the_language_from_the_theme() -> None:
    def config(**theme: str) -> SimpleNamespace:
        return SimpleNamespace(theme=theme)

    assert language_of(config()) == "en"  # type: ignore[arg-type]
    assert language_of(config(language="fr")) == "fr"  # type: ignore[arg-type]
    with pytest.raises(PluginError, match=r"theme\.language to 'de'.*has only: en, fr"):
        language_of(config(language="de"))  # type: ignore[arg-type]


def test_the_configurations_words_in_each_language() -> None:
    """The navigation, the colour-scheme toggles and the permanent links: mkdocs.yml's words in English (the
    table holds the same, so the English site is as mkdocs.yml says), the table's in another language."""
    def nav_titles(entries: list[Any]) -> dict[str, str]:
        found: dict[str, str] = {}
        for entry in entries:
            ((title, target),) = entry.items()
            if isinstance(target, list):
                found.update(nav_titles(target))
            else:
                found[target] = title
        return found

    english = nav_titles(load_config(str(ROOT / "mkdocs.yml"))["nav"])
    for language in i18n.LANGUAGES:
        config = load_config(str(ROOT / "mkdocs.yml"))
        words_of_the_configuration(config, language)
        titles = nav_titles(config["nav"])
        assert titles.keys() == english.keys()
        for page, title in titles.items():
            assert title == i18n.text(language, "nav." + page.removesuffix(".md").replace("/", ".")), page
        toggles = [option["toggle"]["name"] for option in config.theme["palette"]]
        assert toggles == [i18n.text(language, f"theme.toggle.{o['scheme']}") for o in config.theme["palette"]]
        assert config["mdx_configs"]["toc"]["permalink_title"] == i18n.text(language, "theme.permalink")
        if language == "en":
            assert titles == english
            original = load_config(str(ROOT / "mkdocs.yml")).theme["palette"]
            assert toggles == [option["toggle"]["name"] for option in original]
            assert i18n.text(language, "theme.permalink") == "Permanent link"  # Python-Markdown's own
        else:
            assert all(titles[page] != english[page] for page in english), language


# -- every key used is in the table ---------------------------------------------------------


_TEMPLATE_KEY = re.compile(r"""\bt(?:\.raw)?\(\s*["']([^"']+)["']""")


def _keys(pattern: re.Pattern[str], paths: list[Path]) -> dict[str, Path]:
    return {key: path for path in paths for key in pattern.findall(path.read_text(encoding="utf-8"))}


def test_the_templates_use_only_keys_the_tables_have() -> None:
    """Static keys in the page templates and the theme; the keys made in Python (kinds, fields) are
    checked by rendering every page in every language below."""
    used = _keys(_TEMPLATE_KEY, sorted(TEMPLATES.glob("*.j2")))
    used.update(_keys(re.compile(r"""gl_t(?:\.\w+)?\(\s*["']([^"']+)["']"""), sorted(OVERRIDES.glob("*.html"))))
    assert len(used) > 150
    for language in i18n.LANGUAGES:
        missing = {key: path.name for key, path in used.items() if key not in i18n.table(language)}
        assert missing == {}, f"keys not in {language}.yml"


def test_the_scripts_words_are_all_in_the_table_and_none_in_the_scripts() -> None:
    widget = (SCRIPTS / "decision-tree.js").read_text(encoding="utf-8")
    used = set(re.findall(r"\bT\.(\w+)", widget)) | {"fields"}
    words = set(i18n.group("en", "widget"))
    assert used - words == set(), "the widget reads words the table lacks"
    assert words - used == set(), "the table has widget words nothing reads"
    assert set(i18n.group("en", "widget")["fields"]) == set(re.search(r"var FIELDS = \[([^\]]*)\]", widget)
                                                                 .group(1).replace("'", "").split(", "))
    page = (SCRIPTS / "guidelines.js").read_text(encoding="utf-8")
    assert set(re.findall(r"strings\(\)\.(\w+)", page)) == set(i18n.group("en", "page_js"))
    # No sentence in either script: a string literal of two words or more is a selector or an internal error.
    allowed = {"use strict", "copy failed", "thead th", "tbody tr", ".dt-diagram__box rect", ".gl-cardtable table"}
    for name, script in (("decision-tree.js", widget), ("guidelines.js", page)):
        script = re.sub(r"/\*.*?\*/|^\s*//.*$|\s//.*$", "", script, flags=re.S | re.M)  # comments
        literals = re.findall(r"""'([^'\n]*[A-Za-z]+ [A-Za-z][^'\n]*)'|"([^"\n]*[A-Za-z]+ [A-Za-z][^"\n]*)\"""", script)
        assert {a or b for a, b in literals} - allowed == set(), f"{name} holds words of its own"


def test_the_widget_finds_a_tree_named_as_the_check_does() -> None:
    """widget.treeMention says how a text names a tree: as the patterns the check holds texts to."""
    patterns = {"en": idlinks.TREE_MENTION, "fr": idlinks.TREE_MENTION_FR}
    assert set(patterns) == set(i18n.LANGUAGES)
    for language, pattern in patterns.items():
        found = pattern.search("Run " + i18n.text(language, "widget.treeMention", id="quick-check") + " too.")
        assert found is not None and found.group(1) == "quick-check", language
        assert pattern.search(i18n.text(language, "widget.onlyPart", q="quick-check")), language


def test_every_kind_and_statement_field_has_its_words() -> None:
    for language in i18n.LANGUAGES:
        for kind in kinds.CITABLE:
            i18n.text(language, f"kind.{kind.name}.plural")
            if kind.index_page:
                i18n.text(language, f"kind.{kind.name}.index_title")
                i18n.text(language, f"kind.{kind.name}.index_intro")
            if kind.complete:
                i18n.text(language, f"kind.{kind.name}.complete_title")
            for field in kind.statements:
                i18n.text(language, f"provenance.field.{field}")
        for basis in provenance.BASES:
            if basis != provenance.SOURCE:
                i18n.text(language, f"basis.{basis}")


# -- a French page ---------------------------------------------------------------------------


def test_every_page_renders_in_every_language(ctx: SiteContext) -> None:
    """No key the pages use is missing (a missing one fails the page); the interface differs by language."""
    pages = {language: Renderer(ctx, language).pages() for language in i18n.LANGUAGES}
    assert Renderer(ctx).pages() == pages["en"]
    for language in OTHERS:
        assert pages[language].keys() == pages["en"].keys()
        assert all(pages[language][p] != pages["en"][p] for p in pages["en"]), "a page without interface text"


# (English words, French words) on pages of each kind, from the table.
_LABELS = {
    kinds.PRINCIPLE: ["cite.label", "cite.copy", "principle.rule", "principle.why", "principle.in_practice",
                      "principle.warning_signs", "related.title"],
    kinds.EXAMPLE: ["example.scenario", "example.decision_path", "example.answer", "example.tree_answer",
                    "example.replay", "example.stages", "example.principles"],
    kinds.TREE: ["tree.about", "tree.outline", "tree.diagram", "outline.results", "widget.download",
                 "widget.restart", "widget.hello"],
    kinds.SECTION: ["cite.clause_label", "related.title", "cite.copy"],
}


@pytest.mark.parametrize("kind", list(_LABELS), ids=lambda kind: kind.name)
def test_a_page_in_french_has_french_labels_and_no_english_ones(ctx: SiteContext, kind: kinds.Kind) -> None:
    """The shipped content (English text) with the French interface."""
    item = ctx.items(kind)[0]
    page = ctx.urls.page(kind, item.id)
    french = shown(Renderer(ctx, "fr").item_page(kind, item.id, page), ctx.fragments)
    english = shown(Renderer(ctx, "en").item_page(kind, item.id, page), ctx.fragments)
    for key in _LABELS[kind]:
        words = {language: i18n.raw(language, key).replace("{n}", "") for language in ("en", "fr")}
        assert words["fr"] != words["en"], key
        assert words["en"] in english, f"{key}: {words['en']!r} not on the English page"
        assert words["fr"] in french, f"{key}: {words['fr']!r} not on the French page"
        assert words["en"] not in french, f"{key}: {words['en']!r} still on the French page"
    if kind is kinds.PRINCIPLE:  # the content stays as written, and the cite line says "édition"
        assert item.data["question"] in french
        assert f"{ctx.guideline['title']}, {ctx.edition_words('fr')}, {item.id}," in french
        assert ctx.edition_words("fr").startswith(f"édition {ctx.edition}")


def test_a_translations_pages_speak_its_language(ctx: SiteContext) -> None:
    """A translated context (output/languages.py) renders with its language's interface unless told otherwise,
    and cites in it."""
    translated = languages.translated_context(ctx, "fr")
    item = ctx.items(kinds.PRINCIPLE)[0]
    page = ctx.urls.page(kinds.PRINCIPLE, item.id)
    french = shown(Renderer(translated).item_page(kinds.PRINCIPLE, item.id, page), translated.fragments)
    assert i18n.text("fr", "cite.label") in french and i18n.text("en", "cite.label") not in french
    assert translated.cite(kinds.PRINCIPLE, item.id).startswith(f"{translated.guideline['title']}, édition ")
    assert ctx.cite(kinds.PRINCIPLE, item.id).startswith(f"{ctx.guideline['title']}, edition ")
    english = shown(Renderer(translated, "en").item_page(kinds.PRINCIPLE, item.id, page), translated.fragments)
    assert i18n.text("en", "cite.label") in english


def test_the_french_interface_dates_in_french(ctx: SiteContext) -> None:
    home = shown(Renderer(ctx, "fr").pages()["index.md"], ctx.fragments)
    source = ctx.guideline.get("dates", {}).get("source_published")
    if source:
        assert i18n.format_date("fr", source) in home
    assert "Édition <strong>" in home and "Edition <strong>" not in home
