"""Write generated files into docs/ without ever destroying what the generator did not write.

The generator owns a fixed set of paths under docs/ (OWNED) and records every file it
writes in a manifest (``docs/.generated.txt``). The rules, each enforced here:

- It never follows a symbolic link: folders are opened one level at a time with
  ``O_NOFOLLOW`` (relative to the folder above, so nothing can be swapped in between),
  and a link at a generated path, or a ``docs/`` that resolves outside the project, is
  refused before anything is written.
- It deletes, and overwrites, only files the manifest lists. A file in an owned folder
  that the generator did not write (someone's notes in ``docs/examples/``) is
  refused, with its name, and nothing is written or deleted.
- It writes a file only when its content changed, through a temporary file renamed
  into place, so ``mkdocs serve`` never sees half a file and is not woken for nothing.

A long-running process (the preview) passes a ``Written`` memo: what it wrote last
time, with each file's size, modification time and inode, so a file known unchanged
is not read back.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

from guidelines import kinds
from guidelines.export import feed
from guidelines.problems import ContentError, Location, Problems
from guidelines.urls import API, COMPLETE_PAGE, EDITIONS, EDITIONS_PAGE, PROVENANCE_PAGE

# Paths under docs/ that belong to the generator (folders end with '/'): the home, complete and
# feed pages, the export, the editions, and each kind's page folder or shared page (the table of kinds).
OWNED: tuple[str, ...] = ("index.md", COMPLETE_PAGE, EDITIONS_PAGE, PROVENANCE_PAGE, EDITIONS, feed.PATH,
                          API.split("/")[0] + "/") + tuple(
    kind.shared_page or f"{kind.pages}/" for kind in kinds.ITEM_KINDS if kind.shared_page or kind.pages)
MANIFEST = ".generated.txt"  # under docs/; MkDocs ignores files whose name starts with '.'
_MANIFEST_HEADER = ("# Files written by the guidelines generator (guidelines generate, mkdocs serve).\n"
                    "# It deletes and overwrites only these; do not edit.\n")

# The writer's own temporary files ('.<name>.<process>.tmp', see _put): a run cut short leaves them.
_TEMPORARY = re.compile(r"^\..+\.\d+\.tmp$")
Content = str | bytes
Stat = tuple[int, int, int]  # size, mtime_ns, inode
_NOFOLLOW = os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)


class WriteRefused(ContentError):
    """Writing would follow a link, leave the project, or destroy a file the generator did not write."""


def _refused(*found: tuple[str, str, str]) -> WriteRefused:
    problems = Problems()
    for path, message, hint in found:
        problems.add(Location(path), "", message, hint)
    return WriteRefused(problems)


def _link(relpath: str) -> tuple[str, str, str]:
    return (f"docs/{relpath}", "this is a symbolic link (or a file where a folder belongs): the generator never "
            "follows links", "remove it: generated files are made again at every build")


def _foreign(relpath: str, action: str) -> tuple[str, str, str]:
    folder = relpath.rpartition("/")[0]
    where = f"in docs/{folder}/, a folder the generator owns" if folder else "at a path the generator owns"
    return (f"docs/{relpath}", f"the generator did not write this file (it is not in docs/{MANIFEST}), but it sits "
            f"{where}: generating would {action} it",
            "move it elsewhere if it is yours, or delete it if an older version of the generator made it")


@dataclass
class WriteReport:
    """What a generation run changed on disk."""

    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)


@dataclass
class Written:
    """What ``write_tree`` last left in one folder: each file's content and stat, by path."""

    files: dict[str, tuple[Content, Stat]] = field(default_factory=dict)

    def record(self, relpath: str, content: Content, target: Path) -> None:
        """Note that the file at ``target`` now holds ``content`` (the preview moved its time on)."""
        self.files[relpath] = (content, _stat(os.stat(target, follow_symlinks=False)))

    def holds(self, relpath: str, content: Content, found: Stat | None) -> bool | None:
        """Whether the file holds ``content``, from its stat alone; None when unknown."""
        known = self.files.get(relpath)
        if known is None or found is None or found != known[1]:
            return None
        return known[0] is content or known[0] == content


def is_owned(relpath: str) -> bool:
    return any(relpath == p or (p.endswith("/") and relpath.startswith(p)) for p in OWNED)


def _check_path(relpath: str) -> None:
    parts = relpath.split("/")
    if not is_owned(relpath) or relpath.startswith("/") or any(p in ("", ".", "..") for p in parts):
        raise ValueError(f"the generator may not write {relpath!r}")


