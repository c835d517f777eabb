"""Glossary tooltips for Markdown pages: Python-Markdown's ``abbr``, fed only by the glossary.

Every page gets the glossary's terms as abbreviations (``<abbr title="...">``, which
Material shows as tooltips). Two things differ from upstream ``abbr``:

- The terms come from the extension's ``glossary`` setting, which the MkDocs hook
  fills from the validated glossary, never from ``*[term]: ...`` lines in a page:
  no abbreviation definition in any text (a glossary term's own, a worked
  example's) is read, so none can change a page. Nothing from content is written
  into a Markdown file for this.
- A term is never matched inside a character reference (``&lt;``) or one of
  Python-Markdown's placeholders for stashed HTML, which a term such as ``lt``
  would break (``abbreviation_pattern``, shared with ``htmltext``).

It also walks the tree in linear time: upstream finds each element's position with
``list(parent).index(el)``, quadratic in the number of siblings (13.5 of 23.6 s of
Markdown conversion at 1,000 worked examples, when the complete page held them all).

``use_linear_abbr(config)`` swaps it in for ``abbr`` in an MkDocs config (the hook
calls it from ``on_config``).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Iterable
from typing import Any

from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

NAME = "guidelines.render.mdext"
TERM = "term"


def abbreviation_pattern(terms: Iterable[str]) -> re.Pattern[str] | None:
    """A pattern finding whole-word terms (longest first); a match without the ``term`` group is to be skipped.

    Character references (``&amp;``, ``&#39;``) and Python-Markdown's placeholders
    (``\\x02...\\x03``) are matched as a whole first, so no term is found inside one.
    """
    ordered = sorted(set(terms), key=len, reverse=True)
    if not ordered:
        return None
    words = "|".join(re.escape(term) for term in ordered)
    return re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);|\x02[^\x03]*\x03"
                      rf"|\b(?P<{TERM}>{words})\b")


class GlossaryTreeprocessor(Treeprocessor):
    """Wraps each glossary term in the page's text in ``<abbr title="definition">``."""

    def __init__(self, md: Any, glossary: dict[str, str]) -> None:
        super().__init__(md)
        self.glossary = glossary
        self.pattern = abbreviation_pattern(term for term, definition in glossary.items() if definition)

    def run(self, root: etree.Element) -> None:
        if self.pattern is not None:
            self.iter_element(root)

    def _element(self, term: str, tail: str) -> etree.Element:
        abbr = etree.Element("abbr", {"title": self.glossary[term]})
        abbr.text = AtomicString(term)
        abbr.tail = tail
        return abbr

    def _terms(self, text: str) -> list[re.Match[str]]:
        assert self.pattern is not None
        return [m for m in self.pattern.finditer(text) if m.group(TERM)]

    def iter_element(self, el: etree.Element, parent: etree.Element | None = None, index: int = 0) -> None:
        for position in range(len(el) - 1, -1, -1):  # as reversed(el): later inserts never shift earlier ones
            self.iter_element(el[position], el, position)
        if (text := el.text) and not isinstance(text, AtomicString):
            for m in reversed(self._terms(text)):
                el.insert(0, self._element(m.group(TERM), text[m.end():]))
                text = text[:m.start()]
            el.text = text
        if parent is not None and (tail := el.tail) and not isinstance(tail, AtomicString):
            for m in reversed(self._terms(tail)):
                parent.insert(index + 1, self._element(m.group(TERM), tail[m.end():]))  # upstream: list.index
                tail = tail[:m.start()]
            el.tail = tail


class GlossaryExtension(Extension):
    """Configured with ``glossary: {term: definition}``; reads no definitions from the page."""

    def __init__(self, **kwargs: Any) -> None:
        self.config = {"glossary": [{}, "The terms to mark, each with its one-line definition."]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Any) -> None:
        md.registerExtension(self)
        md.treeprocessors.register(GlossaryTreeprocessor(md, dict(self.getConfig("glossary"))), "abbr", 7)


def makeExtension(**kwargs: Any) -> GlossaryExtension:  # Python-Markdown's entry point
    return GlossaryExtension(**kwargs)


def use_linear_abbr(config: Any, glossary: dict[str, str] | None = None) -> None:
    """Replace ``abbr`` (by either of its names) with this module in an MkDocs config; set its glossary."""
    extensions = config["markdown_extensions"]
    mdx_configs = config["mdx_configs"]
    for name in ("abbr", "markdown.extensions.abbr"):
        if name in extensions:
            extensions[extensions.index(name)] = NAME
            if name in mdx_configs:
                mdx_configs[NAME] = mdx_configs.pop(name)
    if glossary is not None and NAME in extensions:
        mdx_configs.setdefault(NAME, {})["glossary"] = dict(glossary)
