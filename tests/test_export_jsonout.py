"""jsonout: what is published is the canonical form that is hashed, plus the hash.

``publish`` encodes a document once and splices the hash into the text; these tests
hold it to ``seal`` then ``dump`` (encode twice), wherever the hash field sorts.
"""

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


# -- Members: canonical text in runs, encoded once and joined -------------------

NESTED: dict[str, Any] = {"zeta": "Ω ✓ \u2028 \"q\" \\", "alpha": {"b": [1, 2.5, None], "a": "é"}, "kind": "k",
                          "mid": [{"y": True, "x": "ünï"}], "content": "c", "$schema": "s"}


def canonical_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


@pytest.mark.parametrize("value", [NESTED, "Ω", 1.5, [NESTED, {}], {"b": {"ä": 1, "a": 2}}, None, 10**20])
def test_encode_is_canonical_json(value: Any) -> None:
    assert jsonout.encode(value) == canonical_text(value)


def test_members_merged_with_encoded_values_make_the_canonical_text() -> None:
    shared = {"guideline": {"title": "Ünïcode", "n": [1, 2]}, "vocabularies": {"v": [{"s": "✓", "a": 1}]}}
    body = jsonout.Members.of(NESTED, ("guideline", "vocabularies", jsonout.HASH_FIELD))
    assert len(body.runs) > 1  # cut where the shared members sort
    assert body.text() == canonical_text(NESTED)
    encoded = jsonout.Members.texts({key: jsonout.encode(value) for key, value in shared.items()})
    merged = jsonout.Members.union([body, encoded])
    assert merged.text() == canonical_text({**NESTED, **shared})
    assert jsonout.array([body.text(), encoded.text()]) == canonical_text([NESTED, shared])


def test_members_that_interleave_are_refused() -> None:
    uncut = jsonout.Members.of(NESTED)  # one run, "$schema" to "zeta"
    with pytest.raises(ValueError, match="interleave"):
        jsonout.Members.union([uncut, jsonout.Members.texts({"guideline": "1"})])
    with pytest.raises(ValueError, match="interleave"):
        jsonout.Members.union([jsonout.Members.texts({"kind": "1"}), jsonout.Members.texts({"kind": "2"})])


def test_publish_members_is_publish() -> None:
    document = {**NESTED, "vocabularies": {"v": "✎"}}
    members = jsonout.Members.union([jsonout.Members.of(NESTED, ("vocabularies", jsonout.HASH_FIELD)),
                                     jsonout.Members.texts({"vocabularies": jsonout.encode({"v": "✎"})})])
    text, content_hash = jsonout.publish_members(members)
    assert text == jsonout.publish(document)
    assert content_hash == document[jsonout.HASH_FIELD]
    assert jsonout.verify(json.loads(text))


def test_publish_members_needs_a_cut_at_the_hash() -> None:
    with pytest.raises(ValueError, match="not cut"):
        jsonout.publish_members(jsonout.Members.of(NESTED))  # "content" .. "zeta" spans "content_hash"
    with pytest.raises(ValueError, match="not cut"):
        jsonout.publish_members(jsonout.Members.texts({jsonout.HASH_FIELD: '"x"'}))


def test_members_of_takes_values_encoded_already_and_cuts_one_text_at_markers() -> None:
    checks = [{"tree": "t", "answers": [{"question": "q", "value": "ü"}]}]
    encoded = {"mid": jsonout.array([jsonout.Shared().text(check) for check in checks]), "new": '"added"'}
    members = jsonout.Members.of(NESTED, ("guideline", jsonout.HASH_FIELD, "kind"), encoded)
    assert members.text() == canonical_text({**NESTED, "mid": checks, "new": "added"})
    assert [run[0] for run in members.runs] == ["$schema", "kind", "mid", "new", "zeta"]  # "kind" is a member, not cut
    assert all(run[3] == run[2].encode("utf-8") for run in members.runs)


def test_a_value_that_is_the_marker_is_refused_not_spliced() -> None:
    with pytest.raises(ValueError, match="marker"):
        jsonout.Members.of({"a": jsonout._MARK, "b": 1}, ("c",))


@pytest.mark.parametrize("texts", [[], ["1"], ['{"a":"é"}', "[]", "null"]])
def test_arrays_and_empty_members(texts: list[str]) -> None:
    members = jsonout.Members.arrays({"list": texts})
    assert members.text() == canonical_text({"list": [json.loads(text) for text in texts]})
    assert jsonout.Members.of({}).text() == "{}"
    text, content_hash = jsonout.publish_members(jsonout.Members.of({}))
    assert text == jsonout.publish(document := {}) and content_hash == document[jsonout.HASH_FIELD]


def test_shared_values_are_encoded_once_by_identity() -> None:
    shared, value = jsonout.Shared(), {"b": ["Ω"], "a": 1}
    assert shared.text(value) == canonical_text(value)
    value["c"] = 2  # shared values must not change: the text made first is kept
    assert shared.text(value) == canonical_text({"b": ["Ω"], "a": 1})
    assert shared.text(dict(value)) == canonical_text(value)


@pytest.mark.parametrize("seed", range(40))
def test_members_of_cut_anywhere_still_make_the_canonical_text(seed: int) -> None:
    import random

    chance = random.Random(seed)
    names = ["$s", "a", "b", "c", "content", "content_hash", "d", "e", "é", "z"]
    obj = {name: chance.choice([1, "ü", [None], {"y": "x", "b": "✓"}]) for name in chance.sample(names, 6)}
    cuts = tuple(chance.sample(names, chance.randint(0, 5)))
    encoded = {name: jsonout.encode(obj.get(name, name)) for name in chance.sample(names, chance.randint(0, 2))}
    members = jsonout.Members.of(obj, cuts, encoded)
    expected = {**obj, **{name: json.loads(text) for name, text in encoded.items()}}
    assert members.text() == canonical_text(expected)
    own = [run for run in members.runs if run[0] not in encoded]
    assert not [cut for cut in cuts if cut not in expected for run in own if run[0] < cut < run[1]]
    others = {cut: '"x"' for cut in cuts if cut not in expected}
    assert jsonout.Members.union([members, jsonout.Members.texts(others)]).text() == canonical_text(
        {**expected, **{cut: "x" for cut in others}})
