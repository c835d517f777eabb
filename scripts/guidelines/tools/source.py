"""Where the reference consumer reads the export from: a folder, a file or an HTTP(S) URL.

A tool elsewhere has the site's address or a copy of its files, never principles/, so
this reads exactly what the site publishes, with the standard library only. Every
document is checked against its ``content_hash`` before it is used: a file that was
edited or damaged after publication is refused, naming the file.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from http.client import HTTPException
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

from guidelines.export import jsonout

TIMEOUT = 20.0  # seconds: one HTTP request may wait this long for the server, then fails
MAX_BYTES = 64 * 1024 * 1024  # the whole export of 5,000 examples is a few MB; more is not an export
USER_AGENT = "guidelines-consumer/1 (the reference consumer of the guidelines' JSON export)"
# Where a folder (or a site's address) keeps the export, tried in this order.
IN_FOLDER = ("api/v1/guidelines.json", "guidelines.json")


class ConsumerError(Exception):
    """The export cannot be read, or the request does not fit it; the message says why."""


class _NotFound(ConsumerError):
    """HTTP 404/410: the next candidate address may hold the export."""


def is_url(text: str | Path) -> bool:
    """True for an http(s) address (a Windows drive letter or a relative path is a path)."""
    return isinstance(text, str) and re.match(r"https?://", text, re.IGNORECASE) is not None


# -- reading ----------------------------------------------------------------------

def read_json(where: str | Path, *, timeout: float = TIMEOUT) -> tuple[dict[str, Any], str]:
    """(document, where it came from) for a folder, a JSON file or a URL; no hash check."""
    if is_url(where):
        return _from_url(str(where), timeout)
    path = _find(Path(where))
    return parse(_read_file(path), str(path)), str(path)


def _find(path: Path) -> Path:
    if path.is_dir():
        for candidate in IN_FOLDER:
            if (path / candidate).is_file():
                return path / candidate
        raise ConsumerError(f"no export found in {path}: expected api/v1/guidelines.json "
                            "(build the site with 'guidelines build', or pass a JSON file)")
    if not path.exists():
        raise ConsumerError(f"{path} does not exist (pass a built site folder, an exported JSON file or a URL)")
    return path


def _read_file(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise ConsumerError(f"cannot read {path}: {error.strerror or error}") from None


def parse(data: bytes, source: str, content_type: str = "") -> dict[str, Any]:
    """A JSON object from bytes, or one line saying why it is not one."""
    try:
        document = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConsumerError(f"{source} is not UTF-8 text") from None
    except json.JSONDecodeError as error:
        hint = " (the server sent a web page: is the address right?)" if "html" in content_type else ""
        raise ConsumerError(f"{source} is not valid JSON: {error.msg} at line {error.lineno}{hint}") from None
    except RecursionError:
        raise ConsumerError(f"{source} is nested too deeply to be an export document") from None
    if not isinstance(document, dict):
        raise ConsumerError(f"{source} is not an export document (expected a JSON object)")
    return document


def _candidates(url: str) -> list[str]:
    """A .json address as it is; any other address is a folder (a site's root, api/v1/), or a
    page in one (index.html)."""
    try:
        parts = urlsplit(url)
        if not parts.hostname:
            raise ValueError("no host")
    except ValueError as error:
        raise ConsumerError(f"{url} is not a valid URL ({error})") from None
    if parts.path.endswith(".json"):
        return [url]
    last = parts.path.rpartition("/")[2]
    path = parts.path[:-len(last)] if "." in last else parts.path if parts.path.endswith("/") else parts.path + "/"
    folder = urlunsplit(parts._replace(path=path or "/", query="", fragment=""))
    return [urljoin(folder, candidate) for candidate in IN_FOLDER]


def _from_url(url: str, timeout: float) -> tuple[dict[str, Any], str]:
    candidates = _candidates(url)
    for candidate in candidates:
        try:
            data, content_type = fetch(candidate, timeout)
        except _NotFound:
            if len(candidates) == 1:
                raise
            continue
        return parse(data, candidate, content_type), candidate
    raise ConsumerError(f"no export found at {url}: {' and '.join(candidates)} do not exist (HTTP 404)")


def fetch(url: str, timeout: float = TIMEOUT) -> tuple[bytes, str]:
    """(body, content type) of a GET; any failure is a ConsumerError of one line."""
    request = urllib.request.Request(url, headers={"Accept": "application/json", "User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = response.read(MAX_BYTES + 1)
            content_type = response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as error:
        kind = _NotFound if error.code in (404, 410) else ConsumerError
        raise kind(f"cannot fetch {url}: HTTP {error.code} {error.reason}") from None
    except urllib.error.URLError as error:
        reason = error.reason
        if isinstance(reason, TimeoutError):
            raise ConsumerError(f"cannot fetch {url}: no answer within {timeout:g} s") from None
        text = getattr(reason, "strerror", None) or str(reason)
        raise ConsumerError(f"cannot fetch {url}: {text}") from None
    except TimeoutError:
        raise ConsumerError(f"cannot fetch {url}: no answer within {timeout:g} s") from None
    except (OSError, HTTPException, ValueError) as error:
        raise ConsumerError(f"cannot fetch {url}: {error.__class__.__name__} {error}".rstrip()) from None
    if len(data) > MAX_BYTES:
        raise ConsumerError(f"{url} is larger than {MAX_BYTES // (1024 * 1024)} MB: not an export document")
    return data, content_type


# -- content hashes ------------------------------------------------------------------

def check_hash(document: dict[str, Any], source: str) -> None:
    """Refuse a document whose content no longer matches its content_hash.

    The hash is the SHA-256 of the document's canonical JSON (keys sorted, no whitespace,
    non-ASCII kept, UTF-8) without the field itself: jsonout's, which published it.
    """
    if not isinstance(document.get(jsonout.HASH_FIELD), str):
        raise ConsumerError(f"{source} does not look like a v1 export (no content_hash)")
    if not jsonout.verify(document):
        raise ConsumerError(f"{source} was changed after it was published: its content does not match its "
                            f"content_hash (refusing to use it; fetch the file again from the site)")
