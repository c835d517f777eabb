"""The preview's incremental generation makes exactly what a full generation makes.

A ``Session`` (what ``mkdocs serve`` keeps between rebuilds) skips unchanged inputs,
parses only changed files, checks only changed examples and renders only the pages
an edit can change. Each test edits the content one way after another and compares
the session's output, file by file and fragment by fragment, and what it left in
docs/, with a fresh full generation of the same content.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bench import synthetic
from editions_util import start_edition, three_editions
from fixtures_util import ROOT, make_project
from guidelines.load import corpus
from guidelines.output import generate, writer
from guidelines.preview import incremental
from guidelines.problems import Problems


def full_generation(project: Path) -> tuple[dict[str, str], dict[str, str]]:
    """What a fresh process makes from the project's content: (files, fragments)."""
    ctx, problems = generate.check(project)
    assert ctx is not None, problems.report()
    files = generate.render_files(ctx)
    return files, dict(ctx.fragments)


def owned_on_disk(docs: Path) -> dict[str, str]:
    return {p.relative_to(docs).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(docs.rglob("*")) if p.is_file() and writer.is_owned(p.relative_to(docs).as_posix())}


def assert_same_as_full(session: incremental.Session, project: Path) -> None:
    files, fragments = full_generation(project)
    assert session.last is not None and session.context is not None
    made = session.last.files
    assert sorted(made) == sorted(files)
    different = [path for path in files if made[path] != files[path]]
    assert not different, f"differs from a full generation: {different}"
    assert dict(session.context.fragments) == fragments
    on_disk = owned_on_disk(session.docs_dir)
    assert sorted(on_disk) == sorted(files)
    assert [path for path in files if on_disk[path] != files[path]] == []


def save(path: Path, text: str) -> None:
    """Write as an editor would, and make sure the file's time moves on (file times can be coarse)."""
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text, encoding="utf-8")
    later = max(path.stat().st_mtime_ns, before + 10_000_000)
    os.utime(path, ns=(later, later))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    save(path, text.replace(old, new, 1))


def mtimes(docs: Path) -> dict[str, int]:
    return {p.as_posix(): p.stat().st_mtime_ns for p in docs.rglob("*") if p.is_file()}


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Path]:
    yield make_project(tmp_path / "project")


@pytest.fixture
def session(project: Path) -> incremental.Session:
    session = incremental.Session(project, project / "docs")
    session.generate()
    assert session.mode == "full"
    return session


def test_nothing_changed_generates_nothing(session: incremental.Session, project: Path) -> None:
    before = mtimes(project / "docs")
    result = session.generate()
    assert session.mode == "unchanged"
    assert (result.report.written, result.report.removed) == ([], [])
    assert mtimes(project / "docs") == before


def test_a_file_saved_unchanged_rewrites_nothing(session: incremental.Session, project: Path) -> None:
    before = mtimes(project / "docs")
    for name in ("examples/EX-1.yml", "guiding-principles/GP-1.yml"):
        path = project / "principles" / name
        save(path, path.read_text(encoding="utf-8"))
    result = session.generate()
    assert (result.report.written, result.report.removed) == ([], [])
    assert mtimes(project / "docs") == before
    assert_same_as_full(session, project)


# Edits applied one after another to the base corpus, each with what the session may skip.
EDITS: list[tuple[str, str, list[tuple[str, str, str]]]] = [
    ("scenario", "examples", [("examples/EX-1.yml", "A mood board from owned stills.",
                               "A mood board from *owned* stills, see [the brief](https://example.test/b).")]),
    ("analysis", "examples", [("examples/EX-1.yml", "Nothing unowned is used.",
                               "Nothing unowned is used.\n\n  - a list\n  - of two")]),
    ("scenario of two examples", "examples", [("examples/EX-2.yml", "may look like", "might look like"),
                                             ("examples/EX-3.yml", "celebrity photos.", "celebrity photos only.")]),
    ("title", "checked-examples", [("examples/EX-1.yml", "title: Mood board", "title: Mood board for a pilot")]),
    ("verdicts and answers", "checked-examples", [
        ("examples/EX-2.yml", 'q-data: "no"\n      q-own: not-sure\n    verdict: escalate\nresult: escalate',
         'q-data: "yes"\n    verdict: approval-required\nresult: approval-required'),
        ("examples/EX-3.yml", 'q-data: "yes"\n    verdict: approval-required\nresult: approval-required',
         'q-data: "no"\n      q-own: not-sure\n    verdict: escalate\nresult: escalate')]),
    ("outcome", "checked-examples", [("examples/EX-1.yml", "    outcome: o-proceed\n", "")]),
    ("categories", "checked-examples", [("examples/EX-1.yml", "principles: [GP-1]\n",
                                         "principles: [GP-1]\ncategories: [AC-1]\n")]),
    ("stages", "checked-examples", [("examples/EX-1.yml", "stages: [development]",
                                     "stages: [development, production]")]),
    ("kind", "checked-examples", [("examples/EX-1.yml", "kind: illustrative", "kind: real\nsources: [SRC-1]")]),
    ("scenario again", "examples", [("examples/EX-1.yml", "see [the brief]", "see [the new brief]")]),
    ("principle", "full", [("guiding-principles/GP-1.yml", "title: Own what you use", "title: Own all you use")]),
    ("principle text", "full", [("guiding-principles/GP-1.yml", "Because of copyright.", "Because of copyright law.")]),
    ("scenario after a full render", "examples", [("examples/EX-3.yml", "photos only.", "photos, only.")]),
]


