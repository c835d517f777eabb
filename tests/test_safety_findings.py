"""Each way a hostile or careless author once got script or damage through, as a test.

The check must name the file, line and field for what the site refuses; what it
accepts must render as the author's text, never as live markup. (The writer, the
lock and the register have their own tests: test_writer.py, test_atomic_build.py,
test_register.py; the outline's depth is in test_treeviews.py.)
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hostile_util import live_markup

from fixtures_util import ROOT, make_project
from guidelines.cli import main
from guidelines.output import generate

GP1 = "principles/guiding-principles/GP-1.yml"
GLOSSARY = "principles/glossary/mood-board.yml"


def with_field(project: Path, relpath: str, field: str, yaml_value: str) -> Path:
    """Set a top-level field of a content file to a YAML value written as is (escapes included)."""
    path = project / relpath
    text = path.read_text(encoding="utf-8")
    new, count = re.subn(rf"^{field}: .*$", lambda _: f"{field}: {yaml_value}", text, flags=re.MULTILINE)
    assert count == 1, f"no field {field} in {relpath}"
    path.write_text(new, encoding="utf-8")
    return project


def check(project: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["--root", str(project), "check"])
    return code, capsys.readouterr().err


@pytest.mark.parametrize("why", [
    '"[a](java\\nscript:alert(1))"',  # a scheme broken by a line break, which the browser joins again
    '"[a](java\\tscript:alert(1))"',  # ... or by a tab (Markdown makes it spaces: a relative link)
    '"[a](JaVaScRiPt:alert(1))"',
    '"[a]( vbscript:msgbox(1) )"',
], ids=["newline-in-scheme", "tab-in-scheme", "mixed-case", "spaces"])
def test_every_way_of_writing_a_script_link_is_refused_where_it_is_written(
        why: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = with_field(make_project(tmp_path / "p"), GP1, "why", why)
    code, err = check(project, capsys)
    assert code == 1
    refused = r"(a '(javascript|vbscript):' link|the relative link 'java +script:alert\(1\)') is not allowed"
    assert re.search(rf"^{GP1}:6:6: why: {refused}", err, re.MULTILINE), err


@pytest.mark.parametrize("why", [
    '"See [here].\\n\\n[here]:\\n  javascript:alert(1)"',  # the definition's address on the next line
    '"- a [x][r]\\n\\n  [r]: javascript:alert(1)"',  # a definition indented inside a list
    '"[x][]\\n\\n[x]: javascript:alert(1)"',  # an empty second label
    '"[r]: vbscript:msgbox(1)\\n\\nSee [r]."',  # a definition before its use
], ids=["next-line", "in-a-list", "empty-label", "defined-first"])
def test_a_reference_definition_is_text_so_it_makes_no_link_here_or_in_another_field(
        why: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Definitions are page-wide in Markdown: one in a field would serve links in the others on its page."""
    project = with_field(make_project(tmp_path / "p"), GP1, "why", why)
    assert check(project, capsys)[0] == 0
    from guidelines.check.textlinks import rendered_links

    text = yaml.safe_load(f"why: {why}")["why"]
    assert rendered_links(text) == []
    assert rendered_links(f"[x][r] [here] [r]\n\n{text}") == []


@pytest.mark.parametrize(("escape", "name"), [("\\0", "U+0000 NULL"), ("\\e", "U+001B ESCAPE"), ("\\a", "U+0007 BELL"),
                                              ("\\r", "U+000D CARRIAGE RETURN"), ("\\x85", "U+0085 NEXT LINE"),
                                              ("\\u202E", "U+202E")])
