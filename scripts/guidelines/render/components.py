"""The HTML pieces the generator writes in Python, all in one place.

Templates hold each page's layout. A few pieces are written here instead, because
they are the same on thousands of pages and a Jinja macro call costs more than the
piece itself: verdict and risk badges, citation boxes, links to items and lists of
them, a worked example's header and decision paths, the rows of the examples
tables, source lists. Every value from YAML is escaped here (``textsafe``) or comes
as HTML from ``InlineHTML``; what a piece returns is ``Markup``, kept out of Markdown
as a fragment where the template says so.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jinja2.filters import do_indent
from markupsafe import Markup

from guidelines import kinds, urlstate
from guidelines.context import SiteContext
from guidelines.evaluator import Result
from guidelines.kinds import Kind
from guidelines.load.corpus import Item
from guidelines.provenance import label as basis_label
from guidelines.provenance import provenance_of
from guidelines.render import i18n
from guidelines.textsafe import collapse, one_line, safe_attr, safe_text
from guidelines.urls import anchor
from guidelines.verdicts import question_order

Inline = Callable[[Any, str], Markup]  # one line of YAML text as HTML, placed on a page


class Components:
    """The pieces for one build: they read the context, its URLs and its glossary (through ``inline``), and
    write their own words in one language (``i18n``; the values put into them are escaped here)."""

    def __init__(self, ctx: SiteContext, inline: Inline, language: str = i18n.DEFAULT) -> None:
        self.ctx, self.urls, self.inline, self.language = ctx, ctx.urls, inline, language
        self.sources = {s["id"]: s for s in ctx.guideline["sources"]}
        self._edition = safe_text(ctx.edition)
        t = self.text
        self._kinds = {"real": (f'<p class="gl-kind gl-kind--real"><span class="gl-kind__label">{t("example.real")}'
                                f'</span> {t("example.real_text")}</p>'),
                       "illustrative": (f'<p class="gl-kind gl-kind--illustrative"><span class="gl-kind__label">'
                                        f'{t("example.illustrative")}</span> {t("example.illustrative_text")}</p>')}
        # Badges: a page of the examples table shows thousands (one lookup against building each).
        self._badges: dict[tuple[str, str], Markup] = {}
        self._hlinks: dict[tuple[Any, str, str], Markup] = {}
        self._paths: dict[tuple[int, Any], tuple[Result, Markup]] = {}

    def text(self, key: str, /, **values: Any) -> str:
        """Interface text in this build's language (values as given: escape them first)."""
        return i18n.text(self.language, key, **values)

    def _language(self, code: str) -> str:
        """A language's name, from its code (the code itself for a language the table does not name)."""
        try:
            return str(safe_text(self.text(f"language.{code}")))
        except i18n.UnknownText:
            return str(safe_text(code))

    def _and(self, words: list[str]) -> str:
        """'a, b and c'."""
        return words[0] if len(words) == 1 else self.text("sources.and", first=", ".join(words[:-1]), last=words[-1])

    # -- items and links ------------------------------------------------------------

    def label(self, kind: Kind, item_id: str) -> str:
        """A link's words: 'ID Title', or the title alone for trees and glossary terms."""
        item = self.ctx.item(kind, item_id)
        title = item.data.get("title") or item.data.get("term") or item_id
        return title if kind is kinds.TREE or kind is kinds.GLOSSARY else f"{item_id} {title}"

    def link(self, page: str, kind_name: str, item_id: str) -> Markup:
        """A Markdown link '[ID Title](relative.md#anchor)' to an item's page."""
        kind = kinds.BY_NAME[kind_name]
        return Markup(f"[{one_line(self.label(kind, item_id))}]({self.urls.md_to_item(page, kind, item_id)})")

    def hlink(self, page: str, kind_name: str, item_id: str) -> Markup:
        """The HTML twin of ``link`` for fragments: '<a href="URL">ID Title</a>'.

        Made once for the pages side by side that link the item (``Urls.origin``): every
        worked example's page links its principles.
        """
        kind = kinds.BY_NAME[kind_name]
        origin = (page,) if page == self.urls.complete_page else self.urls.origin(page, self.urls.path(kind, item_id))
        made = self._hlinks.get((origin, kind_name, item_id))
        if made is None:
            made = self._hlinks[(origin, kind_name, item_id)] = Markup(
                f'<a href="{self.href(page, kind_name, item_id)}">{self.inline(self.label(kind, item_id), page)}</a>')
        return made

    def href(self, page: str, kind_name: str, item_id: str) -> Markup:
        """The URL a link from ``page`` to an item has in raw HTML."""
        return safe_attr(self.urls.to_item(page, kind_name, item_id))

    def links_list(self, page: str, groups: list[tuple[str, list[str]]]) -> Markup:
        """One list of links to items of several kinds, in order."""
        links = "".join([f"<li>{self.hlink(page, kind_name, rid)}</li>\n" for kind_name, ids in groups for rid in ids])
        return Markup(f"<ul>\n{links}</ul>")

    def badge(self, vocab: str, term_id: str) -> Markup:
        """A vocabulary term (verdict, risk level) as a badge: symbol, words and a border, never colour alone."""
        key = (vocab, term_id)
        made = self._badges.get(key)
        if made is None:
            term = self.ctx.vocabulary(vocab)[term_id]
            made = self._badges[key] = Markup(
                f'<span class="gl-badge gl-badge--{safe_attr(vocab)} gl-badge--{safe_attr(term_id)}">'
                f'<span class="gl-badge__symbol" aria-hidden="true">{safe_text(term.get("symbol") or "")}</span> '
                f'{safe_text(term["label"])}</span>')
        return made

    # -- citations and sources ----------------------------------------------------------

    def cite_box(self, kind_name: str, item_id: str) -> Markup:
        """The citation box: ID, edition, the URLs of this edition's text and of the latest, a "cite this" line.

        The Copy button stays hidden until guidelines.js can make it work; the status
        span announces the result to screen readers.
        """
        ctx, t = self.ctx, self.text
        pinned, latest = ctx.edition_url(kind_name, item_id), ctx.latest_url(kind_name, item_id)
        if pinned is None:
            edition = t("cite.edition_draft", edition=self._edition)
            urls = f'<span class="gl-cite__url">{t("cite.address", url=self._url(latest))}</span>'
        else:
            edition = t("cite.edition_replaced" if ctx.superseded else "cite.edition", edition=self._edition)
            urls = (f'<span class="gl-cite__url">{t("cite.this_edition", url=self._url(pinned))}</span> '
                    f'<span class="gl-cite__url">{t("cite.latest_edition", url=self._url(latest))}</span>')
        return Markup(
            f'<div class="gl-cite" data-gl-cite>\n'
            f'<p class="gl-cite__meta"><span class="gl-id">{safe_text(item_id)}</span> '
            f'<span class="gl-cite__edition">{edition}</span> {urls}</p>\n'
            f'<p class="gl-cite__line"><span class="gl-cite__label">{t("cite.label")}</span> '
            f'<code class="gl-cite__text">{safe_text(ctx.cite(kind_name, item_id, language=self.language))}</code> '
            f'<button type="button" class="gl-copy" data-gl-copy hidden>{t("cite.copy")}</button> '
            f'<span class="gl-copy__status" data-gl-copy-status role="status"></span></p>\n</div>')

    @staticmethod
    def _url(url: str) -> str:
        return f'<a class="gl-permalink" href="{safe_attr(url)}">{safe_text(url)}</a>'

    def clause_cite(self, section_id: str, clause_id: str) -> dict[str, str]:
        """A clause's citation line, with the URL of this edition's text (the latest, for a draft)."""
        return {"text": self.ctx.cite("section", section_id, clause_id, language=self.language)}

    def source_list(self, ids: list[str]) -> Markup:
        """An item's sources as a Markdown list, one entry per source."""
        return Markup("".join([f"- {self.source_entry(sid)}\n" for sid in ids]))

    def source_entry(self, source_id: str) -> Markup:
        """'ID: [Title](url), Publisher, date (in Language). Note'."""
        s, t = self.sources[source_id], self.text
        # Parentheses end a Markdown link's address early: written as %28 and %29, the same address.
        url = s.get("url", "").replace("(", "%28").replace(")", "%29")
        title = f"[{one_line(s['title'])}]({safe_text(url)})" if url else f"*{one_line(s['title'])}*"
        entry = t("sources.entry", id=safe_text(source_id), title=title)
        if s.get("title_en"):
            entry += t("sources.in_english", title=one_line(s["title_en"]))
        entry += f", {one_line(s['publisher'])}"
        if s.get("date"):
            entry += f", {safe_text(i18n.format_date(self.language, s['date']))}"
        if s.get("language") and s["language"] != self.language:
            entry += t("sources.in_language", language=self._language(s["language"]))
        entry += "."
        if s.get("translations"):
            entry += t("sources.translated", languages=self._and([self._language(code) for code in s["translations"]]))
        if not url:
            entry += t("sources.no_address")
        if s.get("note"):
            entry += f" {do_indent(safe_text(s['note']), 2)}"
        return Markup(entry)

    # -- worked examples -------------------------------------------------------------------

    def example_header(self, page: str, item: Item) -> Markup:
        """An example's facts, real-or-illustrative label and citation box, in that order: the one overall
        result comes first, straight under the title (on a phone, on the first screen), then stages,
        principles and categories (each tree's answer is in the decision paths, as detail)."""
        d, hlink, t = item.data, self.hlink, self.text
        kind = self._kinds["real" if d["kind"] == "real" else "illustrative"]
        stages = self.stage_labels(page, d["stages"])
        principles = "<br>".join([hlink(page, "principle", pid) for pid in d["principles"]])
        facts = (f"<dt>{t('example.stages')}</dt>\n<dd>{stages}</dd>\n<dt>{t('example.principles')}</dt>\n"
                 f"<dd>{principles}</dd>\n")
        if d.get("categories"):
            categories = "<br>".join([hlink(page, "category", cid) for cid in d["categories"]])
            facts += f"<dt>{t('example.categories')}</dt>\n<dd>{categories}</dd>\n"
        result = self.ctx.result(d)
        return Markup(f'<div class="gl-facts">\n<dl>\n'
                      f'<dt>{t("example.result")}</dt>\n'
                      f'<dd class="gl-facts__result">{self.badge("verdicts", result)}</dd>\n{facts}'
                      f'</dl>\n</div>\n\n{kind}\n\n{self.cite_box("example", item.id)}')

    def basis(self, provenance: Any) -> Markup:
        """Where a statement comes from, as a visible label (empty for an edition published before statements
        had one); a statement of the source names it and its section."""
        text = basis_label(provenance if isinstance(provenance, dict) else None, self.sources,
                           self.ctx.guideline.get("paraphrases", {}).get("source"), self.language)
        if not text:
            return Markup("")
        return Markup(f' <span class="gl-basis gl-basis--{safe_attr(provenance["basis"])}">{safe_text(text)}</span>')

    def entry_basis(self, entry: Any) -> Markup:
        """The label of a list entry or a clause (which carry their provenance in themselves)."""
        return self.basis(provenance_of(entry))

    def result_box(self, verdict: str) -> Markup:
        """An example's one overall result, with what the verdict means."""
        term = self.ctx.vocabulary("verdicts").get(verdict, {})
        return Markup(f'<p class="gl-result">{self.badge("verdicts", verdict)}</p>\n'
                      f'<p>{safe_text(collapse(str(term.get("description", ""))))}</p>')

    def unasked(self, page: str, tree_id: str, walk: Result) -> str:
        """The quick check's questions an early result did not ask: they may apply too (it stops at the first
        answer that settles the result)."""
        if tree_id != self.ctx.guideline["quick_check_tree"]:
            return ""
        asked, nodes = {step.question for step in walk.steps}, self.ctx.trees[tree_id]["nodes"]
        later = [nodes[node_id]["text"] for node_id in question_order(self.ctx.trees[tree_id])
                 if node_id not in asked]
        if not later:
            return ""
        items = "".join([f"<li>{self.inline(text, page)}</li>\n" for text in later])
        return f'<div class="gl-unasked"><p>{self.text("example.unasked")}</p>\n<ul>\n{items}</ul></div>\n'

    def stage_labels(self, page: str, stage_ids: list[str]) -> str:
        """Production stages as their labels, in HTML, comma separated."""
        stages = self.ctx.vocabulary("stages")
        return ", ".join([self.inline(stages[s]["label"], page) for s in stage_ids])

    def decision_path(self, page: str, check: dict[str, Any], walk: Result) -> Markup:
        """An example's walk through one tree: each question with the answer given, the verdict, a replay link.

        Made once per walk for the pages side by side: examples share walks (the context
        gives one Result per tree and answers), and a path can run to sixty questions.
        """
        key = (id(walk), self.urls.origin(page, self.urls.path(kinds.TREE, check["tree"])))
        kept = self._paths.get(key)
        if kept is None:  # the walk is kept with its path, so that its id is not reused meanwhile
            kept = self._paths[key] = (walk, self._decision_path(page, check, walk))
        return kept[1]

    def _decision_path(self, page: str, check: dict[str, Any], walk: Result) -> Markup:
        inline, t = self.inline, self.text
        answer = t("example.answer")
        steps = "".join([f"<li>{inline(step.text, page)}<br>\n   {answer} <strong>{inline(step.label, page)}</strong>"
                         "</li>\n" for step in walk.steps])
        outcome = self.ctx.trees[check["tree"]]["nodes"][walk.node]["title"]
        replay = self.href(page, kinds.TREE.name, check["tree"]) + safe_attr(urlstate.query(check["answers"]))
        return Markup(f'<ol>\n{steps}</ol>\n<p class="gl-verdict"><strong>{t("example.tree_answer")}</strong> '
                      f'{self.badge("verdicts", walk.verdict or "")}<br>\n{inline(outcome, page)}</p>\n'
                      f'{self.unasked(page, check["tree"], walk)}'
                      f'<p class="gl-replay"><a href="{replay}">{t("example.replay")}</a></p>')

    def situations(self, page: str) -> Markup:
        """The home page's ways in: each situation opens its tree with the answers it implies, beside its matrix row."""
        out, quick = [], self.ctx.guideline.get("quick_check_tree")
        for tree in sorted(self.ctx.items(kinds.TREE), key=lambda item: item.id != quick):  # the quick check first
            if not tree.active:
                continue
            for situation in tree.data.get("situations", []):
                start = self.href(page, kinds.TREE.name, tree.id) + safe_attr(urlstate.query(situation["answers"])
                                                                              if situation["answers"] else "")
                row = situation.get("use_case")
                matrix = f' · {self.hlink(page, kinds.USE_CASE.name, row)}' if row else ""
                out.append(f'<li><a class="gl-situation__start" href="{start}">{safe_text(situation["title"])}</a>'
                           f'<span class="gl-situation__meta">{safe_text(tree.data["title"])}{matrix}</span></li>')
        return Markup(f'<ul class="gl-situations">\n{chr(10).join(out)}\n</ul>') if out else Markup("")

    def example_table_rows(self, page: str, rows: list[dict[str, Any]]) -> Markup:
        """The rows of the examples table, with the facets the filter reads (one row per example)."""
        out, kinds_words = [], {"real": self.text("example.real"), "illustrative": self.text("example.illustrative")}
        for row in rows:
            item = row["item"]
            data, facets = item.data, row["facets"]
            attrs = "".join([f' data-{name}="{safe_attr(facets[name])}"'
                             for name in ("principles", "stages", "verdicts", "kind")])
            principles = ", ".join([f'<a href="{self.href(page, "principle", pid)}">{safe_text(pid)}</a>'
                                    for pid in data["principles"]])
            out.append(f'<tr>\n<td><span class="gl-id" id="{safe_attr(anchor(item.id))}" data-gl-row{attrs}>'
                       f'{safe_text(item.id)}</span></td>\n'
                       f'<td><a href="{self.href(page, "example", item.id)}">{self.inline(data["title"], page)}</a>'
                       f'</td>\n<td>{kinds_words["real" if data["kind"] == "real" else "illustrative"]}</td>\n'
                       f'<td>{self.stage_labels(page, data["stages"])}</td>\n<td>{principles}</td>\n'
                       f'<td>{" ".join([self.badge("verdicts", v) for v in row["verdicts"]])}</td>\n</tr>\n')
        return Markup("".join(out).rstrip("\n"))

    def complete_example_rows(self, page: str, rows: list[dict[str, Any]]) -> Markup:
        """The complete page's examples: link, kind, verdicts, permanent URL."""
        out, kinds_words = [], {"real": self.text("example.real"), "illustrative": self.text("example.illustrative")}
        for row in rows:
            item = row["item"]
            url = self.urls.permalink(kinds.EXAMPLE, item.id)
            verdicts = " ".join([self.badge("verdicts", v) for v in row["verdicts"]])
            out.append(f'<tr id="{safe_attr(anchor(item.id))}"><td>{self.hlink(page, "example", item.id)}</td>'
                       f'<td>{kinds_words["real" if item.data["kind"] == "real" else "illustrative"]}</td>'
                       f'<td>{verdicts}</td>'
                       f'<td><a class="gl-permalink" href="{safe_attr(url)}">{safe_text(url)}</a></td></tr>')
        return Markup("\n".join(out))
