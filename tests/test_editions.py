"""A corpus taken through three published editions, as editors would: the archive, the computed
changes, path-level drift, the feed and rechecked decision records.

2025.1 is the base corpus. 2025.2 rewords GP-1, retires UC-1 for a new UC-2, adds a
glossary term and moves the quick check's "not sure" outcome from escalate to written
approval (so EX-2, which reaches it, changes verdict). 2025.3 retires clause SEC-1.1 for a
new SEC-1.2 and rewrites EX-1's scenario. Attempts to renumber a published clause, to
edit a published edition and to write notes that do not match the changes all fail.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from editions_util import NEW_RULE, edit, start_edition, three_editions
from guidelines.cli import main
from guidelines.load.archive import load_archive
from guidelines.output import generate
from guidelines.output.sitebuild import build_site
from guidelines.problems import Problems

PRINCIPLES = Path("principles")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = three_editions(tmp_path_factory.mktemp("editions") / "project")
    build_site(root)
    return root


def site_json(root: Path, path: str) -> dict[str, Any]:
    return json.loads((root / "site" / path).read_text(encoding="utf-8"))


def check_output(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["--root", str(root), "check"])
    return code, capsys.readouterr().err


# -- the archive ---------------------------------------------------------------------


def test_every_published_edition_is_frozen_with_its_hashes(project: Path) -> None:
    problems = Problems()
    archive = load_archive(project, problems)
    assert not problems, problems.report()
    assert [e.name for e in archive.editions] == ["2025.1", "2025.2", "2025.3"]
    for edition in archive.editions:
        for name, recorded in edition.files.items():
            assert "sha256:" + hashlib.sha256((edition.root / name).read_bytes()).hexdigest() == recorded


def test_earlier_editions_are_online_with_their_own_text(project: Path) -> None:
    old = (project / "site" / "editions" / "2025.1" / "principles" / "gp-1" / "index.html").read_text()
    now = (project / "site" / "principles" / "gp-1" / "index.html").read_text()
    assert "Outputs do not recreate" in old and "Outputs never recreate" not in old
    assert "Outputs never recreate" in now
    assert "Edition 2025.1, published 2025-08-26: replaced by a later edition" in old
    assert "This page in the current edition" in old and "What changed in edition 2025.2" in old
    assert "Outputs never recreate" in (project / "site" / "editions" / "2025.2" / "principles" / "gp-1" /
                                        "index.html").read_text()


def test_archived_json_is_served_byte_for_byte(project: Path) -> None:
    for edition in ("2025.1", "2025.2"):
        frozen = project / PRINCIPLES / "editions" / edition / "api" / "v1"
        served = project / "site" / "api" / "v1" / "editions" / edition
        files = sorted(p.relative_to(frozen) for p in frozen.rglob("*.json"))
        assert files and all((served / f).read_bytes() == (frozen / f).read_bytes() for f in files)


def test_the_edition_in_force_has_its_edition_urls(project: Path) -> None:
    stub = (project / "site" / "editions" / "2025.3" / "principles" / "gp-1" / "index.html").read_text()
    assert '<link rel="canonical" href="../../../../principles/gp-1/">' in stub
    assert 'location.replace(document.querySelector("link[rel=canonical]").href' in stub
    assert site_json(project, "api/v1/editions/2025.3/index.json")["edition"] == "2025.3"


def test_a_later_template_or_edition_leaves_earlier_ones_unchanged(project: Path, tmp_path: Path) -> None:
    copy = tmp_path / "project"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns("site"))
    before = {p: p.read_bytes() for p in (project / "site" / "api" / "v1" / "editions").rglob("*.json")}
    words = copy / "scripts" / "guidelines" / "render" / "i18n" / "en.yml"  # a principle page's heading
    edit(words, "  why: Why it exists", "  why: Why this principle exists")
    start_edition(copy, "2025.4", "2026-03-01", "Later", "Later.", {"AC-1": "Reworded."})
    edit(copy / PRINCIPLES / "guiding-principles" / "GP-1.yml", NEW_RULE, "rule: Nothing recreates")
    with pytest.raises(generate.ContentError):  # a note about AC-1, which did not change
        build_site(copy)
    start_edition(copy, "2025.4", "2026-03-01", "Later", "Later.")
    build_site(copy)
    after = {project / p.relative_to(copy): p.read_bytes() for p in (copy / "site" / "api" / "v1" / "editions")
             .rglob("*.json") if "2025.4" not in str(p)}
    assert {p: v for p, v in after.items() if p in before} == before
    old = (copy / "site" / "editions" / "2025.2" / "principles" / "gp-1" / "index.html").read_text()
    assert "Outputs never recreate" in old and "Nothing recreates" not in old
    # While 2025.4 is a draft, the latest published edition is in force; the draft is only being prepared,
    # and a line cited from its pages says it is a draft.
    oldest = (copy / "site" / "editions" / "2025.1" / "principles" / "gp-1" / "index.html").read_text()
    assert ("Edition 2025.2 replaced it. Edition 2025.3, published 2026-02-01, is the latest. Edition 2025.4 "
            "is being prepared and is not yet published.") in oldest
    assert "not yet published is the latest" not in oldest
    now = (copy / "site" / "principles" / "gp-1" / "index.html").read_text()
    assert ("Test guidelines, edition 2025.4 (draft, not yet published), GP-1, "
            "https://guidelines.test/principles/gp-1/") in now


def test_a_published_edition_cannot_change(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy = tmp_path / "project"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns("site"))
    edit(copy / PRINCIPLES / "guiding-principles" / "GP-1.yml", "rule:", "rule: Now")
    code, err = check_output(copy, capsys)
    assert code == 1 and "this file differs from the published text of edition 2025.3" in err
    assert "start edition 2025.4" in err
    frozen = copy / PRINCIPLES / "editions" / "2025.1" / "api" / "v1" / "guidelines.json"
    frozen.write_text(frozen.read_text().replace("Own what you use", "Own what you like"))
    code, err = check_output(copy, capsys)
    assert "principles/editions/2025.1/api/v1/guidelines.json:1:1: (file): this file changed after edition " \
           "2025.1 was published" in err


def test_renumbering_a_published_clause_fails(project: Path, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    copy = tmp_path / "project"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns("site"))
    start_edition(copy, "2025.4", "2026-03-01", "Renumbered", "Renumbered.")
    edit(copy / PRINCIPLES / "sections" / "SEC-1.yml", "id: SEC-1.2", "id: SEC-1.9")
    code, err = check_output(copy, capsys)
    assert code == 1
    assert "published clause 'SEC-1.2' is missing from section SEC-1" in err
    assert "'SEC-1.9' is not in the register of published IDs" in err


# -- computed changes ----------------------------------------------------------------


def test_changes_are_computed_item_by_item(project: Path) -> None:
    changes = site_json(project, "api/v1/changes/2025.2.json")
    rows = {row["id"]: row for row in changes["items"]}
    assert changes["previous_edition"] == "2025.1"
    assert rows["GP-1"]["change"] == "modified" and rows["GP-1"]["fields"] == ["rule", "use_cases"]
    assert rows["UC-1"]["change"] == "replaced" and rows["UC-1"]["replaced_by"] == ["UC-2"]
    assert rows["UC-1"]["note"] == "Ideation is now covered by UC-2, which names mood boards."
    assert rows["UC-2"]["change"] == "added" and rows["storyboard"]["change"] == "added"
    assert "AC-1" not in rows and "SEC-1" not in rows  # unchanged items are not listed
    assert changes["checks"] == [{"example": "EX-2", "tree": "quick-check",
                                  "previous": {"verdict": "escalate", "outcome": "o-escalate"},
                                  "current": {"verdict": "approval-required", "outcome": "o-escalate"}}]
    third = site_json(project, "api/v1/changes/2025.3.json")
    assert [(c["id"], c["change"], c["replaced_by"]) for c in third["clauses"]] == [
        ("SEC-1.1", "replaced", ["SEC-1.2"]), ("SEC-1.2", "added", [])]
    assert {row["id"]: row["fields"] for row in third["items"]}["EX-1"] == ["scenario"]


def test_every_path_whose_verdict_moved_is_listed(project: Path) -> None:
    tree = next(t for t in site_json(project, "api/v1/changes/2025.2.json")["trees"] if t["tree"] == "quick-check")
    assert tree["listed_in_full"] and tree["previous_hash"] != tree["hash"]
    assert tree["paths"] == [{"answers": [{"question": "q-data", "value": "no"},
                                          {"question": "q-own", "value": "not-sure"}],
                              "previous": {"verdict": "escalate", "outcome": "o-escalate"},
                              "current": {"verdict": "approval-required", "outcome": "o-escalate"}}]


def test_hashes_and_modified_in_follow_the_items_own_content(project: Path) -> None:
    index = {e["id"]: e for e in site_json(project, "api/v1/index.json")["items"]}
    first = {e["id"]: e for e in site_json(project, "api/v1/editions/2025.1/index.json")["items"]}
    assert index["AC-1"]["item_hash"] == first["AC-1"]["item_hash"] and index["AC-1"]["modified_in"] == "2025.1"
    assert index["GP-1"]["modified_in"] == "2025.2" and index["EX-2"]["modified_in"] == "2025.2"
    assert index["EX-1"]["modified_in"] == "2025.3"
    assert index["SEC-1.1"]["kind"] == "clause" and index["SEC-1.1"]["status"] == "retired"
    assert index["SEC-1.1"]["since"] == "2025.1" and index["SEC-1.2"]["since"] == "2025.3"
    gp1 = site_json(project, "api/v1/principles/GP-1.json")["citation"]
    assert gp1["edition_url"] == "https://guidelines.test/editions/2025.3/principles/gp-1/"
    assert gp1["latest_url"] == "https://guidelines.test/principles/gp-1/"
    assert gp1["text"].endswith(", edition 2025.3, GP-1, https://guidelines.test/editions/2025.3/principles/gp-1/")


def test_the_changelog_page_and_the_feed_show_the_computed_changes(project: Path) -> None:
    page = (project / "site" / "changelog" / "index.html").read_text()
    for anchor in ("edition-2025-3", "edition-2025-2", "edition-2025-1"):
        assert f'id="{anchor}"' in page
    assert 'Ideation is now covered by <a href="../use-cases/uc-2/">UC-2</a>' in page  # the note's ID links
    assert "Written approval required" in page
    feed = site_json(project, "feed.json")
    assert [i["id"] for i in feed["items"]] == ["2025.3", "2025.2", "2025.1"]
    assert feed["items"][1]["_guidelines"]["items"][:1] == ["GP-1"]
    assert "Replaced: UC-1." in feed["items"][1]["content_text"]


def test_the_changelogs_tables_of_changed_paths_show_a_questions_text_as_written(project: Path,
                                                                                 tmp_path: Path) -> None:
    """The tables are pre-rendered HTML (not Markdown): the question is in the tree's current words, its
    formatting shown, and nothing escaped twice."""
    copy = tmp_path / "project"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns("site"))
    start_edition(copy, "2025.4", "2026-03-01", "Later", "Later.")
    tree = copy / PRINCIPLES / "trees" / "quick-check.yml"
    tree.write_text(tree.read_text(encoding="utf-8").replace(
        "text: Will you use material you do not own?", 'text: "Will AT&T use <b>unowned</b>, *final* material?"'),
        encoding="utf-8")
    build_site(copy)
    page = (copy / "site" / "changelog" / "index.html").read_text(encoding="utf-8")
    assert "<td>Will AT&amp;T use &lt;b&gt;unowned&lt;/b&gt;, <em>final</em> material? " in page
    assert "&amp;amp;" not in page and "&amp;lt;" not in page


def test_notes_must_match_the_changes(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy = tmp_path / "project"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns("site"))
    start_edition(copy, "2025.4", "2026-03-01", "Later", "Later.", {"AC-1": "Nothing happened."})
    glossary = copy / PRINCIPLES / "glossary" / "storyboard.yml"
    glossary.write_text(glossary.read_text() + 'status: retired\nretired_in: "2025.4"\n')
    code, err = check_output(copy, capsys)
    assert code == 1
    assert "notes[0].item: 'AC-1' has not changed since edition 2025.3 (remove the note" in err
    assert "notes: 'storyboard' was retired in this edition, but no note says why" in err


# -- decision records across editions ---------------------------------------------------


def test_a_record_made_on_an_earlier_edition_is_rechecked(project: Path, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    frozen = project / PRINCIPLES / "editions" / "2025.1" / "api" / "v1" / "guidelines.json"
    record = tmp_path / "record.json"
    code = main(["decide", "quick-check", "--from", str(frozen), "-a", "q-data=no", "-a", "q-own=not-sure",
                 "--json"])
    assert code == 0
    record.write_text(capsys.readouterr().out)
    assert json.loads(record.read_text())["verdict"]["id"] == "escalate"
    code = main(["decide", "--recheck", str(record), "--from", str(project / "site")])
    out = capsys.readouterr().out
    assert code == 4 and "verdict changed" in out and "approval-required" in out.replace("Written approval", "")
    code = main(["decide", "quick-check", "--from", str(frozen), "-a", "q-data=no", "-a", "q-own=yes", "--json"])
    record.write_text(capsys.readouterr().out)
    assert main(["decide", "--recheck", str(record), "--from", str(project / "site")]) == 0


@pytest.mark.parametrize("break_it, message", [
    (lambda root: (root / "principles" / "editions" / "2025.2" / "api" / "v1" / "index.json").unlink(),
     "principles/editions/2025.2/edition.yml:"),
    (lambda root: (root / "principles" / "editions" / "2025.2" / "api" / "v1" / "extra.json").write_text("{}"),
     "principles/editions/2025.2/api/v1/extra.json:1:1: (file): this file was not part of the published edition"),
    (lambda root: (root / "principles" / "editions" / ".2025.4.publishing-99").mkdir(),
     "a `guidelines publish` that did not finish left this folder (remove it, then publish again)"),
    (lambda root: start_edition(root, "2024.9", "2026-03-01", "Back", "Back."),
     "edition: edition 2024.9 is not after the latest published edition, 2025.3"),
])
def test_the_archive_refuses_what_publishing_never_writes(project: Path, tmp_path: Path, break_it: Any,
                                                          message: str, capsys: pytest.CaptureFixture[str]) -> None:
    copy = tmp_path / "project"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns("site"))
    break_it(copy)
    code, err = check_output(copy, capsys)
    assert code == 1 and message in err, err


def test_publishing_twice_or_backwards_is_refused(project: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    copy = tmp_path / "project"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns("site"))
    assert main(["--root", str(copy), "publish"]) == 1
    assert "Nothing was published: edition 2025.3 is already published." in capsys.readouterr().err


def test_the_published_edition_in_force_serves_what_was_frozen(project: Path) -> None:
    """Publishing exports the edition as published (its edition URLs, "published": true), so the live
    export and the frozen copy of the edition in force are the same bytes."""
    frozen = project / "site" / "api" / "v1" / "editions" / "2025.3"
    live = project / "site" / "api" / "v1"
    paths = sorted(p.relative_to(frozen) for p in frozen.rglob("*.json"))
    assert len(paths) > 10
    assert [p for p in paths if (live / p).read_bytes() != (frozen / p).read_bytes()] == []
    assert json.loads((frozen / "principles" / "GP-1.json").read_text())["citation"]["edition_url"] \
        == "https://guidelines.test/editions/2025.3/principles/gp-1/"


# -- the chain of manifests and what anchors it ------------------------------------------


def _copy(project: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "project"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns("site"))
    return copy


def _without(root: Path, *editions: str) -> None:
    for edition in editions:
        shutil.rmtree(root / PRINCIPLES / "editions" / edition)


def _manifest_line(root: Path, edition: str, key: str) -> str:
    """"line:column" of a key's value in an edition's manifest."""
    lines = (root / PRINCIPLES / "editions" / edition / "edition.yml").read_text().splitlines()
    number = next(i for i, line in enumerate(lines, 1) if line.startswith(f"{key}:"))
    return f"{number}:{len(key) + 3}"


def test_each_manifest_names_the_edition_before_it_and_its_hash(project: Path) -> None:
    editions = project / PRINCIPLES / "editions"
    first = (editions / "2025.1" / "edition.yml").read_text()
    assert "previous" not in first
    for before, edition in (("2025.1", "2025.2"), ("2025.2", "2025.3")):
        text = (editions / edition / "edition.yml").read_text()
        manifest = hashlib.sha256((editions / before / "edition.yml").read_bytes()).hexdigest()
        assert f'previous: "{before}"\nprevious_manifest: sha256:{manifest}\n' in text


MISSING = "published edition {0} is missing: {1} (a published edition is never removed: restore " \
          "principles/editions/{0}/ from version control (git checkout -- principles/editions/{0}))"


@pytest.mark.parametrize("gone, where, message", [
    (("2025.2",), "principles/editions/2025.3/edition.yml:{previous}: previous: ",
     MISSING.format("2025.2", "edition 2025.3 was published after it (principles/editions/2025.3/edition.yml "
                              "names it)")),
    (("2025.1",), "principles/editions/2025.2/edition.yml:{previous}: previous: ",
     MISSING.format("2025.1", "edition 2025.2 was published after it (principles/editions/2025.2/edition.yml "
                              "names it)")),
    (("2025.3",), "principles/changelog/2025.3.yml:1:5: id: ",
     MISSING.format("2025.3", "its changelog entry says it was published, and only the edition being prepared "
                              "(2025.4) is not")),
    (("2025.1", "2025.2", "2025.3"), "principles/published-ids.yml:2:34: ids.GP-1.since: ",
     MISSING.format("2025.1", "the register of published IDs names it (this entry, and maybe others)")),
])
def test_a_published_edition_folder_cannot_be_deleted(project: Path, tmp_path: Path, gone: tuple[str, ...],
                                                      where: str, message: str,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    copy = _copy(project, tmp_path)
    start_edition(copy, "2025.4", "2026-03-01", "Later", "Later.")
    later = next((e for e in ("2025.2", "2025.3") if e not in gone and e > gone[0]), None)
    previous = _manifest_line(copy, later, "previous") if later else ""
    _without(copy, *gone)
    code, err = check_output(copy, capsys)
    assert code == 1 and where.format(previous=previous) + message in err, err
    assert "Traceback" not in err


def test_an_earlier_manifest_cannot_change_once_a_later_edition_names_it(project: Path, tmp_path: Path,
                                                                         capsys: pytest.CaptureFixture[str]) -> None:
    copy = _copy(project, tmp_path)
    manifest = copy / PRINCIPLES / "editions" / "2025.2" / "edition.yml"
    manifest.write_text(manifest.read_text().replace("# Written by", "# Rewritten by"))
    recorded = (copy / PRINCIPLES / "editions" / "2025.3" / "edition.yml").read_text().split(
        "previous_manifest: ")[1].split("\n")[0]
    code, err = check_output(copy, capsys)
    assert code == 1
    assert ("principles/editions/2025.2/edition.yml:1:1: (file): this manifest differs from the one edition 2025.3 "
            f"was published after (principles/editions/2025.3/edition.yml records its hash, {recorded}) (a published "
            "edition never changes: restore principles/editions/2025.2/edition.yml from version control (git "
            "checkout -- principles/editions/2025.2/edition.yml))") in err, err


def test_a_manifest_must_name_the_edition_published_just_before_it(project: Path, tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    copy = _copy(project, tmp_path)
    manifest = copy / PRINCIPLES / "editions" / "2025.3" / "edition.yml"
    text = manifest.read_text()
    manifest.write_text(text.replace('previous: "2025.2"', 'previous: "2025.1"'))
    code, err = check_output(copy, capsys)
    assert code == 1
    assert (f"principles/editions/2025.3/edition.yml:{_manifest_line(copy, '2025.3', 'previous')}: previous: "
            "expected \"2025.2\", the edition published just before 2025.3, found \"2025.1\" (edition.yml is "
            "written by `guidelines publish` and never edited: restore it from version control (git checkout -- "
            "<file>))") in err, err
    manifest.write_text("".join(line for line in text.splitlines(keepends=True) if not line.startswith("previous")))
    code, err = check_output(copy, capsys)
    assert code == 1
    assert ("principles/editions/2025.3/edition.yml:3:10: previous: expected previous: \"2025.2\", the edition "
            "published just before 2025.3; the manifest names none") in err, err


def test_an_edition_cannot_be_dated_before_the_one_published_before_it(project: Path, tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    copy = _copy(project, tmp_path)
    start_edition(copy, "2025.4", "2026-01-31", "Earlier", "Earlier.")
    code, err = check_output(copy, capsys)
    assert code == 1
    assert ("principles/changelog/2025.4.yml:2:7: date: expected a day no earlier than 2026-02-01, when edition "
            "2025.3 was published, found 2026-01-31 (edition 2025.4 is published after 2025.3: give the day it is "
            "published)") in err, err
    start_edition(copy, "2025.4", "2026-02-01", "Same day", "Same day.")
    assert check_output(copy, capsys)[0] == 0


def test_the_register_keeps_what_the_latest_published_edition_froze(project: Path, tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    copy = _copy(project, tmp_path)
    start_edition(copy, "2025.4", "2026-03-01", "Later", "Later.")
    register = copy / PRINCIPLES / "published-ids.yml"
    text = register.read_text()
    assert '  UC-1: {kind: use-case, since: "2025.1", retired_in: "2025.2"}\n' in text
    text = text.replace('  UC-1: {kind: use-case, since: "2025.1", retired_in: "2025.2"}\n',
                        '  UC-1: {kind: use-case, since: "2025.1"}\n')
    text = text.replace('  GP-1: {kind: principle, since: "2025.1"}', '  GP-1: {kind: principle, since: "2025.2"}')
    text = text.replace('  storyboard: {kind: glossary, since: "2025.2"}\n', "")
    text = text.replace('  EX-1: {kind: example, since: "2025.1"}', '  EX-1: {kind: example, since: "2025.9"}')
    register.write_text(text)
    (copy / PRINCIPLES / "use-cases" / "UC-1.yml").write_text(
        (copy / PRINCIPLES / "use-cases" / "UC-1.yml").read_text().split("status: retired")[0])
    code, err = check_output(copy, capsys)
    assert code == 1
    said = "as the register frozen with edition 2025.3 says"
    for line in (
        f'principles/published-ids.yml:2:34: ids.GP-1.since: expected "2025.1", {said}, found "2025.2" (a published '
        'ID\'s since never changes: write "2025.1" again)',
        f'principles/published-ids.yml:4:3: ids.UC-1.retired_in: expected retired_in: "2025.2", {said}, found none '
        '(a retirement is never undone: put back retired_in: "2025.2" (a new item needs a new ID))',
        "principles/published-ids.yml:1:1: ids.storyboard: published ID 'storyboard' is missing from the register, "
        "which edition 2025.3 froze with it (an entry is never removed: put back 'storyboard' with kind glossary "
        'and since "2025.2")',
        "principles/published-ids.yml:7:32: ids.EX-1.since: expected edition 2025.4 or an earlier one, found 2025.9, "
        "which comes after the current edition, 2025.4 (the register records editions that exist: correct the "
        "value (`guidelines register` writes it))",
    ):
        assert line in err, err
