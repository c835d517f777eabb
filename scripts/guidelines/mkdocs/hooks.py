"""The MkDocs side of the generator: one object that answers MkDocs' events and keeps the state
one process needs between builds.

``scripts/mkdocs_hooks.py`` (which mkdocs.yml names) only creates it and hands it the
events, so ``mkdocs build``, ``mkdocs serve`` and ``guidelines build`` agree. It:

- generates the pages and JSON for each build (or takes the generation that
  ``guidelines build`` or the preview's watcher just made, ``use``), and hands them to
  MkDocs in memory for a one-shot build (``on_files``), or finds them in docs/ under
  ``serve``;
- refuses a configuration it cannot serve (the URLs it writes are directory URLs);
- shows an earlier edition's pages as they were frozen when a later edition replaced it,
  without converting them again (``archived``, ``on_files``), and refuses an earlier edition
  whose pages were never frozen; under ``guidelines publish``, keeps the pages it freezes;
- compiles the theme's templates once per process (``templatecode``, ``on_env``);
- cleans every page's HTML with the allowlist sanitiser, then puts the pre-rendered
  fragments back (``on_page_content``, ``on_page_context``);
- gives the search index a whole token for each ID (``searchids``, ``on_post_build``);
- minifies the project's CSS and JavaScript and names each by its content, rewriting the
  references to them (``assets``, ``on_post_build``; not under ``serve``);
- gives every page the content security policy, and writes the header files (``security``,
  ``on_post_build``, last);
- under ``serve``, runs the preview (``watch.Preview``); under a plain ``mkdocs build``,
  holds the site folder's lock as every build does.
"""

from __future__ import annotations

import os
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from guidelines import kinds
from guidelines.context import SiteContext
from guidelines.mkdocs import languages, navmemo, searchids, templatecode
from guidelines.mkdocs.archived import ArchivedPage, Freezing, edition_of
from guidelines.mkdocs.watch import Preview
from guidelines.output import assets, editions, generate, locks, security, writer
from guidelines.output import languages as output_languages
from guidelines.problems import ContentError
from guidelines.render import fragments, i18n, idlinks, mdext, sanitize, typography
from guidelines.render.pages import glossary_terms
from guidelines.render.status import status_of
from guidelines.urls import API, COMPLETE_PAGE, EDITIONS, Urls

# Pages that repeat what other pages already show: left out of the search index, so a
# search finds each item once, on its own page. (Material's search plugin also looks up
# every heading's TOC entry by a linear search: quadratic on the complete page.)
NOT_SEARCHED = frozenset({COMPLETE_PAGE})
# Folders of item pages: reached from their index pages, not from a thousand-entry sidebar.
ITEM_PAGES = tuple(f"{kind.pages}/" for kind in kinds.ITEM_KINDS if kind.pages)
FROZEN_JSON = API + EDITIONS  # the published editions' JSON, byte for byte
# Earlier editions' pages: reached from the editions page and from citations; never in the
# sidebar or in search, which find each item once, in the edition in force.
ARCHIVED = EDITIONS


def _root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


def _linked(files: Files, docs_dir: Path) -> list[str]:
    """The pages and assets MkDocs found in docs/ through a symbolic link (not the theme's, not generated ones)."""
    docs, real = os.path.abspath(docs_dir), Path(os.path.realpath(docs_dir))
    return sorted(file.src_uri for file in files
                  if file.src_dir and os.path.abspath(file.src_dir) == docs and file.abs_src_path
                  and Path(os.path.realpath(file.abs_src_path)) != real / file.src_uri)


def language_of(config: MkDocsConfig) -> str:
    """The language of the pages a configuration builds: Material's ``theme.language`` ("en" when it
    gives none), which must be one the interface text has."""
    language = config.theme.get("language") or i18n.DEFAULT
    if language not in i18n.LANGUAGES:
        raise PluginError(f"mkdocs.yml sets theme.language to {language!r}, but the site's interface text "
                          f"(scripts/guidelines/render/i18n/) has only: {', '.join(i18n.LANGUAGES)}")
    return str(language)


