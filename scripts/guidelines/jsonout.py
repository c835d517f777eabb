"""One way to write JSON and one way to hash it, for every published document.

Tools that consume the export compare files byte for byte and check content
hashes, so both must depend only on the data: keys sorted, no whitespace, UTF-8
text kept as is, a trailing newline, and no clock anywhere.

A published file is the canonical form that is hashed, with the hash added, so
``publish`` encodes each document once (with CPython's C encoder, which serves only
unindented output) and splices the hash into the text it has already hashed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

HASH_FIELD = "content_hash"
HASH_PREFIX = "sha256:"

# Canonical JSON: sorted keys, no whitespace, non-ASCII kept (encoded as UTF-8 when hashed).
_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def encode(value: Any) -> str:
    """The canonical text of a value: sorted keys, no whitespace, non-ASCII kept."""
    return _ENCODER.encode(value)


def dump(document: Any) -> str:
    """The published text of a document: its canonical form and a final newline."""
    return encode(document) + "\n"


def canonical(document: Any) -> bytes:
    """The bytes that are hashed: sorted keys, no whitespace, UTF-8."""
    return encode(document).encode("utf-8")


def _hash_of(text: str) -> str:
    return HASH_PREFIX + hashlib.sha256(text.encode("utf-8")).hexdigest()


def digest(document: Any) -> str:
    return _hash_of(encode(document))


def _target(document: dict[str, Any], where: tuple[str, ...]) -> dict[str, Any]:
    target = document
    for key in where:
        target = target[key]
    return target


def seal(document: dict[str, Any], where: tuple[str, ...] = ()) -> dict[str, Any]:
    """Set the content hash (at ``where``, a path of keys) over the document without it."""
    target = _target(document, where)
    target.pop(HASH_FIELD, None)
    target[HASH_FIELD] = digest(document)
    return document


def _members(obj: dict[str, Any], keep: Callable[[str], bool]) -> str:
    """The canonical text of some of an object's members, without the braces."""
    return encode({key: value for key, value in obj.items() if keep(key)})[1:-1]


def _spliced(obj: dict[str, Any], where: tuple[str, ...]) -> Callable[[str | None], str]:
    """The object's canonical text as a function of its hash (None: without the hash field).

    The members sorting before and after the key on the way to the hash (``where``,
    then the hash field itself) are encoded once; only the hash varies.
    """
    key = where[0] if where else HASH_FIELD
    before = _members(obj, lambda k: k < key)
    after = _members(obj, lambda k: k > key)
    inner = _spliced(obj[key], where[1:]) if where else None
    name = encode(key) + ":"

    def text(content_hash: str | None) -> str:
        if inner is not None:
            middle = name + inner(content_hash)
        else:
            middle = "" if content_hash is None else name + encode(content_hash)
        return "{" + ",".join(part for part in (before, middle, after) if part) + "}"
    return text


def publish(document: dict[str, Any], where: tuple[str, ...] = ()) -> str:
    """Seal the document (as ``seal`` does) and return its published text (as ``dump`` would)."""
    target = _target(document, where)
    target.pop(HASH_FIELD, None)
    text = _spliced(document, where)
    target[HASH_FIELD] = _hash_of(text(None))
    return text(target[HASH_FIELD]) + "\n"


def verify(document: dict[str, Any], where: tuple[str, ...] = ()) -> bool:
    """True when the document's content hash matches its content (what consumers do)."""
    copy = json.loads(json.dumps(document))
    target = _target(copy, where)
    claimed = target.pop(HASH_FIELD, None)
    return claimed == digest(copy)
