"""Every published edition on the site: earlier ones under /editions/<edition>/, the list of them all.

An earlier edition's pages say at the top which edition they show, that a later one
replaced it, and link the same page in the current edition and what changed (``note``, a
fragment made at each build). Once a later edition has replaced it, the rest of each page
is what was frozen then (mkdocs/archived.py): the generator only writes the page's front
matter and its note's marker. The latest published edition, while a draft of the next is at
the main address, is made again from its frozen content (check/editions.read_edition) by
the same renderer as the current pages, with its URLs under its edition folder
(``Urls(archive=...)``); its pages are frozen when that draft is published. An edition's
JSON is served as it was published, byte for byte (api/v1/editions/<edition>/).

A translation's site does the same for the editions published in its language (their
translation files are frozen with them), under /<language>/editions/<edition>/, with the
JSON frozen with their pages; an edition published in English only is linked at its English
address.

The edition in force has its edition URLs too, from the day it is published: its JSON is
copied there, and each of its pages gets a small page at its edition URL that sends the
reader on to the page itself (``redirects``), until a later edition replaces it and the
frozen pages take their place.
"""

from __future__ import annotations

from dataclasses import replace
from html import escape
from typing import Any

from guidelines import kinds
from guidelines.check.editions import read_edition
from guidelines.context import SiteContext, build_context
from guidelines.export import documents as export
from guidelines.load.archive import Archive, Edition, order
from guidelines.output.languages import translated_context
from guidelines.problems import ContentError, Problems
from guidelines.render import i18n
from guidelines.render.pages import Renderer
from guidelines.textsafe import safe_text
from guidelines.urls import API, EDITIONS, EDITIONS_PAGE, SCHEMA, anchor, edition_folder, link_between, page_url

ARCHIVED_CONTEXT = "archived-context:"  # ctx.memo key (+ edition): an earlier edition's context, not yet frozen


def edition_files(ctx: SiteContext, documents: dict[str, str] | None = None) -> dict[str, str]:
    """The pages and JSON of every published edition but the one in force, and its own edition JSON.

    For a translation's site (``ctx.english`` set), the editions published in its language:
    the JSON frozen with the edition's pages, or for the edition in force a copy of the
    export this build makes (``documents``, export/documents.documents of ``ctx``).
    """
    out: dict[str, str] = {}
    language = None if ctx.english is None else ctx.language
    for edition in ctx.archive.editions:
        if language is not None and not edition.published_in(language):
            continue
        published = _export(ctx, edition, language, documents)
        out.update({API + edition_folder(edition.name) + path: text for path, text in published.items()})
        if edition.name != ctx.edition:
            out.update(archived_pages(ctx, edition))
            changes = f"changes/{edition.name}.json"
            if language is not None and changes in published:  # (they stay at api/v1/changes/, as English ones do)
                out[API + changes] = published[changes]
    return out


def _export(ctx: SiteContext, edition: Edition, language: str | None,
            documents: dict[str, str] | None) -> dict[str, str]:
    """An edition's JSON, by path under api/v1/: as frozen, or (a translation's, not frozen yet) as published."""
    if language is None or edition.pages is not None:
        return edition.export_files(language)
    if edition.name == ctx.edition:
        return published_export(documents if documents is not None else export.documents(ctx))
    return published_export(export.documents(translated_context(in_force(ctx.english or ctx, edition), language)))


def published_export(documents: dict[str, str]) -> dict[str, str]:
    """An edition's JSON as the site publishes it, by path under api/v1/: its documents and its changes, not the
    schemas (they describe every edition and only grow) or earlier editions' copies."""
    return {path[len(API):]: text for path, text in documents.items()
            if path.startswith(API) and not path.startswith(API + EDITIONS) and path != SCHEMA
            and not path.endswith(".schema.json")}


def in_force(ctx: SiteContext, edition: Edition) -> SiteContext:
    """An earlier edition's context as it was while it was the edition in force (its translations' JSON, frozen
    with its pages, is made from it: the same documents its translated export served then)."""
    corpus, trees = _content(edition)
    corpus = replace(corpus, archive=Archive([e for e in ctx.archive.editions if order(e.name) <= order(edition.name)]))
    return build_context(corpus, trees)


def _content(edition: Edition) -> tuple[Any, dict[str, Any]]:
    problems = Problems()
    content = read_edition(edition, problems)
    if content is None:  # (the check reports this first; a build never gets here with problems)
        raise ContentError(problems)
    return content


def archived_pages(ctx: SiteContext, edition: Edition) -> dict[str, str]:
    """An earlier edition's pages, each with the note that says it was superseded (in the site's language)."""
    folder = edition_folder(edition.name)
    language = None if ctx.english is None else ctx.language
    if edition.pages is not None:  # frozen: the body is the frozen one (mkdocs/archived.py)
        prefix = f"{language}/" if language else ""
        return {folder + page: _with_note(edition.frozen_page(prefix + page)["front_matter"],
                                          note(ctx, edition, folder + page))
                for page in edition.pages_in(language)}  # (in the order the site listed them when they were frozen)
    corpus, trees = _content(edition)
    corpus.archive = (ctx.english or ctx).archive
    actx = build_context(corpus, trees, archived=edition.name, fragments=ctx.fragments,
                         published_at=(ctx.english or ctx).site_url)  # its pages are served here now
    if language is not None:
        actx = translated_context(actx, language)
    ctx.memo[ARCHIVED_CONTEXT + edition.name] = actx  # (the hooks' tooltips and ID links for its pages)
    pages = Renderer(actx).pages()
    return {path: _with_note(text, note(ctx, edition, path)) for path, text in pages.items()}


