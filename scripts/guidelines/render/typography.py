"""Each language's typography, applied to its texts as they are read.

French puts a no-break space before ``: ; ? !`` and inside ``« »``, so that a line never
breaks between a word and its colon or between a quote and its guillemet. Translators type
an ordinary space (the shared style of the translations, held by tests/test_i18n.py and the
translators' checks); the site shows the no-break space: a narrow one before ``; ? !``, a
full one before ``:`` and inside guillemets, as French typography sets them.
"""

from __future__ import annotations

import re

NO_BREAK, NARROW_NO_BREAK = "\u00a0", "\u202f"
# A space after a word, a closing bracket or a quote (not after "|" or a line start: a Markdown
# table's ":---" or a definition list's ": " keep their space).
_BEFORE = re.compile(r"(?<=[\w)\]}*_`’'»…]) +([:;?!»])")
_OPENING = re.compile(r"« +")


def _space(match: re.Match[str]) -> str:
    mark = match.group(1)
    return (NARROW_NO_BREAK if mark in ";?!" else NO_BREAK) + mark


def typeset(language: str, text: str) -> str:
    """The text with its language's typography (unchanged for a language without rules)."""
    if language != "fr" or not text:
        return text
    return _OPENING.sub("«" + NO_BREAK, _BEFORE.sub(_space, text))


# Code in a hand-written page: fenced blocks and inline spans keep their spaces.
_CODE = re.compile(r"^(```|~~~).*?^\1[ \t]*$|`+[^`\n]*`+", re.MULTILINE | re.DOTALL)


def typeset_markdown(language: str, markdown: str) -> str:
    """A hand-written page's Markdown with its language's typography, its code left as it is."""
    if language != "fr":
        return markdown
    parts, last = [], 0
    for match in _CODE.finditer(markdown):
        parts += [typeset(language, markdown[last:match.start()]), match.group(0)]
        last = match.end()
    return "".join(parts) + typeset(language, markdown[last:])
