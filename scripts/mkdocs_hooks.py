"""MkDocs hooks: regenerate pages and JSON from principles/ for every build and preview.

A thin shim by design: all the work is in the engine-agnostic ``guidelines`` package,
so ``mkdocs build``, ``mkdocs serve`` and ``guidelines build`` agree. MkDocs imports
this file once per ``serve`` session.

Under ``serve``, the YAML is watched here rather than through MkDocs' ``watch:``: a
change regenerates the docs first, and the regenerated Markdown then triggers exactly
one rebuild (letting MkDocs rebuild on the YAML change itself would build twice,
once for the YAML and again for the files the build rewrote).

``serve`` also keeps one ``incremental.Session`` for the whole process: a rebuild after
an edit to a hand-written page finds no input changed and generates nothing, and a
YAML edit redoes only what it affects. A fresh process (``mkdocs build``, ``guidelines
build``) always generates everything.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

_SCRIPTS = Path(__file__).resolve().parent
if str(_SCRIPTS) not in sys.path:  # hooks are loaded by path, not as a package
    sys.path.insert(0, str(_SCRIPTS))

from markupsafe import escape  # noqa: E402
from mkdocs.config.defaults import MkDocsConfig  # noqa: E402
from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.plugins import event_priority  # noqa: E402
from mkdocs.structure.files import File  # noqa: E402
from watchdog.events import (  # noqa: E402
    EVENT_TYPE_CLOSED,
    EVENT_TYPE_CREATED,
    EVENT_TYPE_DELETED,
    EVENT_TYPE_MODIFIED,
    EVENT_TYPE_MOVED,
    FileDeletedEvent,
    FileModifiedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer  # noqa: E402
from watchdog.observers.polling import PollingObserver  # noqa: E402

from guidelines.build import generate, locks, sitebuild, writer  # noqa: E402
from guidelines.preview import incremental  # noqa: E402
from guidelines.render import fragments, mdext, sanitize  # noqa: E402
from guidelines.render.pages import glossary_terms  # noqa: E402

log = logging.getLogger("mkdocs.hooks.guidelines")
# Pages that repeat what other pages already show: left out of the search index, so a
# search finds each item once, on its own page. (Material's search plugin also looks up
# every heading's TOC entry by a linear search: quadratic on the complete page.)
NOT_SEARCHED = frozenset({"complete.md"})
# Events that mean a file's content or name changed (not opened, closed unwritten or touched).
CHANGES = frozenset({EVENT_TYPE_CREATED, EVENT_TYPE_MODIFIED, EVENT_TYPE_DELETED, EVENT_TYPE_MOVED,
                     EVENT_TYPE_CLOSED})
# An editor's save is several events within milliseconds: regenerate once, this long after
# the last. A file closed after writing, renamed into place or deleted is done with at once;
# after any other event (a write may follow), wait longer.
DEBOUNCE = {EVENT_TYPE_CLOSED: 0.01, EVENT_TYPE_MOVED: 0.01, EVENT_TYPE_DELETED: 0.01}
DEBOUNCE_OTHER = 0.1
_watch: dict[str, Any] = {"observer": None, "lock": threading.Lock(), "lock_timer": threading.Lock(),
                          "timer": None, "serving": False, "session": None, "reported": None, "server": None}
# The context of this build (its fragments go into pages) and, in a one-shot build, the
# generated files MkDocs takes from memory rather than from docs/ (see on_files).
_current: dict[str, Any] = {"ctx": None, "files": None}


def _root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


def _session(root: Path, docs_dir: Path) -> incremental.Session:
    """The preview's generation session (one per project and docs folder)."""
    session = _watch["session"]
    if session is None or (session.root, session.docs_dir) != (root, docs_dir):
        session = _watch["session"] = incremental.Session(root, docs_dir)
    return session


def _report(error: generate.ContentError) -> None:
    """Log a content error under serve, once per failed generation."""
    if _watch["reported"] is not error:
        _watch["reported"] = error
        log.error("The guideline content has problems (the preview keeps the last good version):\n"
                  + error.problems.report())


# Remember whether this process is the preview (only then may a build reuse earlier work) or
# a plain `mkdocs build` (which writes site/ in place: it takes the site's lock, as builds do).
def on_startup(command: str, dirty: bool) -> None:
    _watch["serving"] = command == "serve"
    _watch["building"] = command == "build"


