"""The ID register: `check` guards published IDs, `register` records new ones.

Each test works on a throwaway copy of the base fixture and drives the real
command line, asserting exit codes and that messages name the ID concerned.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from fixtures_util import BASE, make_project
from guidelines.cli import main

Capsys = pytest.CaptureFixture[str]
REGISTERED = yaml.safe_load((BASE / "principles" / "published-ids.yml").read_text())["ids"]
FILES = {"principle": "guiding-principles", "category": "approval-categories", "use-case": "use-cases",
         "section": "sections", "example": "examples", "tree": "trees", "glossary": "glossary"}
GP2 = """\
id: GP-2
number: 2
title: Second rule
rule: A second rule.
question: Is the second rule followed?
why: Because.
do: [Do it.]
dont: [Skip it.]
warning_signs: [It is skipped.]
sources: [SRC-1]
"""


def run(root: Path, capsys: Capsys, *args: str) -> tuple[int, str, str]:
    code = main(["--root", str(root), *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project")


def register_file(root: Path) -> Path:
    return root / "principles" / "published-ids.yml"


def add_glossary(root: Path, term_id: str, extra: str = "") -> None:
    (root / "principles" / "glossary" / f"{term_id}.yml").write_text(
        f'id: "{term_id}"\nterm: {term_id} term\ndefinition: A term.\n{extra}', encoding="utf-8")


def retire(path: Path, replaced_by: str = "") -> None:
    extra = f"replaced_by: [{replaced_by}]\n" if replaced_by else ""
    path.write_text(path.read_text() + f'status: retired\nretired_in: "2025.1"\n{extra}', encoding="utf-8")


# -- check guards published IDs -------------------------------------------------

ITEMS = sorted(i for i, entry in REGISTERED.items() if entry["kind"] != "clause")


@pytest.mark.parametrize("item_id", ITEMS, ids=ITEMS)
def test_removing_a_published_id_fails_check_naming_it(project: Path, capsys: Capsys, item_id: str) -> None:
    kind = REGISTERED[item_id]["kind"]
    (project / "principles" / FILES[kind] / f"{item_id}.yml").unlink()
    code, out, err = run(project, capsys, "check")
    assert code == 1 and out == ""
    assert f"ids.{item_id}: published ID '{item_id}' ({kind}) is missing from the content" in err


def test_renumbering_a_published_clause_fails_check(project: Path, capsys: Capsys) -> None:
    section = project / "principles" / "sections" / "SEC-1.yml"
    section.write_text(section.read_text().replace("id: SEC-1.1", "id: SEC-1.9"))
    code, out, err = run(project, capsys, "check")
    assert code == 1 and out == ""
    assert "points: published clause 'SEC-1.1' is missing from section SEC-1 (a published clause is never " \
           "deleted or renumbered" in err
    assert "points[0].id: 'SEC-1.9' is not in the register of published IDs" in err


def test_a_clause_is_retired_not_deleted(project: Path, capsys: Capsys) -> None:
    section = project / "principles" / "sections" / "SEC-1.yml"
    text = section.read_text()
    section.write_text(text.replace("    text: Check the tool's terms.\n", "    text: Check the tool's terms.\n"
                                    "    status: retired\n    retired_in: \"2025.1\"\n    replaced_by: [SEC-1.2]\n"
                                    "  - id: SEC-1.2\n    text: The clause that replaces it.\n"))
    assert run(project, capsys, "register")[0] == 0
    ids = yaml.safe_load(register_file(project).read_text())["ids"]
    assert ids["SEC-1.1"] == {"kind": "clause", "since": "2025.1", "retired_in": "2025.1"}
    assert ids["SEC-1.2"] == {"kind": "clause", "since": "2025.1"}
    assert run(project, capsys, "check")[0] == 0


def test_changing_an_ids_kind_fails_check_naming_it(project: Path, capsys: Capsys) -> None:
    # mood-board was published as a glossary term; now it is a decision tree's ID.
    (project / "principles" / "glossary" / "mood-board.yml").unlink()
    tree = (project / "principles" / "trees" / "quick-check.yml").read_text()
    (project / "principles" / "trees" / "mood-board.yml").write_text(
        tree.replace("id: quick-check", "id: mood-board"), encoding="utf-8")
    code, _, err = run(project, capsys, "check")
    assert code == 1
    assert "ID 'mood-board' was published as a glossary, not a tree" in err


def test_reusing_a_retired_id_fails_check_naming_it(project: Path, capsys: Capsys) -> None:
    path = register_file(project)
    path.write_text(path.read_text().replace('mood-board: {kind: glossary, since: "2025.1"}',
                                             'mood-board: {kind: glossary, since: "2025.1", retired_in: "2025.1"}'))
    code, _, err = run(project, capsys, "check")
    assert code == 1
    assert "ID 'mood-board' was retired in edition 2025.1 and cannot be reused" in err


def test_a_retired_item_that_stays_passes(project: Path, capsys: Capsys) -> None:
    retire(project / "principles" / "glossary" / "mood-board.yml")
    assert run(project, capsys, "check")[0] == 0


# -- register records new IDs -----------------------------------------------------

def test_register_adds_new_ids_with_the_current_edition(project: Path, capsys: Capsys) -> None:
    (project / "principles" / "guiding-principles" / "GP-2.yml").write_text(GP2, encoding="utf-8")
    add_glossary(project, "aardvark")
    code, out, _ = run(project, capsys, "register")
    assert code == 0
    assert out == "Updated: principles/published-ids.yml (12 IDs; new: GP-2, aardvark).\n"
    ids = yaml.safe_load(register_file(project).read_text())["ids"]
    assert ids["GP-2"] == {"kind": "principle", "since": "2025.1"}
    assert ids["aardvark"] == {"kind": "glossary", "since": "2025.1"}
    assert {k: ids[k] for k in REGISTERED} == REGISTERED  # nothing else changes
    assert list(ids)[-2:] == ["GP-2", "aardvark"]  # added after the last entry, kind by kind
    assert run(project, capsys, "register", "--check")[0] == 0
    assert run(project, capsys, "check")[0] == 0


def test_register_check_reports_missing_ids_and_changes_nothing(project: Path, capsys: Capsys) -> None:
    (project / "principles" / "guiding-principles" / "GP-2.yml").write_text(GP2, encoding="utf-8")
    before = register_file(project).read_bytes()
    code, out, err = run(project, capsys, "register", "--check")
    assert (code, out) == (1, "")
    assert err == "The ID register is out of date (new: GP-2): run 'guidelines register'.\n"
    assert register_file(project).read_bytes() == before


def test_register_check_passes_on_the_base_fixture(capsys: Capsys) -> None:
    code, out, _ = run(BASE, capsys, "register", "--check")
    assert (code, out) == (0, "The ID register is up to date (10 IDs).\n")


def test_register_records_retirements(project: Path, capsys: Capsys) -> None:
    retire(project / "principles" / "glossary" / "mood-board.yml")
    (project / "principles" / "guiding-principles" / "GP-2.yml").write_text(GP2, encoding="utf-8")
    retire(project / "principles" / "guiding-principles" / "GP-2.yml", "GP-1")
    code, err = run(project, capsys, "register", "--check")[::2]
    assert code == 1 and "(new: GP-2; newly retired: mood-board)" in err
    assert run(project, capsys, "register")[0] == 0
    ids = yaml.safe_load(register_file(project).read_text())["ids"]
    assert ids["mood-board"] == {"kind": "glossary", "since": "2025.1", "retired_in": "2025.1"}
    assert ids["GP-2"] == {"kind": "principle", "since": "2025.1", "retired_in": "2025.1"}
    # Bringing mood-board back as an active item is now a reuse, and check says so.
    path = project / "principles" / "glossary" / "mood-board.yml"
    path.write_text(path.read_text().replace('status: retired\nretired_in: "2025.1"\n', ""))
    code, _, err = run(project, capsys, "check")
    assert code == 1 and "ID 'mood-board' was retired in edition 2025.1 and cannot be reused" in err


def test_register_only_adds_lines_keeping_comments_and_layout(project: Path, capsys: Capsys) -> None:
    path = register_file(project)
    before = "# Our register.\n# Keep it.\n\n" + path.read_text().replace("ids:\n", "ids:\n  # principles first\n", 1)
    path.write_text(before)
    add_glossary(project, "aardvark")
    run(project, capsys, "register")
    after = path.read_text()
    assert after.startswith(before), "every existing line is kept, in place"
    assert after[len(before):] == '  aardvark: {kind: glossary, since: "2025.1"}\n'
    code, out, _ = run(project, capsys, "register")
    assert code == 0 and out.startswith("Unchanged: principles/published-ids.yml (11 IDs; nothing new)")
    assert path.read_text() == after


def test_register_follows_a_block_layout(project: Path, capsys: Capsys) -> None:
    path = register_file(project)
    ids = yaml.safe_load(path.read_text())["ids"]
    block = "ids:\n" + "".join(f"    {k}:\n        kind: {v['kind']}\n        since: '{v['since']}'  # noted\n"
                               for k, v in ids.items())
    path.write_text(block)
    add_glossary(project, "aardvark")
    retire(project / "principles" / "glossary" / "mood-board.yml")
    assert run(project, capsys, "register")[0] == 0
    expected = block.splitlines()
    at = expected.index("    mood-board:") + 3  # after its last field
    expected[at:at] = ['        retired_in: "2025.1"']
    expected += ["    aardvark:", "        kind: glossary", '        since: "2025.1"']
    assert path.read_text().splitlines() == expected
    assert run(project, capsys, "check")[0] == 0


def test_register_creates_the_file_with_a_header(project: Path, capsys: Capsys) -> None:
    register_file(project).unlink()
    code, out, _ = run(project, capsys, "register")
    assert code == 0
    assert "(10 IDs; new: GP-1, AC-1, UC-1, SEC-1, EX-1, EX-2, EX-3, quick-check, mood-board, SEC-1.1)" in out
    text = register_file(project).read_text()
    assert text.startswith("# yaml-language-server: $schema=../scripts/guidelines/schemas/register.schema.json\n")
    assert yaml.safe_load(text)["ids"] == REGISTERED
    assert run(project, capsys, "check")[0] == 0


def test_ids_that_yaml_would_retype_are_quoted(project: Path, capsys: Capsys) -> None:
    for term_id in ("yes", "null", "on"):
        add_glossary(project, term_id)
    assert run(project, capsys, "register")[0] == 0
    text = register_file(project).read_text()
    assert '  "yes": {kind: glossary' in text and '  "null": {kind: glossary' in text
    assert run(project, capsys, "check")[0] == 0  # the strict loader reads it back
    assert run(project, capsys, "register", "--check")[0] == 0


def test_register_refuses_to_run_on_content_with_problems(project: Path, capsys: Capsys) -> None:
    (project / "principles" / "glossary" / "mood-board.yml").unlink()
    before = register_file(project).read_bytes()
    code, out, err = run(project, capsys, "register")
    assert (code, out) == (1, "")
    assert "published ID 'mood-board'" in err
    assert err.rstrip().endswith("The register was not changed: fix these problems first.")
    assert register_file(project).read_bytes() == before


def test_register_never_writes_through_a_link(project: Path, capsys: Capsys) -> None:
    """A link where its temporary file goes, or at the register itself, once let it overwrite another file."""
    victim = project / "victim.md"
    victim.write_text("mine")
    (project / "principles" / ".published-ids.yml.tmp").symlink_to(victim)
    add_glossary(project, "aardvark")
    assert run(project, capsys, "register")[0] == 0
    assert victim.read_text() == "mine"
    assert not register_file(project).is_symlink()
    assert [p.name for p in (project / "principles").iterdir() if p.name.endswith(".tmp")] == [
        ".published-ids.yml.tmp"], "no temporary file of its own is left"
    text = register_file(project).read_text()
    register_file(project).unlink()
    (project / "real-register.yml").write_text(text)
    register_file(project).symlink_to("../real-register.yml")
    add_glossary(project, "badger")
    code, _, err = run(project, capsys, "register")
    assert code == 1 and "symbolic link" in err
    assert (project / "real-register.yml").read_text() == text


def test_register_keeps_windows_line_endings(project: Path, capsys: Capsys) -> None:
    path = register_file(project)
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    add_glossary(project, "aardvark")
    assert run(project, capsys, "register")[0] == 0
    raw = path.read_bytes()
    assert raw.count(b"\r\n") == raw.count(b"\n") and b"aardvark" in raw
