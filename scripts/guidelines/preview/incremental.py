"""Generation in a long-running process (the preview): redo only what an edit needs.

``generate.generate`` validates, renders and writes everything, which is what a
fresh process must do. ``mkdocs serve`` calls the generator again and again in one
process: for every rebuild (most of them after an edit to a hand-written page, which
changes none of the generator's inputs) and after every save under principles/.
A ``Session`` keeps what the last generation used and made, and:

- skips everything when no input changed (paths, sizes and modification times of
  principles/, of the templates and of the interface text, compared with those of the last
  generation);
- parses again only the files that changed (``corpus.ParseCache``), and when no file
  was added or removed, reads only those (``corpus.reload``);
- when only worked examples changed (the same set of them, every other file the
  same), checks just those examples, and the coverage and register checks that
  depend on all of them;
- when, besides, the changed examples differ only in what no other page shows (see
  ``PRIVATE_EXAMPLE_FIELDS``), renders just their pages and JSON documents, and
  reuses the last output for every other file; anything else renders everything;
- writes through a ``writer.Written`` memo (no file is read back to compare).

The output is always byte for byte what ``generate.generate`` makes from the same
content (tests/test_incremental.py compares them file by file, fragments included).
"""

from __future__ import annotations

import dataclasses
import json
import os
import time
from collections import Counter
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from guidelines import kinds
from guidelines.check import validate
from guidelines.check.notes import check_notes
from guidelines.check.published import check_published_export
from guidelines.context import SiteContext, build_context
from guidelines.export import documents as export
from guidelines.export import jsonout
from guidelines.load.corpus import Corpus, FileKey, Item, ParseCache, load, reload
from guidelines.output.generate import Generated, gc_paused, render_files
from guidelines.output.writer import WriteRefused, WriteReport, Written, write_tree
from guidelines.problems import ContentError, Problems
from guidelines.render import i18n
from guidelines.render.fragments import MARKER, Fragments
from guidelines.render.pages import TEMPLATES, Renderer
from guidelines.urls import INDEX

# Fields of a worked example that only its own page and its own JSON (and the whole
# export, guidelines.json) show. Every other field may appear on other pages: titles in
# links and lists, kind, stages, principles and verdicts in the index and the complete
# page, references in backlinks, status in the register. An edit that changes anything
# else renders everything again.
PRIVATE_EXAMPLE_FIELDS = frozenset({"scenario", "analysis"})

Fingerprint = dict[str, FileKey | None]


def _scan(folder: str, found: Fingerprint) -> None:
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        try:
            if entry.is_dir():
                _scan(entry.path, found)
                continue
            stat = entry.stat()
        except OSError:  # a broken link, or gone meanwhile: its name still counts
            found[entry.path] = None
            continue
        found[entry.path] = (stat.st_size, stat.st_mtime_ns, stat.st_ino, stat.st_ctime_ns)


def fingerprint(root: Path) -> tuple[Fingerprint, Fingerprint]:
    """(principles/, templates and interface text): each file's size, modification time, inode and change
    time, by path."""
    content: Fingerprint = {}
    templates: Fingerprint = {}
    _scan(str(root / kinds.CONTENT), content)
    _scan(str(TEMPLATES), templates)
    _scan(str(i18n.TABLES), templates)
    return content, templates


def _equal(a: Any, b: Any) -> bool:
    """Equal data, in the same order: dicts compare equal whatever their order, but
    the order of answers (and of the keys templates loop over) changes what is made."""
    return repr(a) == repr(b)


def _same(a: Item, b: Item) -> bool:
    return a.source is b.source or _equal(a.data, b.data)


def _shown_elsewhere(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k not in PRIVATE_EXAMPLE_FIELDS}


@dataclass
class _Last:
    """What the last successful generation used and made."""

    content: Fingerprint
    templates: Fingerprint
    corpus: Corpus
    trees: dict[str, dict[str, Any]]
    ctx: SiteContext
    files: dict[str, str]
    markers: Counter[str] | None = None  # fragment hash -> how many times the pages use it
    hashes: dict[str, str] | None = None  # item ID -> its JSON document's content hash


