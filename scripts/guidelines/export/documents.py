"""The machine-readable export: versioned JSON documents under api/v1/ and the feed.

Tools consume these files instead of scraping pages, so their shape is a promise
(docs/tool-builders.md): it is described by schemas/published/guidelines.schema.json,
it never depends on anything but the content (same input, same bytes), and every
document carries a hash of its own content. Items keep a uniform shape: optional
source fields are always present, as ``null`` or ``[]``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from guidelines import kinds
from guidelines.context import SiteContext, anchor
from guidelines.export import feed, jsonout
from guidelines.kinds import Kind
from guidelines.load.corpus import Item

SCHEMA_VERSION = "1.0"
API = "api/v1/"
PUBLISHED_SCHEMAS = Path(__file__).parent.parent / "schemas" / "published"
MAIN_SCHEMA = "guidelines.schema.json"

# Exported kinds: kind -> (key in guidelines.json, folder of the per-item files).
COLLECTIONS: dict[str, tuple[str, str]] = {
    "principle": ("principles", "principles"),
    "category": ("categories", "categories"),
    "use-case": ("use_cases", "use-cases"),
    "section": ("sections", "sections"),
    "example": ("examples", "examples"),
    "tree": ("trees", "trees"),
    "glossary": ("glossary", "glossary"),
}
EXPORTED: tuple[Kind, ...] = (kinds.PRINCIPLE, kinds.CATEGORY, kinds.USE_CASE, kinds.SECTION,
                              kinds.EXAMPLE, kinds.TREE, kinds.GLOSSARY)
# Keys of every item's "referenced_by" object, by the kind they list.
BACKLINK_KEYS: dict[str, str] = {k.name: COLLECTIONS[k.name][0] for k in EXPORTED[:6]}


def item_path(kind: Kind | str, item_id: str) -> str:
    """The per-item document's path under the site root, e.g. api/v1/principles/GP-4.json."""
    return f"{API}{COLLECTIONS[kinds.as_kind(kind).name][1]}/{item_id}.json"


def _title(item: Item) -> str:
    return str(item.data.get("title") or item.data.get("term") or item.id)


# Body fields that list the IDs of other items (links_of).
_LINK_LISTS = ("principles", "categories", "use_cases", "trees", "replaced_by")


def _list(data: dict[str, Any], name: str) -> list[Any]:
    return list(data.get(name) or [])


