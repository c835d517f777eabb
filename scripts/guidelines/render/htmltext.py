"""One line of YAML text as HTML, for fragments: what MkDocs would have made of it.

Fragments (see fragments.py) skip Python-Markdown, yet the text in them (a question,
a title) may use the safe inline subset: emphasis, code, links. This renders it the
same way the page would: escaped by ``textsafe``, converted by Python-Markdown
(inline only), relative ``.md`` links turned into the page-relative URLs MkDocs
writes, and glossary terms wrapped in ``<abbr>`` as the ``abbr`` extension does on
Markdown pages. Plain text (most titles and questions) skips the converter, and
each distinct text is converted once per build.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping

import markdown
from markupsafe import Markup, escape

from guidelines.render.mdext import TERM, abbreviation_pattern
from guidelines.textsafe import collapse, one_line
from guidelines.urls import Urls, page_url

# Characters that may start inline Markdown once textsafe has escaped < > & { }.
_MARKDOWN = re.compile(r"[\\`*_\[\]!]")
_BLOCK_START = re.compile(r"^(#{1,6}\s|>|[-+*]\s|\d+[.)]\s)")
_HREF = re.compile(r'href="([^"]*)"')
_ABSOLUTE = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*:|#|/)")
_TAG_OR_CODE = re.compile(r"(<code>.*?</code>|<[^>]+>)", re.DOTALL)


class InlineHTML:
    """Converts inline text to HTML for one build, with that build's glossary."""

    def __init__(self, abbreviations: Mapping[str, str], urls: Urls) -> None:
        self._urls = urls
        self._md: markdown.Markdown | None = None  # made when a text first needs it: most are plain
        self._converted: dict[str, Markup] = {}  # every title, question and answer comes again and again
        self._abbr = {term: str(escape(collapse(definition)))
                      for term, definition in abbreviations.items()}
        self._abbr_re = abbreviation_pattern(self._abbr)

    def __call__(self, text: object, page: str) -> Markup:
        """``text`` (one line) as HTML placed on ``page`` (a Markdown source path)."""
        key = text if isinstance(text, str) else str(text)
        html = self._converted.get(key)
        if html is None:
            html = self._converted[key] = Markup(self._convert(key))
        if "href=" in html:  # a link's address is written relative to the page
            return Markup(_HREF.sub(lambda m: f'href="{self._resolve(m.group(1), page)}"', html))
        return html

    def _convert(self, text: str) -> str:
        escaped = str(one_line(text)).replace("\\|", "|")
        if _MARKDOWN.search(escaped):
            if _BLOCK_START.match(escaped):  # a line that Markdown would read as a heading or list
                escaped = "\\" + escaped
            if self._md is None:
                self._md = markdown.Markdown(extensions=[])
            self._md.reset()
            converted = self._md.convert(escaped)
            escaped = converted.removeprefix("<p>").removesuffix("</p>")
        return self._abbreviate(escaped)

    def _abbreviate(self, html: str) -> str:
        pattern = self._abbr_re
        if pattern is None:
            return html
        parts = _TAG_OR_CODE.split(html)

        def wrap(m: re.Match[str]) -> str:
            term = m.group(TERM)
            return f'<abbr title="{self._abbr[term]}">{term}</abbr>' if term else m.group(0)

        for index in range(0, len(parts), 2):  # text between tags; code spans are kept whole
            parts[index] = pattern.sub(wrap, parts[index])
        return "".join(parts)


    def _resolve(self, href: str, page: str) -> str:
        """A relative link as MkDocs rewrites it: against the page's source, to a URL relative to the page."""
        if not href or _ABSOLUTE.match(href):
            return href
        path, _, fragment = href.partition("#")
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path)) if path else page
        return self._urls.link(page, page_url(target) + (f"#{fragment}" if fragment else ""))
