"""What a first visit to a page costs a reader: requests, bytes, and bytes gzipped, in headless Chromium.

Each page is opened in a fresh browser context (an empty cache), from a local static server,
and left until the network has been idle and one more second has passed (a script that loads
more after start-up counts). Every response the page and its workers received counts: its
body's length, and that body compressed with gzip at level 6, which is what a server set to
``gzip_comp_level 6`` would send. Sizes do not depend on the machine's speed, so a test can
hold them to a budget (tests/browser/test_weight_browser.py) and the benchmark records them
(``python -m bench --weights``).
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import os
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

# The pages weighed: the home page, a decision tree and a worked example (by their site paths).
PAGES: dict[str, str] = {"home": "", "tree": "trees/quick-check/", "example": "examples/ex-1/"}
GZIP_LEVEL = 6
SETTLE_MS = 1000  # after the network is idle: what a page loads a moment after start-up counts too
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def gzipped(body: bytes) -> int:
    """The body's size as a server compressing at level 6 sends it (the gzip header included)."""
    return len(gzip.compress(body, GZIP_LEVEL, mtime=0))


def first_visit(browser: Any, url: str) -> dict[str, Any]:
    """Open ``url`` with an empty cache; what it received: requests, bytes, gzipped bytes, and each file."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    responses: list[Any] = []
    context.on("response", lambda response: responses.append(response))  # the page's and its workers'
    try:
        page = context.new_page()
        page.goto(url, wait_until="networkidle")
        page.wait_for_timeout(SETTLE_MS)
        page.wait_for_load_state("networkidle")
        files = []
        for response in responses:
            try:
                body = response.body()
            except Exception:  # a response without a body (a redirect)
                body = b""
            address = urlsplit(response.url)
            files.append([address.path + (f"?{address.query}" if address.query else ""), len(body), gzipped(body)])
    finally:
        context.close()
    return {"requests": len(files), "bytes": sum(f[1] for f in files), "gzip_bytes": sum(f[2] for f in files),
            "files": files}


def weigh_site(browser: Any, base_url: str, pages: dict[str, str] = PAGES) -> dict[str, dict[str, Any]]:
    """Each page's first visit, by name."""
    return {name: first_visit(browser, base_url + path) for name, path in pages.items()}


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def served(directory: Path) -> Iterator[str]:
    """A static server for ``directory`` on 127.0.0.1; yields its base URL (with a final /)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    """Debian's Chromium, headless (Playwright downloads no browser)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).is_file():
        raise RuntimeError(f"no Chromium at {CHROMIUM}: apt-get install -y chromium (or set $CHROMIUM)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def weigh_sites(sites: dict[str, Path], pages: dict[str, str] = PAGES) -> dict[str, dict[str, dict[str, Any]]]:
    """Each built site's pages (by the site's name), in one browser."""
    with chromium() as browser:
        out = {}
        for name, site in sites.items():
            with served(site) as url:
                out[name] = weigh_site(browser, url, pages)
        return out
