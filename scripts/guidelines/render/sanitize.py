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

from functools import lru_cache

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
    # (SVG attribute names keep their case: "viewbox" would drop the viewBox a diagram scales by.)
    "svg": {"viewBox", "width", "height", "xmlns", "font-family", "font-size", "fill"},
    "g": {"fill", "stroke", "stroke-width", "text-anchor"},
    "rect": {"x", "y", "width", "height", "rx", "fill", "stroke"},
    "path": {"d"},
    "text": {"x", "y", "font-weight"},
}
# The data attributes the site's own scripts read (Material's, data-md-*, are not among them).
DATA_ATTRIBUTES = frozenset({
    "data-gl-cite", "data-gl-copy", "data-gl-copy-status", "data-gl-facet", "data-gl-filter", "data-gl-filter-empty",
    "data-gl-filter-reset", "data-gl-filter-status", "data-gl-row", "data-gl-target", "data-gl-template",
    "data-principles", "data-stages", "data-verdicts", "data-kind", "data-dt-tree", "data-dt-payload",
    "data-dt-strings"})
URL_SCHEMES = frozenset({"http", "https", "mailto"})
STYLE_PROPERTIES = frozenset({"text-align"})
# Classes page content may carry: the site's own (gl-, dt-; gl-site- is the chrome around
# pages, never content), those of the Markdown extensions the site uses, and Material's
# button. Others, Material's components (md-dialog...) among them, are dropped.
CLASSES = frozenset({"admonition", "admonition-title", "note", "abstract", "info", "tip", "success", "question",
                     "warning", "failure", "danger", "bug", "example", "quote", "headerlink", "md-button",
                     "md-button--primary", "dt"})
_OWN_CLASS = ("gl-", "dt-", "language-")


@lru_cache(maxsize=4096)
def _classes(value: str) -> str | None:
    """The classes of ``value`` that content may carry (pages repeat a few hundred class lists)."""
    kept = " ".join(c for c in value.split() if c in CLASSES or (c.startswith(_OWN_CLASS)
                                                                  and not c.startswith("gl-site-")))
    return kept or None


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    """What an allowlist of names cannot say: which classes, which ids and which addresses."""
    if attribute == "class":
        return _classes(value)
    if attribute == "id":  # Material finds its own parts by ids starting with '__' (its configuration too)
        return None if value.startswith("_") else value
    if attribute in ("href", "src") and value.lstrip().replace("\\", "/").startswith("//"):
        return None  # protocol-relative: leaves the site while looking relative
    return value


_CLEANER = nh3.Cleaner(
    tags=set(TAGS), attributes={tag: set(names) | (DATA_ATTRIBUTES if tag == "*" else set())
                                for tag, names in ATTRIBUTES.items()},
    url_schemes=set(URL_SCHEMES), filter_style_properties=set(STYLE_PROPERTIES), attribute_filter=_attribute_filter,
    link_rel=None,  # links are the site's own or chosen by its authors: no rel rewriting
    strip_comments=False,  # the fragments' markers are comments (fragments.py); comments never run
)


def clean(html: str) -> str:
    """``html`` with every element, attribute and URL outside the allowlist removed."""
    return _CLEANER.clean(html)
