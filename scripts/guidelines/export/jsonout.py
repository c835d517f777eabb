"""One way to write JSON and one way to hash it, for every published document.

Tools that consume the export compare files byte for byte and check content
hashes, so both must depend only on the data: keys sorted, no whitespace, UTF-8
text kept as is, a trailing newline, and no clock anywhere.

A published file is the canonical form that is hashed, with the hash added, so
``publish`` encodes each document once (with CPython's C encoder, which serves only
unindented output) and splices the hash into the text it has already hashed.

The export repeats values across documents (every per-item document embeds the same
vocabularies; guidelines.json holds every item body again), so ``Members`` keeps an
object's canonical text in runs of members, each with its UTF-8 bytes, made once and
merged, hashed and joined wherever they appear; ``publish_members`` publishes an object
given so, as ``publish`` would.
"""

from __future__ import annotations

import hashlib
import json
from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from itertools import pairwise
from json.encoder import c_make_encoder, encode_basestring
from typing import Any, NamedTuple

HASH_FIELD = "content_hash"
HASH_PREFIX = "sha256:"

# Canonical JSON: sorted keys, no whitespace, non-ASCII kept (encoded as UTF-8 when hashed).
_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))
# The C encoder that _ENCODER.encode makes anew for every value, made once: the export
# encodes thousands of small values, and making it was half the cost of each. Same
# arguments as JSONEncoder passes, but no check for cycles (RecursionError instead).
_C_ENCODER = c_make_encoder and c_make_encoder(None, _ENCODER.default, encode_basestring, None,
                                               ":", ",", True, False, True)


def encode(value: Any) -> str:
    """The canonical text of a value: sorted keys, no whitespace, non-ASCII kept."""
    if _C_ENCODER is None:
        return _ENCODER.encode(value)
    return "".join(_C_ENCODER(value, 0))


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


# A run: consecutive members of an object as canonical text, e.g. '"a":1,"b":[2]', with its
# first and last keys ("a", "b"), so runs sort, and merge, by key, and its UTF-8 bytes (what is
# hashed; made once, so a shared run is not encoded again for every document it is in).
# A run of Members.arrays is a list of pieces to join with commas instead, and no bytes: the
# whole export holds megabytes of item bodies, joined once, into the published text.
Run = tuple[str, str, str | list[str], bytes | None]


def _run(first: str, last: str, text: str) -> Run:
    return (first, last, text, text.encode("utf-8"))


class Members:
    """Members of a JSON object as canonical text, kept in runs that merge without re-encoding.

    With sorted keys, an object's text is "{", its members' texts in key order joined by
    commas, "}". So objects whose keys do not interleave merge by sorting their runs, and
    a value encoded once (shared, or already part of another document) is joined as is.
    """

    __slots__ = ("runs",)

    def __init__(self, runs: list[Run]) -> None:
        runs.sort()
        for one, two in pairwise(runs):
            if one[1] >= two[0]:
                raise ValueError(f"members interleave at {one[1]!r} and {two[0]!r}")
        self.runs = runs

    @classmethod
    def of(cls, obj: Mapping[str, Any], cuts: tuple[str, ...] = (),
           encoded: Mapping[str, str] | None = None) -> Members:
        """The object's members, in as few runs as still merge with members named in ``cuts``.

        ``encoded``: canonical texts of members made already, taken as they are (in place of
        the object's values). The object is encoded in one pass, a marker standing in for each
        member named in ``cuts`` or ``encoded``, and the text is cut at the markers.
        """
        given = encoded or {}
        shape = _shape(tuple(obj), cuts, tuple(given))
        parts = encode({**obj, **shape.marked}).split(_MARK_TEXT)
        if len(parts) != len(shape.marked) + 1:
            raise ValueError("a value of the object is jsonout's marker")
        runs = [_run(keys[0], keys[-1], parts[at][1:-tail]) for at, keys, tail in shape.runs]
        runs += [_run(key, key, f"{_key(key)}:{text}") for key, text in given.items()]
        return cls(runs)

    @classmethod
    def texts(cls, values: Mapping[str, str]) -> Members:
        """Members whose values are already canonical text (from ``encode`` or ``Members.text``)."""
        return cls([_run(key, key, f"{_key(key)}:{text}") for key, text in values.items()])

    @classmethod
    def arrays(cls, values: Mapping[str, list[str]]) -> Members:
        """Members whose values are lists of elements already canonical text (``Members.text``)."""
        return cls([(key, key, _array_pieces(f"{_key(key)}:[", texts), None) for key, texts in values.items()])

    @classmethod
    def union(cls, parts: Iterable[Members]) -> Members:
        """The members of several objects, whose keys must not interleave."""
        return cls([run for part in parts for run in part.runs])

    def text(self) -> str:
        """The canonical text of the object these members make."""
        return _joined("{", _texts(self.runs), "}")


def _array_pieces(start: str, elements: list[str]) -> list[str]:
    """The member text ``start`` + elements, comma-separated, + "]", in pieces to join with commas."""
    if not elements:
        return [start + "]"]
    pieces = list(elements)
    pieces[0] = start + pieces[0]
    pieces[-1] += "]"
    return pieces


