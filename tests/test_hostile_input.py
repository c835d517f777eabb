"""Hostile and broken input: every case ends in a clear located error or a harmless page.

Each case starts from a built copy of the small valid corpus (tests/fixtures/base),
breaks it, and runs `guidelines build` in a subprocess with a timeout, from an
unrelated working directory and with TMPDIR inside the case's folder. Then:

* rejected cases: exit 1, no traceback, every output line is `file:line:column: ...`
  (or the summary), the expected locations are named, and *nothing* changed on disk:
  the previous site/ and docs/ are byte for byte the same, no temporary file is left;
* harmless cases: exit 0, only site/ and the generator's own docs/ paths changed, and
  the site has no live markup from the content and no broken link.

Text cases are folders under tests/fixtures/hostile/ (an overlay of principles/ files,
an optional delete.txt, and expect.txt: 'rejected' then location prefixes, or
'harmless' then 'text: ...' lines the pages must show). Cases that are bytes, sizes
or special files (binary, encodings, 10 MB, symlinks, FIFOs) are made below.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hostile_util import PAYLOADS, inject_payloads, live_markup, snapshot

from fixtures_util import FIXTURES, ROOT, make_project
from guidelines.output.writer import is_owned
from guidelines.tools.linkcheck import check_site

HOSTILE = FIXTURES / "hostile"
TIMEOUT = 60
GP1 = "principles/guiding-principles/GP-1.yml"
_LOCATED = re.compile(r"^(?P<file>[^:\n]+):(?P<line>\d+):(?P<column>\d+): \S")
_SUMMARY = re.compile(r"^\d+ problems? found\.$|^Build stopped: nothing was written; the previous site is unchanged\.$")


@dataclass
class Case:
    """One hostile input: how to make it from the good project, and what must happen."""

    name: str
    make: Callable[[Path], None]
    outcome: str  # 'rejected' or 'harmless'
    locations: list[str] = field(default_factory=list)  # rejected: prefixes of expected error lines
    texts: list[str] = field(default_factory=list)  # harmless: text the built pages must show


def _folder_case(folder: Path) -> Case:
    lines = (folder / "expect.txt").read_text(encoding="utf-8").splitlines()

    def make(project: Path) -> None:
        if (folder / "principles").is_dir():
            shutil.copytree(folder / "principles", project / "principles", dirs_exist_ok=True)
        deletions = folder / "delete.txt"
        if deletions.is_file():
            for name in deletions.read_text(encoding="utf-8").split():
                (project / "principles" / name).unlink()

    texts = [line.removeprefix("text: ") for line in lines[1:] if line.startswith("text: ")]
    locations = [line for line in lines[1:] if not line.startswith("text: ")]
    return Case(folder.name, make, lines[0], locations, texts)


def _edit_gp1(transform: Callable[[str], bytes]) -> Callable[[Path], None]:
    def make(project: Path) -> None:
        path = project / GP1
        path.write_bytes(transform(path.read_text(encoding="utf-8")))
    return make


def _write(relpath: str, data: bytes) -> Callable[[Path], None]:
    def make(project: Path) -> None:
        (project / "principles" / relpath).write_bytes(data)
    return make


def _symlink(relpath: str, target: str, *, replace: bool = False) -> Callable[[Path], None]:
    def make(project: Path) -> None:
        link = project / "principles" / relpath
        if replace:
            link.unlink()
        link.symlink_to(target)
    return make


def _fifo(relpath: str) -> Callable[[Path], None]:
    def make(project: Path) -> None:
        os.mkfifo(project / "principles" / relpath)
    return make


def _directory(relpath: str) -> Callable[[Path], None]:
    def make(project: Path) -> None:
        (project / "principles" / relpath).mkdir()
    return make


def _link_outside(relpath: str) -> Callable[[Path], None]:
    """Move a valid content file or folder out of the project and link to it from where it was."""
    def make(project: Path) -> None:
        inside = project / "principles" / relpath
        outside = project.parent / "outside" / relpath
        outside.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(inside, outside)
        inside.symlink_to(outside)
    return make


def _inject(project: Path) -> None:
    inject_payloads(project)


_PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + bytes(64)
GENERATED = [
    Case("ten-megabyte-string", _edit_gp1(lambda t: t.replace("Because of copyright.", "a" * 10_000_000).encode()),
         "rejected", [f"{GP1}:1:1: (file): the file is 10,000,"]),
    Case("two-megabyte-line-under-the-size-limit",
         _edit_gp1(lambda t: t.replace("Because of copyright.", "b" * 1_900_000).encode()),
         "rejected", [f"{GP1}:6:6: why: "]),
    Case("deep-flow-nesting", _edit_gp1(lambda t: t.replace("Because of copyright.", "[" * 100_000).encode()),
         "rejected", [f"{GP1}:6:"]),
    Case("deep-block-nesting",
         _edit_gp1(lambda t: t.replace("why: Because of copyright.", "why:" + "".join(
             f"\n{'  ' * (i + 1)}k{i}:" for i in range(60)) + " x").encode()),
         "rejected", [f"{GP1}:"]),
    Case("binary-file", _write("guiding-principles/GP-1.yml", _PNG), "rejected", [f"{GP1}:1:1: (file): "]),
    Case("utf-16-with-bom", _edit_gp1(lambda t: t.encode("utf-16")), "rejected", [f"{GP1}:1:1: (file): "]),
    Case("utf-16-without-bom", _edit_gp1(lambda t: t.encode("utf-16-le")), "rejected", [f"{GP1}:1:1: (file): "]),
    Case("latin-1", _edit_gp1(lambda t: t.replace("Own what", "Café: own what").encode("latin-1")),
         "rejected", [f"{GP1}:3:11: (file): the file is not valid UTF-8 (byte 0xe9)"]),
    Case("nul-byte-in-text", _edit_gp1(lambda t: t.replace("copyright", "copy\x00right").encode()),
         "rejected", [f"{GP1}:1:1: (file): "]),
    Case("control-characters", _edit_gp1(lambda t: t.replace("Own what", "\x1b[31mOwn\x07 what").encode()),
         "rejected", [f"{GP1}:"]),
    Case("utf-8-with-bom-is-fine", _edit_gp1(lambda t: t.encode("utf-8-sig")), "harmless", texts=["Own what you use"]),
    Case("guideline-is-a-symlink-to-dev-zero", _symlink("guideline.yml", "/dev/zero", replace=True),
         "rejected", ["principles/guideline.yml:"]),
    Case("register-is-a-fifo", lambda p: ((p / "principles/published-ids.yml").unlink(),
                                          _fifo("published-ids.yml")(p)),
         "rejected", ["principles/published-ids.yml:"]),
    Case("content-file-is-a-fifo", _fifo("guiding-principles/GP-2.yml"), "rejected",
         ["principles/guiding-principles/GP-2.yml:"]),
    Case("content-file-is-a-symlink-loop", _symlink("trees/loop.yml", "loop.yml"), "rejected",
         ["principles/trees/loop.yml:"]),
    Case("content-file-linked-from-outside", _link_outside("glossary/mood-board.yml"), "rejected",
         ["principles/glossary/mood-board.yml:1:1: (file): this is a link to "]),
    Case("content-folder-linked-from-outside", _link_outside("glossary"), "rejected",
         ["principles/glossary:1:1: (file): this is a link to "]),
    Case("folder-named-like-a-file", _directory("guiding-principles/GP-2.yml"), "rejected",
         ["principles/guiding-principles/GP-2.yml:"]),
    Case("file-name-with-newline", _write("glossary/mood\nboard.yml", b"id: mood-board\n"), "rejected",
         ["principles/glossary/mood"]),
    Case("script-payloads-in-every-text-field", _inject, "harmless", texts=list(PAYLOADS)),
]
CASES = sorted([_folder_case(f) for f in HOSTILE.iterdir() if f.is_dir()], key=lambda c: c.name) + GENERATED


def test_the_corpus_is_large_and_varied() -> None:
    assert len(CASES) >= 30
    assert len({case.name for case in CASES}) == len(CASES)
    assert {case.outcome for case in CASES} == {"rejected", "harmless"}
    for case in CASES:
        assert case.locations or case.texts, f"{case.name} expects nothing in particular"


def run_build(project: Path, cwd: Path, temp: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts"), "TMPDIR": str(temp), "PYTHONDONTWRITEBYTECODE": "1"}
    try:
        return subprocess.run([sys.executable, "-m", "guidelines", "--root", str(project), "build"],
                              cwd=cwd, env=env, capture_output=True, text=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"the build hung (no result after {TIMEOUT} s)")


@pytest.fixture(scope="module")
def good_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The valid base corpus, built once: every case starts from a copy of it."""
    project = make_project(tmp_path_factory.mktemp("hostile") / "project", site=True)
    cwd = project.parent / "cwd"
    cwd.mkdir()
    run = run_build(project, cwd, project.parent)
    assert run.returncode == 0, run.stderr
    return project


