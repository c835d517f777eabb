"""The writer rewrites only what changed, removes what is gone, and stays in its lane."""

from __future__ import annotations

from pathlib import Path

import pytest

from guidelines.writer import Written, is_owned, write_tree


def test_writes_new_files_then_leaves_unchanged_ones_alone(tmp_path: Path) -> None:
    files = {"index.md": "# Home\n", "principles/gp-1.md": "# GP-1\n"}
    first = write_tree(tmp_path, files)
    assert sorted(first.written) == ["index.md", "principles/gp-1.md"]
    before = (tmp_path / "index.md").stat().st_mtime_ns
    second = write_tree(tmp_path, files)
    assert (second.written, second.unchanged, second.removed) == ([], 2, [])
    assert (tmp_path / "index.md").stat().st_mtime_ns == before


def test_rewrites_changed_files_only(tmp_path: Path) -> None:
    write_tree(tmp_path, {"index.md": "a", "glossary.md": "b"})
    report = write_tree(tmp_path, {"index.md": "a", "glossary.md": "c"})
    assert report.written == ["glossary.md"]
    assert (tmp_path / "glossary.md").read_text() == "c"


def test_removes_files_it_no_longer_generates_and_empty_folders(tmp_path: Path) -> None:
    write_tree(tmp_path, {"index.md": "a", "examples/ex-9.md": "gone soon"})
    report = write_tree(tmp_path, {"index.md": "a"})
    assert report.removed == ["examples/ex-9.md"]
    assert not (tmp_path / "examples").exists()


def test_never_touches_hand_written_files(tmp_path: Path) -> None:
    hand = tmp_path / "tool-builders.md"
    hand.write_text("hand-written")
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "site.css").write_text("body{}")
    write_tree(tmp_path, {"index.md": "a"})
    assert hand.read_text() == "hand-written"
    assert (tmp_path / "assets" / "site.css").exists()


@pytest.mark.parametrize("path", ["tool-builders.md", "../escape.md", "principles/../../x.md", "/etc/passwd"])
def test_refuses_paths_outside_what_it_owns(tmp_path: Path, path: str) -> None:
    with pytest.raises(ValueError, match="may not write"):
        write_tree(tmp_path, {path: "x"})


def test_ownership_is_by_exact_file_or_folder_prefix() -> None:
    assert is_owned("principles/gp-1.md")
    assert is_owned("index.md")
    assert not is_owned("index.md.bak")
    assert not is_owned("principles-extra/x.md")


def test_with_a_memo_unchanged_files_are_not_read_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = {"index.md": "# Home\n", "principles/gp-1.md": "# GP-1\n", "api/v1/x.json": b"{}\n"}
    memo = Written()
    write_tree(tmp_path, files, memo)
    before = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*") if p.is_file()}

    def no_read(self: Path) -> bytes:
        raise AssertionError(f"read {self}")

    monkeypatch.setattr(Path, "read_bytes", no_read)
    report = write_tree(tmp_path, {**files, "index.md": "# Home!\n"}, memo)
    assert (report.written, report.unchanged) == (["index.md"], 2)
    assert {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*") if p.is_file() and p.name != "index.md"} == {
        p: t for p, t in before.items() if p.name != "index.md"}


def test_a_memo_notices_files_changed_or_removed_by_someone_else(tmp_path: Path) -> None:
    files = {"index.md": "# Home\n", "glossary.md": "# Terms\n"}
    memo = Written()
    write_tree(tmp_path, files, memo)
    (tmp_path / "index.md").write_text("# Hand-edited, longer\n")
    (tmp_path / "glossary.md").unlink()
    report = write_tree(tmp_path, files, memo)
    assert sorted(report.written) == ["glossary.md", "index.md"]
    assert (tmp_path / "index.md").read_text() == "# Home\n"


def test_a_memo_forgets_files_no_longer_generated(tmp_path: Path) -> None:
    memo = Written()
    write_tree(tmp_path, {"index.md": "a", "examples/ex-9.md": "b"}, memo)
    report = write_tree(tmp_path, {"index.md": "a"}, memo)
    assert report.removed == ["examples/ex-9.md"]
    assert set(memo.files) == {"index.md"}
    assert not (tmp_path / "examples").exists()
