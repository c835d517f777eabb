"""The export in a built site, and the "For tool builders" page's examples.

The fixture site is built whole with MkDocs (strict), as in production; the page's
Python and CLI examples are run against the project's own export, served over HTTP
from a local folder.
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

from fixtures_util import ROOT, make_project
from guidelines.cli import main
from guidelines.export import documents as export
from guidelines.output import generate, writer
from guidelines.output.sitebuild import build_site

PAGE = ROOT / "docs" / "tool-builders.md"
# The address the page's examples use: this site's own (guideline.yml), which the tests swap for a local server.
SITE = yaml.safe_load((ROOT / "principles" / "guideline.yml").read_text(encoding="utf-8"))["site_url"]


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", PAGE.read_text(encoding="utf-8"), re.DOTALL)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    root = make_project(tmp_path_factory.mktemp("site") / "project", site=True)
    with contextlib.chdir(root):  # pymdownx.snippets resolves its base path from the working folder
        result = build_site(root)
    return root / "site", export.documents(result.context)


def test_the_built_site_serves_exactly_the_generated_json(built: tuple[Path, dict[str, str]]) -> None:
    site, files = built
    assert (site / "feed.json").is_file() and (site / "api" / "v1" / "schema.json").is_file()
    for path, text in files.items():
        assert (site / path).read_bytes() == text.encode("utf-8"), path


def test_every_page_links_the_feed_in_its_head(built: tuple[Path, dict[str, str]]) -> None:
    site, _ = built
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        head = page.read_text(encoding="utf-8").split("</head>")[0]
        link = re.search(r'<link rel="alternate" type="application/feed\+json"[^>]*href="([^"]+)"', head)
        assert link, f"{page.relative_to(site)} does not link the feed"
        href = link.group(1)  # relative, except on 404.html (absolute from the site's root path)
        target = site / href.lstrip("/") if href.startswith("/") else page.parent / href
        assert target.resolve() == (site / "feed.json").resolve(), page


def test_the_tool_builders_page_is_built_and_in_the_navigation(built: tuple[Path, dict[str, str]]) -> None:
    site, _ = built
    html = (site / "tool-builders" / "index.html").read_text(encoding="utf-8")
    for anchor in ("endpoints", "documents", "schema", "content-hash", "versioning", "change-feed", "examples"):
        assert f'id="{anchor}"' in html
    assert 'href="../api/v1/guidelines.json"' in html
    assert 'href="tool-builders/"' in (site / "index.html").read_text(encoding="utf-8")


# -- the page's examples run against the project's own export ----------------------

@pytest.fixture(scope="module")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ctx, problems = generate.check(ROOT)
    assert not problems, problems.report()
    site = tmp_path_factory.mktemp("real") / "site"
    writer.write_tree(site, export.documents(ctx))
    return site


@pytest.fixture(scope="module")
def served(real_site: Path) -> Iterator[str]:
    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(real_site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_the_python_examples_run(served: str, real_site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(real_site.parent)
    examples = blocks("python")
    assert len(examples) == 4
    document = json.loads((real_site / "api" / "v1" / "principles" / "GP-1.json").read_text(encoding="utf-8"))
    outputs = []
    for code in examples:
        code = code.replace(f'"{SITE}"', repr(served))
        output = io.StringIO()
        with contextlib.redirect_stdout(output):
            exec(compile(code, str(PAGE), "exec"), {"document": document})
        outputs.append(output.getvalue())
    walk, consumer = outputs[2], outputs[3]
    assert walk.startswith("Written approval required - ") and "/principles/gp-" in walk
    assert consumer.startswith("Written approval required ")


def test_the_cli_examples_run(real_site: Path, served: str, capsys: pytest.CaptureFixture[str],
                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Each command as written, the site's address replaced by the local server's; '> FILE' writes a file."""
    monkeypatch.chdir(real_site.parent)
    commands = [line.replace(SITE, served).split()[1:] for block in blocks("sh")
                for line in block.splitlines() if line.startswith("guidelines ")]
    assert len(commands) == 5
    codes = []
    for args in commands:
        target = args[args.index(">") + 1] if ">" in args else None
        args = args[:args.index(">")] if target else args
        codes.append(main(args))
        out, err = capsys.readouterr()
        assert err == "", " ".join(args)
        if target:
            Path(target).write_text(out, encoding="utf-8")
        # --json prints a decision record (no status) for a finished walk, a pending decision otherwise
        status = json.loads(out).get("status", "complete") if "--json" in args else \
            ("pending" if "Not finished" in out else "complete")
        assert codes[-1] == {"complete": 0, "pending": 3}[status], " ".join(args)
    assert codes == [0, 0, 0, 0, 3]  # as the page says
    assert out.startswith("Quick check") and "Not finished" in out
    assert json.loads(Path("record.json").read_text(encoding="utf-8"))["record_version"] == "1.3"


def test_the_deep_link_example_is_a_walk_of_the_tree(real_site: Path) -> None:
    from guidelines import urlstate
    from guidelines.evaluator import evaluate

    text = PAGE.read_text(encoding="utf-8")
    link = re.search(rf"^{re.escape(SITE)}trees/([a-z-]+)/\?answers=(\S+)$", text, re.MULTILINE)
    assert link, "the page shows no link to a walk"
    tree = json.loads((real_site / "api" / "v1" / "trees" / f"{link[1]}.json").read_text(encoding="utf-8"))
    assert len(evaluate(tree, urlstate.decode(link[2])).steps) == 2


def test_the_es_module_example_runs_in_node(real_site: Path, served: str, tmp_path: Path) -> None:
    """The page's JavaScript, saved beside a copy of evaluator.mjs as it says, run by Node."""
    (example,) = [block for block in blocks("js") if "evaluator.mjs" in block]
    assert len(example.strip().splitlines()) <= 5 + 1  # five lines and the comment naming the file
    shutil.copy(ROOT / "docs" / "assets" / "javascripts" / "evaluator.mjs", tmp_path / "evaluator.mjs")
    script = tmp_path / "example.mjs"
    script.write_text(example.replace(SITE, served), encoding="utf-8")
    node = shutil.which("node")
    assert node, "node is not installed"
    done = subprocess.run([node, str(script)], capture_output=True, text=True, timeout=60, check=False)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == "approval-required\n"


def test_the_ajv_example_runs_in_node(real_site: Path, served: str, tmp_path: Path) -> None:
    """The schema section's JavaScript, in strict mode, with the Ajv and ajv-formats the tests install."""
    (example,) = [block for block in blocks("js") if "Ajv2020" in block]
    assert len(example.strip().splitlines()) <= 6
    (tmp_path / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    script = tmp_path / "example.mjs"
    script.write_text(example.replace(SITE, served), encoding="utf-8")
    node = shutil.which("node")
    assert node, "node is not installed"
    done = subprocess.run([node, str(script)], capture_output=True, text=True, timeout=60, check=False)
    assert (done.returncode, done.stderr, done.stdout) == (0, "", "valid\n")
    broken = real_site / "api" / "v1" / "guidelines.json"
    text = broken.read_text(encoding="utf-8")
    try:
        broken.write_text(text.replace('"verdict":"proceed"', '"verdict":"go"', 1), encoding="utf-8")
        done = subprocess.run([node, str(script)], capture_output=True, text=True, timeout=60, check=False)
    finally:
        broken.write_text(text, encoding="utf-8")
    assert done.returncode == 0 and "must be equal to one of the allowed values" in done.stdout
