"""What every output needs to know about the validated corpus, computed once.

Pages and JSON both need reverse links (which examples touch GP-4, which tree
questions ask about it), URLs and labels. They are derived here, once per build,
so templates stay free of logic and the two outputs cannot disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from guidelines import kinds
from guidelines.evaluator import Result, Walks
from guidelines.kinds import Kind
from guidelines.load.archive import Archive, order
from guidelines.load.corpus import Corpus, Item
from guidelines.render import i18n
from guidelines.render.fragments import Fragments
from guidelines.render.status import Status, status_of
from guidelines.urls import Urls, anchor
from guidelines.verdicts import overall, ranking


@dataclass
class SiteContext:
    """The validated corpus plus everything derived from it."""

    corpus: Corpus
    trees: dict[str, dict[str, Any]]
    # (kind name, id) -> list of example IDs that refer to it
    examples_of: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    # principle/category ID -> list of (tree ID, node ID) questions that ask about it
    questions_of: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    # (kind name, id) -> list of (kind name, id) items that refer to it
    referrers: dict[tuple[str, str], list[tuple[str, str]]] = field(default_factory=dict)
    # (tree ID, answers) -> the walk, evaluated once per build and shared (see walk())
    walks: Walks = field(default_factory=Walks)
    # hash -> HTML the pages' Markdown refers to by marker (filled while rendering; fragments.py)
    fragments: Fragments = field(default_factory=Fragments)
    # For an earlier edition's pages, which one this corpus is (its pages and JSON then live
    # under its edition folder, and they say it was superseded).
    archived: str | None = None
    # The address this build publishes at, when it is not guideline.yml's (guidelines build --site-url).
    published_at: str | None = None
    # The language of its texts, and for a translation the English context it translates (output/languages.py).
    language: str = "en"
    english: SiteContext | None = field(default=None, repr=False, compare=False)
    # A translation's pages part of which translates an earlier English text (the "notice" policy): page
    # source -> the English page's address.
    stale_pages: dict[str, str] = field(default_factory=dict)
    # What later stages make once per context and share (the exporter and its item bodies).
    memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    urls: Urls = field(init=False)
    current_urls: Urls = field(init=False)

    def __post_init__(self) -> None:
        self.urls = Urls(self.published_at or self.guideline["site_url"], self.archived)
        self.current_urls = Urls(self.urls.site) if self.archived else self.urls  # the edition in force

    @property
    def guideline(self) -> dict[str, Any]:
        return self.corpus.guideline

    @property
    def edition(self) -> str:
        return self.corpus.edition

    @property
    def site_url(self) -> str:
        return self.urls.site

    def items(self, kind: Kind) -> list[Item]:
        return list(self.corpus.of(kind).values())

    def item(self, kind: Kind, item_id: str) -> Item:
        found = self.corpus.get(kind, item_id)
        if found is None:
            raise KeyError(f"{kind.name} {item_id}")
        return found

    def walk(self, tree_id: str, answers: Mapping[str, str]) -> Result:
        """The walk of a check's answers through a tree, shared by the pages and the export (do not change it)."""
        return self.walks.walk(self.trees[tree_id], answers)

    def permalink(self, kind: Kind | str, item_id: str) -> str:
        return self.urls.permalink(kind, item_id)

    @property
    def archive(self) -> Archive:
        """The published editions (an archived edition's corpus has none of its own: the current one's are set)."""
        return self.corpus.archive

    @property
    def superseded(self) -> bool:
        """Whether a later edition has been published (an archived edition's pages say so)."""
        return any(order(e.name) > order(self.edition) for e in self.archive.editions)

    @property
    def published(self) -> bool:
        """Whether this edition is published (frozen): a draft has no edition URLs to cite yet."""
        return self.archive.get(self.edition) is not None

    @property
    def edition_published(self) -> str | None:
        """The day this edition was published (None for a draft)."""
        edition = self.archive.get(self.edition)
        return edition.published if edition else None

    def edition_url(self, kind: Kind | str, item_id: str, clause: str | None = None) -> str | None:
        """The URL that shows this edition's text for good (None for a draft edition)."""
        if self.archived:
            url = self.permalink(kind, item_id)
        elif self.published:
            url = self.urls.pinned(self.edition, kind, item_id)
        else:
            return None
        return f"{url.partition('#')[0]}#{anchor(clause)}" if clause else url

    def latest_url(self, kind: Kind | str, item_id: str, clause: str | None = None) -> str:
        """The URL that always shows the edition in force."""
        url = self.current_urls.permalink(kind, item_id)
        return f"{url.partition('#')[0]}#{anchor(clause)}" if clause else url

    @property
    def status(self) -> Status:
        return status_of(self.guideline, self.language)

    def cite(self, kind: Kind | str, item_id: str, clause: str | None = None, language: str | None = None) -> str:
        """The citation line: title, edition, ID, the URL of this edition's text (of the latest, for a
        draft), and the status of an unofficial text, which a quoted line must not lose. A draft's line
        says it is one: its text may still change, so a contract must not take it for a published edition.
        (``language``: that of the words the line adds, "edition"; by default the context's.)"""
        language = language or self.language
        url = self.edition_url(kind, item_id, clause) or self.latest_url(kind, item_id, clause)
        # (a translation's line also says what it is: a quoted line must not pass for the English text)
        translation = " " + i18n.text(language, "cite.translation") if self.english is not None else ""
        return (f"{self.guideline['title']}, {self.edition_words(language)}, {clause or item_id}, {url}"
                f"{status_of(self.guideline, language).suffix()}{translation}")

    @property
    def edition_label(self) -> str:
        """How a cite line names the edition: "edition 2025.4", or "edition 2025.4 (draft, not yet published)"."""
        return self.edition_words(self.language)

    def edition_words(self, language: str) -> str:
        """``edition_label`` in a language."""
        draft = not (self.published or self.archived)
        return i18n.text(language, "cite.line_draft" if draft else "cite.line_edition", edition=self.edition)

    def result(self, example: Mapping[str, Any]) -> str:
        """An example's one overall result (pages and export read it here)."""
        ranks = self.memo.get("verdict ranks")
        if ranks is None:
            ranks = self.memo["verdict ranks"] = ranking(self.vocabulary("verdicts"))
        return overall(example, ranks) or ""

    def results_by_risk(self) -> dict[str, dict[str, int]]:
        """Risk level -> verdict -> how many worked examples of a use case at that level end there.

        The matrix's legend shows how its levels relate to the trees' verdicts from the
        examples themselves, not from a sentence that could drift from them.
        """
        found: dict[str, dict[str, int]] = {level: {} for level in self.vocabulary("risk-levels")}
        risk_of = {use_case.id: use_case.data["risk"] for use_case in self.items(kinds.USE_CASE)}
        for example in self.items(kinds.EXAMPLE):
            if not example.active:
                continue
            verdict = self.result(example.data)
            for level in {risk_of[uc] for uc in example.data.get("use_cases", []) if uc in risk_of}:
                counts = found.setdefault(level, {})
                counts[verdict] = counts.get(verdict, 0) + 1
        return found

    def vocabulary(self, vocab_id: str) -> dict[str, dict[str, Any]]:
        return self.corpus.vocabulary(vocab_id)


