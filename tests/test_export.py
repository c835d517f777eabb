"""The JSON export: schema, validity of every document, cross-links, hashes, determinism.

Runs on the small fixture corpus (plus a retired item, so the retired shape is
covered), on a project with two published editions (every kind of change, and the
editions' JSON as published) and on the project's own content, because that is what
tools receive. Documents are validated against the schema as the site publishes it,
closed (schema_util.closed), so a field the schema does not describe fails; the
published schema itself is open, as v1 promises.
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
from guidelines.export import changes, jsonout, schemas
from guidelines.export import documents as export
from guidelines.output import generate
from schema_util import closed, two_published_editions

SCHEMA_FILE = ROOT / "scripts" / "guidelines" / "schemas" / "published" / "guidelines.schema.json"
SCHEMA = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))  # as in the repository: relative $id, no verdict enum
PUBLISHED = "api/v1/guidelines.schema.json"
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


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Every file a site with two published editions serves (the current export and the editions' JSON)."""
    root = two_published_editions(tmp_path_factory.mktemp("editions") / "project")
    return {path: text for path, text in generate.generate(root, write=False).files.items()
            if path.endswith(".json")}


def documents(files: dict[str, str]) -> dict[str, dict[str, Any]]:
    """Every exported document the schema describes (not the schemas, not the feed)."""
    return {path: json.loads(text) for path, text in files.items()
            if path.startswith("api/v1/") and not path.endswith("schema.json")}


def validator(files: dict[str, str], *, closed_to_extras: bool = True) -> Draft202012Validator:
    """The schema the site publishes (absolute $id, verdicts listed), closed unless told otherwise."""
    schema = json.loads(files[PUBLISHED])
    return Draft202012Validator(closed(schema) if closed_to_extras else schema,
                                format_checker=Draft202012Validator.FORMAT_CHECKER)


def errors(document: dict[str, Any], check: Draft202012Validator) -> list[str]:
    return [f"{e.json_path}: {e.message}" for e in check.iter_errors(document)]


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


def _named(node: Any, name: str) -> Iterator[tuple[str, Any]]:
    return ((path, definition) for path, definition in _properties(node) if path.endswith(f"/properties/{name}"))


def test_every_verdict_is_a_verdict_of_the_vocabulary_in_the_published_schema(files: dict[str, str]) -> None:
    verdicts = list(_named(SCHEMA, "verdict"))
    assert len(verdicts) >= 3  # outcome nodes, example checks, where a walk ends (changes' checks and paths)
    for path, definition in verdicts:
        assert definition["$ref"] == "#/$defs/verdict", path
    assert "enum" not in SCHEMA["$defs"]["verdict"]  # filled in at export, from the vocabulary
    published = json.loads(files[PUBLISHED])
    assert published["$defs"]["verdict"]["enum"] == ["proceed", "escalate", "approval-required"]
    record = json.loads(files["api/v1/record.schema.json"])
    assert record["properties"]["verdict"]["properties"]["id"]["enum"] == ["proceed", "escalate", "approval-required"]


def test_every_day_is_a_date_with_its_format() -> None:
    assert SCHEMA["$defs"]["date"]["format"] == "date"
    days = [p for name in ("date", "effective_date", "published") for p, d in _named(SCHEMA, name)
            if d.get("type") != "boolean" and p != "#/$defs/source/properties/date"]  # (a source's: YYYY-MM too)
    assert len(days) >= 5
    for path in days:
        assert '"#/$defs/date"' in json.dumps(_at(SCHEMA, path)), path


def _at(schema: dict[str, Any], pointer: str) -> Any:
    node: Any = schema
    for key in pointer.removeprefix("#/").split("/"):
        node = node[int(key)] if isinstance(node, list) else node[key]
    return node


def test_a_verdict_only_a_published_edition_had_stays_in_the_enum() -> None:
    """The editions' JSON under api/v1/editions/ is validated by today's schema: their verdicts stay listed."""
    from types import SimpleNamespace

    terms = [{"id": "proceed"}, {"id": "stop"}]
    earlier = SimpleNamespace(whole={"vocabularies": {"verdicts": {"terms": terms}}})
    ctx: Any = SimpleNamespace(vocabulary=lambda name: {"proceed": {}, "escalate": {}} if name == "verdicts" else {},
                               archive=SimpleNamespace(editions=[earlier]))
    assert schemas.verdict_ids(ctx) == ["proceed", "escalate", "stop"]