def _texts(runs: list[Run]) -> list[str]:
    """The runs' texts, to join with commas: one per run, or its pieces (Members.arrays)."""
    texts: list[str] = []
    for run in runs:
        if run[3] is None:
            texts += run[2]
        else:
            texts.append(run[2])
    return texts


def _hash(runs: list[Run]) -> str:
    """The content hash of the object the runs make, from their bytes (pieces: one by one)."""
    hashed = hashlib.sha256(b"{")
    datas = [run[3] for run in runs]
    if None not in datas:
        hashed.update(b",".join(datas))
    else:  # not joined first: the pieces are megabytes
        for number, text in enumerate(_texts(runs)):
            if number:
                hashed.update(b",")
            hashed.update(text.encode("utf-8"))
    hashed.update(b"}")
    return HASH_PREFIX + hashed.hexdigest()


@lru_cache(maxsize=1024)
def _key(key: str) -> str:
    """A member's key as canonical text (documents repeat the same few keys)."""
    return encode(key)


# Stands in for the members named in Members.of's cuts while the object is encoded.
_MARK = "\x00jsonout:cut\x00"
_MARK_TEXT = encode(_MARK)


class _Shape(NamedTuple):
    """Where Members.of cuts the text of objects with given keys (documents of a kind share one)."""

    marked: dict[str, str]  # the members that stand in for cuts: key -> _MARK
    runs: list[tuple[int, tuple[str, ...], int]]  # (part, the keys of its run, characters after it)


@lru_cache(maxsize=256)
def _shape(keys: tuple[str, ...], cuts: tuple[str, ...], encoded: tuple[str, ...]) -> _Shape:
    own = set(keys) - set(encoded)
    # As few marks as will do (each is one more member to encode): the encoded members, and
    # one cut between two runs of the object's keys where no encoded member separates them.
    marks: list[str] = []
    groups: list[tuple[int, tuple[str, ...]]] = []  # (part, keys)
    group: list[str] = []
    pending = ""  # the first cut after the current group
    for key in sorted({*own, *cuts, *encoded}):
        if key in own:
            if pending:
                groups.append((len(marks), tuple(group)))
                marks.append(pending)
                group, pending = [], ""
            group.append(key)
        elif key in encoded:
            if group:
                groups.append((len(marks), tuple(group)))
                group, pending = [], ""
            marks.append(key)
        elif group and not pending:
            pending = key
    if group:
        groups.append((len(marks), tuple(group)))
    # Part n of the marked text is "{" or "," then the run of keys before mark n, then
    # ',"<mark n>":' (or "}" after the last mark).
    tails = [len(_key(mark)) + 2 for mark in marks] + [1]
    return _Shape(dict.fromkeys(marks, _MARK), [(at, group, tails[at]) for at, group in groups])


def member(key: str, value: Any) -> str:
    """The canonical text of one member of an object, '"key":value', e.g. to be cached."""
    return f"{encode(key)}:{encode(value)}"


class Shared:
    """The canonical texts of values that several documents hold, by identity: each is encoded once.

    Holds on to the values, so that their ids are not reused while it lives.
    """

    __slots__ = ("_texts",)

    def __init__(self) -> None:
        self._texts: dict[int, tuple[Any, str]] = {}

    def text(self, value: Any) -> str:
        found = self._texts.get(id(value))
        if found is None:
            found = self._texts[id(value)] = (value, encode(value))
        return found[1]


def object_text(members: Mapping[str, str]) -> str:
    """The canonical text of an object from its members' texts (``member``), by key."""
    return _joined("{", [members[key] for key in sorted(members)], "}")


def array(texts: list[str]) -> str:
    """The canonical text of a list, from its elements' canonical texts."""
    return _joined("[", texts, "]")


def _joined(start: str, texts: list[str], end: str) -> str:
    """``start + ",".join(texts) + end``, copying the texts once (some documents are megabytes)."""
    if not texts:
        return start + end
    parts = [","] * (2 * len(texts) + 1)
    parts[1::2] = texts
    parts[0], parts[-1] = start, end
    return "".join(parts)


_HASH_KEY = encode(HASH_FIELD) + ":"


def publish_members(*parts: Members) -> tuple[str, str]:
    """The published text of an object given as its members (of several parts) but the hash, and
    its content hash.

    As ``publish`` does, the hash is of the text without it; the members must be cut at HASH_FIELD.
    """
    runs = (parts[0] if len(parts) == 1 else Members.union(parts)).runs
    at = bisect_left(runs, (HASH_FIELD,))
    if (at and runs[at - 1][1] >= HASH_FIELD) or (at < len(runs) and runs[at][0] == HASH_FIELD):
        raise ValueError(f"the members are not cut at {HASH_FIELD!r}")
    content_hash = _hash(runs)
    sealed = f'{_HASH_KEY}"{content_hash}"'  # a hex digest needs no escaping
    return _joined("{", [*_texts(runs[:at]), sealed, *_texts(runs[at:])], "}\n"), content_hash


def verify(document: dict[str, Any], where: tuple[str, ...] = ()) -> bool:
    """True when the document's content hash matches its content (what consumers do)."""
    copy = json.loads(json.dumps(document))
    target = _target(copy, where)
    claimed = target.pop(HASH_FIELD, None)
    return claimed == digest(copy)