def build_context(corpus: Corpus, trees: dict[str, dict[str, Any]], *, archived: str | None = None,
                  fragments: Fragments | None = None, published_at: str | None = None) -> SiteContext:
    """Derive reverse links and indexes from a corpus that passed validation (``archived``: an earlier
    edition's, whose pages share the current build's ``fragments``)."""
    context = SiteContext(corpus=corpus, trees=trees, walks=corpus.walks, archived=archived,
                          fragments=fragments if fragments is not None else Fragments(), published_at=published_at)
    # A tree's own principles count with its questions (questions_of), not as a referrer.
    referring = [kind for kind in kinds.ITEM_KINDS if kind.references and kind is not kinds.TREE]
    for kind in referring:
        for item in corpus.of(kind).values():
            for name, target in kinds.REFERENCE_FIELDS.items():
                for ref in item.data.get(name, []):
                    context.referrers.setdefault((target.name, ref), []).append((kind.name, item.id))
                    if kind is kinds.EXAMPLE:
                        context.examples_of.setdefault((target.name, ref), []).append(item.id)
    for item in corpus.of(kinds.EXAMPLE).values():
        for check in item.data["checks"]:
            context.examples_of.setdefault(("tree", check["tree"]), []).append(item.id)
    for tree_id, tree in trees.items():
        for node in tree["nodes"].values():
            if node["type"] != "question":
                continue
            for ref in [ref for name, _ in kinds.TREE_NODE_REFERENCES for ref in node[name]]:
                context.questions_of.setdefault(ref, []).append((tree_id, node["id"]))
    for key, values in context.examples_of.items():
        context.examples_of[key] = list(dict.fromkeys(values))
    return context
