"""The strict YAML reader: types as authors expect, locations for everything."""

from __future__ import annotations

from pathlib import Path

from guidelines.problems import Problems
from guidelines.yamlsource import dotted, read_yaml


def load(tmp_path: Path, text: str | bytes):
    path = tmp_path / "item.yml"
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    problems = Problems()
    return read_yaml(path, "item.yml", problems), problems


def test_scalars_resolve_like_yaml_but_dates_stay_text(tmp_path: Path) -> None:
    source, problems = load(tmp_path, 'a: yes\nb: "yes"\nc: 3\nd: 2025-08-26\ne: ~\nf: 1.5\n')
    assert not problems
    assert source.data == {"a": True, "b": "yes", "c": 3, "d": "2025-08-26", "e": None, "f": 1.5}


def test_every_value_and_key_has_a_location(tmp_path: Path) -> None:
    source, _ = load(tmp_path, "id: X\nnodes:\n  - id: a\n    options: [1, 2]\n")
    assert source.where(("nodes", 0, "options", 1)).line == 4
    assert source.where(("nodes", 0, "options", 1)).column == 18
    assert source.where(("nodes", 0, "id"), key=True).column == 5
    # An unknown path falls back to its nearest known parent.
    assert source.where(("nodes", 0, "missing")).line == 3


def test_block_text_keeps_its_lines(tmp_path: Path) -> None:
    source, _ = load(tmp_path, "text: |\n  one\n  two\n")
    assert source.data["text"] == "one\ntwo\n"


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    source, problems = load(tmp_path, "\ufeffid: X\n".encode())
    assert not problems and source.data == {"id": "X"}


def test_oversized_file_is_refused_before_parsing(tmp_path: Path) -> None:
    source, problems = load(tmp_path, "a: " + "x" * 2_100_000 + "\n")
    assert source is None
    assert "over the 2,000,000-byte limit" in problems.items[0].message


def test_dotted_paths_read_like_the_yaml() -> None:
    assert dotted(("nodes", 2, "options", 0, "next")) == "nodes[2].options[0].next"
    assert dotted(()) == ""
