"""Property-based tests of the loader and the validator (hypothesis).

Whatever bytes an author saves, the loader and the validator must never raise: they
end in success or in problems, and every problem is located (a path under
principles/, line >= 1, column >= 1). Inputs are random bytes, random YAML-ish text,
and the valid base corpus mutated a little (lines dropped, duplicated, swapped or
re-indented; bytes inserted, deleted or replaced), which reaches much deeper into the
checks than random text does. Content that survives a mutation must also render.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from fixtures_util import BASE
from guidelines.check.validate import validate
from guidelines.context import build_context
from guidelines.load.yamlsource import read_yaml
from guidelines.output.generate import render_files
from guidelines.problems import Location, Problems

SETTINGS = settings(max_examples=200, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
BASE_FILES = sorted(p.relative_to(BASE).as_posix() for p in (BASE / "principles").rglob("*.yml"))
TOKENS = ["-", "- ", ":", ": ", " ", "  ", "\n", "\n  ", "\n- ", "[", "]", "{", "}", ",", "&a ", "*a", "!!str ",
          "!x ", "'", '"', "|", ">-", "#", "? ", "id", "GP-1", "title", "nodes", "\t", "\x00", "\x1b", "---",
          "...", "%YAML 1.1\n", "\ufeff", "é", "\u2028", "yes", "null", "~", "1e999", ".nan", "0x1F", "<<: ",
          "2025-08-26", "\\", "\r\n", "\xa0"]


def assert_located(problems: Problems, *, prefix: str = "") -> None:
    for problem in problems.items:
        where = problem.location
        assert where.line >= 1 and where.column >= 1, problem
        assert where.path.startswith(prefix), problem
        assert "\n" not in str(problem), problem


def read(tmp_path: Path, data: bytes) -> tuple[object, Problems]:
    path = tmp_path / "item.yml"
    path.write_bytes(data)
    problems = Problems()
    source = read_yaml(path, "principles/item.yml", problems)
    assert (source is None) == bool(problems), "a file is either read or reported, never both or neither"
    assert_located(problems, prefix="principles/item.yml")
    return source, problems


@SETTINGS
@given(data=st.binary(max_size=400))
def test_loader_survives_random_bytes(tmp_path: Path, data: bytes) -> None:
    read(tmp_path, data)


@SETTINGS
@given(text=st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=6)), max_size=60).map("".join))
def test_loader_survives_random_yaml_like_text(tmp_path: Path, text: str) -> None:
    read(tmp_path, text.encode("utf-8", "surrogatepass"))


def mutate(text: bytes, data: st.DataObject) -> bytes:
    """Apply one to three small edits, of the kinds an author's slip makes."""
    for _ in range(data.draw(st.integers(1, 3), label="edits")):
        lines = text.split(b"\n")
        kind = data.draw(st.sampled_from(["drop", "duplicate", "swap", "indent", "insert", "delete", "replace"]),
                         label="edit")
        i = data.draw(st.integers(0, len(lines) - 1), label="line")
        j = data.draw(st.integers(0, len(lines) - 1), label="other line")
        position = data.draw(st.integers(0, len(text)), label="position")
        if kind == "drop":
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "swap":
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "indent":
            lines[i] = b" " * data.draw(st.integers(0, 6), label="spaces") + lines[i].lstrip(b" ")
        if kind in ("drop", "duplicate", "swap", "indent"):
            text = b"\n".join(lines)
            continue
        chunk = data.draw(st.one_of(st.sampled_from([t.encode("utf-8") for t in TOKENS]), st.binary(max_size=4)),
                          label="bytes")
        size = data.draw(st.integers(1, 8), label="size")
        if kind == "insert":
            text = text[:position] + chunk + text[position:]
        elif kind == "delete":
            text = text[:position] + text[position + size:]
        else:
            text = text[:position] + chunk + text[position + len(chunk):]
    return text


@SETTINGS
@given(name=st.sampled_from(BASE_FILES), data=st.data())
def test_loader_survives_mutated_content(tmp_path: Path, name: str, data: st.DataObject) -> None:
    read(tmp_path, mutate((BASE / name).read_bytes(), data))


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("properties") / "project"
    shutil.copytree(BASE / "principles", root / "principles")
    return root


@settings(SETTINGS, max_examples=150)
@given(name=st.sampled_from(BASE_FILES), data=st.data())
def test_validator_survives_mutated_content(project: Path, name: str, data: st.DataObject) -> None:
    target = project / name
    original = (BASE / name).read_bytes()
    target.write_bytes(mutate(original, data))
    try:
        corpus, trees, problems = validate(project)
        assert_located(problems, prefix="principles/")
        for problem in problems.items:  # a problem names a file the author has
            assert (project / problem.location.path).is_file(), problem
        if not problems:  # whatever survived validation must render
            render_files(build_context(corpus, trees))
    finally:
        target.write_bytes(original)


def test_the_mutations_reach_past_the_loader(project: Path) -> None:
    """Guards the property above: an unchanged corpus is valid, so mutations start from success."""
    _, _, problems = validate(project)
    assert not problems, problems.report()


def _run_mutation_property(tmp_path: Path) -> None:
    @settings(SETTINGS, max_examples=50, phases=[Phase.generate], report_multiple_bugs=False)
    @given(name=st.sampled_from(BASE_FILES), data=st.data())
    def prop(name: str, data: st.DataObject) -> None:
        read(tmp_path, mutate((BASE / name).read_bytes(), data))

    prop()


def test_the_property_fails_for_a_loader_that_raises(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A plain yaml.safe_load reader (exceptions, no problems list) is caught at once."""

    def naive(path: Path, display: str, problems: Problems) -> object:
        return yaml.safe_load(path.read_bytes())

    monkeypatch.setattr(sys.modules[__name__], "read_yaml", naive)
    with pytest.raises(yaml.YAMLError):
        _run_mutation_property(tmp_path)


def test_the_property_fails_for_unlocated_problems(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A loader that reports problems without a line (line 0) is caught too."""

    original = read_yaml

    def unlocated(path: Path, display: str, problems: Problems) -> object:
        found = Problems()
        source = original(path, display, found)
        for problem in found.items:
            problems.add(Location(problem.location.path, 0, 0), problem.field, problem.message)
        return source

    monkeypatch.setattr(sys.modules[__name__], "read_yaml", unlocated)
    with pytest.raises(AssertionError):
        _run_mutation_property(tmp_path)
