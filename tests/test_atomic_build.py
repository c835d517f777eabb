"""Atomic build gate: whatever stops a build, the last good site/ stays byte for byte.

A good site is built once; each test breaks the next build in another way (invalid
content, a strict MkDocs warning, a crash half way, a kill -9 half way, a site folder
that must not be replaced) and compares the site before and after. The last test
shows the comparison failing for a non-atomic build (plain `mkdocs build` into site/).
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hostile_util import snapshot

from fixtures_util import ROOT, make_project

# An extra MkDocs hook that breaks the build after the third page, as GATE_BREAK says.
BREAKER = '''
import os, time
from pathlib import Path

_pages = [0]


def on_post_page(output, page, config, **kwargs):
    _pages[0] += 1
    if _pages[0] == 3 and os.environ.get("GATE_BREAK") == "crash":
        raise RuntimeError("simulated crash half way through the build")
    if _pages[0] == 3 and os.environ.get("GATE_BREAK") == "slow":
        time.sleep(1)
    if _pages[0] == 3 and os.environ.get("GATE_BREAK") == "hang":
        Path(os.environ["GATE_MARKER"]).write_text("three pages in")
        time.sleep(120)
    return output
'''


def env(**extra: str) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT / "scripts"), "PYTHONDONTWRITEBYTECODE": "1", **extra}


def build(project: Path, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "guidelines", "--root", str(project), "build", *args],
                          cwd=project, env=env(**extra), capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("atomic") / "project", site=True)
    (project / "breaker.py").write_text(BREAKER)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - scripts/mkdocs_hooks.py\n",
                                                 "  - scripts/mkdocs_hooks.py\n  - breaker.py\n"))
    run = build(project)
    assert run.returncode == 0, run.stderr
    return project


@pytest.fixture
def project(built: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "project"
    shutil.copytree(built, copy)
    return copy


def leftovers(project: Path) -> list[str]:
    """Staging folders and old sites left beside site/ (the lock file stays: it is empty and ignored)."""
    return sorted(p.name for p in project.iterdir() if p.name.startswith(".site") and p.name != ".site.lock")


def test_invalid_content_changes_nothing(project: Path) -> None:
    before = snapshot(project)
    gp1 = project / "principles" / "guiding-principles" / "GP-1.yml"
    gp1.write_text(gp1.read_text().replace("title: Own what you use", "title: Own: what you use"))
    run = build(project)
    assert run.returncode == 1 and "previous site is unchanged" in run.stderr
    after = snapshot(project)
    changed = {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}
    assert changed == {"principles/guiding-principles/GP-1.yml"}, "only the broken file itself differs"


def test_a_strict_warning_keeps_the_site(project: Path) -> None:
    before = snapshot(project / "site")
    (project / "docs" / "notes.md").write_text("# Notes\n\nSee [the missing page](missing.md).\n")
    run = build(project)
    assert run.returncode == 1 and "Site build failed" in run.stderr, run.stderr
    assert "Traceback" not in run.stderr
    assert snapshot(project / "site") == before
    assert leftovers(project) == []


def test_a_crash_half_way_keeps_the_site(project: Path) -> None:
    before = snapshot(project / "site")
    run = build(project, GATE_BREAK="crash")
    assert run.returncode != 0 and "simulated crash" in run.stderr
    assert snapshot(project / "site") == before
    assert leftovers(project) == [], "the staging folder is removed after a crash"


def test_a_kill_half_way_keeps_the_site(project: Path, tmp_path: Path) -> None:
    before = snapshot(project / "site")
    marker = tmp_path / "three-pages-in"
    process = subprocess.Popen([sys.executable, "-m", "guidelines", "--root", str(project), "build"], cwd=project,
                               env=env(GATE_BREAK="hang", GATE_MARKER=str(marker)),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert process.poll() is None, "the build ended before it was killed"
            assert time.monotonic() < deadline, "the build never reached its third page"
            time.sleep(0.05)
        staging = [p for p in project.iterdir() if p.name.startswith(".site-build-")]
        assert staging and any(staging[0].rglob("*.html")), "pages were being written elsewhere"
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    assert snapshot(project / "site") == before
    # A killed build cannot clean up: its staging folder stays until the next build removes it.
    assert leftovers(project) and all(name.startswith(".site-build-") for name in leftovers(project))
    run = build(project)
    assert run.returncode == 0, run.stderr
    assert leftovers(project) == [], "the next build removes what a killed one left"


def test_two_builds_at_once_both_succeed_one_after_the_other(project: Path) -> None:
    """Each build pauses a second half way, so the two overlap (their swaps used to collide)."""
    for _ in range(3):
        runs = [subprocess.Popen([sys.executable, "-m", "guidelines", "--root", str(project), "build"], cwd=project,
                                 env=env(GATE_BREAK="slow"), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                for _ in range(2)]
        results = [(run.wait(timeout=120), run.stderr.read() if run.stderr else "") for run in runs]
        for run in runs:
            for stream in (run.stdout, run.stderr):
                if stream:
                    stream.close()
        for code, err in results:
            assert code == 0, err
            assert "Traceback" not in err
        assert any("waiting for it to finish" in err for _, err in results), "the second build waited"
        assert leftovers(project) == []
        assert (project / "site" / "index.html").is_file() and (project / "site" / "sitemap.xml").is_file()


def test_a_full_disk_ends_in_one_line_and_keeps_the_site(project: Path) -> None:
    """A file-size limit (RLIMIT_FSIZE) stands in for a full disk: the first large write fails."""
    before = snapshot(project / "site")

    def small_files() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))

    run = subprocess.run([sys.executable, "-m", "guidelines", "--root", str(project), "build"], cwd=project,
                         env=env(), capture_output=True, text=True, timeout=120, preexec_fn=small_files)
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert "File too large" in run.stderr and "previous site is unchanged" in run.stderr, run.stderr
    assert snapshot(project / "site") == before
    assert leftovers(project) == []


def test_a_site_folder_that_cannot_be_made_ends_in_one_line(project: Path) -> None:
    (project / "a-file").write_text("not a folder")
    run = build(project, "--site-dir", "a-file/site")
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert run.stderr.count("\n") == 1 and run.stderr.startswith("A file could not be written: "), run.stderr


def test_a_site_folder_that_is_a_link_is_never_followed(project: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(project / "site", elsewhere)
    shutil.rmtree(project / "site")
    (project / "site").symlink_to(elsewhere)
    before = snapshot(elsewhere)
    run = build(project)
    assert run.returncode == 1 and "symbolic link" in run.stderr and "Traceback" not in run.stderr
    assert snapshot(elsewhere) == before


def test_a_good_build_replaces_the_whole_site(project: Path) -> None:
    (project / "site" / "stale.html").write_text("from an older build")
    run = build(project)
    assert run.returncode == 0, run.stderr
    assert not (project / "site" / "stale.html").exists()
    assert (project / "site" / "index.html").is_file()
    assert leftovers(project) == []


@pytest.mark.parametrize("site_dir", [".", "principles", "docs/built", "..", "mkdocs.yml", "not-a-site"])
def test_a_site_folder_that_must_not_be_replaced_is_refused(project: Path, site_dir: str) -> None:
    (project / "not-a-site").mkdir()
    (project / "not-a-site" / "thesis.txt").write_text("years of work")
    before = snapshot(project.parent)
    run = build(project, "--site-dir", site_dir)
    assert run.returncode == 1 and "Site build failed" in run.stderr, run.stderr
    assert "Traceback" not in run.stderr
    assert snapshot(project.parent) == before


def test_the_gate_catches_a_non_atomic_build(project: Path) -> None:
    """Plain `mkdocs build` writes into site/ in place: a crash half way leaves it broken."""
    before = snapshot(project / "site")
    mkdocs = Path(sys.executable).parent / "mkdocs"
    run = subprocess.run([str(mkdocs), "build", "-q"], cwd=project, env=env(GATE_BREAK="crash"),
                         capture_output=True, text=True, timeout=120)
    assert run.returncode != 0
    assert snapshot(project / "site") != before


def test_a_folder_that_only_looks_like_a_site_is_not_replaced(project: Path, tmp_path: Path) -> None:
    """index.html and sitemap.xml are not enough: a site this generator built carries its mark."""
    www = tmp_path / "www"
    (www / "uploads").mkdir(parents=True)
    for name, text in (("index.html", "<p>home</p>"), ("sitemap.xml", "<urlset/>"), ("uploads/important.txt", "x")):
        (www / name).write_text(text)
    before = snapshot(www)
    run = build(project, "--site-dir", str(www))
    assert run.returncode == 1 and "was not built by this generator" in run.stderr and "Traceback" not in run.stderr
    assert snapshot(www) == before
    fresh = tmp_path / "fresh"
    assert build(project, "--site-dir", str(fresh)).returncode == 0
    assert build(project, "--site-dir", str(fresh)).returncode == 0, "a site it built, it replaces"


def test_a_built_site_is_readable_by_others(project: Path) -> None:
    """Staging folders are made private; the site they become is not (a web server runs as another user)."""
    old = os.umask(0o022)
    try:
        assert build(project).returncode == 0
    finally:
        os.umask(old)
    assert (project / "site").stat().st_mode & 0o777 == 0o755


def test_a_link_in_docs_is_never_published(project: Path) -> None:
    secret = project.parent / "secret.txt"
    secret.write_text("private key")
    (project / "docs" / "leak.txt").symlink_to(secret)
    before = snapshot(project / "site")
    run = build(project)
    assert run.returncode == 1 and "docs/leak.txt" in run.stderr and "Traceback" not in run.stderr
    assert snapshot(project / "site") == before
