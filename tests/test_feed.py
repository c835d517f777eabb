"""feed.json follows JSON Feed 1.1 (https://jsonfeed.org/version/1.1) to the letter.

JSON_FEED below is the spec's field list written as a JSON Schema: required fields,
types, "content_html or content_text", author objects with at least one field, and
custom extensions only under names that start with an underscore.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from editions_util import edit, publish_edition, start_edition
from fixtures_util import ROOT, make_project
from guidelines.export import documents as export
from guidelines.export import feed, jsonout
from guidelines.output import generate

URL = {"type": "string", "pattern": "^https?://[^\\s]+$"}
AUTHOR = {"type": "object", "minProperties": 1, "additionalProperties": False,
          "properties": {"name": {"type": "string"}, "url": URL, "avatar": URL}}
EXTENSIONS = {"^_[A-Za-z]": {"type": "object"}}
RFC3339 = "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$"
JSON_FEED = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["version", "title", "items"],
    "additionalProperties": False,
    "patternProperties": EXTENSIONS,
    "properties": {
        "version": {"const": "https://jsonfeed.org/version/1.1"},
        "title": {"type": "string", "minLength": 1},
        "home_page_url": URL, "feed_url": URL, "description": {"type": "string"},
        "user_comment": {"type": "string"}, "next_url": URL, "icon": URL, "favicon": URL,
        "authors": {"type": "array", "items": AUTHOR}, "language": {"type": "string"},
        "expired": {"type": "boolean"},
        "hubs": {"type": "array", "items": {"type": "object", "required": ["type", "url"]}},
        "items": {"type": "array", "items": {
            "type": "object",
            "required": ["id"],
            "anyOf": [{"required": ["content_html"]}, {"required": ["content_text"]}],
            "additionalProperties": False,
            "patternProperties": EXTENSIONS,
            "properties": {
                "id": {"type": "string", "minLength": 1}, "url": URL, "external_url": URL,
                "title": {"type": "string"}, "content_html": {"type": "string"},
                "content_text": {"type": "string"}, "summary": {"type": "string"}, "image": URL,
                "banner_image": URL, "date_published": {"type": "string", "pattern": RFC3339},
                "date_modified": {"type": "string", "pattern": RFC3339},
                "authors": {"type": "array", "items": AUTHOR}, "tags": {"type": "array", "items": {"type": "string"}},
                "language": {"type": "string"},
                "attachments": {"type": "array", "items": {
                    "type": "object", "required": ["url", "mime_type"],
                    "properties": {"url": URL, "mime_type": {"type": "string"}, "title": {"type": "string"},
                                   "size_in_bytes": {"type": "number"},
                                   "duration_in_seconds": {"type": "number"}}}},
            },
        }},
    },
}
def feed_of(root: Path) -> dict[str, Any]:
    ctx, problems = generate.check(root)
    assert not problems, problems.report()
    return json.loads(export.documents(ctx)[feed.PATH])


def spec_errors(document: dict[str, Any]) -> list[str]:
    return [f"{e.json_path}: {e.message}" for e in Draft202012Validator(JSON_FEED).iter_errors(document)]


@pytest.fixture(scope="module")
def two_editions(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The base corpus published as 2025.1, then 2025.2 (published too) with GP-1 reworded."""
    root = make_project(tmp_path_factory.mktemp("feed") / "project")
    publish_edition(root)
    start_edition(root, "2025.2", "2025-10-01", "Clearer first principle",
                  "|-\n  GP-1 now says what owning means.\n\n  A second paragraph that the short summary leaves out.",
                  {"GP-1": "Explains ownership."})
    edit(root / "principles" / "guiding-principles" / "GP-1.yml", "rule: Outputs do not recreate",
         "rule: Outputs never recreate")
    publish_edition(root)
    return feed_of(root)


def test_the_json_feed_schema_is_itself_valid_and_catches_mistakes() -> None:
    Draft202012Validator.check_schema(JSON_FEED)
    good = {"version": "https://jsonfeed.org/version/1.1", "title": "t",
            "items": [{"id": "1", "content_text": "x"}]}
    assert spec_errors(good) == []
    assert spec_errors({**good, "items": [{"id": "1"}]})  # neither content_html nor content_text
    assert spec_errors({**good, "items": [{"id": 1, "content_text": "x"}]})  # id must be a string
    assert spec_errors({**good, "guidelines": {}})  # extensions need a leading underscore
    assert spec_errors({**good, "items": [{"id": "1", "content_text": "x", "date_published": "2025-08-26"}]})
    assert spec_errors({**good, "authors": [{}]})
    assert spec_errors({**good, "version": "1.1"})


