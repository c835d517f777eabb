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
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from fixtures_util import ROOT, make_project
from guidelines.cli import main
from guidelines.export import documents as export
from guidelines.output import generate, writer
from guidelines.output.sitebuild import build_site

PAGE = ROOT / "docs" / "tool-builders.md"


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
        code = code.replace('"https://guidelines.example.org/"', repr(served))
        output = io.StringIO()
        with contextlib.redirect_stdout(output):
            exec(compile(code, str(PAGE), "exec"), {"document": document})
        outputs.append(output.getvalue())
    walk, consumer = outputs[2], outputs[3]
    assert walk.startswith("Written approval required - ") and "/principles/gp-" in walk
    assert consumer.startswith("Written approval required ")


def test_the_cli_examples_run(real_site: Path, capsys: pytest.CaptureFixture[str],
                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(real_site.parent)
    commands = [line.split()[1:] for block in blocks("sh") for line in block.splitlines()
                if line.startswith("guidelines ")]
    assert len(commands) == 3
    codes = []
    for args in commands:
        codes.append(main(args))
        out, err = capsys.readouterr()
        assert err == "", " ".join(args)
        # --json prints a decision record (no status) for a finished walk, a pending decision otherwise
        status = json.loads(out).get("status", "complete") if "--json" in args else \
            ("complete" if "Verdict:" in out else "pending")
        assert codes[-1] == {"complete": 0, "pending": 3}[status], " ".join(args)
    assert codes == [0, 0, 3]  # as the page says
