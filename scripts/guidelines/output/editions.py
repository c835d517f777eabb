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

The edition in force has its edition URLs too, from the day it is published: its JSON is
copied there, and each of its pages gets a small page at its edition URL that sends the
reader on to the page itself (``redirects``), until a later edition replaces it and the
frozen pages take their place.
"""

from __future__ import annotations

from html import escape

from guidelines import kinds
from guidelines.check.editions import read_edition
from guidelines.context import SiteContext, build_context
from guidelines.load.archive import Edition, order
from guidelines.problems import ContentError, Problems
from guidelines.render.pages import Renderer
from guidelines.textsafe import safe_text
from guidelines.urls import API, EDITIONS_PAGE, anchor, edition_folder, link_between, page_url


def edition_files(ctx: SiteContext) -> dict[str, str]:
    """The pages and JSON of every published edition but the one in force, and its own edition JSON."""
    out: dict[str, str] = {}
    for edition in ctx.archive.editions:
        out.update({API + edition_folder(edition.name) + path: text for path, text in edition.export_files().items()})
        if edition.name != ctx.edition:
            out.update(archived_pages(ctx, edition))
    return out


def archived_pages(ctx: SiteContext, edition: Edition) -> dict[str, str]:
    """An earlier edition's pages, each with the note that says it was superseded."""
    if edition.pages is not None:  # frozen: the body is the frozen one (mkdocs/archived.py)
        folder = edition_folder(edition.name)
        return {folder + page: _with_note(edition.frozen_page(page)["front_matter"], note(ctx, edition, folder + page))
                for page in edition.pages}  # (in the order the site listed them when they were frozen)
    problems = Problems()
    content = read_edition(edition, problems)
    if content is None:  # (the check reports this first; a build never gets here with problems)
        raise ContentError(problems)
    corpus, trees = content
    corpus.archive = ctx.archive
    actx = build_context(corpus, trees, archived=edition.name, fragments=ctx.fragments,
                         published_at=ctx.site_url)  # its pages are served here now
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
    name, date = safe_text(edition.name), safe_text(edition.published)
    if later is None:  # the latest published edition, while a draft of the next one is at the main address
        title = f"Edition {name}, published {date}: the latest published edition"
        text = (f"The site's main pages show edition {safe_text(ctx.edition)}, which is being prepared and is not "
                "yet published. This page shows the text of the latest published edition.")
        successor = ctx.edition
    else:
        # The edition in force is the latest published one: a draft at the main address is only being prepared.
        in_force = ctx.archive.get(ctx.edition) or ctx.archive.editions[-1]
        replaced = "" if later.name == in_force.name else f"Edition {safe_text(later.name)} replaced it. "
        draft = "" if ctx.published else (f" Edition {safe_text(ctx.edition)} is being prepared and is not yet "
                                          "published.")
        title = f"Edition {name}, published {date}: replaced by a later edition"
        text = (f"You are reading an earlier edition, kept unchanged so that citations of it can be read as they "
                f"were. {replaced}Edition {safe_text(in_force.name)}, published {safe_text(in_force.published)}, "
                f"is the latest.{draft}")
        successor = later.name
    changes = ctx.urls.link(page, f"{page_url('changelog.md')}#{anchor('edition-' + successor)}")
    links = [f'<a href="{escape(ctx.urls.link(page, page_url(same)))}">This page in the current edition</a>',
             f'<a href="{escape(changes)}">What changed in edition {safe_text(successor)}</a>',
             f'<a href="{escape(ctx.urls.link(page, page_url(EDITIONS_PAGE)))}">All editions</a>']
    html = (f'<div class="admonition warning gl-edition-note" role="note">\n'
            f'<p class="admonition-title">{title}</p>\n<p>{text}</p>\n'
            f'<p class="gl-edition-note__links">{" · ".join(links)}</p>\n</div>')
    return str(ctx.fragments.add(html)).strip("\n")


def redirects(ctx: SiteContext, pages: list[str]) -> dict[str, str]:
    """For the published edition in force: a page at each of its pages' edition URLs that leads to the page.

    Keyed by path under the site (``editions/<edition>/<page URL>index.html``); written
    into the built site beside MkDocs' pages. The address keeps its query and fragment
    (a tree's answers, a clause's anchor) on the way.
    """
    if not ctx.published or ctx.english is not None:  # (a translation's edition URLs are the English text's)
        return {}
    folder = edition_folder(ctx.edition)
    out = {}
    for page in pages:
        if page.startswith(kinds.EDITIONS_DIR + "/") or not page.endswith(".md"):
            continue
        url = page_url(page)
        out[folder + url + "index.html"] = _redirect(ctx, link_between(folder + url, url))
    return out


# The same script on every such page (one hash in the site's content security policy):
# it goes to the canonical link, the address's query and fragment kept.
_GO_ON = 'location.replace(document.querySelector("link[rel=canonical]").href + location.search + location.hash)'


def _redirect(ctx: SiteContext, target: str) -> str:
    title = escape(f"{ctx.guideline['short_title']}, edition {ctx.edition}")
    href = escape(target)
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<title>{title}</title>\n<meta name="robots" content="noindex">\n'
        f'<link rel="canonical" href="{href}">\n'
        f'<script>{_GO_ON}</script>\n'
        f'<meta http-equiv="refresh" content="0; url={href}">\n</head>\n<body>\n'
        f'<p>Edition {escape(ctx.edition)} is the latest edition: <a href="{href}">read this page</a>.</p>\n'
        '</body>\n</html>\n')
