"""Pre-rendered HTML that Markdown never parses: spliced into pages after conversion.

Most of a generated page is layout the generator already knows as HTML: citation
boxes, facts lists, decision paths, link tables. Written into the Markdown, every
byte of it went through Python-Markdown's HTML and inline parsers on every build:
the benchmark measured a worked-example page at 8.7 ms, 4.5 ms without that layout.
So templates wrap such layout in ``{% filter fragment %}``: the HTML goes into a
table, and the Markdown holds only a marker line (``<!--gl:<hash>-->``), which
Python-Markdown passes through untouched. The MkDocs hook puts the HTML back
(``splice``) in ``on_page_content``, before search indexing and the theme see the page.

Markers are content hashes, so a page's Markdown changes whenever one of its
fragments does: ``mkdocs serve --dirty`` rebuilds exactly the pages that changed.
Headings, prose from the YAML and anything that should get glossary tooltips stay
Markdown.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from typing import Any

from markupsafe import Markup

from guidelines.render.sanitize import clean

MARKER = re.compile(r"<!--gl:([0-9a-f]{20})-->")


class MissingFragment(LookupError):
    """A page holds a marker for a fragment the current generation did not produce."""


class Fragments(dict[str, str]):
    """The fragments of one generation, by hash."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # HTML already added -> its key: pages repeat some fragments (a walk's decision
        # path is the same HTML on every example page that gives those answers), and a
        # lookup costs less than encoding and hashing the HTML again.
        self._keys: dict[str, str] = {}

    def add(self, html: str) -> Markup:
        """Keep ``html``, cleaned by the sanitiser; return the marker block that stands for it in the Markdown."""
        key = self._keys.get(html)
        if key is None or key not in self:  # new, or dropped since (an incremental generation)
            text = clean(str(html).strip("\n"))
            key = self._keys[html] = hashlib.blake2b(text.encode("utf-8"), digest_size=10).hexdigest()
            self[key] = text
        return Markup(f"\n<!--gl:{key}-->\n")


def splice(html: str, table: Mapping[str, str], page: str = "") -> str:
    """Replace every marker in converted HTML with its fragment."""
    if "<!--gl:" not in html:
        return html

    def put(match: re.Match[str]) -> str:
        try:
            return table[match.group(1)]
        except KeyError:
            raise MissingFragment(f"{page or 'a page'} refers to generated HTML that this build did not "
                                  f"produce (marker {match.group(1)}): regenerate with 'guidelines generate' "
                                  "and build again") from None
    return MARKER.sub(put, html)


def unmarked(markdown: str, table: Mapping[str, str]) -> str:
    """The Markdown with each marker replaced by its HTML: the page as a person would write it.

    The benchmark sizes its plain-Markdown twin pages by this text, so moving layout
    out of Markdown does not shrink the baseline it is compared with.
    """
    return MARKER.sub(lambda m: table.get(m.group(1), m.group(0)), markdown)
