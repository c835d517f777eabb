"""Each translation's site: the English content with its texts in another language, rendered again.

A translation holds texts only (load/translations.py), so the translated corpus is the
English one with each text replaced: the same items, IDs, references, verdicts and
tree structure. Its trees therefore decide as the English ones do; the check walks
every worked example again in the translated trees all the same, and a test walks
every path of every tree in both languages.

The translated pages live under ``/<language>/`` (``fr/principles/gp-4/``), with their
own export under ``/<language>/api/v1/``. An edition published in the language keeps
it: its pages and JSON under ``/<language>/editions/<edition>/`` and
``/<language>/api/v1/editions/<edition>/``, frozen with its English pages once a later
edition replaces it (output/editions.py, tools/publish.py). An edition published in
English only is linked at its English address.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from guidelines import kinds
from guidelines.check.parity import languages
from guidelines.check.trees import tree_document
from guidelines.context import SiteContext, build_context
from guidelines.evaluator import Walks
from guidelines.load.corpus import Corpus, Item
from guidelines.load.translations import translated_data
from guidelines.problems import Location, Problems
from guidelines.render import typography
from guidelines.urls import page_url

ENGLISH = "en"
STRINGS = Path(__file__).resolve().parent.parent / "render" / "i18n"  # the interface's strings, a file a language


def interface_languages() -> list[str]:
    """The languages the interface speaks besides English: a translation can be declared in these only, and
    docs/<language>/ holds that language's hand-written pages (never part of the English site)."""
    return sorted(path.stem for path in STRINGS.glob("*.yml") if path.stem != ENGLISH)


def translated_corpus(corpus: Corpus, language: str) -> Corpus:
    """The corpus with every text in ``language`` (the English is shared, never changed)."""
    files = corpus.translations[language].files

    def typeset(text: str) -> str:
        return typography.typeset_markdown(language, text)  # (code spans keep their spaces)

    items: dict[str, dict[str, Item]] = {}
    for kind in kinds.ITEM_KINDS:
        items[kind.name] = {
            item.id: Item(kind, item.id, translated_data(item.data, files.get(_path(kind, item.id)), typeset),
                          item.source)
            for item in corpus.of(kind).values()}
    guideline = translated_guideline(corpus, language)
    return Corpus(root=corpus.root, guideline=guideline, guideline_source=corpus.guideline_source,
                  register=corpus.register, register_source=corpus.register_source, items=items,
                  archive=corpus.archive, translations=corpus.translations, parity=corpus.parity, walks=Walks())


def translated_guideline(corpus: Corpus, language: str) -> dict[str, Any]:
    """The guideline's metadata in ``language`` (as the corpus was translated; the English where it was not)."""
    found = corpus.translations.get(language)
    if found is None:
        return corpus.guideline
    return translated_data(corpus.guideline, found.files.get(f"{kinds.CONTENT}/{kinds.GUIDELINE_FILE}"),
                           lambda text: typography.typeset_markdown(language, text))


def _path(kind: kinds.Kind, item_id: str) -> str:
    return f"{kinds.CONTENT}/{kind.directory}/{item_id}.yml"


def translated_context(ctx: SiteContext, language: str) -> SiteContext:
    """The context of one translation, published under the English site's ``<language>/`` (an earlier edition's,
    for ``ctx`` archived: its pages then share the fragments of the translation's site that shows them)."""
    corpus = translated_corpus(ctx.corpus, language)
    trees = {item.id: tree_document(item) for item in corpus.of(kinds.TREE).values()}
    found = build_context(corpus, trees, archived=ctx.archived, fragments=ctx.fragments if ctx.archived else None,
                          published_at=f"{ctx.site_url}{language}/")
    found.language, found.english = language, ctx
    stale = (corpus.parity.stale if corpus.parity else {}).get(language, {})
    for english_file in stale:
        page = _page_of(found, english_file)
        found.stale_pages[page] = ctx.site_url + page_url(page)
    return found


def _page_of(ctx: SiteContext, english_file: str) -> str:
    """The page that shows an English file's texts (the home page for the guideline's and the vocabularies')."""
    folder, _, name = english_file.removeprefix(f"{kinds.CONTENT}/").rpartition("/")
    kind = kinds.BY_DIRECTORY.get(folder)
    if kind is not None and kind.pages:
        return ctx.urls.page(kind, name.removesuffix(".yml"))
    if kind is not None and kind.shared_page:
        return ctx.urls.source(kind.shared_page)
    return ctx.urls.source("index.md")


def same_decisions(english: SiteContext, translated: SiteContext, problems: Problems) -> None:
    """Every worked example's check ends at the same outcome and verdict in both languages (true by
    construction, as a translation cannot change a tree's structure: this holds the construction to it)."""
    for example in english.items(kinds.EXAMPLE):
        for index, check in enumerate(example.data["checks"]):
            ours = english.walk(check["tree"], check["answers"])
            theirs = translated.walk(check["tree"], check["answers"])
            if (ours.node, ours.verdict) != (theirs.node, theirs.verdict):
                problems.add(Location(example.source.display), f"checks[{index}]",
                             f"the {translated.language} tree '{check['tree']}' ends at '{theirs.node}' "
                             f"({theirs.verdict}), the English at '{ours.node}' ({ours.verdict})",
                             "report this as a bug in the generator: a translation holds texts only")


def declared(ctx: SiteContext) -> list[str]:
    """The languages this edition is published in besides English."""
    return list(languages(ctx.guideline))


def alternates(ctx: SiteContext) -> list[dict[str, Any]]:
    """Every language's site, English first: code, own name, address."""
    english = ctx.english or ctx
    found = [{"language": ENGLISH, "name": "English", "url": english.site_url}]
    for code, settings in languages(english.guideline).items():
        found.append({"language": code, "name": settings["name"], "url": f"{english.site_url}{code}/"})
    return found
