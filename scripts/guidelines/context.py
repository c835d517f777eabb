"""What every output needs to know about the validated corpus, computed once.

Pages and JSON both need reverse links (which examples touch GP-4, which tree
questions ask about it), URLs and labels. They are derived here, once per build,
so templates stay free of logic and the two outputs cannot disagree.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from guidelines import kinds
from guidelines.evaluator import Result, Walks
from guidelines.kinds import Kind
from guidelines.load.corpus import Corpus, Item
from guidelines.render.fragments import Fragments

# Kinds shown on one shared page, each item an anchor on it.
SINGLE_PAGE = {"glossary": "glossary.md", "changelog": "changelog.md"}


def anchor(item_id: str) -> str:
    """A heading ID from an item ID: lowercase, dots become hyphens (SEC-1.2 -> sec-1-2)."""
    return item_id.lower().replace(".", "-")


def page_of(kind: Kind | str, item_id: str) -> str:
    """The Markdown source path (under docs/) of the page that shows an item."""
    kind = kinds.as_kind(kind)
    if kind.name in SINGLE_PAGE:
        return SINGLE_PAGE[kind.name]
    return kind.page_path(item_id)


def url_of(kind: Kind | str, item_id: str) -> str:
    """The item's URL relative to the site root (what ``site_url`` is prefixed to)."""
    kind = kinds.as_kind(kind)
    page = page_of(kind, item_id)
    base = "" if page == "index.md" else page.removesuffix(".md") + "/"
    if kind.name in SINGLE_PAGE:
        return f"{base}#{anchor(item_id)}"
    return base


def relative(path: str, start: str) -> str:
    """``posixpath.relpath`` for site paths (relative, normalised, no '..'), without its cost.

    Pages link thousands of items; relpath (two abspath calls and a commonprefix each
    time) was a tenth of rendering at 1,000 worked examples.
    """
    to, here = [p for p in path.split("/") if p and p != "."], [p for p in start.split("/") if p and p != "."]
    common = 0
    while common < len(to) and common < len(here) and to[common] == here[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + to[common:]) or "."


def md_link(from_page: str, to_page: str, fragment: str = "") -> str:
    """A relative link between two Markdown sources, which MkDocs validates."""
    target = relative(to_page, posixpath.dirname(from_page))
    return target + (f"#{fragment}" if fragment else "")


def page_url(source: str) -> str:
    """The site URL of a Markdown source path, with directory URLs (as MkDocs makes them)."""
    if not source.endswith(".md"):
        return source
    stem = source[:-3]
    if stem == "index":
        return ""
    return stem[: -len("index")] if stem.endswith("/index") else stem + "/"


def url_link(from_page: str, to_url: str) -> str:
    """A relative link from a page to a site URL (for raw HTML and JSON payloads)."""
    here = page_url(from_page)
    path, _, fragment = to_url.partition("#")
    target = relative(path, here)
    target = "./" if target == "." else (target + "/" if path.endswith("/") or not path else target)
    return target + (f"#{fragment}" if fragment else "")


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

    @property
    def guideline(self) -> dict[str, Any]:
        return self.corpus.guideline

    @property
    def edition(self) -> str:
        return self.corpus.edition

    @property
    def site_url(self) -> str:
        url = self.guideline["site_url"]
        return url if url.endswith("/") else url + "/"

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
        return self.site_url + url_of(kind, item_id)

    def cite(self, kind: Kind | str, item_id: str) -> str:
        """The citation line for an item: title, edition, ID, permanent URL."""
        return (f"{self.guideline['title']}, edition {self.edition}, {item_id}, "
                f"{self.permalink(kind, item_id)}")

    def vocabulary(self, vocab_id: str) -> dict[str, dict[str, Any]]:
        return self.corpus.vocabulary(vocab_id)


def build_context(corpus: Corpus, trees: dict[str, dict[str, Any]]) -> SiteContext:
    """Derive reverse links and indexes from a corpus that passed validation."""
    context = SiteContext(corpus=corpus, trees=trees, walks=corpus.walks)
    ref_fields = {"principles": kinds.PRINCIPLE, "categories": kinds.CATEGORY,
                  "use_cases": kinds.USE_CASE, "trees": kinds.TREE}
    for kind in (kinds.PRINCIPLE, kinds.CATEGORY, kinds.USE_CASE, kinds.SECTION, kinds.EXAMPLE):
        for item in corpus.of(kind).values():
            for name, target in ref_fields.items():
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
            for ref in node["principles"] + node["categories"]:
                context.questions_of.setdefault(ref, []).append((tree_id, node["id"]))
    for key, values in context.examples_of.items():
        context.examples_of[key] = list(dict.fromkeys(values))
    return context
