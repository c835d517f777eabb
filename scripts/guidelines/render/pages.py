"""Render the site's Markdown pages from the validated corpus.

Layout lives in Jinja2 templates (render/templates/*.md.j2); the pieces made in
Python live in ``components``. This module chooses which template renders which
page, from the table of kinds, and hands it the data. Every ``{{ }}`` output passes
through ``textsafe.safe_text`` (the environment's finalize), so text from YAML can
never become markup unless a template marks it safe on purpose.

The environment autoescapes so that a macro's output (``{{ m.cite(...) }}``) comes
back as Markup and is not escaped a second time; finalize still runs first, so YAML
text is escaped by ``safe_text`` (which also neutralises ``{ }``), never by
markupsafe alone. Templates must therefore not join raw YAML text to Markup (``~``
or ``join``): pass it through ``|md`` or ``|line`` first.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template, pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

from guidelines import kinds
from guidelines.context import SiteContext
from guidelines.kinds import Kind
from guidelines.load.archive import order
from guidelines.load.corpus import Corpus, Item
from guidelines.provenance import statements_of, text_of
from guidelines.render import changelog, i18n
from guidelines.render.components import Components
from guidelines.render.htmltext import InlineHTML
from guidelines.render.idlinks import is_clause, mentioned, widget_texts
from guidelines.render.treediagram import diagram_svg
from guidelines.render.treeviews import outline_html
from guidelines.textsafe import collapse, json_for_html, one_line, safe_attr, safe_text
from guidelines.urls import EDITIONS_PAGE, PROVENANCE_PAGE, RECORD_SCHEMA, anchor, edition_folder, page_url

TEMPLATES = Path(__file__).parent / "templates"
_HEADING = re.compile(r"^(#{1,4}) ", re.MULTILINE)
_LIST_ITEM = re.compile(r"\s*\n\s*(?:[-*+]|\d+[.)])\s+")


def inline_text(value: Any) -> Markup:
    """Rich text for one table cell: list items run on in the sentence, one line, escaped."""
    return one_line(_LIST_ITEM.sub(" ", str(value)))


def first_paragraph(value: Any) -> str:
    """The text up to the first blank line (a list's blurb)."""
    return str(value).strip().split("\n\n", 1)[0]


def safe_join(values: Any, separator: str = "") -> Markup:
    """``join`` that escapes each item with safe_text (Jinja's would use markupsafe alone)."""
    return Markup(safe_text(separator)).join(safe_text(v) for v in values)


def mailto(address: str) -> str:
    """A mailto: URL for one address, percent-encoded (RFC 6068): the address can add no header."""
    return "mailto:" + quote(address, safe="@")


@pass_context
def _fragment(context: Context, html: str) -> Markup:
    """``{% filter fragment %}``: keep the block's HTML out of Markdown (see fragments.py)."""
    return context["renderer"].fragments.add(html)


@pass_context
def _html(context: Context, text: Any, page: str | None = None) -> Markup:
    """``|html(page)``: one line of YAML text as HTML, for use inside a fragment."""
    return context["renderer"].inline(text, page or context["page"])


@pass_context
def _date(context: Context, value: Any) -> str:
    """``|date``: a date in the page's language (``i18n.format_date``)."""
    return i18n.format_date(context["language"], value)


class Text:
    """The templates' ``t(key, **values)``: the interface text of one language.

    A table's value is written as the template's own text would be (Markdown or HTML);
    the values put into it are escaped as ``{{ }}`` escapes them (``safe_text``), so
    ``t("x", title=d.title)`` is as safe as writing the text and ``{{ d.title }}`` in place.
    """

    def __init__(self, language: str) -> None:
        self.language = language

    def __call__(self, key: str, /, **values: Any) -> Markup:
        return Markup(i18n.text(self.language, key, **{name: safe_text(value) for name, value in values.items()}))

    def raw(self, key: str) -> Markup:
        """The value with its placeholders unfilled (a script fills them in)."""
        return Markup(i18n.raw(self.language, key))


def month_or_day(key: str, value: Any) -> str:
    """``key.month`` or ``key.day``, for a date that may be a month ('2025-08') or a day: some languages
    word the two differently ("in August 2025", "on 26 August 2025")."""
    return f"{key}.month" if len(str(value)) == 7 else f"{key}.day"


@cache
def environment() -> Environment:
    """One Jinja2 environment per process: templates compile once.

    No globals, not even Jinja's defaults (``range``, ``namespace``...): what templates
    use comes from ``Renderer.render``.
    """
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), undefined=StrictUndefined,
                      autoescape=True, finalize=safe_text, keep_trailing_newline=True,
                      trim_blocks=True, lstrip_blocks=True,
                      comment_start_string="{##", comment_end_string="##}",
                      extensions=["jinja2.ext.do"])
    env.filters.update(md=safe_text, attr=safe_attr, line=one_line, json=json_for_html, inline=inline_text,
                       join=safe_join, fragment=_fragment, html=_html, date=_date)
    env.globals.clear()
    return env


