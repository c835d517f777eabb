"""The machine-readable export: versioned JSON documents under api/v1/ and the feed.

Tools consume these files instead of scraping pages, so their shape is a promise
(docs/tool-builders.md): it is described by schemas/published/guidelines.schema.json,
it never depends on anything but the content (same input, same bytes), and every
document carries a hash of its own content. Items keep a uniform shape: optional
source fields are always present, as ``null`` or ``[]``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection
from functools import cached_property
from pathlib import Path
from typing import Any

from guidelines import kinds
from guidelines.context import SiteContext
from guidelines.export import changes, feed, jsonout
from guidelines.export import schemas as published_schemas
from guidelines.load.archive import order
from guidelines.load.corpus import Item
from guidelines.output import languages
from guidelines.provenance import provenance_of, statements_of, text_of
from guidelines.urls import API, INDEX, SCHEMA, WHOLE, anchor, edition_folder, page_url

SCHEMA_VERSION = "1.4"
PUBLISHED_SCHEMAS = Path(__file__).parent.parent / "schemas" / "published"
# Keys of every item's "referenced_by" object, by the kind they list: the kinds whose items refer to others.
BACKLINK_KEYS: dict[str, str] = {k.name: k.export[0] for k in kinds.EXPORTED if k.references and k.export}
# Body fields that list the IDs of other items (links_of).
_LINK_LISTS = (*kinds.REFERENCE_FIELDS, "replaced_by")

# What an item's own document (item_document) adds to its body: the body alone is what its item_hash covers.
ITEM_ENVELOPE = frozenset({"$schema", "schema_version", "edition", "language", "guideline", "vocabularies",
                           "references", jsonout.HASH_FIELD})


def _title(item: Item) -> str:
    return str(item.data.get("title") or item.data.get("term") or item.id)


def _list(data: dict[str, Any], name: str) -> list[Any]:
    return list(data.get(name) or [])


class Exporter:
    """Builds every document of one export from a validated context."""

    def __init__(self, ctx: SiteContext) -> None:
        self.ctx, self.urls = ctx, ctx.urls
        self.register: dict[str, Any] = (ctx.corpus.register or {}).get("ids", {})
        self.by_id = {item.id: item for kind in kinds.EXPORTED for item in ctx.items(kind)}
        self.tree_refs = self._tree_refs()
        self._references: dict[str, dict[str, Any]] = {}  # every document cites the same few items
        self.hashes: dict[str, str] = {}  # item ID -> its document's content hash (filled by documents())
        self.previous = ctx.archive.before(ctx.edition)  # what this edition's changes are counted from
        self._collections: dict[str, list[dict[str, Any]]] | None = None
        self._changes: changes.Changes | None = None
        self._changes_document: dict[str, Any] | None = None
        self._before: dict[str, dict[str, Any]] = {entry["id"]: entry for entry in self._previous_items()}
        self._builders: dict[str, Callable[[Item], dict[str, Any]]] = {
            "principle": self.principle, "category": self.category, "use-case": self.use_case,
            "section": self.section, "example": self.example, "tree": self.tree, "glossary": self.glossary}

    def _previous_items(self) -> list[dict[str, Any]]:
        """The previous edition's index entries in this export's language (none where it has no such export:
        a translation's is frozen with the edition's pages, once a later edition replaced it)."""
        if self.previous is None:
            return []
        if self.ctx.english is None:
            return list(self.previous.index["items"])
        text = self.previous.export_files(self.ctx.language).get(INDEX.removeprefix(API))
        return list(json.loads(text)["items"]) if text else []

    def _in_language(self, edition: str) -> bool:
        """Whether an earlier edition's JSON is served in this (translated) export's language too."""
        found = self.ctx.archive.get(edition)
        return self.ctx.english is not None and found is not None and found.published_in(self.ctx.language)

    def edition_document(self, edition: str, name: str) -> str:
        """A published edition's document (its changes at api/v1/changes/, as every edition's stay): in this
        export's language where the edition was published in it, else the English export's."""
        urls = self.urls if self._in_language(edition) else self.english.urls
        return urls.absolute(changes_path(edition) if name.startswith("changes/") else
                             API + edition_folder(edition) + name)

    def api(self) -> dict[str, Any]:
        # A translation's export has its own documents; the schemas, and the editions published in English
        # only, are the English export's.
        here, url = self.urls.absolute, self.english.urls.absolute
        schemas = {p.name: url(API + p.name) for p in sorted(PUBLISHED_SCHEMAS.glob("*.json"))}
        editions = [{"edition": e.name, "published": e.published,
                     "guidelines": self.edition_document(e.name, "guidelines.json"),
                     "index": self.edition_document(e.name, "index.json"),
                     "changes": self.edition_document(e.name, f"changes/{e.name}.json")}
                    for e in self.ctx.archive.editions if order(e.name) <= order(self.ctx.edition)]
        return {"guidelines": here(WHOLE), "index": here(INDEX), "schema": url(SCHEMA),
                "feed": here(feed.PATH), "schemas": schemas, "changes": here(changes_path(self.ctx.edition)),
                "editions": editions, "languages": self.languages()}

    def languages(self) -> list[dict[str, Any]]:
        """This edition's export in each language it is published in (this one included), English first."""
        return [{"language": site["language"], "name": site["name"], "guidelines": site["url"] + WHOLE,
                 "index": site["url"] + INDEX, "feed": site["url"] + feed.PATH}
                for site in languages.alternates(self.ctx)]

    @property
    def english(self) -> SiteContext:
        return self.ctx.english or self.ctx

    def envelope(self, kind: str) -> dict[str, Any]:
        return {"$schema": self.english.urls.absolute(SCHEMA), "schema_version": SCHEMA_VERSION,
                "edition": self.ctx.edition, "language": self.ctx.language, "kind": kind}

    # -- cross-links ------------------------------------------------------

    def _tree_refs(self) -> dict[str, list[str]]:
        """Principle/category ID -> trees that ask about it or rest on it."""
        found: dict[str, list[str]] = {}
        for tree_id, tree in self.ctx.trees.items():
            ids = list(tree["principles"])
            for node in tree["nodes"].values():
                ids += [ref for field, _ in kinds.TREE_NODE_REFERENCES for ref in node[field]]
            for ref in dict.fromkeys(ids):
                found.setdefault(ref, []).append(tree_id)
        return found

    def referenced_by(self, item: Item) -> dict[str, list[str]]:
        links: dict[str, list[str]] = {key: [] for key in BACKLINK_KEYS.values()}
        for kind_name, ref_id in self.ctx.referrers.get((item.kind.name, item.id), ()):
            key = BACKLINK_KEYS.get(kind_name)
            if key:
                links[key].append(ref_id)
        if item.kind is kinds.PRINCIPLE or item.kind is kinds.CATEGORY:
            links["trees"] += self.tree_refs.get(item.id, ())
        elif item.kind is kinds.TREE:
            links["examples"] += self.ctx.examples_of.get(("tree", item.id), ())
        # Without repeats, first come first: a tree is referred to by every example that walks it.
        for key, ids in links.items():
            if len(ids) > 1:
                links[key] = list(dict.fromkeys(ids))
        return links

    def reference(self, item_id: str) -> dict[str, Any]:
        """An item's summary in other items' ``references``: made once, shared by every document."""
        found = self._references.get(item_id)
        if found is None:
            item = self.by_id[item_id]
            found = self._references[item_id] = {
                "id": item.id, "kind": item.kind.name, "title": _title(item), "status": self.status(item),
                "url": self.urls.permalink(item.kind, item.id),
                "json_url": self.urls.absolute(self.urls.json(item.kind, item.id))}
        return found

    # -- items --------------------------------------------------------------

    @staticmethod
    def status(item: Item) -> str:
        return str(item.data.get("status", "active"))

    def common(self, item: Item) -> dict[str, Any]:
        ref = self.reference(item.id)  # the same id, kind, status and URLs
        return {
            "id": ref["id"], "kind": ref["kind"], "status": ref["status"], "url": ref["url"],
            "json_url": ref["json_url"], "since": self.since(item.id),
            "retired_in": item.data.get("retired_in"), "replaced_by": _list(item.data, "replaced_by"),
            "referenced_by": self.referenced_by(item), "citation": self.citation(item.kind.name, item.id),
        }

    def since(self, item_id: str) -> str | None:
        return self.register.get(item_id, {}).get("since")

    def citation(self, kind_name: str, item_id: str, clause: str | None = None) -> dict[str, Any]:
        """How to cite an item or clause: the line, the URL of this edition's text (None for a draft), the latest."""
        ctx = self.ctx
        return {"text": ctx.cite(kind_name, item_id, clause), "edition": ctx.edition,
                "edition_url": ctx.edition_url(kind_name, item_id, clause),
                "latest_url": ctx.latest_url(kind_name, item_id, clause)}

    def modified_in(self, item_id: str, own_hash: str) -> str | None:
        """The edition that last changed the item's own content: this one, unless the previous edition
        published the same content (then that edition's answer). None when no archive can tell."""
        if self.ctx.english is not None and self.previous is not None and \
                self.previous.published_in(self.ctx.language) and not self._before:
            return None  # (a translation whose previous edition's JSON is not frozen yet: nothing to compare with)
        before = self._before.get(item_id)
        if before is not None and before.get("item_hash") == own_hash:
            return before.get("modified_in")
        if before is None and self.previous is None and self.since(item_id) not in (None, self.ctx.edition):
            return None  # published earlier, but no earlier edition is archived to compare with
        return self.ctx.edition

    def sealed(self, body: dict[str, Any]) -> dict[str, Any]:
        """The body with its own-content hash and the edition that last changed it."""
        body["item_hash"] = own_hash = changes.item_hash(body)
        body["modified_in"] = self.modified_in(body["id"], own_hash)
        return body

    def asked_in(self, item_id: str) -> list[dict[str, str]]:
        return [{"tree": tree, "node": node} for tree, node in self.ctx.questions_of.get(item_id, [])]

    def principle(self, item: Item) -> dict[str, Any]:
        d = item.data
        return {"number": d["number"], "title": d["title"], "rule": d["rule"], "question": d["question"],
                "why": d["why"], "do": _texts(d["do"]), "dont": _texts(d["dont"]),
                "warning_signs": _texts(d["warning_signs"]), "categories": _list(d, "categories"),
                "use_cases": _list(d, "use_cases"), "sources": _list(d, "sources"),
                "asked_in": self.asked_in(item.id), "provenance": _provenance(item)}

    def category(self, item: Item) -> dict[str, Any]:
        d = item.data
        return {"title": d["title"], "summary": d["summary"], "covers": _texts(d["covers"]),
                "request": _texts(d.get("request", [])), "principles": _list(d, "principles"),
                "sources": _list(d, "sources"),
                "asked_in": self.asked_in(item.id), "provenance": _provenance(item)}

    def use_case(self, item: Item) -> dict[str, Any]:
        d = item.data
        return {"title": d["title"], "description": d["description"], "risk": d["risk"], "guidance": d["guidance"],
                "principles": _list(d, "principles"), "categories": _list(d, "categories"),
                "sources": _list(d, "sources"), "provenance": _provenance(item)}

    def section(self, item: Item) -> dict[str, Any]:
        d = item.data
        points = [self.sealed({
            "id": p["id"], "text": p["text"], "url": self.urls.clause(item.id, p["id"]),
            "status": p.get("status", "active"), "retired_in": p.get("retired_in"),
            "replaced_by": _list(p, "replaced_by"), "since": self.since(p["id"]),
            "citation": self.citation("section", item.id, p["id"]), "provenance": _basis(provenance_of(p))})
            for p in d["points"]]
        return {"title": d["title"], "summary": d["summary"], "points": points,
                "principles": _list(d, "principles"), "categories": _list(d, "categories"),
                "trees": _list(d, "trees"), "sources": _list(d, "sources")}

    def check(self, check: dict[str, Any]) -> dict[str, Any]:
        """A worked example's check as exported, with the outcome its walk reaches."""
        answers = check["answers"]
        outcome = self.ctx.walk(check["tree"], answers).node
        return {"tree": check["tree"], "verdict": check["verdict"], "outcome": outcome,
                "answers": [{"question": q, "value": v} for q, v in answers.items()]}

    def example(self, item: Item) -> dict[str, Any]:
        d = item.data
        checks = [self.check(check) for check in d["checks"]]
        return {"title": d["title"], "example_kind": d["kind"], "scenario": d["scenario"],
                "analysis": d["analysis"], "stages": list(d["stages"]), "principles": _list(d, "principles"),
                "categories": _list(d, "categories"), "use_cases": _list(d, "use_cases"),
                "sources": _list(d, "sources"), "checks": checks,
                "result": self.ctx.result(d), "differences": d.get("differences")}

    def tree(self, item: Item) -> dict[str, Any]:
        # The evaluator's own form (trees.tree_document), so evaluate() reads the export as is.
        tree = dict(self.ctx.trees[item.id])
        tree.pop("status", None)
        tree["node_order"] = [node["id"] for node in item.data["nodes"]]
        tree["situations"] = [{"id": s["id"], "title": s["title"], "use_case": s.get("use_case"),
                               "answers": [{"question": q, "value": v} for q, v in s["answers"].items()]}
                              for s in item.data.get("situations", [])]
        return tree

    def glossary(self, item: Item) -> dict[str, Any]:
        d = item.data
        return {"term": d["term"], "definition": d["definition"], "aliases": _list(d, "aliases"),
                "sources": _list(d, "sources"), "provenance": _provenance(item)}

    def item(self, item: Item) -> dict[str, Any]:
        """An item's body: its fields as the export describes them, then what every item has (common)."""
        body = self._builders.get(item.kind.name, self.fields)(item)
        body.update(self.common(item))
        return self.sealed(body)

    @staticmethod
    def fields(item: Item) -> dict[str, Any]:
        """The body of a kind with no shape of its own in the export (yet): its fields as written."""
        return {name: value for name, value in item.data.items()
                if name not in ("id", "status", "retired_in", "replaced_by")}

    def links_of(self, body: dict[str, Any]) -> list[str]:
        """Every item ID an exported item points to, in a stable order."""
        ids = [v for name in _LINK_LISTS if name in body for v in body[name] if isinstance(v, str)]
        for values in body["referenced_by"].values():
            ids += values
        if "asked_in" in body:  # (tests before each comprehension: most bodies have few of these)
            ids += [a["tree"] for a in body["asked_in"]]
        if "checks" in body:
            ids += [c["tree"] for c in body["checks"]]
        for node in body.get("nodes", {}).values():
            ids += [ref for field, _ in kinds.TREE_NODE_REFERENCES for ref in node[field]]
        by_id, own = self.by_id, body["id"]
        return [i for i in dict.fromkeys(ids) if i in by_id and i != own]

    # -- whole documents ----------------------------------------------------

    def guideline(self) -> dict[str, Any]:
        g = self.ctx.guideline
        dates = g.get("dates", {})
        sources = [{"id": s["id"], "title": s["title"], "title_en": s.get("title_en"), "publisher": s["publisher"],
                    "url": s.get("url"), "date": s.get("date"), "language": s.get("language"),
                    "translations": _list(s, "translations"), "note": s.get("note")}
                   for s in g["sources"]]
        return {
            "title": g["title"], "short_title": g["short_title"], "summary": g["summary"],
            "publisher": {"name": g["publisher"]["name"], "url": g["publisher"].get("url")},
            **self.guideline_status,
            "paraphrases": {"name": g["paraphrases"]["name"], "url": g["paraphrases"].get("url"),
                            "source": g["paraphrases"].get("source")} if "paraphrases" in g else None,
            "dates": {name: str(dates[name]) if name in dates else None
                      for name in ("source_published", "source_checked", "effective")},
            "edition": self.ctx.edition, "effective_date": _effective(g), "site_url": self.english.urls.site,
            "url": self.urls.site, "contact": {"name": g["contact"]["name"], "email": g["contact"].get("email"),
                                          "instructions": g["contact"]["instructions"],
                                          "fallback": g["contact"].get("fallback")},
            "legal_notes": [{"text": note["text"], "provenance": _basis(provenance_of(note))}
                            for note in _list(g, "legal_notes")],
            "corrections": {"instructions": g["corrections"]["instructions"], "email": g["corrections"].get("email"),
                            "url": g["corrections"].get("url")} if "corrections" in g else None,
            "scope": {"applies_to": list(g["scope"]["applies_to"]), "text": g["scope"]["text"]},
            "introduction": g["introduction"], "quick_check_tree": g["quick_check_tree"], "sources": sources,
            "translations_of_source": _list(g, "translations_of_source"), "disclaimer": g.get("disclaimer"),
        }

    @cached_property
    def guideline_status(self) -> dict[str, Any]:
        """Whether these are the issuer's rules, and what to tell a reader if not: in every document, since
        any one of them can be quoted alone."""
        g = self.ctx.guideline
        return {"status": g.get("status"), "status_label": g.get("status_label"), "notice": g.get("notice")}

    @cached_property
    def summary(self) -> dict[str, Any]:
        """The guideline as every per-item document names it."""
        g = self.ctx.guideline
        return {"title": g["title"], "short_title": g["short_title"], "edition": self.ctx.edition,
                "effective_date": _effective(g), "publisher": self.guideline()["publisher"], **self.guideline_status,
                "url": self.urls.site, "json_url": self.urls.absolute(WHOLE)}

    @cached_property
    def vocabulary_terms(self) -> dict[str, Any]:
        """Verdicts, risk levels and stages, with their labels and descriptions."""
        out = {}
        for item in self.ctx.items(kinds.VOCABULARY):
            d = item.data
            terms = [{"id": t["id"], "label": t["label"], "description": t["description"],
                      "symbol": t.get("symbol")} for t in d["terms"]]
            out[item.id] = {"id": item.id, "title": d["title"], "description": d["description"], "terms": terms}
        return out

    def collections(self) -> dict[str, list[dict[str, Any]]]:
        """Every exported item's body, by collection (made once: the checks, pages and export share them)."""
        if self._collections is None:
            self._collections = {kind.export[0]: [self.item(item) for item in self.ctx.items(kind)]
                                 for kind in kinds.EXPORTED if kind.export}
        return self._collections

    def changes(self) -> changes.Changes:
        """This edition's changes against the previous published one (all "added" for the first); a
        translation's are the English text's (earlier editions were published in English)."""
        if self.ctx.english is not None:
            return exporter(self.ctx.english).changes()
        if self._changes is None:
            before, now = self.previous.whole if self.previous else {}, self.collections()
            self._changes = changes.compute(self.previous.name if self.previous else None,
                                            {name: before.get(name, []) for name in now}, now)
        return self._changes

    def edition_changes(self) -> dict[str, Any]:
        """This edition's changes document, as published (before its hash)."""
        if self._changes_document is None:
            self._changes_document = self.changes_document(self.changes())
        return self._changes_document

    def changelog_documents(self) -> list[dict[str, Any]]:
        """Every edition's changes document, newest first: this one's, then those published before it."""
        archived = sorted(self.archived_changes().items(), key=lambda kv: order(kv[0]), reverse=True)
        return [self.edition_changes()] + [self.in_language(json.loads(text)) for _, text in archived]

    def in_language(self, document: dict[str, Any]) -> dict[str, Any]:
        """An earlier edition's changes document with the editors' words in this export's language, where the
        changelog has them (the changes themselves are the same in every language)."""
        entry = self.ctx.corpus.get(kinds.CHANGELOG, document["edition"]) if self.ctx.english else None
        if entry is None:
            return document
        notes = {n["item"]: n["note"] for n in entry.data.get("notes", [])}
        rows = {key: [{**row, "note": notes.get(row["id"], row["note"])} for row in document[key]]
                for key in ("items", "clauses")}
        return {**document, "title": entry.data.get("title"), "summary": entry.data.get("summary"),
                "language": self.ctx.language, **rows}

    def changes_document(self, computed: changes.Changes) -> dict[str, Any]:
        """api/v1/changes/<edition>.json: the computed changes, with the editors' summary and notes."""
        entry = self.ctx.corpus.get(kinds.CHANGELOG, self.ctx.edition)
        d = entry.data if entry else {}
        notes = {n["item"]: n["note"] for n in d.get("notes", [])}

        def noted(rows: list[dict[str, Any]], kind: str | None = None) -> list[dict[str, Any]]:
            return [{**row, "kind": kind or row["kind"], "note": notes.get(row["id"])} for row in rows]

        document = self.envelope("changes")
        document.update({
            "previous_edition": computed.previous, "title": d.get("title"), "date": d.get("date"),
            "summary": d.get("summary"), "url": self.changelog_url(self.ctx.edition),
            "items": noted(computed.items), "clauses": noted(computed.clauses, "clause"),
            "checks": computed.checks, "trees": computed.trees})
        return document

    def changelog_url(self, edition: str) -> str:
        """An edition's entry on this site's changelog page."""
        return self.urls.absolute(f"{page_url(kinds.CHANGELOG.shared_page or '')}#{anchor('edition-' + edition)}")

    def changelog(self) -> list[dict[str, Any]]:
        """Every edition's changes in brief, newest first (guidelines.json's changelog and the feed)."""
        return [{"id": e["edition"], "kind": "changelog", "date": e["date"], "title": e["title"],
                 "published": e["edition"] != self.ctx.edition or self.ctx.published,
                 "summary": e["summary"], "url": self.changelog_url(e["edition"]),  # where it is now
                 "changes_url": self.urls.absolute(changes_path(e["edition"])) if e["edition"] == self.ctx.edition
                 else self.edition_document(e["edition"], f"changes/{e['edition']}.json"),
                 "changes": [{"item": row["id"], "change": row["change"], "note": row["note"]}
                             for row in (*e["items"], *e["clauses"])]}
                for e in self.changelog_documents() if e.get("kind") == "changes"]

    def archived_changes(self) -> dict[str, str]:
        """The changes documents of the published editions before this one, as they were published."""
        out = {}
        for edition in self.ctx.archive.editions:
            if order(edition.name) >= order(self.ctx.edition):
                continue
            text = edition.export_files().get(f"changes/{edition.name}.json")
            if text is not None:
                out[edition.name] = text
        return out

    def item_document(self, item: Item, body: dict[str, Any] | None = None) -> dict[str, Any]:
        """An item's own document (api/v1/<folder>/<ID>.json), before it is published with its hash:
        its body with the envelope, the guideline's summary, the vocabularies and a summary of
        every item it points to."""
        body = body if body is not None else self.item(item)
        envelope = self.envelope(item.kind.name)
        del envelope["kind"]  # the body names its kind
        return {**envelope, **body, "guideline": self.summary, "vocabularies": self.vocabulary_terms,
                "references": {ref: self.reference(ref) for ref in self.links_of(body)}}

    def documents(self, only: Collection[str] | None = None) -> dict[str, str]:
        """Every exported file, by path under the site root.

        With ``only`` (item IDs), just those items' documents and the two that hold
        every item (guidelines.json and index.json), for the preview after an edit of
        those items alone; the other items' hashes are those of ``self.hashes``, which a
        full export filled.
        """
        out: dict[str, str] = {}
        index_entries = []
        collections = self.collections()
        for kind in kinds.EXPORTED:
            assert kind.export is not None
            for item, body in zip(self.ctx.items(kind), collections[kind.export[0]], strict=True):
                if only is None or item.id in only:
                    document = self.item_document(item, body)
                    out[self.urls.json(kind, item.id)] = jsonout.publish(document)
                    self.hashes[item.id] = document[jsonout.HASH_FIELD]
                # An index entry: the item's summary (as in references), its hashes and editions.
                index_entries.append(self.index_entry(item.id, body))
                for point in body.get("points", ()):
                    index_entries.append(self.clause_entry(item.id, body, point))
        changes_doc = self.edition_changes()
        out[changes_path(self.ctx.edition)] = jsonout.publish(changes_doc)
        for name, text in self.archived_changes().items():
            if self.ctx.english is None:  # (a translation's export names the English ones: api.editions)
                out[changes_path(name)] = text
        whole = self.envelope("guidelines")
        whole.update({"guideline": self.guideline(), "api": self.api(), "changelog": self.changelog(),
                      "vocabularies": self.vocabulary_terms, **collections})
        out[WHOLE] = jsonout.publish(whole)
        index = self.envelope("index")
        index.update({"guideline": self.summary, "api": self.api(), "items": index_entries,
                      "guidelines_hash": whole[jsonout.HASH_FIELD]})
        out[INDEX] = jsonout.publish(index)
        if only is None and self.ctx.english is None:  # (one copy: a translation's documents name these)
            out.update(published_schemas.published(self.ctx))  # absolute $ids, the verdicts filled in
        out[feed.PATH] = feed.document(self.ctx, whole["changelog"])
        return dict(sorted(out.items()))

    def index_entry(self, item_id: str, body: dict[str, Any]) -> dict[str, Any]:
        return {**self.reference(item_id), jsonout.HASH_FIELD: self.hashes[item_id], "since": body["since"],
                "item_hash": body["item_hash"], "modified_in": body["modified_in"]}

    def clause_entry(self, section_id: str, section: dict[str, Any], point: dict[str, Any]) -> dict[str, Any]:
        """A clause in the index: where it is (its section's document), its own hash and editions."""
        return {"id": point["id"], "kind": "clause", "title": section["title"], "section": section_id,
                "status": point["status"], "url": point["url"], "json_url": section["json_url"],
                jsonout.HASH_FIELD: self.hashes[section_id], "since": point["since"],
                "item_hash": point["item_hash"], "modified_in": point["modified_in"]}