def test_control_and_bidi_characters_written_as_yaml_escapes_are_refused(
        escape: str, name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = with_field(make_project(tmp_path / "p"), GP1, "why", f'"Because{escape} of copyright."')
    code, err = check(project, capsys)
    assert code == 1
    assert f"{GP1}:6:6: why: the text holds " in err and f"({name}" in err and "at character 8" in err, err


def test_a_definition_after_a_carriage_return_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = with_field(make_project(tmp_path / "p"), GP1, "why", '"[x]\\r[x]: javascript:alert(1)"')
    code, err = check(project, capsys)
    assert code == 1 and "U+000D CARRIAGE RETURN" in err


def test_a_glossary_term_with_carriage_returns_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = with_field(make_project(tmp_path / "p"), GLOSSARY, "term",
                         '"mood\\r\\r<img src=x onerror=alert(1)>"')
    code, err = check(project, capsys)
    assert code == 1 and f"{GLOSSARY}:2:7: term: the text holds an invisible control character" in err


@pytest.mark.parametrize(("link", "message"), [
    ("[a](../missing.md)", "the relative link '../missing.md' is not allowed"),
    ("[a](//evil.example/x)", "the link '//evil.example/x' has no scheme"),
    ("[a](https:evil)", "the link 'https:evil' names no host"),
])
def test_links_the_build_could_not_publish_are_found_by_check(link: str, message: str, tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    project = with_field(make_project(tmp_path / "p"), GP1, "why", f'"{link}"')
    code, err = check(project, capsys)
    assert code == 1 and f"{GP1}:6:6: why: {message}" in err, err


def test_a_contact_address_cannot_add_mail_headers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = make_project(tmp_path / "p")
    path = project / "principles" / "guideline.yml"
    text = path.read_text()
    path.write_text(re.sub(r"^contact:\n", "contact:\n  email: studio@example.org?cc=everyone@example.org\n", text,
                           flags=re.MULTILINE))
    code, err = check(project, capsys)
    assert code == 1 and "principles/guideline.yml:" in err and "contact.email" in err
    from guidelines.render.pages import mailto

    assert mailto("a+b@example.org") == "mailto:a%2Bb@example.org"
    assert mailto("x@y.org?cc=z@w.org") == "mailto:x@y.org%3Fcc%3Dz@w.org"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A site whose text holds a code span with HTML, a glossary term 'lt' next to '&lt;', and a term with markup."""
    project = make_project(tmp_path_factory.mktemp("findings") / "project", site=True)
    with_field(project, GP1, "why", '"Use `<br>` for a break, not <br>; lt stays lt, a < b stays a < b."')
    with_field(project, GP1, "title", '"Own lt < gt"')  # shown in the links of other pages (fragments)
    with_field(project, GLOSSARY, "term", '"lt"')
    (project / "principles/glossary/markup.yml").write_text(
        'id: markup\nterm: "<img src=x onerror=alert(1)> mark"\ndefinition: "<b>bold</b> <script>alert(1)</script>"\n')
    subprocess.run([sys.executable, "-m", "guidelines", "--root", str(project), "register"], check=True,
                   capture_output=True, env={"PYTHONPATH": str(ROOT / "scripts")})
    generated = generate.generate(project, write=False).files
    run = subprocess.run([sys.executable, "-m", "guidelines", "--root", str(project), "build"],
                         capture_output=True, text=True, env={"PYTHONPATH": str(ROOT / "scripts")})
    assert run.returncode == 0, run.stderr
    return project / "site", generated


def test_a_code_span_shows_its_html_as_written(rendered: tuple[Path, dict[str, str]]) -> None:
    page = (rendered[0] / "principles" / "gp-1" / "index.html").read_text()
    assert "<code>&lt;br&gt;</code> for a break, not &lt;br&gt;;" in page
    assert "&amp;lt;" not in page


def test_a_glossary_term_never_breaks_a_character_reference(rendered: tuple[Path, dict[str, str]]) -> None:
    page = (rendered[0] / "principles" / "gp-1" / "index.html").read_text()
    assert re.search(r'<abbr title="[^"]*">lt</abbr> stays <abbr title="[^"]*">lt</abbr>, a &lt; b stays a &lt; b\.',
                     page)
    linking = (rendered[0] / "examples" / "ex-1" / "index.html").read_text()  # GP-1's title in a pre-rendered list
    assert re.search(r'GP-1 Own <abbr title="[^"]*">lt</abbr> &lt; gt</a>', linking), "the title in a link"
    assert "&<abbr" not in page + linking


def test_glossary_terms_never_enter_generated_markdown_and_never_run(rendered: tuple[Path, dict[str, str]]) -> None:
    site, generated = rendered
    assert not [path for path, text in generated.items()
                if path.endswith(".md") and ("<img src=x" in text or "<script>" in text)]
    found, text = live_markup(site)
    assert found == []
    assert "<img src=x onerror=alert(1)> mark" in text


def test_the_generator_refuses_a_link_at_a_generated_path(tmp_path: Path) -> None:
    """docs/api -> .. once made `guidelines generate` delete .git, the Makefile, the README and CI."""
    project = make_project(tmp_path / "p", site=True)
    for name in (".git/HEAD", "Makefile", "README.md", ".ci/run"):
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(name)
    (project / "docs" / "api").symlink_to("..")
    run = subprocess.run([sys.executable, "-m", "guidelines", "--root", str(project), "generate"],
                         capture_output=True, text=True, env={"PYTHONPATH": str(ROOT / "scripts")})
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert run.stderr.startswith("docs/api:1:1: (file): this is a symbolic link"), run.stderr
    for name in (".git/HEAD", "Makefile", "README.md", ".ci/run"):
        assert (project / name).read_text() == name
    assert not (project / "docs" / "index.md").exists(), "nothing was written"


CLOBBER = ("`<b id=__config>{\"features\":[],\"search\":\"data:,postMessage(1)\"}</b>`")


def test_code_in_a_title_cannot_replace_materials_configuration(tmp_path: Path) -> None:
    """A code span in text placed straight into HTML (cite boxes, badges, the edition line) once became an element
    that took the place of Material's own configuration, which then ran a script of the author's."""
    project = make_project(tmp_path / "p", site=True)
    path = project / "principles" / "guideline.yml"
    text = path.read_text()
    text = re.sub(r"^title: .*$", f"title: '{CLOBBER}'", text, flags=re.MULTILINE)
    path.write_text(re.sub(r"^(publisher:\n  name:) .*$", rf"\1 '{CLOBBER}'", text, flags=re.MULTILINE))
    verdicts = project / "principles" / "vocabularies" / "verdicts.yml"
    verdicts.write_text(re.sub(r"^(\s+label:) .*$", rf"\1 '{CLOBBER}'", verdicts.read_text(), count=1,
                               flags=re.MULTILINE))
    run = subprocess.run([sys.executable, "-m", "guidelines", "--root", str(project), "build"],
                         capture_output=True, text=True, env={"PYTHONPATH": str(ROOT / "scripts")})
    assert run.returncode == 0, run.stderr
    for page in sorted((project / "site").rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        assert html.count('id="__config"') <= 1, page
        assert "<b id" not in html, page
    assert "&lt;b id=" in (project / "site" / "index.html").read_text(encoding="utf-8")


def test_titles_are_never_turned_into_html_by_the_theme(rendered: tuple[Path, dict[str, str]]) -> None:
    """Material's content.tooltips would insert every title attribute into the page as HTML."""
    html = (rendered[0] / "index.html").read_text(encoding="utf-8")
    config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', html).group(1))
    assert "content.tooltips" not in config["features"]
