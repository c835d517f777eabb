"""Build the whole site atomically: a failed build never touches the last good site/.

MkDocs cleans and writes its site directory in place, so a build that fails half
way would leave a broken site. Here MkDocs builds into a fresh temporary folder
beside the target, and only a complete, strict-clean build is swapped in.
"""

from __future__ import annotations

import ctypes
import errno
import gc
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import ConfigurationError

from guidelines import kinds
from guidelines.mkdocs import languages
from guidelines.mkdocs.hooks import GuidelinesHooks
from guidelines.output import editions, generate, locks, security
from guidelines.output import languages as output_languages

# A built site carries this mark: a later build replaces only a folder that has it.
SITE_MARK = ".guidelines-site"
_SITE_MARK_TEXT = "A site built by the guidelines generator: the next build replaces this folder whole.\n"
_RENAME_EXCHANGE = 2  # linux/fs.h


def _exchange(one: Path, two: Path) -> bool:
    """Swap two paths in one step (Linux's renameat2 with RENAME_EXCHANGE); False where unsupported."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    at_cwd = -100
    if renameat2(at_cwd, os.fsencode(one), at_cwd, os.fsencode(two), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(two))


def _swap(new: Path, target: Path) -> None:
    """Put the built site in place. Where the system can exchange two folders in one step there is
    no moment without a site; elsewhere the old one is moved aside first."""
    if target.is_dir() and _exchange(new, target):
        shutil.rmtree(new)  # now the previous site
        return
    old = target.with_name(f".{target.name}.old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        os.replace(target, old)
    os.replace(new, target)
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)


def staging_prefix(target: Path) -> str:
    return f".{target.name}-build-"


def _remove_stale_staging(target: Path) -> None:
    """Remove staging folders of earlier builds of this site that were killed (the lock is held:
    no other build of it is running), and an old site left by a swap cut short."""
    for leftover in target.parent.glob(staging_prefix(target) + "*"):
        if leftover.is_dir() and not leftover.is_symlink():
            shutil.rmtree(leftover, ignore_errors=True)
    old = target.with_name(f".{target.name}.old")
    if old.is_dir() and not old.is_symlink():
        shutil.rmtree(old, ignore_errors=True)


def _check_target(root: Path, target: Path) -> None:
    """Refuse a site folder whose replacement would delete the project or other files.

    The swap replaces the whole target folder: '--site-dir .' would have deleted the
    project (and its .git), '--site-dir principles' the content. MkDocs' own check
    (site_dir not around docs_dir) never sees the target, as MkDocs builds elsewhere.
    """
    if target.is_symlink():
        raise ConfigurationError(f"the site folder {target} is a symbolic link: a build replaces the folder it "
                                 "names, so it never follows one; remove the link or choose a real folder")
    target = target.resolve()
    if target == root or root.is_relative_to(target):
        raise ConfigurationError(f"the site folder {target} holds the project itself: "
                                 "choose a folder of its own, such as site/")
    for name in ("principles", "docs", "scripts", ".git"):
        if target.is_relative_to(root / name):
            raise ConfigurationError(f"the site folder {target} is inside {name}/: choose a folder of its own, "
                                     "such as site/")
    if target.exists() and (not target.is_dir() or (any(target.iterdir()) and not _built_here(root, target))):
        raise ConfigurationError(f"{target} exists and was not built by this generator, and building would replace "
                                 "it whole: choose a new or empty folder")


def _built_here(root: Path, target: Path) -> bool:
    """Whether a folder is a site this generator built (its mark), or the project's own site/ from before the mark."""
    if (target / SITE_MARK).is_file() and not (target / SITE_MARK).is_symlink():
        return True
    return target == root / "site" and (target / "index.html").is_file() and (target / "sitemap.xml").is_file()


