"""One writer at a time: an advisory file lock around each job that writes site/ or docs/.

Two builds of one project at once used to trip over each other's staging folders and
swaps. Each job that writes takes an exclusive ``flock`` on a lock file beside what
it writes (``.site.lock`` next to the site folder, ``docs/.generated.lock``): a
second job says that it waits, then waits. The kernel releases the lock when the
process ends, however it ends, so a killed build never leaves a stale lock. The
lock file stays empty (it is never part of a site or of the content).
"""

from __future__ import annotations

import errno
import fcntl
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from guidelines.problems import ContentError, Location, Problems


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


@contextmanager
def held(path: Path, job: str, notice: Callable[[str], None] = _say) -> Iterator[None]:
    """Hold the lock at ``path`` while inside; if another process holds it, say so and wait."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    except OSError as error:
        if error.errno != errno.ELOOP:
            raise
        problems = Problems()
        problems.add(Location(str(path)), "", "the lock file is a symbolic link: it is never followed",
                     "remove the link; the lock file is made again when needed")
        raise ContentError(problems) from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            notice(f"Another {job} of this project is running: waiting for it to finish (lock: {path}).")
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def site_lock(site_dir: Path) -> Path:
    """The lock of a site folder: beside it, so builds into one folder wait for each other."""
    return site_dir.parent / f".{site_dir.name}.lock"


def docs_lock(docs_dir: Path) -> Path:
    """The lock of the generated part of docs/ (``guidelines generate``, the preview)."""
    return docs_dir / ".generated.lock"
