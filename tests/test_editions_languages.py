"""An edition published in French keeps its French once a later edition replaces it.

The bilingual base corpus (tests/fixtures/base-fr) is published as 2025.1; what its French
site serves then is kept. 2025.2 rewords GP-1 (its French follows, as a translator would);
while it is a draft, the French pages of 2025.1 are converted from its frozen content; once
it is published, they are frozen with the English ones (``pages/fr/``), with the French JSON
as 2025.1 served it, and the French site shows both under ``/fr/editions/2025.1/`` and
``/fr/api/v1/editions/2025.1/``.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from translations_util import follow_english

from editions_util import NEW_RULE, edit, publish_edition, start_edition
from fixtures_util import FIXTURES, make_project, publish_ids
from guidelines.cli import main
from guidelines.output import generate
from guidelines.output.sitebuild import build_site
from guidelines.problems import ContentError
from guidelines.tools import publish

EDITION_1 = Path("principles/editions/2025.1")
GP1_FR = "fr/editions/2025.1/principles/gp-1/index.html"


def _files(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*"))
            if path.is_file()}


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """The project at each step: what 2025.1's French site served, the draft's site, the site after 2025.2."""
    root = make_project(tmp_path_factory.mktemp("fr-editions") / "project", FIXTURES / "base-fr", site=True)
    publish_edition(root)
    build_site(root)
    served = _files(root / "site" / "fr" / "api" / "v1")
    served_page = (root / "site" / "fr" / "principles" / "gp-1" / "index.html").read_text(encoding="utf-8")
    start_edition(root, "2025.2", "2025-10-01", "Clearer rules", "GP-1 reworded.")
    edit(root / "principles" / "guiding-principles" / "GP-1.yml", "rule: Outputs do not recreate", NEW_RULE)
    follow_english(root)
    publish_ids(root)
    draft = root.parent / "draft-site"
    build_site(root, draft)
    publish_edition(root)
    build_site(root)
    return {"root": root, "served": served, "served_page": served_page, "draft": draft}


def _text(path: Path) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8")))


def test_the_replaced_editions_french_pages_are_frozen_beside_its_english_ones(editions: dict) -> None:
    pages = yaml.safe_load((editions["root"] / EDITION_1 / "pages" / "pages.yml").read_text(encoding="utf-8"))
    listed = list(pages["pages"])
    assert "pages/principles/gp-1.json" in listed and "pages/fr/principles/gp-1.json" in listed
    assert "pages/fr/api/v1/index.json" in listed


def test_the_french_json_of_the_replaced_edition_is_served_as_it_was_published(editions: dict) -> None:
    root = editions["root"]
    served = {path: data for path, data in editions["served"].items() if not path.startswith("editions/")}
    archived = _files(root / "site" / "fr" / "api" / "v1" / "editions" / "2025.1")
    frozen = _files(root / EDITION_1 / "pages" / "fr" / "api" / "v1")
    assert archived == frozen == served  # byte for byte, as the French export served it while 2025.1 was in force
    assert b'"language":"fr"' in archived["index.json"]


def test_the_french_page_of_the_replaced_edition_says_so_in_french_and_keeps_its_text(editions: dict) -> None:
    root = editions["root"]
    page = _text(root / "site" / GP1_FR)
    assert "Édition 2025.1, publiée le" in page and "remplacée par une édition ultérieure" in page
    changelog = _text(editions["root"] / "site" / "fr" / "editions" / "2025.1" / "changelog" / "index.html")
    french_title = yaml.safe_load((editions["root"] / "principles" / "translations" / "fr" / "changelog" /
                                   "2025.1.yml").read_text(encoding="utf-8"))["title"]
    assert french_title in changelog  # the editors' words in French on its French changelog
    assert "L'édition 2025.2, publiée le 1er octobre 2025, est la plus récente." in page
    assert "Cette page dans l'édition en vigueur" in page
    # Its body is the French text as 2025.1's French site showed it, not the rewording of 2025.2.
    title = re.search(r"<h1[^>]*>(.*?)<a", editions["served_page"]).group(1)
    assert title in (root / "site" / GP1_FR).read_text(encoding="utf-8")
    assert "/fr/editions/2025.1/principles/gp-1/" in page  # "cite this": its own French address
    line = re.search(r'gl-cite__text">([^<]*)<', (root / "site" / GP1_FR).read_text(encoding="utf-8")).group(1)
    assert "2025.1" in line and line.endswith("(traduction des éditeurs\u202f; le texte anglais prévaut)")
    html = (root / "site" / GP1_FR).read_text(encoding="utf-8")
    assert '<html lang="fr"' in html
    assert 'href="/editions/2025.1/principles/gp-1/" hreflang="en"' in html


def test_the_french_editions_page_links_each_french_archive(editions: dict) -> None:
    html = (editions["root"] / "site" / "fr" / "editions" / "index.html").read_text(encoding="utf-8")
    assert 'href="2025.1/"' in html
    assert "en anglais seulement" not in html  # (both editions were published in French)


def test_the_french_edition_in_force_has_its_edition_urls_and_its_cite_box_gives_them(editions: dict) -> None:
    site = editions["root"] / "site" / "fr"
    stub = (site / "editions" / "2025.2" / "principles" / "gp-1" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="fr">' in stub and 'rel="canonical" href="../../../../principles/gp-1/"' in stub
    assert "L&#x27;édition 2025.2 est la plus récente" in stub
    page = (site / "principles" / "gp-1" / "index.html").read_text(encoding="utf-8")
    assert "/fr/editions/2025.2/principles/gp-1/" in page
    assert (site / "api" / "v1" / "editions" / "2025.2" / "index.json").read_bytes() == \
        (site / "api" / "v1" / "index.json").read_bytes()


def test_while_the_next_edition_is_a_draft_the_latest_published_shows_in_french_from_its_frozen_text(
        editions: dict) -> None:
    page = _text(editions["draft"] / GP1_FR)
    assert "la dernière édition publiée" in page and "l'édition 2025.2, en préparation" in page
    title = re.search(r"<h1[^>]*>(.*?)<a", editions["served_page"]).group(1)
    assert title in (editions["draft"] / GP1_FR).read_text(encoding="utf-8")
    archived = _files(editions["draft"] / "fr" / "api" / "v1" / "editions" / "2025.1")
    assert archived == {path: data for path, data in editions["served"].items() if not path.startswith("editions/")}


@pytest.mark.parametrize("frozen", ["pages/fr/principles/gp-1.json", "pages/fr/api/v1/index.json"])
def test_a_changed_french_frozen_file_fails_the_build_naming_it(editions: dict, tmp_path: Path, frozen: str) -> None:
    root = tmp_path / "project"
    shutil.copytree(editions["root"] / "principles", root / "principles")
    target = root / EDITION_1 / frozen
    target.write_bytes(target.read_bytes().replace(b"GP-1", b"GP-9", 1))
    with pytest.raises(ContentError) as error:
        _check(root)
    what = "JSON document" if "/api/" in frozen else "page"
    assert f"principles/editions/2025.1/{frozen}:1:1: (file): this frozen {what} changed after it was frozen" in \
        error.value.problems.report()


def _check(root: Path) -> None:
    _ctx, problems = generate.check(root)
    if problems:
        raise ContentError(problems)


def test_frozen_pages_without_the_french_of_an_edition_published_in_french_fail_the_build(
        editions: dict, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "project"
    shutil.copytree(editions["root"], root, ignore=shutil.ignore_patterns("site", ".site*"))
    pages = root / EDITION_1 / "pages"
    shutil.rmtree(pages / "fr")
    manifest = pages / "pages.yml"
    manifest.write_text("".join(line for line in manifest.read_text(encoding="utf-8").splitlines(keepends=True)
                                if not line.startswith("  pages/fr/")), encoding="utf-8")
    _rerecord(root)  # (as a hostile editor would: the latest manifest is the one nothing fixes)
    assert main(["--root", str(root), "check"]) == 1
    err = capsys.readouterr().err
    assert ("principles/editions/2025.1/pages/pages.yml:1:1: (file): edition 2025.1 was published in fr, but its "
            "frozen pages hold none of its pages or none of its JSON in that language") in err, err


def test_frozen_pages_without_the_french_json_of_an_edition_published_in_french_fail_the_build(
        editions: dict, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "project"
    shutil.copytree(editions["root"], root, ignore=shutil.ignore_patterns("site", ".site*"))
    pages = root / EDITION_1 / "pages"
    shutil.rmtree(pages / "fr" / "api")
    manifest = pages / "pages.yml"
    manifest.write_text("".join(line for line in manifest.read_text(encoding="utf-8").splitlines(keepends=True)
                                if not line.startswith("  pages/fr/api/")), encoding="utf-8")
    _rerecord(root)
    assert main(["--root", str(root), "check"]) == 1
    assert "hold none of its pages or none of its JSON in that language" in capsys.readouterr().err


def test_the_french_export_links_the_french_json_of_each_edition_and_knows_what_each_changed(
        editions: dict) -> None:
    site = editions["root"] / "site" / "fr" / "api" / "v1"
    whole = json.loads((site / "guidelines.json").read_text(encoding="utf-8"))
    first = next(entry for entry in whole["api"]["editions"] if entry["edition"] == "2025.1")
    assert first["index"] == "https://guidelines.test/fr/api/v1/editions/2025.1/index.json"
    assert first["changes"] == "https://guidelines.test/fr/api/v1/changes/2025.1.json"  # (as while in force)
    assert (site / "changes" / "2025.1.json").read_bytes() == \
        (site / "editions" / "2025.1" / "changes" / "2025.1.json").read_bytes()
    assert whole["changelog"][1]["changes_url"] == first["changes"]
    # Compared with 2025.1's French JSON: GP-1's French text changed in 2025.2, UC-1's did not.
    items = {entry["id"]: entry for entry in json.loads((site / "index.json").read_text(encoding="utf-8"))["items"]}
    assert items["GP-1"]["modified_in"] == "2025.2" and items["UC-1"]["modified_in"] == "2025.1"


def test_the_replaced_editions_french_pages_say_they_are_the_editors_translation(editions: dict) -> None:
    current = _text(editions["root"] / "site" / "fr" / "principles" / "gp-1" / "index.html")
    archived = _text(editions["root"] / "site" / GP1_FR)
    notice = re.search(r"traduction[^.]*\.", current)
    assert notice is not None and notice.group(0) in archived


def test_a_later_edition_cannot_drop_a_language_an_earlier_edition_was_published_in(
        editions: dict, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "project"
    shutil.copytree(editions["root"], root, ignore=shutil.ignore_patterns("site", ".site*"))
    start_edition(root, "2025.3", "2026-01-10", "English only", "The French is dropped.")
    edit(root / "principles" / "guideline.yml", "languages:\n  fr:\n    name: Français\n", "")
    assert main(["--root", str(root), "check"]) == 1  # (its translations still there: declare it again)
    err = capsys.readouterr().err
    assert "the guideline does not declare the language 'fr'" in err and "or remove the folder" not in err, err
    shutil.rmtree(root / "principles" / "translations")
    assert main(["--root", str(root), "check"]) == 1
    err = capsys.readouterr().err
    assert ("principles/guideline.yml:1:1: languages: edition 2025.1 was published in fr, but this edition does "
            "not declare it") in err, err
    assert "a language, once published, stays" in err


def test_each_manifest_records_the_frozen_pages_so_they_cannot_be_rewritten_with_their_own_manifest(
        editions: dict, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    manifest = yaml.safe_load((editions["root"] / "principles/editions/2025.2/edition.yml").read_text(encoding="utf-8"))
    pages = editions["root"] / EDITION_1 / "pages" / "pages.yml"
    assert manifest["frozen_pages"] == {"2025.1": "sha256:" + hashlib.sha256(pages.read_bytes()).hexdigest()}
    root = tmp_path / "project"
    shutil.copytree(editions["root"] / "principles", root / "principles")
    frozen = root / EDITION_1 / "pages" / "fr" / "principles" / "gp-1.json"
    _forge(root, frozen.read_bytes().replace(b"GP-1", b"GP-9", 1))
    assert main(["--root", str(root), "check"]) == 1
    err = capsys.readouterr().err
    assert ("principles/editions/2025.1/pages/pages.yml:1:1: (file): this manifest's hash is not the one edition "
            "2025.2's edition.yml records for it") in err, err
    shutil.rmtree(root / EDITION_1 / "pages")
    for empty in (False, True):  # (an empty pages/ folder is as good as none)
        if empty:
            (root / EDITION_1 / "pages").mkdir()
        assert main(["--root", str(root), "check"]) == 1
        err = capsys.readouterr().err
        assert ("principles/editions/2025.1/pages/pages.yml:1:1: (file): edition 2025.1's frozen pages are missing, "
                "but edition 2025.2's edition.yml records them") in err, err


@pytest.mark.parametrize("change", [
    lambda page: {},
    lambda page: {**page, "front_matter": 123},
    lambda page: {**page, "front_matter": "---\ntitle: x\n"},
    lambda page: {**page, "toc": [{"foo": 1}]},
    lambda page: {**page, "anchors": "gp-1"}], ids=["empty", "number", "unclosed", "toc", "anchors"])
def test_a_frozen_page_that_is_not_one_is_reported_without_a_traceback(
        editions: dict, tmp_path: Path, capsys: pytest.CaptureFixture[str], change: Any) -> None:
    root = tmp_path / "project"
    shutil.copytree(editions["root"], root, ignore=shutil.ignore_patterns("site", ".site*"))
    frozen = root / EDITION_1 / "pages" / "fr" / "principles" / "gp-1.json"
    _forge(root, json.dumps(change(json.loads(frozen.read_text(encoding="utf-8")))).encode("utf-8"))
    _rerecord(root)
    assert main(["--root", str(root), "check"]) == 1  # (the check reads every frozen page: the build takes them)
    err = capsys.readouterr().err
    assert "principles/editions/2025.1/pages/fr/principles/gp-1.json:1:1: (file): this is not a frozen page" in err
    assert "Traceback" not in err


def _forge(root: Path, data: bytes) -> None:
    """Write 2025.1's French GP-1 page with ``data`` and its hash in pages.yml, as a hostile editor would."""
    (root / EDITION_1 / "pages" / "fr" / "principles" / "gp-1.json").write_bytes(data)
    listed = root / EDITION_1 / "pages" / "pages.yml"
    text = listed.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.startswith("  pages/fr/principles/gp-1.json:"))
    listed.write_text(text.replace(line, "  pages/fr/principles/gp-1.json: sha256:"
                                   + hashlib.sha256(data).hexdigest()), encoding="utf-8")


