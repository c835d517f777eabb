"""The changelog page's view of each edition's computed changes (export/changes.py).

The page reads the same changes documents the export publishes (api/v1/changes/):
the edition in force's, computed by this build, and each earlier edition's as it was
published. This module only arranges them for reading: changes grouped by what
happened, field names in words, verdicts by their labels, tree paths as the questions
and answers a reader would recognise.
"""

from __future__ import annotations

import json
from typing import Any

from guidelines import kinds
from guidelines.context import SiteContext
from guidelines.export.documents import exporter
from guidelines.load.archive import order
from guidelines.render import i18n

GROUPS = ("retired", "replaced", "modified", "added")  # in this order; their headings: changelog.group.<change>
_KIND_ORDER = {kind.name: index for index, kind in enumerate(kinds.CITABLE)}


def documents(ctx: SiteContext) -> list[dict[str, Any]]:
    """Every edition's changes document, newest first, as this context's changelog page shows them."""
    if not ctx.archived:
        return exporter(ctx).changelog_documents()
    edition = ctx.archive.get(ctx.archived)
    found = {path: text for path, text in (edition.export_files() if edition else {}).items()
             if path.startswith("changes/")}
    docs = [json.loads(text) for text in found.values()]
    if ctx.english is not None:  # (a translation's page: the editors' words in its language, as the export has)
        docs = [exporter(ctx).in_language(document) for document in docs]
    return sorted(docs, key=lambda d: order(d["edition"]), reverse=True)


def view(ctx: SiteContext, document: dict[str, Any], language: str = i18n.DEFAULT) -> dict[str, Any]:
    """One edition's section of the page, in a language's words."""
    items = sorted(document["items"], key=lambda row: (_KIND_ORDER.get(row["kind"], 99)))
    groups = []
    for change in GROUPS:
        rows = [row for row in (*items, *document["clauses"]) if row["change"] == change]
        if rows:
            groups.append({"change": change, "label": i18n.text(language, f"changelog.group.{change}"),
                           "rows": [_row(row, language) for row in rows]})
    first = document["previous_edition"] is None
    verdicts = ctx.vocabulary("verdicts")
    return {
        "edition": document["edition"], "title": document["title"] or "", "date": document["date"],
        "summary": document["summary"] or "", "previous": document["previous_edition"], "first": first,
        "count": len(document["items"]) + len(document["clauses"]),
        "groups": [] if first else groups,
        "checks": [{**check, "previous_label": _label(verdicts, check["previous"]["verdict"]),
                    "current_label": _label(verdicts, check["current"]["verdict"])} for check in document["checks"]],
        "trees": [_tree(ctx, verdicts, tree, language) for tree in document["trees"] if tree["paths"]],
        "in_force": document["edition"] == ctx.edition and not ctx.archived,
    }


def _row(row: dict[str, Any], language: str) -> dict[str, Any]:
    fields = [field_words(language, name) for name in row.get("fields", [])]
    return {**row, "field_words": ", ".join(fields)}


def field_words(language: str, name: str) -> str:
    """A changed field's name in words (``changelog.field.<name>``; a field the table does not name, as written,
    with spaces for underscores)."""
    try:
        return i18n.text(language, f"changelog.field.{name}")
    except i18n.UnknownText:
        return name.replace("_", " ")


def _label(verdicts: dict[str, dict[str, Any]], verdict: str | None) -> str:
    term = verdicts.get(verdict or "")
    return str(term["label"]) if term else str(verdict)


def _tree(ctx: SiteContext, verdicts: dict[str, dict[str, Any]], tree: dict[str, Any], language: str
          ) -> dict[str, Any]:
    """A tree's changed paths, each answer in the current tree's words where it still has them."""
    nodes = ctx.trees.get(tree["tree"], {}).get("nodes", {})

    def words(answer: dict[str, str]) -> str:
        node = nodes.get(answer["question"])
        if node is None or node.get("type") != "question":
            return f"{answer['question']}: {answer['value']}"
        label = next((o["label"] for o in node["options"] if o["value"] == answer["value"]), answer["value"])
        return f"{node['text']} {label}."

    def result(end: dict[str, str] | None) -> str:
        return i18n.text(language, "changelog.other_questions") if end is None else _label(verdicts, end["verdict"])

    paths = [{"answers_line": " ".join(words(a) for a in path["answers"]), "previous": result(path["previous"]),
              "current": result(path["current"])} for path in tree["paths"]]
    return {"tree": tree["tree"], "paths": paths, "listed_in_full": tree["listed_in_full"]}
