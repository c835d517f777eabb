"""The result's actions: the downloaded decision record (validated against the published
JSON Schema), Copy link (with and without the Clipboard API), the e-mail to the studio
contact, and Print."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jsonschema
import pytest
from playwright.sync_api import Page, expect
from treekit import expect_result, load_tree, longest_path, open_tree, outcome_of, payload_of, tree_ids, tree_url

from guidelines.evaluator import evaluate
from guidelines.tools import consumer, recheck

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_SOURCE = ROOT / "scripts" / "guidelines" / "schemas" / "published" / "record.schema.json"
TREES = tree_ids()
TREE_ID = "quick-check" if "quick-check" in TREES else (TREES or ["?"])[0]


def _schema() -> dict[str, Any]:
    return json.loads(SCHEMA_SOURCE.read_text(encoding="utf-8"))


def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def test_the_record_schema_is_a_valid_documented_schema() -> None:
    schema = _schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    missing = []

    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            for name, sub in node.get("properties", {}).items():
                if "description" not in sub:
                    missing.append(f"{where}.{name}")
                walk(sub, f"{where}.{name}")
            walk(node.get("items"), f"{where}[]")

    walk(schema, "record")
    assert not missing, f"properties without a description: {missing}"


def _at_result(page: Page, site_url: str, site_dir: Path, tree_id: str = TREE_ID) -> tuple[dict, list]:
    tree = load_tree(site_dir, tree_id)
    path = longest_path(tree)
    open_tree(page, site_url, tree_id, path)
    outcome = outcome_of(tree, path)
    expect_result(page, tree, outcome["id"], outcome["verdict"])
    return tree, path


@pytest.mark.parametrize("tree_id", TREES)
def test_downloaded_record_validates_and_says_what_happened(guarded: Page, site_url: str, site_dir: Path,
                                                            tree_id: str) -> None:
    page = guarded
    tree, path = _at_result(page, site_url, site_dir, tree_id)
    with page.expect_download() as download:
        page.locator(".dt-download").click()
    assert download.value.suggested_filename.endswith(".json")
    record = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    errors = [e.message for e in _validator().iter_errors(record)]
    assert not errors, f"the record does not validate: {errors}"
    # what it says: this tree, its hash, every answer, the outcome reached, this page
    walk = evaluate(tree, path)
    payload = payload_of(page, site_url, tree_id)
    assert record["tree"] == {"id": tree["id"], "title": tree["title"], "hash": tree["hash"]}
    assert record["guideline"]["edition"] == payload["guideline"]["edition"]
    # an unofficial text's record keeps its status, and the result says a record is not an approval
    assert record["record_version"] == "1.3"
    assert record["guideline"]["status_label"] == payload["guideline"]["status_label"]
    status = page.locator(".dt-result .dt-status").inner_text()
    assert payload["guideline"]["status_label"] in status and "not an approval" in status
    assert [(a["question"], a["value"], a["question_text"], a["label"]) for a in record["answers"]] == [
        (s.question, s.value, s.text, s.label) for s in walk.steps]
    assert record["outcome"]["id"] == walk.node
    assert record["verdict"]["id"] == walk.verdict
    assert record["verdict"]["label"] == payload["verdicts"][walk.verdict]["label"]
    assert record["url"] == tree_url(site_url, tree_id, path)
    # the $schema it names is the published schema, served by the site: the source with its absolute $id
    # and the verdicts of the vocabulary filled in, and the record validates against it too
    response = page.request.get(record["$schema"])
    assert response.ok, f"{record['$schema']} is not published (HTTP {response.status})"
    served, source = response.json(), _schema()
    assert not list(jsonschema.Draft202012Validator(served).iter_errors(record))
    assert served.pop("$id").endswith("/api/v1/record.schema.json") and source.pop("$id") == "record.schema.json"
    assert sorted(served["properties"]["verdict"]["properties"]["id"].pop("enum")) == sorted(payload["verdicts"])
    assert served == source
    # and a record that lost its verdict would not validate (the check can fail)
    del record["verdict"]
    assert list(_validator().iter_errors(record))


def test_the_reference_consumer_makes_and_rechecks_the_same_record(guarded: Page, site_url: str,
                                                                   site_dir: Path) -> None:
    """``guidelines decide --json`` writes the record the page downloads (only where and when
    differ: the page's own address, the clock), and ``--recheck`` reads the downloaded one."""
    page = guarded
    tree, path = _at_result(page, site_url, site_dir)
    with page.expect_download() as download:
        page.locator(".dt-download").click()
    downloaded = Path(download.value.path())
    widget = json.loads(downloaded.read_text(encoding="utf-8"))
    made = consumer.load_export(site_url).decide(tree["id"], path).record()
    assert not list(_validator().iter_errors(made))
    where_and_when = ("$schema", "url", "created")
    assert {k: v for k, v in made.items() if k not in where_and_when} == \
        {k: v for k, v in widget.items() if k not in where_and_when}
    assert made["url"].split("/trees/")[1] == widget["url"].split("/trees/")[1]
    out, err = io.StringIO(), io.StringIO()
    assert recheck.run(str(downloaded), site_url, as_json=True, out=out, err=err) == 0, err.getvalue()
    assert json.loads(out.getvalue())["status"] == "same-verdict"


def test_copy_link_puts_the_result_link_on_the_clipboard(guarded: Page, site_url: str, site_dir: Path) -> None:
    page = guarded
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    _at_result(page, site_url, site_dir)
    page.locator(".dt-copy").click()
    expect(page.locator(".dt [aria-live]")).to_have_text("Link copied.")
    assert page.evaluate("navigator.clipboard.readText()") == page.url


def test_copy_link_without_a_clipboard_selects_the_link(guarded: Page, site_url: str, site_dir: Path) -> None:
    page = guarded
    page.add_init_script("Object.defineProperty(Navigator.prototype, 'clipboard', {get: () => undefined})")
    _at_result(page, site_url, site_dir)
    page.locator(".dt-copy").click()
    selected = page.evaluate("""() => { const e = document.activeElement;
        return e.matches('input.dt-url') && e.selectionStart === 0 && e.selectionEnd === e.value.length
               && e.readOnly ? e.value : null; }""")
    assert selected == page.url
    expect(page.locator(".dt [aria-live]")).not_to_be_empty()


def test_email_to_the_studio_contact_carries_the_record(guarded: Page, site_url: str, site_dir: Path) -> None:
    page = guarded
    tree, path = _at_result(page, site_url, site_dir)
    payload = payload_of(page, site_url, TREE_ID)
    href = page.locator("a.dt-email").get_attribute("href")
    parts = urlsplit(href)
    assert parts.scheme == "mailto"
    assert parts.path == payload["guideline"]["contact"].get("email", "")
    query = parse_qs(parts.query, strict_parsing=True)
    subject, body = query["subject"][0], query["body"][0]
    walk = evaluate(tree, path)
    verdict = payload["verdicts"][walk.verdict]["label"]
    title = tree["nodes"][walk.node]["title"]  # the outcome's title, which names the verdict in its words
    assert title in subject and verdict.lower() in subject.lower() and payload["guideline"]["edition"] in subject
    assert verdict.lower() in body.lower(), "the body names the verdict (in the outcome's words, or its label)"
    for expected in (tree["hash"], tree["id"], page.url, payload["guideline"]["edition"],
                     tree["nodes"][walk.node]["title"], *(s.text for s in walk.steps), *(s.label for s in walk.steps)):
        assert expected in body, f"the e-mail body lacks {expected!r}"
    assert "\r\n" in body, "line breaks in a mailto body are CRLF (RFC 6068)"
    assert f"{verdict}: {verdict}" not in body, "the verdict is said once"
    if payload["guideline"].get("status_label"):
        assert payload["guideline"]["status_label"] in body, "the e-mail keeps the text's status"


def test_print_prints_the_result_with_its_link(guarded: Page, site_url: str, site_dir: Path) -> None:
    page = guarded
    page.add_init_script("window.__printed = 0; window.print = () => { window.__printed += 1; };")
    _at_result(page, site_url, site_dir)
    page.locator(".dt-print").click()
    assert page.evaluate("window.__printed") == 1
    page.emulate_media(media="print")
    expect(page.locator(".dt-actions")).to_be_hidden()
    expect(page.locator(".dt-nav")).to_be_hidden()
    expect(page.locator(".dt-print-url")).to_be_visible()
    # (Material keeps the heading in view in the fragment: the link to the result has none)
    expect(page.locator(".dt-print-url")).to_contain_text(page.url.split("#")[0])
    expect(page.locator(".dt-explanation")).to_be_visible()
    expect(page.locator(".dt-badge")).to_be_visible()
    # the rest of the page (outline, diagram) stays off the printed result
    for other in page.locator(".md-content__inner > :not(.dt, h1)").all():
        expect(other).to_be_hidden()
