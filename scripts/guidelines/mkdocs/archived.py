"""Earlier editions' pages that say the same thing are converted from Markdown once per build.

Editions leave most pages as they were: principle GP-1's page reads the same in editions
2025.4 and 2025.5, its Markdown differing only in the markers of its fragments (its cite
line names its edition). Python-Markdown costs about 5 ms a page and each archived edition
adds some fifty pages, so converting each again was a large part of a build with several
archived editions.

So an archived edition's page (``ArchivedPage``) is converted as MkDocs converts any page,
and what the conversion made is remembered, in memory, for this build only. A later page
takes it, its own markers put back, only when everything the conversion read is the same
(``Conversions``):

- its path within its edition's folder, and its Markdown once each fragment marker is
  numbered in order of first appearance (a marker is a comment Markdown passes through as it
  is; its HTML is spliced in later, page by page);
- every Markdown setting, the glossary's tooltips included, and the answer its edition's
  links give for each ID the text mentions (asked again, ``idlinks``);
- the files of its edition's folder, and no edition's name in the Markdown: a relative link
  (checked and rewritten by MkDocs) then leads to the same page of its own edition, or to the
  same page outside the editions;
- and MkDocs logged nothing while converting the first (each page gets its own warnings).

Anything else is converted again. The sanitiser, the splicing of fragments, the theme and
every check after conversion run for every page as before: the site is byte for byte what
converting every page gives.
"""

from __future__ import annotations

import copy
import logging
from dataclasses import dataclass, field
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from guidelines.render import idlinks
from guidelines.render.fragments import MARKER
from guidelines.urls import edition_folder


@dataclass
class _Converted:
    """One page's conversion and what it read."""

    edition: str
    settings: dict[str, Any]
    asked: list[tuple[str, Any, str | None]]  # (ID, kind, the link it got)
    markers: list[str]  # its fragments' markers, in order of first appearance
    content: str
    toc: Any
    title: str | None
    anchors: set[str]
    links_to_anchors: dict[File, dict[str, str]] | None


@dataclass
class Conversions:
    """The archived pages converted in one build, by path within their edition and numbered Markdown."""

    editions: frozenset[str]  # the archived editions whose pages may be shared
    names: tuple[str, ...]  # every published edition's name: no shared page may hold one
    folders: dict[str, frozenset[str]] = field(default_factory=dict)  # edition -> the files of its folder
    made: dict[tuple[str, str], list[_Converted]] = field(default_factory=dict)

    def edition_of(self, page: Page) -> str | None:
        """The archived edition a page belongs to, if its pages may be shared."""
        parts = page.file.src_uri.split("/", 2)
        return parts[1] if len(parts) == 3 and parts[1] in self.editions and \
            page.file.src_uri.startswith(edition_folder(parts[1])) else None

    def folder(self, edition: str, files: Files) -> frozenset[str]:
        found = self.folders.get(edition)
        if found is None:
            prefix = edition_folder(edition)
            found = self.folders[edition] = frozenset(uri[len(prefix):] for uri in files.src_uris
                                                      if uri.startswith(prefix))
        return found


class ArchivedPage(Page):
    """A page of an archived edition: converted once for all the editions where it reads the same."""

    conversions: Conversions | None = None

    def render(self, config: MkDocsConfig, files: Files) -> None:
        shared = self.conversions
        edition = shared.edition_of(self) if shared is not None else None
        if shared is None or edition is None or self.markdown is None \
                or any(name in self.markdown for name in shared.names):
            super().render(config, files)
            return
        markers, numbered = _numbered(self.markdown)
        key = (self.file.src_uri[len(edition_folder(edition)):], numbered)
        settings = _settings(config)
        resolve = config["mdx_configs"][idlinks.NAME]["resolve"]
        for earlier in shared.made.get(key, ()):
            if earlier.settings == settings and shared.folder(earlier.edition, files) == shared.folder(edition, files) \
                    and all(resolve(item_id, kind) == link for item_id, kind, link in earlier.asked) \
                    and self._take(earlier, edition, markers, files):
                return
        made = self._convert(config, files, resolve)
        if made is not None:
            shared.made.setdefault(key, []).append(
                _Converted(edition, settings, made, markers, self.content or "", self.toc, self._title_from_render,
                           set(self.present_anchor_ids or ()), self.links_to_anchors))

    def _convert(self, config: MkDocsConfig, files: Files, resolve: Any) -> list[Any] | None:
        """Convert as MkDocs does, noting the IDs asked about; None when MkDocs logged anything."""
        asked: list[tuple[str, Any, str | None]] = []

        def asking(item_id: str, kind: Any) -> str | None:
            link = resolve(item_id, kind)
            asked.append((item_id, kind, link))
            return link

        logged = _Logged()
        log = logging.getLogger("mkdocs")
        config["mdx_configs"][idlinks.NAME] = {"resolve": asking}
        log.addHandler(logged)
        try:
            super().render(config, files)
        finally:
            log.removeHandler(logged)
            config["mdx_configs"][idlinks.NAME] = {"resolve": resolve}
        return None if logged.records else asked

    def _take(self, earlier: _Converted, edition: str, markers: list[str], files: Files) -> bool:
        """This page's conversion from an earlier one's; False when a link of it has no counterpart here."""
        theirs, ours = edition_folder(earlier.edition), edition_folder(edition)
        links: dict[File, dict[str, str]] | None = None
        if earlier.links_to_anchors is not None:
            links = {}
            for target, anchors in earlier.links_to_anchors.items():
                if target.src_uri.startswith(theirs):
                    found = files.get_file_from_path(ours + target.src_uri[len(theirs):])
                    if found is None:
                        return False
                    target = found
                links[target] = dict(anchors)
        mapping = dict(zip(earlier.markers, markers, strict=True))
        self.content = MARKER.sub(lambda m: f"<!--gl:{mapping[m.group(1)]}-->", earlier.content)
        self.toc = copy.deepcopy(earlier.toc)
        self._title_from_render = earlier.title
        self.present_anchor_ids = set(earlier.anchors)
        self.links_to_anchors = links
        return True


def _numbered(markdown: str) -> tuple[list[str], str]:
    """The page's fragment markers in order of first appearance, and its Markdown with each numbered."""
    order: dict[str, int] = {}

    def number(match: Any) -> str:
        return f"<!--gl:{order.setdefault(match.group(1), len(order))}-->"

    numbered = MARKER.sub(number, markdown)
    return list(order), numbered


def _settings(config: MkDocsConfig) -> dict[str, Any]:
    """The Markdown settings a page is converted with, as they are now (the hooks set some page by page), but the
    per-page link resolver (asked again instead)."""
    return copy.deepcopy({"extensions": config["markdown_extensions"],
                          "configs": {name: value for name, value in config["mdx_configs"].items()
                                      if name != idlinks.NAME}})


class _Logged(logging.Handler):
    """Keeps what MkDocs logs while a page is converted."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)
