"""The published editions as load/archive.py reads them: a manifest's date and title, which no hash covers,
must be a real day and agree with the edition's frozen changes document; edition names have one spelling."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from editions_util import publish_edition
from fixtures_util import make_project
from guidelines.cli import main
from guidelines.load.schemacheck import SCHEMA_DIR, validator

PRINCIPLES = Path("principles")
RESTORE = ("(edition.yml is written by `guidelines publish` and never edited: restore it from version control "
           "(git checkout -- <file>))")


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(tmp_path_factory.mktemp("archive") / "project")
    publish_edition(root)
    return root


def _check(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["--root", str(root), "check"])
    return code, capsys.readouterr().err


def _edited(published: Path, tmp_path: Path, old: str, new: str) -> Path:
    copy = tmp_path / "project"
    shutil.copytree(published, copy)
    manifest = copy / PRINCIPLES / "editions" / "2025.1" / "edition.yml"
    text = manifest.read_text()
    assert old in text
    manifest.write_text(text.replace(old, new, 1))
    return copy


def test_the_published_date_must_be_a_real_day_and_the_one_frozen(published: Path, tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    copy = _edited(published, tmp_path, "published: 2025-08-26", "published: 2025-02-30")
    code, err = _check(copy, capsys)
    assert code == 1 and "Traceback" not in err
    where = "principles/editions/2025.1/edition.yml:4:12: published: "
    assert f"{where}2025-02-30 is not a day of the calendar {RESTORE}" in err, err
    assert (f'{where}expected "2025-08-26", as the edition\'s frozen api/v1/changes/2025.1.json says, found '
            f'"2025-02-30" {RESTORE}') in err, err


def test_the_title_must_be_the_one_frozen(published: Path, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    copy = _edited(published, tmp_path, 'title: "First edition"', 'title: "Final edition"')
    code, err = _check(copy, capsys)
    assert code == 1
    assert ('principles/editions/2025.1/edition.yml:5:8: title: expected "First edition", as the edition\'s frozen '
            f'api/v1/changes/2025.1.json says, found "Final edition" {RESTORE}') in err, err


def test_a_bad_file_entry_is_reported_on_its_own_line(published: Path, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    copy = _edited(published, tmp_path, "files:\n", "files:\n  principles/sections/.SEC-1.yml.swp: sha256:" +
                   "0" * 64 + "\n")
    code, err = _check(copy, capsys)
    assert code == 1
    assert ("principles/editions/2025.1/edition.yml:7:3: files.principles/sections/.SEC-1.yml.swp: the key "
            "'principles/sections/.SEC-1.yml.swp' has the wrong form (it must match ") in err, err


@pytest.mark.parametrize("schema, field", [("common.schema.json", None), ("changelog.schema.json", "id"),
                                           ("published/guidelines.schema.json", None)])
def test_an_edition_number_has_no_leading_zero(schema: str, field: str | None) -> None:
    pattern = json.loads((SCHEMA_DIR / schema).read_text())
    pattern = pattern["properties"][field]["pattern"] if field else pattern["$defs"]["edition"]["pattern"]
    assert re.match(pattern, "2025.1") and re.match(pattern, "2025.10") and re.match(pattern, "2025.999")
    assert not any(re.match(pattern, bad) for bad in ("2025.04", "2025.0", "2025.01", "2025.1000"))
    assert validator("register.schema.json").is_valid({"ids": {"GP-1": {"kind": "principle", "since": "2025.1"}}})
    assert not validator("register.schema.json").is_valid(
        {"ids": {"GP-1": {"kind": "principle", "since": "2025.04"}}})


def test_an_edition_folder_with_a_leading_zero_is_not_an_edition(published: Path, tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    copy = tmp_path / "project"
    shutil.copytree(published, copy)
    shutil.copytree(copy / PRINCIPLES / "editions" / "2025.1", copy / PRINCIPLES / "editions" / "2025.01")
    code, err = _check(copy, capsys)
    assert code == 1
    assert ("principles/editions/2025.01:1:1: (file): this is not a published edition's folder (only folders named "
            "after an edition (e.g. 2025.1), written by `guidelines publish`, belong here)") in err, err


@pytest.mark.parametrize(("manifest", "expected"), [
    ('edition: "2025.1"\nformat: 2\npages:\n  pages/index.json: {hash}\n',
     "principles/editions/2025.1/pages/pages.yml:2:9: format: "),
    ('edition: "2025.2"\nformat: 1\npages:\n  pages/index.json: {hash}\n',
     "principles/editions/2025.1/pages/pages.yml:1:10: edition: the folder is 2025.1 but the pages' manifest says "
     "2025.2 (the frozen pages are written by `guidelines publish` and never edited: restore the edition's pages/ "
     "folder from version control (git checkout -- <folder>))"),
    ('edition: "2025.1"\nformat: 1\npages:\n  pages/index.md: {hash}\n',
     "principles/editions/2025.1/pages/pages.yml:4:3: pages.pages/index.md: "),
])
def test_the_frozen_pages_manifest_is_checked(published: Path, tmp_path: Path, manifest: str, expected: str,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    """pages/pages.yml (written when a later edition replaces this one) is read like edition.yml: its schema,
    its edition, then each page's hash."""
    copy = tmp_path / "project"
    shutil.copytree(published, copy)
    pages = copy / PRINCIPLES / "editions" / "2025.1" / "pages"
    pages.mkdir()
    (pages / "index.json").write_bytes(b"{}\n")
    (pages / "index.md").write_bytes(b"{}\n")
    digest = "sha256:" + hashlib.sha256(b"{}\n").hexdigest()
    (pages / "pages.yml").write_text(manifest.replace("{hash}", digest), encoding="utf-8")
    code, err = _check(copy, capsys)
    assert code == 1 and "Traceback" not in err
    assert expected in err, err