def _rerecord(root: Path) -> None:
    """Record 2025.1's changed pages.yml in 2025.2's manifest, the latest, which no later manifest fixes."""
    manifest = root / "principles/editions/2025.2/edition.yml"
    digest = "sha256:" + hashlib.sha256((root / EDITION_1 / "pages" / "pages.yml").read_bytes()).hexdigest()
    manifest.write_text(re.sub(r'(  "2025.1": )sha256:[0-9a-f]+', lambda m: m.group(1) + digest,
                               manifest.read_text(encoding="utf-8")), encoding="utf-8")


def test_an_archived_page_is_titled_by_its_heading_not_its_file_name(editions: dict) -> None:
    html = (editions["root"] / "site" / GP1_FR).read_text(encoding="utf-8")
    heading = re.search(r"<h1[^>]*>(.*?)<a", html).group(1)
    assert f"<title>{heading} · édition 2025.1 - " in html  # (and its edition: it is not the edition in force)
    english = (editions["root"] / "site" / GP1_FR.removeprefix("fr/")).read_text(encoding="utf-8")
    assert f"<title>{re.search(r'<h1[^>]*>(.*?)<a', english).group(1)} · edition 2025.1 - " in english
    current = (editions["root"] / "site" / "principles/gp-1/index.html").read_text(encoding="utf-8")
    assert "<title>" in current and " · edition " not in current


