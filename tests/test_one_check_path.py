"""One check path: `check`, `build` and the preview report the same problems for every invalid fixture.

Each fixture (tests/fixtures/invalid/<rule>/) is applied as an edit to a good project
that a preview session has already generated, then checked three ways: `guidelines
check`, `guidelines build` and the session's next generation (what `mkdocs serve`
runs after a save). All three must print exactly the fixture's expected lines.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from fixtures_util import INVALID, make_project
from guidelines.cli import main
from guidelines.output import generate
from guidelines.preview import incremental

FIXTURES = sorted(p for p in INVALID.iterdir() if p.is_dir())
BUILD_STOPPED = "Build stopped: nothing was written; the previous site is unchanged."


def apply_as_edit(project: Path, overlay: Path) -> None:
    """Copy the fixture's files over the project as an editor's saves would (file times move on)."""
    if (overlay / "principles").is_dir():
        for source in sorted((overlay / "principles").rglob("*")):
            if source.is_file():
                target = project / "principles" / source.relative_to(overlay / "principles")
                target.parent.mkdir(parents=True, exist_ok=True)
                before = target.stat().st_mtime_ns if target.exists() else 0
                shutil.copyfile(source, target)
                later = max(target.stat().st_mtime_ns, before + 10_000_000)
                os.utime(target, ns=(later, later))
    if (overlay / "delete.txt").is_file():
        for line in (overlay / "delete.txt").read_text().split():
            (project / "principles" / line).unlink()


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f.name for f in FIXTURES])
def test_check_build_and_preview_report_the_same_problems(fixture: Path, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    project = make_project(tmp_path / "project")
    session = incremental.Session(project, project / "docs")
    session.generate()
    apply_as_edit(project, fixture)
    expected = (fixture / "expected.txt").read_text(encoding="utf-8").splitlines()
    expected.append(f"{len(expected)} {'problem' if len(expected) == 1 else 'problems'} found.")

    assert main(["--root", str(project), "check"]) == 1
    checked = capsys.readouterr().err.splitlines()
    assert main(["--root", str(project), "build"]) == 1
    built = capsys.readouterr().err.splitlines()
    with pytest.raises(generate.ContentError) as previewed:
        session.generate()

    assert checked == expected
    assert built == [*expected, BUILD_STOPPED]
    assert previewed.value.problems.report().splitlines() == expected
