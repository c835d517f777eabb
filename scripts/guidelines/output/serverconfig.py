"""What a web server must send with the built site, written as files a server reads.

A static site cannot set its own headers: the policy's ``frame-ancestors``, ``nosniff`` and
the cache lifetimes only work when the server sends them. The build knows everything they
depend on (the policy's hashes, which files carry a content hash in their name, the path the
site is published under), so it writes the server's configuration next to the pages, and a
deployment copies it rather than retyping it:

* ``_nginx-headers.conf``: an nginx snippet for the ``server {}`` block: the headers on every
  response, compression, the cache rules, the 404 page and the two header files kept private;
* ``_headers``: the same headers for static hosts that read such a file (Netlify, Cloudflare
  Pages), which serve neither file.

Cache rules. A file whose name carries its content's hash (``bundle.a5f9d56c.min.js``) never
changes under that name: browsers keep it a year without asking. Everything else (pages,
the JSON export, the feed) is ``no-cache``: kept, but revalidated on every visit, so a new
edition is seen at once and an unchanged page costs a bodiless 304.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

HEADERS_FILE = "_headers"  # Netlify and Cloudflare Pages read it and do not serve it
NGINX_FILE = "_nginx-headers.conf"  # an nginx snippet; it refuses to serve both files

FOREVER = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
# Material's naming, which the build's own minified assets follow: name.<8 hex of content>.min.css|js
FINGERPRINTED = re.compile(r"\.[0-9a-f]{8}\.min\.(?:css|js)$")
# Compressed on the fly; images other than SVG, and the gzipped sitemap, are compressed already.
COMPRESSED_TYPES = ("text/css", "application/javascript", "text/javascript", "application/json",
                    "image/svg+xml", "application/xml", "text/xml")


def prefix_of(site_url: str) -> str:
    """The path the site is published under, from its address: ``/`` or ``/guidelines/``."""
    path = re.sub(r"^[a-z][a-z0-9+.-]*://[^/]*", "", site_url, flags=re.I) or "/"
    return path if path.endswith("/") else path + "/"


def fingerprinted(site: Path) -> list[str]:
    """The site's files (relative, ``/``-separated) whose names carry their content's hash."""
    assets = site / "assets"
    return sorted(path.relative_to(site).as_posix() for path in assets.rglob("*")
                  if FINGERPRINTED.search(path.name) and path.is_file() and not path.is_symlink())


def _nginx_string(value: str) -> str:
    """A double-quoted nginx string (the values are the build's own; quotes and backslashes escaped anyway)."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _variable(name: str) -> str:
    return "$guidelines_" + re.sub(r"[^a-z0-9]+", "_", name.lower())


def _add_headers(headers: Iterable[tuple[str, str]], cache: str, indent: str) -> list[str]:
    """The header lines of one block (the values are the variables the snippet sets first)."""
    return [f"{indent}add_header {name} {_variable(name)} always;" for name, _ in headers] + [
        f"{indent}add_header Cache-Control {_nginx_string(cache)} always;"]


def nginx_conf(headers: list[tuple[str, str]], prefix: str, immutable: list[str]) -> str:
    """The nginx snippet (see the module's docstring).

    Everything is inside the site's own ``location``, so the rest of the server is left as it
    is; only the header values are server-wide, as variables named ``$guidelines_*`` (nginx
    runs no ``set`` of an outer location in an inner one). A ``location`` with an
    ``add_header`` of its own gets none of the outer ones, so each block repeats the list.
    """
    lines = [
        "# The guidelines site for nginx, written by its build. Include this file inside the",
        "# server {} block that serves the site, with `root` set so that the site's files are at",
        f"# $document_root{prefix} (for example: root /srv/www; and the site copied to /srv/www{prefix}).",
        "# It sets the security headers and the cache lifetimes of every file of the site, compresses",
        f"# text, and serves the site's own 404 page; nothing outside {prefix} is affected.",
        *(f"set {_variable(name)} {_nginx_string(value)};" for name, value in headers),
        "",
        f"location {prefix} {{",
        "    absolute_redirect off;  # a folder's address without its final / redirects to a relative address",
        "    gzip on;",
        "    gzip_comp_level 6;",
        "    gzip_vary on;",
        "    gzip_types " + " ".join(COMPRESSED_TYPES) + ";",
        "    charset utf-8;",
        "    charset_types text/css application/javascript text/javascript application/json text/xml "
        "application/xml;",
        f"    error_page 404 {prefix}404.html;",
        "    # Pages, the JSON export and the feed: revalidated on every visit.",
        *_add_headers(headers, REVALIDATE, "    "),
        "",
        "    # Modules (the tree evaluator that tools import): nginx's types know no .mjs.",
        "    location ~ \\.mjs$ {",
        "        types { }",
        "        default_type text/javascript;",
        *_add_headers(headers, REVALIDATE, "        "),
        "    }",
        "",
        "    # Files whose names carry their content's hash: kept for a year, never asked for again.",
    ]
    for path in immutable:
        lines += [f"    location = {prefix}{path} {{", *_add_headers(headers, FOREVER, "        "), "    }"]
    lines += ["", "    # The server's configuration is not part of the site."]
    lines += [f"    location = {prefix}{name} {{ return 404; }}" for name in (HEADERS_FILE, NGINX_FILE)]
    lines += ["}"]
    return "\n".join(lines) + "\n"


def headers_file(headers: list[tuple[str, str]], prefix: str, immutable: list[str]) -> str:
    """The ``_headers`` file: every path gets the headers; hashed files a year's cache.

    Pages get no Cache-Control here: these hosts add theirs (revalidate every time), and two
    rules matching one path would join their values.
    """
    lines = ["# Headers for every file of the site (Netlify, Cloudflare Pages), written by its build.",
             f"{prefix}*"]
    lines += [f"  {name}: {value}" for name, value in headers]
    for path in immutable:
        lines += [f"{prefix}{path}", f"  Cache-Control: {FOREVER}"]
    return "\n".join(lines) + "\n"


def write(site: Path, headers: list[tuple[str, str]], site_url: str) -> None:
    """Write both files into the built site, never over a file already there."""
    prefix, immutable = prefix_of(site_url), fingerprinted(site)
    for name, text in ((HEADERS_FILE, headers_file(headers, prefix, immutable)),
                       (NGINX_FILE, nginx_conf(headers, prefix, immutable))):
        with open(site / name, "x", encoding="utf-8") as handle:  # never over a file MkDocs wrote
            handle.write(text)
