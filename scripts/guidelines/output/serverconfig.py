"""What a web server must send with the built site, written as files a server reads.

A static site cannot set its own headers: the policy's ``frame-ancestors``, ``nosniff`` and
the cache lifetimes only work when the server sends them. The build knows everything they
depend on (the policy's hashes, which files carry a content hash in their name, the path the
site is published under), so it writes the server's configuration next to the pages, and a
deployment copies it rather than retyping it:

* ``_nginx-headers.conf``: an nginx snippet for the ``server {}`` block: the headers on every
  response, compression, the cache rules, the 404 page, the two header files kept private, and
  the JSON export, the feed and the evaluator module readable by other sites' pages (CORS:
  the export is public, and no cookie or credential is involved);
* ``_headers``: the same headers for static hosts that read such a file (Netlify, Cloudflare
  Pages), which serve neither file.

Cache rules. A file whose name carries its content's hash (``bundle.a5f9d56c.min.js``) never
changes under that name: browsers keep it a year without asking. Everything else (pages,
the JSON export, the feed) is ``no-cache``: kept, but revalidated on every visit, so a new
edition is seen at once and an unchanged page costs a bodiless 304.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from urllib.parse import urlsplit

HEADERS_FILE = "_headers"  # Netlify and Cloudflare Pages read it and do not serve it
NGINX_FILE = "_nginx-headers.conf"  # an nginx snippet; it refuses to serve both files

FOREVER = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
# Material's naming, which the build's own minified assets follow: name.<8 hex of content>.min.css|js
FINGERPRINTED = re.compile(r"\.[0-9a-f]{8}\.min\.(?:css|js)$")
# Compressed on the fly; images other than SVG, and the gzipped sitemap, are compressed already.
# Paths written into the snippet as they are: letters, digits and - . _ ~ / only (an address with any other
# character, which nginx might read as syntax or a variable, is left to the page's own way on).
_PLAIN_PATH = re.compile(r"[A-Za-z0-9._~/-]*")
COMPRESSED_TYPES = ("text/css", "application/javascript", "text/javascript", "application/json",
                    "image/svg+xml", "application/xml", "text/xml")


def prefix_of(site_url: str) -> str:
    """The path the site is published under, from its address: ``/`` or ``/guidelines/``."""
    path = urlsplit(site_url).path or "/"
    return path if path.endswith("/") else path + "/"


def fingerprinted(site: Path) -> list[str]:
    """The site's files (relative, ``/``-separated) whose names carry their content's hash."""
    assets = site / "assets"
    return sorted(path.relative_to(site).as_posix() for path in assets.rglob("*")
                  if FINGERPRINTED.search(path.name) and path.is_file() and not path.is_symlink())


def _nginx_string(value: str) -> str:
    """A double-quoted nginx string (the values are the build's own; quotes and backslashes escaped anyway)."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _variables(prefix: str) -> str:
    """The start of the snippet's variable names for one published path: two copies of the
    site (a staging one beside the real one) on one server keep their own values. Short:
    nginx's default variables hash refuses names much longer than these."""
    return f"$gl{hashlib.sha256(prefix.encode('utf-8')).hexdigest()[:8]}_"


def _add_headers(names: list[str], variables: str, cache: str, indent: str, *, shared: bool = False) -> list[str]:
    """The header lines of one block (values from the variables the snippet sets first);
    ``shared``: readable from other sites' pages too (CORS: the JSON, the feed, the module)."""
    lines = [f"{indent}add_header {name} {variables}{_slug(name)} always;" for name in names]
    lines.append(f"{indent}add_header Cache-Control {_nginx_string(cache)} always;")
    if shared:
        lines.append(f'{indent}add_header Access-Control-Allow-Origin "*" always;')
    return lines


def _slug(name: str) -> str:
    """A header's initials: Content-Security-Policy -> csp."""
    return "".join(word[0] for word in name.lower().split("-"))


def nginx_conf(headers: list[tuple[str, str]], prefix: str, immutable: list[str],
               languages: tuple[str, ...] = (), moved: dict[str, str] | None = None) -> str:
    """The nginx snippet (see the module's docstring).

    Everything is inside the site's own ``location ^~`` (which no regular-expression location
    of the server can take requests from), so the rest of the server is left as it is; only
    the header values are server-wide, as variables named for the path (nginx runs no
    ``set`` of an outer location in an inner one). A ``location`` with an ``add_header`` of
    its own gets none of the outer ones (a server-wide HSTS header included), so each block
    repeats the list.
    """
    names, variables = [name for name, _ in headers], _variables(prefix)
    if len({_slug(name) for name in names}) != len(names):
        raise ValueError(f"two headers with the same initials: {names}")

    def block(head: str, cache: str, *body: str, shared: bool = False) -> list[str]:
        return [f"    {head} {{", *body, *_add_headers(names, variables, cache, "        ", shared=shared), "    }"]

    lines = [
        "# The guidelines site for nginx, written by its build. Copy it out of the site (e.g. to",
        "# /etc/nginx/snippets/), include it inside the server {} block that serves the site, with",
        f"# `root` set so that the site's files are at $document_root{prefix} (for example: root /srv/www;",
        f"# and the site copied to /srv/www{prefix}), then run nginx -t and reload. It sets the security",
        "# headers and the cache lifetimes of every file of the site, compresses text and serves the",
        f"# site's own 404 page; nothing outside {prefix} is affected but the variables it sets.",
        *(f"set {variables}{_slug(name)} {_nginx_string(value)};" for name, value in headers),
        "",
    ]
    if prefix != "/":
        lines += [f"location = {prefix.rstrip('/')} {{",
                  "    absolute_redirect off;",
                  *_add_headers(names, variables, REVALIDATE, "    "),
                  f"    return 301 {prefix};",
                  "}", ""]
    lines += [
        f"location ^~ {prefix} {{",
        "    absolute_redirect off;  # a folder's address without its final / redirects to a relative address",
        "    autoindex off;  # (whatever the server says) no folder listings",
        "    expires off;  # the Cache-Control below is the only cache rule",
        "    gzip on;",
        "    gzip_comp_level 6;",
        "    gzip_vary on;",
        "    gzip_types " + " ".join(COMPRESSED_TYPES) + ";",
        "    charset utf-8;",
        "    charset_types text/css application/javascript text/javascript application/json text/xml "
        "application/xml;",
        f"    error_page 404 {prefix}404.html;",
        "    # Pages: revalidated on every visit.",
        *_add_headers(names, variables, REVALIDATE, "    "),
        "",
        "    # The JSON export and the feed: revalidated too, and readable by other sites' pages.",
        *(line for root in ("", *(f"{code}/" for code in languages))  # (each translation has its own)
          for line in (*block(f"location ^~ {prefix}{root}api/", REVALIDATE, shared=True),
                       *block(f"location = {prefix}{root}feed.json", REVALIDATE, shared=True))),
        "    # Each translation's missing pages: its own 404 page, in its language (a prefix location, so the",
        "    # module rule below still applies inside it).",
        *(line for code in languages for line in block(f"location {prefix}{code}/", REVALIDATE,
                                                      f"        error_page 404 {prefix}{code}/404.html;")),
        "    # Modules (the tree evaluator that tools import): nginx's types know no .mjs.",
        *block("location ~ \\.mjs$", REVALIDATE, "        types { }", "        default_type text/javascript;",
               shared=True),
        "",
        "    # Files whose names carry their content's hash: kept for a year, never asked for again.",
    ]
    for path in immutable:
        lines += block(f"location = {prefix}{path}", FOREVER)
    if moved:
        lines += ["",
                  "    # The edition in force at its edition's addresses (what a citation pinned to it links): sent on",
                  "    # to its page with a redirect, which keeps the address's #fragment (a clause) with no script.",
                  "    # 302, not 301: once a later edition replaces it, these addresses show its own frozen pages."]
        lines += [f"    location = {prefix}{old} {{ return 302 {prefix}{new}$is_args$args; }}"
                  for old, new in sorted(moved.items()) if _PLAIN_PATH.fullmatch(old + new)]
    lines += ["", "    # The server's configuration is not part of the site."]
    lines += [f"    location = {prefix}{name} {{ return 404; }}" for name in (HEADERS_FILE, NGINX_FILE)]
    lines += ["}"]
    return "\n".join(lines) + "\n"


def headers_file(headers: list[tuple[str, str]], prefix: str, immutable: list[str],
                 languages: tuple[str, ...] = ()) -> str:
    """The ``_headers`` file: every path gets the headers; hashed files a year's cache; the
    JSON, the feed and the module may be read by other sites' pages.

    Pages get no Cache-Control here: these hosts add theirs (revalidate every time), and two
    rules matching one path would join their values.
    """
    lines = ["# Headers for every file of the site (Netlify, Cloudflare Pages), written by its build.",
             f"{prefix}*"]
    lines += [f"  {name}: {value}" for name, value in headers]
    for path in immutable:
        lines += [f"{prefix}{path}", f"  Cache-Control: {FOREVER}"]
    for root in ("", *(f"{code}/" for code in languages)):  # (each translation's export, feed and module)
        for path in ("api/*", "feed.json", "assets/javascripts/evaluator.mjs"):
            lines += [f"{prefix}{root}{path}", "  Access-Control-Allow-Origin: *"]
    return "\n".join(lines) + "\n"


def write(site: Path, headers: list[tuple[str, str]], site_url: str, moved: dict[str, str] | None = None) -> None:
    """Write both files into the built site, never over a file already there (``moved``: see nginx_conf)."""
    prefix, immutable = prefix_of(site_url), fingerprinted(site)
    # Each translation's site: a folder named by its two-letter code, with its own export.
    languages = tuple(sorted(path.name for path in site.iterdir() if len(path.name) == 2 and path.name.isalpha()
                             and (path / "api").is_dir() and not path.is_symlink()))
    for name, text in ((HEADERS_FILE, headers_file(headers, prefix, immutable, languages)),
                       (NGINX_FILE, nginx_conf(headers, prefix, immutable, languages, moved))):
        with open(site / name, "x", encoding="utf-8") as handle:  # never over a file MkDocs wrote
            handle.write(text)
