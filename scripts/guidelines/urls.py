"""Every address of the site, worked out in one place (as datasette's ``Urls``).

Pages, the export and the feed all need the same few facts: which Markdown source
shows an item, its URL, a relative link to it from a given page, its permanent URL
(``site_url`` + path) and its JSON document's path. They are made here from the table
of kinds, so no other module spells a URL. The site uses directory URLs
(``use_directory_urls: true``): ``principles/gp-4.md`` is served at
``principles/gp-4/``; the MkDocs glue refuses a configuration without them.
"""

from __future__ import annotations

import posixpath
from typing import Any

from guidelines.kinds import Kind, as_kind

# A site's own address (guideline.yml's site_url, or guidelines build --site-url): a lower-case
# host, then a path of plain characters only, ending with "/". The path goes into HTML, the
# server's configuration and nginx's location matching (which compares decoded paths), so
# nothing there may need quoting or escaping: no spaces, %-escapes, quotes, ; { } or $.
SITE_URL = r"^https?://[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?(/[A-Za-z0-9._~-]+)*/$"

API = "api/v1/"
WHOLE, INDEX, SCHEMA = API + "guidelines.json", API + "index.json", API + "schema.json"  # the export's own files
EDITIONS = "editions/"  # every published edition's pages under editions/<edition>/, its JSON under api/v1/editions/
RECORD_SCHEMA = API + "record.schema.json"  # what the widget's downloaded decision record follows
COMPLETE_PAGE = "complete.md"
EDITIONS_PAGE = "editions.md"  # the list of every edition
PROVENANCE_PAGE = "provenance.md"  # where each statement comes from, ID by ID
# Anchors every generated page has of its own (its title): no item on a shared page may take them.
PAGE_ANCHORS = frozenset({"top"})


def anchor(item_id: str) -> str:
    """A heading ID from an item ID: lowercase, dots become hyphens (SEC-1.2 -> sec-1-2)."""
    return item_id.lower().replace(".", "-")


def page_url(source: str) -> str:
    """The site URL of a Markdown source path, with directory URLs (as MkDocs makes them)."""
    if not source.endswith(".md"):
        return source
    stem = source[:-3]
    if stem == "index":
        return ""
    return stem[: -len("index")] if stem.endswith("/index") else stem + "/"


def relative(path: str, start: str) -> str:
    """``posixpath.relpath`` for site paths (relative, normalised, no '..' in them), without its cost."""
    to, here = [p for p in path.split("/") if p and p != "."], [p for p in start.split("/") if p and p != "."]
    common = 0
    while common < len(to) and common < len(here) and to[common] == here[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + to[common:]) or "."


def _page(kind: Kind, item_id: str) -> str:
    return kind.shared_page or f"{kind.pages}/{item_id.lower()}.md"


def _path(kind: Kind, item_id: str) -> str:
    if kind.shared_page:
        return f"{page_url(kind.shared_page)}#{anchor(item_id)}"
    return f"{kind.pages}/{item_id.lower()}/"


def link_between(here: str, to_url: str) -> str:
    """The relative link from the page at URL ``here`` to ``to_url`` (both relative to the site root)."""
    path, _, fragment = to_url.partition("#")
    target = relative(path, here)
    target = "./" if target == "." else (target + "/" if path.endswith("/") or not path else target)
    return target + (f"#{fragment}" if fragment else "")


def edition_folder(edition: str) -> str:
    """Where a published edition's pages live, under the site root (and its JSON, under api/v1/)."""
    return f"{EDITIONS}{edition}/"


