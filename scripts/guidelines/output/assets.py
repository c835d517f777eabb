"""The site's own stylesheets and scripts in the built site: minified, and named by their content.

Why: every page loads them, and written for people (comments, indentation) they weigh about
half again what a browser needs. Under a fixed name a browser must also ask, visit after
visit, whether each one changed. So after MkDocs has built the site (never under
``mkdocs serve``, whose files stay as written), each CSS and JavaScript file of ``docs/``
is minified (``rcssmin``, ``rjsmin``: Python, so no Node at build time) and written as
``<name>.<first 8 hex of its sha256>.min.css|js``, Material's own pattern for its files,
which a server may cache for good: a changed file gets a new name.

The references are rewritten from the map of old path to new path, never by searching
text: a page's ``<link href>`` and ``<script src>``, the search worker's address in
Material's configuration (``<script id="__config">``), and the modules the scripts import
(``import ... from './evaluator.mjs'``). A reference to a renamed file anywhere else (another
attribute, an inline script, a dynamic ``import()``, a CSS ``url()``) is a build error,
not a file missing on the published site.

Files named in ``STABLE`` keep their address too, as written: pages link them for readers
and tools to fetch. The others are removed once their copy is written. Like the writer, the
step never follows a symbolic link and never writes over a file: new files are created,
and a page is rewritten only at a path that is a file of its own.
"""

from __future__ import annotations

import errno
import hashlib
import html
import json
import os
import re
import stat
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import rcssmin
import rjsmin

FOLDER = "assets/"  # where the project's own CSS and JavaScript live (docs/assets/)
# Kept at their address as well as renamed: the tool builders' page documents the evaluator as a
# module to import from the site (its import in decision-tree.js is rewritten all the same).
STABLE = frozenset({"assets/javascripts/evaluator.mjs"})
_MINIFIERS: dict[str, tuple[str, Callable[[str], str]]] = {
    ".css": ("css", rcssmin.cssmin),
    ".js": ("js", rjsmin.jsmin),
    ".mjs": ("js", rjsmin.jsmin),
}
# A static import or re-export in minified JavaScript (no comments left): at the start of a
# statement, `import ... from '<specifier>'`, `import '<specifier>'` or `export ... from '<specifier>'`.
_IMPORT = re.compile(r"""(?:^|(?<=[;{}\n]))\s*(?:import|export)\b(?:[^;'"`]*?\bfrom)?\s*(['"])([^'"\n]*)\1""")
# The start tags that load a file, and the attribute that names it.
_LOADING = re.compile(r"<(link|script)\b[^>]*>", re.I)
_LOADS = {"link": "href", "script": "src"}
_ATTRIBUTE = re.compile(r"""\s+([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")
_CONFIG_ID = "__config"  # Material's configuration: JSON, with the search worker's address at "search"
_SPELLING = ("&", "%", "\t", "\n", "\r")  # what can spell a name in a tag without writing it out (rewrite_page)
_NOFOLLOW = os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)


class AssetError(Exception):
    """The site's files cannot be renamed safely: a link, a file in the way, a reference the build cannot rewrite."""


def is_asset(path: str) -> bool:
    """Whether a file of the site (by its path) is one of the project's stylesheets or scripts."""
    return path.startswith(FOLDER) and os.path.splitext(path)[1] in _MINIFIERS


def fingerprinted(path: str, data: bytes) -> str:
    """``assets/x/name.css`` -> ``assets/x/name.<8 hex of data's sha256>.min.css`` (``.mjs`` becomes ``.js``)."""
    stem, extension = os.path.splitext(path)
    kind = _MINIFIERS[extension][0]
    return f"{stem}.{hashlib.sha256(data).hexdigest()[:8]}.min.{kind}"


def minify(path: str, text: str) -> str:
    """The file's text without comments and spaces a browser does not need."""
    return _MINIFIERS[os.path.splitext(path)[1]][1](text)


# -- addresses ----------------------------------------------------------------------------


def _site_path(address: str, base: str, root: str) -> str | None:
    """The site path an address names from the document at ``base`` (query and fragment dropped), or None."""
    parts = urlsplit(urljoin(base, address))
    full = f"{parts.scheme}://{parts.netloc}{parts.path}"
    return unquote(full[len(root):]) if full.startswith(root) else None


def _renamed_address(address: str, old: str, new: str) -> str:
    """The address with its file name swapped (the renamed file sits beside the old one): its form kept."""
    cut = min((i for i in (address.find("?"), address.find("#")) if i >= 0), default=len(address))
    path, rest = address[:cut], address[cut:]
    old_name, new_name = old.rpartition("/")[2], new.rpartition("/")[2]
    if not path.endswith(old_name) or path[:-len(old_name)][-1:] not in ("", "/"):
        raise AssetError(f"cannot rewrite the address {address!r} of {old}")
    return path[:-len(old_name)] + new_name + rest


def _file_name(address: str) -> str:
    """The last part of an address's path, decoded ("a/b.css?x" -> "b.css")."""
    return unquote(urlsplit(address).path.rpartition("/")[2])


def _names(renamed: Mapping[str, str]) -> frozenset[str]:
    return frozenset(old.rpartition("/")[2] for old in renamed)


def _root(site_url: str | None) -> str:
    """The site's root address; without a full one, a stand-in host (only relative references then resolve)."""
    parts = urlsplit(site_url or "")
    if not (parts.scheme and parts.netloc):
        return f"https://site.invalid{parts.path.rstrip('/')}/"
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}/"


