"""The command line and the MkDocs hook: right exit codes, readable errors, no traceback."""

from __future__ import annotations

import logging
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError

from bench import run as bench
from fixtures_util import INVALID, ROOT, make_project
from guidelines.cli import main
from guidelines.output import writer

MKDOCS = Path(sys.executable).parent / "mkdocs"
GUIDELINES = Path(sys.executable).parent / "guidelines"


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
    assert (project / "site" / "api" / "v1" / "guidelines.json").is_file()
    # A one-shot build hands the pages to MkDocs in memory: it writes nothing under docs/.
    assert not (project / "docs" / "principles" / "gp-1.md").exists()
    assert not (project / "docs" / "api").exists()
    assert not (project / "docs" / "_generated").exists()
    pages = "".join(p.read_text() for p in (project / "site").rglob("*.html"))
    assert re.search(r'<abbr title="A collage[^"]+">mood board</abbr>', pages), "the glossary's tooltips reach pages"


def test_a_build_ignores_generated_files_a_preview_left_in_docs(tmp_path: Path) -> None:
    """Pages come from this build's generation, never from docs/ leftovers (stale or deleted items)."""
    project = make_project(tmp_path / "p", site=True)
    docs = project / "docs"
    (docs / "examples").mkdir(parents=True)
    (docs / "examples" / "ex-1.md").write_text("# EX-1 Stale text from an old preview\n", encoding="utf-8")
    (docs / "examples" / "ex-99.md").write_text("# EX-99 An example deleted since\n", encoding="utf-8")
    (docs / writer.MANIFEST).write_text("examples/ex-1.md\nexamples/ex-99.md\n", encoding="utf-8")
    run = subprocess.run([str(MKDOCS), "build", "--strict", "-q"], cwd=project,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    page = (project / "site" / "examples" / "ex-1" / "index.html").read_text(encoding="utf-8")
    assert "Stale text" not in page and "EX-1 Mood board" in page
    assert not (project / "site" / "examples" / "ex-99").exists()


def test_a_build_refuses_a_hand_written_page_in_a_generated_folder(tmp_path: Path) -> None:
    """It would silently drop out of the site: the build says which file, and stops."""
    project = make_project(tmp_path / "p", site=True)
    (project / "docs" / "examples").mkdir(parents=True)
    (project / "docs" / "examples" / "notes.md").write_text("# My notes\n", encoding="utf-8")
    run = subprocess.run([str(GUIDELINES), "--root", str(project), "build"], capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 1
    assert "docs/examples/notes.md" in run.stderr and "Traceback" not in run.stderr
    assert (project / "docs" / "examples" / "notes.md").read_text() == "# My notes\n"
    assert not (project / "site").exists()


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


# -- the hook under serve: generate only what changed, once per save ---------------------


def _hooks(project: Path) -> tuple[Any, Any]:
    """A fresh configuration of the project, and its hooks object (MkDocs loads the file once per path)."""
    config = load_config(str(project / "mkdocs.yml"))
    return config, config.hooks["scripts/mkdocs_hooks.py"].HOOKS


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    before = path.stat().st_mtime_ns
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    later = max(path.stat().st_mtime_ns, before + 10_000_000)  # file times can be coarse
    os.utime(path, ns=(later, later))


def test_serve_rebuilds_generate_only_what_changed(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", site=True)
    config, hooks = _hooks(project)
    hooks.on_startup(command="serve", dirty=True)
    hooks.on_config(config)
    session = hooks.preview.session
    assert session.mode == "full"
    page = project / "docs" / "examples" / "ex-1.md"
    before = {p: p.stat().st_mtime_ns for p in (project / "docs").rglob("*") if p.is_file()}
    hooks.on_config(_hooks(project)[0])  # a rebuild after a Markdown edit: nothing to generate
    assert session.mode == "unchanged"
    assert {p: p.stat().st_mtime_ns for p in (project / "docs").rglob("*") if p.is_file()} == before
    _edit(project / "principles" / "examples" / "EX-1.yml", "A mood board from owned stills.",
          "A mood board from stills the studio owns.")
    hooks.on_config(_hooks(project)[0])
    assert session.mode == "examples"
    assert "stills the studio owns" in page.read_text()
    assert hooks.ctx is session.context


def test_build_always_generates(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", site=True)
    config, hooks = _hooks(project)
    hooks.on_startup(command="build", dirty=False)
    hooks.on_config(config)
    assert "# EX-1 Mood board" in hooks.files["examples/ex-1.md"]
    _edit(project / "principles" / "examples" / "EX-1.yml", "title: Mood board", "title: Mood wall")
    hooks.on_config(_hooks(project)[0])
    assert "# EX-1 Mood wall" in hooks.files["examples/ex-1.md"]
    assert not (project / "docs" / "examples").exists(), "a one-shot build writes no page to docs/"
    assert hooks.preview is None


def test_serve_keeps_the_last_good_preview_when_content_breaks(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", site=True)
    config, hooks = _hooks(project)
    hooks.on_startup(command="serve", dirty=True)
    hooks.on_config(config)
    good = hooks.ctx
    docs = {p: p.read_bytes() for p in (project / "docs").rglob("*") if p.is_file()}
    _edit(project / "principles" / "examples" / "EX-1.yml", "verdict: proceed", "verdict: escalate")
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    logging.getLogger("mkdocs.hooks.guidelines").addHandler(handler)
    try:
        hooks.on_config(_hooks(project)[0])  # a Markdown edit meanwhile: the preview still builds
        hooks.on_config(_hooks(project)[0])
    finally:
        logging.getLogger("mkdocs.hooks.guidelines").removeHandler(handler)
    assert hooks.ctx is good
    assert [r.levelno for r in records] == [logging.ERROR], "reported once"
    assert "expected verdict 'escalate'" in records[0].getMessage()
    assert {p: p.read_bytes() for p in (project / "docs").rglob("*") if p.is_file()} == docs


def test_serve_with_broken_content_from_the_start_fails_without_traceback(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", INVALID / "dangling-next", site=True)
    config, hooks = _hooks(project)
    hooks.on_startup(command="serve", dirty=True)
    with pytest.raises(PluginError, match="The guideline content has problems"):
        hooks.on_config(config)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait(predicate: Any, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def _quiet(log: Path, seconds: float = 1.5) -> None:
    last, since = -1, time.monotonic()
    while time.monotonic() - since < seconds:
        size = log.stat().st_size
        if size != last:
            last, since = size, time.monotonic()
        time.sleep(0.1)


def test_mkdocs_serve_regenerates_and_rebuilds_once_per_yaml_save(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", site=True)
    port, log = _free_port(), tmp_path / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen([str(MKDOCS), "serve", "--dirty", "--no-strict", "-a", f"127.0.0.1:{port}"],
                                  cwd=project, stdout=out, stderr=subprocess.STDOUT)
    try:
        assert _wait(lambda: "Serving on" in log.read_text() or server.poll() is not None, 180), log.read_text()
        assert server.poll() is None, log.read_text()
        _quiet(log)
        url = f"http://127.0.0.1:{port}/examples/ex-1/"
        # The preview serves the project's CSS and JavaScript as written (the built site minifies and renames them).
        widget = "assets/javascripts/decision-tree.js"
        assert f'src="../../{widget}"' in _fetch(url)
        assert _fetch(f"http://127.0.0.1:{port}/{widget}") == (ROOT / "docs" / widget).read_text(encoding="utf-8")
        example = project / "principles" / "examples" / "EX-1.yml"
        for n in range(2):
            rebuilds = log.read_text().count("Reloading browsers")
            _edit(example, "A mood board", f"A mood board (edit {n})")
            assert _wait(lambda n=n: f"(edit {n})" in _fetch(url), 60), log.read_text()
            _quiet(log)
            assert log.read_text().count("Reloading browsers") == rebuilds + 1, log.read_text()
        rebuilds = log.read_text().count("Reloading browsers")
        _edit(example, "verdict: proceed", "verdict: escalate")
        assert _wait(lambda: "The guideline content has problems" in log.read_text(), 60), log.read_text()
        _quiet(log)
        assert log.read_text().count("Reloading browsers") == rebuilds, "a broken save rebuilds nothing"
        assert "(edit 1)" in _fetch(url), "the last good preview stays"
        assert "Traceback" not in log.read_text()
    finally:
        bench.stop(server)


class _FakeServer:
    """What the hook uses of MkDocs' live-reload server: watch, unwatch and the poller's emitters."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []
        self.observer = SimpleNamespace(emitters=set())

    def unwatch(self, path: str) -> None:
        self.calls.append(("unwatch", path))
        self.observer.emitters = set()

    def watch(self, path: str) -> None:
        self.calls.append(("watch", path))
        server = self

        class Emitter:
            watch = SimpleNamespace(path=path)

            def queue_event(self, event: Any) -> None:
                server.calls.append((type(event).__name__, str(event.src_path)))

        self.observer.emitters = {Emitter()}


def test_serve_hides_its_writing_from_the_poller_and_announces_it_once(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", site=True)
    config, hooks = _hooks(project)
    hooks.on_startup(command="serve", dirty=True)
    hooks.on_config(config)
    server = hooks.preview.server = _FakeServer()
    docs = str(config.docs_dir)
    example = project / "principles" / "examples" / "EX-1.yml"
    _edit(example, "A mood board", "A mood board (saved)")
    hooks.preview._regenerate()  # what the watcher runs after a save
    page = os.path.abspath(os.path.join(docs, "examples", "ex-1.md"))
    assert server.calls == [("unwatch", docs), ("watch", docs), ("FileModifiedEvent", page)]
    session = hooks.preview.session
    assert session.mode == "examples"
    server.calls.clear()
    hooks.on_config(_hooks(project)[0])  # the rebuild it announced: the watcher's context, no generation
    assert server.calls == [] and hooks.ctx is session.context
    _edit(example, "(saved)", "(saved again)")
    hooks.on_config(_hooks(project)[0])  # a rebuild that starts before the watcher: it generates, unseen
    assert server.calls == [("unwatch", docs), ("watch", docs)]
    assert "(saved again)" in Path(page).read_text(encoding="utf-8")
    server.calls.clear()
    hooks.preview._regenerate()  # the watcher then finds nothing to do
    assert server.calls == []


def test_a_configuration_the_generator_cannot_serve_is_refused(tmp_path: Path) -> None:
    """Its pages, links and permanent URLs are directory URLs: without them every link would break."""
    project = make_project(tmp_path / "p", site=True)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("use_directory_urls: true", "use_directory_urls: false"))
    run = subprocess.run([str(GUIDELINES), "--root", str(project), "build"], capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert "use_directory_urls: false" in run.stderr and "remove the setting" in run.stderr
    assert not (project / "site").exists()


@pytest.mark.parametrize("bad", ["studio.example/guidelines/", "ftp://studio.example/", "https://studio.example/?a=1",
                                 "https:///guidelines/", "https://studio.example/#top", "https://s.example/g;}/",
                                 "https://s.example/a b/", "https://s.example/a%20b/", 'https://s.example/"x/',
                                 "https://s.example/$host/", "https://s.example/a//b/"])
def test_build_refuses_a_site_url_that_is_not_an_address(bad: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["build", "--site-url", bad])
    assert stopped.value.code == 2
    assert f"{bad!r} is not a site address: give an http(s) URL" in capsys.readouterr().err


def test_a_site_url_is_read_case_blind_in_its_scheme_and_host() -> None:
    from guidelines.cli import _site_url

    assert _site_url("HTTPS://Studio.Example:8443/Guidelines") == "https://studio.example:8443/Guidelines/"


def test_the_schema_and_the_command_take_the_same_site_addresses() -> None:
    import json

    from guidelines.urls import SITE_URL

    schema = json.loads((ROOT / "scripts/guidelines/schemas/guideline.schema.json").read_text(encoding="utf-8"))
    assert schema["properties"]["site_url"]["pattern"] == SITE_URL
