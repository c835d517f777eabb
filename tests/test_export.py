"""The JSON export: schema, validity of every document, cross-links, hashes, determinism.

Runs on the small fixture corpus (plus a retired item, so the retired shape is
covered) and on the project's own content, because that is what tools receive.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from fixtures_util import BASE, ROOT, make_project, publish_ids
from guidelines import kinds
from guidelines.evaluator import evaluate
from guidelines.export import documents as export
from guidelines.export import jsonout
from guidelines.output import generate

SCHEMA_FILE = ROOT / "scripts" / "guidelines" / "schemas" / "published" / "guidelines.schema.json"
SCHEMA = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
VALIDATOR = Draft202012Validator(SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)
RETIRED_GP2 = """\
id: GP-2
number: 2
title: An old rule
rule: The old rule.
question: Was the old rule followed?
why: It was replaced by GP-1.
do: [Follow GP-1.]
dont: [Follow this one.]
warning_signs: [Someone cites GP-2.]
sources: [SRC-1]
status: retired
retired_in: "2025.1"
replaced_by: [GP-1]
"""


def export_of(root: Path) -> dict[str, str]:
    ctx, problems = generate.check(root)
    assert not problems, problems.report()
    return export.documents(ctx)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The base fixture plus a retired principle."""
    root = make_project(tmp_path_factory.mktemp("export") / "project")
    (root / "principles" / "guiding-principles" / "GP-2.yml").write_text(RETIRED_GP2, encoding="utf-8")
    publish_ids(root)
    return root


@pytest.fixture(scope="module")
def files(project: Path) -> dict[str, str]:
    return export_of(project)


def documents(files: dict[str, str]) -> dict[str, dict[str, Any]]:
    """Every exported document the schema describes (not the schemas, not the feed)."""
    return {path: json.loads(text) for path, text in files.items()
            if path.startswith("api/v1/") and not path.endswith("schema.json")}


def errors(document: dict[str, Any]) -> list[str]:
    return [f"{e.json_path}: {e.message}" for e in VALIDATOR.iter_errors(document)]


# -- the schema ---------------------------------------------------------------

def test_schema_is_a_valid_2020_12_schema() -> None:
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(SCHEMA)


