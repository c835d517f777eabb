"""The shipped content in both languages: the same trees, decisions, IDs and structure; only the texts differ."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fixtures_util import ROOT
from guidelines.cli import main
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
    # The edition in force, published in French, has its French edition URLs too: the same documents.
    folder = f"api/v1/editions/{generated.context.edition}/"
    copies = {path.removeprefix(folder) for path in french if path.startswith(folder)}
    assert copies and all(french[folder + path] == french[f"api/v1/{path}"] for path in copies)
    assert not any(path.startswith("api/v1/editions/2025.4/") for path in french)  # (published in English only)


def test_the_french_changelog_gives_the_editors_words_in_french(generated: generate.Generated) -> None:
    french = json.loads(generated.languages["fr"].files["api/v1/guidelines.json"])
    titles = {entry["id"]: entry["title"] for entry in french["changelog"]}
    assert titles["2025.1"] != "First edition" and titles["2025.5"] == "Le français à côté de l'anglais"


def test_a_record_is_rechecked_against_the_export_of_its_own_language(
        generated: generate.Generated, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for folder, files in ((tmp_path, generated.files), (tmp_path / "fr", generated.languages["fr"].files)):
        for path, text in files.items():
            if path.endswith(".json"):
                (folder / path).parent.mkdir(parents=True, exist_ok=True)
                (folder / path).write_text(text, encoding="utf-8")
    assert main(["decide", "quick-check", "-a", "creative-output=yes", "--from", str(tmp_path / "fr"), "--json"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["language"] == "fr" and record["record_version"] == "1.3"
    saved = tmp_path / "record.json"
    saved.write_text(json.dumps(record), encoding="utf-8")
    assert main(["decide", "--recheck", str(saved), "--from", str(tmp_path / "fr")]) == 0
    assert "unchanged since the record" in capsys.readouterr().out
    assert main(["decide", "--recheck", str(saved), "--from", str(tmp_path)]) == 1
    assert "the record was made in 'fr'" in capsys.readouterr().err


def test_the_french_editions_page_links_an_english_only_edition_at_its_english_address_and_says_so(
        generated: generate.Generated) -> None:
    page = generated.languages["fr"].files["editions.md"]
    row = next(line for line in page.splitlines() if ">2025.1</a> |" in line)
    # (its own copy's English page: relative, as /fr/ is inside the English site)
    assert '| <a href="../../editions/2025.1/">2025.1</a> |' in row, row
    assert row.endswith("| Publiée en anglais seulement. Remplacée par l'édition 2025.2. |"), row
    current = next(line for line in page.splitlines() if line.startswith(f"| [{generated.context.edition}]"))
    assert "anglais seulement" not in current and "https://" not in current
