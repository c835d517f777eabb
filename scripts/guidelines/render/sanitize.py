"""The one gate every piece of HTML made from content passes: an allowlist sanitiser.

Content is written by people, and Python-Markdown, the browser and any regular
expression over the YAML will each read a tricky text a little differently. So the
site's safety does not rest on reading the source right: the HTML that is *output*
(each page's content after Markdown, each pre-rendered fragment) goes through
Ammonia (``nh3``), which parses it as a browser does and keeps only the elements,
attributes and URL schemes listed here. Anything else, an event handler, a
``javascript:`` address however it is spelled, an element not listed, is dropped.

The validator still reads links in the YAML, to point at the line to fix; this is
what holds when it misses one.
"""

from __future__ import annotations

import nh3

# Elements the site's pages use: what Markdown makes, the templates' layout, the tree
# diagram (SVG) and the examples filter. Nothing that runs, loads or embeds.
TAGS = frozenset({
    "a", "abbr", "article", "b", "blockquote", "br", "button", "caption", "code", "col", "colgroup", "dd",
    "del", "details", "div", "dl", "dt", "em", "form", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "ins", "kbd", "label", "li", "mark", "ol", "option", "p", "pre", "q", "s", "samp", "select", "small",
    "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u",
    "ul", "var",
    # the tree diagram
    "svg", "g", "rect", "path", "text", "title",
})
# Attributes by element ("*": any). No event handlers, no inline style but text alignment.
ATTRIBUTES: dict[str, set[str]] = {
    "*": {"class", "id", "title", "role", "hidden", "tabindex", "lang", "dir", "aria-label", "aria-hidden",
          "aria-labelledby", "aria-describedby", "aria-live"},
    "a": {"href"},
    "button": {"type"},
    "details": {"open"},
    "option": {"value"},
    "td": {"colspan", "rowspan", "style"},
    "th": {"colspan", "rowspan", "scope", "style"},
    "ol": {"start"},
    "svg": {"viewbox", "width", "height", "xmlns", "font-family", "font-size"},
    "rect": {"x", "y", "width", "height", "rx", "fill", "stroke", "stroke-width"},
    "path": {"d", "fill", "stroke", "stroke-width"},
    "text": {"x", "y", "fill", "font-weight", "text-anchor", "paint-order", "stroke", "stroke-width"},
}
# Data attributes are inert (the site's scripts read a few, as text or JSON).
ATTRIBUTE_PREFIXES = frozenset({"data-"})
URL_SCHEMES = frozenset({"http", "https", "mailto"})
STYLE_PROPERTIES = frozenset({"text-align"})


def _url_filter(tag: str, attribute: str, value: str) -> str | None:
    """Drop protocol-relative addresses ('//host/...'): they leave the site while looking relative."""
    if attribute in ("href", "src") and value.lstrip().replace("\\", "/").startswith("//"):
        return None
    return value


_CLEANER = nh3.Cleaner(
    tags=set(TAGS), attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
    generic_attribute_prefixes=set(ATTRIBUTE_PREFIXES), url_schemes=set(URL_SCHEMES),
    filter_style_properties=set(STYLE_PROPERTIES), attribute_filter=_url_filter,
    link_rel=None,  # links are the site's own or chosen by its authors: no rel rewriting
    strip_comments=False,  # the fragments' markers are comments (fragments.py); comments never run
)


def clean(html: str) -> str:
    """``html`` with every element, attribute and URL outside the allowlist removed."""
    return _CLEANER.clean(html)