def test_the_feed_satisfies_json_feed_1_1(two_editions: dict[str, Any]) -> None:
    assert spec_errors(two_editions) == []


def test_the_base_fixture_feed_satisfies_json_feed_1_1(tmp_path: Path) -> None:
    document = feed_of(make_project(tmp_path / "project"))
    assert spec_errors(document) == []
    assert [item["id"] for item in document["items"]] == ["2025.1"]


def test_urls_are_absolute_and_built_from_site_url(two_editions: dict[str, Any]) -> None:
    assert two_editions["home_page_url"] == "https://guidelines.test/"
    assert two_editions["feed_url"] == "https://guidelines.test/feed.json"
    assert [item["url"] for item in two_editions["items"]] == [
        "https://guidelines.test/changelog/#edition-2025-2", "https://guidelines.test/changelog/#edition-2025-1"]
    assert two_editions["_guidelines"]["about"].startswith("https://guidelines.test/tool-builders/")


def test_one_item_per_changelog_entry_newest_first(two_editions: dict[str, Any]) -> None:
    items = two_editions["items"]
    assert [item["id"] for item in items] == ["2025.2", "2025.1"]
    newest = items[0]
    assert newest["title"] == "Edition 2025.2: Clearer first principle"
    assert newest["date_published"] == "2025-10-01T00:00:00Z"
    assert datetime.fromisoformat(newest["date_published"].replace("Z", "+00:00")).tzinfo is not None
    assert newest["summary"] == "GP-1 now says what owning means."
    assert newest["content_text"].startswith("GP-1 now says what owning means.\n\nA second paragraph")
    assert "Modified: GP-1." in newest["content_text"]
    assert "- GP-1 (modified): Explains ownership." in newest["content_text"]
    assert newest["tags"] == ["modified"]
    assert items[1]["tags"] == ["added"]


def test_extension_lists_the_item_ids_each_entry_touched(two_editions: dict[str, Any]) -> None:
    newest = two_editions["items"][0]["_guidelines"]
    assert newest["edition"] == "2025.2"
    assert newest["items"] == ["GP-1"]  # computed: the one item whose text changed
    assert newest["changes"] == [{"item": "GP-1", "change": "modified", "note": "Explains ownership."}]
    assert newest["published"] is True
    assert newest["changes_url"] == "https://guidelines.test/api/v1/changes/2025.2.json"
    assert two_editions["_guidelines"]["edition"] == "2025.2"


def test_dates_come_from_the_changelog_only(two_editions: dict[str, Any]) -> None:
    text = json.dumps(two_editions)
    assert set(re.findall(r"\d{4}-\d{2}-\d{2}T[\d:]+Z", text)) == {"2025-10-01T00:00:00Z", "2025-08-26T00:00:00Z"}


def test_the_feed_carries_its_content_hash(two_editions: dict[str, Any]) -> None:
    assert re.fullmatch(r"sha256:[0-9a-f]{64}", two_editions["_guidelines"]["content_hash"])
    assert jsonout.verify(two_editions, ("_guidelines",))
    changed = json.loads(json.dumps(two_editions))
    changed["items"][0]["title"] = "Another title"
    assert not jsonout.verify(changed, ("_guidelines",))


def test_the_feed_says_whose_rules_these_are(two_editions: dict[str, Any], tmp_path: Path) -> None:
    """Official rules (the test corpus) carry no notice; the shipped paraphrase carries its own."""
    assert (two_editions["_guidelines"]["status"], two_editions["_guidelines"]["notice"]) == ("official", None)
    shipped = json.loads((ROOT / "site" / "feed.json").read_text(encoding="utf-8"))["_guidelines"]
    assert shipped["status"] == "unofficial-paraphrase"
    assert shipped["status_label"] and shipped["notice"].startswith("This site is not published by Netflix")