def _stat(result: os.stat_result) -> Stat:
    return (result.st_size, result.st_mtime_ns, result.st_ino)


def read_manifest(docs_dir: Path) -> set[str]:
    """The files the generator wrote under ``docs_dir`` (none when it never wrote there)."""
    try:
        with open(docs_dir / MANIFEST, "rb", opener=_no_follow_opener) as handle:
            text = handle.read().decode("utf-8", "replace")
    except FileNotFoundError:
        return set()
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise _refused(_link(MANIFEST)) from None
        raise
    return {line for line in text.splitlines() if line and not line.startswith("#")}


def _no_follow_opener(path: str, flags: int) -> int:
    return os.open(path, flags | _NOFOLLOW)


class _Folders:
    """Open folders under docs/, by relative path, each reached without following a link."""

    def __init__(self, root_fd: int) -> None:
        self.fds: dict[str, int] = {"": root_fd}

    def get(self, folder: str, create: bool) -> int | None:
        """The folder's descriptor; None when it does not exist (and ``create`` is false)."""
        fd = self.fds.get(folder)
        if fd is not None:
            return fd
        parent_name, _, name = folder.rpartition("/")
        parent = self.get(parent_name, create)
        if parent is None:
            return None
        try:
            fd = os.open(name, os.O_RDONLY | os.O_DIRECTORY | _NOFOLLOW, dir_fd=parent)
        except FileNotFoundError:
            if not create:
                return None
            os.mkdir(name, 0o777, dir_fd=parent)
            fd = os.open(name, os.O_RDONLY | os.O_DIRECTORY | _NOFOLLOW, dir_fd=parent)
        except OSError as error:
            if error.errno in (errno.ELOOP, errno.ENOTDIR):
                raise _refused(_link(folder)) from None
            raise
        self.fds[folder] = fd
        return fd

    def close(self) -> None:
        for folder, fd in self.fds.items():
            if folder:
                os.close(fd)


@contextmanager
def _opened(docs_dir: Path, root: Path | None) -> Iterator[_Folders]:
    if root is not None:
        resolved, project = docs_dir.resolve(), root.resolve()
        if not resolved.is_relative_to(project):
            raise _refused((str(docs_dir), f"the folder resolves to {resolved}, outside the project {project}",
                            "the generator writes only inside the project: make docs/ a real folder"))
    docs_dir.mkdir(parents=True, exist_ok=True)
    root_fd = os.open(docs_dir, os.O_RDONLY | os.O_DIRECTORY)
    folders = _Folders(root_fd)
    try:
        yield folders
    finally:
        folders.close()
        os.close(root_fd)


def _lstat(folders: _Folders, relpath: str) -> os.stat_result | None:
    folder, _, name = relpath.rpartition("/")
    fd = folders.get(folder, create=False)
    if fd is None:
        return None
    try:
        return os.stat(name, dir_fd=fd, follow_symlinks=False)
    except FileNotFoundError:
        return None


def _on_disk(folders: _Folders) -> tuple[dict[str, os.stat_result], list[str]]:
    """(the files under the owned paths with their stat, the links found there): nothing is followed."""
    files: dict[str, os.stat_result] = {}
    links: list[str] = []

    def walk(folder: str) -> None:
        fd = folders.get(folder, create=False)
        if fd is None:
            return
        with os.scandir(fd) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                relpath = f"{folder}/{entry.name}"
                if entry.is_symlink():
                    links.append(relpath)
                elif entry.is_dir(follow_symlinks=False):
                    walk(relpath)
                else:
                    files[relpath] = entry.stat(follow_symlinks=False)

    for entry in OWNED:
        name = entry.rstrip("/")
        found = _lstat(folders, name)
        if found is None:
            continue
        if stat.S_ISLNK(found.st_mode):
            links.append(name)
        elif entry.endswith("/") and stat.S_ISDIR(found.st_mode):
            walk(name)
        else:
            files[name] = found
    return files, links


def _read(folders: _Folders, relpath: str, size: int) -> bytes | None:
    folder, _, name = relpath.rpartition("/")
    fd = folders.get(folder, create=False)
    try:
        handle = os.open(name, os.O_RDONLY | _NOFOLLOW, dir_fd=fd)
    except OSError:
        return None
    with os.fdopen(handle, "rb") as stream:
        return stream.read(size + 1)