# Generate the docs (unless a watcher just did, or, under serve, nothing changed), and
# carry the guideline's metadata into the theme's context.
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    root, docs_dir = _root(config), Path(config.docs_dir)
    if _watch.get("building") and _watch.get("site_lock") is None:
        _watch["site_lock"] = ExitStack()
        _watch["site_lock"].enter_context(locks.held(locks.site_lock(Path(config.site_dir)), "build"))
    with _watch["lock"]:  # a regeneration under way finishes first (and stashes its context)
        ctx, files = sitebuild.take_pregenerated(), sitebuild.take_files()
        if ctx is None and _watch["serving"]:
            session = _session(root, docs_dir)
            server = _watch["server"]  # what this build generates, it reads: its poller need not see it
            hide = (lambda: _unwatched(server, str(docs_dir), [])) if server is not None else None
            try:
                with locks.held(locks.docs_lock(docs_dir), "generation", log.info):
                    ctx = session.generate(hide).context
            except generate.ContentError as error:
                if session.context is None:
                    raise PluginError("The guideline content has problems:\n" + error.problems.report()) from None
                _report(error)
                ctx = session.context  # docs/ still holds what it made
        elif ctx is None:
            try:
                result = generate.generate(root, docs_dir, write=False)
            except generate.ContentError as error:
                raise PluginError("The guideline content has problems:\n" + error.problems.report()) from None
            ctx, files = result.context, result.files
    _current["ctx"], _current["files"] = ctx, files
    guideline = ctx.guideline
    # Material writes site_name into pages as HTML, unescaped: escape the YAML text here.
    config.site_name = escape(guideline["short_title"])
    if not config.site_url:
        config.site_url = ctx.site_url
    # Glossary tooltips on every page: the terms go to the Markdown extension as data (see mdext).
    mdext.use_linear_abbr(config, glossary_terms(ctx))
    config.extra["guideline"] = {
        "title": guideline["title"], "short_title": guideline["short_title"], "edition": ctx.edition,
        "effective_date": guideline["effective_date"], "publisher": guideline["publisher"]["name"],
    }
    return config


# Keep pages that only repeat other pages out of the search index.
# A one-shot build (mkdocs build, guidelines build) takes the generated pages and JSON from
# memory: MkDocs 1.6's virtual files, in place of whatever docs/ holds at those paths (a
# preview's leftovers), and without any stale generated file docs/ may still hold. The
# preview keeps writing docs/, which its --dirty rebuilds compare by modification time.
def on_files(files: Any, config: MkDocsConfig) -> Any:
    generated = _current["files"]
    if not generated:
        return files
    foreign = writer.foreign_files(Path(config.docs_dir))
    if foreign:  # a hand-written page there would silently drop out of the site
        raise PluginError("These files sit where the generator writes, but it did not write them (they are not in "
                          f"docs/{writer.MANIFEST}): move them elsewhere if they are yours, or delete them if an "
                          "older version of the generator made them:\n" + "\n".join(f"  docs/{f}" for f in foreign))
    for file in list(files):
        if writer.is_owned(file.src_uri):
            files.remove(file)
    for relpath, content in generated.items():
        files.append(File.generated(config, relpath, content=content))
    return files


# Clean every page's HTML with the allowlist sanitiser, after Markdown and before search
# reads it (the fragments spliced in later were cleaned when they were made).
@event_priority(-100)
def on_page_content(html: str, page: Any, config: MkDocsConfig, files: Any) -> str:
    return sanitize.clean(html)


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


@contextmanager
def _unwatched(server: Any, folder: str, hidden: list[bool]) -> Iterator[None]:
    """Hide changes under ``folder`` from the live-reload server's poller while inside.

    Unwatching stops (and joins) the poller of that folder; watching again starts a new
    one, whose first snapshot already holds everything written meanwhile: a poll can
    no longer fall in the middle of the writing (some files seen now, the others at the
    next poll: two rebuilds). ``hidden`` says whether it worked.
    """
    try:
        server.unwatch(folder)
    except (AttributeError, KeyError):  # not MkDocs' live-reload server, or not watching docs/
        yield
        return
    try:
        yield
    finally:
        server.watch(folder)
    hidden.append(True)


