"""The decision-tree widget on the built site, in headless Chromium, as a reader uses it:
deep links, back / change / start again, the keyboard alone, tampered links and Material's
instant navigation. Each test runs in a guarded page: no request may leave the site and
no error may be logged."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from treekit import (
    click_answer,
    expect_question,
    expect_result,
    load_tree,
    longest_path,
    open_tree,
    outcome_of,
    rebase_sitemap,
    shown,
    tree_ids,
)

from guidelines.evaluator import all_paths, evaluate
from guidelines.verdicts import question_order

pytestmark = pytest.mark.browser

TREES = tree_ids()


def test_there_are_trees() -> None:
    assert TREES, "no active tree under principles/trees/: the tests below would run on nothing"


@pytest.mark.parametrize("tree_id", TREES)
def test_the_payload_is_an_attribute_of_the_widget(site_dir: Path, tree_id: str) -> None:
    """The payload is JSON in the widget's data-dt-payload attribute: inert text that the HTML
    sanitiser keeps (it drops <script> and <template>) and instant navigation carries over."""
    page = (site_dir / "trees" / tree_id / "index.html").read_text(encoding="utf-8")
    match = re.search(rf'<div class="dt" data-dt-tree="{re.escape(tree_id)}" data-dt-payload="([^"]*)"', page)
    assert match, f"no widget with a data-dt-payload attribute on the page of {tree_id}"
    assert json.loads(html.unescape(match.group(1)))["tree"]["id"] == tree_id
    assert f'id="dt-data-{tree_id}"' not in page, "the payload is in the attribute only"


@pytest.mark.parametrize("tree_id", TREES)
def test_deep_links_restore_a_step_and_a_result(guarded: Page, site_url: str, site_dir: Path, tree_id: str) -> None:
    page, tree = guarded, load_tree(site_dir, tree_id)
    path = longest_path(tree)
    middle = max(1, len(path) // 2)
    open_tree(page, site_url, tree_id, path[:middle])
    expect_question(page, tree, path[middle][0], middle)
    assert not shown(page)["focused"], "a page load must not take the focus"
    page.reload()
    expect_question(page, tree, path[middle][0], middle)
    open_tree(page, site_url, tree_id, path)
    outcome = outcome_of(tree, path)
    expect_result(page, tree, outcome["id"], outcome["verdict"])
    assert shown(page)["answers"] == [step.label for step in evaluate(tree, path).steps]


@pytest.mark.parametrize("tree_id", TREES)
def test_back_change_and_start_again(guarded: Page, site_url: str, site_dir: Path, tree_id: str) -> None:
    page, tree = guarded, load_tree(site_dir, tree_id)
    path = longest_path(tree)
    open_tree(page, site_url, tree_id)
    for question, value in path:
        click_answer(page, tree, question, value)
    outcome = outcome_of(tree, path)
    expect_result(page, tree, outcome["id"], outcome["verdict"])
    assert shown(page)["focused"], "focus moves to the result heading"

    # the widget's Back: the last question again, the earlier answer marked
    page.locator(".dt-back").click()
    expect_question(page, tree, path[-1][0], len(path) - 1)
    expect(page.locator(f'.dt-option--earlier[data-value="{path[-1][1]}"]')).to_have_count(1)
    assert shown(page)["focused"]
    # the browser's Back and Forward walk the same history
    page.go_back()
    expect_result(page, tree, outcome["id"], outcome["verdict"])
    assert shown(page)["focused"]
    page.go_back()
    expect_question(page, tree, path[-1][0], len(path) - 1)
    assert shown(page)["focused"]
    page.go_forward()
    expect_result(page, tree, outcome["id"], outcome["verdict"])

    # Change the first answer: back at the first question, then a different route
    page.locator(".dt-answers .dt-change").first.click()
    expect_question(page, tree, tree["start"], 0)
    assert shown(page)["query"] is None
    other = next(o for o in tree["nodes"][tree["start"]]["options"] if o["value"] != path[0][1])
    page.locator(f'.dt-option[data-value="{other["value"]}"]').click()
    expect(page.locator(".dt .dt-step, .dt .dt-result")).to_have_attribute(
        "data-dt-node", evaluate(tree, [(tree["start"], other["value"])]).node)

    # Start again: the first question, nothing in the URL
    page.locator(".dt-restart").click()
    expect_question(page, tree, tree["start"], 0)
    assert shown(page)["query"] is None


def _tab_to(page: Page, selector: str, limit: int = 200) -> None:
    for _ in range(limit):
        if page.evaluate("s => !!document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{limit} presses of Tab never reached {selector}")


@pytest.mark.parametrize("tree_id", TREES)
def test_keyboard_only_run(guarded: Page, site_url: str, site_dir: Path, tree_id: str) -> None:
    """Tab, Space and Enter only, from the top of the page to a result and back to the start."""
    page, tree = guarded, load_tree(site_dir, tree_id)

    def presses(path: list[tuple[str, str]]) -> int:
        return sum([o["value"] for o in tree["nodes"][q]["options"]].index(v) for q, v in path)

    path = max(all_paths(tree), key=presses)  # the options furthest down the lists
    open_tree(page, site_url, tree_id)
    _tab_to(page, ".dt-option")
    for step, (question, value) in enumerate(path):
        values = [o["value"] for o in tree["nodes"][question]["options"]]
        if step:  # the focus is on the new question's heading: its options come next (after any link in its help)
            assert shown(page)["focused"], f"the focus did not move to the question '{question}'"
            page.keyboard.press("Tab")
            for _ in range(len(tree["nodes"][question].get("help", "").split())):
                if page.evaluate("document.activeElement.matches('.dt-option')"):
                    break
                assert page.evaluate("!!document.activeElement.closest('.dt-help')"), "a Tab left the question"
                page.keyboard.press("Tab")
        for _ in range(values.index(value)):
            page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.dataset.value") == value
        page.keyboard.press("Enter" if step % 2 else "Space")
        expect(page.locator(".dt .dt-step, .dt .dt-result")).not_to_have_attribute("data-dt-node", question)
        node = tree["nodes"][evaluate(tree, path[:step + 1]).node]
        # announced in the polite live region: the new question, or the result
        expect(page.locator(".dt [aria-live=polite]")).to_contain_text(node.get("text") or node["title"])
    outcome = outcome_of(tree, path)
    expect_result(page, tree, outcome["id"], outcome["verdict"])
    assert shown(page)["focused"]
    _tab_to(page, ".dt-restart")
    page.keyboard.press("Enter")
    expect_question(page, tree, tree["start"], 0)
    assert shown(page)["focused"]


def _tampered(tree: dict[str, Any]) -> list[tuple[str, str]]:
    path = longest_path(tree)
    first, second = path[0], path[1]
    return [
        ("unknown question", f"no-such-question.{first[1]}"),
        ("option removed in a later edition", f"{first[0]}.an-option-removed-later"),
        ("wrong order", f"{second[0]}.{second[1]}~{first[0]}.{first[1]}"),
        ("answer after the result", "~".join(f"{q}.{v}" for q, v in path) + f"~{first[0]}.{first[1]}"),
        ("not a step", "garbage"),
        ("percent garbage", "%E2%28%A1%%zz~.~"),
        ("markup", "%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E.yes"),
    ]


def test_tampered_links_show_the_clear_message(guarded: Page, site_url: str, site_dir: Path) -> None:
    """The same code handles every tree (and the evaluator's errors are compared on every tree
    in test_trees_semantics.py), so one tree is enough here."""
    tree_id = "quick-check" if "quick-check" in TREES else TREES[0]
    page, tree = guarded, load_tree(site_dir, tree_id)
    for name, query in _tampered(tree):
        page.goto(f"{site_url}trees/{tree_id}/?answers={query}")
        stale = page.locator(".dt .dt-stale")
        expect(stale, f"{name}: no message").to_have_count(1)
        expect(stale.locator(".dt-heading")).to_contain_text("no longer match")
        expect(page.locator(".dt img")).to_have_count(0)
    page.locator(".dt-stale .dt-restart").click()
    expect_question(page, tree, tree["start"], 0)
    assert shown(page)["focused"]
    page.goto(f"{site_url}trees/{tree_id}/?answers=")  # an empty parameter is the start
    expect_question(page, tree, tree["start"], 0)


def test_instant_navigation_mounts_and_keeps_state(guarded: Page, site_url: str, site_dir: Path) -> None:
    """Reach a tree through Material's instant navigation, leave it, come back with Back."""
    page = guarded
    tree_id = TREES[0]
    tree = load_tree(site_dir, tree_id)
    rebase_sitemap(page, site_url)
    with page.expect_response("**/sitemap.xml"):
        page.goto(site_url + "trees/")
    page.wait_for_load_state("networkidle")
    page.evaluate("window.__sameDocument = true")
    page.locator(f'.md-content a[href$="/trees/{tree_id}/"]').first.click()
    expect(page.locator(".dt[data-dt-mounted] .dt-heading")).to_have_count(1)
    assert page.evaluate("window.__sameDocument") is True, "the click was not an instant navigation"
    first = longest_path(tree)[0]
    click_answer(page, tree, *first)
    assert shown(page)["query"] == f"{first[0]}.{first[1]}"
    # Back and Forward within the page
    page.go_back()
    expect_question(page, tree, tree["start"], 0)
    page.go_forward()
    expect(page.locator(".dt .dt-step, .dt .dt-result")).not_to_have_attribute("data-dt-node", tree["start"])
    assert shown(page)["query"] == f"{first[0]}.{first[1]}"
    # away to another page (instantly), then Back: the tree page comes back with its state
    page.locator("a.md-logo").first.click()
    expect(page.locator(".dt")).to_have_count(0)
    page.go_back()
    expect(page.locator(".dt[data-dt-mounted] .dt-heading")).to_have_count(1)
    assert shown(page)["query"] == f"{first[0]}.{first[1]}"
    expect(page.locator(".dt .dt-step, .dt .dt-result")).to_have_count(1)
    assert page.evaluate("window.__sameDocument") is True, "a navigation reloaded the page"