# -- scripts and stylesheets --------------------------------------------------------------


def _rewrite_imports(path: str, text: str, root: str, name_of: Callable[[str], str]) -> str:
    """The minified script with each import of another of the site's files naming its new address."""
    base, out, at = root + path, [], 0
    for match in _IMPORT.finditer(text):
        target = _site_path(match.group(2), base, root)
        if target is None or not is_asset(target):
            continue
        out += [text[at:match.start(2)], _renamed_address(match.group(2), target, name_of(target))]
        at = match.end(2)
    return "".join(out) + text[at:]


def _mentions(names: Mapping[str, str]) -> re.Pattern[str]:
    """Any of these file names, whole ("guidelines.js", not "guidelines.json")."""
    alternatives = "|".join(sorted({re.escape(old.rpartition("/")[2]) for old in names}, key=len, reverse=True))
    return re.compile(rf"(?<![\w.-])(?:{alternatives})(?![\w-])")


def _renamed_files(sources: Mapping[str, bytes], root: str) -> dict[str, tuple[str, bytes]]:
    """Each file's new path and content, the files it imports renamed first (their names are in its text)."""
    done: dict[str, tuple[str, bytes]] = {}
    visiting: list[str] = []

    def name_of(path: str) -> str:
        if path not in sources:
            raise AssetError(f"{visiting[-1]} imports {path}, which is not one of the site's own scripts")
        if path in visiting:
            raise AssetError("these scripts import each other: " + " -> ".join([*visiting, path]))
        if path not in done:
            visiting.append(path)
            text = minify(path, sources[path].decode("utf-8"))
            data = _rewrite_imports(path, text, root, name_of).encode("utf-8")
            done[path] = (fingerprinted(path, data), data)
            visiting.pop()
        return done[path][0]

    for path in sorted(sources):
        name_of(path)
    left = _mentions(sources)
    for path, (_, data) in done.items():
        found = left.search(data.decode("utf-8"))
        if found:
            raise AssetError(f"{path} names {found.group(0)} in a way the build cannot rewrite (only static "
                             "imports are rewritten): import it statically, or keep the name out of the file")
    return done


# -- pages --------------------------------------------------------------------------------


def _attributes(tag: str) -> Iterator[tuple[str, str, int, int]]:
    """(name, value, start, end) of each attribute of a start tag; start/end: the raw value's span."""
    name_end = re.match(r"<[^\s>/]+", tag)
    assert name_end is not None
    for match in _ATTRIBUTE.finditer(tag, name_end.end()):
        raw = match.group(2)
        if raw is None:
            continue
        quoted = raw[:1] in ("'", '"')
        start = match.start(2) + (1 if quoted else 0)
        end = match.end(2) - (1 if quoted else 0)
        yield match.group(1).lower(), html.unescape(tag[start:end]), start, end


