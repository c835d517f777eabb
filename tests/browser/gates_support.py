"""Site-wide browser gates: visit every page and every tree step once, record what happened.

A visit loads one URL in headless Chromium and records every request that left the
site's origin (blocked, so nothing is sent), every request the site answered with an error
(a 404: an address the page asks for that does not exist), every dialog (dismissed), page
errors, every violation of the content security policy (reported by the page before its scripts run),
whether a payload ran (``window.__pwned``), the widget's state on tree pages, the
visible text, and (optionally) the axe-core violations. The gates then assert on the
records of all visits together, so one failure report lists every offending page.

"Every tree step" is every prefix of every answer path through each exported tree
(site/api/v1/trees/*.json), each with its own URL (?answers=...): each question reached
and each outcome. The first step of a tree is loaded as a link opens it; the next ones
are reached the way Back/Forward reaches them (the URL changes, the widget re-renders
from it), which exercises the same rendering at a fraction of the cost of a page load.
"""

from __future__ import annotations

import contextlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from conftest import VIOLATIONS, run_axe
from playwright.sync_api import Browser, BrowserContext, Dialog, Route
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from guidelines import kinds, urlstate
from guidelines.evaluator import all_paths, evaluate
from guidelines.output.languages import interface_languages
from guidelines.urls import Urls

URLS = Urls("https://guidelines.invalid/")  # paths only: the site root does not matter
LANGUAGES = interface_languages()  # a translation's pages are under /<language>/


@dataclass(frozen=True)
class Target:
    """One URL to visit (relative to the site's root) and what to wait for there."""

    path: str
    tree: str | None = None  # a tree page: wait for the widget
    node: str | None = None  # the node the widget must show
    axe_scope: str | None = None  # None: the whole page (less Material's chrome); else a selector
    older: bool = False  # a page of an archived edition before the latest archived one (see page_targets)
    alike: bool = False  # an edition URL that leads on, after the first of its language (see page_targets)

    @property
    def skipped(self) -> bool:
        """Left to the static gates (see page_targets)."""
        return self.older or self.alike


@dataclass
class Visit:
    """What happened during one visit."""

    target: Target
    foreign: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # "404 <url>": requests the site answered with an error
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    pwned: bool = False
    shown: str = ""
    text: str = ""
    violations: list[dict[str, Any]] = field(default_factory=list)
    csp: list[str] = field(default_factory=list)  # content security policy violations


def page_targets(site: Path) -> list[Target]:
    """Every built page: each folder's index.html, plus each language's 404.html (a translation's
    pages, under /<language>/, are pages like any other, its tree pages included).

    ``older`` marks the pages of the archived editions before the latest archived one: their bodies
    are frozen and held to their hashes by every build, and the gates visited them at every run while
    they were the latest archived edition; what a build still changes on them (the theme, the edition
    note) is the same as on the latest archived edition's pages, which the gates visit. The static
    gates (no HTML refers to another host; every link resolves) still read every page.

    ``alike`` marks the pages at the edition in force's edition URLs that lead on to its pages
    (a hundred-odd, one per page and language), but the first of each language: each is the
    same few lines made by one function (output/editions.redirects), differing only in its
    addresses, which the static gates check on every one; the pages they lead to are visited
    at their own addresses.
    """
    older = _older_archived(site)
    targets = []
    leads_on: set[str] = set()  # the languages whose first such page is visited
    for page in sorted(site.rglob("index.html")):
        path = page.parent.relative_to(site).as_posix()
        path = "" if path == "." else path + "/"
        tree = None
        language = path.split("/", 1)[0] if path.split("/", 1)[0] in LANGUAGES else ""
        within = path.split("/", 1)[1] if language else path
        edition = within.split("/")[:2]
        shown = "/".join(within.split("/")[2:]) if edition[0] == "editions" else within  # (an earlier edition's)
        redirect = 'http-equiv="refresh"' in page.read_text(encoding="utf-8")  # (an edition URL that leads on)
        if shown.startswith(f"{kinds.TREE.pages}/") and shown.count("/") == 2 and not redirect:
            tree = shown.split("/")[1]
        # (a page that leads on is asked for by its file: at its folder's address, the build's nginx snippet
        # answers with a redirect, and the page's own script would not run)
        targets.append(Target(path + "index.html" if redirect else path, tree=tree, older=edition in older,
                              alike=redirect and language in leads_on))
        if redirect:
            leads_on.add(language)
    for language in ["", *LANGUAGES]:
        if (site / language / "404.html").is_file():
            targets.append(Target(f"{language}/404.html".lstrip("/")))
    return targets


