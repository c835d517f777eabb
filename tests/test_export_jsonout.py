"""jsonout: what is published is the canonical form that is hashed, plus the hash, wherever it sorts."""

from __future__ import annotations

import copy
import hashlib
import json
from typing import Any

import pytest

from guidelines.export import jsonout

DOCUMENTS: list[tuple[dict[str, Any], tuple[str, ...]]] = [
    ({}, ()),
    ({"a": 1}, ()),
    ({"z": [1, 2.5, None, True]}, ()),
    ({"$schema": "s", "b": {"y": 1, "x": [{"k": "é", "j": "\u2028"}]}, "zeta": 'Ω "quoted" \\ <b>'}, ()),
    ({"content_hash": "sha256:stale", "c": 1, "content": "before the hash field", "d": 2}, ()),
    ({"items": [], "_guidelines": {"edition": "2025.1", "about": "x"}, "version": "v"}, ("_guidelines",)),
    ({"_guidelines": {"content_hash": "old", "zz": 1}}, ("_guidelines",)),
    ({"a": {"b": {"c": 1, "d": 2}, "e": 3}, "f": 4}, ("a", "b")),
]


@pytest.mark.parametrize(("document", "where"), DOCUMENTS)
def test_publish_is_seal_then_dump(document: dict[str, Any], where: tuple[str, ...]) -> None:
    published, sealed = copy.deepcopy(document), copy.deepcopy(document)
    text = jsonout.publish(published, where)
    assert text == jsonout.dump(jsonout.seal(sealed, where))
    assert published == sealed  # publish seals the document it is given, too
    assert jsonout.verify(json.loads(text), where)


def test_the_published_text_without_its_hash_is_what_was_hashed() -> None:
    document = {"abstract": "sorts before the hash", "title": "Ünïcode", "kind": "principle",
                "list": [3, 1, 2], "nested": {"b": 1, "a": 2}}
    text = jsonout.publish(document)
    claimed = document["content_hash"]
    member = f',"content_hash":"{claimed}"'
    assert member in text
    unsealed = text.replace(member, "").removesuffix("\n")
    assert claimed == "sha256:" + hashlib.sha256(unsealed.encode("utf-8")).hexdigest()
    assert unsealed == json.dumps({k: v for k, v in document.items() if k != "content_hash"},
                                  ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def test_a_changed_document_gets_another_hash() -> None:
    one, two = {"a": 1, "b": [1]}, {"a": 1, "b": [2]}
    jsonout.publish(one)
    jsonout.publish(two)
    assert one["content_hash"] != two["content_hash"]


NESTED: dict[str, Any] = {"zeta": "Ω ✓ \u2028 \"q\" \\", "alpha": {"b": [1, 2.5, None], "a": "é"}, "kind": "k",
                          "mid": [{"y": True, "x": "ünï"}], "content": "c", "$schema": "s"}


def canonical_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


@pytest.mark.parametrize("value", [NESTED, "Ω", 1.5, [NESTED, {}], {"b": {"ä": 1, "a": 2}}, None, 10**20])
def test_encode_is_canonical_json(value: Any) -> None:
    assert jsonout.encode(value) == canonical_text(value)
