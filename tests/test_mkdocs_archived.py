"""Earlier editions' pages are shown as they were frozen (mkdocs/archived.py), not converted again.

The project: the three editions of editions_util. Publishing 2025.2 froze 2025.1's pages and publishing
2025.3 froze 2025.2's; 2025.3 is in force. The site a build makes from the frozen pages is the site converting
them gives, byte for byte, for this project and for the shipped content; a later change of template leaves
them as they were; a changed, missing or extra frozen file stops the check and the build, saying where and
what to do.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from bench.synthetic import copy_scaffolding
from editions_util import start_edition, three_editions
from fixtures_util import ROOT
from guidelines.check import editions as check_editions
from guidelines.cli import main
from guidelines.mkdocs.archived import NOTE, SITE
from guidelines.mkdocs.hooks import GuidelinesHooks
from guidelines.output.sitebuild import build_site
from guidelines.render.pages import Renderer

PRINCIPLES = Path("principles")
EDITIONS = PRINCIPLES / "editions"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = three_editions(tmp_path_factory.mktemp("archived") / "project")
    build_site(root)
    return root


def _site(root: Path, site: str = "site") -> dict[str, bytes]:
    folder = root / site
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _copy(project: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "project"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns("site"))
    return copy


def _converted_site(root: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    """The site as it is when every earlier edition's pages are converted again (as before pages were frozen)."""
    for pages in (root / EDITIONS).glob("*/pages"):
        shutil.rmtree(pages)
    with monkeypatch.context() as patched:
        patched.setattr(GuidelinesHooks, "_check_frozen", lambda self: None)
        build_site(root)
    return _site(root)


def _as_before_pages_were_recorded(monkeypatch: pytest.MonkeyPatch) -> None:
    """A project whose editions were published before manifests recorded the frozen pages (2025.2 to 2025.4 of
    the shipped content): nothing fixes their pages' manifests, and pages never frozen may be frozen now."""
    monkeypatch.setattr(check_editions, "_check_frozen_pages", lambda corpus, problems: None)


def _recorded(root: Path, edition: str, page: str) -> str:
    return "sha256:" + hashlib.sha256((root / EDITIONS / edition / "pages" / page).read_bytes()).hexdigest()


def _check(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["--root", str(root), "check"])
    return code, capsys.readouterr().err


def test_publishing_freezes_the_pages_of_the_edition_it_replaces(project: Path) -> None:
    assert not (project / EDITIONS / "2025.3" / "pages").exists(), "the edition in force is not frozen"
    for edition in ("2025.1", "2025.2"):
        folder = project / EDITIONS / edition
        manifest = (folder / "pages" / "pages.yml").read_text(encoding="utf-8")
        assert f'edition: "{edition}"\nformat: 1\npages:\n' in manifest
        listed = dict(line.strip().split(": ") for line in manifest.split("pages:\n")[1].splitlines())
        files = sorted(p.relative_to(folder).as_posix() for p in (folder / "pages").rglob("*.json"))
        assert sorted(listed) == files and "pages/principles/gp-1.json" in files
        for name, recorded in listed.items():
            assert recorded == "sha256:" + hashlib.sha256((folder / name).read_bytes()).hexdigest()
        gp1 = json.loads((folder / "pages" / "principles" / "gp-1.json").read_text(encoding="utf-8"))
        assert gp1["content"].startswith(NOTE)  # the note is the build's: it names the editions after it
        assert f"{SITE}editions/{edition}/principles/gp-1/" in gp1["content"]  # so is the site's address
        assert "https://guidelines.test/" not in gp1["content"]
        assert "<!--gl:" not in gp1["content"].replace(NOTE, "")  # every other fragment is frozen in place
        assert gp1["toc"][0]["id"] == "gp-1" and "gp-1" in gp1["anchors"]
    # An edition's manifest, fixed by the next edition's, is untouched: the pages have their own.
    assert "pages/" not in (project / EDITIONS / "2025.1" / "edition.yml").read_text(encoding="utf-8")


