"""The command line and the MkDocs hook: right exit codes, readable errors, no traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from fixtures_util import INVALID, ROOT, make_project
from guidelines.cli import main

MKDOCS = Path(sys.executable).parent / "mkdocs"


def test_no_command_prints_help_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "check" in capsys.readouterr().out


def test_unknown_command_is_a_usage_error() -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["chek"])
    assert exit_info.value.code == 2


def test_check_outside_a_project_says_where_to_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(tmp_path), "check"]) == 1
    assert "the folder principles/ does not exist" in capsys.readouterr().err


def test_shipped_content_has_no_problem(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(ROOT), "check"]) == 0
    assert capsys.readouterr().out.startswith("0 problems")


def test_plain_mkdocs_build_runs_the_generator(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", site=True)
    run = subprocess.run([str(MKDOCS), "build", "--strict", "-q"], cwd=project,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    page = (project / "site" / "principles" / "gp-1" / "index.html").read_text()
    assert 'id="gp-1"' in page
    assert (project / "docs" / "principles" / "gp-1.md").is_file()


def test_plain_mkdocs_build_reports_content_problems_without_traceback(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", INVALID / "dangling-next", site=True)
    run = subprocess.run([str(MKDOCS), "build", "--strict"], cwd=project,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode != 0
    expected = (INVALID / "dangling-next" / "expected.txt").read_text().strip()
    assert expected in run.stderr
    assert "Traceback" not in run.stderr
    assert not (project / "site").exists()
    assert not (project / "docs" / "index.md").exists(), "nothing is generated from invalid content"