def _put(folders: _Folders, relpath: str, data: bytes) -> os.stat_result:
    """Write through a temporary file renamed into place (a watcher never sees half a file)."""
    folder, _, name = relpath.rpartition("/")
    fd = folders.get(folder, create=True)
    assert fd is not None
    temporary = f".{name}.{os.getpid()}.tmp"
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | _NOFOLLOW, 0o666, dir_fd=fd)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, name, src_dir_fd=fd, dst_dir_fd=fd)
    except BaseException:
        with suppress(OSError):
            os.unlink(temporary, dir_fd=fd)
        raise
    return os.stat(name, dir_fd=fd, follow_symlinks=False)


def _remove_empty_folders(folders: _Folders) -> None:
    def prune(folder: str) -> bool:
        fd = folders.get(folder, create=False)
        if fd is None:
            return False
        empty = True
        with os.scandir(fd) as entries:
            names = [(e.name, e.is_dir(follow_symlinks=False)) for e in entries]
        for name, is_dir in names:
            if not (is_dir and prune(f"{folder}/{name}")):
                empty = False
        if empty:
            parent_name, _, name = folder.rpartition("/")
            parent = folders.get(parent_name, create=False)
            os.close(folders.fds.pop(folder))
            os.rmdir(name, dir_fd=parent)
        return empty

    for entry in OWNED:
        if entry.endswith("/"):
            prune(entry.rstrip("/"))


def write_tree(docs_dir: Path, files: Mapping[str, Content], memo: Written | None = None, *,
               root: Path | None = None) -> WriteReport:
    """Make the owned part of ``docs_dir`` hold exactly ``files``; raise WriteRefused (changing nothing) if unsafe.

    ``root``: the project, which ``docs_dir`` must resolve inside. With ``memo`` (kept by
    the caller between calls), files known unchanged are not read back.
    """
    for relpath in files:
        if memo is None or relpath not in memo.files:
            _check_path(relpath)
    report = WriteReport()
    with _opened(docs_dir, root) as folders:
        ours = read_manifest(docs_dir)
        present, links = _on_disk(folders)
        refused = [_link(link) for link in links]
        datas: dict[str, bytes] = {}
        for relpath, content in files.items():
            data = datas[relpath] = content.encode("utf-8") if isinstance(content, str) else content
            info = present.get(relpath)
            if info is not None and relpath not in ours and not (
                    info.st_size == len(data) and _read(folders, relpath, info.st_size) == data):
                refused.append(_foreign(relpath, "overwrite"))
        stale = sorted(set(present) - set(files))
        refused += [_foreign(relpath, "delete") for relpath in stale
                    if relpath not in ours and not _TEMPORARY.match(relpath.rpartition("/")[2])]
        if refused:
            raise _refused(*refused)
        for relpath in [r for r in present if _TEMPORARY.match(r.rpartition("/")[2])]:  # left by a run cut short
            _unlink(folders, relpath)
        if not set(files) <= ours:  # recorded before it is written: a run cut short still knows its files
            _write_manifest(folders, ours | set(files))
        for relpath, content in files.items():
            data, info = datas[relpath], present.get(relpath)
            if info is not None:
                holds = memo.holds(relpath, content, _stat(info)) if memo is not None else None
                if holds or (holds is None and info.st_size == len(data)
                             and _read(folders, relpath, info.st_size) == data):
                    report.unchanged += 1
                    if memo is not None:
                        memo.files[relpath] = (content, _stat(info))
                    continue
            written = _put(folders, relpath, data)
            report.written.append(relpath)
            if memo is not None:
                memo.files[relpath] = (content, _stat(written))
        for relpath in stale:
            if not _TEMPORARY.match(relpath.rpartition("/")[2]):
                _unlink(folders, relpath)
                report.removed.append(relpath)
        if memo is not None:
            for relpath in set(memo.files) - set(files):
                del memo.files[relpath]
        if set(files) != ours:
            _write_manifest(folders, set(files))
        _remove_empty_folders(folders)
    return report


def _write_manifest(folders: _Folders, paths: set[str]) -> None:
    _put(folders, MANIFEST, (_MANIFEST_HEADER + "".join(f"{p}\n" for p in sorted(paths))).encode("utf-8"))


def _unlink(folders: _Folders, relpath: str) -> None:
    folder, _, name = relpath.rpartition("/")
    os.unlink(name, dir_fd=folders.get(folder, create=False))


def foreign_files(docs_dir: Path) -> list[str]:
    """Files at owned paths under ``docs_dir`` that the generator did not write (for a build to refuse)."""
    if not docs_dir.is_dir():
        return []
    with _opened(docs_dir, None) as folders:
        present, links = _on_disk(folders)
    ours = read_manifest(docs_dir)
    return sorted(links + [relpath for relpath in present
                           if relpath not in ours and not _TEMPORARY.match(relpath.rpartition("/")[2])])