def test_an_early_quick_check_result_lists_the_questions_it_did_not_ask(guarded: Page, site_url: str,
                                                                          site_dir: Path) -> None:
    """The quick check stops at the first answer that settles the result: the questions after it may
    apply too, and the result says so (other trees' branches exclude each other, and list none)."""
    page, tree = guarded, load_tree(site_dir, "quick-check")
    questions = [tree["nodes"][q] for q in question_order(tree)]
    first = questions[0]
    settling = next(o for o in first["options"] if tree["nodes"][o["next"]]["type"] == "outcome")
    open_tree(page, site_url, "quick-check", [(first["id"], settling["value"])])
    expect_result(page, tree, settling["next"], tree["nodes"][settling["next"]]["verdict"])
    listed = page.locator(".dt-result .dt-unasked li")
    expect(listed).to_have_count(len(questions) - 1)
    expect(listed.first).to_have_text(questions[1]["text"])
    # the full path asks every question: nothing is left to list
    open_tree(page, site_url, "quick-check", longest_path(tree))
    expect(page.locator(".dt-result")).to_be_visible()
    expect(page.locator(".dt-unasked")).to_have_count(0)
    # a tree whose branches exclude each other lists nothing
    other = load_tree(site_dir, "final-vs-temporary")
    open_tree(page, site_url, "final-vs-temporary", [("in-final", "no")])
    expect_result(page, other, "proceed-temporary", "proceed")
    expect(page.locator(".dt-unasked")).to_have_count(0)
