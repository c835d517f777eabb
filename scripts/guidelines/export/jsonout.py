"""One way to write JSON and one way to hash it, for every published document.

Tools that consume the export compare files byte for byte and check content
hashes, so both must depend only on the data: keys sorted, no whitespace, UTF-8
text kept as is, a trailing newline, and no clock anywhere. A document's hash is
the SHA-256 of its canonical text without the hash field; ``publish`` adds it.
"""

from __future__ import annotations

import hashlib
import json
import uuid
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


def digest(document: Any) -> str:
    return HASH_PREFIX + hashlib.sha256(canonical(document)).hexdigest()


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


def publish(document: dict[str, Any], where: tuple[str, ...] = ()) -> str:
    """Seal the document (as ``seal`` does) and return its published text (``dump``).

    Encoded once, not twice: with a unique mark in the hash field, the text without
    the field is the text less that member and one comma beside it; the mark is then
    replaced by the hash of that text.
    """
    target = _target(document, where)
    mark = f"{HASH_PREFIX}{uuid.uuid4().hex}"
    target[HASH_FIELD] = mark
    text = encode(document)
    member = f'"{HASH_FIELD}":"{mark}"'
    if text.count(mark) != 1:  # the mark is in the content too (it cannot be, being new): encode twice
        return dump(seal(document, where))
    without = text.replace("," + member, "", 1) if "," + member in text else text.replace(member + ",", "", 1)
    without = without if without != text else text.replace(member, "", 1)
    target[HASH_FIELD] = HASH_PREFIX + hashlib.sha256(without.encode("utf-8")).hexdigest()
    return text.replace(mark, target[HASH_FIELD], 1) + "\n"


def verify(document: dict[str, Any], where: tuple[str, ...] = ()) -> bool:
    """True when the document's content hash matches its content (what consumers do)."""
    copy = json.loads(json.dumps(document))
    target = _target(copy, where)
    claimed = target.pop(HASH_FIELD, None)
    return claimed == digest(copy)
