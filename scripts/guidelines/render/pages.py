"""Render the site's Markdown pages from the validated corpus.

Layout lives in Jinja2 templates (templates/*.md.j2); this module only chooses which
template renders which item and hands it the data. Every ``{{ }}`` output passes
through ``textsafe.safe_text`` (the environment's finalize), so text from YAML can
never become markup unless a template marks it safe on purpose.

The environment autoescapes so that a macro's output (``{{ m.cite(...) }}``) comes
back as Markup and is not escaped a second time; finalize still runs first, so YAML
text is escaped by ``safe_text`` (which also neutralises ``{ }`` and ``*[``), never
by markupsafe alone. Templates must therefore not join raw YAML text to Markup
(``~`` or ``join``): pass it through ``|md`` or ``|line`` first.
"""

from __future__ import annotations

import json
import posixpath
import re
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template, pass_context
from jinja2.filters import do_indent
from jinja2.runtime import Context
from markupsafe import Markup, escape

from guidelines import kinds, urlstate
from guidelines.context import SiteContext, anchor, md_link, page_of, page_url, url_link, url_of
from guidelines.evaluator import Result
from guidelines.kinds import Kind
from guidelines.load.corpus import Item
from guidelines.render.htmltext import InlineHTML
from guidelines.render.treeviews import diagram_svg, outline_html, outline_id
from guidelines.textsafe import json_for_html, one_line, safe_attr, safe_text

TEMPLATES = Path(__file__).parent / "templates"
LANGUAGES = {"fr": "French", "es-419": "Latin American Spanish", "pt": "Portuguese", "th": "Thai",
             "tr": "Turkish", "zh-Hant": "Traditional Chinese", "en": "English"}
ITEM_TEMPLATES = {"principle": "principle.md.j2", "category": "category.md.j2", "use-case": "use-case.md.j2",
                  "section": "section.md.j2", "example": "example.md.j2"}
# Kinds whose items the complete page holds in full (links to them there stay on the page).
COMPLETE_KINDS = ("principle", "category", "section", "use-case")
# An example's kind, as its page states it.
_REAL = ('<p class="gl-kind gl-kind--real"><span class="gl-kind__label">Real case</span> Documented in the sources '
         'listed at the end of this page.</p>')
_ILLUSTRATIVE = ('<p class="gl-kind gl-kind--illustrative"><span class="gl-kind__label">Illustrative</span> An '
                 'invented scenario, not a real production.</p>')
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


@pass_context
def _fragment(context: Context, html: str) -> Markup:
    """``{% filter fragment %}``: keep the block's HTML out of Markdown (see fragments.py)."""
    return context["renderer"].fragments.add(html)


@pass_context
def _html(context: Context, text: Any, page: str | None = None) -> Markup:
    """``|html(page)``: one line of YAML text as HTML, for use inside a fragment."""
    return context["renderer"].inline(text, page or context["page"])


@cache
def environment() -> Environment:
    """One Jinja2 environment per process: templates compile once.

    ``optimized=False``: Jinja's optimizer pass folds constant expressions, which these
    templates do not have (it leaves their code unchanged), yet it walks every node of
    every template: a tenth of compiling them, which each build pays once.

    No globals, not even Jinja's defaults (``range``, ``namespace``...): what templates
    use comes from ``Renderer.render``. Jinja copies a template's globals into each
    page's context through a ChainMap, a Python call per name: with a dozen globals,
    two thirds of the fixed cost of rendering a page.
    """
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), undefined=StrictUndefined, optimized=False,
                      autoescape=True, finalize=safe_text, keep_trailing_newline=True,
                      trim_blocks=True, lstrip_blocks=True,
                      comment_start_string="{##", comment_end_string="##}",
                      extensions=["jinja2.ext.do"])
    env.filters.update(md=safe_text, attr=safe_attr, line=one_line, json=json_for_html, inline=inline_text,
                       join=safe_join, fragment=_fragment, html=_html)
    env.globals.clear()
    return env


