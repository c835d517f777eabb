"""The built site's content security policy and security headers.

A static site cannot trust its own pages to stay as built (a compromised host, an injected
script): the policy lets a browser run only the site's own script files and the inline
scripts the build hashed from the pages themselves (Material's included), so nothing else
runs, and nothing is loaded from another origin.

One policy for the whole site: the union of every page's inline-script hashes. Material's
instant navigation keeps the first page's document (and its policy) while it shows the
next page, so each page must allow the others' scripts anyway, and the header files stay
one rule. Every page carries the policy as a ``<meta http-equiv>``; the server's files
(``serverconfig``) carry it as a header, with ``frame-ancestors`` (ignored in a meta) and the
other headers.

Styles: ``'unsafe-inline'``. The theme's print-margin ``<style>`` differs on every page (it
holds the page's address), the diagrams and tables carry ``style`` attributes, and
hashing attributes would need ``'unsafe-hashes'`` for each one. CSS runs no script; page
content never carries ``<style>`` (the sanitiser drops it); and ``default-src 'self'``
keeps an injected style from loading, or sending anything to, another host.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from pathlib import Path

from guidelines.output import serverconfig

# The policy, directive by directive ({hashes} is the inline scripts' hashes).
DIRECTIVES: tuple[tuple[str, str], ...] = (
    ("default-src", "'self'"),
    ("script-src", "'self' {hashes}"),  # no 'unsafe-inline', no 'unsafe-eval'
    ("style-src", "'self' 'unsafe-inline'"),  # see the module's docstring
    ("img-src", "'self' data:"),  # Material's icons are data: SVG in its CSS
    ("font-src", "'self'"),
    ("connect-src", "'self'"),  # instant navigation, the search index
    ("worker-src", "'self'"),  # the search worker and its wrapper (workers/)
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)
HEADER_ONLY: tuple[tuple[str, str], ...] = (("frame-ancestors", "'none'"),)  # ignored in a <meta>

# Sent with every file. same-origin: other sites learn nothing of the reader's page, not even
# this site's host (a studio's internal address); the site needs no referrer from outside.
OTHER_HEADERS: tuple[tuple[str, str], ...] = (
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
    ("X-Frame-Options", "DENY"),  # frame-ancestors for browsers that predate it
    ("Permissions-Policy", ", ".join(f"{feature}=()" for feature in (
        "accelerometer", "autoplay", "camera", "display-capture", "geolocation", "gyroscope",
        "hid", "magnetometer", "microphone", "midi", "payment", "publickey-credentials-get", "serial",
        "usb", "xr-spatial-tracking"))),
)

HSTS = "max-age=31536000"

_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
_SRC = re.compile(r"(?:^|\s)src\s*=", re.I)
_TYPE = re.compile(r"""(?:^|\s)type\s*=\s*["']?([^"'\s>]*)""", re.I)
_JS_TYPES = {"", "module", "text/javascript", "application/javascript", "text/ecmascript",
             "application/ecmascript"}
_CHARSET = re.compile(r"<meta\s+charset=[^>]*>", re.I)
_HEAD = re.compile(r"<head\b[^>]*>", re.I)


def inline_scripts(html: str) -> list[str]:
    """The text of each inline script a browser would run (not ``src`` scripts, not JSON data blocks)."""
    found = []
    for match in _SCRIPT.finditer(html):
        attributes, text = match.groups()
        kind = _TYPE.search(attributes)
        if not _SRC.search(attributes) and (kind is None or kind.group(1).lower() in _JS_TYPES):
            found.append(text)
    return found


def script_hash(text: str) -> str:
    """A CSP source for one inline script: the sha256 of its exact text, as the browser hashes it."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def policy(hashes: Iterable[str], *, header: bool = False) -> str:
    """The policy for these script hashes; ``header`` adds what only a header can carry."""
    directives = DIRECTIVES + (HEADER_ONLY if header else ())
    joined = " ".join(sorted(set(hashes)))
    return "; ".join(f"{name} {sources.format(hashes=joined)}".strip() for name, sources in directives)


def with_meta(html: str, content: str) -> str:
    """The page with the policy as its first element after the charset (before any script)."""
    meta = f'<meta http-equiv="Content-Security-Policy" content="{content}">'
    anchor = _CHARSET.search(html) or _HEAD.search(html)
    if anchor is None:
        raise ValueError("a page without <head>: the policy has nowhere to go")
    return html[:anchor.end()] + "\n" + meta + html[anchor.end():]


def secure_site(site: Path, site_url: str, moved: dict[str, str] | None = None) -> str:
    """Give every page of a built site the policy, and write the server's files; returns the header policy.

    ``moved``: addresses the server answers with a redirect (serverconfig.nginx_conf), as paths from the site."""
    pages = sorted(site.rglob("*.html"))
    # Bytes, not read_text: a carriage return is part of the text the browser hashes.
    hashes = {script_hash(text) for page in pages for text in inline_scripts(page.read_bytes().decode("utf-8"))}
    meta = policy(hashes)
    for page in pages:
        page.write_bytes(with_meta(page.read_bytes().decode("utf-8"), meta).encode("utf-8"))
    header = policy(hashes, header=True)
    serverconfig.write(site, headers(header, site_url), site_url, moved or {})
    return header


def headers(header_policy: str, site_url: str) -> list[tuple[str, str]]:
    """Every header the server sends with every file: the policy and the others; for a site
    published over HTTPS, HSTS (a year; subdomains are the host's business, so not included)."""
    https = [("Strict-Transport-Security", HSTS)] if site_url.lower().startswith("https://") else []
    return [("Content-Security-Policy", header_policy), *OTHER_HEADERS, *https]
