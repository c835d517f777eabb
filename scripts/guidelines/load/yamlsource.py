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

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from guidelines.problems import Location, Problems

try:  # The C parser is the fast path; the pure-Python one gives the same events.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_DEPTH = 40
MAX_BYTES = 2_000_000

FieldPath = tuple[str | int, ...]

_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
# Plain scalar text -> its value (str, int, float, bool or None: immutable, so shared).
_PLAIN: dict[str, Any] = {}
_PLAIN_LIMIT = 50_000


def dotted(path: FieldPath) -> str:
    """Render a field path the way authors read it: ``options[2].next``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


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


def _build(text: str, source: SourceFile, *, locate: bool) -> Any:
    """Assemble data from parser events; with ``locate``, record where each key and value is."""
    # Each stack frame: [container, path, pending_key, pending_key_mark, seen_keys]
    stack: list[list[Any]] = []
    root: Any = None
    documents = 0
    have_root = False

    def attach(value: Any, mark: Any) -> FieldPath | None:
        nonlocal root, have_root
        pos = (mark.line + 1, mark.column + 1) if locate else None
        if not stack:
            root, have_root = value, True
            if locate:
                source.values[()] = pos  # type: ignore[assignment]
            return ()
        frame = stack[-1]
        container, path = frame[0], frame[1]
        if isinstance(container, list):
            child = path + (len(container),)
            container.append(value)
            if locate:
                source.values[child] = pos  # type: ignore[assignment]
            return child
        if frame[2] is None:  # this value is a key
            if isinstance(value, (dict, list)):
                raise _ReadError(mark, "a key must be a plain name, not a mapping or a list")
            if not isinstance(value, str):
                raise _ReadError(mark, f"key {_describe(value)} is not text",
                                 f"quote it: \"{value}\"" if value is not None else "give the key a name")
            if value in frame[4]:
                first = frame[4][value]
                raise _ReadError(mark, f"duplicate key '{value}' (first defined on line {first})",
                                 "remove one of them or merge their contents", dotted(path + (value,)))
            frame[4][value] = mark.line + 1
            frame[2], frame[3] = value, pos
            return None
        key = frame[2]
        child = path + (key,)
        container[key] = value
        if locate:
            source.keys[child] = frame[3]
            source.values[child] = pos  # type: ignore[assignment]
        frame[2] = None
        return child

    for event in yaml.parse(text, Loader=_Loader):
        # The same checks as ever, the most frequent events tested first.
        if isinstance(event, yaml.ScalarEvent):
            if event.anchor is not None:
                raise _ReadError(event.start_mark, f"YAML anchors ('&{event.anchor}') are not allowed",
                                 "write each value out in full instead of reusing it")
            attach(_scalar(event), event.start_mark)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            stack.pop()
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            if event.anchor is not None:
                raise _ReadError(event.start_mark, f"YAML anchors ('&{event.anchor}') are not allowed",
                                 "write each value out in full instead of reusing it")
            if event.tag and event.tag != "!":
                raise _ReadError(event.start_mark, "explicit YAML tags are not allowed",
                                 f"remove '{event.tag}'")
            if len(stack) >= MAX_DEPTH:
                raise _ReadError(event.start_mark, f"nesting deeper than {MAX_DEPTH} levels",
                                 "flatten the structure")
            container: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
            path = attach(container, event.start_mark)
            if path is None:  # mapping used as a key: attach() raised already
                raise _ReadError(event.start_mark, "a key must be a plain name")
            stack.append([container, path, None, None, {}])
        elif isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise _ReadError(event.start_mark, "a file holds exactly one YAML document",
                                 "remove the '---' separator and move the rest to its own file")
        elif isinstance(event, yaml.AliasEvent):
            raise _ReadError(event.start_mark, f"YAML aliases ('*{event.anchor}') are not allowed",
                             "write the value out in full")
    if not have_root or root is None:
        raise _ReadError(None, "the file is empty", "add the item's fields, starting with 'id:'")
    return root


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
        line = text.count("\n", 0, tab) + 1
        column = tab - (text.rfind("\n", 0, tab) + 1) + 1
        problems.add(Location(display, line, column), "", "tab character found",
                     "YAML content here uses spaces only: replace the tab with spaces")
        return None
    try:
        source.data, source.text = _build(text, source, locate=False), text
    except _ReadError as error:
        problems.add(Location(display, error.line, error.column), error.field, error.message, error.hint)
        return None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        column = mark.column + 1 if mark else 1
        what = error.problem or "invalid YAML"
        context = f" {error.context}" if error.context else ""
        problems.add(Location(display, line, column), "", f"YAML syntax error: {what}{context}",
                     _syntax_hint(what))
        return None
    except yaml.reader.ReaderError as error:  # characters YAML does not allow (control characters)
        offset = max(error.position, 0)
        if _Loader.__name__.startswith("C"):  # libyaml counts UTF-8 bytes, not characters
            offset = len(text.encode("utf-8")[:offset].decode("utf-8", "ignore"))
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        problems.add(Location(display, line, column), "",
                     f"character U+{error.character:04X} is not allowed in YAML: {error.reason}",
                     "remove it, or write it out in words")
        return None
    except yaml.YAMLError as error:  # anything else the parser reports, on one line
        problems.add(Location(display), "", "YAML error: " + " ".join(str(error).split()))
        return None
    except RecursionError:
        problems.add(Location(display), "", "the structure is nested too deeply", "flatten it")
        return None
    if not _check_characters(source, problems):
        return None
    return source


# Characters no text field may hold, however written (raw, or as a YAML escape such as
# "\\e"): C0 and C1 controls but tab and line feed, lone carriage returns, DEL, the
# invisible line and paragraph separators, and the bidirectional overrides and isolates,
# which make text display in another order than it is stored. (Tabs in one-line fields
# are refused by the schemas' line pattern.)
_FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_CONTROL_NAMES = {0x00: "NULL", 0x07: "BELL", 0x08: "BACKSPACE", 0x0B: "LINE TABULATION", 0x0C: "FORM FEED",
                  0x0D: "CARRIAGE RETURN", 0x1B: "ESCAPE", 0x7F: "DELETE", 0x85: "NEXT LINE",
                  0x2028: "LINE SEPARATOR", 0x2029: "PARAGRAPH SEPARATOR"}


def _forbidden(value: Any, path: FieldPath, found: list[tuple[FieldPath, bool, str, int]]) -> None:
    """Collect (path, is the key, character, offset) for every forbidden character, keys included."""
    if isinstance(value, str):
        match = _FORBIDDEN.search(value)
        if match:
            found.append((path, False, match.group(0), match.start()))
        return
    children = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, child in children:
        if isinstance(key, str) and (match := _FORBIDDEN.search(key)):
            found.append((path + (key,), True, match.group(0), match.start()))
        _forbidden(child, path + (key,), found)


def _check_characters(source: SourceFile, problems: Problems) -> bool:
    """Report every text holding a forbidden character; True when there is none."""
    found: list[tuple[FieldPath, bool, str, int]] = []
    _forbidden(source.data, (), found)
    for path, is_key, character, offset in found:
        code = ord(character)
        if 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069:
            what, why = f"a bidirectional control character (U+{code:04X})", \
                "it makes text show in another order than it is written"
        else:
            what, why = f"an invisible control character (U+{code:04X} {_CONTROL_NAMES.get(code, 'CONTROL')})", \
                "text holds visible characters, spaces and line breaks only"
        where = "the key" if is_key else "the text"
        problems.add(source.where(path, key=is_key), dotted(path), f"{where} holds {what} at character {offset + 1}",
                     f"remove it: {why}")
    return not found


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
