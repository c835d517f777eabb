"""MkDocs hooks: regenerate pages and JSON from principles/ for every build and preview.

A thin shim by design: all the work is in the engine-agnostic ``guidelines`` package,
so ``mkdocs build``, ``mkdocs serve`` and ``guidelines build`` agree. MkDocs imports
this file once per ``serve`` session.

Under ``serve``, the YAML is watched here rather than through MkDocs' ``watch:``: a
change regenerates the docs first, and the regenerated Markdown then triggers exactly
one rebuild (letting MkDocs rebuild on the YAML change itself would build twice,
once for the YAML and again for the files the build rewrote).
"""

from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path
from typing import Any

_SCRIPTS = Path(__file__).resolve().parent
if str(_SCRIPTS) not in sys.path:  # hooks are loaded by path, not as a package
    sys.path.insert(0, str(_SCRIPTS))

from markupsafe import escape  # noqa: E402
from mkdocs.config.defaults import MkDocsConfig  # noqa: E402
from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.plugins import event_priority  # noqa: E402
from watchdog.events import FileSystemEvent, FileSystemEventHandler  # noqa: E402
from watchdog.observers.polling import PollingObserver  # noqa: E402

from guidelines import fragments, generate, mdext, sitebuild  # noqa: E402

log = logging.getLogger("mkdocs.hooks.guidelines")
# Pages that repeat what other pages already show: left out of the search index, so a
# search finds each item once, on its own page. (Material's search plugin also looks up
# every heading's TOC entry by a linear search: quadratic on the complete page.)
NOT_SEARCHED = frozenset({"complete.md"})
_watch: dict[str, Any] = {"observer": None, "lock": threading.Lock()}
_current: dict[str, Any] = {"ctx": None}  # the context of this build: its fragments go into pages


def _root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


# Generate the docs (unless a watcher just did), and carry the guideline's metadata
# into the theme's context.
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    ctx = sitebuild.take_pregenerated()
    if ctx is None:
        try:
            ctx = generate.generate(_root(config), Path(config.docs_dir)).context
        except generate.ContentError as error:
            raise PluginError("The guideline content has problems:\n" + error.problems.report()) from None
    _current["ctx"] = ctx
    guideline = ctx.guideline
    # Material writes site_name into pages as HTML, unescaped: escape the YAML text here.
    config.site_name = escape(guideline["short_title"])
    # Snippet folders in mkdocs.yml are relative to the project, not to the working folder.
    snippets = config.mdx_configs.get("pymdownx.snippets")
    if snippets and snippets.get("base_path"):
        folders = snippets["base_path"]
        snippets["base_path"] = [str(_root(config) / f) for f in ([folders] if isinstance(folders, str) else folders)]
    if not config.site_url:
        config.site_url = ctx.site_url
    mdext.use_linear_abbr(config)  # the same output as 'abbr', in linear time (see mdext)
    config.extra["guideline"] = {
        "title": guideline["title"], "short_title": guideline["short_title"], "edition": ctx.edition,
        "effective_date": guideline["effective_date"], "publisher": guideline["publisher"]["name"],
    }
    return config


# Keep pages that only repeat other pages out of the search index.
def on_page_markdown(markdown: str, page: Any, config: MkDocsConfig, files: Any) -> str:
    if page.file.src_uri in NOT_SEARCHED:
        page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
    return markdown


# Put the generator's pre-rendered HTML back where the Markdown holds its markers: after
# the search plugin has read the page (priority -50; search runs at 0), so the index holds
# the authors' prose and headings, not the layout that repeats other pages (citation
# lines, tree questions, lists of links), and search does not parse that HTML either.
@event_priority(-50)
def on_page_context(context: dict[str, Any], page: Any, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
    ctx = _current["ctx"]
    try:
        page.content = fragments.splice(page.content or "", ctx.fragments if ctx else {}, page.file.src_uri)
    except fragments.MissingFragment as error:
        raise PluginError(str(error)) from None
    return context


def _regenerate(root: Path, docs_dir: Path) -> None:
    with _watch["lock"]:
        try:
            result = generate.generate(root, docs_dir)
        except generate.ContentError as error:
            log.error("The guideline content has problems (the preview keeps the last good version):\n"
                      + error.problems.report())
            return
        except Exception:  # a bug must not kill the watcher thread silently
            log.exception("Regenerating the guideline pages failed")
            return
        if result.report.written or result.report.removed:
            sitebuild.stash_pregenerated(result.context)
            log.info(f"Regenerated {len(result.report.written)} file(s) from principles/")


# Watch principles/ and the templates: regenerate into docs/, which MkDocs watches.
def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    root, docs_dir = _root(config), Path(config.docs_dir)
    if _watch["observer"] is not None:
        return server

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event: FileSystemEvent) -> None:
            paths = (str(event.src_path), str(getattr(event, "dest_path", "") or ""))
            if not event.is_directory and any(p.endswith((".yml", ".j2")) for p in paths):
                _regenerate(root, docs_dir)

    observer = PollingObserver(timeout=0.25)
    for folder in (root / "principles", _SCRIPTS / "guidelines" / "templates"):
        if folder.is_dir():
            observer.schedule(Handler(), str(folder), recursive=True)
    observer.daemon = True
    observer.start()
    _watch["observer"] = observer
    return server


# Stop the watcher with the server.
def on_shutdown() -> None:
    observer = _watch["observer"]
    if observer is not None:
        observer.stop()
        _watch["observer"] = None