def test_each_edit_gives_what_a_full_generation_gives(session: incremental.Session, project: Path) -> None:
    for label, mode, changes in EDITS:
        for name, old, new in changes:
            edit(project / "principles" / name, old, new)
        session.generate()
        assert session.mode == mode, label
        assert_same_as_full(session, project)


def test_private_edit_rewrites_only_the_example_and_the_json_that_holds_it(
        session: incremental.Session, project: Path) -> None:
    edit(project / "principles" / "examples" / "EX-2.yml", "Not sure means escalate.", "Not sure, so escalate.")
    result = session.generate()
    assert session.mode == "examples"
    assert sorted(result.report.written) == ["api/v1/examples/EX-2.json", "api/v1/guidelines.json",
                                             "api/v1/index.json", "examples/ex-2.md"]


def test_adding_and_removing_an_example(session: incremental.Session, project: Path) -> None:
    examples, register = project / "principles" / "examples", project / "principles" / "published-ids.yml"
    registered = register.read_text()
    save(examples / "EX-4.yml", (examples / "EX-1.yml").read_text().replace("id: EX-1", "id: EX-4"))
    save(register, registered + '  EX-4: {kind: example, since: "2025.1"}\n')
    session.generate()
    assert session.mode == "full"
    assert_same_as_full(session, project)
    assert (project / "docs" / "examples" / "ex-4.md").is_file()
    (examples / "EX-4.yml").unlink()  # never published: it leaves the register too
    save(register, registered)
    result = session.generate()
    assert "examples/ex-4.md" in result.report.removed
    assert_same_as_full(session, project)


def test_a_broken_edit_writes_nothing_and_reports_what_a_fresh_check_reports(
        session: incremental.Session, project: Path) -> None:
    docs = project / "docs"
    before = mtimes(docs)
    example = project / "principles" / "examples" / "EX-1.yml"
    good = example.read_text()
    edit(example, "verdict: proceed", "verdict: escalate")
    with pytest.raises(generate.ContentError) as first:
        session.generate()
    with pytest.raises(generate.ContentError) as again:  # the same content: the same report, at once
        session.generate()
    _, problems = generate.check(project)
    assert first.value.problems.report() == again.value.problems.report() == problems.report()
    assert mtimes(docs) == before
    save(example, good)
    result = session.generate()
    assert (result.report.written, result.report.removed) == ([], [])
    assert_same_as_full(session, project)


def test_a_larger_corpus_edited_at_random_stays_identical(tmp_path: Path) -> None:
    """Synthetic examples on two trees: scenario edits (rendered alone) mixed with others."""
    project = tmp_path / "synthetic"
    synthetic.make_project(project, ROOT, 30, 25)
    session = incremental.Session(project, project / "docs")
    session.generate()
    examples = project / "principles" / "examples"
    modes = []
    for number, change in ((7, "scenario"), (12, "analysis"), (7, "title"), (3, "scenario"), (20, "stages")):
        path = examples / f"EX-{number}.yml"
        text = path.read_text(encoding="utf-8")
        if change == "scenario":
            text = re.sub(r"(scenario: >-\n  )", r"\g<1>Edited: ", text, count=1)
        elif change == "analysis":
            text = text.replace("analysis: |-\n  ", "analysis: |-\n  Edited with GP-1 in mind. ", 1)
        elif change == "title":
            text = re.sub(r'(title: ")', r"\g<1>Edited ", text, count=1)
        else:
            stages = re.search(r"stages:\n(?:  - .*\n)+", text)
            assert stages is not None
            other = "stages:\n  - production\n  - development\n"
            text = text.replace(stages.group(0), other if stages.group(0) != other else "stages:\n  - production\n")
        save(path, text)
        session.generate()
        modes.append(session.mode)
        assert_same_as_full(session, project)
    assert modes[:4] == ["examples", "examples", "checked-examples", "examples"]


def test_only_changed_files_are_parsed_again(session: incremental.Session, project: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    read: list[str] = []
    original = corpus.read_yaml

    def counting(path: Path, display: str, problems: Problems) -> Any:
        read.append(display)
        return original(path, display, problems)

    monkeypatch.setattr(corpus, "read_yaml", counting)
    edit(project / "principles" / "examples" / "EX-2.yml", "may look like", "might look like")
    session.generate()
    assert read == ["principles/examples/EX-2.yml"]
    read.clear()
    edit(project / "principles" / "examples" / "EX-2.yml", "verdict: escalate", "verdict: proceed")
    with pytest.raises(generate.ContentError):
        session.generate()
    edit(project / "principles" / "examples" / "EX-2.yml", "verdict: proceed", "verdict: escalate")
    session.generate()
    assert read == ["principles/examples/EX-2.yml"] * 2


def test_with_published_editions_each_edit_gives_what_a_full_generation_gives(tmp_path: Path) -> None:
    """The preview of a draft edition after three published ones: the earlier editions' pages, the
    computed changes and the notes check stay what a full generation makes, edit after edit."""
    project = three_editions(tmp_path / "project")
    start_edition(project, "2025.4", "2026-03-01", "Next", "Next.")
    session = incremental.Session(project, project / "docs")
    session.generate()
    assert_same_as_full(session, project)
    examples = project / "principles" / "examples"
    edit(examples / "EX-1.yml", "scenario: ", "scenario: Again. ")  # a private field: this example alone
    session.generate()
    assert session.mode == "examples"
    assert_same_as_full(session, project)
    edit(project / "principles" / "guiding-principles" / "GP-1.yml", "title: ", "title: Still ")
    session.generate()
    assert session.mode == "full"
    assert_same_as_full(session, project)
    assert "edition-2025-4" in session.last.files["changelog.md"]
