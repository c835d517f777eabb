"""Shared fixtures for the browser tests: real headless Chromium against the built site.

* ``site_url``: the built ``site/`` served by nginx on 127.0.0.1 (a free port), once per
  session, with the configuration the build wrote for it (tests/nginx_util.py): the
  security headers and the content security policy are enforced as in production. A
  missing build fails the tests (it never skips them).
* ``guarded``: pytest-playwright's page, guarded: any request to another origin is blocked
  and fails the test, and so does any page error, console error or violation of the
  content security policy.
* ``axe``: injects axe-core (``npm ci``) and returns the WCAG 2.1 A/AA violations.
* ``fixture_url``: a stand-alone tree page (tests/browser/fixtures/) with hostile strings,
  served with the widget's own files, for tests that must not depend on the content.

Chromium is Debian's (/usr/bin/chromium, or $CHROMIUM): Playwright downloads no browser.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from nginx_util import nginx, snippet_of
from playwright.sync_api import Page, Request

from guidelines.check.trees import tree_hash
from guidelines.render import i18n

ROOT = Path(__file__).resolve().parents[2]
# The built site; $GUIDELINES_SITE points the tests at a site built elsewhere.
SITE = Path(os.environ.get("GUIDELINES_SITE") or ROOT / "site").resolve()
FIXTURES = Path(__file__).resolve().parent / "fixtures"
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Material's own chrome, left out of whole-page axe runs (the project's content and
# widgets are never excluded). Each entry says why.
MATERIAL_CHROME: list[str] = [
    # navigation.instant.progress: Material's loading bar has role=progressbar and no
    # accessible name (axe: aria-progressbar-name); it is Material's template, not ours.
    ".md-progress",
]
# Reports each violation of the content security policy (see page_guard).
VIOLATIONS = """document.addEventListener('securitypolicyviolation', e => window.__glViolation(
    `${e.disposition} ${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`
    + (e.sample ? ` (${e.sample})` : '')));"""
# Origins every guarded page may talk to: the servers this file starts.
_ORIGINS: set[str] = set()


@pytest.fixture(scope="session")
def serve(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[..., str]]:
    """``serve(root, site=None, port=None)``: serve ``root`` with nginx on 127.0.0.1, including the
    nginx snippet the build wrote into ``site`` (default: ``root``; a site published under a
    sub-path sits in a folder of ``root``); returns the server's base URL (with a final /)."""
    with ExitStack() as servers:
        def start(root: Path, site: Path | None = None, port: int | None = None) -> str:
            home = tmp_path_factory.mktemp("nginx")
            origin = servers.enter_context(nginx(root, home, snippet=snippet_of(site or root), port=port))
            _ORIGINS.add(origin)
            return origin + "/"

        yield start


@pytest.fixture(scope="session")
def site_dir() -> Path:
    """The built site; fails (never skips) when it has not been built."""
    if not (SITE / "index.html").is_file():
        pytest.fail(f"{SITE} is not built: run `make build` (or `.venv/bin/guidelines build`) first")
    return SITE


@pytest.fixture(scope="session")
def site_url(serve: Callable[..., str], site_dir: Path) -> str:
    """Base URL of the built site, served for the whole session."""
    return serve(site_dir)


