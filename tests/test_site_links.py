"""Links gate: every internal link and anchor of the built site resolves, raw HTML included.

The real site (built by `make test` before pytest runs) must have no broken link; tiny
hand-made HTML trees show that the checker does fail on each kind of breakage.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from fixtures_util import ROOT
from guidelines.cli import main
from guidelines.tools.linkcheck import check_site

SITE = ROOT / "site"


def write_site(root: Path, pages: dict[str, str]) -> Path:
    """A tiny built site: {relative path: HTML body}."""
    for relpath, body in pages.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"<!doctype html><html><head></head><body>\n{body}\n</body></html>\n", encoding="utf-8")
    return root


def messages(root: Path) -> list[str]:
    return [str(problem) for problem in check_site(root).problems]


def test_built_site_has_no_broken_link_or_anchor() -> None:
    if not (SITE / "index.html").is_file():
        pytest.fail(f"{SITE} is not built: run `make build` (or `.venv/bin/guidelines build`) first")
    report = check_site(SITE)
    assert not report.problems, "broken links in the built site:\n" + "\n".join(map(str, report.problems))
    assert report.pages == len(list(SITE.rglob("*.html")))
    assert report.internal > 20 * report.pages, "suspiciously few links were checked"


def test_a_sound_tiny_site_passes(tmp_path: Path) -> None:
    site = write_site(tmp_path, {
        "index.html": '<link rel="canonical" href="https://example.test/guide/">'
                      '<a href="a/">a</a> <a href="a/#x">x</a> <a href="#top">top</a> <a href="#">self</a>'
                      '<p id="top">top</p> <a href="b%20c.html?q=1#n">b</a>'
                      '<a href="https://example.test/guide/a/#x">permalink</a>'
                      '<a href="https://elsewhere.test/none/">external, not fetched</a>'
                      '<a href="mailto:someone@example.test">mail</a>'
                      '<img src="pic.svg" srcset="pic.svg 1x, pic.svg 2x" alt="">'
                      '<img src="data:image/png;base64,iVBORw0KGgo=" alt="">',
        "a/index.html": '<h2 id="x">x</h2> <a href="../">home</a> <a href="/guide/a/">root-absolute</a>'
                        '<svg><a xlink:href="#x"><text>x</text></a></svg>',
        "b c.html": '<a name="n"></a>',
    })
    (site / "pic.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    report = check_site(site)
    assert report.problems == []
    assert report.external == {"https://elsewhere.test/none/", "mailto:someone@example.test"}
    assert report.internal == 12  # "#" alone and the external ones are not counted


def test_a_broken_raw_html_link_fails(tmp_path: Path) -> None:
    site = write_site(tmp_path, {"index.html": '<div class="gl-cite"><p>\n  <a href="principles/gp-9/">GP-9</a></p>'})
    assert messages(site) == [
        "index.html:3:3: broken link <a href='principles/gp-9/'>: no such file in the site: "
        "principles/gp-9/index.html"]


def test_a_broken_anchor_fails_on_the_same_page_and_across_pages(tmp_path: Path) -> None:
    site = write_site(tmp_path, {
        "index.html": '<h2 id="gp-1">GP-1</h2>\n<a href="#gp-one">same page</a>\n<a href="other/#gone">other</a>',
        "other/index.html": '<h2 id="here">here</h2>',
    })
    assert messages(site) == [
        "index.html:3:1: broken anchor <a href='#gp-one'>: no id 'gp-one' on this page",
        "index.html:4:1: broken anchor <a href='other/#gone'>: no id 'gone' on other/index.html",
    ]


@pytest.mark.parametrize(("body", "expected"), [
    ('<script src="assets/missing.js"></script>', "broken link <script src='assets/missing.js'>"),
    ('<link rel="stylesheet" href="assets/missing.css">', "broken link <link href='assets/missing.css'>"),
    ('<img src="x" alt="">', "broken link <img src='x'>"),
    ('<img src="a.png" srcset="a.png 1x, b.png 2x" alt="">', "broken link <img srcset='b.png'>"),
    ('<svg><use href="sprite.svg#icon"/></svg>', "broken link <use href='sprite.svg#icon'>"),
    ('<meta http-equiv="refresh" content="0; url=gone/">', "broken link <meta content='gone/'>"),
    ('<a href="javascript:alert(1)">x</a>', "<a href> uses a script-capable address: 'javascript:alert(1)'"),
    ('<a href=" JavaScript:alert(1)">x</a>', "uses a script-capable address"),
    ('<iframe src="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>', "script-capable address"),
    ('<p id="a">1</p><p id="a">2</p>', "duplicate id 'a' (first on line 2)"),
    ('<a href="https://example.test/guide/missing/">permalink</a>', "no such file in the site: missing/index.html"),
    ('<a href="/elsewhere/">root-absolute outside the site</a>', "points outside the site (/elsewhere/)"),
])
def test_each_kind_of_breakage_is_reported(tmp_path: Path, body: str, expected: str) -> None:
    (tmp_path / "a.png").write_bytes(b"")
    site = write_site(tmp_path, {"index.html": '<link rel="canonical" href="https://example.test/guide/">' + body})
    found = messages(site)
    assert len(found) == 1, found
    assert expected in found[0]
    assert found[0].startswith("index.html:2:")


def test_the_command_exits_1_and_names_file_line_and_column(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    site = write_site(tmp_path / "site", {"index.html": '<a href="#nowhere">x</a>'})
    assert main(["linkcheck", str(site)]) == 1
    captured = capsys.readouterr()
    assert "index.html:2:1: broken anchor <a href='#nowhere'>: no id 'nowhere' on this page" in captured.err
    assert "Traceback" not in captured.err


def test_the_command_passes_a_sound_site_and_defaults_to_site_under_root(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_site(tmp_path / "site", {"index.html": '<a href="#x" id="x">x</a>'})
    assert main(["--root", str(tmp_path), "linkcheck"]) == 0
    assert capsys.readouterr().out.startswith("0 problems in 1 pages")


def test_the_command_on_a_missing_site_says_to_build_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(tmp_path), "linkcheck"]) == 1
    assert "guidelines build" in capsys.readouterr().err