def changes_path(edition: str) -> str:
    return f"{API}changes/{edition}.json"


def exporter(ctx: SiteContext) -> Exporter:
    """The context's exporter, made once: the checks, the changelog page and the export share its bodies."""
    found = ctx.memo.get("exporter")
    if found is None:
        found = ctx.memo["exporter"] = Exporter(ctx)
    return found


def documents(ctx: SiteContext) -> dict[str, str]:
    """Every exported file, by path under docs/ (the site root once built)."""
    return exporter(ctx).documents()


def _effective(guideline: dict[str, Any]) -> str | None:
    """The issuer's effective date, if it set one (only official rules have one)."""
    effective = guideline.get("dates", {}).get("effective")
    return str(effective) if effective else None


def _texts(entries: list[Any]) -> list[str]:
    """A statement list's texts (the export keeps them plain; their provenance is in 'provenance')."""
    return [text_of(entry) for entry in entries]


def _basis(provenance: dict[str, Any] | None) -> dict[str, Any] | None:
    """One statement's provenance as exported: every key present, null where not given."""
    if provenance is None:
        return None
    return {"basis": provenance["basis"], "source": provenance.get("source"), "section": provenance.get("section")}


def _provenance(item: Item) -> dict[str, Any]:
    """Where each of the item's statements comes from: by field, a list for a list field (its clauses'
    provenance is on each clause)."""
    out: dict[str, Any] = {}
    for statement in statements_of(item.kind, item.data):
        if statement.clause is not None:
            continue
        value = _basis(statement.provenance)
        if statement.index is None:
            out[statement.field] = value
        else:
            out.setdefault(statement.field, []).append(value)
    return out
