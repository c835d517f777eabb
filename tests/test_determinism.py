"""Determinism gate: two clean builds of the same content give identical files.

The two builds differ in everything that should not matter: the project's folder,
the site folder, Python's hash seed (set and dict order), the time zone, and the
day (the second build runs with MkDocs' clock moved to another year). Every file of
the site and every generated file under docs/ must come out byte for byte the same.

What used to differ, and how it was fixed at the source: MkDocs writes the build
date into sitemap.xml (<lastmod>) and the gzip header of sitemap.xml.gz. The build
now sets SOURCE_DATE_EPOCH to the current edition's date (sitebuild._content_date),
so no file is allowed to differ, and the last test shows the gate catching exactly
those two files when that fix is switched off.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

from fixtures_util import ROOT, make_project

# Runs the CLI with MkDocs' clock on another day (and optionally without the date fix).
_CLI = """
import contextlib, datetime, sys
import mkdocs.utils
from guidelines.output import sitebuild
from guidelines.cli import main

class Later(datetime.datetime):
    @classmethod
    def now(cls, tz=None):
        return cls(2031, 7, 15, 23, 30, tzinfo=tz)

mkdocs.utils.datetime = Later
if sys.argv[1] == "--clock-dates-the-build":
    sitebuild._content_date = lambda ctx: contextlib.nullcontext()
sys.exit(main(sys.argv[2:]))
"""


def copy_project(target: Path, *, real_content: bool) -> Path:
    """A throwaway project: the site scaffolding, with the real or the base content."""
    project = make_project(target, site=True)
    if real_content:
        shutil.rmtree(project / "principles")
        shutil.copytree(ROOT / "principles", project / "principles")
    return project


def build(project: Path, site: Path, *, seed: str, tz: str, later_day: bool = False,
          clock_dates_the_build: bool = False) -> None:
    env = {**os.environ, "PYTHONHASHSEED": seed, "TZ": tz, "PYTHONPATH": str(ROOT / "scripts"),
           "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("SOURCE_DATE_EPOCH", None)
    args = ["--root", str(project), "build", "--site-dir", str(site)]
    if later_day:
        flag = "--clock-dates-the-build" if clock_dates_the_build else "--content-dates-the-build"
        command = [sys.executable, "-c", _CLI, flag, *args]
    else:
        command = [sys.executable, "-m", "guidelines", *args]
    run = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr


def digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def differences(first: Path, second: Path) -> list[str]:
    """Relative paths of files that are missing from one tree or differ in content."""
    a, b = digest(first), digest(second)
    return sorted(path for path in a.keys() | b.keys() if a.get(path) != b.get(path))


def generated_docs(project: Path, seed: str) -> dict[str, str]:
    """What `guidelines generate` writes under docs/ (what the preview serves)."""
    from guidelines.output.writer import is_owned

    env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT / "scripts"), "PYTHONDONTWRITEBYTECODE": "1"}
    run = subprocess.run([sys.executable, "-m", "guidelines", "--root", str(project), "generate"], cwd=project,
                         env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    return {path: value for path, value in digest(project / "docs").items() if is_owned(path)}


def test_two_clean_builds_are_identical(tmp_path: Path) -> None:
    first = copy_project(tmp_path / "a" / "project", real_content=True)
    second = copy_project(tmp_path / "b" / "elsewhere", real_content=True)
    build(first, tmp_path / "a" / "site", seed="0", tz="UTC")
    build(second, tmp_path / "b" / "out" / "site", seed="4242", tz="Pacific/Kiritimati", later_day=True)

    assert differences(tmp_path / "a" / "site", tmp_path / "b" / "out" / "site") == [], "files that differ"
    assert len(digest(tmp_path / "a" / "site")) > 50
    generated = generated_docs(first, "0")
    assert len(generated) > 50 and generated == generated_docs(second, "4242"), "the generated Markdown/JSON differ"


def test_the_gate_catches_a_nondeterministic_file(tmp_path: Path) -> None:
    """Switch the date fix off: the build then follows the clock, and the gate names the files."""
    project = copy_project(tmp_path / "project", real_content=False)
    build(project, tmp_path / "today", seed="0", tz="UTC")
    build(project, tmp_path / "later", seed="0", tz="UTC", later_day=True, clock_dates_the_build=True)
    assert differences(tmp_path / "today", tmp_path / "later") == ["sitemap.xml", "sitemap.xml.gz"]