def _with_note(markdown: str, html: str) -> str:
    """The page with the note first (after its front matter, which MkDocs reads from the first line)."""
    marker = f"\n{html}\n"
    if markdown.startswith("---\n"):
        end = markdown.index("\n---\n", 4) + 5
        return markdown[:end] + marker + markdown[end:]
    return marker.lstrip("\n") + "\n" + markdown


def note(ctx: SiteContext, edition: Edition, page: str) -> str:
    """The note at the top of an earlier edition's page, as a fragment marker: which edition, what replaced it."""
    later = next((e for e in ctx.archive.editions if order(e.name) > order(edition.name)), None)
    same = page[len(edition_folder(edition.name)):]
    name, date = safe_text(edition.name), safe_text(i18n.format_date(ctx.language, edition.published))

    def t(key: str, **values: str) -> str:
        return i18n.text(ctx.language, f"editions.note.{key}", **values)

    if later is None:  # the latest published edition, while a draft of the next one is at the main address
        title = t("latest_title", edition=name, date=date)
        text = t("latest", draft=safe_text(ctx.edition))
        successor = ctx.edition
    else:
        # The edition in force is the latest published one: a draft at the main address is only being prepared.
        latest = ctx.archive.get(ctx.edition) or ctx.archive.editions[-1]
        title = t("replaced_title", edition=name, date=date)
        replaced_by = "" if later.name == latest.name else t("replaced_by", edition=safe_text(later.name))
        text = t("replaced", replaced_by=replaced_by, latest=safe_text(latest.name),
                 latest_date=safe_text(i18n.format_date(ctx.language, latest.published)),
                 draft="" if ctx.published else t("draft", edition=safe_text(ctx.edition)))
        successor = later.name
    changes = ctx.urls.link(page, f"{page_url('changelog.md')}#{anchor('edition-' + successor)}")
    links = [f'<a href="{escape(ctx.urls.link(page, page_url(same)))}">{t("this_page")}</a>',
             f'<a href="{escape(changes)}">{t("changes", edition=safe_text(successor))}</a>',
             f'<a href="{escape(ctx.urls.link(page, page_url(EDITIONS_PAGE)))}">{t("all")}</a>']
    html = (f'<div class="admonition warning gl-edition-note" role="note">\n'
            f'<p class="admonition-title">{title}</p>\n<p>{text}</p>\n'
            f'<p class="gl-edition-note__links">{" · ".join(links)}</p>\n</div>')
    return str(ctx.fragments.add(html)).strip("\n")


def leads_on(ctx: SiteContext, pages: list[str]) -> dict[str, str]:
    """For the published edition in force: each of its pages' edition URLs and the page's own URL (both as
    paths from the site's root, ``editions/<edition>/principles/gp-1/`` -> ``principles/gp-1/``)."""
    if not ctx.published:
        return {}
    folder = edition_folder(ctx.edition)
    return {folder + page_url(page): page_url(page) for page in pages
            if not page.startswith(kinds.EDITIONS_DIR + "/") and page.endswith(".md")}


def redirects(ctx: SiteContext, pages: list[str]) -> dict[str, str]:
    """For the published edition in force: a page at each of its pages' edition URLs that leads to the page.

    Keyed by path under the site (``editions/<edition>/<page URL>index.html``); written
    into the built site beside MkDocs' pages. The address keeps its query and fragment
    (a tree's answers, a clause's anchor) on the way. (A server given the build's nginx
    snippet answers these addresses with a redirect first: no script needed.)
    """
    return {edition_url + "index.html": _redirect(ctx, link_between(edition_url, url))
            for edition_url, url in leads_on(ctx, pages).items()}


# The same script on every such page (one hash in the site's content security policy):
# it goes to the canonical link, the address's query and fragment kept.
_GO_ON = 'location.replace(document.querySelector("link[rel=canonical]").href + location.search + location.hash)'


def _redirect(ctx: SiteContext, target: str) -> str:
    def t(key: str) -> str:
        return escape(i18n.text(ctx.language, f"editions.redirect.{key}", edition=ctx.edition,
                                title=ctx.guideline["short_title"]))

    href = escape(target)
    return (
        f'<!doctype html>\n<html lang="{escape(ctx.language)}">\n<head>\n<meta charset="utf-8">\n'
        f'<title>{t("title")}</title>\n<meta name="robots" content="noindex">\n'
        f'<link rel="canonical" href="{href}">\n'
        f'<script>{_GO_ON}</script>\n'
        f'<meta http-equiv="refresh" content="0; url={href}">\n</head>\n<body>\n'
        f'<p>{t("text")} <a href="{href}">{t("link")}</a>.</p>\n'
        '</body>\n</html>\n')