def test_the_site_is_the_same_before_and_after_freezing(project: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    copy = _copy(project, tmp_path)
    _as_before_pages_were_recorded(monkeypatch)
    converted = _converted_site(copy, monkeypatch)
    assert "editions/2025.1/principles/gp-1/index.html" in converted
    assert main(["--root", str(copy), "publish", "--freeze-pages", "2025.1", "2025.2"]) == 0
    assert capsys.readouterr().out.count("Froze the pages of edition") == 2
    build_site(copy)
    assert _site(copy) == converted
    # Frozen when 2025.2 was published, 2025.1's quick check, whose tree 2025.2 changed, takes a decision record
    # made with the changed tree to 2025.2's tree page; converted after 2025.3 was published, it took it to
    # 2025.3's, which has the same tree. Nothing else differs.
    frozen_then = _site(project)
    assert [page for page, data in converted.items() if frozen_then[page] != data] == [
        "editions/2025.1/trees/quick-check/index.html"]
    assert "../../../2025.2/trees/quick-check/" in frozen_then["editions/2025.1/trees/quick-check/index.html"].decode()


def test_the_shipped_site_is_the_same_before_and_after_its_editions_pages_were_frozen(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """2025.1 to 2025.3 were frozen with `guidelines publish --freeze-pages` (the site's address is the build's:
    here another one)."""
    root = tmp_path / "shipped"
    copy_scaffolding(ROOT, root)
    shutil.copytree(ROOT / PRINCIPLES, root / PRINCIPLES)
    assert all((root / EDITIONS / e / "pages" / "pages.yml").is_file() for e in ("2025.1", "2025.2", "2025.3"))
    address = "https://studio.example/guidelines/"
    build_site(root, site_url=address)
    frozen = _site(root)
    page = frozen["editions/2025.1/principles/gp-1/index.html"].decode("utf-8")
    assert f"{address}editions/2025.1/principles/gp-1/" in page and SITE not in page
    for pages in (root / EDITIONS).glob("*/pages"):
        shutil.rmtree(pages)
    with monkeypatch.context() as patched:
        patched.setattr(GuidelinesHooks, "_check_frozen", lambda self: None)
        patched.setattr(check_editions, "_check_frozen_pages", lambda corpus, problems: None)
        build_site(root, site_url=address)
    # (by design, an earlier edition's tree page lists the other editions' trees as they were when it was
    # frozen: an edition published since is in the converted page's list only; and the changelog's tables of
    # changed tree paths, pre-rendered HTML since, are followed by a blank line that the frozen pages lack)
    assert _without_later_editions(_site(root)) == _without_later_editions(frozen)


_EDITIONS_LIST = re.compile(rb"&#34;editions&#34;:\[[^\[\]]*\]|&quot;editions&quot;:\[[^\[\]]*\]")


def _without_later_editions(site: dict[str, bytes]) -> dict[str, bytes]:
    return {path: _EDITIONS_LIST.sub(b"", data) if path.startswith("editions/") and "/trees/" in path else
            data.replace(b"</table>\n\n<", b"</table>\n<") if path.endswith("/changelog/index.html") else data
            for path, data in site.items()}


def test_a_later_template_change_leaves_frozen_pages_as_they_were(project: Path, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    copy = _copy(project, tmp_path)
    before = _site(project)
    render = Renderer.render

    def changed(self: Renderer, template: str, page: str, **values: object) -> str:
        return render(self, template, page, **values).replace("## Why it exists", "## Why this principle exists")

    monkeypatch.setattr(Renderer, "render", changed)
    build_site(copy)
    after = _site(copy)
    assert "Why this principle exists" in after["principles/gp-1/index.html"].decode("utf-8")
    for edition in ("2025.1", "2025.2"):
        page = f"editions/{edition}/principles/gp-1/index.html"
        assert after[page] == before[page] and "Why it exists" in after[page].decode("utf-8")
    # A draft of 2025.4: 2025.3, the latest published edition, is shown from its content (converted) until 2025.4
    # is published; 2025.1's note names the later editions, its text stays as frozen.
    start_edition(copy, "2025.4", "2026-03-01", "Later", "Later.")
    build_site(copy)
    after = _site(copy)
    assert "Why this principle exists" in after["editions/2025.3/principles/gp-1/index.html"].decode("utf-8")
    oldest = after["editions/2025.1/principles/gp-1/index.html"].decode("utf-8")
    assert "Why it exists" in oldest and "Edition 2025.4 is being prepared and is not yet published." in oldest


def test_a_changed_frozen_page_stops_the_check_and_the_build(project: Path, tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    copy = _copy(project, tmp_path)
    page = copy / EDITIONS / "2025.1" / "pages" / "principles" / "gp-1.json"
    recorded = "sha256:" + hashlib.sha256(page.read_bytes()).hexdigest()
    page.write_text(page.read_text(encoding="utf-8").replace("Outputs do not recreate", "Outputs may recreate"),
                    encoding="utf-8")
    actual = "sha256:" + hashlib.sha256(page.read_bytes()).hexdigest()
    code, err = _check(copy, capsys)
    assert code == 1
    assert (f"principles/editions/2025.1/pages/principles/gp-1.json:1:1: (file): this frozen page changed after it "
            f"was frozen: pages/pages.yml records {recorded}, the file has {actual} (a published edition's pages "
            "never change: restore the file from version control (git checkout -- "
            "principles/editions/2025.1/pages/principles/gp-1.json); corrections go into a new edition)") in err, err
    assert main(["--root", str(copy), "build"]) == 1
    assert "this frozen page changed after it was frozen" in capsys.readouterr().err
    assert not (copy / "site").exists()


def test_a_missing_or_added_frozen_file_stops_the_check(project: Path, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    copy = _copy(project, tmp_path)
    pages = copy / EDITIONS / "2025.2" / "pages"
    (pages / "glossary.json").unlink()
    (pages / "extra.json").write_text("{}\n", encoding="utf-8")
    line = (pages / "pages.yml").read_text(encoding="utf-8").splitlines().index(
        "  pages/glossary.json: " + _recorded(project, "2025.2", "glossary.json")) + 1
    code, err = _check(copy, capsys)
    assert code == 1
    assert (f"principles/editions/2025.2/pages/pages.yml:{line}:3: pages.pages/glossary.json: "
            "principles/editions/2025.2/pages/glossary.json is missing (a published edition's pages never change: "
            "restore the file from version control (git checkout -- principles/editions/2025.2/pages/glossary.json); "
            "corrections go into a new edition)") in err, err
    assert ("principles/editions/2025.2/pages/extra.json:1:1: (file): this file is not one of edition 2025.2's "
            "frozen pages (pages/pages.yml does not list it) (nothing is added to a published edition: remove "
            "the file)") in err, err
    (pages / "pages.yml").unlink()
    code, err = _check(copy, capsys)
    assert code == 1
    assert ("principles/editions/2025.2/pages/pages.yml:1:1: (file): principles/editions/2025.2/pages/ holds frozen "
            "pages, but this manifest of their hashes is missing") in err, err


def test_an_earlier_edition_whose_pages_were_never_frozen_is_refused_until_frozen(
        project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    copy = _copy(project, tmp_path)
    _as_before_pages_were_recorded(monkeypatch)
    shutil.rmtree(copy / EDITIONS / "2025.1" / "pages")
    assert _check(copy, capsys)[0] == 0  # the content is sound; its site would not show 2025.1 as frozen
    with pytest.raises(Abort):
        build_site(copy)
    assert main(["--root", str(copy), "build"]) == 1
    err = capsys.readouterr().err
    assert ("The pages of these earlier editions are not frozen, so a build would convert them again with "
            "today's templates and settings: principles/editions/2025.1/pages/") in err, err
    assert "`guidelines publish --freeze-pages 2025.1`" in err
    assert main(["--root", str(copy), "publish", "--freeze-pages", "2025.1"]) == 0
    assert capsys.readouterr().out == ("Froze the pages of edition 2025.1 into principles/editions/2025.1/pages: "
                                       "commit that folder.\n")
    # As when 2025.2 was published, but the quick check's page (see above): it now leads to 2025.3.
    for name in ("principles/gp-1.json", "complete.json", "changelog.json"):
        assert _recorded(copy, "2025.1", name) == _recorded(project, "2025.1", name), name
    assert _recorded(copy, "2025.1", "trees/quick-check.json") != _recorded(project, "2025.1", "trees/quick-check.json")
    build_site(copy)
    now, then = _site(copy), _site(project)
    assert [page for page, data in now.items() if then[page] != data] == [
        "editions/2025.1/trees/quick-check/index.html"]


@pytest.mark.parametrize(("editions", "message"), [
    (["2025.3"], "edition 2025.3 is the latest published edition: its pages are frozen when the next edition is "
                 "published, since until then they say it is the latest"),
    (["2025.2"], "edition 2025.2's pages are frozen already (principles/editions/2025.2/pages/pages.yml)"),
    (["2024.9"], "edition 2024.9 is not published (principles/editions/ has no 2024.9/)"),
])
def test_freezing_pages_refuses_what_cannot_be_frozen(project: Path, editions: list[str], message: str,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(project), "publish", "--freeze-pages", *editions]) == 1
    assert capsys.readouterr().err == f"No page was frozen: {message}.\n"