@contextmanager
def _content_date(ctx: generate.SiteContext) -> Iterator[None]:
    """Date the build by the content, not by the clock, so that rebuilding changes nothing.

    MkDocs stamps the build date into sitemap.xml (lastmod) and the gzip header of
    sitemap.xml.gz, so the same content built on two days gave different files. It
    reads SOURCE_DATE_EPOCH (the reproducible-builds convention) instead when set:
    here, the date of the current edition's changelog entry (else the guideline's effective date or
    the day its text was last checked),
    unless the caller set one.
    """
    if "SOURCE_DATE_EPOCH" in os.environ:
        yield
        return
    entry = ctx.corpus.get(kinds.CHANGELOG, ctx.edition)
    dates = ctx.guideline.get("dates", {})
    when = entry.data["date"] if entry else dates.get("effective") or dates.get("source_checked")
    if when is None:
        yield
        return
    day = date.fromisoformat(str(when))
    os.environ["SOURCE_DATE_EPOCH"] = str(int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp()))
    try:
        yield
    finally:
        os.environ.pop("SOURCE_DATE_EPOCH", None)


@contextmanager
def _frozen() -> Iterator[None]:
    """The generation's objects (the corpus, every edition's content, the pages' sources) outlive MkDocs'
    build: the cyclic garbage collector need not walk them again at each of its full passes (they cost
    60 to 70 ms a build with five archived editions). They are handed back to it afterwards."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def configure_logging(verbose: bool = False) -> None:
    """Show MkDocs' warnings (and info with --verbose) the way its CLI would."""
    logger = logging.getLogger("mkdocs")
    if not any(getattr(h, "_guidelines", False) for h in logger.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        handler._guidelines = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
    logger.setLevel(logging.INFO if verbose else logging.WARNING)
    logger.propagate = False


def _sites(result: generate.Generated, docs_dir: Path) -> dict[str, dict[str, Any]]:
    """Every language's site: its own name, its address and its pages (the language switcher's and hreflang's)."""
    declared = list(result.languages)
    return {entry["language"]: {**entry, "pages": languages.pages_of(
                (result if entry["language"] == "en" else result.languages[entry["language"]]).files,
                docs_dir, entry["language"], declared)}
            for entry in output_languages.alternates(result.context)}


def build_site(root: Path, site_dir: Path | None = None, *, strict: bool = True,
               site_url: str | None = None) -> generate.Generated:
    """Validate, generate and build into ``site_dir`` (default: root/site), atomically.

    ``site_url``: publish at this address instead of guideline.yml's (see generate.check).
    Raises generate.ContentError for content problems (nothing written), MkDocs'
    ConfigurationError for a site folder that must not be replaced (see _check_target),
    and lets MkDocs' Abort through for a failed site build (the previous site is kept).
    """
    root = root.resolve()
    target = site_dir or root / "site"
    _check_target(root, target)
    target = target.resolve()
    # MkDocs takes the pages from memory (the hook's on_files).
    result = generate.generate(root, write=False, site_url=site_url)
    target.parent.mkdir(parents=True, exist_ok=True)
    with locks.held(locks.site_lock(target), "build"):
        _remove_stale_staging(target)
        staging = Path(tempfile.mkdtemp(prefix=staging_prefix(target), dir=target.parent))
        try:
            config = load_config(str(root / "mkdocs.yml"), site_dir=str(staging), strict=strict)
            hooks = GuidelinesHooks.of(config)
            hooks.use(result)  # MkDocs takes this generation, from memory
            hooks.secure_later = True  # once every language is built, below
            hooks.sites = sites = _sites(result, Path(config.docs_dir))
            with _content_date(result.context), _frozen():
                mkdocs_build(config)
                moved = editions.leads_on(result.context, hooks.pages)
                for language, translated in result.languages.items():  # each under /<language>/
                    config = load_config(str(root / "mkdocs.yml"), site_dir=str(staging / language), strict=strict)
                    config.theme["language"] = language  # Material's interface, and its search's stemmer
                    hooks = GuidelinesHooks.of(config)
                    hooks.use(translated)
                    hooks.secure_later, hooks.sites = True, sites
                    mkdocs_build(config)
                    moved |= {f"{language}/{old}": f"{language}/{new}"
                              for old, new in editions.leads_on(translated.context, hooks.pages).items()}
            security.secure_site(staging, result.context.site_url, moved)
            (staging / SITE_MARK).write_text(_SITE_MARK_TEXT, encoding="utf-8")
            mask = os.umask(0)
            os.umask(mask)
            os.chmod(staging, 0o777 & ~mask)  # as any folder made here (mkdtemp makes it private)
            _swap(staging, target)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    return result