def _changed(before: dict[str, str], after: dict[str, str]) -> set[str]:
    return {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}


def _allowed_output(relpath: str) -> bool:
    """A path the build may write: the site, and the generator's own files under docs/."""
    parts = relpath.split("/", 2)
    if parts[0] != "project" or len(parts) < 2:
        return False
    if parts[1] == "site":
        return True
    return parts[1] == "docs" and len(parts) == 3 and (is_owned(parts[2]) or is_owned(parts[2] + "/"))


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_hostile_input(case: Case, good_project: Path, tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(good_project, project, symlinks=True)
    for folder in ("cwd", "tmp", "outside"):
        (tmp_path / folder).mkdir()
    (tmp_path / "outside" / "sentinel.txt").write_text("must not change")
    case.make(project)
    before = snapshot(tmp_path)

    run = run_build(project, tmp_path / "cwd", tmp_path / "tmp")

    after = snapshot(tmp_path)
    assert "Traceback" not in run.stderr + run.stdout, run.stderr
    if case.outcome == "rejected":
        _assert_rejected(case, run)
        assert _changed(before, after) == set(), "a failed build changed files (the previous site must stay intact)"
    else:
        _assert_harmless(case, run, project)
        unexpected = {path for path in _changed(before, after) if not _allowed_output(path)}
        assert unexpected == set(), "the build wrote outside site/ and the generated part of docs/"
    assert not (project / "pwned-by-yaml").exists()


def _assert_rejected(case: Case, run: subprocess.CompletedProcess[str]) -> None:
    assert run.returncode == 1, f"expected exit 1, got {run.returncode}\n{run.stdout}\n{run.stderr}"
    lines = run.stderr.splitlines()
    unlocated = [line for line in lines if not _LOCATED.match(line) and not _SUMMARY.match(line)]
    assert unlocated == [], "every message must be file:line:column: ...\n" + run.stderr
    located = [line for line in lines if _LOCATED.match(line)]
    assert located, run.stderr
    for match in map(_LOCATED.match, located):
        assert match and int(match["line"]) >= 1 and int(match["column"]) >= 1
    for prefix in case.locations:
        assert any(line.startswith(prefix) for line in located), f"no error at {prefix!r}:\n{run.stderr}"


def _assert_harmless(case: Case, run: subprocess.CompletedProcess[str], project: Path) -> None:
    assert run.returncode == 0, f"expected a successful build, got {run.returncode}\n{run.stderr}"
    site = project / "site"
    found, text = live_markup(site)
    assert found == [], "live markup from the content:\n" + "\n".join(found)
    missing = [wanted for wanted in case.texts if wanted not in text]
    assert missing == [], f"not shown as text: {missing}"
    residue = text
    for payload in PAYLOADS:  # one payload is literally '&lt;script&gt;...': shown as written
        residue = residue.replace(payload, "")
    escaped_twice = sorted({m for m in re.findall(r"&(?:[a-z]+|#x?[0-9a-f]+);", residue, re.IGNORECASE)})
    assert escaped_twice == [], f"text escaped twice (entities shown to readers): {escaped_twice}"
    links = check_site(site)
    assert links.problems == [], "\n".join(map(str, links.problems))
    assert not [p for p in project.glob(".site*") if p.name != ".site.lock"], "the build left its staging folder behind"


def test_the_scan_catches_live_markup(tmp_path: Path) -> None:
    """The harmless check fails on payloads rendered live, and passes them escaped."""
    extra = '<a href="javascript:alert(1)">x</a><p onclick="x()">y</p>'
    for index, live in enumerate((extra, *PAYLOADS)):  # one page each: '<!--' would hide the rest
        (tmp_path / f"live-{index}.html").write_text(f"<html><head><title>t</title></head><body>{live}</body></html>")
    found, _ = live_markup(tmp_path)
    for expected in ("<img> has an event handler onerror", "live inline <script>", "<svg> has an event handler",
                     "<details> has an event handler", "<iframe src=", "live <iframe>", "live <style>",
                     "<a href='javascript:alert(1)'> could run script", "<p> has an event handler onclick",
                     "live <math>", "<a href='javascript:window.__pwned"):
        assert any(expected in f for f in found), (expected, found)
    for old in tmp_path.glob("live-*.html"):
        old.unlink()
    page = tmp_path / "escaped.html"
    escaped = "".join(p.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") for p in PAYLOADS)
    page.write_text(f"<html><head><title>{escaped}</title></head><body><p>{escaped}</p></body></html>")
    found, text = live_markup(tmp_path)
    assert found == []
    assert all(payload in text for payload in PAYLOADS)


def test_the_checks_catch_a_traceback_an_unlocated_line_and_a_write() -> None:
    """The rejected-case checks fail on what a careless loader would print or do."""
    case = Case("demo", lambda project: None, "rejected", [f"{GP1}:3:8: title"])
    good = f"{GP1}:3:8: title: the text is too long (shorten it)\n1 problem found.\n"
    _assert_rejected(case, subprocess.CompletedProcess([], 1, "", good))
    for bad in (good.replace("3:8", "3"), good + "Traceback (most recent call last):\n", f"{GP1}: oops\n"):
        with pytest.raises(AssertionError):
            _assert_rejected(case, subprocess.CompletedProcess([], 1, "", bad))
    with pytest.raises(AssertionError):
        _assert_rejected(case, subprocess.CompletedProcess([], 0, "", good))
    assert _changed({"site/index.html": "a"}, {"site/index.html": "b"}) == {"site/index.html"}
    assert not _allowed_output("project/principles/x.yml") and not _allowed_output("outside/sentinel.txt")
    assert _allowed_output("project/site/index.html") and _allowed_output("project/docs/principles/gp-1.md")
    assert not _allowed_output("project/docs/overrides/main.html")