def words_of_the_configuration(config: MkDocsConfig, language: str) -> None:
    """The words mkdocs.yml gives the interface, in the build's language: the navigation's titles
    (``nav.<page path>``; a page the table does not name keeps its title), the colour-scheme toggles'
    (``theme.toggle.<scheme>``) and the headings' permanent links' (``theme.permalink``)."""
    def titled(entries: Any) -> Any:
        if not isinstance(entries, list):
            return entries
        out = []
        for entry in entries:
            if isinstance(entry, dict) and len(entry) == 1:
                (title, target), = entry.items()
                if isinstance(target, str) and target.endswith(".md"):
                    title = i18n.table(language).get("nav." + target.removesuffix(".md").replace("/", "."), title)
                entry = {title: titled(target)}
            out.append(entry)
        return out

    config["nav"] = titled(config["nav"])
    for option in config.theme.get("palette") or []:
        words = i18n.table(language).get(f"theme.toggle.{option.get('scheme')}")
        if isinstance(option.get("toggle"), dict) and words:
            option["toggle"] = {**option["toggle"], "name": words}
    toc = config["mdx_configs"].get("toc")
    if isinstance(toc, dict) and toc.get("permalink"):
        config["mdx_configs"]["toc"] = {**toc, "permalink_title": i18n.text(language, "theme.permalink")}


def _banner(guideline: dict[str, Any], edition: str, published: str | None, state: str | None,
            language: str) -> dict[str, Any]:
    """What the theme shows of an edition on each of its pages (and in print margins): its date as what it
    is (the edition's publication), and an unofficial text's status and notice. ``state``: the edition's, if
    it is not simply the one in force (``theme.state.<state>`` in the interface text)."""
    status = status_of(guideline, language)
    return {"title": guideline["title"], "short_title": guideline["short_title"], "edition": edition,
            "published": published, "publisher": guideline["publisher"]["name"],
            "state": i18n.text(language, f"theme.state.{state}") if state else None,
            "status_label": status.label, "notice_html": status.html()}


