"""Helpers for the decision-tree browser tests: the trees, the examples, driving the widget.

Test parameters are read from the YAML sources at collection time (tree and example IDs);
what the widget shows is compared with the exported JSON of the built site at run time.
Assertions are on IDs and data attributes (which node, which verdict), not on wording.
"""

from __future__ import annotations

import json
import re
from functools import cache
from html import unescape
from pathlib import Path
from typing import Any

import yaml
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect

from guidelines.context import SiteContext
from guidelines.output import generate

ROOT = Path(__file__).resolve().parents[2]
PRINCIPLES = ROOT / "principles"


def tree_ids() -> list[str]:
    """Every active tree's ID, from principles/trees/ (the file name is the ID)."""
    ids = []
    for path in sorted((PRINCIPLES / "trees").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if data.get("status", "active") == "active":
            ids.append(path.stem)
    return ids


def example_checks() -> list[tuple[str, dict[str, Any]]]:
    """(test ID, check) for every check of every active worked example."""
    out = []
    for path in sorted((PRINCIPLES / "examples").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if data.get("status", "active") != "active":
            continue
        for index, check in enumerate(data.get("checks", [])):
            out.append((f"{path.stem}-{index}-{check['tree']}", check))
    return out


def load_tree(site: Path, tree_id: str) -> dict[str, Any]:
    """The exported tree, as the widget and the Python evaluator read it."""
    path = site / "api" / "v1" / "trees" / f"{tree_id}.json"
    assert path.is_file(), f"the build did not export {path.relative_to(site)}"
    return json.loads(path.read_text(encoding="utf-8"))


def encode(answers: list[tuple[str, str]] | dict[str, str]) -> str:
    pairs = answers.items() if isinstance(answers, dict) else answers
    return "~".join(f"{q}.{v}" for q, v in pairs)


def tree_url(base: str, tree_id: str, answers: list[tuple[str, str]] | dict[str, str] = ()) -> str:
    """The tree page's URL, with answers in the widget's query encoding."""
    query = f"?answers={encode(answers)}" if answers else ""
    return f"{base}trees/{tree_id}/{query}"


def open_tree(page: Page, base: str, tree_id: str, answers: list[tuple[str, str]] | dict[str, str] = ()) -> None:
    """Load a tree page (optionally at a state) and wait until the widget has rendered."""
    page.goto(tree_url(base, tree_id, answers))
    expect(page.locator(".dt[data-dt-mounted] .dt-heading")).to_have_count(1)


def shown(page: Page) -> dict[str, Any]:
    """What the widget shows: 'question' / 'result' / 'stale', node, verdict, answers listed."""
    return page.evaluate("""() => {
        const root = document.querySelector('.dt[data-dt-mounted]');
        const view = root && root.querySelector('.dt-step, .dt-result, .dt-stale, .dt-error');
        if (!view) return {kind: 'none'};
        const kind = view.classList.contains('dt-step') ? 'question'
            : view.classList.contains('dt-result') ? 'result'
            : view.classList.contains('dt-stale') ? 'stale' : 'error';
        return {kind, node: view.dataset.dtNode || null, verdict: view.dataset.dtVerdict || null,
                heading: (view.querySelector('.dt-heading') || {}).textContent || null,
                progress: (view.querySelector('.dt-progress') || {}).textContent || null,
                answers: [...view.querySelectorAll('.dt-answers .dt-a')].map(a => a.textContent),
                options: [...view.querySelectorAll('.dt-option')].map(b => b.dataset.value),
                focused: document.activeElement === view.querySelector('.dt-heading'),
                query: new URLSearchParams(location.search).get('answers')};
    }""")


def expect_question(page: Page, tree: dict[str, Any], node_id: str, answered: int) -> None:
    """The widget asks ``node_id`` after ``answered`` answers (node, heading, progress)."""
    expect(page.locator(f'.dt .dt-step[data-dt-node="{node_id}"]')).to_have_count(1)
    state = shown(page)
    node = tree["nodes"][node_id]
    assert (state["heading"], len(state["answers"]), state["options"]) == (
        node["text"], answered, [o["value"] for o in node["options"]]), f"question '{node_id}'"
    assert str(answered + 1) in state["progress"]


def expect_result(page: Page, tree: dict[str, Any], node_id: str | None, verdict: str) -> None:
    """The widget shows the result ``verdict`` (and the outcome ``node_id`` when given)."""
    result = page.locator(".dt .dt-result")
    expect(result).to_have_count(1)
    expect(result).to_have_attribute("data-dt-verdict", verdict)
    if node_id:
        expect(result).to_have_attribute("data-dt-node", node_id)
    expect(result.locator(f".dt-badge--{verdict}")).to_have_count(1)


def click_answer(page: Page, tree: dict[str, Any], question: str, value: str) -> None:
    """Click the option labelled as ``value``'s label, as a reader would."""
    label = next(o["label"] for o in tree["nodes"][question]["options"] if o["value"] == value)
    page.locator(".dt-question").get_by_role("button", name=label, exact=True).click()


def longest_path(tree: dict[str, Any]) -> list[tuple[str, str]]:
    from guidelines.evaluator import all_paths

    return max(all_paths(tree), key=len)


def outcome_of(tree: dict[str, Any], answers: list[tuple[str, str]]) -> dict[str, Any]:
    from guidelines.evaluator import evaluate

    return tree["nodes"][evaluate(tree, answers).node]


def payload_of(page: Page, base: str, tree_id: str) -> dict[str, Any]:
    """The widget's payload as the tree page ships it (read from the HTML, not the DOM)."""
    html = page.request.get(tree_url(base, tree_id)).text()
    match = re.search(rf'data-dt-tree="{re.escape(tree_id)}" data-dt-payload="([^"]*)"', html)
    assert match, f"no widget with a data-dt-payload attribute for {tree_id} on the tree page"
    return json.loads(unescape(match.group(1)))


def replay(page: Page, tree: dict[str, Any], answers: list[tuple[str, str]]) -> None:
    """From the first question, click each answer, checking each question as it comes."""
    for index, (question, value) in enumerate(answers):
        expect_question(page, tree, question, index)
        click_answer(page, tree, question, value)


@cache
def site_context() -> SiteContext:
    """The shipped content as the build sees it (checked once per test process)."""
    ctx, problems = generate.check(ROOT)
    assert ctx is not None, problems.report()
    return ctx


def rebase_sitemap(page: Page, site_url: str) -> None:
    """Material's instant navigation only follows links listed in sitemap.xml, which names
    the public site_url; it swaps in the visitor's host but keeps the sitemap's port, so
    on a test server with a port the sitemap is rewritten to name that server."""
    def route(route: Any, request: Any) -> None:
        try:
            response = route.fetch()
            body = response.text()
        except PlaywrightError as error:
            # (the test ended, closing its page, while instant navigation was still fetching: nothing to serve)
            if page.is_closed() or "disposed" in str(error) or "closed" in str(error):
                return
            raise
        locs = re.findall(r"<loc>([^<]+)</loc>", body)
        if locs:
            body = body.replace(min(locs, key=len), site_url)  # the home page is the shortest
        route.fulfill(response=response, body=body)

    page.route("**/sitemap.xml", route)
