"""Check a deployed copy of the site against the build it came from.

A host can serve the right files with the wrong headers (the snippet not included, a
``location`` that drops them, a CDN that caches pages for a day). This asks the deployed
site for a handful of files, one of each kind, and compares what comes back with what the
build wrote: the same bytes, the headers of ``_headers`` (the build's statement of them),
the cache rules, compression, and the server's own files kept private.

Only the standard library: it runs wherever the site was built.
"""

from __future__ import annotations

import http.client
import json
import ssl
import time
import urllib.error
import urllib.request
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO
from urllib.parse import urljoin, urlsplit

from guidelines.output import serverconfig

TIMEOUT = 15  # seconds for each read
DEADLINE = 60  # seconds for a whole answer (a server that trickles bytes is cut off)
MAX_BYTES = 64 * 1024 * 1024  # more than any file of the site, packed or unpacked
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}
MISSING = "this-page-does-not-exist-4f1c/"  # a path no build writes
PAGE_CACHE_LIMIT = 600  # seconds a page may be reused unchecked before a new edition could go unseen


class Unreadable(Exception):
    """An answer that is not a usable HTTP response: cut short, too big, too slow, not HTTP."""


@dataclass
class Response:
    url: str
    status: int
    headers: dict[str, list[str]]  # lower-case name -> every value sent, in order
    body: bytes

    def header(self, name: str) -> str | None:
        values = self.headers.get(name)
        return ", ".join(values) if values else None


@dataclass
class Report:
    checked: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def problem(self, url: str, what: str, fix: str) -> None:
        self.problems.append(f"{url}: {what}\n    fix: {fix}")

    def summary(self) -> str:
        if self.problems:
            return f"{len(self.problems)} problem(s) in {len(self.checked)} addresses checked."
        return f"0 problems: {len(self.checked)} addresses checked, headers and policy as built."


def fetch(url: str, *, gzip_ok: bool = False) -> Response:
    """One GET, redirects followed; an HTTP error status is a response, anything else Unreadable."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip" if gzip_ok else "identity",
                                                  "User-Agent": "guidelines-deploy-check"})
    started = time.monotonic()
    try:
        try:
            answer = urllib.request.urlopen(request, timeout=TIMEOUT, context=ssl.create_default_context())
        except urllib.error.HTTPError as error:
            answer = error
        with answer:
            body = _read(answer, url, started)
            status = answer.status if answer.status is not None else answer.code
            headers, final = answer.headers, answer.url
    except urllib.error.URLError as error:
        raise Unreadable(f"{url} could not be read: {error.reason}") from None
    except (http.client.HTTPException, OSError, ValueError) as error:
        said = " ".join(str(error).split())[:120] or type(error).__name__
        raise Unreadable(f"{url} did not answer as a web server: {said}") from None
    length = headers.get("Content-Length", "")
    if length.isdigit() and int(length) != len(body):
        raise Unreadable(f"{final}: the answer is cut short ({len(body)} of {length} bytes)")
    found: dict[str, list[str]] = {}
    for name, value in headers.items():
        found.setdefault(name.lower(), []).append(value)
    if found.get("content-encoding") == ["gzip"]:
        body = _unpacked(body, final)
    return Response(final, status, found, body)


def _read(answer: IO[bytes], url: str, started: float) -> bytes:
    """The body, in pieces, within MAX_BYTES and DEADLINE."""
    parts, size = [], 0
    while chunk := answer.read(1 << 16):
        parts.append(chunk)
        size += len(chunk)
        if size > MAX_BYTES:
            raise Unreadable(f"{url}: the answer is larger than {MAX_BYTES >> 20} MB")
        if time.monotonic() - started > DEADLINE:
            raise Unreadable(f"{url}: no whole answer within {DEADLINE} s")
    return b"".join(parts)


def _unpacked(body: bytes, url: str) -> bytes:
    unpack = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        data = unpack.decompress(body, MAX_BYTES + 1)
    except zlib.error as error:
        raise Unreadable(f"{url}: the compressed answer is damaged ({error})") from None
    if len(data) > MAX_BYTES:
        raise Unreadable(f"{url}: the compressed answer unpacks to more than {MAX_BYTES >> 20} MB")
    if not unpack.eof:
        raise Unreadable(f"{url}: the compressed answer is cut short")
    return data


def expected_headers(site: Path) -> dict[str, str]:
    """The headers every file must carry, as the build wrote them in ``_headers`` (its first block)."""
    lines = (site / serverconfig.HEADERS_FILE).read_text(encoding="utf-8").splitlines()
    wanted: dict[str, str] = {}
    for line in lines[2:]:
        if not line.startswith("  "):
            break
        name, _, value = line.strip().partition(": ")
        wanted[name.lower()] = value
    return wanted


def _reuse_seconds(value: str) -> int | None:
    """How long a response may be reused without asking: 0 with no-cache or no-store, None if unsaid."""
    directives = {part.strip().partition("=")[0]: part.strip().partition("=")[2]
                  for part in value.lower().split(",") if part.strip()}
    if "no-cache" in directives or "no-store" in directives:
        return 0
    age = directives.get("s-maxage") or directives.get("max-age")
    return int(age) if age and age.isdigit() else None


def secure_transport(url: str) -> bool:
    """HTTPS, or this machine (where a test server has no certificate)."""
    parts = urlsplit(url)
    return parts.scheme == "https" or parts.hostname in LOCAL_HOSTS


def _difference(got: str, wanted: str) -> str:
    """Where a value sent differs from the build's, shown around the first difference."""
    at = next((i for i, (a, b) in enumerate(zip(got, wanted, strict=False)) if a != b), min(len(got), len(wanted)))
    start = max(0, at - 20)
    return (f"differs from character {at + 1}: sent {'…' if start else ''}{got[start:at + 40]!r}, "
            f"built {'…' if start else ''}{wanted[start:at + 40]!r}")