class GuidelinesHooks:
    """MkDocs' events for one project, in one process."""

    def __init__(self) -> None:
        self.command = ""  # what MkDocs was started for: build, serve, gh-deploy ("" for guidelines build)
        self._next: generate.Generated | None = None  # a generation made outside a build, for the next one
        self.ctx: SiteContext | None = None  # this build's (its fragments go into the pages)
        self.files: dict[str, str] | None = None  # this one-shot build's generated files, taken from memory
        self.preview: Preview | None = None
        self._site_lock: ExitStack | None = None
        self.pages: list[str] = []  # the generated pages of this build (the edition in force's, and earlier ones)
        # Published editions' JSON in a one-shot build: copied into the site after MkDocs, not through it
        # (some 60 files an edition, which MkDocs would give a directory check each).
        self.direct: dict[str, str] = {}
        self._glossaries: dict[int, tuple[Any, dict[str, str]]] = {}  # corpus -> its tooltips
        self.assets: list[str] = []  # the project's own CSS and JavaScript in this build (from docs/assets/)
        # Whether the caller gives the whole site its policy once every language is built (guidelines build).
        self.secure_later = False
        # Every language's site (guidelines build sets it): code -> its name, address and page URLs.
        self.sites: dict[str, dict[str, Any]] = {}
        self.freezing: Freezing | None = None  # under `guidelines publish`: the earlier editions' pages it freezes

    def use(self, result: generate.Generated) -> None:
        """Have the next build take this generation instead of generating again."""
        self._next = result

    @classmethod
    def of(cls, config: MkDocsConfig) -> GuidelinesHooks:
        """The hooks object a loaded configuration runs (mkdocs.yml must load the hooks file)."""
        for plugin in config.plugins.values():
            found = getattr(plugin, "HOOKS", None)
            if isinstance(found, cls):
                return found
        raise PluginError("mkdocs.yml does not load the generator's hooks: add 'hooks: [scripts/mkdocs_hooks.py]'")

    # -- events -------------------------------------------------------------------------

    # Remember what MkDocs runs: only the preview may reuse earlier work; a plain build takes
    # the site folder's lock.
    def on_startup(self, command: str, dirty: bool) -> None:
        self.command = command

    # Generate (unless a watcher or `guidelines build` just did, or, under serve, nothing
    # changed), and carry the guideline's metadata into the theme's context.
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if not config.use_directory_urls:
            raise PluginError("mkdocs.yml sets 'use_directory_urls: false', but the guidelines' pages, links and "
                              "permanent URLs are directory URLs (/principles/gp-4/): remove the setting")
        if self.command == "build" and self._site_lock is None:
            self._site_lock = ExitStack()
            self._site_lock.enter_context(locks.held(locks.site_lock(Path(config.site_dir)), "build"))
        root, docs_dir = _root(config), Path(config.docs_dir)
        if self.command == "serve" and self.preview is None:
            self.preview = Preview(root, docs_dir, self.use)
        if self.preview is not None:
            with self.preview.lock:  # a regeneration under way finishes first (and hands over its result)
                self.ctx, self.files = self._previewed(self.preview), None
        else:
            result, self._next = self._next, None
            if result is None:
                try:
                    result = generate.generate(root, docs_dir, write=False)
                except ContentError as error:
                    raise PluginError("The guideline content has problems:\n" + error.problems.report()) from None
            self.ctx, self.files = result.context, result.files
        guideline = self.ctx.guideline
        # Material writes site_name into pages as HTML, unescaped: escape the YAML text here.
        config.site_name = escape(guideline["short_title"])
        config.site_url = self.ctx.site_url  # guideline.yml's, or the build's --site-url
        # Glossary tooltips on every page: the terms go to the Markdown extension as data (see mdext).
        mdext.use_linear_abbr(config, glossary_terms(self.ctx))
        idlinks.use_idlinks(config)  # IDs in texts link to their items (set page by page)
        languages.configure(config, self.ctx, self.sites)
        edition = self.ctx.archive.get(self.ctx.edition)
        language = language_of(config)
        config.extra["guideline"] = _banner(guideline, self.ctx.edition, edition.published if edition else None,
                                            None if edition else "draft", language)
        if self.ctx.english is not None:  # a translation says what it is, on every page and in print
            config.extra["guideline"]["notice_html"] += languages.translation_notice(self.ctx)
        config.extra.update(i18n.theme_values(language))  # the theme's words (docs/overrides/)
        config.extra["gl_nav"] = navmemo.NavMemo()  # (this run's: see navmemo)
        words_of_the_configuration(config, language)
        return config

    def _terms(self, corpus: Any) -> dict[str, str]:
        found = self._glossaries.get(id(corpus))
        if found is None or found[0] is not corpus:
            found = self._glossaries[id(corpus)] = (corpus, glossary_terms(corpus))
        return found[1]

    def _previewed(self, preview: Preview) -> SiteContext:
        result, self._next = self._next, None
        if result is not None:
            return result.context
        try:
            return preview.generate().context
        except ContentError as error:
            if preview.session.context is None:
                raise PluginError("The guideline content has problems:\n" + error.problems.report()) from None
            preview.report(error)
            return preview.session.context  # docs/ still holds what it made

    # A one-shot build (mkdocs build, guidelines build) takes the generated pages and JSON from
    # memory: MkDocs 1.6's virtual files, in place of whatever docs/ holds at those paths (a
    # preview's leftovers). Item pages stay out of the navigation.
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        linked = _linked(files, Path(config.docs_dir))
        if linked:  # MkDocs would publish whatever a link points to: /etc/passwd, a key...
            raise PluginError("These files under docs/ are symbolic links, or inside a linked folder; the site "
                              "publishes only files that are in docs/ itself: replace each link with the file, or "
                              "remove it:\n" + "\n".join(f"  docs/{f}" for f in linked))
        if self.files:
            foreign = writer.foreign_files(Path(config.docs_dir))
            if foreign:  # a hand-written page there would silently drop out of the site
                raise PluginError(
                    "These files sit where the generator writes, but it did not write them (they are not in "
                    f"docs/{writer.MANIFEST}): move them elsewhere if they are yours, or delete them if an older "
                    "version of the generator made them:\n" + "\n".join(f"  docs/{f}" for f in foreign))
            for file in list(files):
                if writer.is_owned(file.src_uri):
                    files.remove(file)
            self.direct = {}
            for relpath, content in self.files.items():
                if relpath.startswith(FROZEN_JSON):  # as published: written as they are, after MkDocs
                    self.direct[relpath] = content
                else:
                    files.append(File.generated(config, relpath, content=content))
        if self.ctx is not None:
            languages.hand_written(files, config, self.ctx.language, output_languages.interface_languages())
        self.pages = []
        docs = os.path.abspath(config.docs_dir)
        self.assets = sorted(file.dest_uri for file in files if file.src_dir and os.path.abspath(file.src_dir) == docs
                             and assets.is_asset(file.dest_uri))
        self._check_frozen()
        for file in files:
            if file.src_uri.startswith(ARCHIVED) or (
                    file.src_uri.startswith(ITEM_PAGES) and not file.src_uri.endswith("/index.md")):
                file.inclusion = InclusionLevel.NOT_IN_NAV
            if file.is_documentation_page() and writer.is_owned(file.src_uri):
                self.pages.append(file.src_uri)
                if file.src_uri.startswith(ARCHIVED) and file.page is None:
                    self._archived_page(file, config)
        return files

    def _check_frozen(self) -> None:
        """Every edition a later published edition replaced shows its frozen pages: only the latest published
        edition, while a draft of the next is prepared, is converted (its pages are frozen when the draft is
        published), and the editions ``guidelines publish`` is freezing."""
        if self.ctx is None:
            return
        published = self.ctx.archive.editions
        freezing = self.freezing.editions if self.freezing is not None else frozenset()
        missing = [e for e in published[:-1] if e.pages is None and e.name not in freezing]
        if missing:
            names = " ".join(e.name for e in missing)
            raise PluginError(
                "The pages of these earlier editions are not frozen, so a build would convert them again with "
                "today's templates and settings: " + ", ".join(f"{e.display}/pages/" for e in missing) + " (each "
                f"written by `guidelines publish` when a later edition replaced it). Restore those folders from "
                "version control (git checkout -- <folder>); only if they were never "
                f"frozen (an edition published before pages were), freeze them with `guidelines publish "
                f"--freeze-pages {names}`, then commit them")

    def _archived_page(self, file: File, config: MkDocsConfig) -> None:
        """An earlier edition's page: its frozen body, where its edition's pages are frozen (else MkDocs
        converts it, as any page outside the navigation)."""
        found = edition_of(file.src_uri)
        if self.ctx is None or found is None:
            return
        name, page = found
        edition = self.ctx.archive.get(name)
        if edition is None or edition.pages is None:
            return
        if self.ctx.english is not None:  # a translation's pages are frozen under its language's folder
            page = f"{self.ctx.language}/{page}"
        if page not in edition.pages:
            raise PluginError(f"{file.src_uri}: edition {name}'s frozen pages ({edition.display}/pages/) have no "
                              "such page")
        # (frozen at a placeholder address: the English site's goes there, a translation's being under it)
        ArchivedPage(file, config, edition.frozen_page(page), (self.ctx.english or self.ctx).site_url)

    def on_page_markdown(self, markdown: str, page: Any, config: MkDocsConfig, files: Files) -> str:
        if page.file.src_uri in NOT_SEARCHED or page.file.src_uri.startswith(ARCHIVED):
            page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
        corpus = self.ctx.corpus if self.ctx is not None else None
        if page.file.src_uri.startswith(ARCHIVED) and self.ctx is not None:
            edition = self.ctx.archive.get(page.file.src_uri.split("/")[1])
            if edition is not None and edition.content is not None:  # (every edition's is read by the check)
                shown = self.ctx.memo.get(editions.ARCHIVED_CONTEXT + edition.name)  # (converted: not frozen yet)
                corpus = shown.corpus if shown is not None else edition.content[0]
                guideline = corpus.guideline if shown is not None or self.ctx.english is None else \
                    self._translated_guideline(edition.name, corpus)
                page.meta["gl_edition"] = {**_banner(guideline, edition.name, edition.published,
                                                  "replaced" if self.ctx.archive.editions[-1] is not edition else
                                                  "latest_published", language_of(config)),
                                          "archived": True}
                if self.ctx.english is not None:  # (an earlier edition's translation says what it is too)
                    page.meta["gl_edition"]["notice_html"] += languages.translation_notice(self.ctx)
        if isinstance(page, ArchivedPage):  # frozen: not converted
            return markdown
        if corpus is not None:  # tooltips give the definitions of the page's own edition
            mdext.use_linear_abbr(config, self._terms(corpus))
        idlinks.link_on(config, self._id_links(corpus, page.file.src_uri))
        if self.ctx is not None and not writer.is_owned(page.file.src_uri):  # (a translation's hand-written page)
            markdown = typography.typeset_markdown(self.ctx.language, markdown)
        if self.ctx is not None and page.file.src_uri in self.ctx.stale_pages:
            markdown = languages.with_stale_notice(markdown, self.ctx, self.ctx.stale_pages[page.file.src_uri])
        return self._at_this_address(markdown, page.file.src_uri)

    def _translated_guideline(self, edition: str, corpus: Any) -> dict[str, Any]:
        """An earlier edition's metadata in this site's language, made once per build, not once per page."""
        assert self.ctx is not None
        key = f"translated guideline of {edition}"
        if key not in self.ctx.memo:
            self.ctx.memo[key] = output_languages.translated_guideline(corpus, self.ctx.language)
        return self.ctx.memo[key]  # type: ignore[no-any-return]

    def _at_this_address(self, markdown: str, page: str) -> str:
        """A hand-written page names the site by guideline.yml's address (tests hold it to that);
        a build published elsewhere (--site-url) names its own instead."""
        site = (self.ctx.english or self.ctx).site_url if self.ctx is not None else None  # (the English site's)
        if self.ctx is None or writer.is_owned(page) or site == self.ctx.guideline["site_url"]:
            return markdown
        return markdown.replace(self.ctx.guideline["site_url"], site)

    def _id_links(self, corpus: Any, page: str) -> idlinks.Resolve:
        """Where the IDs in a generated page's texts link: its own edition's items (a hand-written page's
        IDs, and an earlier edition's that cannot be read, stay text)."""
        if corpus is None or self.ctx is None or not writer.is_owned(page):
            return idlinks.unlinked
        archived = page.split("/")[1] if page.startswith(ARCHIVED) else None
        if archived is not None and corpus is self.ctx.corpus:
            return idlinks.unlinked
        urls = Urls(self.ctx.urls.site, archived) if archived else self.ctx.urls
        return idlinks.Targets(corpus, urls).resolver(page)

    # The theme's templates, compiled once per process: each language's run and each preview
    # rebuild makes a new environment.
    def on_env(self, env: Any, config: MkDocsConfig, files: Files) -> Any:
        templatecode.share_compiled_templates(env)
        return env

    # Clean every page's HTML with the allowlist sanitiser, after Markdown and before search
    # reads it (the fragments spliced in later were cleaned when they were made).
    @event_priority(-100)
    def on_page_content(self, html: str, page: Any, config: MkDocsConfig, files: Files) -> str:
        if page.file.src_uri.startswith(ARCHIVED) and not page._title_from_render and page.toc \
                and page.toc.items[0].level == 1:  # (its edition note comes first: MkDocs looks at the first element)
            page._title_from_render = page.toc.items[0].title  # (as MkDocs takes it: text, entities kept)
        return sanitize.clean(html)

    # Put the generator's pre-rendered HTML back where the Markdown holds its markers: after
    # the search plugin has read the page (priority -50; search runs at 0), so the index holds
    # the authors' prose and headings, not the layout that repeats other pages (citation
    # lines, tree questions, lists of links), and search does not parse that HTML either.
    @event_priority(-50)
    def on_page_context(self, context: dict[str, Any], page: Any, config: MkDocsConfig,
                        nav: Any) -> dict[str, Any]:
        if self.ctx is not None:
            languages.switch_to_same_page(config, page, self.ctx, self.sites)
        if self.freezing is not None:  # (an earlier edition's page as frozen: its fragments but its note put back)
            self.freezing.take(page, self.ctx.fragments if self.ctx else {},
                               self.ctx.language if self.ctx and self.ctx.english is not None else None)
        try:
            page.content = fragments.splice(page.content or "", self.ctx.fragments if self.ctx else {},
                                            page.file.src_uri)
        except fragments.MissingFragment as error:
            raise PluginError(str(error)) from None
        return context

    # The edition in force, once published, is at its edition URLs too: a page at each that leads on.
    # Search finds IDs whole: after the search plugin (priority 0) has written its index.
    # The project's CSS and JavaScript are minified and renamed by content, then every page gets the policy.
    @event_priority(-100)
    def on_post_build(self, config: MkDocsConfig) -> None:
        if self.ctx is None or self.freezing is not None:  # (a build that freezes pages keeps no site)
            return
        searchids.rewrite_index(Path(config.site_dir), self.ctx)
        made: set[Path] = set()
        for path, text in {**self.direct, **editions.redirects(self.ctx, self.pages)}.items():
            target = Path(config.site_dir) / path
            if target.parent not in made:  # (a directory a time: each mkdir is a system call)
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            with open(target, "x", encoding="utf-8") as handle:  # never over a file MkDocs wrote
                handle.write(text)
        if self.preview is None:  # the preview's files stay as written; its live reload is an inline script
            try:
                assets.fingerprint_site(Path(config.site_dir), self.assets, config.site_url)
            except assets.AssetError as error:
                raise PluginError(str(error)) from None
            # Last: it hashes the pages' inline scripts as they are, and lists the content-named files.
            if not self.secure_later:
                security.secure_site(Path(config.site_dir), config.site_url or "/",
                                     editions.leads_on(self.ctx, self.pages))

    # Watch principles/ and the templates: regenerate into docs/, which MkDocs watches.
    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        if self.preview is None:
            self.preview = Preview(_root(config), Path(config.docs_dir), self.use)
        self.preview.start(server)
        return server

    # Stop the watcher with the server; let go of the site's lock after a plain build.
    def on_shutdown(self) -> None:
        if self._site_lock is not None:
            self._site_lock.close()
            self._site_lock = None
        if self.preview is not None:
            self.preview.stop()
