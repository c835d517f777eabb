"""Render the site's Markdown pages from the validated corpus.

Layout lives in Jinja2 templates (templates/*.md.j2); this module only chooses which
template renders which item and hands it the data. Every ``{{ }}`` output passes
through ``textsafe.safe_text`` (the environment's finalize), so text from YAML can
never become markup unless a template marks it safe on purpose.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from . import kinds, urlstate
from .context import SiteContext, anchor, md_link, page_of, url_link
from .evaluator import evaluate
from .kinds import Kind
from .textsafe import json_for_html, one_line, safe_attr, safe_text
from .treeviews import diagram_svg, outline_html

TEMPLATES = Path(__file__).parent / "templates"
LANGUAGES = {"fr": "French", "es-419": "Latin American Spanish", "pt": "Portuguese", "th": "Thai",
             "tr": "Turkish", "zh-Hant": "Traditional Chinese", "en": "English"}
ITEM_TEMPLATES = {"principle": "principle.md.j2", "category": "category.md.j2", "use-case": "use-case.md.j2",
                  "section": "section.md.j2", "example": "example.md.j2"}
COMPLETE_KINDS = ("principle", "category", "section", "use-case", "example")
_HEADING = re.compile(r"^(#{1,5}) ", re.MULTILINE)


@cache
def environment() -> Environment:
    """One Jinja2 environment per process: templates compile once."""
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), undefined=StrictUndefined,
                      autoescape=False, finalize=safe_text, keep_trailing_newline=True,
                      trim_blocks=True, lstrip_blocks=True,
                      comment_start_string="{##", comment_end_string="##}",
                      extensions=["jinja2.ext.do"])
    env.filters.update(md=safe_text, attr=safe_attr, line=one_line, json=json_for_html)
    env.globals.update(kinds=kinds, md_link=md_link, page_anchor=anchor, languages=LANGUAGES,
                       kind_page=page_of)
    return env


class Renderer:
    """Renders every page for one build; knows the context templates need."""

    def __init__(self, ctx: SiteContext) -> None:
        self.ctx = ctx
        self.env = environment()
        self.sources = {s["id"]: s for s in ctx.guideline["sources"]}

    def link(self, page: str, kind_name: str, item_id: str) -> Markup:
        """A Markdown link '[ID Title](relative.md#anchor)' to an item's page."""
        kind = kinds.BY_NAME[kind_name]
        item = self.ctx.item(kind, item_id)
        title = item.data.get("title") or item.data.get("term") or item_id
        label = title if kind is kinds.TREE else f"{item_id} {title}"
        fragment = anchor(item_id) if page_of(kind, item_id) in ("glossary.md", "changelog.md") else ""
        if page == "complete.md" and kind.name in COMPLETE_KINDS:
            fragment = anchor(item_id)
            return Markup(f"[{one_line(label)}](#{fragment})")
        return Markup(f"[{one_line(label)}]({md_link(page, page_of(kind, item_id), fragment)})")

    def tree_link(self, page: str, tree_id: str) -> Markup:
        return self.link(page, "tree", tree_id)

    def change_link(self, page: str, item_id: str) -> Markup:
        for kind in kinds.CITABLE:
            if self.ctx.corpus.get(kind, item_id):
                return self.link(page, kind.name, item_id)
        return safe_text(item_id)

    def render(self, template: str, page: str, **values: Any) -> str:
        base = dict(ctx=self.ctx, page=page, link=self.link, tree_link=self.tree_link,
                    change_link=self.change_link, sources_by_id=self.sources, prefix="")
        base.update(values)
        return self.env.get_template(template).render(**base)

    def item_page(self, kind: Kind, item_id: str, page: str, prefix: str = "") -> str:
        item = self.ctx.item(kind, item_id)
        values: dict[str, Any] = {"item": item, "prefix": prefix}
        if kind is kinds.EXAMPLE:
            walks = [evaluate(self.ctx.trees[c["tree"]], c["answers"]) for c in item.data["checks"]]
            values.update(walks=walks, replay_url=lambda check: self.replay(page, check))
        return self.render(ITEM_TEMPLATES[kind.name], page, **values)

    def replay(self, page: str, check: dict[str, Any]) -> str:
        target = md_link(page, page_of(kinds.TREE, check["tree"]))
        return target + urlstate.query(check["answers"])

    def tree_page(self, tree_id: str) -> str:
        item = self.ctx.item(kinds.TREE, tree_id)
        page = page_of(kinds.TREE, tree_id)
        tree = self.ctx.trees[tree_id]
        verdicts = self.ctx.vocabulary("verdicts")
        return self.render("tree.md.j2", page, item=item, payload=self.tree_payload(tree_id, page),
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
        for kind, title, intro in lists:
            page = f"{kind.url_dir}/index.md"
            out[page] = self.render("list.md.j2", page, kind=kind, title=title, intro=intro,
                                    entries=[{"id": i.id, "active": i.active} for i in ctx.items(kind)])
        out["use-cases/index.md"] = self.render("matrix.md.j2", "use-cases/index.md")
        out["examples/index.md"] = self.render("examples-index.md.j2", "examples/index.md",
                                               examples=self.example_rows())
        for kind in (kinds.PRINCIPLE, kinds.CATEGORY, kinds.USE_CASE, kinds.SECTION, kinds.EXAMPLE):
            for item in ctx.items(kind):
                page = page_of(kind, item.id)
                out[page] = self.item_page(kind, item.id, page)
        for item in ctx.items(kinds.TREE):
            out[page_of(kinds.TREE, item.id)] = self.tree_page(item.id)
        out["glossary.md"] = self.render("glossary.md.j2", "glossary.md")
        entries = sorted(ctx.items(kinds.CHANGELOG), key=lambda i: i.data["date"], reverse=True)
        out["changelog.md"] = self.render("changelog.md.j2", "changelog.md", entries=entries)
        out["complete.md"] = self.complete()
        out["_generated/abbreviations.md"] = self.abbreviations()
        return out

    def example_rows(self) -> list[dict[str, Any]]:
        rows = []
        for item in self.ctx.items(kinds.EXAMPLE):
            verdicts = [c["verdict"] for c in item.data["checks"]]
            rows.append({"item": item, "verdicts": list(dict.fromkeys(verdicts))})
        return rows

    def complete(self) -> str:
        """Everything on one page, in the guidance's order, headings shifted one level down."""
        parts = []
        order = ((kinds.PRINCIPLE, "Guiding principles", "principles"),
                 (kinds.CATEGORY, "Always needs written approval", "approval"),
                 (kinds.SECTION, "Thematic sections", "sections"),
                 (kinds.USE_CASE, "Use-case matrix", "use-cases"),
                 (kinds.EXAMPLE, "Worked examples", "examples"))
        for kind, title, slug in order:
            bodies = []
            for item in self.ctx.items(kind):
                body = self.item_page(kind, item.id, "complete.md", prefix=anchor(item.id) + "-")
                bodies.append(Markup(_HEADING.sub(lambda m: "#" + m.group(1) + " ", body)))
            parts.append({"title": title, "slug": slug, "bodies": bodies})
        return self.render("complete.md.j2", "complete.md", parts=parts)

    def abbreviations(self) -> str:
        """Glossary terms as Markdown abbreviations, appended to every page (tooltips)."""
        lines = []
        for item in self.ctx.items(kinds.GLOSSARY):
            definition = " ".join(item.data["definition"].split())
            for term in [item.data["term"], *item.data.get("aliases", [])]:
                lines.append(f"*[{term}]: {definition}")
        return "\n".join(lines) + "\n"
