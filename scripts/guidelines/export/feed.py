"""The change feed (feed.json): one JSON Feed 1.1 item per changelog entry.

Feed readers and tools poll it to learn that a new edition is out and which item
IDs it touched. Dates come from the changelog (a publication day, written as
midnight UTC), never from the clock, so the feed is as reproducible as the rest.
"""

from __future__ import annotations

from typing import Any

from guidelines import kinds
from guidelines.context import SiteContext
from guidelines.export import jsonout
from guidelines.load.corpus import Item
from guidelines.urls import WHOLE, page_url

PATH = "feed.json"
VERSION = "https://jsonfeed.org/version/1.1"
EXTENSION = "_guidelines"  # JSON Feed custom extensions start with an underscore
ABOUT = "tool-builders/#change-feed"  # the page section that describes the extension


def entries(ctx: SiteContext) -> list[Item]:
    """Changelog entries, newest first (by date, then by edition)."""
    def key(item: Item) -> tuple[str, tuple[int, ...]]:
        return (str(item.data["date"]), tuple(int(part) for part in item.id.split(".")))
    return sorted(ctx.items(kinds.CHANGELOG), key=key, reverse=True)


def rfc3339(date: str) -> str:
    """A YYYY-MM-DD day as an RFC 3339 timestamp (midnight UTC)."""
    return f"{date}T00:00:00Z"


def _first_paragraph(text: str) -> str:
    return " ".join(text.strip().split("\n\n")[0].split())


def _content_text(item: Item) -> str:
    """The summary, then the touched IDs grouped by kind of change, then the notes."""
    grouped: dict[str, list[str]] = {}
    for change in item.data["changes"]:
        grouped.setdefault(change["change"], []).append(change["item"])
    lines = [item.data["summary"].strip(), ""]
    lines += [f"{change.capitalize().replace('-', ' ')}: {', '.join(ids)}." for change, ids in grouped.items()]
    notes = [f"- {c['item']} ({c['change']}): {' '.join(c['note'].split())}"
             for c in item.data["changes"] if c.get("note")]
    return "\n".join(lines + ([""] + notes if notes else []))


def feed_item(ctx: SiteContext, item: Item) -> dict[str, Any]:
    d = item.data
    touched = list(dict.fromkeys(change["item"] for change in d["changes"]))
    changes = [{"item": c["item"], "change": c["change"], "note": c.get("note")} for c in d["changes"]]
    return {
        "id": item.id,
        "url": ctx.urls.permalink(kinds.CHANGELOG, item.id),
        "title": f"Edition {item.id}: {d['title']}",
        "summary": _first_paragraph(d["summary"]),
        "content_text": _content_text(item),
        "date_published": rfc3339(str(d["date"])),
        "tags": sorted({c["change"] for c in d["changes"]}),
        EXTENSION: {"about": ctx.urls.absolute(ABOUT), "edition": item.id, "items": touched, "changes": changes},
    }


def build(ctx: SiteContext) -> dict[str, Any]:
    """The feed as data, before ``document`` seals it (its hash goes in the top-level extension)."""
    g = ctx.guideline
    publisher = {"name": g["publisher"]["name"]}
    if g["publisher"].get("url"):
        publisher["url"] = g["publisher"]["url"]
    document: dict[str, Any] = {
        "version": VERSION,
        "title": f"{g['short_title']}: changes",
        "description": f"Each new edition of {g['title']}, with the IDs of the items it changed.",
        "home_page_url": ctx.urls.site,
        "feed_url": ctx.urls.absolute(PATH),
        "authors": [publisher],
        "items": [feed_item(ctx, item) for item in entries(ctx)],
        EXTENSION: {"about": ctx.urls.absolute(ABOUT), "edition": ctx.edition,
                    "guidelines_url": ctx.urls.absolute(WHOLE),
                    "changelog_url": ctx.urls.absolute(page_url(kinds.CHANGELOG.shared_page or ""))},
    }
    return document


def document(ctx: SiteContext) -> str:
    """The published feed.json, with its content hash."""
    return jsonout.publish(build(ctx), (EXTENSION,))
