"""Make YAML text safe to place in generated Markdown, HTML and inline JSON.

Content is written by people, not trusted code, yet it ends up in pages that
partners open inside locked-down networks. The safe subset kept from Markdown:
paragraphs, emphasis, strong, inline code, lists and links (whose schemes the
validator restricts to http(s), mailto and relative). Everything that could make
markup is neutralised: HTML tags and entities (``< > &``), attribute lists and
other ``{ }`` syntax, snippet includes (``--8<--``) and abbreviation definitions.
"""

from __future__ import annotations

import json
import re
from typing import Any

from markupsafe import Markup

_ABBR_DEFINITION = re.compile(r"^(\s*)\*\[", re.MULTILINE)


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
    text = _escape(str(value))
    return Markup(_ABBR_DEFINITION.sub(r"\1\\*[", text) if "*[" in text else text)


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