def _older_archived(site: Path) -> list[list[str]]:
    """["editions", <edition>] for each archived edition before the latest archived one (an edition whose
    folder holds pages that lead on is the edition in force, at its edition URLs)."""
    archived = [folder.name for folder in (site / "editions").iterdir() if folder.is_dir()
                and 'http-equiv="refresh"' not in (folder / "index.html").read_text(encoding="utf-8")] \
        if (site / "editions").is_dir() else []
    archived.sort(key=lambda name: tuple(int(part) for part in name.split(".")))
    return [["editions", name] for name in archived[:-1]]


def tree_step_targets(site: Path) -> list[Target]:
    """Every step of every exported tree, past the start (the start is the tree's page itself)."""
    targets = []
    for path in sorted((site / "api" / "v1" / "trees").glob("*.json")):
        tree = json.loads(path.read_text(encoding="utf-8"))
        steps = {tuple(walk[:length]) for walk in all_paths(tree) for length in range(1, len(walk) + 1)}
        for answers in sorted(steps):
            result = evaluate(tree, list(answers))
            url = URLS.path(kinds.TREE, tree["id"]) + urlstate.query(list(answers))
            targets.append(Target(url, tree=tree["id"], node=result.node, axe_scope=".dt"))
    return targets


def _foreign(origin: str) -> re.Pattern[str]:
    """Any URL not on ``origin`` (matched inside the browser, so own requests never wait)."""
    return re.compile(rf"^(?!{re.escape(origin)}/|data:|blob:|about:)")


# Move to another step of the tree already loaded, the way Back/Forward does: put its URL
# in the address bar and fire popstate (with no state, so Material's instant navigation,
# which only follows its own history entries, leaves the page alone).
_STEP = """(url) => {
    history.pushState(null, '', url);
    dispatchEvent(new PopStateEvent('popstate', {state: null}));
}"""

_WIDGET_STATE = """() => {
    const view = document.querySelector('.dt[data-dt-mounted] .dt-step, .dt[data-dt-mounted] .dt-result');
    return view ? view.dataset.dtNode || '' : '';
}"""


def crawl_fresh(browser: Browser, context_args: dict[str, Any], base_url: str, targets: list[Target],
                **options: bool) -> list[Visit]:
    """``crawl`` in a context of its own, closed afterwards (one per gate module)."""
    context = browser.new_context(**context_args)
    try:
        return crawl(context, base_url, targets, **options)
    finally:
        context.close()


