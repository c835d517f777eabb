"""Earlier editions' pages are shown as they were frozen, not converted from Markdown again.

An earlier edition's text must read tomorrow as it reads today, whatever later editions,
templates or Markdown settings change; and converting its fifty-odd pages again at every
build was most of what published editions cost. So when a later edition replaces an
edition, ``guidelines publish`` builds the site once more and keeps what MkDocs' Markdown
conversion made of each of that edition's pages (``Freezing``, ``freeze``): the converted
body with every pre-rendered fragment put back, its table of contents, title, anchors and
the links to anchors MkDocs validates, in ``principles/editions/<edition>/pages/``, each
file listed with its SHA-256 in ``pages/pages.yml`` (load/archive.py checks them at every
build, as the edition's other frozen files).

Two things in a frozen body stay the build's own:

- the note at the top of the page, which says which edition replaced it and links the
  current edition: it changes as editions are published, so the frozen body keeps a
  placeholder (``NOTE``) where this build's note fragment goes, spliced in as any fragment;
- the site's address, which a build may publish elsewhere (``guidelines build
  --site-url``): the pages are frozen from a build at a placeholder address (``SITE``),
  which each build replaces with its own.

A build then takes the frozen body (``ArchivedPage.render``), and everything after
conversion runs as for any page: the allowlist sanitiser on the page's HTML, the splicing of
the note, the theme, MkDocs' anchor checks. What the generator writes for such a page is
only its front matter and its note's marker (output/editions.py), since nothing else of
its Markdown would be read.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, get_toc

from guidelines.render.fragments import MARKER
from guidelines.urls import EDITIONS

NOTE = "<!--gl:edition-note-->"  # where the build's note goes in a frozen body
SITE = "https://frozen-site-address.invalid/"  # the site's address while freezing: the build puts its own
NOTE_CLASS = "gl-edition-note"  # (output/editions.note's HTML: a frozen page's first fragment is its note)

log = logging.getLogger("mkdocs.structure.pages")


def edition_of(src_uri: str) -> tuple[str, str] | None:
    """An earlier edition's page: its edition and its source under the edition's folder."""
    if not src_uri.startswith(EDITIONS):
        return None
    name, _, page = src_uri[len(EDITIONS):].partition("/")
    return (name, page) if page else None


class ArchivedPage(Page):
    """A page of an earlier edition whose pages are frozen: its converted body is the frozen one."""

    def __init__(self, file: File, config: MkDocsConfig, frozen: Mapping[str, Any], site_url: str) -> None:
        super().__init__(None, file, config)
        self.frozen = frozen
        self.site_url = site_url

    def render(self, config: MkDocsConfig, files: Files) -> None:
        frozen = self.frozen
        note = MARKER.search(self.markdown or "")
        if note is None:
            raise PluginError(f"{self.file.src_uri}: the generated page has no marker for its edition note")
        self.content = frozen["content"].replace(SITE, self.site_url).replace(NOTE, note.group(0))
        self.toc = get_toc(frozen["toc"])
        self._title_from_render = frozen["title"]
        self.present_anchor_ids = set(frozen["anchors"])
        links = frozen["links_to_anchors"]
        if links is None or log.getEffectiveLevel() <= logging.DEBUG:  # (as MkDocs: not kept at debug level)
            return
        self.links_to_anchors = {}
        for target, anchors in links.items():
            found = files.get_file_from_path(target)
            if found is None:
                log.warning(f"Doc file '{self.file.src_uri}' (frozen with its edition) contains a link to "
                            f"'{next(iter(anchors.values()))}', but the target '{target}' is not found among "
                            "documentation files.")
                continue
            self.links_to_anchors[found] = dict(anchors)


@dataclass
class Freezing:
    """A build that freezes the pages of some earlier editions: each such page's frozen JSON, by edition."""

    editions: frozenset[str]
    pages: dict[str, dict[str, bytes]] = field(default_factory=dict)  # edition -> page source -> JSON

    def take(self, page: Page, fragments: Mapping[str, str], language: str | None = None) -> None:
        """Keep a page as it is after the sanitiser, just before its fragments are spliced in (on_page_context);
        a translation's (``language``) under its language's folder."""
        found = edition_of(page.file.src_uri)
        if found is not None and found[0] in self.editions:
            key = f"{language}/{found[1]}" if language else found[1]
            self.pages.setdefault(found[0], {})[key] = freeze(page, fragments)


def freeze(page: Page, fragments: Mapping[str, str]) -> bytes:
    """A converted page as frozen: its body with every fragment but its note put back, and what MkDocs made."""
    note = MARKER.search(page.markdown or "")
    if note is None or NOTE_CLASS not in fragments.get(note.group(1), ""):
        raise PluginError(f"{page.file.src_uri}: an earlier edition's page must start with its edition note")

    def put(match: Any) -> str:
        if match.group(1) == note.group(1):
            return NOTE
        try:
            return fragments[match.group(1)]
        except KeyError:
            raise PluginError(f"{page.file.src_uri} refers to generated HTML that this build did not produce "
                              f"(marker {match.group(1)})") from None

    source = page.file.content_string
    front = source[:source.index("\n---\n", 4) + 5] if source.startswith("---\n") else ""
    links = None if page.links_to_anchors is None else {
        target.src_uri: dict(sorted(anchors.items()))
        for target, anchors in sorted(page.links_to_anchors.items(), key=lambda item: item[0].src_uri)}
    data = {"front_matter": front, "title": page._title_from_render, "content": MARKER.sub(put, page.content or ""),
            "toc": [_token(link) for link in page.toc or ()], "anchors": sorted(page.present_anchor_ids or ()),
            "links_to_anchors": links}
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def _token(link: AnchorLink) -> dict[str, Any]:
    """A table of contents entry as Python-Markdown's toc extension gives it (mkdocs' get_toc reads it back)."""
    return {"level": link.level, "id": link.id, "name": link.title, "children": [_token(c) for c in link.children]}