def test_the_schema_is_open_as_v1_promises() -> None:
    """v1 may add optional fields to any object (docs/tool-builders.md): nothing refuses an unknown field."""
    text = json.dumps(SCHEMA)
    assert '"additionalProperties": false' not in text and '"unevaluatedProperties": false' not in text
    page = (ROOT / "docs" / "tool-builders.md").read_text(encoding="utf-8")
    assert "new optional fields in any object" in page


def test_published_schemas_have_absolute_ids_and_schema_json_refers_to_the_main_one(files: dict[str, str]) -> None:
    published = {path: json.loads(text) for path, text in files.items() if path.endswith("schema.json")}
    assert set(published) == {"api/v1/schema.json", PUBLISHED, "api/v1/record.schema.json"}
    for path, schema in published.items():
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert schema["$id"] == "https://guidelines.test/" + path, path
        Draft202012Validator.check_schema(schema)
    entry = published["api/v1/schema.json"]
    assert entry["$ref"] == "guidelines.schema.json" and "properties" not in entry and "$defs" not in entry
    for name in schemas.names():  # in the repository, relative ids: the file's own name
        assert json.loads((SCHEMA_FILE.parent / name).read_text(encoding="utf-8"))["$id"] == name


def test_published_schemas_are_the_repositorys_with_only_the_id_and_verdicts_filled_in(
        files: dict[str, str]) -> None:
    for name in schemas.names():
        served = json.loads(files[f"api/v1/{name}"])
        source = json.loads((SCHEMA_FILE.parent / name).read_text(encoding="utf-8"))
        assert served.pop("$id") != source.pop("$id")
        place = schemas.VERDICT_PLACES[name]
        target = served
        for key in place:
            target = target[key]
        assert target.pop("enum")
        assert served == source, name
        assert files[f"api/v1/{name}"] == schemas.dump(json.loads(files[f"api/v1/{name}"]))


def test_documents_validate_through_schema_json_with_a_registry(files: dict[str, str]) -> None:
    """As a tool would: schema.json, which documents name, resolves guidelines.schema.json by its $id."""
    from referencing import Registry, Resource

    published = [json.loads(files[path]) for path in ("api/v1/schema.json", PUBLISHED)]
    registry = Registry().with_resources((s["$id"], Resource.from_contents(s)) for s in published)
    check = Draft202012Validator(published[0], registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER)
    whole = json.loads(files["api/v1/guidelines.json"])
    assert whole["$schema"] == published[0]["$id"]
    assert errors(whole, check) == []
    whole["trees"][0]["nodes"]["o-proceed"]["verdict"] = "go"
    assert any("'go' is not one of" in message for message in errors(whole, check))


# -- every document validates -------------------------------------------------

def test_every_exported_document_validates(files: dict[str, str]) -> None:
    docs = documents(files)
    assert "api/v1/guidelines.json" in docs and "api/v1/index.json" in docs
    assert "api/v1/changes/2025.1.json" in docs
    assert len(docs) == 3 + 10  # GP-1, GP-2, AC-1, UC-1, SEC-1, EX-1..3, quick-check, mood-board
    check = validator(files)
    for path, document in docs.items():
        assert errors(document, check) == [], path


def test_every_document_of_two_published_editions_validates(editions: dict[str, str]) -> None:
    docs = documents(editions)
    archived = [path for path in docs if path.startswith("api/v1/editions/")]
    assert {"api/v1/editions/2025.1/guidelines.json", "api/v1/editions/2025.2/changes/2025.2.json"} <= set(archived)
    assert {"api/v1/changes/2025.1.json", "api/v1/changes/2025.2.json"} <= set(docs)
    check = validator(editions)
    for path, document in docs.items():
        assert errors(document, check) == [], path


