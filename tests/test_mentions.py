"""IDs mentioned in texts (guidelines.check.mentions): which fields are texts, and what a mention may name."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from fixtures_util import BASE, make_project
from guidelines.check.mentions import texts
from guidelines.check.validate import validate


def test_texts_are_the_free_fields_not_ids_dates_or_addresses() -> None:
    data = {"id": "EX-1", "title": "GP-1 at work", "analysis": "As GP-1 says.", "principles": ["GP-1"],
            "replaced_by": ["EX-2"], "retired_in": "2025.1", "stages": ["development"],
            "checks": [{"tree": "quick-check", "answers": {"q": "yes"}, "verdict": "proceed"}]}
    found = dict(texts("example.schema.json", data))
    assert found.keys() >= {("title",), ("analysis",)}
    assert not found.keys() & {("id",), ("principles", 0), ("replaced_by", 0), ("retired_in",), ("stages", 0),
                               ("checks", 0, "tree"), ("checks", 0, "verdict")}
    tree = {"nodes": [{"id": "q", "type": "question", "text": "Q?", "help": "See GP-1.", "options": []},
                      {"id": "o", "type": "outcome", "explanation": "E.", "next_steps": ["S."]}]}
    assert set(dict(texts("tree.schema.json", tree))) == {("nodes", 0, "text"), ("nodes", 0, "help"),
                                                          ("nodes", 1, "explanation"), ("nodes", 1, "next_steps", 0)}
    assert ("definition",) in dict(texts("glossary.schema.json", {"id": "x", "term": "X", "definition": "D."}))


def _check(tmp_path: Path, edits: dict[str, tuple[str, str]]) -> list[str]:
    root = make_project(tmp_path / "project")
    for name, (old, new) in edits.items():
        path = root / "principles" / name
        text = path.read_text(encoding="utf-8")
        assert old in text, name
        path.write_text(text.replace(old, new), encoding="utf-8")
    _, _, problems = validate(root)
    shutil.rmtree(root)
    return [f"{p.location.path}: {p.field}: {p.message} ({p.hint})" for p in problems.sorted()]


def test_known_ids_and_clauses_in_force_pass_and_code_is_not_read(tmp_path: Path) -> None:
    assert _check(tmp_path, {"examples/EX-1.yml": ("Nothing unowned is used.",
                                                   "GP-1, AC-1, UC-1, SEC-1, SEC-1.1, EX-2; `GP-99` is code.")}) == []


@pytest.mark.parametrize(("text", "message"), [
    ("Per GP-2.", "the text mentions 'GP-2', which is not a guiding principle of this edition (did you mean "
                  "'GP-1'?; an ID in backticks is shown as written, without a link)"),
    ("Per SEC-1.4.", "the text mentions 'SEC-1.4', which is not a clause of this edition: section SEC-1 has clauses "
                     "SEC-1.1 to SEC-1.1 (did you mean 'SEC-1.1'?; an ID in backticks is shown as written, without a "
                     "link)"),
    ("Per UC-7.", "the text mentions 'UC-7', which is not a use case of this edition (did you mean 'UC-1'?; an ID in "
                  "backticks is shown as written, without a link)"),
])
def test_an_unknown_id_is_located_with_the_closest_one(tmp_path: Path, text: str, message: str) -> None:
    assert _check(tmp_path, {"examples/EX-1.yml": ("Nothing unowned is used.", text)}) == \
        [f"principles/examples/EX-1.yml: analysis: {message}"]


def test_every_kind_of_text_is_checked(tmp_path: Path) -> None:
    found = _check(tmp_path, {"glossary/mood-board.yml": ("definition: ", "definition: Unlike EX-9, "),
                              "sections/SEC-1.yml": ("text: Check the tool's terms.", "text: See AC-9."),
                              "changelog/2025.1.yml": ("summary: ", "summary: GP-9 ")})
    assert [line.split(": the text")[0] for line in found] == [
        "principles/changelog/2025.1.yml: summary", "principles/glossary/mood-board.yml: definition",
        "principles/sections/SEC-1.yml: points[0].text"]


RETIRED_AC = ("summary: Using data you do not own.",
              "summary: Using data you do not own.\nstatus: retired\nretired_in: \"2025.1\"\nreplaced_by: [UC-1]")


def test_a_retired_id_names_its_edition_and_what_replaces_it(tmp_path: Path) -> None:
    found = _check(tmp_path, {"approval-categories/AC-1.yml": RETIRED_AC,
                              "examples/EX-1.yml": ("Nothing unowned is used.", "Not AC-1.")})
    assert "principles/examples/EX-1.yml: analysis: the text mentions 'AC-1', which was retired in edition 2025.1 " \
           "(mention what replaces it instead: UC-1)" in found


def test_a_retired_text_or_the_changelog_may_mention_what_was_retired(tmp_path: Path) -> None:
    found = _check(tmp_path, {"approval-categories/AC-1.yml": RETIRED_AC,
                              "changelog/2025.1.yml": ("summary: ", "summary: AC-1 was retired. "),
                              "examples/EX-2.yml": ("analysis: Not sure means escalate.", "analysis: AC-1 applied.\n"
                                                    "status: retired\nretired_in: \"2025.1\"")})
    assert not [line for line in found if "the text mentions" in line]


def test_the_base_fixture_has_nothing_to_report() -> None:
    assert not validate(BASE)[2]
