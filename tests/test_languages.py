"""The shipped content in both languages: the same trees, decisions, IDs and structure; only the texts differ."""

from __future__ import annotations

import json

import pytest

from fixtures_util import ROOT
from guidelines.evaluator import all_paths, evaluate
from guidelines.output import generate


@pytest.fixture(scope="module")
def generated() -> generate.Generated:
    return generate.generate(ROOT, write=False)


def test_every_path_of_every_tree_decides_the_same_in_french(generated: generate.Generated) -> None:
    english, french = generated.context.trees, generated.languages["fr"].context.trees
    assert english.keys() == french.keys()
    walked = 0
    for tree_id, tree in english.items():
        for path in all_paths(tree):
            ours, theirs = evaluate(tree, path), evaluate(french[tree_id], path)
            assert (theirs.node, theirs.verdict, theirs.complete) == (ours.node, ours.verdict, True), (tree_id, path)
            walked += 1
        assert sum(1 for _ in all_paths(french[tree_id])) == sum(1 for _ in all_paths(tree))
    assert walked > 50


def test_the_french_trees_ask_in_french(generated: generate.Generated) -> None:
    english, french = generated.context.trees, generated.languages["fr"].context.trees
    for tree_id, tree in english.items():
        for node_id, node in tree["nodes"].items():
            theirs = french[tree_id]["nodes"][node_id]
            for field in ("text", "help", "title", "explanation"):
                if field in node:
                    assert theirs[field] != node[field], (tree_id, node_id, field)


def test_each_export_names_its_language_and_both(generated: generate.Generated) -> None:
    english = json.loads(generated.files["api/v1/guidelines.json"])
    french = json.loads(generated.languages["fr"].files["api/v1/guidelines.json"])
    assert (english["language"], french["language"]) == ("en", "fr")
    assert english["api"]["languages"] == french["api"]["languages"]
    assert [entry["language"] for entry in english["api"]["languages"]] == ["en", "fr"]
    assert english["api"]["languages"][1]["index"] == english["guideline"]["site_url"] + "fr/api/v1/index.json"
    assert french["$schema"] == english["$schema"]  # (the schemas are published once, in English)
    for key in ("principles", "categories", "sections", "examples", "trees", "glossary", "use_cases"):
        assert [item["id"] for item in english[key]] == [item["id"] for item in french[key]], key
    assert [e["result"] for e in english["examples"]] == [e["result"] for e in french["examples"]]
    assert english["principles"][0]["title"] != french["principles"][0]["title"]


def test_the_french_export_has_its_own_documents_and_no_second_copy_of_the_schemas(
        generated: generate.Generated) -> None:
    english, french = generated.files, generated.languages["fr"].files
    assert "api/v1/guidelines.schema.json" in english and "api/v1/guidelines.schema.json" not in french
    documents = {path for path in english if path.startswith("api/v1/") and not path.startswith("api/v1/editions/")
                 and not path.endswith("schema.json") and not path.startswith("api/v1/changes/")}
    assert documents <= set(french)
    assert not any(path.startswith("api/v1/editions/") for path in french)


def test_the_french_changelog_gives_the_editors_words_in_french(generated: generate.Generated) -> None:
    french = json.loads(generated.languages["fr"].files["api/v1/guidelines.json"])
    titles = {entry["id"]: entry["title"] for entry in french["changelog"]}
    assert titles["2025.1"] != "First edition" and titles["2025.5"] == "Le français à côté de l'anglais"
