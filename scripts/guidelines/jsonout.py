"""One way to write JSON and one way to hash it, for every published document.

Tools that consume the export compare files byte for byte and check content
hashes, so both must depend only on the data: keys sorted, fixed indentation,
UTF-8 text kept as is, a trailing newline, and no clock anywhere.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

HASH_FIELD = "content_hash"
HASH_PREFIX = "sha256:"


def dump(document: Any) -> str:
    """The published text of a document: sorted keys, two-space indent, final newline."""
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def canonical(document: Any) -> bytes:
    """The bytes that are hashed: sorted keys, no whitespace, UTF-8."""
    return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def digest(document: Any) -> str:
    return HASH_PREFIX + hashlib.sha256(canonical(document)).hexdigest()


def seal(document: dict[str, Any], where: tuple[str, ...] = ()) -> dict[str, Any]:
    """Set the content hash (at ``where``, a path of keys) over the document without it."""
    target = document
    for key in where:
        target = target[key]
    target.pop(HASH_FIELD, None)
    target[HASH_FIELD] = digest(document)
    return document


def verify(document: dict[str, Any], where: tuple[str, ...] = ()) -> bool:
    """True when the document's content hash matches its content (what consumers do)."""
    copy = json.loads(json.dumps(document))
    target = copy
    for key in where:
        target = target[key]
    claimed = target.pop(HASH_FIELD, None)
    return claimed == digest(copy)