def crawl(context: BrowserContext, base_url: str, targets: list[Target], *, axe: bool = False,
          text: bool = False) -> list[Visit]:
    """Visit each target in turn in one page; return what happened at each."""
    origin = re.match(r"^[a-z]+://[^/]+", base_url).group(0)  # type: ignore[union-attr]
    visits: list[Visit] = []
    current: list[Visit] = []

    def block(route: Route) -> None:
        current[-1].foreign.append(route.request.url)
        route.abort()

    def dialog(box: Dialog) -> None:
        current[-1].dialogs.append(f"{box.type}: {box.message}")
        box.dismiss()

    context.route(_foreign(origin), block)
    context.expose_function("__glViolation", lambda text: current[-1].csp.append(str(text)))
    context.add_init_script(VIOLATIONS)
    page = context.new_page()
    page.on("dialog", dialog)
    page.on("pageerror", lambda error: current[-1].errors.append(str(error)))
    page.on("response", lambda response: current[-1].failed.append(f"{response.status} {response.url}")
            if response.status >= 400 and not _is_target(response.url, base_url) else None)
    loaded = ""
    for target in targets:
        visit = Visit(target)
        current.append(visit)
        visits.append(visit)
        page_path = target.path.split("?", 1)[0]
        if target.node and page_path == loaded:
            page.evaluate(_STEP, base_url + target.path)
        else:
            page.goto(base_url + target.path, wait_until="load")
            loaded = page_path if target.node else ""
        if target.tree:
            selector = ".dt[data-dt-mounted] " + (f'[data-dt-node="{target.node}"]' if target.node else ".dt-heading")
            with contextlib.suppress(PlaywrightTimeout):  # what is shown is recorded below
                page.wait_for_selector(selector, timeout=10_000)
            visit.shown = page.evaluate(_WIDGET_STATE)
        visit.pwned = bool(page.evaluate("() => window.__pwned !== undefined"))
        if text:
            visit.text = page.evaluate("() => document.body.innerText")
        if axe:
            visit.violations = run_axe(page, include=target.axe_scope)
        page.wait_for_timeout(0)  # deliver pending events (late dialogs, late requests) to this visit
    page.close()
    context.unroute(_foreign(origin), block)
    return visits


def _is_target(url: str, base_url: str) -> bool:
    """The visited page itself (a 404 page's own address may answer 404, as it should)."""
    return url.split("?", 1)[0].removeprefix(base_url).endswith("404.html")


def report(visits: list[Visit], attribute: str) -> str:
    """A readable list of the visits whose ``attribute`` is set."""
    lines = []
    for visit in visits:
        value = getattr(visit, attribute)
        if not value:
            continue
        lines.append(f"/{visit.target.path}:")
        if attribute == "violations":
            for violation in value:
                lines.append(f"  {violation['id']} ({violation['impact']}): {violation['help']}")
                lines += [f"      {node['target']}: {node['summary']}" for node in violation["nodes"][:3]]
        else:
            lines += [f"  {item}" for item in (value if isinstance(value, list) else [value])]
    return "\n".join(lines)


_RESOURCE_LINKS = {"stylesheet", "preconnect", "dns-prefetch", "preload", "prefetch", "modulepreload", "icon",
                   "prerender", "manifest", "apple-touch-icon"}


def third_party_references(site: Path, own: str | None = None) -> list[str]:
    """Resources (not plain links) that the built HTML would load from another host.

    The browser sees requests made in the states it visits; this also covers what it
    might not trigger (preconnect and DNS prefetch make no request event at all).
    """
    from html.parser import HTMLParser

    found: list[str] = []

    class Scan(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            values = {k: v or "" for k, v in attrs}
            urls = []
            if tag == "link" and set(values.get("rel", "").lower().split()) & _RESOURCE_LINKS:
                urls.append(values.get("href", ""))
            if tag in ("script", "img", "iframe", "audio", "video", "source", "track", "embed", "input"):
                urls.append(values.get("src", ""))
            if tag == "object":
                urls.append(values.get("data", ""))
            urls += [part.strip().split(" ")[0] for part in values.get("srcset", "").split(",")]
            for url in urls:
                if re.match(r"^(https?:)?//", url.strip()) and not (own and url.startswith(own)):
                    found.append(f"{name}:{self.getpos()[0]}: <{tag}> loads {url}")

    for page in sorted(site.rglob("*.html")):
        name = page.relative_to(site).as_posix()
        scan = Scan()
        scan.feed(page.read_text(encoding="utf-8"))
        scan.close()
    for sheet in sorted(site.rglob("*.css")):
        for match in re.finditer(r"""url\(\s*['"]?((?:https?:)?//[^'")\s]+)""", sheet.read_text(encoding="utf-8")):
            found.append(f"{sheet.relative_to(site).as_posix()}: url({match.group(1)})")
    return found