def test_a_published_text_rewritten_with_its_manifest_is_caught_by_its_frozen_json(
        published: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The latest manifest is what nothing later records: rewritten with the text and the text's frozen copy, the
    edit passes every hash, but the JSON frozen at publication still says what was published."""
    copy = tmp_path / "project"
    shutil.copytree(published, copy)
    edition = copy / PRINCIPLES / "editions" / "2025.1"
    manifest = edition / "edition.yml"
    text = manifest.read_text()
    source = next(path for path in (copy / PRINCIPLES).rglob("*.yml")
                  if "editions" not in path.parts and re.search(r"(?m)^id: GP-1$", path.read_text()))
    relative = source.relative_to(copy).as_posix()
    body = source.read_text()
    for path in (source, edition / relative):  # (one manifest entry records both)
        path.write_text(re.sub(r"(?m)^rule: .*$", "rule: Anything goes.", body, count=1))
    old, new = ("sha256:" + hashlib.sha256(data).hexdigest() for data in (body.encode(), source.read_bytes()))
    assert f"{relative}: {old}" in text, relative
    manifest.write_text(text.replace(f"{relative}: {old}", f"{relative}: {new}"))
    code, err = _check(copy, capsys)
    assert code == 1 and "Traceback" not in err
    assert re.search(rf"^{re.escape(relative)}:1:1: \(file\): GP-1 is not the text published as edition 2025\.1: "
                     r"its own content hashes to sha256:\w+ here, to sha256:\w+ in the edition's frozen JSON "
                     r"\(principles/editions/2025\.1/api/v1/index\.json\) \(edition 2025\.1 is published and never "
                     r"changes: restore the edited files from version control", err, re.M), err
    assert err.count("is not the text published") == 1, err


def test_a_frozen_json_whose_hashes_were_rewritten_with_the_text_is_refused(
        published: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The frozen JSON agrees with itself: GP-1's document still says what was published, so it does not hash to
    an item_hash rewritten in it (and in guidelines.json and index.json, and their hashes in edition.yml)."""
    copy = tmp_path / "project"
    shutil.copytree(published, copy)
    edition = copy / PRINCIPLES / "editions" / "2025.1"
    api = edition / "api" / "v1"
    old = json.loads((api / "principles" / "GP-1.json").read_text())["item_hash"]
    new = "sha256:" + "0" * 64
    manifest = edition / "edition.yml"
    text = manifest.read_text()
    for name in ("principles/GP-1.json", "guidelines.json", "index.json"):
        path = api / name
        before = path.read_bytes()
        assert old.encode() in before, name
        path.write_bytes(before.replace(old.encode(), new.encode()))
        text = text.replace(f"api/v1/{name}: sha256:{hashlib.sha256(before).hexdigest()}",
                            f"api/v1/{name}: sha256:{hashlib.sha256(path.read_bytes()).hexdigest()}")
    manifest.write_text(text)
    code, err = _check(copy, capsys)
    assert code == 1 and "Traceback" not in err
    for name in ("principles/GP-1.json", "guidelines.json"):
        assert (f"principles/editions/2025.1/api/v1/{name}:1:1: (file): the frozen JSON of GP-1 does not hash to the "
                "item_hash its index records: the edition's frozen files were edited") in err, err
    assert "differs from" not in err and "does not match" not in err, err  # (the manifest was rewritten to match)


def _tamper(copy: Path, name: str, change: Any) -> None:
    """Rewrite a frozen JSON file of 2025.1 (``change`` takes and returns its data) and its hash in edition.yml."""
    edition = copy / PRINCIPLES / "editions" / "2025.1"
    path = edition / "api" / "v1" / name
    before = path.read_bytes()
    path.write_text(json.dumps(change(json.loads(before))))
    manifest = edition / "edition.yml"
    old, new = (hashlib.sha256(data).hexdigest() for data in (before, path.read_bytes()))
    assert f"api/v1/{name}: sha256:{old}" in manifest.read_text(), name
    manifest.write_text(manifest.read_text().replace(f"api/v1/{name}: sha256:{old}", f"api/v1/{name}: sha256:{new}"))


def _without_hash(document: dict[str, Any]) -> dict[str, Any]:
    del document["item_hash"]
    document["title"] = "Edited"
    return document


def _first(collection: str, change: Any) -> Any:
    def apply(document: dict[str, Any]) -> dict[str, Any]:
        change(document[collection][0])
        return document
    return apply


@pytest.mark.parametrize(("name", "change", "expected"), [
    ("principles/GP-1.json", lambda d: [1, 2], "principles/GP-1.json:1:1: (file): the frozen JSON holds something "
     "that is not an item as published"),
    ("principles/GP-1.json", _without_hash, "principles/GP-1.json:1:1: (file): the frozen JSON of GP-1 does not hash"),
    ("guidelines.json", _first("principles", lambda b: b.pop("item_hash")), "guidelines.json:1:1: (file): the frozen "
     "JSON of GP-1 does not hash"),
    ("guidelines.json", lambda d: {**d, "principles": {"x": 1}}, "guidelines.json:1:1: (file): the frozen JSON holds "
     "something that is not an item as published"),
    ("guidelines.json", _first("sections", lambda b: b.update(points="abc")), "guidelines.json:1:1: (file): the "
     "frozen JSON of SEC-1 does not hash"),
    ("index.json", lambda d: [], "index.json:1:1: (file): the frozen index.json is not as it was published"),
    ("index.json", _first("items", lambda e: e.pop("id")), "index.json:1:1: (file): the frozen index.json is not as "
     "it was published"),
], ids=["document-not-object", "document-without-hash", "body-without-hash", "collection-not-list",
        "points-not-list", "index-not-object", "entry-without-id"])
def test_a_frozen_json_of_another_shape_is_refused_with_its_file(published: Path, tmp_path: Path, name: str,
                                                                 change: Any, expected: str,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """Rewritten with its hash in edition.yml, a frozen JSON file that is no longer what an export makes is named,
    never skipped, never a traceback."""
    copy = tmp_path / "project"
    shutil.copytree(published, copy)
    _tamper(copy, name, change)
    code, err = _check(copy, capsys)
    assert code == 1 and "Traceback" not in err, err
    assert f"principles/editions/2025.1/api/v1/{expected}" in err, err
