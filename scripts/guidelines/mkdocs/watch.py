"""The preview's side of ``mkdocs serve``: watch principles/, regenerate once per save, rebuild once.

Under ``serve`` the YAML is watched here rather than through MkDocs' ``watch:``: a
change regenerates docs/ first, and the regenerated Markdown then triggers exactly
one rebuild (letting MkDocs rebuild on the YAML change itself would build twice, once
for the YAML and again for the files the build rewrote). One ``incremental.Session``
lives as long as the process: a YAML edit redoes only what it affects.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from watchdog.events import (
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
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

from guidelines import kinds
from guidelines.output import locks
from guidelines.output.generate import Generated
from guidelines.output.writer import WriteReport
from guidelines.preview.incremental import Session
from guidelines.problems import ContentError
from guidelines.render import i18n
from guidelines.render.pages import TEMPLATES

log = logging.getLogger("mkdocs.hooks.guidelines")
# Events that mean a file's content or name changed (not opened, closed unwritten or touched).
CHANGES = frozenset({EVENT_TYPE_CREATED, EVENT_TYPE_MODIFIED, EVENT_TYPE_DELETED, EVENT_TYPE_MOVED,
                     EVENT_TYPE_CLOSED})
# An editor's save is several events within milliseconds: regenerate once, this long after
# the last. A file closed after writing, renamed into place or deleted is done with at once;
# after any other event (a write may follow), wait longer.
DEBOUNCE = {EVENT_TYPE_CLOSED: 0.01, EVENT_TYPE_MOVED: 0.01, EVENT_TYPE_DELETED: 0.01}
DEBOUNCE_OTHER = 0.1


class Preview:
    """One project's preview in one ``serve`` process: its session, watcher and live-reload server."""

    def __init__(self, root: Path, docs_dir: Path, regenerated: Callable[[Generated], None]) -> None:
        self.root, self.docs_dir = root, docs_dir
        self.session = Session(root, docs_dir)
        self.regenerated = regenerated  # told of a generation the next rebuild should use
        self.lock = threading.Lock()  # one generation at a time: the watcher's or a rebuild's
        self.server: Any = None
        self._observer: Any = None
        self._timer: threading.Timer | None = None
        self._timer_lock = threading.Lock()
        self._reported: ContentError | None = None

    def generate(self) -> Generated:
        """Bring docs/ up to date for a rebuild (raises ContentError); the server's poller never sees it."""
        hide = (lambda: _unwatched(self.server, str(self.docs_dir), [])) if self.server is not None else None
        with locks.held(locks.docs_lock(self.docs_dir), "generation", log.info):
            return self.session.generate(hide)

    def report(self, error: ContentError) -> None:
        """Log a content error, once per failed generation."""
        if self._reported is not error:
            self._reported = error
            log.error("The guideline content has problems (the preview keeps the last good version):\n"
                      + error.problems.report())

    def start(self, server: Any) -> None:
        """Watch principles/, the templates and the interface text (inotify where the system has it, else
        polling)."""
        self.server = server
        if self._observer is not None:
            return
        preview = self

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event: FileSystemEvent) -> None:
                if event.is_directory or event.event_type not in CHANGES:
                    return  # the generator opening and reading files sends events too
                paths = (str(event.src_path), str(getattr(event, "dest_path", "") or ""))
                if any(p.endswith((".yml", ".j2")) for p in paths):
                    preview._soon(event.event_type)

        folders = [f for f in (self.root / kinds.CONTENT, TEMPLATES, i18n.TABLES) if f.is_dir()]
        try:
            self._observer = _observe(Observer(), folders, Handler())
        except OSError as error:  # out of inotify watches, or a file system without events
            log.info(f"Watching principles/ by polling ({error})")
            self._observer = _observe(PollingObserver(timeout=0.25), folders, Handler())

    def stop(self) -> None:
        if self._observer is not None:
            self._observer.stop()
            self._observer = None
        self.server = None
        with self._timer_lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None

    def _soon(self, event_type: str) -> None:
        """Regenerate once the events of one save are over (each event restarts the wait)."""
        with self._timer_lock:
            if self._timer is not None:
                self._timer.cancel()
            self._timer = threading.Timer(DEBOUNCE.get(event_type, DEBOUNCE_OTHER), self._regenerate)
            self._timer.daemon = True
            self._timer.start()

    def _regenerate(self) -> None:
        server, folder, hidden = self.server, str(self.docs_dir), []  # the folder as MkDocs watches it
        hide = (lambda: _unwatched(server, folder, hidden)) if server is not None else None
        with self.lock:
            try:
                with locks.held(locks.docs_lock(self.docs_dir), "generation", log.info):
                    result = self.session.generate(hide)
            except ContentError as error:
                self.report(error)
                return
            except Exception:  # a bug must not kill the watcher thread silently
                log.exception("Regenerating the guideline pages failed")
                return
            if result.report.written or result.report.removed:
                # Taken by the rebuild the rewritten files trigger, which waits for this lock.
                self.regenerated(result)
                took = sum(result.timings.values())
                log.info(f"Regenerated {len(result.report.written)} file(s) from principles/ "
                         f"({self.session.mode}, {took:.2f} s)")
                self._announce(result.report, bool(hidden))

    def _announce(self, report: WriteReport, hidden: bool) -> None:
        """Tell the live-reload server about hidden changes: it rebuilds once, at once.

        The server's poller of docs/ takes the event as if it had seen the file change
        (without waiting for its next poll, half a second away). Without the poller, one
        written file's time moves on and the next poll sees that.
        """
        if not hidden:
            return  # the poller sees the writing itself
        folder = str(self.docs_dir)
        changed = (report.written or report.removed)[0]
        path = os.path.abspath(os.path.join(folder, changed))
        for emitter in getattr(getattr(self.server, "observer", None), "emitters", ()):
            if os.path.abspath(str(emitter.watch.path)) == os.path.abspath(folder):
                emitter.queue_event(FileModifiedEvent(path) if report.written else FileDeletedEvent(path))
                return
        if report.written:
            self.session.touch(changed)


def _observe(observer: Any, folders: list[Path], handler: FileSystemEventHandler) -> Any:
    for folder in folders:
        observer.schedule(handler, str(folder), recursive=True)
    observer.daemon = True
    observer.start()
    return observer


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