def test_the_projects_own_content_exports_valid_documents() -> None:
    files = export_of(ROOT)
    check = validator(files)
    for path, document in documents(files).items():
        assert errors(document, check) == [], path


def test_the_published_schema_accepts_fields_it_does_not_know(files: dict[str, str]) -> None:
    """Open (a later 1.x may add fields): the published schema takes them, the tests' closed copy does not."""
    document = json.loads(files["api/v1/sections/SEC-1.json"])
    document["new_field"] = 1
    document["points"][0]["new_field"] = 1
    document["citation"]["new_field"] = 1
    document["guideline"]["publisher"]["new_field"] = 1
    assert errors(document, validator(files, closed_to_extras=False)) == []
    found = [e for e in validator(files).iter_errors(document) if "new_field" in e.message]
    assert {e.json_path for e in found} == {"$", "$.points[0]", "$.citation", "$.guideline.publisher"}


def _clause_entry(index: dict[str, Any]) -> dict[str, Any]:
    return next(entry for entry in index["items"] if entry["kind"] == "clause")


@pytest.mark.parametrize(("where", "change", "expected"), [
    ("api/v1/guidelines.json", lambda d: d.pop("trees"), "'trees' is a required property"),
    ("api/v1/guidelines.json", lambda d: d["principles"][0].update(colour="red"), "colour"),
    ("api/v1/principles/GP-1.json", lambda d: d.update(number="1"), "'1' is not of type 'integer'"),
    ("api/v1/principles/GP-1.json", lambda d: d.update(surprise=True), "surprise"),
    ("api/v1/trees/quick-check.json", lambda d: d["nodes"]["q-data"].update(verdict="proceed"), "verdict"),
    ("api/v1/trees/quick-check.json", lambda d: d["nodes"]["o-proceed"].pop("verdict"), "'verdict' is a required"),
    ("api/v1/trees/quick-check.json", lambda d: d["nodes"]["o-proceed"].update(verdict="go"), "'go' is not one of"),
    ("api/v1/examples/EX-1.json", lambda d: d["checks"][0].update(answers={"q-data": "no"}), "is not of type"),
    ("api/v1/examples/EX-1.json", lambda d: d["checks"][0].update(verdict="maybe"), "'maybe' is not one of"),
    ("api/v1/index.json", lambda d: d.update(content_hash="md5:1"), "does not match"),
    ("api/v1/glossary/mood-board.json", lambda d: d.update(kind="gloss"), "gloss"),
    ("api/v1/principles/GP-2.json", lambda d: d.update(retired_in=None), "None is not of type 'string'"),
    ("api/v1/sections/SEC-1.json", lambda d: d["points"][0].update(status="retired"), "None is not of type"),
    ("api/v1/sections/SEC-1.json", lambda d: d["points"][0].pop("item_hash"), "'item_hash' is a required"),
    ("api/v1/sections/SEC-1.json", lambda d: d["citation"].pop("latest_url"), "'latest_url' is a required"),
    ("api/v1/sections/SEC-1.json", lambda d: d["guideline"].update(publisher="Test Studio"), "is not of type 'obj"),
    ("api/v1/principles/GP-1.json", lambda d: d.update(modified_in="latest"), "'latest' is not valid under"),
    ("api/v1/guidelines.json", lambda d: d["guideline"]["dates"].update(effective="2025-02-30"),
     "'2025-02-30' is not valid under any of the given schemas"),
    ("api/v1/guidelines.json", lambda d: d["changelog"][0]["changes"][0].update(change="changed"), "'changed' is not"),
    ("api/v1/guidelines.json", lambda d: d["changelog"][0].pop("published"), "'published' is a required"),
    ("api/v1/guidelines.json", lambda d: d["api"].pop("editions"), "'editions' is a required"),
    ("api/v1/index.json", lambda d: _clause_entry(d).pop("section"), "'section' is a required"),
    ("api/v1/index.json", lambda d: d["items"][0].pop("item_hash"), "'item_hash' is a required"),
    ("api/v1/changes/2025.1.json", lambda d: d["items"][0].update(change="renamed"), "'renamed' is not one of"),
    ("api/v1/changes/2025.1.json", lambda d: d["clauses"][0].update(position=0), "less than the minimum of 1"),
    ("api/v1/changes/2025.1.json", lambda d: d.pop("previous_edition"), "'previous_edition' is a required"),
], ids=["missing-collection", "unknown-item-field", "wrong-type", "unknown-field", "question-with-verdict",
        "outcome-without-verdict", "verdict-not-in-vocabulary", "answers-as-mapping", "check-verdict-unknown",
        "bad-hash", "unknown-kind", "retired-without-edition", "retired-clause-without-edition",
        "clause-without-hash", "citation-without-latest", "publisher-as-string", "modified-in-not-edition",
        "impossible-date", "old-kind-of-change", "changelog-without-published", "api-without-editions",
        "index-clause-without-section", "index-item-without-item-hash", "unknown-change", "clause-position-0",
        "changes-without-previous"])