@dataclass
class Session:
    """Generations into one docs/ folder by one process, each reusing the last one's work."""

    root: Path
    docs_dir: Path
    parsed: ParseCache = field(default_factory=ParseCache)
    written: Written = field(default_factory=Written)
    last: _Last | None = None
    failed: tuple[tuple[Fingerprint, Fingerprint], ContentError] | None = None
    mode: str = ""  # what the last call did: unchanged, failed, examples, checked-examples, full (for tests and logs)

    @property
    def context(self) -> SiteContext | None:
        """The context of the last good generation (its files are what docs/ holds)."""
        return self.last.ctx if self.last else None

    def generate(self, hide: Callable[[], AbstractContextManager[object]] | None = None) -> Generated:
        """Bring docs/ up to date with principles/; raise ContentError (writing nothing) on a problem.

        ``hide``, when given, is entered around the writing only: the preview uses it to
        hide the writing from its poller of docs/ (a poll in the middle of the writing
        would see some files change, and the next poll the others: two rebuilds).
        """
        started = time.perf_counter()
        content, templates = fingerprint(self.root)
        last = self.last
        if last is not None and content == last.content and templates == last.templates:
            self.mode = "unchanged"
            return Generated(last.ctx, WriteReport(), {"scan": time.perf_counter() - started})
        if self.failed is not None and self.failed[0] == (content, templates):
            self.mode = "failed"
            raise self.failed[1]
        try:
            with gc_paused():
                result = self._generate(content, templates, started, hide)
        except WriteRefused:  # about docs/, not the content: try again next time; what is kept may be stale
            self.last = None
            raise
        except ContentError as error:  # raised before anything kept was changed
            self.failed = ((content, templates), error)
            raise
        except BaseException:  # what is kept may be half updated: start afresh next time
            self.last = None
            raise
        self.failed = None
        return result

    def _generate(self, content: Fingerprint, templates: Fingerprint, started: float,
                  hide: Callable[[], AbstractContextManager[object]] | None) -> Generated:
        problems = Problems()
        self.parsed.scanned = {path: key for path, key in content.items() if key is not None}
        self.parsed.forget_all_but(self.parsed.scanned)
        last = self.last
        corpus = None
        if last is not None and content.keys() == last.content.keys():  # the same files: reread the changed ones
            corpus = reload(last.corpus, [Path(p) for p, key in content.items() if key != last.content[p]],
                            self.parsed)
        if corpus is None:
            corpus = load(self.root, problems, self.parsed)
        loaded = time.perf_counter()
        changed = self._changed_examples(corpus) if last is not None and not problems else None
        trees = self._check_examples(corpus, changed) if changed is not None else None
        if trees is None:  # anything else changed, or a problem to report in full
            changed = None
            trees = validate.check_corpus(corpus, problems).trees
        validate.check_translations(corpus, problems)  # (read again each time: an edit may touch either side)
        if problems:
            raise ContentError(problems)
        validated = time.perf_counter()
        kept: _Last | None = None
        if last is not None and changed is not None and templates == last.templates and all(
                _equal(_shown_elsewhere(last.corpus.of(kinds.EXAMPLE)[i].data),
                       _shown_elsewhere(corpus.of(kinds.EXAMPLE)[i].data)) for i in changed):
            # What the context derives (backlinks, questions, walks) comes from what the
            # changed examples kept: the last context's, with the new corpus.
            ctx = dataclasses.replace(last.ctx, corpus=corpus, fragments=Fragments(last.ctx.fragments), memo={})
            files = self._render_examples(ctx, changed)
            kept = last  # its fragment counts and export were brought up to date
            self.mode = "examples"
        else:
            ctx = build_context(corpus, trees)
            files = render_files(ctx)
            self.mode = "full" if changed is None else "checked-examples"
        rendered = time.perf_counter()
        check_notes(ctx, problems)  # (as generate.check: the notes against the computed changes,
        check_published_export(ctx, problems)  # and the edition in force against its frozen JSON)
        if problems:
            raise ContentError(problems)
        if hide is None:
            report = write_tree(self.docs_dir, files, self.written, root=self.root)
        else:
            with hide():
                report = write_tree(self.docs_dir, files, self.written, root=self.root)
        written = time.perf_counter()
        self.last = _Last(content, templates, corpus, trees, ctx, files,
                          kept.markers if kept else None, kept.hashes if kept else None)
        if kept is None:
            self._prepare()
        timings = {"load": loaded - started, "validate": validated - loaded, "render": rendered - validated,
                   "write": written - rendered}
        return Generated(ctx, report, timings)

    def touch(self, relpath: str) -> None:
        """Move a generated file's modification time on, so a poller sees it change (once).

        By at least a millisecond: file times can be coarser than the clock.
        """
        assert self.last is not None
        target = self.docs_dir / relpath
        now = max(time.time_ns(), os.stat(target).st_mtime_ns + 1_000_000)
        os.utime(target, ns=(now, now))
        self.written.record(relpath, self.last.files[relpath], target)

    # -- what changed ---------------------------------------------------------------

    def _changed_examples(self, corpus: Corpus) -> list[str] | None:
        """The IDs of the examples whose data changed, when nothing else did (else None)."""
        assert self.last is not None
        before = self.last.corpus
        if (not _equal(corpus.guideline, before.guideline) or not _equal(corpus.register, before.register)
                or corpus.archive.fingerprint() != before.archive.fingerprint()
                or any(corpus.broken_ids.values()) or any(before.broken_ids.values())):
            return None
        for kind in kinds.ITEM_KINDS:
            now, then = corpus.of(kind), before.of(kind)
            if list(now) != list(then):
                return None
            if kind is not kinds.EXAMPLE and not all(_same(now[i], then[i]) for i in now):
                return None
        now, then = corpus.of(kinds.EXAMPLE), before.of(kinds.EXAMPLE)
        return [i for i in now if not _same(now[i], then[i])]

    # -- validation of changed examples -----------------------------------------------

    def _prepare(self) -> None:
        """Count what the next edits of examples need, from the last generation (cheap after one).

        Done after a generation rather than at the next edit, which is what someone waits for.
        """
        last = self.last
        assert last is not None
        if last.markers is None:
            last.markers = Counter()
            for path, text in last.files.items():
                if path.endswith(".md"):
                    last.markers.update(MARKER.findall(text))
        if last.hashes is None:  # what the index lists: the export needs the others' hashes after an edit
            index = json.loads(last.files[INDEX])
            last.hashes = {entry["id"]: entry[jsonout.HASH_FIELD] for entry in index["items"]}

    def _check_examples(self, corpus: Corpus, changed: list[str]) -> dict[str, dict[str, Any]] | None:
        """Check only the changed examples (nothing else changed); None when a full check must tell.

        The changed examples get ``validate.check_item``, the others only count the
        outcomes they reach (``add_reached``), then ``check_whole`` runs as in every
        check. Any problem sends the caller to the full check, so reports always come
        out complete and in order.
        """
        last = self.last
        assert last is not None
        problems = Problems()
        checked = validate.Checked(trees=last.trees)
        corpus.walks = last.corpus.walks  # only examples changed: the trees, and so their walks, are the same
        for item in corpus.of(kinds.EXAMPLE).values():
            if item.id in changed:
                validate.check_item(corpus, item, checked, problems)
            else:
                validate.add_reached(corpus, item, checked)
        if problems:
            return None
        validate.check_whole(corpus, checked, problems)
        return None if problems else last.trees

    # -- rendering changed examples -----------------------------------------------------

    def _render_examples(self, ctx: SiteContext, changed: list[str]) -> dict[str, str]:
        """The last output with the changed examples' pages and JSON made again.

        The fragments' use counts and the documents' hashes kept in ``last`` are updated in place.
        """
        last = self.last
        assert last is not None
        self._prepare()
        markers = last.markers
        assert markers is not None
        files = dict(last.files)
        if not changed:
            return files
        renderer = Renderer(ctx)
        pages = {ctx.urls.page(kinds.EXAMPLE, item_id): item_id for item_id in changed}
        if ctx.archive.before(ctx.edition) is not None:  # the edited examples are among this edition's changes
            pages[ctx.urls.source("changelog.md")] = ""
        dropped: set[str] = set()
        for page, item_id in pages.items():
            before = files[page]
            files[page] = renderer.item_page(kinds.EXAMPLE, item_id, page) if item_id else renderer.changelog_page()
            keys = MARKER.findall(before)
            markers.subtract(keys)
            dropped.update(keys)
            markers.update(MARKER.findall(files[page]))
        for key in dropped:  # fragments no page uses any more: a full generation would not make them
            if markers[key] <= 0:
                del markers[key]
                ctx.fragments.pop(key, None)
        exporter = export.exporter(ctx)  # asked for the changed examples' documents only
        assert last.hashes is not None
        exporter.hashes = last.hashes
        files.update(exporter.documents(only=set(changed)))
        return files