def _headers_match(report: Report, response: Response, wanted: dict[str, str]) -> None:
    """One problem per address: which of the build's headers are missing, differ, or come twice."""
    missing = [name for name in wanted if name not in response.headers]
    twice = [name for name in wanted if len(response.headers.get(name, [])) > 1]
    different = [f"{name} {_difference(response.headers[name][0], value)}" for name, value in wanted.items()
                 if name in response.headers and name not in twice and response.headers[name][0] != value]
    said = ([f"missing {', '.join(missing)}"] if missing else []) + (
        [f"sent more than once: {', '.join(twice)}"] if twice else []) + (
        [f"not the build's value: {'; '.join(different)}"] if different else [])
    if said:
        report.problem(response.url, "headers " + "; ".join(said),
                       f"send the headers of {serverconfig.NGINX_FILE} (nginx: include it in the server block; "
                       f"another location, a proxy or a CDN in front may drop or add headers) or of "
                       f"{serverconfig.HEADERS_FILE}, from this build, once each")


def _check_redirects(report: Report, base: str, response: Response) -> None:
    """Where an address ended up after redirects: on the same host, and not in plain HTTP."""
    if urlsplit(response.url).hostname != urlsplit(base).hostname:
        report.problem(response.url, f"redirected to another host (asked for {base})",
                       "serve the site at the address it was built for")
    elif not secure_transport(response.url):
        report.problem(response.url, "redirected to plain HTTP", "serve and redirect to HTTPS only")


def built_for(site: Path) -> str | None:
    """The address the build was made for (its export says)."""
    try:
        document = json.loads((site / "api" / "v1" / "guidelines.json").read_text(encoding="utf-8"))
        return document["guideline"]["site_url"]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _same_address(one: str, two: str) -> bool:
    a, b = urlsplit(one), urlsplit(two)
    return (a.scheme.lower(), (a.hostname or ""), a.port, a.path.rstrip("/")) == (
        b.scheme.lower(), (b.hostname or ""), b.port, b.path.rstrip("/"))


def samples(site: Path, immutable: list[str]) -> list[str]:
    """One file of each kind the server treats apart: a page, the JSON, a content-named
    stylesheet and script (of ``immutable``), another asset, the module."""
    plain = sorted(path.relative_to(site).as_posix() for path in (site / "assets").rglob("*.js")
                   if path.relative_to(site).as_posix() not in immutable)
    chosen = ["", "api/v1/guidelines.json"]
    chosen += [p for p in immutable if p.endswith(".css")][:1] + [p for p in immutable if p.endswith(".js")][:1]
    return chosen + plain[:1] + ["assets/javascripts/evaluator.mjs"]