def _properties(node: Any, path: str = "#") -> Iterator[tuple[str, Any]]:
    """Every property definition in the schema, with its JSON pointer.

    ``if`` blocks are skipped: they hold conditions (``kind`` is "principle"), not
    definitions of the fields a document has.
    """
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "if":
                continue
            if key == "properties" and isinstance(value, dict):
                for name, definition in value.items():
                    yield f"{path}/properties/{name}", definition
            yield from _properties(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _properties(value, f"{path}/{index}")


def test_every_property_of_the_schema_has_a_description() -> None:
    found = list(_properties(SCHEMA))
    assert len(found) > 150
    missing = [path for path, definition in found
               if not isinstance(definition, dict) or len(str(definition.get("description", "")).strip()) < 10]
    assert missing == []


def test_every_definition_is_described_and_used() -> None:
    text = json.dumps(SCHEMA)
    for name, definition in SCHEMA["$defs"].items():
        assert definition.get("description"), f"$defs/{name} has no description"
        assert f'"#/$defs/{name}"' in text, f"$defs/{name} is never used"


def test_item_kinds_are_shared_by_the_whole_document_and_the_item_documents() -> None:
    whole = SCHEMA["$defs"]["guidelines_document"]["properties"]
    for kind in kinds.EXPORTED:
        key, _ = kind.export
        definition = kind.name.replace("-", "_")
        assert whole[key]["items"]["$ref"] == f"#/$defs/{definition}"
        item_document = SCHEMA["$defs"][f"{definition}_document"]
        assert {"$ref": f"#/$defs/{definition}"} in item_document["allOf"]


# -- every document validates -------------------------------------------------

def test_every_exported_document_validates(files: dict[str, str]) -> None:
    docs = documents(files)
    assert "api/v1/guidelines.json" in docs and "api/v1/index.json" in docs
    assert len(docs) == 2 + 10  # GP-1, GP-2, AC-1, UC-1, SEC-1, EX-1..3, quick-check, mood-board
    for path, document in docs.items():
        assert errors(document) == [], path


def test_the_projects_own_content_exports_valid_documents() -> None:
    docs = documents(export_of(ROOT))
    for path, document in docs.items():
        assert errors(document) == [], path


@pytest.mark.parametrize(("where", "change", "expected"), [
    ("api/v1/guidelines.json", lambda d: d.pop("trees"), "'trees' is a required property"),
    ("api/v1/guidelines.json", lambda d: d["principles"][0].update(colour="red"), "colour"),
    ("api/v1/principles/GP-1.json", lambda d: d.update(number="1"), "'1' is not of type 'integer'"),
    ("api/v1/principles/GP-1.json", lambda d: d.update(surprise=True), "surprise"),
    ("api/v1/trees/quick-check.json", lambda d: d["nodes"]["q-data"].update(verdict="proceed"), "verdict"),
    ("api/v1/trees/quick-check.json", lambda d: d["nodes"]["o-proceed"].pop("verdict"), "'verdict' is a required"),
    ("api/v1/examples/EX-1.json", lambda d: d["checks"][0].update(answers={"q-data": "no"}), "is not of type"),
    ("api/v1/index.json", lambda d: d.update(content_hash="md5:1"), "does not match"),
    ("api/v1/glossary/mood-board.json", lambda d: d.update(kind="gloss"), "gloss"),
], ids=["missing-collection", "unknown-item-field", "wrong-type", "unknown-field", "question-with-verdict",
        "outcome-without-verdict", "answers-as-mapping", "bad-hash", "unknown-kind"])
def test_the_schema_rejects_what_it_does_not_describe(files: dict[str, str], where: str, change: Any,
                                                      expected: str) -> None:
    document = json.loads(files[where])
    change(document)
    found = errors(document)
    assert any(expected in message for message in found), found


# -- envelope, URLs, cross-links ----------------------------------------------

def test_every_document_declares_schema_version_edition_and_hash(files: dict[str, str]) -> None:
    for path, document in documents(files).items():
        assert document["$schema"] == "https://guidelines.test/api/v1/schema.json", path
        assert document["schema_version"] == export.SCHEMA_VERSION
        assert document["edition"] == "2025.1"
        assert jsonout.verify(document), f"{path}: content_hash does not match the content"


def test_content_hash_is_sha256_of_the_canonical_document_without_it(files: dict[str, str]) -> None:
    import hashlib

    document = json.loads(files["api/v1/principles/GP-1.json"])
    claimed = document.pop("content_hash")
    blob = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    assert claimed == "sha256:" + hashlib.sha256(blob).hexdigest()
    document["title"] = "Changed"
    assert jsonout.digest(document) != claimed


def test_items_have_id_kind_status_and_permanent_urls(files: dict[str, str]) -> None:
    whole = json.loads(files["api/v1/guidelines.json"])
    for kind in kinds.EXPORTED:
        key, folder = kind.export
        assert whole[key], f"no {key} exported"
        for item in whole[key]:
            assert item["kind"] == kind.name
            assert item["url"] == "https://guidelines.test/" + (
                f"glossary/#{item['id']}" if kind is kinds.GLOSSARY else f"{kind.pages}/{item['id'].lower()}/")
            assert item["json_url"] == f"https://guidelines.test/api/v1/{folder}/{item['id']}.json"
            per_item = json.loads(files[f"api/v1/{folder}/{item['id']}.json"])
            assert {k: per_item[k] for k in item} == item, f"{item['id']}: the two exports disagree"


def test_cross_links_resolve_and_are_listed_in_references(files: dict[str, str]) -> None:
    docs = documents(files)
    ids = {d["id"] for p, d in docs.items() if p.count("/") == 3}
    gp1 = docs["api/v1/principles/GP-1.json"]
    assert gp1["categories"] == ["AC-1"] and gp1["use_cases"] == ["UC-1"]
    assert gp1["referenced_by"] == {"principles": [], "categories": ["AC-1"], "use_cases": ["UC-1"],
                                    "sections": ["SEC-1"], "examples": ["EX-1", "EX-2", "EX-3"],
                                    "trees": ["quick-check"]}
    assert gp1["asked_in"] == [{"tree": "quick-check", "node": "q-own"}]
    for path, document in docs.items():
        for ref_id, ref in document.get("references", {}).items():
            assert ref_id in ids, f"{path}: dangling reference {ref_id}"
            assert ref["json_url"].endswith(f"/{ref_id}.json")
    assert set(gp1["references"]) == {"AC-1", "UC-1", "SEC-1", "EX-1", "EX-2", "EX-3", "quick-check"}


def test_retired_items_stay_with_status_edition_and_replacement(files: dict[str, str]) -> None:
    gp2 = json.loads(files["api/v1/principles/GP-2.json"])
    assert (gp2["status"], gp2["retired_in"], gp2["replaced_by"]) == ("retired", "2025.1", ["GP-1"])
    assert gp2["references"]["GP-1"]["status"] == "active"
    gp1 = json.loads(files["api/v1/principles/GP-1.json"])
    assert (gp1["status"], gp1["retired_in"], gp1["replaced_by"], gp1["since"]) == ("active", None, [], "2025.1")
    index = json.loads(files["api/v1/index.json"])
    assert {"id": "GP-2", "status": "retired"}.items() <= next(i for i in index["items"] if i["id"] == "GP-2").items()


def test_markdown_text_is_exported_as_written(project: Path, files: dict[str, str]) -> None:
    ctx, _ = generate.check(project)
    assert ctx is not None
    gp1 = json.loads(files["api/v1/principles/GP-1.json"])
    source = ctx.item(kinds.PRINCIPLE, "GP-1").data
    assert (gp1["rule"], gp1["why"], gp1["do"]) == (source["rule"], source["why"], source["do"])


def test_vocabularies_sources_and_metadata_are_included(files: dict[str, str]) -> None:
    whole = json.loads(files["api/v1/guidelines.json"])
    assert [t["id"] for t in whole["vocabularies"]["verdicts"]["terms"]] == ["proceed", "escalate",
                                                                              "approval-required"]
    assert set(whole["vocabularies"]) == {"verdicts", "risk-levels", "stages"}
    assert whole["guideline"]["sources"][0]["id"] == "SRC-1"
    assert whole["guideline"]["contact"]["email"] == "contact@studio.test"
    assert whole["guideline"]["publisher"] == {"name": "Test Studio", "url": None}
    assert whole["changelog"][0]["id"] == "2025.1"
    assert whole["api"]["feed"] == "https://guidelines.test/feed.json"


def test_index_lists_every_item_with_its_document_hash(files: dict[str, str]) -> None:
    index = json.loads(files["api/v1/index.json"])
    listed = {entry["json_url"].removeprefix("https://guidelines.test/"): entry for entry in index["items"]}
    per_item = {p for p in files if p.count("/") == 3 and p.startswith("api/v1/")}
    assert set(listed) == per_item
    for path, entry in listed.items():
        assert entry["content_hash"] == json.loads(files[path])["content_hash"]
    assert index["guidelines_hash"] == json.loads(files["api/v1/guidelines.json"])["content_hash"]


def test_exported_trees_are_what_the_evaluator_reads(project: Path, files: dict[str, str]) -> None:
    ctx, _ = generate.check(project)
    assert ctx is not None
    tree = json.loads(files["api/v1/trees/quick-check.json"])
    assert {k: tree[k] for k in ("id", "start", "nodes", "hash")} == \
        {k: ctx.trees["quick-check"][k] for k in ("id", "start", "nodes", "hash")}
    assert tree["node_order"] == ["q-data", "q-own", "o-proceed", "o-escalate", "o-approval"]
    assert evaluate(tree, [("q-data", "no"), ("q-own", "yes")]).verdict == "proceed"


def test_example_checks_keep_the_order_of_the_answers(files: dict[str, str]) -> None:
    ex1 = json.loads(files["api/v1/examples/EX-1.json"])
    assert ex1["checks"] == [{"tree": "quick-check", "verdict": "proceed", "outcome": "o-proceed",
                              "answers": [{"question": "q-data", "value": "no"},
                                          {"question": "q-own", "value": "yes"}]}]
    assert ex1["example_kind"] == "illustrative"


def test_every_published_schema_is_copied(files: dict[str, str]) -> None:
    published = sorted(SCHEMA_FILE.parent.glob("*.json"))
    assert {p.name for p in published} >= {"guidelines.schema.json", "record.schema.json"}
    for path in published:
        assert files[f"api/v1/{path.name}"] == path.read_text(encoding="utf-8")
    assert files["api/v1/schema.json"] == SCHEMA_FILE.read_text(encoding="utf-8")


# -- determinism --------------------------------------------------------------

def test_two_generations_give_identical_bytes(tmp_path: Path) -> None:
    first = make_project(tmp_path / "one")
    second = make_project(tmp_path / "two")
    one, two = export_of(first), export_of(second)
    assert list(one) == list(two)
    assert all(one[path].encode("utf-8") == two[path].encode("utf-8") for path in one)


def test_files_are_canonical_json_on_one_line_with_a_final_newline(files: dict[str, str]) -> None:
    """Sorted keys, no whitespace between tokens, non-ASCII kept: the hashed form plus the hash."""
    for path, text in files.items():
        if path.endswith(".json") and not path.endswith("schema.json"):
            document = json.loads(text)
            assert text == json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
            assert text == jsonout.dump(document), path
            assert text.endswith("}\n") and text.count("\n") == 1, path


def test_no_clock_in_the_export(files: dict[str, str]) -> None:
    """Only dates that are in the content appear (the fixture's dates are all 2025)."""
    import re

    for path, text in files.items():
        if path.endswith("schema.json"):  # "$schema": ".../draft/2020-12/schema"
            continue
        for year in re.findall(r"\b(20\d\d)-\d\d", text):
            assert year == "2025", f"{path} holds a date that is not in the content"


def test_site_url_is_the_only_source_of_absolute_urls(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    guideline = root / "principles" / "guideline.yml"
    guideline.write_text(guideline.read_text().replace("https://guidelines.test/", "https://other.test/rules/"))
    moved = export_of(root)
    assert "guidelines.test" not in "".join(moved.values())
    whole = json.loads(moved["api/v1/guidelines.json"])
    assert whole["$schema"] == "https://other.test/rules/api/v1/schema.json"
    assert whole["principles"][0]["url"] == "https://other.test/rules/principles/gp-1/"


def test_base_fixture_is_unchanged_by_the_tests() -> None:
    assert not (BASE / "principles" / "guiding-principles" / "GP-2.yml").exists()
