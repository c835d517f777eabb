"""The change feed (feed.json): one JSON Feed 1.1 item per edition, with its computed changes.

Feed readers and tools poll it to learn that a new edition is out and which item
IDs it touched. Dates come from the changelog (a publication day, written as
midnight UTC), never from the clock, so the feed is as reproducible as the rest.
"""

from __future__ import annotations

from typing import Any

from guidelines import kinds
from guidelines.context import SiteContext
from guidelines.export import jsonout
from guidelines.render import i18n
from guidelines.textsafe import collapse
from guidelines.urls import WHOLE, page_url

PATH = "feed.json"
VERSION = "https://jsonfeed.org/version/1.1"
EXTENSION = "_guidelines"  # JSON Feed custom extensions start with an underscore
ABOUT = "tool-builders/#change-feed"  # the page section that describes the extension


def rfc3339(date: str) -> str:
    """A YYYY-MM-DD day as an RFC 3339 timestamp (midnight UTC)."""
    return f"{date}T00:00:00Z"


def _first_paragraph(text: str) -> str:
    return collapse(text.strip().split("\n\n")[0])


def _content_text(ctx: SiteContext, entry: dict[str, Any]) -> str:
    """The summary, then the changed IDs grouped by kind of change, then the notes."""
    grouped: dict[str, list[str]] = {}
    for change in entry["changes"]:
        grouped.setdefault(change["change"], []).append(change["item"])
    labels = i18n.group(ctx.language, "feed.label")
    lines = [entry["summary"].strip(), ""]
    lines += [i18n.text(ctx.language, "feed.changes", label=labels.get(change, change), ids=", ".join(ids))
              for change, ids in grouped.items()]
    notes = [f"- {c['item']} ({c['change']}): {collapse(c['note'])}" for c in entry["changes"] if c["note"]]
    return "\n".join(lines + ([""] + notes if notes else []))


def feed_item(ctx: SiteContext, entry: dict[str, Any]) -> dict[str, Any]:
    """One edition's item: its computed changes and the editors' summary and notes."""
    touched = list(dict.fromkeys(change["item"] for change in entry["changes"]))
    return {
        "id": entry["id"],
        "url": entry["url"],
        "title": i18n.text(ctx.language, "feed.item", edition=entry["id"], title=entry["title"]) + (
            "" if entry["published"] else i18n.text(ctx.language, "feed.draft")),
        "summary": _first_paragraph(entry["summary"]),
        "content_text": _content_text(ctx, entry),
        "date_published": rfc3339(str(entry["date"])),
        "tags": sorted({c["change"] for c in entry["changes"]}),
        EXTENSION: {"about": ctx.urls.absolute(ABOUT), "edition": entry["id"], "published": entry["published"],
                    "items": touched,
                    "changes": entry["changes"], "changes_url": entry["changes_url"]},
    }


def build(ctx: SiteContext, changelog: list[dict[str, Any]]) -> dict[str, Any]:
    """The feed as data, before ``document`` seals it (its hash goes in the top-level extension)."""
    g = ctx.guideline
    publisher = {"name": g["publisher"]["name"]}
    if g["publisher"].get("url"):
        publisher["url"] = g["publisher"]["url"]
    document: dict[str, Any] = {
        "version": VERSION,
        "title": i18n.text(ctx.language, "feed.title", short=g["short_title"]),
        "description": i18n.text(ctx.language, "feed.description", title=g["title"]),
        "home_page_url": ctx.urls.site,
        "language": ctx.language,
        "feed_url": ctx.urls.absolute(PATH),
        "authors": [publisher],
        "items": [feed_item(ctx, entry) for entry in changelog if entry["date"]],
        EXTENSION: {"about": ctx.urls.absolute(ABOUT), "edition": ctx.edition, "language": ctx.language,
                    "status": g.get("status"), "status_label": ctx.status.label, "notice": ctx.status.notice,
                    "guidelines_url": ctx.urls.absolute(WHOLE),
                    "changelog_url": ctx.urls.absolute(page_url(kinds.CHANGELOG.shared_page or ""))},
    }
    return document


def document(ctx: SiteContext, changelog: list[dict[str, Any]]) -> str:
    """The published feed.json (one item per edition, newest first, from the export's changelog), hashed."""
    return jsonout.publish(build(ctx, changelog), (EXTENSION,))