def check(base: str, site: Path) -> Report:
    """Compare the site deployed at ``base`` with the build in ``site``."""
    base = base if base.endswith("/") else base + "/"
    report, wanted = Report(), expected_headers(site)
    address = built_for(site)
    if address and not _same_address(address, base):  # a staging copy may be checked before the real address
        report.notes.append(f"note: this build was made for {address} (its cite lines, export and feed name it), "
                            f"not {base}; to publish at {base}, build with --site-url {base}")
    if not secure_transport(base):
        report.problem(base, "served over plain HTTP", "serve the site over HTTPS only")
    immutable = serverconfig.fingerprinted(site)
    for path in samples(site, immutable):
        response = fetch(urljoin(base, path), gzip_ok=True)
        report.checked.append(response.url)
        _check_redirects(report, base, response)
        if response.status != 200:
            report.problem(response.url, f"status {response.status}, expected 200",
                           "copy the whole of site/ to the published folder")
            continue
        local = site / (path or "index.html")
        if response.body != local.read_bytes():
            report.problem(response.url, "not the file this build wrote",
                           "publish this build's site/ again, or check against the build that was published "
                           "(--site-dir)")
        _headers_match(report, response, wanted)
        _check_cache(report, response, path in immutable)
        _check_type(report, response, local.name)
        _check_compression(report, response)
    missing = fetch(urljoin(base, MISSING))
    report.checked.append(missing.url)
    if missing.status != 404:
        report.problem(missing.url, f"status {missing.status} for a page that does not exist, expected 404",
                       "answer unknown addresses with 404 (nginx: the snippet's error_page)")
    else:
        _headers_match(report, missing, wanted)
    for name in (serverconfig.HEADERS_FILE, serverconfig.NGINX_FILE):
        private = fetch(urljoin(base, name))
        report.checked.append(private.url)
        if private.status == 200:
            report.problem(private.url, "the server's configuration is served to anyone",
                           "delete it from the published folder (nginx: the snippet refuses both files; "
                           "Netlify and Cloudflare Pages hide _headers but serve the nginx file)")
    return report


def _check_cache(report: Report, response: Response, immutable: bool) -> None:
    values = response.headers.get("cache-control", [])
    if len(values) > 1:
        report.problem(response.url, f"Cache-Control sent {len(values)} times ({'; '.join(values)}): caches "
                       "may obey either", "send one Cache-Control (nginx: no `expires` in the site's location)")
        return
    if "expires" in response.headers and not immutable:
        report.problem(response.url, f"Expires {response.headers['expires'][0]!r} beside Cache-Control",
                       "send no Expires header for pages and JSON (nginx: no `expires` in the site's location)")
    value = values[0] if values else ""
    seconds = _reuse_seconds(value)
    if immutable and (seconds is None or seconds < 86400 * 30):
        report.problem(response.url, f"Cache-Control {value!r}: a file named by its content is fetched again",
                       f"send Cache-Control: {serverconfig.FOREVER}")
    elif not immutable and seconds is None:
        report.problem(response.url, f"Cache-Control {value!r}: browsers will guess how long to keep it",
                       f"send Cache-Control: {serverconfig.REVALIDATE}")
    elif not immutable and seconds > PAGE_CACHE_LIMIT:
        report.problem(response.url, f"Cache-Control {value!r}: readers could see an old edition for "
                       f"{seconds // 60} minutes", f"send Cache-Control: {serverconfig.REVALIDATE}")


def _check_type(report: Report, response: Response, local: str) -> None:
    kind = (response.header("content-type") or "").split(";")[0].strip().lower()
    wanted = {".html": {"text/html"}, ".json": {"application/json"}, ".css": {"text/css"},
              ".js": {"application/javascript", "text/javascript"},
              ".mjs": {"application/javascript", "text/javascript"}}.get(Path(local).suffix)
    if wanted and kind not in wanted:
        report.problem(response.url, f"Content-Type {kind or 'missing'}, expected {' or '.join(sorted(wanted))}",
                       "map the file's extension to its type (browsers refuse a module served as anything else)")


def _check_compression(report: Report, response: Response) -> None:
    """Text of some size comes compressed to a browser that accepts gzip."""
    text = (response.header("content-type") or "").startswith(("text/", "application/javascript", "application/json"))
    if text and len(response.body) > 1024 and response.header("content-encoding") not in ("gzip", "br"):
        report.problem(response.url, "sent uncompressed to a browser that accepts gzip",
                       "turn compression on for text (the nginx snippet's gzip lines; behind a proxy, have it "
                       "speak HTTP/1.1 to nginx: proxy_http_version 1.1)")


def run(url: str, site: Path) -> tuple[int, str]:
    """Exit code and report text for ``guidelines deploy-check``."""
    if not (site / serverconfig.HEADERS_FILE).is_file():
        return 1, f"{site} has no {serverconfig.HEADERS_FILE}: build the site first ('guidelines build')."
    try:
        parts = urlsplit(url)
        usable = parts.scheme in ("http", "https") and bool(parts.hostname) and parts.port != 0
    except ValueError:
        usable = False
    if not usable:
        return 2, f"{url} is not an http(s) address of the deployed site."
    try:
        report = check(url, site)
    except Unreadable as error:
        return 1, f"{error}."
    lines = report.notes + report.problems + [report.summary()]
    return (1 if report.problems else 0), "\n".join(lines)
