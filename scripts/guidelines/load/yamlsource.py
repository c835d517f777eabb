"""Strict YAML reading, with a location for every value when one is needed.

PyYAML's loaders accept things that are mistakes in hand-edited content (duplicate
keys silently overwrite, ``yes`` becomes ``True``, anchors hide bombs) and forget
line numbers. This module builds plain Python data from the *event* stream of the
fast C parser, so it rejects the risky YAML features and can give a line and column
for every key and value.

Locations are only read to report a problem, and almost every file has none, so a
file is read without recording them; the first question (``SourceFile.where``)
reads the kept text again, recording them. One loop does both (``_build``, with a
flag): recording locations for every value up front tripled the cost of reading.
"""

from __future__ import annotations

import itertools
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from guidelines.load.characters import check_characters
from guidelines.problems import FieldPath, Location, Problems, dotted

try:  # The C parser is the fast path; the pure-Python one gives the same events.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_DEPTH = 40
MAX_BYTES = 2_000_000


_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
# Plain scalar text -> its value (str, int, float, bool or None: immutable, so shared).
_PLAIN: dict[str, Any] = {}
_PLAIN_LIMIT = 50_000


@dataclass
class SourceFile:
    """A parsed YAML file: its data and where each value came from."""

    path: Path
    display: str
    data: Any = None
    values: dict[FieldPath, tuple[int, int]] = field(default_factory=dict)
    keys: dict[FieldPath, tuple[int, int]] = field(default_factory=dict)
    # The text the data was read from, until its locations are worked out.
    text: str | None = field(default=None, repr=False)

    def where(self, path: FieldPath = (), *, key: bool = False) -> Location:
        """The location of a value (or of its key), else of its nearest parent."""
        if self.text is not None:  # the first question: record every location now
            text, self.text = self.text, None
            _build(text, self, locate=True)
        table = self.keys if key else self.values
        probe = tuple(path)
        while True:
            if probe in table:
                line, column = table[probe]
                return Location(self.display, line, column)
            if probe in self.values:
                line, column = self.values[probe]
                return Location(self.display, line, column)
            if not probe:
                return Location(self.display, 1, 1)
            probe = probe[:-1]


def _scalar(event: yaml.ScalarEvent) -> Any:
    """Turn a scalar into str, int, float, bool or None; dates stay strings."""
    if event.tag and event.tag != "!":
        raise _ReadError(event.start_mark, "explicit YAML tags are not allowed",
                         f"remove '{event.tag}' and write the value plainly")
    text = event.value
    if not event.implicit[0]:  # quoted or block scalar: always a string
        return text
    try:  # a plain scalar's value depends on its text alone: resolve each text once
        return _PLAIN[text]
    except KeyError:
        pass
    tag = _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))
    if tag in ("tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp"):
        value = text
    else:
        value = _CONSTRUCTOR.construct_object(yaml.ScalarNode(tag, text), deep=True)
    if len(_PLAIN) < _PLAIN_LIMIT and len(text) <= 200:
        _PLAIN[text] = value
    return value


_NO_KEY = object()  # no key waiting for its value (None is a value: an empty key)


class _ReadError(Exception):
    def __init__(self, mark: Any, message: str, hint: str = "", field: str = "") -> None:
        super().__init__(message)
        self.field = field
        self.line = (mark.line + 1) if mark else 1
        self.column = (mark.column + 1) if mark else 1
        self.message = message
        self.hint = hint