def _rewrite_tag(tag: str, kind: str, base: str, root: str, renamed: Mapping[str, str]) -> str:
    """A <link> or <script> start tag, the file it loads renamed."""
    for name, value, start, end in _attributes(tag):
        if name != _LOADS[kind] or _file_name(value) not in _names(renamed):  # (resolving an address costs more)
            continue
        target = _site_path(value, base, root)
        if target in renamed:
            if html.unescape(tag[start:end]) != tag[start:end]:
                raise AssetError(f"cannot rewrite the address {tag[start:end]!r} (character references)")
            return tag[:start] + _renamed_address(value, target, renamed[target]) + tag[end:]
    return tag


def _rewrite_config(text: str, base: str, root: str, renamed: Mapping[str, str]) -> str:
    """Material's configuration (JSON), the search worker's address renamed."""
    config = json.loads(text)
    address = config.get("search")
    target = _site_path(address, base, root) if isinstance(address, str) else None
    if target not in renamed:
        return text
    old, new = json.dumps(address), json.dumps(_renamed_address(address, target, renamed[target]))
    if text.count(old) != 1:
        raise AssetError(f"cannot find the search worker's address {old} once in Material's configuration")
    result = text.replace(old, new)
    if json.loads(result) != {**config, "search": json.loads(new)}:
        raise AssetError("rewriting the search worker's address changed more of Material's configuration")
    return result


def rewrite_page(page: str, text: str, root: str, renamed: Mapping[str, str]) -> str:
    """A page of the site (``page``: its path) with every reference to a renamed file rewritten.

    Raises AssetError for a reference it cannot rewrite (see the module's docstring).
    """
    base, out, at, names = root + page, [], 0, _names(renamed)
    for match in _LOADING.finditer(text):
        kind, tag = match.group(1).lower(), match.group(0)
        # (a tag is read attribute by attribute only if it may name a renamed file or be Material's configuration:
        # written in it, or spelled with a character reference, a percent escape, or a tab or line break, which
        # reading an address decodes or drops, as browsers do)
        escaped = any(mark in tag for mark in _SPELLING)
        named = escaped or any(name in tag for name in names)
        out += [text[at:match.start()], _rewrite_tag(tag, kind, base, root, renamed) if named else tag]
        at = match.end()
        if kind == "script" and (escaped or _CONFIG_ID in tag) \
                and dict((n, v) for n, v, _, _ in _attributes(tag)).get("id") == _CONFIG_ID:
            close = text.find("</script", at)
            if close < 0:
                raise AssetError(f"{page}: Material's configuration script is not closed")
            out.append(_rewrite_config(text[at:close], base, root, renamed))
            at = close
    result = "".join(out) + text[at:]
    moved = {old: new for old, new in renamed.items() if old not in STABLE}
    named = any(old.rpartition("/")[2] in result for old in moved)  # (a quick look first: pages are long)
    if named and _mentions(moved).search(result):  # named elsewhere: prose, or a reference left over?
        unrewritten = _References(base, root, moved).of(result)
        if unrewritten:
            raise AssetError(f"{page} refers to {', '.join(unrewritten)}, which the build renames but cannot "
                             "rewrite there (only <link href>, <script src> and Material's configuration are)")
    return result


class _References(HTMLParser):
    """The references a page still makes to renamed files: attribute values and inline scripts."""

    def __init__(self, base: str, root: str, moved: Mapping[str, str]) -> None:
        super().__init__(convert_charrefs=True)
        self.base, self.root, self.moved, self.mention = base, root, moved, _mentions(moved)
        self.found: list[str] = []
        self._script = False

    def of(self, text: str) -> list[str]:
        self.feed(text)
        self.close()
        return self.found

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._script = tag == "script"
        for name, value in attrs:
            if value and _site_path(value.strip(), self.base, self.root) in self.moved:
                self.found.append(f"<{tag} {name}={value!r}>")

    def handle_endtag(self, tag: str) -> None:
        self._script = False

    def handle_data(self, data: str) -> None:
        if self._script and self.mention.search(data):
            self.found.append(f"{self.mention.search(data).group(0)} in an inline script")  # type: ignore[union-attr]


# -- the files ------------------------------------------------------------------------------


