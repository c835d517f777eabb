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

_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "{": "&#123;", "}": "&#125;"})
_ABBR_DEFINITION = re.compile(r"^(\s*)\*\[", re.MULTILINE)
_ATTR_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;",
                               "{": "&#123;", "}": "&#125;"})


def safe_text(value: Any) -> Markup:
    """Text for a Markdown context: formatting survives, markup does not."""
    if isinstance(value, Markup):
        return value
    text = str(value).translate(_ESCAPES)
    return Markup(_ABBR_DEFINITION.sub(r"\1\\*[", text) if "*[" in text else text)


def safe_attr(value: Any) -> Markup:
    """Text for an HTML attribute value (always written in double quotes)."""
    return Markup(str(value).translate(_ATTR_ESCAPES))


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
