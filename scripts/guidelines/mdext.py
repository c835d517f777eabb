"""Python-Markdown's ``abbr`` extension, in linear time.

Every page appends the glossary as abbreviations (pymdownx.snippets' auto_append), so
the ``abbr`` tree processor runs over every element of every page. Upstream finds each
element's position with ``list(parent).index(el)``: quadratic in the number of
siblings. A page with thousands of top-level blocks (complete.md holds every item)
spent 13.5 of its 23.6 s of Markdown conversion there at 1,000 worked examples (the
benchmark's profile). This subclass passes each child's index down instead; the
output is the same, element for element.

``use_linear_abbr(config)`` swaps it in for ``abbr`` in an MkDocs config (the hook
calls it from ``on_config``).
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import Any

from markdown.extensions.abbr import AbbrBlockprocessor, AbbrExtension, AbbrTreeprocessor
from markdown.util import AtomicString

NAME = "guidelines.mdext"


class LinearAbbrTreeprocessor(AbbrTreeprocessor):
    """``AbbrTreeprocessor`` whose walk knows each child's index (upstream searches for it)."""

    def iter_element(self, el: etree.Element, parent: etree.Element | None = None, index: int = 0) -> None:
        for position in range(len(el) - 1, -1, -1):  # as reversed(el): later inserts never shift earlier ones
            self.iter_element(el[position], el, position)
        if (text := el.text) and not isinstance(text, AtomicString):
            for m in reversed(list(self.RE.finditer(text))):
                if self.abbrs[m.group(0)]:
                    abbr = self.create_element(self.abbrs[m.group(0)], m.group(0), text[m.end():])
                    el.insert(0, abbr)
                    text = text[:m.start()]
            el.text = text
        if parent is not None and el.tail:
            tail = el.tail
            after = index + 1  # upstream: list(parent).index(el) + 1
            if not isinstance(tail, AtomicString):
                for m in reversed(list(self.RE.finditer(tail))):
                    if self.abbrs[m.group(0)]:
                        abbr = self.create_element(self.abbrs[m.group(0)], m.group(0), tail[m.end():])
                        parent.insert(after, abbr)
                        tail = tail[:m.start()]
                el.tail = tail


class LinearAbbrExtension(AbbrExtension):
    """``abbr`` with the linear tree processor; configured and used exactly like ``abbr``."""

    def extendMarkdown(self, md: Any) -> None:
        if self.config["glossary"][0]:
            self.load_glossary(self.config["glossary"][0])
        self.abbrs.update(self.glossary)
        md.registerExtension(self)
        md.treeprocessors.register(LinearAbbrTreeprocessor(md, self.abbrs), "abbr", 7)
        md.parser.blockprocessors.register(AbbrBlockprocessor(md.parser, self.abbrs), "abbr", 16)


def makeExtension(**kwargs: Any) -> LinearAbbrExtension:  # Python-Markdown's entry point
    return LinearAbbrExtension(**kwargs)


def use_linear_abbr(config: Any) -> None:
    """Replace ``abbr`` (by either of its names) with this module in an MkDocs config."""
    extensions = config["markdown_extensions"]
    mdx_configs = config["mdx_configs"]
    for name in ("abbr", "markdown.extensions.abbr"):
        if name in extensions:
            extensions[extensions.index(name)] = NAME
            if name in mdx_configs:
                mdx_configs[NAME] = mdx_configs.pop(name)
