"""Each invalid fixture breaks exactly one rule; `check` must report exactly that.

A fixture is a folder under tests/fixtures/invalid/ named after the rule it breaks:
files under principles/ overlay the valid base corpus (tests/fixtures/base), an
optional delete.txt removes base files, and expected.txt holds the exact lines
`guidelines check` must print (file:line:column: field: message (hint)).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from fixtures_util import BASE, INVALID, make_project
from guidelines.cli import main

FIXTURES = sorted(p for p in INVALID.iterdir() if p.is_dir())


def run_check(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["--root", str(root), "check"])
    out, err = capsys.readouterr()
    return code, out, err


def test_base_fixture_is_valid(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_check(BASE, capsys)
    assert (code, err) == (0, "")
    assert out.startswith("0 problems")


def test_there_are_at_least_twenty_rules() -> None:
    assert len(FIXTURES) >= 20
    for fixture in FIXTURES:
        assert (fixture / "expected.txt").read_text().strip(), f"{fixture.name} has no expected message"


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f.name for f in FIXTURES])
def test_invalid_fixture_reports_its_rule(fixture: Path, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    root = make_project(tmp_path / "project", fixture)
    code, out, err = run_check(root, capsys)
    expected = (fixture / "expected.txt").read_text().splitlines()
    lines = err.splitlines()
    assert code == 1
    assert out == ""
    assert "Traceback" not in err
    assert lines[:-1] == expected
    noun = "problem" if len(expected) == 1 else "problems"
    assert lines[-1] == f"{len(expected)} {noun} found."