@dataclass
class _Folders:
    """Folders of the site, by path, each opened without following a link."""

    site: Path
    fds: dict[str, int]

    def get(self, folder: str) -> int:
        fd = self.fds.get(folder)
        if fd is None:
            parent, _, name = folder.rpartition("/")
            try:
                fd = os.open(name, os.O_RDONLY | os.O_DIRECTORY | _NOFOLLOW, dir_fd=self.get(parent))
            except OSError as error:
                if error.errno in (errno.ELOOP, errno.ENOTDIR):
                    raise AssetError(f"{self.site / folder} is a symbolic link: the build never follows one") from None
                raise
            self.fds[folder] = fd
        return fd

    def read(self, path: str) -> tuple[bytes, os.stat_result]:
        folder, _, name = path.rpartition("/")
        try:
            fd = os.open(name, os.O_RDONLY | _NOFOLLOW, dir_fd=self.get(folder))
        except OSError as error:
            if error.errno == errno.ELOOP:
                raise AssetError(f"{self.site / path} is a symbolic link: the build never follows one") from None
            raise
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise AssetError(f"{self.site / path} is not a file")
            return handle.read(), info

    def create(self, path: str, data: bytes) -> None:
        """Write a new file; one already there (whoever wrote it) is an error, never overwritten."""
        folder, _, name = path.rpartition("/")
        try:
            fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o666, dir_fd=self.get(folder))
        except FileExistsError:
            raise AssetError(f"{self.site / path} already exists: the build does not write over it") from None
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)

    def replace(self, path: str, data: bytes, read: os.stat_result) -> None:
        """Write a page again in place: the same file it read (not a link, not a file put there since)."""
        folder, _, name = path.rpartition("/")
        fd = os.open(name, os.O_WRONLY | os.O_TRUNC | _NOFOLLOW, dir_fd=self.get(folder))
        with os.fdopen(fd, "wb") as handle:
            info = os.fstat(handle.fileno())
            if (info.st_dev, info.st_ino) != (read.st_dev, read.st_ino):
                raise AssetError(f"{self.site / path} changed while the build rewrote it")
            handle.write(data)

    def remove(self, path: str, read: os.stat_result) -> None:
        folder, _, name = path.rpartition("/")
        fd = self.get(folder)
        info = os.stat(name, dir_fd=fd, follow_symlinks=False)
        if (info.st_dev, info.st_ino) != (read.st_dev, read.st_ino):
            raise AssetError(f"{self.site / path} changed while the build renamed it")
        os.unlink(name, dir_fd=fd)

    def pages(self, folder: str = "") -> Iterator[str]:
        """The HTML files under a folder, sorted; links are neither followed nor listed."""
        with os.scandir(self.get(folder)) as entries:
            found = sorted((entry.name, entry.is_dir(follow_symlinks=False), entry.is_symlink()) for entry in entries)
        for name, is_dir, is_link in found:
            path = f"{folder}/{name}" if folder else name
            if is_dir:
                yield from self.pages(path)
            elif name.endswith(".html") and not is_link:
                yield path


@contextmanager
def _opened(site: Path) -> Iterator[_Folders]:
    if site.is_symlink():
        raise AssetError(f"{site} is a symbolic link: the build never follows one")
    folders = _Folders(site, {"": os.open(site, os.O_RDONLY | os.O_DIRECTORY)})
    try:
        yield folders
    finally:
        for fd in folders.fds.values():
            os.close(fd)


def fingerprint_site(site: Path, assets: list[str], site_url: str | None) -> dict[str, str]:
    """Minify and rename the project's stylesheets and scripts in a built site; return old -> new path.

    ``assets``: the site paths of the files MkDocs copied from docs/ (see ``is_asset``);
    ``site_url``: the site's address, against which absolute references are read.
    """
    root = _root(site_url)
    with _opened(site) as folders:
        read = {path: folders.read(path) for path in sorted(set(assets)) if is_asset(path)}
        files = _renamed_files({path: data for path, (data, _) in read.items()}, root)
        renamed = {path: new for path, (new, _) in files.items()}
        for new, data in files.values():
            folders.create(new, data)
        for page in folders.pages():
            data, info = folders.read(page)
            text = data.decode("utf-8")
            rewritten = rewrite_page(page, text, root, renamed)
            if rewritten != text:
                folders.replace(page, rewritten.encode("utf-8"), info)
        for path, (_, info) in read.items():
            if path not in STABLE:
                folders.remove(path, info)
    return renamed