def test_the_schema_rejects_what_it_does_not_describe(files: dict[str, str], where: str, change: Any,
                                                      expected: str) -> None:
    document = json.loads(files[where])
    change(document)
    found = errors(document, validator(files))
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
    ids = {d["id"] for p, d in docs.items() if p.count("/") == 3 and d["kind"] != "changes"}
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
    assert (gp1["rule"], gp1["why"], gp1["do"]) == (source["rule"], source["why"], [e["text"] for e in source["do"]])
    # each statement's provenance beside it, by field (the list in the order of its entries)
    assert gp1["provenance"]["do"] == [{"basis": "advice", "source": None, "section": None}]
    assert gp1["provenance"]["rule"] == {"basis": "source", "source": "SRC-1", "section": "Guiding principles"}


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
    entries = [entry for entry in index["items"] if entry["kind"] != "clause"]
    listed = {entry["json_url"].removeprefix("https://guidelines.test/"): entry for entry in entries}
    per_item = {p for p in files if p.count("/") == 3 and p.startswith("api/v1/") and "/changes/" not in p}
    assert set(listed) == per_item and len(listed) == len(entries)
    for path, entry in listed.items():
        document = json.loads(files[path])
        assert entry["content_hash"] == document["content_hash"]
        assert {k: entry[k] for k in ("since", "item_hash", "modified_in")} == \
            {k: document[k] for k in ("since", "item_hash", "modified_in")}
    assert index["guidelines_hash"] == json.loads(files["api/v1/guidelines.json"])["content_hash"]


def test_index_lists_every_clause_after_its_section(files: dict[str, str]) -> None:
    index = json.loads(files["api/v1/index.json"])
    kinds_in_order = [entry["kind"] for entry in index["items"]]
    (clause,) = [entry for entry in index["items"] if entry["kind"] == "clause"]
    assert kinds_in_order.index("clause") == kinds_in_order.index("section") + 1
    section = json.loads(files["api/v1/sections/SEC-1.json"])
    point = section["points"][0]
    assert clause == {"id": "SEC-1.1", "kind": "clause", "title": section["title"], "section": "SEC-1",
                      "status": "active", "url": point["url"], "json_url": section["json_url"],
                      "content_hash": section["content_hash"], "since": "2025.1", "item_hash": point["item_hash"],
                      "modified_in": "2025.1"}


def test_items_and_clauses_carry_their_citation_own_hash_and_edition(files: dict[str, str]) -> None:
    section = json.loads(files["api/v1/sections/SEC-1.json"])
    assert section["citation"] == {
        "text": "Test guidelines, edition 2025.1 (draft, not yet published), SEC-1, "
                "https://guidelines.test/sections/sec-1/",
        "edition": "2025.1", "edition_url": None, "latest_url": "https://guidelines.test/sections/sec-1/"}
    body = json.loads(files["api/v1/guidelines.json"])["sections"][0]  # the item, without the document around it
    assert section["item_hash"] == body["item_hash"] == changes.item_hash(body)
    assert section["modified_in"] == "2025.1"
    (point,) = section["points"]
    assert set(point) == {"id", "text", "url", "status", "retired_in", "replaced_by", "since", "citation",
                          "item_hash", "modified_in", "provenance"}
    assert point["provenance"] is None  # the test corpus is official rules: its clauses need not say
    assert point["citation"]["latest_url"] == "https://guidelines.test/sections/sec-1/#sec-1-1"
    assert point["item_hash"] == changes.item_hash(point)