@pytest.fixture(scope="session")
def fixture_url(serve: Callable[..., str], tmp_path_factory: pytest.TempPathFactory) -> str:
    """URL of the stand-alone widget page built from tests/browser/fixtures/."""
    root = tmp_path_factory.mktemp("dt-fixture-site")
    for rel in ("assets/javascripts/decision-tree.js", "assets/javascripts/evaluator.mjs",
                "assets/stylesheets/decision-tree.css"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "docs" / rel, root / rel)
    schema = root / "api" / "v1" / "record.schema.json"
    schema.parent.mkdir(parents=True)
    shutil.copy(ROOT / "scripts/guidelines/schemas/published/record.schema.json", schema)
    payload = json.loads((FIXTURES / "payload.json").read_text(encoding="utf-8"))
    payload["tree"]["hash"] = tree_hash(payload["tree"])
    text = html.escape(json.dumps(payload, ensure_ascii=False))  # an attribute value, as the generator writes it
    template = (FIXTURES / "tree-page.html").read_text(encoding="utf-8")

    def words(language: str) -> str:  # the widget's words, as the generator writes them
        return html.escape(json.dumps(i18n.group(language, "widget"), ensure_ascii=False))

    # The real page, one whose payload is broken (the widget must say so, not crash), and the real
    # page in French (fixture-check-fr).
    for name, body, language in (("fixture-check", text, "en"),
                                 ("broken", html.escape('{"tree": {"id": "broken", '), "en"),
                                 ("fixture-check-fr", text, "fr")):
        page = root / "trees" / name / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(template.replace("@PAYLOAD@", body).replace("@STRINGS@", words(language))
                        .replace('lang="en"', f'lang="{language}"'), encoding="utf-8")
    return serve(root) + "trees/fixture-check/"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Debian's Chromium, headless, with no background traffic."""
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"no Chromium at {CHROMIUM}: apt-get install -y chromium (or set $CHROMIUM)")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "headless": True,
            "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    """A desktop viewport; downloads allowed (decision records)."""
    return {**browser_context_args, "viewport": {"width": 1280, "height": 900}, "accept_downloads": True}


class PageGuard:
    """What a page did wrong: requests to other origins, page errors, console errors, policy violations."""

    def __init__(self) -> None:
        self.foreign: list[str] = []
        self.errors: list[str] = []
        self.violations: list[str] = []

    def problems(self) -> list[str]:
        return ([f"request to another origin: {url}" for url in self.foreign]
                + [f"error: {text}" for text in self.errors]
                + [f"content security policy violation: {text}" for text in self.violations])

    def check(self) -> None:
        """Fail now if anything went wrong so far."""
        problems = self.problems()
        assert not problems, "the page misbehaved:\n  " + "\n  ".join(problems)


def _foreign() -> re.Pattern[str]:
    """URLs outside the served origins (matched in the browser: own requests never wait)."""
    own = "|".join(re.escape(origin + "/") for origin in sorted(_ORIGINS)) or "(?!)"
    return re.compile(rf"^(?!(?:{own})|data:|blob:|about:)")


@pytest.fixture
def page_guard(page: Page) -> Iterator[PageGuard]:
    """Block and report requests that leave the served origins; report page/console errors."""
    guard = PageGuard()

    def route(route: Any, request: Request) -> None:
        guard.foreign.append(request.url)
        route.abort()

    page.context.route(_foreign(), route)
    # Every document reports its policy's violations before its own scripts run.
    page.expose_function("__glViolation", lambda text: guard.violations.append(str(text)))
    page.add_init_script(VIOLATIONS)
    page.on("pageerror", lambda error: guard.errors.append(f"page error: {error}"))
    page.on("console", lambda msg: guard.errors.append(f"console {msg.type}: {msg.text}")
            if msg.type == "error" else None)
    yield guard
    guard.check()


@pytest.fixture
def guarded(page: Page, page_guard: PageGuard) -> Page:
    """The test's page, guarded (see page_guard): the fixture most tests want."""
    return page


# The address ``portless`` serves a site at (answered by the test, never looked up).
INSTANT_ORIGIN = "http://guidelines.test"


def portless(page: Page, url: str) -> str:
    """Serve the site at ``url`` to ``page`` at an address with no port, its requests answered by the test's nginx:
    Material turns its instant navigation on only for addresses in its sitemap, which it matches on host and
    scheme, not port, so on 127.0.0.1:PORT every link loads a whole page. Here, as in production, following a link
    to another page of the site swaps the page's body and head in place and keeps the header. Returns the base
    URL (with a final /)."""
    def forward(route: Any, request: Request) -> None:
        route.fulfill(response=route.fetch(url=url.rstrip("/") + request.url[len(INSTANT_ORIGIN):],
                                           max_redirects=0))

    page.route(INSTANT_ORIGIN + "/**", forward)
    return INSTANT_ORIGIN + "/"


@pytest.fixture
def instant(guarded: Page, site_url: str) -> str:
    """The built site, served to the guarded page where instant navigation is on (see portless)."""
    return portless(guarded, site_url)


def settle(page: Page) -> None:
    """Wait, after a page's load event, until it is as a reader sees it: the site's script has run (it marks the
    site's own links in the content) and the web fonts are in. Waiting for the network to be idle instead costs
    half a second more a page, for requests (the sitemap, the search's worker) that page tests do not read."""
    page.wait_for_function("document.querySelector('.md-content a.gl-internal') !== null"
                           " || document.querySelector('.md-content a[href]') === null")
    page.evaluate("document.fonts.ready.then(() => true)")


def run_axe(page: Page, include: str | None = None, exclude: list[str] | None = None) -> list[dict[str, Any]]:
    """WCAG 2.1 A/AA violations on the page (or inside ``include``), as plain dicts.

    Without ``include`` the whole page is checked, less MATERIAL_CHROME and ``exclude``.
    """
    if not AXE_JS.is_file():
        pytest.fail(f"{AXE_JS} is missing: run `npm ci` in {ROOT}")
    if not page.evaluate("typeof window.axe === 'object'"):
        # Evaluated as a console would, not added as a <script>: the site's policy blocks inline scripts.
        page.evaluate(AXE_JS.read_text(encoding="utf-8") + "\n;undefined")
    context: dict[str, Any] = {"exclude": [[s] for s in (exclude or [])]}
    if include:
        context["include"] = [[include]]
    else:
        context["exclude"] += [[s] for s in MATERIAL_CHROME]
    return page.evaluate(
        """async ([context, tags]) => {
            const result = await axe.run(context, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
            return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary}))}));
        }""",
        [context, WCAG_TAGS],
    )


def describe_violations(violations: list[dict[str, Any]]) -> str:
    """A readable list of axe violations for an assertion message."""
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        lines += [f"    {n['target']}: {n['summary']}" for n in v["nodes"][:5]]
    return "\n".join(lines)


@pytest.fixture
def axe() -> Callable[..., list[dict[str, Any]]]:
    """``axe(page, include=None, exclude=None)`` -> violations (see run_axe)."""
    return run_axe
