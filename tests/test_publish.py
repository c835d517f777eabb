"""``guidelines publish`` (tools/publish.py): it freezes exactly the files the loader reads, chains the new
manifest to the latest published one, and never writes a manifest its own schema would refuse."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from editions_util import publish_edition, start_edition
from fixtures_util import make_project
from guidelines.cli import main
from guidelines.output import generate
from guidelines.output.sitebuild import build_site
from guidelines.tools import publish

PRINCIPLES = Path("principles")


def test_publishing_freezes_no_dotfile_and_the_project_still_checks_and_builds(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_project(tmp_path / "project", site=True)
    strays = [PRINCIPLES / "sections" / ".SEC-1.yml.swp", PRINCIPLES / ".DS_Store",
              PRINCIPLES / "examples" / ".DS_Store"]
    for stray in strays:
        (root / stray).write_bytes(b"\x00editor state\x00")
    assert main(["--root", str(root), "publish"]) == 0
    manifest = (root / PRINCIPLES / "editions" / "2025.1" / "edition.yml").read_text()
    frozen = root / PRINCIPLES / "editions" / "2025.1"
    assert ".swp" not in manifest and ".DS_Store" not in manifest
    assert not any(p.name.startswith(".") for p in frozen.rglob("*"))
    assert "  principles/sections/SEC-1.yml: sha256:" in manifest
    assert "  principles/published-ids.yml: sha256:" in manifest  # the register is frozen with the edition
    capsys.readouterr()
    assert main(["--root", str(root), "check"]) == 0, capsys.readouterr().err
    build_site(root)
    assert (root / "site" / "api" / "v1" / "editions" / "2025.1" / "index.json").is_file()


def test_the_second_edition_names_the_first_and_the_hash_of_its_manifest(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project", site=True)
    publish_edition(root)
    assert "previous" not in (root / PRINCIPLES / "editions" / "2025.1" / "edition.yml").read_text()
    start_edition(root, "2025.2", "2025-10-01", "Second", "Nothing changed.")
    publish_edition(root)
    first = hashlib.sha256((root / PRINCIPLES / "editions" / "2025.1" / "edition.yml").read_bytes()).hexdigest()
    second = (root / PRINCIPLES / "editions" / "2025.2" / "edition.yml").read_text()
    pages = hashlib.sha256((root / PRINCIPLES / "editions" / "2025.1" / "pages" / "pages.yml").read_bytes()).hexdigest()
    assert (f'previous: "2025.1"\nprevious_manifest: sha256:{first}\nfrozen_pages:\n  "2025.1": sha256:{pages}\n'
            "files:\n") in second


def test_a_manifest_its_schema_would_refuse_is_never_written(tmp_path: Path) -> None:
    """A file the loader reads under a name the manifest cannot hold (here, added after the check) stops the
    publication before anything is written: a refused manifest could never be repaired."""
    root = make_project(tmp_path / "project", site=True)
    ctx, problems = generate.check(root)
    assert ctx is not None, problems.report()
    example = root / PRINCIPLES / "examples" / "EX-1.yml"
    (example.parent / "EX-1 copy.yml").write_bytes(example.read_bytes())
    with pytest.raises(publish.PublishError) as error:
        publish.publish(root, ctx)
    assert str(error.value) == (
        "the manifest would not be valid (files.principles/examples/EX-1 copy.yml: the key 'principles/examples/EX-1 "
        "copy.yml' has the wrong form); no file was written")
    assert not (root / PRINCIPLES / "editions").exists() or not any((root / PRINCIPLES / "editions").iterdir())


def test_publishing_freezes_the_pages_of_the_edition_it_replaces(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    root = make_project(tmp_path / "project", site=True)
    publish_edition(root)
    assert not (root / PRINCIPLES / "editions" / "2025.1" / "pages").exists()
    start_edition(root, "2025.2", "2025-10-01", "Second", "Nothing changed.")
    capsys.readouterr()
    assert main(["--root", str(root), "publish"]) == 0
    assert capsys.readouterr().out.startswith(
        "Published edition 2025.2 into principles/editions/2025.2, and froze the pages of edition 2025.1, which it "
        "replaces, into principles/editions/2025.1/pages: commit those folders. Its text and JSON are now fixed;")
    pages = root / PRINCIPLES / "editions" / "2025.1" / "pages"
    assert (pages / "pages.yml").is_file() and (pages / "principles" / "gp-1.json").is_file()
    assert not (root / PRINCIPLES / "editions" / "2025.2" / "pages").exists()
    assert not list((root / PRINCIPLES / "editions").glob(".*")), "no staging folder is left"
    capsys.readouterr()
    assert main(["--root", str(root), "check"]) == 0, capsys.readouterr().err


def test_a_project_without_a_site_publishes_without_freezing_pages(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    publish_edition(root)
    start_edition(root, "2025.2", "2025-10-01", "Second", "Nothing changed.")
    publish_edition(root)
    assert not (root / PRINCIPLES / "editions" / "2025.1" / "pages").exists()
    with pytest.raises(publish.PublishError, match=r"the project has no mkdocs\.yml, so no site and no pages"):
        publish.freeze_pages(root, ["2025.1"])


def test_when_the_pages_cannot_be_frozen_nothing_is_published(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    """The site must build (strictly) for the replaced edition's pages to be frozen: else the new edition's
    folder goes again, and the message gives MkDocs' words."""
    root = make_project(tmp_path / "project", site=True)
    publish_edition(root)
    start_edition(root, "2025.2", "2025-10-01", "Second", "Nothing changed.")
    (root / "docs" / "notes.md").write_text("# Notes\n\nSee [the missing page](missing.md).\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["--root", str(root), "publish"]) == 1
    err = capsys.readouterr().err
    assert ("Nothing was published: the site does not build, so the pages of edition 2025.1 could not be frozen; "
            "MkDocs said:\n  Doc file 'notes.md' contains a link 'missing.md', but the target is not found among "
            "documentation files.") in err, err
    assert sorted(p.name for p in (root / PRINCIPLES / "editions").iterdir()) == ["2025.1"]
    assert not (root / PRINCIPLES / "editions" / "2025.1" / "pages").exists()
    (root / "docs" / "notes.md").unlink()
    assert main(["--root", str(root), "publish"]) == 0
    assert (root / PRINCIPLES / "editions" / "2025.1" / "pages" / "pages.yml").is_file()
