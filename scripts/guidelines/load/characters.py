"""Text is text: the characters no value of a content file may hold, however they are written.

YAML lets an author write any character as an escape ("\\e", "\\u202E") where its
reader would refuse the raw one, and some it lets through raw. Such characters
reach pages, tooltips and JSON, where they hide text, reorder it or break lines
that look whole; so every key and value read from a file is checked here, with the
place of the first one named.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from guidelines.problems import FieldPath, Problems, dotted

if TYPE_CHECKING:
    from guidelines.load.yamlsource import SourceFile

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


def check_characters(source: SourceFile, problems: Problems) -> bool:
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
