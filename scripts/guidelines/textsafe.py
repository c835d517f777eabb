"""Make YAML text safe to place in generated Markdown, HTML and inline JSON.

Content is written by people, not trusted code, and YAML text is shown as text: an
author who writes ``<br>`` or ``{: .x }`` sees those characters on the page. So
``< > &`` and the braces of Markdown's attribute lists are written as character
references, except inside code spans, which Markdown escapes itself (escaping
them here too would show ``&lt;`` to readers). Formatting survives: paragraphs,
emphasis, strong, inline code, lists and links.

This is about showing text as written, not about safety: the HTML every page ends up
with passes the allowlist sanitiser (``sanitize.clean``) whatever this lets through.
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


def safe_text(value: Any) -> Markup:
    """Text for a Markdown context: formatting survives, markup does not."""
    if isinstance(value, Markup):
        return value
    text = str(value)
    if "`" not in text:
        return Markup(_escape(text))
    return Markup("".join(_escape_outside_code(part) if n % 2 == 0 else part
                          for n, part in enumerate(_BLOCK_BREAK.split(text))))


def _escape_outside_code(block: str) -> str:
    """One block's text escaped, but for its code spans, which Markdown escapes itself."""
    out, at = [], 0
    for match in _CODE_SPAN.finditer(block):
        out.append(_escape(block[at:match.start()]))
        out.append(match.group(0))
        at = match.end()
    out.append(_escape(block[at:]))
    return "".join(out)


def safe_attr(value: Any) -> Markup:
    """Text for an HTML attribute value (always written in double quotes)."""
    text = _escape(str(value))
    if '"' in text:
        text = text.replace('"', "&quot;")
    if "'" in text:
        text = text.replace("'", "&#39;")
    return Markup(text)


def one_line(value: Any) -> Markup:
    """Text for a single-line context (a table cell, a heading): no line breaks, no pipes."""
    text = " ".join(str(value).split()).replace("|", "\\|")
    return safe_text(text)


def json_for_html(value: Any) -> Markup:
    """JSON that can sit inside <script type="application/json"> without ending it."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    text = (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))
    return Markup(text)