def test_a_publication_cut_short_after_freezing_the_pages_it_replaces_is_reported(
        editions: dict, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`guidelines publish` writes the replaced edition's frozen pages first, then the new edition: killed in
    between, it leaves the latest published edition with frozen pages."""
    root = tmp_path / "project"
    shutil.copytree(editions["root"], root, ignore=shutil.ignore_patterns("site", ".site*"))
    start_edition(root, "2025.3", "2026-01-10", "Third", "Nothing changed.")
    follow_english(root)
    assert main(["--root", str(root), "check"]) == 0
    capsys.readouterr()
    ctx, _ = generate.check(root)
    assert ctx is not None
    real_rename = publish.os.rename

    def killed(source: Path, target: Path) -> None:
        if Path(target).name == "2025.3":
            raise SystemExit("killed")  # (as a kill would, but the cleanup of a kill -9 never runs: undone below)
        real_rename(source, target)

    publish.os.rename = killed  # type: ignore[assignment]
    try:
        with pytest.raises(SystemExit):
            publish.publish(root, ctx)
    finally:
        publish.os.rename = real_rename  # type: ignore[assignment]
    assert not (root / "principles/editions/2025.3").exists()
    assert not (root / "principles/editions/2025.2/pages").exists()  # (a run that ends undoes what it wrote)
    files = publish._pages_once_published(root, _edition_3(root), ["2025.2"])["2025.2"]
    publish._write_pages(root / "principles/editions", "2025.2", files)  # what a kill -9 leaves
    assert main(["--root", str(root), "check"]) == 1
    err = capsys.readouterr().err
    assert ("principles/editions/2025.2/pages/pages.yml:1:1: (file): edition 2025.2 is the latest published "
            "edition, but its pages are frozen: a `guidelines publish` of the next edition was cut short") in err, err
    shutil.rmtree(root / "principles/editions/2025.2/pages")
    assert main(["--root", str(root), "publish"]) == 0
    assert main(["--root", str(root), "check"]) == 0


def _edition_3(root: Path) -> Any:
    from guidelines.load.archive import Edition
    return Edition("2025.3", "2026-01-10", "Third", root / "principles/editions/2025.3")


def test_an_interrupted_publication_says_that_nothing_was_published(
        editions: dict, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "project"
    shutil.copytree(editions["root"], root, ignore=shutil.ignore_patterns("site", ".site*"))
    start_edition(root, "2025.3", "2026-01-10", "Third", "Nothing changed.")
    follow_english(root)

    def interrupted(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(publish, "_write_pages", interrupted)
    assert main(["--root", str(root), "publish"]) == 130
    assert capsys.readouterr().err == "Interrupted: nothing was published.\n"
    assert not (root / "principles/editions/2025.3").exists()
    assert not (root / "principles/editions/2025.2/pages").exists()


@pytest.mark.parametrize("link", ["principles/editions/2025.1/pages", "principles/editions/2025.1/pages/fr",
                                  "principles/editions/2025.1"])
def test_a_linked_folder_in_the_archive_is_reported_once_as_a_link(
        editions: dict, tmp_path: Path, capsys: pytest.CaptureFixture[str], link: str) -> None:
    root = tmp_path / "project"
    shutil.copytree(editions["root"] / "principles", root / "principles")
    moved = tmp_path / "elsewhere"
    shutil.move(root / link, moved)
    (root / link).symlink_to(moved, target_is_directory=True)
    assert main(["--root", str(root), "check"]) == 1
    err = capsys.readouterr().err
    assert f"{link}:1:1: (file): this is a link" in err, err
    assert " is missing" not in err, err


def test_an_edition_folder_that_cannot_be_read_is_reported_alone(
        editions: dict, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Not also as the edition before it cut short (2025.2 unreadable), nor as a record naming an unpublished
    edition (2025.1's pages unreadable)."""
    for broken, damage, message in (
            ("principles/editions/2025.2/edition.yml",
             lambda data: data.replace(b"frozen_pages:\n  ", b"frozen_pages:\n \t"), "tab character found"),
            ("principles/editions/2025.1/pages/pages.yml", lambda data: data + b"\x00", "this is a binary file")):
        root = tmp_path / broken.split("/")[2] / "project"
        shutil.copytree(editions["root"] / "principles", root / "principles")
        (root / broken).write_bytes(damage((root / broken).read_bytes()))
        assert main(["--root", str(root), "check"]) == 1
        err = capsys.readouterr().err
        assert message in err and "1 problem found" in err, err
