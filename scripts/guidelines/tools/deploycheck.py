"""Check a deployed copy of the site against the build it came from.

A host can serve the right files with the wrong headers (the snippet not included, a
``location`` that drops them, a CDN that caches pages for a day). This asks the deployed
site for a handful of files, one of each kind, and compares what comes back with what the
build wrote: the same bytes, the headers of ``_headers`` (the build's statement of them),
the cache rules, compression, and the server's own files kept private.

Only the standard library: it runs wherever the site was built.
"""

from __future__ import annotations

import gzip
import ssl
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from guidelines.output import serverconfig

TIMEOUT = 15
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}
MISSING = "this-page-does-not-exist-4f1c/"  # a path no build writes
PAGE_CACHE_LIMIT = 600  # seconds a page may be reused unchecked before a new edition could go unseen


@dataclass
class Response:
    url: str
    status: int
    headers: dict[str, str]
    body: bytes


@dataclass
class Report:
    checked: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def problem(self, url: str, what: str, fix: str) -> None:
        self.problems.append(f"{url}: {what}\n    fix: {fix}")

    def summary(self) -> str:
        if self.problems:
            return f"{len(self.problems)} problem(s) in {len(self.checked)} addresses checked."
        return f"0 problems: {len(self.checked)} addresses checked, headers and policy as built."


def fetch(url: str, *, gzip_ok: bool = False) -> Response:
    """One GET, redirects followed; an HTTP error status is a response, not an exception."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip" if gzip_ok else "identity",
                                                  "User-Agent": "guidelines-deploy-check"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT, context=ssl.create_default_context()) as answer:
            status, headers, body, final = answer.status, answer.headers, answer.read(), answer.url
    except urllib.error.HTTPError as error:
        status, headers, body, final = error.code, error.headers, error.read(), error.url
    found = {name.lower(): value for name, value in headers.items()}
    if found.get("content-encoding") == "gzip":
        body = gzip.decompress(body)
    return Response(final, status, found, body)


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


def _headers_match(report: Report, response: Response, wanted: dict[str, str]) -> None:
    """One problem per address: which of the build's headers are missing, and which differ."""
    missing = [name for name in wanted if name not in response.headers]
    different = [name for name, value in wanted.items() if name in response.headers and response.headers[name] != value]
    said = ([f"missing {', '.join(missing)}"] if missing else []) + (
        [f"not the build's value: {', '.join(different)}"] if different else [])
    if said:
        report.problem(response.url, "headers " + "; ".join(said),
                       f"send the headers of {serverconfig.NGINX_FILE} (nginx: include it in the server block; "
                       f"a location that adds headers of its own must include them too) or of "
                       f"{serverconfig.HEADERS_FILE}, from this build")


def check(base: str, site: Path) -> Report:
    """Compare the site deployed at ``base`` with the build in ``site``."""
    base = base if base.endswith("/") else base + "/"
    report, wanted = Report(), expected_headers(site)
    if not secure_transport(base):
        report.problem(base, "served over plain HTTP", "serve the site over HTTPS only")
    immutable = serverconfig.fingerprinted(site)
    samples = [("index.html", ""), ("api/v1/guidelines.json", "api/v1/guidelines.json")]
    samples += [(path, path) for path in (immutable[:1] + ["assets/javascripts/evaluator.mjs"])]
    for local, path in samples:
        response = fetch(urljoin(base, path), gzip_ok=True)
        report.checked.append(response.url)
        if response.status != 200:
            report.problem(response.url, f"status {response.status}, expected 200",
                           "copy the whole of site/ to the published folder")
            continue
        if response.body != (site / local).read_bytes():
            report.problem(response.url, "not the file this build wrote",
                           "publish this build's site/ again, or check against the build that was published "
                           "(--site-dir)")
        _headers_match(report, response, wanted)
        _check_cache(report, response, path in immutable)
        _check_type(report, response, local)
    _check_compression(report, base, immutable)
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
                           "refuse it (the nginx snippet does; static hosts that read _headers do)")
    return report


def _check_cache(report: Report, response: Response, immutable: bool) -> None:
    value = response.headers.get("cache-control", "")
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
    kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
    wanted = {".html": {"text/html"}, ".json": {"application/json"}, ".css": {"text/css"},
              ".js": {"application/javascript", "text/javascript"},
              ".mjs": {"application/javascript", "text/javascript"}}.get(Path(local).suffix)
    if wanted and kind not in wanted:
        report.problem(response.url, f"Content-Type {kind or 'missing'}, expected {' or '.join(sorted(wanted))}",
                       "map the file's extension to its type (browsers refuse a module served as anything else)")


def _check_compression(report: Report, base: str, immutable: list[str]) -> None:
    for path in [p for p in immutable if p.endswith(".css")][:1]:
        response = fetch(urljoin(base, path), gzip_ok=True)
        if response.headers.get("content-encoding") not in ("gzip", "br"):
            report.problem(response.url, "sent uncompressed to a browser that accepts gzip",
                           "turn compression on for text (the nginx snippet's gzip lines)")


def run(url: str, site: Path) -> tuple[int, str]:
    """Exit code and report text for ``guidelines deploy-check``."""
    if not (site / serverconfig.HEADERS_FILE).is_file():
        return 1, f"{site} has no {serverconfig.HEADERS_FILE}: build the site first ('guidelines build')."
    if urlsplit(url).scheme not in ("http", "https"):
        return 2, f"{url} is not an http(s) address of the deployed site."
    try:
        report = check(url, site)
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        return 1, f"{url} could not be read: {reason}."
    lines = report.problems + [report.summary()]
    return (1 if report.problems else 0), "\n".join(lines)