def _describe(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else "a list"
    return repr(value)


_MAPPING_START, _SEQUENCE_START = yaml.MappingStartEvent, yaml.SequenceStartEvent
_ENDS = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def _build(text: str, source: SourceFile, *, locate: bool) -> Any:
    """Assemble data from parser events; with ``locate``, record where each key and value is.

    Every file is read by this loop, once (without locations) or twice (when a problem
    asks where it is), so it calls the parser directly and tests the most frequent
    events first.
    """
    # Each open container: [container, its path, the key waiting for its value (or _NO_KEY),
    # that key's position, the keys seen so far with their marks]
    stack: list[list[Any]] = []
    root: Any = _NO_KEY
    documents = 0
    values, keys = source.values, source.keys
    loader = _Loader(text)
    get_event = loader.get_event
    try:
        while True:
            event = get_event()
            kind = event.__class__
            if kind is yaml.ScalarEvent:
                if event.anchor is not None:
                    raise _ReadError(event.start_mark, f"YAML anchors ('&{event.anchor}') are not allowed",
                                     "write each value out in full instead of reusing it")
                value: Any = _scalar(event)
                container = None
            elif kind in _ENDS:
                stack.pop()
                continue
            elif kind is _MAPPING_START or kind is _SEQUENCE_START:
                if event.anchor is not None:
                    raise _ReadError(event.start_mark, f"YAML anchors ('&{event.anchor}') are not allowed",
                                     "write each value out in full instead of reusing it")
                if event.tag and event.tag != "!":
                    raise _ReadError(event.start_mark, "explicit YAML tags are not allowed",
                                     f"remove '{event.tag}'")
                if len(stack) >= MAX_DEPTH:
                    raise _ReadError(event.start_mark, f"nesting deeper than {MAX_DEPTH} levels",
                                     "flatten the structure")
                value = container = {} if kind is _MAPPING_START else []
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise _ReadError(event.start_mark, "a file holds exactly one YAML document",
                                     "remove the '---' separator and move the rest to its own file")
                continue
            elif kind is yaml.StreamEndEvent:
                break
            elif kind is yaml.AliasEvent:
                raise _ReadError(event.start_mark, f"YAML aliases ('*{event.anchor}') are not allowed",
                                 "write the value out in full")
            else:
                continue
            mark = event.start_mark
            if not stack:
                root, path = value, ()
            else:
                frame = stack[-1]
                parent = frame[0]
                if parent.__class__ is list:
                    path = frame[1] + (len(parent),)
                    parent.append(value)
                elif frame[2] is _NO_KEY:  # this value is a key
                    _check_key(value, mark, frame)
                    frame[2], frame[3] = value, mark
                    continue
                else:
                    path = frame[1] + (frame[2],)
                    parent[frame[2]] = value
                    if locate:
                        keys[path] = (frame[3].line + 1, frame[3].column + 1)
                    frame[2] = _NO_KEY
            if locate:
                values[path] = (mark.line + 1, mark.column + 1)
            if container is not None:
                stack.append([container, path, _NO_KEY, None, {}])
    finally:
        loader.dispose()
    if root is _NO_KEY or root is None:
        raise _ReadError(None, "the file is empty", "add the item's fields, starting with 'id:'")
    return root


def _check_key(value: Any, mark: Any, frame: list[Any]) -> None:
    """A mapping's key is a plain name, once."""
    if isinstance(value, (dict, list)):
        raise _ReadError(mark, "a key must be a plain name, not a mapping or a list")
    if not isinstance(value, str):
        raise _ReadError(mark, f"key {_describe(value)} is not text",
                         f"quote it: \"{value}\"" if value is not None else "give the key a name")
    seen = frame[4]
    if value in seen:
        raise _ReadError(mark, f"duplicate key '{value}' (first defined on line {seen[value].line + 1})",
                         "remove one of them or merge their contents", dotted(frame[1] + (value,)))
    seen[value] = mark


def read_yaml(path: Path, display: str, problems: Problems) -> SourceFile | None:
    """Read one YAML file; on any mistake record a located problem and return None."""
    if not path.is_file():  # a pipe or device (even behind a symlink) could block or never end
        problems.add(Location(display), "", "this is not a regular file (a folder, pipe, device or broken link)",
                     "content files are plain YAML text files")
        return None
    try:
        with path.open("rb") as handle:
            # Ask for the file's size, not the limit: a read of n bytes allocates n
            # first, and 2 MB per file cost a third of reading a corpus.
            size = os.fstat(handle.fileno()).st_size
            raw = handle.read(min(size, MAX_BYTES) + 1)
            if len(raw) > size:  # it grew since: read on up to the limit
                raw += handle.read(MAX_BYTES + 1 - len(raw))
            size = max(len(raw), size)
    except OSError as error:
        problems.add(Location(display), "", f"cannot read the file: {error.strerror}")
        return None
    return parse_yaml(raw, path, display, problems, size)


_SEPARATORS = {"\x85": "NEXT LINE", "\u2028": "LINE SEPARATOR", "\u2029": "PARAGRAPH SEPARATOR"}
# What YAML counts as a line break; an editor shows only "\n" (and "\r") as one.
_YAML_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def _as_shown(text: str, line: int, column: int) -> tuple[int, int]:
    """YAML's 0-based line and column as an editor shows them (1-based): YAML also breaks lines at U+0085,
    U+2028 and U+2029, which an editor shows inside a line, so its line numbers run ahead after one."""
    if not any(mark in text for mark in "\x85\u2028\u2029"):
        return line + 1, column + 1
    start = 0
    for found in itertools.islice(_YAML_BREAK.finditer(text), line):
        start = found.end()
    return _line_column(text, start + column)


def _line_column(text: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column of a character of ``text``, as an editor shows them."""
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def parse_yaml(raw: bytes, path: Path, display: str, problems: Problems, size: int = 0) -> SourceFile | None:
    """Parse a YAML file's bytes, as ``read_yaml`` does once it has read them (``size``: the file's)."""
    source = SourceFile(path, display)
    size = max(size, len(raw))
    if len(raw) > MAX_BYTES:
        problems.add(Location(display), "", f"the file is {size:,} bytes, over the {MAX_BYTES:,}-byte limit",
                     "split it up or shorten the text")
        return None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        problems.add(Location(display), "", "the file is saved as UTF-16, not UTF-8",
                     "save the file with UTF-8 encoding")
        return None
    if b"\x00" in raw:
        problems.add(Location(display), "", "this is a binary file, not YAML text",
                     "remove it from principles/ or save it as UTF-8 text")
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        problems.add(Location(display, line, column), "",
                     f"the file is not valid UTF-8 (byte 0x{raw[error.start]:02x})",
                     "save the file with UTF-8 encoding")
        return None
    text = text.removeprefix("\ufeff")
    tab = text.find("\t")
    if tab != -1:
        problems.add(Location(display, *_line_column(text, tab)), "", "tab character found",
                     "YAML content here uses spaces only: replace the tab with spaces")
        return None
    try:
        source.data, source.text = _build(text, source, locate=False), text
    except _ReadError as error:
        problems.add(Location(display, error.line, error.column), error.field, error.message, error.hint)
        return None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = _as_shown(text, mark.line, mark.column) if mark else (1, 1)
        what = error.problem or "invalid YAML"
        context = f" {error.context}" if error.context else ""
        for separator in re.finditer("[\x85\u2028\u2029]", text):  # (the likely cause: say so first)
            problems.add(Location(display, *_line_column(text, separator.start())), "",
                         f"an invisible U+{ord(separator.group()):04X} {_SEPARATORS[separator.group()]}, which "
                         "YAML reads as a line break", "remove it: press Enter for a new line")
        problems.add(Location(display, line, column), "", f"YAML syntax error: {what}{context}",
                     _syntax_hint(what))
        return None
    except yaml.reader.ReaderError as error:  # characters YAML does not allow (control characters)
        offset = max(error.position, 0)
        if _Loader.__name__.startswith("C"):  # libyaml counts UTF-8 bytes, not characters
            offset = len(text.encode("utf-8")[:offset].decode("utf-8", "ignore"))
        problems.add(Location(display, *_line_column(text, offset)), "",
                     f"character U+{error.character:04X} is not allowed in YAML: {error.reason}",
                     "remove it, or write it out in words")
        return None
    except yaml.YAMLError as error:  # anything else the parser reports, on one line
        problems.add(Location(display), "", "YAML error: " + " ".join(str(error).split()))
        return None
    except RecursionError:
        problems.add(Location(display), "", "the structure is nested too deeply", "flatten it")
        return None
    if not check_characters(source, problems):
        return None
    return source


def _syntax_hint(problem: str) -> str:
    if "mapping values are not allowed" in problem:
        return "a text value containing ': ' must be quoted, or check the indentation"
    if "found character '\\t'" in problem:
        return "replace tabs with spaces"
    if "could not find expected ':'" in problem:
        return "each line in a mapping needs 'key: value'; check indentation and quotes"
    if "found undefined alias" in problem or "unknown" in problem:
        return "write the value out in full"
    return "check indentation, quotes and the ':' after each key"