def glossary_terms(source: SiteContext | Corpus) -> dict[str, str]:
    """Each glossary term and alias with its one-line definition (the pages' tooltips)."""
    corpus = source.corpus if isinstance(source, SiteContext) else source
    terms: dict[str, str] = {}
    for item in corpus.of(kinds.GLOSSARY).values():
        definition = collapse(item.data["definition"])
        for term in [item.data["term"], *item.data.get("aliases", [])]:
            terms[term] = definition
    return terms


class Renderer:
    """Renders every page of one build, with the interface text of one language (``i18n``)."""

    def __init__(self, ctx: SiteContext, language: str | None = None) -> None:
        language = language or ctx.language  # (a translation's context is in its language; others in English)
        i18n.refresh()
        i18n.table(language)  # (an unknown language fails here, not on the first page)
        self.ctx, self.urls, self.fragments, self.language = ctx, ctx.urls, ctx.fragments, language
        self.env = environment()
        self.inline = InlineHTML(glossary_terms(ctx), ctx.urls)
        self.parts = Components(ctx, self.inline, language)
        self._widget_strings: Markup | None = None
        self._templates: dict[str, Template] = {}  # get_template stats the file at every call
        self._example_rows: list[dict[str, Any]] | None = None
        parts = self.parts
        # What every template is given (``render`` adds the page and its own values).
        self._values = dict(kinds=kinds, page_anchor=anchor, kind_page=self.urls.page, ctx=ctx, renderer=self,
                            link=parts.link, hlink=parts.hlink, href=parts.href, md_link=self.urls.md_link,
                            source=self.urls.source,
                            badge=parts.badge, cite_box=parts.cite_box, refs=self.refs, links_list=self.links_list,
                            example_table_rows=parts.example_table_rows, situations=parts.situations,
                            complete_example_rows=parts.complete_example_rows, sources=parts.source_list,
                            tree_link=self.tree_link, change_link=self.change_link, prefix="",
                            questions=self.questions, referring=self.referring, clause_cite=parts.clause_cite,
                            mailto=mailto, basis=parts.basis, entry_basis=parts.entry_basis,
                            text_of=text_of, t=Text(language), language=language, month_or_day=month_or_day)

    # -- what templates call ---------------------------------------------------------

    def refs(self, kind_name: str, ids: list[str], page: str) -> Markup:
        """A list of links to items, as a fragment (such lists run to thousands of links on large corpora)."""
        return self.links_list(page, [(kind_name, ids)])

    def links_list(self, page: str, groups: list[tuple[str, list[str]]]) -> Markup:
        return self.fragments.add(self.parts.links_list(page, groups))

    def tree_link(self, page: str, tree_id: str) -> Markup:
        return self.parts.link(page, "tree", tree_id)

    def change_link(self, page: str, item_id: str, label: str | None = None) -> Markup:
        """A link to a changed item (for a clause, its section's page at the clause), or its ID as text."""
        for kind in kinds.CITABLE:
            if self.ctx.corpus.get(kind, item_id):
                link = self.parts.link(page, kind.name, item_id)
                if label is None or label == item_id:
                    return link
                target = self.urls.link(page, f"{self.urls.path(kind, item_id)}#{anchor(label)}")
                return Markup(f'<a href="{safe_attr(target)}">{safe_text(label)}</a>')
        return safe_text(label or item_id)

    def questions(self, page: str, ref_id: str) -> list[dict[str, Any]]:
        """The tree questions that ask about a principle or category, grouped by tree."""
        grouped: dict[str, list[dict[str, Any]]] = {}
        for tree_id, node_id in self.ctx.questions_of.get(ref_id, []):
            target = self.urls.md_link(page, self.urls.page(kinds.TREE, tree_id), self.urls.outline(tree_id, node_id))
            grouped.setdefault(tree_id, []).append(
                {"text": self.ctx.trees[tree_id]["nodes"][node_id]["text"], "target": target})
        return [{"tree": tree_id, "questions": qs} for tree_id, qs in grouped.items()]

    def referring(self, kind_name: str, item_id: str, referrer_kind: str) -> list[str]:
        """IDs of the items of one kind that refer to an item (e.g. the sections citing GP-4)."""
        return [rid for kname, rid in self.ctx.referrers.get((kind_name, item_id), []) if kname == referrer_kind]

    # -- pages ---------------------------------------------------------------------------

    def render(self, template: str, page: str, **values: Any) -> str:
        found = self._templates.get(template)
        if found is None:
            found = self._templates[template] = self.env.get_template(template)
        return found.render(self._values, page=page, **values)

    def item_page(self, kind: Kind, item_id: str, page: str, prefix: str = "") -> str:
        """An item's page (``prefix``: before its headings' anchors, when it is part of the complete page)."""
        item = self.ctx.item(kind, item_id)
        if kind is kinds.TREE:
            return self.tree_page(item, page)
        values: dict[str, Any] = {"item": item, "prefix": prefix}
        if kind is kinds.EXAMPLE:
            values.update(self.example_fragments(page, item))
        return self.render(kind.template, page, **values)

    def example_fragments(self, page: str, item: Item) -> dict[str, Any]:
        """An example page's HTML, as fragments: header, one decision path per tree, related items."""
        d, add = item.data, self.fragments.add
        walks = [self.ctx.walk(c["tree"], c["answers"]) for c in d["checks"]]
        paths = [(c["tree"], self.ctx.trees[c["tree"]]["title"], add(self.parts.decision_path(page, c, walk)))
                 for c, walk in zip(d["checks"], walks, strict=True)]
        related = self.links_list(page, [("principle", d["principles"]), ("category", d.get("categories", [])),
                                         ("use-case", d.get("use_cases", []))])
        result = self.ctx.result(d)
        return {"header": add(self.parts.example_header(page, item)), "paths": paths, "related": related,
                "result": add(self.parts.result_box(result))}

    def tree_page(self, item: Item, page: str) -> str:
        tree = self.ctx.trees[item.id]
        verdicts = self.ctx.vocabulary("verdicts")
        payload = escape(json.dumps(self.tree_payload(item.id, page), ensure_ascii=False, separators=(",", ":")))
        return self.render(kinds.TREE.template, page, item=item, payload=payload, strings=self.widget_strings(),
                           outline=Markup(outline_html(tree, verdicts, self.language)),
                           svg=Markup(diagram_svg(tree, verdicts, self.language)))

    def widget_strings(self) -> Markup:
        """The widget's interface text (``widget`` in the language's table), as JSON for an attribute."""
        if self._widget_strings is None:
            self._widget_strings = escape(json.dumps(i18n.group(self.language, "widget"), ensure_ascii=False,
                                                     separators=(",", ":")))
        return self._widget_strings

    def tree_payload(self, tree_id: str, page: str) -> dict[str, Any]:
        """What the widget needs: the exported tree plus labels and URLs it links to."""
        ctx, g, urls = self.ctx, self.ctx.guideline, self.urls
        tree = dict(ctx.trees[tree_id], edition=ctx.edition, url=urls.permalink(kinds.TREE, tree_id))

        def refs(kind: Kind) -> dict[str, Any]:
            return {i.id: {"id": i.id, "title": i.data["title"], "url": urls.link(page, urls.path(kind, i.id))}
                    for i in ctx.items(kind)}

        contact = {k: v for k, v in g["contact"].items() if k in ("name", "email", "instructions")}
        return {
            "tree": tree,
            "guideline": {"title": g["title"], "short_title": g["short_title"], "edition": ctx.edition,
                          "published": ctx.edition_published, "status_label": ctx.status.label,
                          "notice": ctx.status.notice, "site_url": urls.site, "contact": contact},
            "principles": refs(kinds.PRINCIPLE),
            "categories": refs(kinds.CATEGORY),
            "verdicts": {k: {"id": k, "label": v["label"], "symbol": v.get("symbol", ""),
                             "description": v["description"]} for k, v in ctx.vocabulary("verdicts").items()},
            # (the schemas are published once, in the English export)
            "record_schema_url": self.ctx.english.urls.absolute(RECORD_SCHEMA) if self.ctx.english
            else urls.link(page, RECORD_SCHEMA),
            "language": ctx.language,  # the language of the texts it shows, which its decision record names
            "unasked": tree_id == g["quick_check_tree"],  # a checklist: an early result leaves questions that may apply
            "quick_check": g["quick_check_tree"],  # a "go ahead" from another tree sends the reader there too
            "editions": self.tree_editions(tree_id, page),
            "links": self.tree_links(tree_id, page),
        }

    def tree_links(self, tree_id: str, page: str) -> dict[str, str]:
        """Where the widget links what a tree's texts name: each ID they mention (as the pages link it,
        found by the same code) and every other decision tree, which a text names as "<ID> decision tree"."""
        ctx, urls, links = self.ctx, self.urls, {}
        for node in ctx.trees[tree_id]["nodes"].values():
            for _, text in widget_texts(node):
                for item_id, kind in mentioned(text):
                    if is_clause(item_id, kind):
                        section_id = item_id.rpartition(".")[0]
                        if ctx.corpus.get(kind, section_id) is not None:
                            links[item_id] = f"{urls.link(page, urls.path(kind, section_id))}#{anchor(item_id)}"
                    elif ctx.corpus.get(kind, item_id) is not None:
                        links[item_id] = urls.link(page, urls.path(kind, item_id))
        for tree in ctx.items(kinds.TREE):
            if tree.active and tree.id != tree_id:
                links[tree.id] = urls.link(page, urls.path(kinds.TREE, tree.id))
        return links

    def tree_editions(self, tree_id: str, page: str) -> list[dict[str, str]]:
        """The tree as the other published editions have it, where it differs: their hash and their tree
        page (newest first), so that a link made there can be taken back to it."""
        ctx, found = self.ctx, []
        # (a translation's tree is the English tree of the same edition: a link made on the English page is no
        # link from another edition; the earlier editions were published in English, at the English addresses)
        hashes = {ctx.trees[tree_id]["hash"], *([ctx.english.trees[tree_id]["hash"]] if ctx.english else [])}
        for edition in sorted(ctx.archive.editions, key=lambda e: order(e.name), reverse=True):
            hashed = next((t.get("hash") for t in edition.whole.get("trees", []) if t["id"] == tree_id), None)
            if edition.name == ctx.edition or hashed is None or hashed in hashes:
                continue
            hashes.add(hashed)
            target = f"{edition_folder(edition.name)}{kinds.TREE.pages}/{tree_id}/"
            found.append({"edition": edition.name, "hash": hashed,
                          "url": ctx.english.urls.site + target if ctx.english else self.urls.link(page, target)})
        return found

    def pages(self) -> dict[str, str]:
        """Every generated Markdown page, by path under docs/."""
        ctx, out, source = self.ctx, {}, self.urls.source
        groups = self.provenance_groups(source(PROVENANCE_PAGE))
        # (the home page links the statements page only when there is one)
        out[source("index.md")] = self.render("home.md.j2", source("index.md"), has_provenance=bool(groups))
        for kind in kinds.ITEM_KINDS:
            if kind.index_page is not None:
                page, about = source(f"{kind.pages}/index.md"), kind.index_page
                entries = [{"id": i.id, "active": i.active, "blurb": first_paragraph(i.data[about.blurb])}
                           for i in ctx.items(kind)]
                out[page] = self.render("list.md.j2", page, kind=kind, entries=entries,
                                        title=self.text(f"kind.{kind.name}.index_title"),
                                        intro=self.text(f"kind.{kind.name}.index_intro"))
        out[source("use-cases/index.md")] = self.render("matrix.md.j2", source("use-cases/index.md"))
        rows = self.example_rows()
        by_stage: dict[str, list[str]] = {}
        by_verdict: dict[str, list[str]] = {}
        for row in rows:
            for stage in row["item"].data["stages"]:
                by_stage.setdefault(stage, []).append(row["item"].id)
            for verdict in row["verdicts"]:
                by_verdict.setdefault(verdict, []).append(row["item"].id)
        out[source("examples/index.md")] = self.render("examples-index.md.j2", source("examples/index.md"),
                                                       examples=rows, by_stage=by_stage, by_verdict=by_verdict)
        for kind in kinds.CITABLE:
            if kind.pages is not None:
                for item in ctx.items(kind):
                    page = self.urls.page(kind, item.id)
                    out[page] = self.item_page(kind, item.id, page)
        out[source("glossary.md")] = self.render("glossary.md.j2", source("glossary.md"))
        if groups:
            out[source(PROVENANCE_PAGE)] = self.render("provenance.md.j2", source(PROVENANCE_PAGE), groups=groups)
        out[source("changelog.md")] = self.changelog_page()
        out[self.urls.complete_page] = self.complete()
        if not ctx.archived:
            out[EDITIONS_PAGE] = self.render("editions.md.j2", EDITIONS_PAGE, editions=self.editions())
        return out

    def provenance_groups(self, page: str) -> list[dict[str, Any]]:
        """Every statement by ID, with where it comes from, one table per kind (none for an edition published
        before statements had a basis)."""
        groups, parts, text = [], self.parts, self.text
        for kind in kinds.CITABLE:
            rows = []
            for item in self.ctx.items(kind):
                for statement in statements_of(kind, item.data):
                    if statement.provenance is None:
                        continue
                    if statement.clause:
                        link, what = self.change_link(page, statement.clause), text("provenance.clause")
                    else:
                        link = Markup(f'<a href="{parts.href(page, kind.name, item.id)}">{safe_text(item.id)}</a>')
                        what = text(f"provenance.field.{statement.field}")
                        if statement.index is not None:
                            what = text("provenance.entry", field=what, number=statement.index + 1,
                                        words=first_words(statement.text))
                    rows.append({"link": link, "what": what, "basis": parts.basis(statement.provenance)})
            if rows:
                groups.append({"title": text(f"kind.{kind.name}.plural"), "slug": kind.name, "rows": rows})
        return groups

    def text(self, key: str, /, **values: Any) -> str:
        """Interface text in the renderer's language (values as they are: the caller escapes)."""
        return i18n.text(self.language, key, **values)

    def changelog_page(self) -> str:
        """The changelog: each edition's computed changes (any item's edit can change this edition's)."""
        page = self.urls.source("changelog.md")
        return self.render("changelog.md.j2", page, editions=[
            changelog.view(self.ctx, document, self.language) for document in changelog.documents(self.ctx)])

    def editions(self) -> list[dict[str, Any]]:
        """Every edition, the latest first: the one in force (published or a draft), then the earlier ones."""
        ctx, text = self.ctx, self.text
        rows = []
        if not ctx.published:
            entry = ctx.corpus.get(kinds.CHANGELOG, ctx.edition)
            rows.append({"name": ctx.edition, "title": entry.data["title"] if entry else "", "published": None,
                         "status": text("editions.draft"), "page": "index.md", "url": None})
        for edition in reversed(ctx.archive.editions):
            current = edition.name == ctx.edition
            later = next((e.name for e in ctx.archive.editions if order(e.name) > order(edition.name)), None)
            status = text("editions.latest") if current else text("editions.replaced", edition=later) if later \
                else text("editions.latest_published")
            # (a translation links an edition published in English only at its English address, and says so)
            english_only = ctx.english is not None and not current and not edition.published_in(ctx.language)
            if english_only:  # (first: "replaced by edition E" must not read as if E were the English-only one)
                status = f"{text('editions.english_only')} {status}."
            archive = self._english_page(edition_folder(edition.name)) if english_only else None
            entry = ctx.corpus.get(kinds.CHANGELOG, edition.name) if ctx.english is not None else None
            title = entry.data["title"] if entry is not None else edition.title  # (a translation's own words)
            rows.append({"name": edition.name, "title": title, "published": edition.published,
                         "status": status, "url": archive,
                         "page": "index.md" if current else edition_folder(edition.name) + "index.md"})
        return rows

    def _english_page(self, path: str) -> str:
        """A translation's link to a page of the English site: relative where this site is served inside it (as
        /fr/ is), so a staging copy links to its own English pages; else the English page's full address."""
        assert self.ctx.english is not None
        english, here = self.ctx.english.urls.site, self.urls.site
        if not here.startswith(english):
            return english + path
        return "../" * (here[len(english):].count("/") + page_url(self.urls.source(EDITIONS_PAGE)).count("/")) + path

    def example_rows(self) -> list[dict[str, Any]]:
        """One row per example, with the facets the index groups and filters by (two pages list them)."""
        if self._example_rows is None:
            self._example_rows = []
            for item in self.ctx.items(kinds.EXAMPLE):
                verdicts = [self.ctx.result(item.data)]  # the one result; each tree's answer is detail
                facets = {"principles": item.data["principles"], "stages": item.data["stages"],
                          "verdicts": verdicts, "kind": [item.data["kind"]]}
                self._example_rows.append({"item": item, "verdicts": verdicts,
                                           "facets": {name: " ".join(values) for name, values in facets.items()}})
        return self._example_rows

    def complete(self) -> str:
        """The whole text on one page, in the guidance's order: parts are h2, items h3 (headings shifted two levels).

        Worked examples are listed, not repeated in full: they are the bulk of a large
        corpus (a 5 MB page at 1,000 examples) and each has a citable page of its own.
        """
        parts = []
        for kind in kinds.COMPLETE:
            assert kind.complete is not None
            bodies = []
            if kind.complete.in_full:
                for item in self.ctx.items(kind):
                    body = self.item_page(kind, item.id, self.urls.complete_page, prefix=anchor(item.id) + "-")
                    bodies.append(Markup(_HEADING.sub(lambda m: "##" + m.group(1) + " ", body)))
            parts.append({"title": self.text(f"kind.{kind.name}.complete_title"), "slug": kind.complete.slug,
                          "bodies": bodies, "kind": kind,
                          "examples": [] if kind.complete.in_full else self.example_rows(),
                          "ids": [item.id for item in self.ctx.items(kind)]})
        return self.render("complete.md.j2", self.urls.complete_page, parts=parts,
                           glossary=[t for t in self.ctx.items(kinds.GLOSSARY) if t.active])

def first_words(text: str, limit: int = 60) -> str:
    """The start of a statement, to tell list entries apart in a table."""
    words = collapse(text)
    return words if len(words) <= limit else words[:limit].rsplit(" ", 1)[0] + "…"
