"""Make YAML text safe to place in generated Markdown, HTML and inline JSON.

Content is written by people, not trusted code, and YAML text is shown as text: an
author who writes ``<br>`` or ``{: .x }`` sees those characters on the page. So
``safe_text`` writes ``< > & { }`` as character references, and a code span as the
HTML element Markdown would make of it, its content escaped: the result is the same
wherever it lands, in Markdown or straight in HTML. It also keeps texts to the
subset the site documents (paragraphs, emphasis, strong, code, lists, links): the
Markdown syntax for headings, horizontal rules, admonitions and reference definitions
is written out as characters, so a field's text can neither restructure the page it
is placed on nor define links for the other fields on it.

This is about showing text as written, not about safety: the HTML every page ends up
with passes the allowlist sanitiser (``render.sanitize.clean``) whatever this lets
through.
"""

from __future__ import annotations

import json
import re
from typing import Any

from markupsafe import Markup

# Python-Markdown's code span (markdown.inlinepatterns.BACKTICK_RE): backslash pairs
# before backticks, or a run of backticks, the code, and the same run again.
_CODE_SPAN = re.compile(r"(?<!\\)((?:\\{2})+)(?=`+)|(?<!\\)(`+)(.+?)(?<!`)\2(?!`)", re.DOTALL)
# Where Markdown starts a new block (a blank line, a list item, a heading): a code
# span never runs across one.
_BLOCK_BREAK = re.compile(r"(\n[ \t]*\n|\n(?=[ \t]*(?:[-+*]|\d+[.)])[ \t]|[ \t]*#))")
# Block syntax outside the subset, at the start of a line: a heading, an admonition, a
# setext underline or a horizontal rule. Its first character is written as a reference.
_BLOCK_SYNTAX = re.compile(r"^([ \t]*)(?:(#)|(!)!!|(\?)\?\?|(=)=*[ \t]*$|([-*_])(?:[ \t]*\6){2,}[ \t]*$)",
                           re.MULTILINE)
_BLOCK_STARTS = frozenset("#!?=-*_")  # the first characters of that syntax ("" is not among them)
# A reference definition's opening bracket ('[label]: address'), wherever it stands.
_DEFINITION = re.compile(r"\[(?=[^\[\]\n]*\]:)")
_CODE_MARK = "\x00"  # stands for a code span while the text around it is escaped (content never holds it)
# Inside a code span made HTML, markup and what Markdown would still read as syntax
# (emphasis, links, another code span, escapes) are written as references.
_CODE_CHARACTERS = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;",
                                  **{c: f"&#{ord(c)};" for c in "{}`*_[]()!#\\~"}})


def _escape(text: str) -> str:
    """``& < > { }`` as character references.

    One ``str.replace`` per character present, ``&`` first: several times faster than
    ``str.translate``, which falls back to mapping character by character as soon as a
    character becomes several, on every page's text (a tenth of rendering at 1,000
    worked examples).
    """
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "{" in text:
        text = text.replace("{", "&#123;")
    if "}" in text:
        text = text.replace("}", "&#125;")
    return text


def _block_syntax(match: re.Match[str]) -> str:
    character = next(group for group in match.groups()[1:] if group)
    return f"{match.group(1)}&#{ord(character)};{match.group(0)[len(match.group(1)) + 1:]}"


def safe_text(value: Any) -> Markup:
    """Text for Markdown or HTML: formatting survives, markup does not."""
    if isinstance(value, Markup):
        return value
    text = str(value)
    codes: list[str] = []
    if "`" in text:
        text = "".join(_mark_code(part, codes) if n % 2 == 0 else part
                       for n, part in enumerate(_BLOCK_BREAK.split(text)))
    text = _escape(text)
    if "]:" in text:
        text = _DEFINITION.sub("&#91;", text)
    if (text.lstrip(" \t")[:1] in _BLOCK_STARTS or "\n" in text) and _BLOCK_SYNTAX.search(text):
        text = _BLOCK_SYNTAX.sub(_block_syntax, text)
    if codes:
        parts = text.split(_CODE_MARK)
        parts[1::2] = [codes[int(number)] for number in parts[1::2]]
        text = "".join(parts)
    return Markup(text)


def _mark_code(block: str, codes: list[str]) -> str:
    """A block's code spans replaced by numbered marks; their HTML (as Markdown makes it) kept in ``codes``."""
    def keep(match: re.Match[str]) -> str:
        if match.group(3) is None:  # backslashes before backticks: Markdown's, kept as they are
            return match.group(0)
        codes.append(f"<code>{match.group(3).strip().translate(_CODE_CHARACTERS)}</code>")
        return f"{_CODE_MARK}{len(codes) - 1}{_CODE_MARK}"
    return _CODE_SPAN.sub(keep, block)


def safe_attr(value: Any) -> Markup:
    """Text for an HTML attribute value (always written in double quotes)."""
    text = _escape(str(value))
    if '"' in text:
        text = text.replace('"', "&quot;")
    if "'" in text:
        text = text.replace("'", "&#39;")
    return Markup(text)


# Runs of white space a line may break at (no-break spaces are not: French sets one before ":").
_BREAKING_SPACE = re.compile(r"[ \t\n\r\f\v\x1c-\x1f\x85\u2028\u2029]+")


def collapse(text: str) -> str:
    """The text on one line: each run of breaking white space one space, no-break spaces kept."""
    return _BREAKING_SPACE.sub(" ", text).strip(" ")


def one_line(value: Any) -> Markup:
    """Text for a single-line context (a table cell, a heading): no line breaks, no pipes."""
    text = collapse(str(value)).replace("|", "\\|")
    return safe_text(text)


def json_for_html(value: Any) -> Markup:
    """JSON that can sit inside <script type="application/json"> without ending it."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    text = (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))
    return Markup(text)