class Exporter:
    """Builds every document of one export from a validated context."""

    def __init__(self, ctx: SiteContext) -> None:
        self.ctx = ctx
        self.site = ctx.site_url
        self.register: dict[str, Any] = (ctx.corpus.register or {}).get("ids", {})
        self.by_id: dict[str, Item] = {}
        for kind in EXPORTED:
            for item in ctx.items(kind):
                self.by_id[item.id] = item
        self.tree_refs = self._tree_refs()
        self._references: dict[str, dict[str, Any]] = {}
        self._reference_members: dict[str, str] = {}
        self._checks: dict[tuple[Any, ...], dict[str, Any]] = {}
        self._shared = jsonout.Shared()
        self._fixed: dict[str, tuple[jsonout.Members, tuple[str, ...]]] = {}
        self._shared_members: jsonout.Members | None = None
        self._vocabularies_text: str | None = None
        self._builders: dict[str, Callable[[Item], dict[str, Any]]] = {
            "principle": self.principle, "category": self.category, "use-case": self.use_case,
            "section": self.section, "example": self.example, "tree": self.tree, "glossary": self.glossary}

    # -- URLs -------------------------------------------------------------

    def url(self, path: str) -> str:
        return self.site + path

    def json_url(self, kind: Kind | str, item_id: str) -> str:
        return self.url(item_path(kind, item_id))

    def api(self) -> dict[str, Any]:
        schemas = {p.name: self.url(API + p.name) for p in sorted(PUBLISHED_SCHEMAS.glob("*.json"))}
        return {"guidelines": self.url(API + "guidelines.json"), "index": self.url(API + "index.json"),
                "schema": self.url(API + "schema.json"), "feed": self.url(feed.PATH), "schemas": schemas}

    def envelope(self, kind: str) -> dict[str, Any]:
        return {"$schema": self.url(API + "schema.json"), "schema_version": SCHEMA_VERSION,
                "edition": self.ctx.edition, "kind": kind}

    # -- cross-links ------------------------------------------------------

    def _tree_refs(self) -> dict[str, list[str]]:
        """Principle/category ID -> trees that ask about it or rest on it."""
        found: dict[str, list[str]] = {}
        for tree_id, tree in self.ctx.trees.items():
            ids = list(tree["principles"])
            for node in tree["nodes"].values():
                ids += node["principles"] + node["categories"]
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
                "url": self.ctx.permalink(item.kind, item.id), "json_url": self.json_url(item.kind, item.id)}
        return found

    def references(self, body: dict[str, Any]) -> str:
        """The canonical text of a document's ``references``; each summary is encoded once per export."""
        known = self._reference_members
        return jsonout.object_text({i: known.get(i) or self._reference_member(i) for i in self.links_of(body)})

    def _reference_member(self, item_id: str) -> str:
        self._reference_members[item_id] = made = jsonout.member(item_id, self.reference(item_id))
        return made

    # -- items --------------------------------------------------------------

    @staticmethod
    def status(item: Item) -> str:
        return str(item.data.get("status", "active"))

    def common(self, item: Item) -> dict[str, Any]:
        ref = self.reference(item.id)  # the same id, kind, status and URLs
        return {
            "id": ref["id"], "kind": ref["kind"], "status": ref["status"], "url": ref["url"],
            "json_url": ref["json_url"], "since": self.register.get(item.id, {}).get("since"),
            "retired_in": item.data.get("retired_in"), "replaced_by": _list(item.data, "replaced_by"),
            "referenced_by": self.referenced_by(item),
        }

    def asked_in(self, item_id: str) -> list[dict[str, str]]:
        return [{"tree": tree, "node": node} for tree, node in self.ctx.questions_of.get(item_id, [])]

    def principle(self, item: Item) -> dict[str, Any]:
        d = item.data
        return {"number": d["number"], "title": d["title"], "rule": d["rule"], "question": d["question"],
                "why": d["why"], "do": list(d["do"]), "dont": list(d["dont"]),
                "warning_signs": list(d["warning_signs"]), "categories": _list(d, "categories"),
                "use_cases": _list(d, "use_cases"), "sources": _list(d, "sources"),
                "asked_in": self.asked_in(item.id)}

    def category(self, item: Item) -> dict[str, Any]:
        d = item.data
        return {"title": d["title"], "summary": d["summary"], "covers": list(d["covers"]),
                "principles": _list(d, "principles"), "sources": _list(d, "sources"),
                "asked_in": self.asked_in(item.id)}

    def use_case(self, item: Item) -> dict[str, Any]:
        d = item.data
        return {"title": d["title"], "description": d["description"], "risk": d["risk"], "guidance": d["guidance"],
                "principles": _list(d, "principles"), "categories": _list(d, "categories"),
                "sources": _list(d, "sources")}

    def section(self, item: Item) -> dict[str, Any]:
        d = item.data
        page = self.ctx.permalink(item.kind, item.id)
        points = [{"id": p["id"], "text": p["text"], "url": f"{page}#{anchor(p['id'])}"} for p in d["points"]]
        return {"title": d["title"], "summary": d["summary"], "points": points,
                "principles": _list(d, "principles"), "categories": _list(d, "categories"),
                "trees": _list(d, "trees"), "sources": _list(d, "sources")}

    def check(self, check: dict[str, Any]) -> dict[str, Any]:
        """A worked example's check as exported: made once per distinct check (examples walk the
        same paths), shared by every body that holds it, and so encoded once (jsonout.Shared)."""
        answers = check["answers"]
        key = (check["tree"], check["verdict"], tuple(answers.items()))
        found = self._checks.get(key)
        if found is None:
            walk = self.ctx.walk(check["tree"], answers)
            found = self._checks[key] = {
                "tree": check["tree"], "verdict": check["verdict"], "outcome": walk.node,
                "answers": [{"question": q, "value": v} for q, v in answers.items()]}
        return found

    def example(self, item: Item) -> dict[str, Any]:
        d = item.data
        checks = [self.check(check) for check in d["checks"]]
        return {"title": d["title"], "example_kind": d["kind"], "scenario": d["scenario"],
                "analysis": d["analysis"], "stages": list(d["stages"]), "principles": _list(d, "principles"),
                "categories": _list(d, "categories"), "use_cases": _list(d, "use_cases"),
                "sources": _list(d, "sources"), "checks": checks}

    def tree(self, item: Item) -> dict[str, Any]:
        # The evaluator's own form (trees.tree_document), so evaluate() reads the export as is.
        tree = dict(self.ctx.trees[item.id])
        tree.pop("status", None)
        tree["node_order"] = [node["id"] for node in item.data["nodes"]]
        return tree

    def glossary(self, item: Item) -> dict[str, Any]:
        d = item.data
        return {"term": d["term"], "definition": d["definition"], "aliases": _list(d, "aliases"),
                "sources": _list(d, "sources")}

    def item(self, item: Item) -> dict[str, Any]:
        body = self._builders[item.kind.name](item)
        body.update(self.common(item))
        return body

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
            ids += node["principles"] + node["categories"]
        by_id, own = self.by_id, body["id"]
        return [i for i in dict.fromkeys(ids) if i in by_id and i != own]

    def _encoded(self, body: dict[str, Any]) -> dict[str, str] | None:
        """The body members whose canonical text is made of shared parts, made from them."""
        checks = body.get("checks")
        if checks is None:
            return None
        return {"checks": jsonout.array([self._shared.text(check) for check in checks])}

    # -- whole documents ----------------------------------------------------

    def guideline(self) -> dict[str, Any]:
        g = self.ctx.guideline
        sources = [{"id": s["id"], "title": s["title"], "publisher": s["publisher"], "url": s.get("url"),
                    "date": s.get("date"), "language": s.get("language"), "note": s.get("note")}
                   for s in g["sources"]]
        return {
            "title": g["title"], "short_title": g["short_title"], "summary": g["summary"],
            "publisher": {"name": g["publisher"]["name"], "url": g["publisher"].get("url")},
            "edition": self.ctx.edition, "effective_date": g["effective_date"], "site_url": self.site,
            "url": self.site, "contact": {"name": g["contact"]["name"], "email": g["contact"].get("email"),
                                          "instructions": g["contact"]["instructions"]},
            "scope": {"applies_to": list(g["scope"]["applies_to"]), "text": g["scope"]["text"]},
            "introduction": g["introduction"], "quick_check_tree": g["quick_check_tree"], "sources": sources,
            "translations_of_source": _list(g, "translations_of_source"), "disclaimer": g.get("disclaimer"),
        }

    def guideline_summary(self) -> dict[str, Any]:
        g = self.ctx.guideline
        return {"title": g["title"], "short_title": g["short_title"], "edition": self.ctx.edition,
                "effective_date": g["effective_date"], "publisher": g["publisher"]["name"], "url": self.site,
                "json_url": self.url(API + "guidelines.json")}

    def vocabularies(self) -> dict[str, Any]:
        out = {}
        for item in self.ctx.items(kinds.VOCABULARY):
            d = item.data
            terms = [{"id": t["id"], "label": t["label"], "description": t["description"],
                      "symbol": t.get("symbol")} for t in d["terms"]]
            out[item.id] = {"id": item.id, "title": d["title"], "description": d["description"], "terms": terms}
        return out

    def changelog(self) -> list[dict[str, Any]]:
        entries = []
        for item in feed.entries(self.ctx):
            d = item.data
            changes = [{"item": c["item"], "change": c["change"], "note": c.get("note")} for c in d["changes"]]
            entries.append({"id": item.id, "kind": "changelog", "date": d["date"], "title": d["title"],
                            "summary": d["summary"], "url": self.ctx.permalink(kinds.CHANGELOG, item.id),
                            "changes": changes})
        return entries

    def _per_item(self, kind: Kind) -> tuple[jsonout.Members, tuple[str, ...]]:
        """What every per-item document of a kind holds besides its body (envelope, guideline
        summary, vocabularies), encoded once per export, and the keys to cut bodies at."""
        made = self._fixed.get(kind.name)
        if made is None:
            if self._shared_members is None:
                self._shared_members = jsonout.Members.texts({
                    "guideline": jsonout.encode(self.guideline_summary()), "vocabularies": self.vocabularies_text()})
            envelope = self.envelope(kind.name)
            del envelope["kind"]  # the body names its kind (common)
            fixed = jsonout.Members.union([
                jsonout.Members.texts({key: jsonout.encode(value) for key, value in envelope.items()}),
                self._shared_members])
            made = self._fixed[kind.name] = (fixed, (*envelope, "guideline", "vocabularies", "references",
                                                     jsonout.HASH_FIELD))
        return made

    def vocabularies_text(self) -> str:
        if self._vocabularies_text is None:
            self._vocabularies_text = jsonout.encode(self.vocabularies())
        return self._vocabularies_text

    def item_document(self, item: Item) -> tuple[str, str, jsonout.Members]:
        """An item's published document (api/v1/<kind>/<ID>.json), its content hash, and its body's
        members (guidelines.json holds the body again, as ``members.text()``)."""
        fixed, cuts = self._per_item(item.kind)
        body = self.item(item)
        members = jsonout.Members.of(body, cuts, self._encoded(body))
        references = jsonout.Members.texts({"references": self.references(body)})
        text, content_hash = jsonout.publish_members(members, fixed, references)
        return text, content_hash, members

    def documents(self) -> dict[str, str]:
        # Each body is encoded once, for its own document and for guidelines.json, and the
        # members every per-item document shares are encoded once for all (jsonout.Members).
        out: dict[str, str] = {}
        index_entries = []
        collections: dict[str, list[str]] = {}
        for kind in EXPORTED:
            bodies = []
            for item in self.ctx.items(kind):
                out[item_path(kind, item.id)], content_hash, members = self.item_document(item)
                bodies.append(members.text())
                # An index entry: the item's summary (as in references) and its document's hash.
                index_entries.append({**self.reference(item.id), "content_hash": content_hash})
            collections[COLLECTIONS[kind.name][0]] = bodies
        whole = self.envelope("guidelines")
        whole.update({"guideline": self.guideline(), "api": self.api(), "changelog": self.changelog()})
        out[API + "guidelines.json"], whole_hash = jsonout.publish_members(
            jsonout.Members.of(whole, (*collections, jsonout.HASH_FIELD), {"vocabularies": self.vocabularies_text()}),
            jsonout.Members.arrays(collections))
        index = self.envelope("index")
        index.update({"guideline": self.guideline_summary(), "api": self.api(), "items": index_entries,
                      "guidelines_hash": whole_hash})
        out[API + "index.json"] = jsonout.publish(index)
        for path in sorted(PUBLISHED_SCHEMAS.glob("*.json")):
            out[API + path.name] = path.read_text(encoding="utf-8")
        out[API + "schema.json"] = (PUBLISHED_SCHEMAS / MAIN_SCHEMA).read_text(encoding="utf-8")
        out[feed.PATH] = feed.document(self.ctx)
        return dict(sorted(out.items()))


def documents(ctx: SiteContext) -> dict[str, str]:
    """Every exported file, by path under docs/ (the site root once built)."""
    return Exporter(ctx).documents()
