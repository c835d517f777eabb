"""Search by ID: the index side. A search for "EX-1", "ex1" or "ex 1" must put EX-1's own page first.

Material's search (lunr) cannot do that from the words of the pages alone, whatever its
``separator``: lunr's query parser splits a query at every hyphen whatever the index's
separator is (``lunr.QueryLexer.termSeparator`` keeps lunr's own ``/[\\s\\-]+/``), and
Material ends every query term with a wildcard, so "EX-1" is searched as ``ex`` and ``1*``,
"ex1" as ``ex1*``, and ``1*`` finds EX-11 to EX-19 as well as EX-1, the rarer "11" scoring
higher. So each ID gets one whole token, its letters and numbers run together ("ex1",
"sec1.2"), in two fields of its own that Material indexes beside the title and text:

- ``ids``: the IDs a search entry defines (an item's page, a clause's place on its section's
  page), boosted above any title;
- ``mentions``: the IDs its title or text names (found with the pattern that links them,
  ``idlinks.MENTION``), about as strong as a word of its title.

The browser side, ``docs/assets/javascripts/workers/search-ids.js``, reads the ``ids`` of the
index and turns an ID typed in any of those spellings into that one token, searched whole.
Earlier editions' pages are not in the index (the hooks leave them out), so they cannot
outrank the edition in force.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from guidelines import kinds
from guidelines.context import SiteContext
from guidelines.render.idlinks import MENTION
from guidelines.urls import anchor

INDEX = "search/search_index.json"  # where Material's search plugin writes its index, under the site
# The fields, with their boosts (Material's own: title 1000, text 1, tags 1,000,000).
FIELDS: dict[str, dict[str, float]] = {"ids": {"boost": 10_000.0}, "mentions": {"boost": 10.0}}
# The one shape of a token the browser side recognises: letters, then a number, then a clause's.
TOKEN = re.compile(r"[a-z]+[0-9]+(?:\.[0-9]+)?")


def token(item_id: str) -> str:
    """The search token of an ID: lowercase, without its hyphen (GP-3 -> gp3, SEC-1.2 -> sec1.2)."""
    return item_id.lower().replace("-", "")


def defined(ctx: SiteContext) -> dict[str, list[str]]:
    """Which IDs each search entry defines, by the entry's location: every item with a page of its
    own (retired ones too: their pages stay), and every clause, at its anchor."""
    found: dict[str, list[str]] = {}
    for kind in kinds.MENTIONED:
        if not kind.pages:
            continue
        for item in ctx.items(kind):
            path = ctx.urls.path(kind, item.id)
            found.setdefault(path, []).append(item.id)
            for point in item.data.get("points", ()) if kind is kinds.SECTION else ():
                found.setdefault(f"{path}#{anchor(point['id'])}", []).append(point["id"])
    return found


def mentioned(text: str, known: set[str]) -> list[str]:
    """The known IDs a text names, once each, in order."""
    return list(dict.fromkeys(m.group(0) for m in MENTION.finditer(text) if m.group(0) in known))


def _field(ids: Iterable[str]) -> str:
    return " ".join(token(item_id) for item_id in ids)


def add_ids(index: dict[str, Any], ids_at: dict[str, list[str]]) -> dict[str, Any]:
    """Material's search index with the two fields declared and filled in on every entry that has them."""
    known = {item_id for ids in ids_at.values() for item_id in ids}
    index["config"]["fields"].update(FIELDS)
    for entry in index["docs"]:
        own = ids_at.get(entry["location"])
        if own:
            entry["ids"] = _field(own)
        named = mentioned(f"{entry['title']} {entry['text']}", known)
        if named:
            entry["mentions"] = _field(named)
    return index


def rewrite_index(site_dir: Path, ctx: SiteContext) -> None:
    """Add the ID fields to the index Material wrote into ``site_dir`` (written as Material writes it)."""
    path = site_dir / INDEX
    if not path.is_file():  # search switched off
        return
    index = add_ids(json.loads(path.read_text(encoding="utf-8")), defined(ctx))
    path.write_text(json.dumps(index, separators=(",", ":")), encoding="utf-8")