class Urls:
    """The site's addresses, for one ``site_url``: the current edition's, or with ``archive`` an
    earlier edition's, whose pages and JSON live under its edition folder."""

    def __init__(self, site_url: str, archive: str | None = None) -> None:
        self.site = site_url if site_url.endswith("/") else site_url + "/"
        self.archive = archive
        self.prefix = edition_folder(archive) if archive else ""  # of every generated page's source and URL
        self.api = API + self.prefix  # of the edition's JSON documents
        self.complete_page = self.prefix + COMPLETE_PAGE
        # The memo of links: pages link the same items over and over, and pages side by side
        # in one folder make the same links (to whatever is not inside their own URL). Keyed
        # by (origin, target URL); each page's own URL and origin are kept too, by its name.
        self._memo: dict[Any, Any] = {}

    # -- where items are ------------------------------------------------------------

    def source(self, name: str) -> str:
        """The Markdown source (under docs/) of a generated page, e.g. ``complete.md``."""
        return self.prefix + name

    def page(self, kind: Kind | str, item_id: str) -> str:
        """The Markdown source (under docs/) of the page that shows an item."""
        return self.prefix + _page(as_kind(kind), item_id)

    def path(self, kind: Kind | str, item_id: str) -> str:
        """The item's URL relative to the site root: its page, and its anchor on a shared page."""
        return self.prefix + _path(as_kind(kind), item_id)

    def permalink(self, kind: Kind | str, item_id: str) -> str:
        return self.site + self.path(kind, item_id)

    def pinned(self, edition: str, kind: Kind | str, item_id: str) -> str:
        """An item's permanent URL in one edition: it shows that edition's text for good."""
        return self.site + edition_folder(edition) + _path(as_kind(kind), item_id)

    def pinned_clause(self, edition: str, section_id: str, clause_id: str) -> str:
        return f"{self.pinned(edition, 'section', section_id)}#{anchor(clause_id)}"

    def clause(self, section_id: str, clause_id: str) -> str:
        """A clause's permanent URL: its section's page, at the clause's anchor."""
        return f"{self.permalink('section', section_id)}#{anchor(clause_id)}"

    def absolute(self, path: str) -> str:
        """A site path as a full URL."""
        return self.site + path

    def json(self, kind: Kind | str, item_id: str) -> str:
        """The item's own JSON document, relative to the site root: api/v1/<folder>/<ID>.json."""
        folder = as_kind(kind).export
        assert folder is not None, f"{kind} items are not exported one by one"
        return f"{self.api}{folder[1]}/{item_id}.json"

    # -- links from a page --------------------------------------------------------------

    def origin(self, from_page: str, to_url: str) -> tuple[str, ...]:
        """What a link from a page to ``to_url`` depends on: the folder of the page's source and the folder
        and depth of its URL, shared by the pages side by side in it (a link to an item, or one written in
        a text, is the same from each); or, for a target inside the page's own URL, the page itself."""
        found = self._memo.get(from_page)
        if found is None:
            here = page_url(from_page)
            found = self._memo[from_page] = (here, (posixpath.dirname(from_page), here.rstrip("/").rpartition("/")[0],
                                                    str(here.count("/"))))
        here, origin = found
        return (from_page,) if here and to_url.startswith(here) else origin

    def link(self, from_page: str, to_url: str) -> str:
        """A relative link from a page (its Markdown source) to a site URL, as written in raw HTML and JSON."""
        key = (self.origin(from_page, to_url), to_url)
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = link_between(page_url(from_page), to_url)
        return found

    @staticmethod
    def md_link(from_page: str, to_page: str, fragment: str = "") -> str:
        """A relative link between two Markdown sources, which MkDocs checks and turns into a URL."""
        target = relative(to_page, posixpath.dirname(from_page))
        return target + (f"#{fragment}" if fragment else "")

    def to_item(self, from_page: str, kind: Kind | str, item_id: str) -> str:
        """The href of a link from a page to an item (the complete page holds some items at anchors)."""
        kind = as_kind(kind)
        if from_page == self.complete_page and kind.complete and kind.complete.in_full:
            return f"#{anchor(item_id)}"
        return self.link(from_page, self.path(kind, item_id))

    def md_to_item(self, from_page: str, kind: Kind | str, item_id: str) -> str:
        """The target of a Markdown link from a page to an item (as ``to_item``, between sources)."""
        kind = as_kind(kind)
        if from_page == self.complete_page and kind.complete and kind.complete.in_full:
            return f"#{anchor(item_id)}"
        return self.md_link(from_page, self.page(kind, item_id), anchor(item_id) if kind.shared_page else "")

    @staticmethod
    def outline(tree_id: str, node_id: str) -> str:
        """The anchor of a node in a tree's written-out outline (on the tree's page)."""
        return f"{tree_id}--{node_id}"