def _announce(server: Any, folder: str, session: incremental.Session, report: Any, hidden: bool) -> None:
    """Tell the live-reload server about hidden changes: it rebuilds once, at once.

    The server's poller of docs/ takes the event as if it had seen the file change
    (without waiting for its next poll, half a second away). Without the poller, one
    written file's time moves on and the next poll sees that.
    """
    if not hidden:
        return  # the poller sees the writing itself
    changed = (report.written or report.removed)[0]
    path = os.path.abspath(os.path.join(folder, changed))
    for emitter in getattr(getattr(server, "observer", None), "emitters", ()):
        if os.path.abspath(str(emitter.watch.path)) == os.path.abspath(folder):
            emitter.queue_event(FileModifiedEvent(path) if report.written else FileDeletedEvent(path))
            return
    if report.written:
        session.touch(changed)


def _regenerate(root: Path, docs_dir: Path) -> None:
    server, folder, hidden = _watch["server"], str(docs_dir), []  # the folder as MkDocs watches it
    hide = (lambda: _unwatched(server, folder, hidden)) if server is not None else None
    with _watch["lock"]:
        session = _session(root, docs_dir)
        try:
            with locks.held(locks.docs_lock(docs_dir), "generation", log.info):
                result = session.generate(hide)
        except generate.ContentError as error:
            _report(error)
            return
        except Exception:  # a bug must not kill the watcher thread silently
            log.exception("Regenerating the guideline pages failed")
            return
        if result.report.written or result.report.removed:
            # Taken by the rebuild the rewritten files trigger, which waits for this lock.
            sitebuild.stash_pregenerated(result.context)
            took = sum(result.timings.values())
            log.info(f"Regenerated {len(result.report.written)} file(s) from principles/ "
                     f"({session.mode}, {took:.2f} s)")
            _announce(server, folder, session, result.report, bool(hidden))


def _soon(root: Path, docs_dir: Path, event_type: str) -> None:
    """Regenerate once the events of one save are over (each event restarts the wait)."""
    with _watch["lock_timer"]:
        if _watch["timer"] is not None:
            _watch["timer"].cancel()
        delay = DEBOUNCE.get(event_type, DEBOUNCE_OTHER)
        timer = _watch["timer"] = threading.Timer(delay, _regenerate, (root, docs_dir))
        timer.daemon = True
        timer.start()


# Watch principles/ and the templates: regenerate into docs/, which MkDocs watches.
def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    root, docs_dir = _root(config), Path(config.docs_dir)
    _watch["serving"] = True
    _watch["server"] = server
    if _watch["observer"] is not None:
        return server

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event: FileSystemEvent) -> None:
            if event.is_directory or event.event_type not in CHANGES:
                return  # the generator opening and reading files sends events too
            paths = (str(event.src_path), str(getattr(event, "dest_path", "") or ""))
            if any(p.endswith((".yml", ".j2")) for p in paths):
                _soon(root, docs_dir, event.event_type)

    folders = [f for f in (root / "principles", _SCRIPTS / "guidelines" / "render" / "templates") if f.is_dir()]
    try:  # inotify where the system has it: events at once, no polling
        observer = _observe(Observer(), folders, Handler())
    except OSError as error:  # out of inotify watches, or a file system without events
        log.info(f"Watching principles/ by polling ({error})")
        observer = _observe(PollingObserver(timeout=0.25), folders, Handler())
    _watch["observer"] = observer
    return server


def _observe(observer: Any, folders: list[Path], handler: FileSystemEventHandler) -> Any:
    for folder in folders:
        observer.schedule(handler, str(folder), recursive=True)
    observer.daemon = True
    observer.start()
    return observer


# Stop the watcher with the server; let go of the site's lock after a plain build.
def on_shutdown() -> None:
    if _watch.get("site_lock") is not None:
        _watch["site_lock"].close()
        _watch["site_lock"] = None
    observer = _watch["observer"]
    if observer is not None:
        observer.stop()
        _watch["observer"] = None
    _watch["server"] = None
    with _watch["lock_timer"]:
        if _watch["timer"] is not None:
            _watch["timer"].cancel()
            _watch["timer"] = None
