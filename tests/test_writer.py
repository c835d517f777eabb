"""The writer rewrites only what changed, removes what is gone, and stays in its lane."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from guidelines.output import writer
from guidelines.output.writer import MANIFEST, WriteRefused, Written, is_owned, write_tree


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

    def no_read(folders: object, relpath: str, size: int) -> bytes:
        raise AssertionError(f"read {relpath}")

    monkeypatch.setattr(writer, "_read", no_read)
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


def test_it_records_what_it_wrote_and_deletes_only_that(tmp_path: Path) -> None:
    write_tree(tmp_path, {"index.md": "a", "examples/ex-1.md": "b"})
    manifest = (tmp_path / MANIFEST).read_text().splitlines()
    assert [line for line in manifest if not line.startswith("#")] == ["examples/ex-1.md", "index.md"]
    assert write_tree(tmp_path, {"index.md": "a"}).removed == ["examples/ex-1.md"]


@pytest.mark.parametrize("action", ["delete", "overwrite"])
def test_a_hand_written_file_in_a_generated_folder_is_refused_not_destroyed(tmp_path: Path, action: str) -> None:
    write_tree(tmp_path, {"index.md": "a", "examples/ex-1.md": "b"})
    notes = tmp_path / "examples" / ("notes.md" if action == "delete" else "ex-2.md")
    notes.write_text("my notes")
    before = snapshot(tmp_path)
    with pytest.raises(WriteRefused) as refused:
        write_tree(tmp_path, {"index.md": "changed", "examples/ex-1.md": "b", "examples/ex-2.md": "new"}
                   if action == "overwrite" else {"index.md": "changed"})
    report = refused.value.problems.report()
    assert f"docs/examples/{notes.name}:1:1: (file): the generator did not write this file" in report
    assert f"generating would {action} it" in report
    assert snapshot(tmp_path) == before, "nothing written or deleted"


def test_a_file_identical_to_what_it_generates_is_adopted(tmp_path: Path) -> None:
    (tmp_path / "examples").mkdir()
    (tmp_path / "examples" / "ex-1.md").write_text("b")
    report = write_tree(tmp_path, {"examples/ex-1.md": "b"})
    assert report.unchanged == 1
    assert "examples/ex-1.md" in (tmp_path / MANIFEST).read_text()


@pytest.mark.parametrize("link", ["api", "principles", "index.md", "examples/ex-1.md"])
def test_a_link_at_a_generated_path_is_refused_and_never_followed(tmp_path: Path, link: str) -> None:
    project, outside = tmp_path / "project", tmp_path / "outside"
    docs = project / "docs"
    write_tree(docs, {"examples/ex-1.md": "a", "examples/ex-2.md": "b"}, root=project)
    (outside / "api").mkdir(parents=True)
    (outside / "keep.md").write_text("precious")
    (outside / "api" / "keep.json").write_text("{}")
    target = docs / link
    if target.is_file():
        target.unlink()
    target.symlink_to(outside / ("api" if link.endswith(("api", "principles")) else "keep.md"))
    before = snapshot(tmp_path)
    with pytest.raises(WriteRefused) as refused:
        write_tree(docs, {"examples/ex-1.md": "a2", "index.md": "x", "api/v1/x.json": "{}",
                          "principles/gp-1.md": "p"}, root=project)
    assert f"docs/{link}:1:1: (file): this is a symbolic link" in refused.value.problems.report()
    assert snapshot(tmp_path) == before


def test_a_link_pointing_back_at_the_project_deletes_nothing(tmp_path: Path) -> None:
    """docs/api -> .. once made the generator delete .git, the Makefile and the README."""
    project = tmp_path / "project"
    (project / ".git").mkdir(parents=True)
    (project / "README.md").write_text("readme")
    docs = project / "docs"
    docs.mkdir()
    (docs / "api").symlink_to("..")
    before = snapshot(project)
    with pytest.raises(WriteRefused):
        write_tree(docs, {"index.md": "a"}, root=project)
    assert snapshot(project) == before


def test_a_docs_folder_outside_the_project_is_refused(tmp_path: Path) -> None:
    project, elsewhere = tmp_path / "project", tmp_path / "elsewhere"
    project.mkdir()
    elsewhere.mkdir()
    (project / "docs").symlink_to(elsewhere)
    with pytest.raises(WriteRefused, match="outside the project"):
        write_tree(project / "docs", {"index.md": "a"}, root=project)
    assert list(elsewhere.iterdir()) == []


def snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every entry under ``folder``: files by content, links by target (nothing followed)."""
    found: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[name] = "-> " + str(path.readlink())
        elif path.is_file():
            found[name] = path.read_bytes()
        else:
            found[name] = "dir"
    return found


def test_a_run_cut_short_is_finished_by_the_next(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The manifest names the files before they are written, and a leftover temporary file is the writer's."""
    write_tree(tmp_path, {"index.md": "a"})
    files = {"index.md": "a", **{f"examples/ex-{n}.md": f"example {n}" for n in range(1, 6)}}
    real_put, calls = writer._put, []

    def dies_half_way(folders: object, relpath: str, data: bytes) -> object:
        calls.append(relpath)
        if len(calls) == 4:  # the manifest, then two examples, then the process is killed
            (tmp_path / "examples" / f".ex-3.md.{os.getpid()}.tmp").write_bytes(data[:3])
            raise KeyboardInterrupt
        return real_put(folders, relpath, data)

    monkeypatch.setattr(writer, "_put", dies_half_way)
    with pytest.raises(KeyboardInterrupt):
        write_tree(tmp_path, files)
    monkeypatch.setattr(writer, "_put", real_put)
    report = write_tree(tmp_path, files)
    assert sorted(report.written) == ["examples/ex-3.md", "examples/ex-4.md", "examples/ex-5.md"]
    assert sorted(p.name for p in (tmp_path / "examples").iterdir()) == [f"ex-{n}.md" for n in range(1, 6)]


def test_git_ignores_exactly_what_the_writer_owns() -> None:
    """The writer's paths come from the table of kinds; .gitignore must list the same ones (and no more)."""
    from fixtures_util import ROOT

    lines = (ROOT / ".gitignore").read_text().splitlines()
    ignored = {line.removeprefix("docs/") for line in lines if line.startswith("docs/")}
    assert ignored == {*writer.OWNED, MANIFEST, ".generated.lock"}
