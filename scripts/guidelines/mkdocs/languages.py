"""One language's MkDocs build, and the links between a page and the same page in other languages.

``guidelines build`` builds the English site, then each translation's under ``/<language>/``
(output/sitebuild.py), each with its own interface language (Material's strings and its
search's stemmer), navigation titles and hand-written pages. Every page that exists in
several languages names the others (``<link rel="alternate" hreflang>``), and the
language switcher in its header leads to the same page, not to a home page. On a tree
page the switcher's link also takes the answers given (guidelines.js adds the address's
query and fragment when it is followed: answers are option values, the same in every
language).

A hand-written page in another language sits in ``docs/<language>/`` under the English
page's name; the English build leaves that folder out.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from guidelines.context import SiteContext
from guidelines.output import writer
from guidelines.render import i18n
from guidelines.urls import page_url

ENGLISH = "en"


def pages_of(files: dict[str, str], docs_dir: Path, language: str, declared: list[str]) -> set[str]:
    """The page URLs (``principles/gp-4/``) of one language's site: its generated pages and its hand-written ones."""
    found = {page_url(path) for path in files if path.endswith(".md")}
    folder = docs_dir if language == ENGLISH else docs_dir / language
    if folder.is_dir():
        for path in folder.rglob("*.md"):
            relpath = path.relative_to(folder).as_posix()
            if language == ENGLISH and relpath.split("/", 1)[0] in declared:
                continue
            if not writer.is_owned(relpath) and not relpath.startswith("overrides/"):
                found.add(page_url(relpath))
    return found


def configure(config: MkDocsConfig, ctx: SiteContext, sites: dict[str, dict[str, Any]]) -> None:
    """A language's build: its interface language (set before the plugins read it, by the caller) and the switcher."""
    if len(sites) > 1:
        config.extra["alternate"] = config.extra["gl_languages"] = [
            {"name": str(escape(site["name"])), "link": _path(site["url"]), "lang": site["language"]}
            for site in sites.values()]


def hand_written(files: Files, config: MkDocsConfig, language: str, declared: list[str]) -> None:
    """Keep the hand-written pages of this build's language: docs/<language>/ for a translation, the rest
    for English."""
    docs = os.path.abspath(config.docs_dir)
    for file in list(files):
        if not file.src_dir or os.path.abspath(file.src_dir) != docs or not file.is_documentation_page():
            continue
        top = file.src_uri.split("/", 1)[0]
        if language == ENGLISH:
            if top in declared:
                files.remove(file)
        elif not writer.is_owned(file.src_uri):
            files.remove(file)  # an English page: this language's own stands in its place
            own = Path(docs) / language / file.src_uri
            if own.is_file() and not own.is_symlink():
                files.append(File.generated(config, file.src_uri, abs_src_path=str(own)))


def alternates(page: Any, ctx: SiteContext, sites: dict[str, dict[str, Any]]) -> list[dict[str, str]]:
    """The same page in every language that has it (this one included), as absolute URLs."""
    url = page.url
    return [{"language": code, "name": site["name"], "url": site["url"] + url}
            for code, site in sites.items() if url in site["pages"]]


def switch_to_same_page(config: MkDocsConfig, page: Any, ctx: SiteContext, sites: dict[str, dict[str, Any]]) -> None:
    """The switcher in this page's header leads to the same page in each language; where a language has no such
    page, to the nearest page above it there (an English-only edition's page: that language's list of editions;
    at worst its home page). The head names only the same pages (``alternate``, which Material's head lists:
    rel=alternate hreflang says "this page in that language"); the menu lists every language (``gl_languages``,
    docs/overrides/partials/alternate.html)."""
    if len(sites) > 1:
        same = {entry["language"] for entry in alternates(page, ctx, sites)}
        menu = [{"name": str(escape(site["name"])), "link": _path(site["url"] + nearest_page(page.url, site["pages"])),
                 "lang": code} for code, site in sites.items()]
        config.extra["gl_languages"] = menu
        config.extra["alternate"] = [entry for entry in menu if entry["lang"] in same]


def nearest_page(url: str, pages: set[str]) -> str:
    """``url`` if it is one of ``pages``, else the nearest folder above it that is (``""``, the home page, at worst)."""
    while url and url not in pages:
        parent = url.rstrip("/").rpartition("/")[0]
        url = parent + "/" if parent else ""
    return url


def _path(url: str) -> str:
    """The address without its scheme and host: the same page of the same copy of the site, wherever that
    copy is served (a staging host, a test server), as Material also fetches the other language's sitemap
    from it. The site's own path stays (a site published under /guidelines/)."""
    return urlsplit(url).path


def with_stale_notice(markdown: str, ctx: SiteContext, english_url: str) -> str:
    """A translated page's Markdown with, under its title, the notice that part of it translates an earlier
    English text (the guideline's "notice" policy for stale translations), linking the English page."""
    notice = (f'!!! warning "{i18n.text(ctx.language, "stale.title")}"\n\n'
              f'    {i18n.text(ctx.language, "stale.text", url=english_url)}\n\n')
    lines = markdown.split("\n")
    title = next((number for number, line in enumerate(lines) if line.startswith("# ")), -1)
    return "\n".join([*lines[:title + 1], "", notice, *lines[title + 1:]])


def translation_notice(ctx: SiteContext) -> str:
    """What a translation is, under the status notice of each of its pages: the editors' translation of the
    site's English text (never the issuer's own version), which prevails where the two differ."""
    issuer = (ctx.guideline.get("paraphrases") or {}).get("name")
    words = i18n.text(ctx.language, "status.translation_unofficial", issuer=issuer) if issuer and \
        ctx.guideline.get("status") != "official" else i18n.text(ctx.language, "status.translation")
    return f'<p class="gl-translation">{escape(words)}</p>'