class Renderer:
    """Renders every page for one build; knows the context templates need."""

    def __init__(self, ctx: SiteContext) -> None:
        self.ctx = ctx
        self.env = environment()
        self.sources = {s["id"]: s for s in ctx.guideline["sources"]}
        self._links: dict[tuple[Any, str, str], Markup] = {}
        self._hrefs: dict[tuple[Any, str, str], Markup] = {}
        self._hlinks: dict[tuple[Any, str, str], Markup] = {}
        self._targets: dict[tuple[str, str], tuple[str, str]] = {}
        self._vocabularies: dict[str, dict[str, dict[str, Any]]] = {}
        self._origins: dict[str, tuple[str, bool]] = {}
        self._labels: dict[tuple[str, str], Markup] = {}
        self._page_urls: dict[str, str] = {}
        self._folder_links: dict[tuple[str, str], str] = {}
        self._badges: dict[tuple[str, str], Markup] = {}
        self._sources: dict[str, Markup] = {}
        self._walk_paths: dict[tuple[int, tuple[Any, str, str]], tuple[Result, Markup]] = {}
        self._paths: dict[tuple[str, str, str], str] = {}
        self._templates: dict[str, Template] = {}
        self._site_url, self._edition = ctx.site_url, safe_text(ctx.edition)
        self._example_rows: list[dict[str, Any]] | None = None
        self.fragments = ctx.fragments
        self.inline = InlineHTML(glossary_terms(ctx))
        # What every template is given (``render`` adds the page and its own values).
        self._values = dict(kinds=kinds, page_anchor=anchor, kind_page=page_of, ctx=ctx, renderer=self,
                            link=self.link, hlink=self.hlink, href=self.href, md_link=self.md_link,
                            badge=self.badge, cite_box=self.cite_box, refs=self.refs, links_list=self.links_list,
                            example_table_rows=self.example_table_rows,
                            complete_example_rows=self.complete_example_rows, sources=self.source_list,
                            tree_link=self.tree_link, change_link=self.change_link, prefix="",
                            questions=self.questions, referring=self.referring, clause_cite=self.clause_cite,
                            mailto=mailto)

    def link(self, page: str, kind_name: str, item_id: str) -> Markup:
        """A Markdown link '[ID Title](relative.md#anchor)' to an item's page, made once per origin."""
        key = self._key(page, kind_name, item_id)
        made = self._links.get(key)
        if made is None:
            made = self._links[key] = self._make_link(page, kind_name, item_id)
        return made

    def hlink(self, page: str, kind_name: str, item_id: str) -> Markup:
        """The HTML twin of ``link`` for fragments: '<a href="URL">ID Title</a>', made once per origin."""
        key = self._key(page, kind_name, item_id)
        made = self._hlinks.get(key)
        if made is None:
            label = self._labels.get((kind_name, item_id)) or self._label_html(page, kind_name, item_id)
            made = self._hlinks[key] = Markup(f'<a href="{self._href(page, kind_name, item_id, key)}">{label}</a>')
        return made

    def _label_html(self, page: str, kind_name: str, item_id: str) -> Markup:
        """A link's words as HTML; kept when they hold no link (then they are the same on every page)."""
        html = self.inline(self.label(kinds.BY_NAME[kind_name], item_id), page)
        if "href=" not in html:
            self._labels[(kind_name, item_id)] = html
        return html

    def _key(self, page: str, kind_name: str, item_id: str) -> tuple[Any, str, str]:
        """What a link from ``page`` to an item is kept under: pages of one origin make the same links.

        Pages link the same items over and over, and working a link out (relative path,
        label, inline HTML) costs far more than finding it again. A link relative to a
        page depends on the page's folder and on whether it is the folder's index (its
        URL is the folder's); a page's link to itself, and the complete page's (it holds
        some items as anchors), are its own. Both lookups are memos: this runs for every
        link of every page.
        """
        if self._target(kind_name, item_id)[0] == page:
            return (page, kind_name, item_id)
        origin = self._origins.get(page)
        if origin is None:
            origin = self._origins[page] = (page if page == "complete.md" else posixpath.dirname(page),
                                            page.endswith("index.md"))
        return (origin, kind_name, item_id)

    def _target(self, kind_name: str, item_id: str) -> tuple[str, str]:
        """An item's page and URL, worked out once: pages link it from many origins."""
        found = self._targets.get((kind_name, item_id))
        if found is None:
            found = self._targets[(kind_name, item_id)] = (page_of(kind_name, item_id), url_of(kind_name, item_id))
        return found

    def refs(self, kind_name: str, ids: list[str], page: str) -> Markup:
        """A list of links to items, as a fragment (such lists run to thousands of links on large corpora)."""
        return self.links_list(page, [(kind_name, ids)])

    def links_list(self, page: str, groups: list[tuple[str, list[str]]]) -> Markup:
        """One list of links to items of several kinds, in order, as a fragment."""
        hlink = self.hlink
        links = "".join([f"<li>{hlink(page, kind_name, rid)}</li>\n" for kind_name, ids in groups for rid in ids])
        return self.fragments.add(f"<ul>\n{links}</ul>")

    def example_header(self, page: str, item: Item, walks: list[Any]) -> Markup:
        """An example's citation box, real-or-illustrative label and facts (stages, principles, verdicts).

        Python rather than template code, as the decision path: the one page made a
        thousand times over.
        """
        d, hlink = item.data, self.hlink
        kind = _REAL if d["kind"] == "real" else _ILLUSTRATIVE
        stages = self.stage_labels(page, d["stages"])
        principles = "<br>".join([hlink(page, "principle", pid) for pid in d["principles"]])
        facts = f"<dt>Stages</dt>\n<dd>{stages}</dd>\n<dt>Principles involved</dt>\n<dd>{principles}</dd>\n"
        if d.get("categories"):
            categories = "<br>".join([hlink(page, "category", cid) for cid in d["categories"]])
            facts += f"<dt>Written approval</dt>\n<dd>{categories}</dd>\n"
        verdicts = "<br>".join([f'{self.badge("verdicts", walk.verdict)} <span class="gl-facts__tree">in '
                                f'{hlink(page, "tree", check["tree"])}</span>'
                                for walk, check in zip(walks, d["checks"], strict=True)])
        return Markup(f'{self.cite_box("example", item.id)}\n\n{kind}\n\n<div class="gl-facts">\n<dl>\n{facts}'
                      f'<dt>Verdict</dt>\n<dd>{verdicts}</dd>\n</dl>\n</div>')

    def stage_labels(self, page: str, stage_ids: list[str]) -> str:
        """Production stages as their labels, in HTML, comma separated."""
        stages = self.vocabulary("stages")
        return ", ".join([self.inline(stages[s]["label"], page) for s in stage_ids])

    def vocabulary(self, vocab_id: str) -> dict[str, dict[str, Any]]:
        """``ctx.vocabulary``, kept: it builds the dict on every call, and pages look terms up thousands of times."""
        found = self._vocabularies.get(vocab_id)
        if found is None:
            found = self._vocabularies[vocab_id] = self.ctx.vocabulary(vocab_id)
        return found

    def example_table_rows(self, page: str, rows: list[dict[str, Any]]) -> Markup:
        """The rows of the examples table, with the facets the filter reads (one row per example, so Python).

        Past the example's ID and title, a row (filter attributes, kind, stages,
        principles, verdicts) is one of a few dozen combinations, each made once.
        """
        shared: dict[tuple[Any, ...], tuple[str, str]] = {}
        out = []
        for row in rows:
            item = row["item"]
            data = item.data
            key = (tuple(data["principles"]), tuple(data["stages"]), tuple(row["verdicts"]), data["kind"])
            found = shared.get(key)
            if found is None:
                found = shared[key] = self._example_row_facets(page, row)
            attrs, cells = found
            out.append(f'<tr>\n<td><span class="gl-id" id="{safe_attr(anchor(item.id))}" data-gl-row{attrs}>'
                       f'{safe_text(item.id)}</span></td>\n'
                       f'<td><a href="{self.href(page, "example", item.id)}">{self.inline(data["title"], page)}</a>'
                       f'</td>\n{cells}')
        return Markup("".join(out).rstrip("\n"))

    def _example_row_facets(self, page: str, row: dict[str, Any]) -> tuple[str, str]:
        """A row's filter attributes, and its cells after the title (the same for examples alike in these)."""
        data, facets = row["item"].data, row["facets"]
        attrs = "".join([f' data-{name}="{safe_attr(facets[name])}"' for name in ("principles", "stages", "verdicts",
                                                                                   "kind")])
        principles = ", ".join([f'<a href="{self.href(page, "principle", pid)}">{safe_text(pid)}</a>'
                                for pid in data["principles"]])
        cells = (f'<td>{"Real case" if data["kind"] == "real" else "Illustrative"}</td>\n'
                 f'<td>{self.stage_labels(page, data["stages"])}</td>\n<td>{principles}</td>\n'
                 f'<td>{" ".join([self.badge("verdicts", v) for v in row["verdicts"]])}</td>\n</tr>\n')
        return attrs, cells

    def complete_example_rows(self, page: str, rows: list[dict[str, Any]]) -> Markup:
        """The complete page's examples: link, kind, verdicts, permanent URL (one row per example, so Python)."""
        out = []
        for row in rows:
            item = row["item"]
            url = self.permalink(kinds.EXAMPLE.name, item.id)
            verdicts = " ".join([self.badge("verdicts", v) for v in row["verdicts"]])
            out.append(f'<tr id="{safe_attr(anchor(item.id))}"><td>{self.hlink(page, "example", item.id)}</td>'
                       f'<td>{"Real case" if item.data["kind"] == "real" else "Illustrative"}</td><td>{verdicts}</td>'
                       f'<td><a class="gl-permalink" href="{safe_attr(url)}">{safe_text(url)}</a></td></tr>')
        return Markup("\n".join(out))

    def badge(self, vocab: str, term_id: str) -> Markup:
        """A vocabulary term (verdict, risk level) as a badge: symbol, words and a border, never colour alone.

        Python rather than a template macro: pages show thousands of badges, and a Jinja
        macro call costs more than the whole badge.
        """
        key = (vocab, term_id)
        made = self._badges.get(key)
        if made is None:
            term = self.vocabulary(vocab)[term_id]
            made = self._badges[key] = Markup(
                f'<span class="gl-badge gl-badge--{safe_attr(vocab)} gl-badge--{safe_attr(term_id)}">'
                f'<span class="gl-badge__symbol" aria-hidden="true">{safe_text(term.get("symbol") or "")}</span> '
                f'{safe_text(term["label"])}</span>')
        return made

    def source_list(self, ids: list[str]) -> Markup:
        """An item's sources as a Markdown list, one entry per source.

        Python rather than a template macro: a third of the worked examples list sources,
        and importing the macros "with context" runs the macro file again for every page
        that uses one (with the macro calls, 0.17 ms a page: a tenth of rendering them).
        """
        return Markup("".join([f"- {self.source_entry(sid)}\n" for sid in ids]))

    def source_entry(self, source_id: str) -> Markup:
        """'ID: [Title](url), Publisher, date (in Language). Note', made once per source."""
        made = self._sources.get(source_id)
        if made is None:
            s = self.sources[source_id]
            title = f"[{one_line(s['title'])}]({safe_text(s['url'])})" if s.get("url") else f"*{one_line(s['title'])}*"
            entry = f"{safe_text(source_id)}: {title}, {one_line(s['publisher'])}"
            if s.get("date"):
                entry += f", {safe_text(s['date'])}"
            if s.get("language") and s["language"] != "en":
                entry += f" (in {safe_text(LANGUAGES.get(s['language'], s['language']))})"
            entry += "."
            if s.get("note"):
                entry += f" {do_indent(safe_text(s['note']), 2)}"
            made = self._sources[source_id] = Markup(entry)
        return made

    def cite_box(self, kind_name: str, item_id: str) -> Markup:
        """The citation box: ID, edition, permanent URL and a "cite this" line.

        The Copy button stays hidden until guidelines.js can make it work; the status
        span announces the result to screen readers.
        """
        url = self.permalink(kind_name, item_id)
        return Markup(
            f'<div class="gl-cite" data-gl-cite>\n'
            f'<p class="gl-cite__meta"><span class="gl-id">{safe_text(item_id)}</span> '
            f'<span class="gl-cite__edition">Edition {self._edition}</span> <span class="gl-cite__url">'
            f'Permanent URL: <a class="gl-permalink" href="{safe_attr(url)}">{safe_text(url)}</a></span></p>\n'
            f'<p class="gl-cite__line"><span class="gl-cite__label">Cite this:</span> <code class="gl-cite__text">'
            f'{safe_text(self.ctx.cite(kind_name, item_id))}</code> <button type="button" class="gl-copy" data-gl-copy '
            f'hidden>Copy citation</button> <span class="gl-copy__status" data-gl-copy-status role="status"></span>'
            f'</p>\n</div>')

    def permalink(self, kind_name: str, item_id: str) -> str:
        """``ctx.permalink``, from the item's URL worked out once (the citation box and the complete page)."""
        return self._site_url + self._target(kind_name, item_id)[1]

    def href(self, page: str, kind_name: str, item_id: str) -> Markup:
        """The URL MkDocs would write for a link from ``page`` to an item, made once per origin."""
        return self._href(page, kind_name, item_id, self._key(page, kind_name, item_id))

    def _href(self, page: str, kind_name: str, item_id: str, key: tuple[Any, str, str]) -> Markup:
        if page == "complete.md" and kind_name in COMPLETE_KINDS:
            return Markup(f"#{anchor(item_id)}")
        made = self._hrefs.get(key)
        if made is None:
            made = self._hrefs[key] = safe_attr(self._url(page, self._target(kind_name, item_id)[1]))
        return made

    def _url(self, page: str, url: str) -> str:
        """``url_link(page, url)`` for an item's URL ('folder/leaf/'), by way of the link to its folder.

        A page links hundreds of items of one folder (a principle, its worked examples):
        the link to the folder is worked out once per page, then the leaf appended. That
        is the same link unless the page is the item's own page or below it (or the URL
        has a fragment), which take the long way.
        """
        folder, _, leaf = url[:-1].rpartition("/")
        here = self._page_urls.get(page)
        if here is None:
            here = self._page_urls[page] = page_url(page)
        if not folder or leaf in ("", ".") or not url.endswith("/") or "#" in url or here.startswith(url):
            return url_link(page, url)
        prefix = self._folder_links.get((page, folder))
        if prefix is None:
            to_folder = url_link(page, folder + "/")
            prefix = self._folder_links[(page, folder)] = "" if to_folder == "./" else to_folder
        return prefix + leaf + "/"

    def md_link(self, from_page: str, to_page: str, fragment: str = "") -> str:
        """context.md_link, made once per (folder, target): templates call it for every row."""
        key = (posixpath.dirname(from_page), to_page, fragment)
        made = self._paths.get(key)
        if made is None:
            made = self._paths[key] = md_link(from_page, to_page, fragment)
        return made

    def _make_link(self, page: str, kind_name: str, item_id: str) -> Markup:
        kind = kinds.BY_NAME[kind_name]
        label = self.label(kind, item_id)
        fragment = anchor(item_id) if page_of(kind, item_id) in ("glossary.md", "changelog.md") else ""
        if page == "complete.md" and kind.name in COMPLETE_KINDS:
            fragment = anchor(item_id)
            return Markup(f"[{one_line(label)}](#{fragment})")
        return Markup(f"[{one_line(label)}]({self.md_link(page, page_of(kind, item_id), fragment)})")

    def label(self, kind: Kind, item_id: str) -> str:
        """A link's words: 'ID Title', or the title alone for trees and glossary terms."""
        item = self.ctx.item(kind, item_id)
        title = item.data.get("title") or item.data.get("term") or item_id
        return title if kind is kinds.TREE or kind is kinds.GLOSSARY else f"{item_id} {title}"

    def tree_link(self, page: str, tree_id: str) -> Markup:
        return self.link(page, "tree", tree_id)

    def change_link(self, page: str, item_id: str) -> Markup:
        for kind in kinds.CITABLE:
            if self.ctx.corpus.get(kind, item_id):
                return self.link(page, kind.name, item_id)
        return safe_text(item_id)

    def questions(self, page: str, ref_id: str) -> list[dict[str, Any]]:
        """The tree questions that ask about a principle or category, grouped by tree."""
        grouped: dict[str, list[dict[str, Any]]] = {}
        for tree_id, node_id in self.ctx.questions_of.get(ref_id, []):
            target = self.md_link(page, page_of(kinds.TREE, tree_id), outline_id(tree_id, node_id))
            grouped.setdefault(tree_id, []).append(
                {"text": self.ctx.trees[tree_id]["nodes"][node_id]["text"], "target": target})
        return [{"tree": tree_id, "questions": qs} for tree_id, qs in grouped.items()]

    def referring(self, kind_name: str, item_id: str, referrer_kind: str) -> list[str]:
        """IDs of the items of one kind that refer to an item (e.g. the sections citing GP-4)."""
        return [rid for kname, rid in self.ctx.referrers.get((kind_name, item_id), []) if kname == referrer_kind]

    def clause_cite(self, section_id: str, clause_id: str) -> dict[str, str]:
        """A clause's permanent URL (its section's, with the clause anchor) and citation line."""
        url = f"{self.ctx.permalink(kinds.SECTION, section_id)}#{anchor(clause_id)}"
        text = f"{self.ctx.guideline['title']}, edition {self.ctx.edition}, {clause_id}, {url}"
        return {"url": url, "text": text}

    def render(self, template: str, page: str, **values: Any) -> str:
        return self.template(template).render(self._values, page=page, **values)

    def template(self, name: str) -> Template:
        """A compiled template, looked up once per Renderer.

        ``Environment.get_template`` checks the file's modification time on every call
        (auto_reload, which the preview needs); once per generation is enough, and a
        thousand pages share one template.
        """
        found = self._templates.get(name)
        if found is None:
            found = self._templates[name] = self.env.get_template(name)
        return found

    def item_page(self, kind: Kind, item_id: str, page: str, prefix: str = "") -> str:
        item = self.ctx.item(kind, item_id)
        values: dict[str, Any] = {"item": item, "prefix": prefix}
        if kind is kinds.EXAMPLE:
            assert not prefix, "an example's page is never part of another page"
            values.update(self.example_fragments(page, item))
        return self.render(ITEM_TEMPLATES[kind.name], page, **values)

    def example_fragments(self, page: str, item: Item) -> dict[str, Any]:
        """An example page's HTML, as fragments: header, one decision path per tree, related items.

        Made here and handed to the template ready, as ``tree_page`` hands over a tree's
        views; the template keeps the page's layout. On the page made a thousand times,
        calling them from the template (Jinja's calls and filters) cost more than the
        fragments themselves.
        """
        d, add = item.data, self.fragments.add
        walks = [self.ctx.walk(c["tree"], c["answers"]) for c in d["checks"]]
        paths = [(c["tree"], self.ctx.trees[c["tree"]]["title"], add(self.decision_path(page, c, walk)))
                 for c, walk in zip(d["checks"], walks, strict=True)]
        related = self.links_list(page, [("principle", d["principles"]), ("category", d.get("categories", [])),
                                         ("use-case", d.get("use_cases", []))])
        return {"header": add(self.example_header(page, item, walks)), "paths": paths, "related": related}

    def decision_path(self, page: str, check: dict[str, Any], walk: Result) -> Markup:
        """An example's walk through one tree: each question with the answer given, the verdict, a replay link.

        Python rather than template code: it is the one list that grows with both the
        corpus and the trees (a 60-question path on a 500-node tree). Worked examples
        share walks (``ctx.walk`` gives one Result per tree and answers), so a path is
        made once per walk and origin (see ``_key``), unless its questions hold links
        of their own, which depend on the exact page.
        """
        key = (id(walk), self._key(page, kinds.TREE.name, check["tree"]))
        kept = self._walk_paths.get(key)
        if kept is not None:
            return kept[1]
        made = self._decision_path(page, check, walk)
        if made.count("href=") == 1:  # the replay link alone; keeping the walk keeps its id unique
            self._walk_paths[key] = (walk, made)
        return made

    def _decision_path(self, page: str, check: dict[str, Any], walk: Result) -> Markup:
        inline = self.inline
        steps = "".join([f"<li>{inline(step.text, page)}<br>\n   Answer: <strong>{inline(step.label, page)}</strong>"
                         "</li>\n" for step in walk.steps])
        outcome = self.ctx.trees[check["tree"]]["nodes"][walk.node]["title"]
        return Markup(f'<ol>\n{steps}</ol>\n<p class="gl-verdict"><strong>Verdict:</strong> '
                      f'{self.badge("verdicts", walk.verdict)}<br>\n{inline(outcome, page)}</p>\n'
                      f'<p class="gl-replay"><a href="{self.replay(page, check)}">Replay these answers '
                      f'in the tree</a></p>')

    def replay(self, page: str, check: dict[str, Any]) -> Markup:
        """The tree's URL with the example's answers, from ``page``, for an attribute (a fragment's link)."""
        return self.href(page, kinds.TREE.name, check["tree"]) + safe_attr(urlstate.query(check["answers"]))

    def tree_page(self, tree_id: str) -> str:
        item = self.ctx.item(kinds.TREE, tree_id)
        page = page_of(kinds.TREE, tree_id)
        tree = self.ctx.trees[tree_id]
        verdicts = self.ctx.vocabulary("verdicts")
        payload = escape(json.dumps(self.tree_payload(tree_id, page), ensure_ascii=False, separators=(",", ":")))
        return self.render("tree.md.j2", page, item=item, payload=payload,
                           outline=Markup(outline_html(tree, verdicts)),
                           svg=Markup(diagram_svg(tree, verdicts)))

    def tree_payload(self, tree_id: str, page: str) -> dict[str, Any]:
        """What the widget needs: the exported tree plus labels and URLs it links to."""
        ctx, g = self.ctx, self.ctx.guideline
        tree = dict(ctx.trees[tree_id], edition=ctx.edition, url=ctx.permalink(kinds.TREE, tree_id))

        def refs(kind: Kind) -> dict[str, Any]:
            return {i.id: {"id": i.id, "title": i.data["title"], "url": url_link(page, kind.url(i.id))}
                    for i in ctx.items(kind)}

        contact = {k: v for k, v in g["contact"].items() if k in ("name", "email", "instructions")}
        return {
            "tree": tree,
            "guideline": {"title": g["title"], "short_title": g["short_title"], "edition": ctx.edition,
                          "effective_date": g["effective_date"], "site_url": ctx.site_url, "contact": contact},
            "principles": refs(kinds.PRINCIPLE),
            "categories": refs(kinds.CATEGORY),
            "verdicts": {k: {"id": k, "label": v["label"], "symbol": v.get("symbol", ""),
                             "description": v["description"]} for k, v in ctx.vocabulary("verdicts").items()},
            "record_schema_url": url_link(page, "api/v1/record.schema.json"),
        }

    def pages(self) -> dict[str, str]:
        """Every generated Markdown page, by path under docs/."""
        ctx, out = self.ctx, {}
        out["index.md"] = self.render("home.md.j2", "index.md")
        lists = (
            (kinds.PRINCIPLE, "The five guiding principles",
             "Ask each of these about an intended use of generative AI. Yes to all: inform your studio "
             "contact. Any *no* or *not sure*: escalate before going ahead."),
            (kinds.CATEGORY, "Always needs written approval",
             "Uses in these categories need the studio's written approval before going ahead, whatever "
             "the answers to the guiding principles."),
            (kinds.SECTION, "Thematic sections",
             "The guidance on particular topics, clause by clause. Each clause has its own citable ID."),
            (kinds.TREE, "Decision trees",
             "Short questionnaires that end in a verdict, the principles behind it and what to do next."),
        )
        blurb_field = {"principle": "question", "category": "summary", "section": "summary", "tree": "summary"}
        for kind, title, intro in lists:
            page = f"{kind.url_dir}/index.md"
            entries = [{"id": i.id, "active": i.active, "blurb": first_paragraph(i.data[blurb_field[kind.name]])}
                       for i in ctx.items(kind)]
            out[page] = self.render("list.md.j2", page, kind=kind, title=title, intro=intro, entries=entries)
        out["use-cases/index.md"] = self.render("matrix.md.j2", "use-cases/index.md")
        rows = self.example_rows()
        by_stage: dict[str, list[str]] = {}
        by_verdict: dict[str, list[str]] = {}
        for row in rows:
            for stage in row["item"].data["stages"]:
                by_stage.setdefault(stage, []).append(row["item"].id)
            for verdict in row["verdicts"]:
                by_verdict.setdefault(verdict, []).append(row["item"].id)
        out["examples/index.md"] = self.render("examples-index.md.j2", "examples/index.md", examples=rows,
                                               by_stage=by_stage, by_verdict=by_verdict)
        for kind in (kinds.PRINCIPLE, kinds.CATEGORY, kinds.USE_CASE, kinds.SECTION, kinds.EXAMPLE):
            for item in ctx.items(kind):
                page = page_of(kind, item.id)
                out[page] = self.item_page(kind, item.id, page)
        for item in ctx.items(kinds.TREE):
            out[page_of(kinds.TREE, item.id)] = self.tree_page(item.id)
        out["glossary.md"] = self.render("glossary.md.j2", "glossary.md")
        entries = sorted(ctx.items(kinds.CHANGELOG), key=lambda i: i.data["date"], reverse=True)
        out["changelog.md"] = self.render("changelog.md.j2", "changelog.md",
                                          entries=[self.changelog_entry(e) for e in entries])
        out["complete.md"] = self.complete()
        return out

    def changelog_entry(self, entry: Item) -> dict[str, Any]:
        """An edition's changes grouped by what happened, then by kind of item (in the site's order)."""
        change_types = ("added", "changed", "verdict-changed", "retired")
        order = {kind.name: index for index, kind in enumerate(kinds.CITABLE)}
        groups: dict[str, dict[str, list[dict[str, Any]]]] = {}
        for change in entry.data["changes"]:
            kind = next((k for k in kinds.CITABLE if self.ctx.corpus.get(k, change["item"])), None)
            kind_name = kind.name if kind else ""
            groups.setdefault(change["change"], {}).setdefault(kind_name, []).append(change)
        result = []
        for change_type in sorted(groups, key=lambda c: change_types.index(c) if c in change_types else 99):
            by_kind = groups[change_type]
            result.append({"change": change_type, "kinds": [
                {"label": kinds.BY_NAME[k].plural if k else "Other", "changes": by_kind[k]}
                for k in sorted(by_kind, key=lambda k: order.get(k, 99))]})
        return {"item": entry, "groups": result}

    def example_rows(self) -> list[dict[str, Any]]:
        """One row per example, with the facets the index groups and filters by (made once: two pages list them)."""
        if self._example_rows is not None:
            return self._example_rows
        rows = self._example_rows = []
        for item in self.ctx.items(kinds.EXAMPLE):
            verdicts = list(dict.fromkeys(c["verdict"] for c in item.data["checks"]))
            facets = {"principles": item.data["principles"], "stages": item.data["stages"],
                      "verdicts": verdicts, "kind": [item.data["kind"]]}
            rows.append({"item": item, "verdicts": verdicts,
                         "facets": {name: " ".join(values) for name, values in facets.items()}})
        return rows

    def complete(self) -> str:
        """The whole text on one page, in the guidance's order: parts are h2, items h3 (headings shifted two levels).

        Worked examples are listed, not repeated in full: they are the bulk of a large
        corpus (a 5 MB page at 1,000 examples) and each has a citable page of its own.
        """
        parts = []
        order = ((kinds.PRINCIPLE, "Guiding principles", "principles"),
                 (kinds.CATEGORY, "Always needs written approval", "approval"),
                 (kinds.SECTION, "Thematic sections", "sections"),
                 (kinds.USE_CASE, "Use-case matrix", "use-cases"),
                 (kinds.EXAMPLE, "Worked examples", "examples"))
        for kind, title, slug in order:
            bodies, examples = [], []
            if kind is kinds.EXAMPLE:
                examples = self.example_rows()
            else:
                for item in self.ctx.items(kind):
                    body = self.item_page(kind, item.id, "complete.md", prefix=anchor(item.id) + "-")
                    bodies.append(Markup(_HEADING.sub(lambda m: "##" + m.group(1) + " ", body)))
            parts.append({"title": title, "slug": slug, "bodies": bodies, "kind": kind, "examples": examples,
                          "ids": [item.id for item in self.ctx.items(kind)]})
        return self.render("complete.md.j2", "complete.md", parts=parts,
                           glossary=[t for t in self.ctx.items(kinds.GLOSSARY) if t.active])


def mailto(address: str) -> str:
    """A mailto: URL for one address, percent-encoded (RFC 6068): the address can add no header."""
    return "mailto:" + quote(address, safe="@")


def glossary_terms(ctx: SiteContext) -> dict[str, str]:
    """Each glossary term and alias with its one-line definition (the pages' tooltips)."""
    terms: dict[str, str] = {}
    for item in ctx.items(kinds.GLOSSARY):
        definition = " ".join(item.data["definition"].split())
        for term in [item.data["term"], *item.data.get("aliases", [])]:
            terms[term] = definition
    return terms
