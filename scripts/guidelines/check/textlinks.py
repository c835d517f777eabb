"""The links a YAML text makes, read from its rendered HTML, and the rules they must follow.

A text is checked the way the page will show it: escaped by ``textsafe`` exactly as the
templates do, converted by Python-Markdown with the site's extensions, then read by
an HTML parser, which decodes character references as a browser does. So every way
Markdown has of making a link (inline, reference definitions anywhere, a scheme
broken over lines) is seen as the reader's browser would see it, not guessed from the
source with regular expressions. (The sanitiser keeps the pages safe whatever this
misses; this is what names the line to fix.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

import markdown

from guidelines.load.yamlsource import FieldPath, SourceFile, dotted
from guidelines.problems import Problems
from guidelines.textsafe import safe_text

# Markdown extensions of mkdocs.yml that change how text is parsed (abbr adds no links).
EXTENSIONS = ("admonition", "attr_list", "def_list", "md_in_html", "tables")
ALLOWED_SCHEMES = ("http", "https", "mailto")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
# What browsers drop from an address before reading it (the URL standard): tabs and line
# breaks anywhere, controls and spaces at either end.
_STRIPPED = re.compile(r"[\t\n\r]")
_EDGES = "".join(chr(code) for code in range(0x21))


@dataclass(frozen=True)
class Refusal:
    """Why a text's link or image cannot be published, and how to fix it."""

    message: str
    hint: str


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, str]] = []  # (tag, attribute, value)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self.found.append((tag, "src", ""))
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.found.append((tag, name, value))


_converter: markdown.Markdown | None = None
# An inline link's destination that can only be a full http(s) or mailto address.
_PLAIN_DESTINATION = re.compile(r"\]\((?!https?://[^\s/)<>]|mailto:[^\s)<>])")


def can_only_link_safely(text: str) -> bool:
    """True when every link the text could make is an inline link to a full http(s) or mailto address.

    After textsafe, a link or image needs Markdown's brackets: an inline one ']('
    followed at once by its address, a reference one a definition (']:'), an image '!['.
    Most texts with links are of the first kind only; they need no rendering to know.
    """
    return "![" not in text and "]:" not in text and _PLAIN_DESTINATION.search(text) is None


def rendered_links(text: str) -> list[tuple[str, str, str]]:
    """(tag, attribute, address) of every link and image the text makes on a page."""
    global _converter
    if "[" not in text:  # after textsafe, only Markdown's brackets can make a link or an image
        return []
    if _converter is None:
        _converter = markdown.Markdown(extensions=list(EXTENSIONS))
    _converter.reset()
    parser = _Links()
    parser.feed(_converter.convert(str(safe_text(text))))
    parser.close()
    return parser.found


def refusal(tag: str, address: str) -> Refusal | None:
    """Why this link or image may not be published (None: it may)."""
    if tag == "img":
        return Refusal("images are not allowed in the text",
                       "the site loads nothing from other hosts: link to the picture instead, [like this](https://...)")
    url = _STRIPPED.sub("", address).strip(_EDGES)
    scheme = _SCHEME.match(url)
    if scheme is None:
        if url.replace("\\", "/").startswith("//"):
            return Refusal(f"the link '{url[:40]}' has no scheme, so it leaves the site without saying how",
                           "write the full address, starting with https://")
        return Refusal(f"the relative link '{url[:40]}' is not allowed: this text appears on several pages",
                       "write a full address starting with https://, or name the item by its ID (e.g. GP-4)")
    name = scheme.group(1).lower()
    if name not in ALLOWED_SCHEMES:
        return Refusal(f"a '{name}:' link is not allowed", "links may point to https://, http:// or mailto: addresses")
    if name != "mailto" and not urlsplit(url).netloc:
        return Refusal(f"the link '{url[:40]}' names no host", "write the full address, e.g. https://example.org/page")
    return None


def _linking_strings(value: Any, path: FieldPath, found: list[tuple[FieldPath, str]]) -> None:
    """Collect, in document order, the strings that may make links (hold a '['), with their paths."""
    if isinstance(value, str):
        if "[" in value:
            found.append((path, value))
        return
    children = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, child in children:
        if not isinstance(child, str):
            _linking_strings(child, path + (key,), found)
        elif "[" in child:
            found.append((path + (key,), child))


def check_links(source: SourceFile, data: Any, problems: Problems) -> None:
    """Refuse every link and image the texts would make on a page but those allowed (textlinks)."""
    found: list[tuple[FieldPath, str]] = []
    _linking_strings(data, (), found)
    for path, text in found:
        if can_only_link_safely(text):
            continue
        for tag, _, address in rendered_links(text):
            refused = refusal(tag, address)
            if refused is not None:
                problems.add(source.where(path), dotted(path), refused.message, refused.hint)
