"""The engine-agnostic generator: validated YAML in, Markdown and JSON files out.

The MkDocs hook and `guidelines generate` call it; another static-site engine could too. If
validation finds any problem nothing is written at all.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from guidelines.check.notes import check_notes
from guidelines.check.published import check_published_export
from guidelines.check.validate import validate
from guidelines.context import SiteContext, build_context
from guidelines.export import documents as export
from guidelines.output import languages
from guidelines.output.editions import edition_files
from guidelines.output.writer import WriteReport, write_tree
from guidelines.problems import ContentError, Problems
from guidelines.render.pages import Renderer


@dataclass
class Generated:
    """The outcome of one generation run, with timings for the benchmark."""

    context: SiteContext
    report: WriteReport
    timings: dict[str, float] = field(default_factory=dict)
    # every generated file by path under docs/ (what was written, or is to be served from memory)
    files: dict[str, str] = field(default_factory=dict)
    # each translation's generation, by language: its site is built under /<language>/ (output/languages.py)
    languages: dict[str, Generated] = field(default_factory=dict)


def check(root: Path, site_url: str | None = None) -> tuple[SiteContext | None, Problems]:
    """Validate only; the context is returned when there is no problem.

    ``site_url``: the address this build is published at, instead of guideline.yml's (a
    staging copy, a move): an address is where the text is, not part of it, so it needs no
    new edition.
    """
    corpus, trees, problems = validate(root)
    if problems:
        return None, problems
    ctx = build_context(corpus, trees, published_at=site_url)
    check_notes(ctx, problems)
    check_published_export(ctx, problems)
    return (None, problems) if problems else (ctx, problems)


def render_files(ctx: SiteContext) -> dict[str, str]:
    """Every generated file (pages and JSON), by path under docs/."""
    files = Renderer(ctx).pages()
    files.update(export.documents(ctx))
    files.update(edition_files(ctx))
    return files


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while the generator runs.

    Generation allocates about a million objects that live on (the corpus, pages,
    fragments) and frees its temporaries by reference counting, so the collector's
    passes find almost nothing: at 1,000 worked examples they cost 0.2 s, 7% of the
    run. It runs again as usual afterwards.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def generate(root: Path, docs_dir: Path | None = None, *, write: bool = True,
             site_url: str | None = None) -> Generated:
    """Validate, render and write; raise ContentError (writing nothing) on any problem.

    ``write=False`` writes nothing and leaves the files in ``Generated.files`` for a
    build to take from memory (the hook hands them to MkDocs): writing 2,000 files
    cost 0.5 to 0.8 s at 1,000 examples, a third of generation, for MkDocs to read
    them straight back.
    """
    with gc_paused():
        return _generate(root, docs_dir, write, site_url)


def _generate(root: Path, docs_dir: Path | None, write: bool = True, site_url: str | None = None) -> Generated:
    started = time.perf_counter()
    ctx, problems = check(root, site_url)
    if ctx is None:
        raise ContentError(problems)
    validated = time.perf_counter()
    files = render_files(ctx)
    translated = {} if write else render_languages(ctx)
    rendered = time.perf_counter()
    report = write_tree(docs_dir or root / "docs", files, root=root) if write else WriteReport()
    written = time.perf_counter()
    timings = {"validate": validated - started, "render": rendered - validated, "write": written - rendered}
    return Generated(ctx, report, timings, files, translated)


def render_languages(ctx: SiteContext) -> dict[str, Generated]:
    """Each translation's pages and JSON (built from memory under /<language>/; the preview shows English)."""
    found = {}
    for language in languages.declared(ctx):
        translated = languages.translated_context(ctx, language)
        problems = Problems()
        languages.same_decisions(ctx, translated, problems)
        if problems:
            raise ContentError(problems)
        files = Renderer(translated).pages()
        documents = export.documents(translated)
        files.update(documents)
        files.update(edition_files(translated, documents))  # (the editions published in its language)
        found[language] = Generated(translated, WriteReport(), {}, files)
    return found