def test_the_guideline_summary_names_the_publisher_as_guidelines_json_does(files: dict[str, str]) -> None:
    publisher = json.loads(files["api/v1/guidelines.json"])["guideline"]["publisher"]
    assert publisher == {"name": "Test Studio", "url": None}
    for path, document in documents(files).items():
        if "guideline" in document and "references" in document:  # a per-item document
            assert document["guideline"]["publisher"] == publisher, path
    assert json.loads(files["api/v1/index.json"])["guideline"]["publisher"] == publisher


def test_the_changes_document_and_the_changelog_agree(files: dict[str, str]) -> None:
    document = json.loads(files["api/v1/changes/2025.1.json"])
    assert (document["kind"], document["previous_edition"], document["checks"], document["trees"]) == \
        ("changes", None, [], [])
    assert {entry["change"] for entry in document["items"] + document["clauses"]} == {"added"}
    whole = json.loads(files["api/v1/guidelines.json"])
    (entry,) = whole["changelog"]
    assert (entry["published"], entry["changes_url"]) == (False, "https://guidelines.test/api/v1/changes/2025.1.json")
    assert [c["item"] for c in entry["changes"]] == [e["id"] for e in document["items"] + document["clauses"]]
    assert whole["api"]["changes"] == entry["changes_url"] and whole["api"]["editions"] == []


def test_two_published_editions_list_each_kind_of_change(editions: dict[str, str]) -> None:
    document = json.loads(editions["api/v1/changes/2025.2.json"])
    assert document["previous_edition"] == "2025.1"
    assert {e["id"]: e["change"] for e in document["items"]} == {
        "GP-1": "modified", "AC-2": "added", "SEC-1": "modified", "EX-2": "modified", "quick-check": "modified",
        "mood-board": "retired"}
    assert {e["id"]: (e["change"], e["replaced_by"]) for e in document["clauses"]} == {
        "SEC-1.1": ("modified", []), "SEC-1.2": ("added", []), "SEC-1.3": ("replaced", ["SEC-1.2"])}
    assert document["checks"] == [{"example": "EX-2", "tree": "quick-check",
                                   "previous": {"verdict": "escalate", "outcome": "o-escalate"},
                                   "current": {"verdict": "approval-required", "outcome": "o-escalate"}}]
    (tree,) = document["trees"]
    assert [path["previous"] for path in tree["paths"]] == [{"verdict": "escalate", "outcome": "o-escalate"}, None]
    whole = json.loads(editions["api/v1/guidelines.json"])
    assert [(e["edition"], e["published"]) for e in whole["api"]["editions"]] == [
        ("2025.1", "2025-08-26"), ("2025.2", "2025-10-01")]
    assert [(e["id"], e["published"]) for e in whole["changelog"]] == [("2025.2", True), ("2025.1", True)]
    gp1 = json.loads(editions["api/v1/principles/GP-1.json"])
    assert gp1["citation"]["edition_url"] == "https://guidelines.test/editions/2025.2/principles/gp-1/"
    term = json.loads(editions["api/v1/glossary/mood-board.json"])
    assert (term["status"], term["retired_in"], term["modified_in"]) == ("retired", "2025.2", "2025.2")
    ac1 = json.loads(editions["api/v1/categories/AC-1.json"])
    assert ac1["modified_in"] == "2025.1"  # the same own content as in 2025.1


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


def test_every_published_schema_is_served_and_listed(files: dict[str, str]) -> None:
    names = schemas.names()
    assert names == ["guidelines.schema.json", "record.schema.json"]
    whole = json.loads(files["api/v1/guidelines.json"])
    assert whole["api"]["schemas"] == {name: f"https://guidelines.test/api/v1/{name}" for name in names}
    assert whole["api"]["schema"] == "https://guidelines.test/api/v1/schema.json"
    assert {path for path in files if path.endswith("schema.json")} == {f"api/v1/{n}" for n in [*names, "schema.json"]}


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
