"""The strict YAML reader: types as authors expect, locations for everything."""

from __future__ import annotations

from pathlib import Path

from guidelines.load import yamlsource
from guidelines.load.yamlsource import dotted, read_yaml
from guidelines.problems import Problems


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


# The fast reader (no locations) must build exactly what the locating reader builds,
# and hand every unusual file to it.
SAME_DATA = [
    "id: X\nnodes:\n  - id: a\n    options: [1, 2]\n  - {id: b, text: 'q: r'}\n",
    "a: []\nb: {}\nc: [[], [{}], [[1]]]\nd: null\n'quoted key': |\n  block\n  text\ne: >-\n  folded\n  line\n",
    "- 1\n- yes\n- '2025-01-01'\n- 2025-01-01\n- 0x10\n- 1e3\n- .inf\n- ~\n- ''\n- \"\\u00e9t\\u00e9\"\n",
    "title: Été\n",
    "x: ! plain\n",
]


def test_reading_with_and_without_locations_builds_the_same_data() -> None:
    texts = list(SAME_DATA)
    texts += [p.read_text(encoding="utf-8") for p in sorted(Path("principles").rglob("*.yml"))]
    for text in texts:
        plain = yamlsource._build(text, yamlsource.SourceFile(Path("x"), "x"), locate=False)
        located = yamlsource.SourceFile(Path("x"), "x")
        assert plain == yamlsource._build(text, located, locate=True), text
        assert located.values and () in located.values


UNUSUAL = {
    "anchor": "a: &one 1\nb: 2\n",
    "alias": "a: &one 1\nb: *one\n",
    "tag": "a: !!str 1\n",
    "tag on a mapping": "a: !!map {b: 1}\n",
    "duplicate key": "a: 1\nb: 2\na: 3\n",
    "key that is not text": "a: 1\n2: b\n",
    "key that is a mapping": "? {a: 1}\n: b\n",
    "two documents": "a: 1\n---\nb: 2\n",
    "empty": "# nothing\n",
    "null document": "~\n",
    "deep": "a: " + "[" * 45 + "]" * 45 + "\n",
}


def test_every_unusual_file_is_refused_where_it_goes_wrong(tmp_path: Path) -> None:
    for name, text in UNUSUAL.items():
        source, problems = load(tmp_path, text)
        assert source is None and len(problems) == 1, name
        assert problems.items[0].location.line >= 1, name


def test_locations_are_worked_out_once_when_first_asked_for(tmp_path: Path) -> None:
    source, problems = load(tmp_path, "id: X\ntitle: T\n")
    assert not problems and source.text is not None and not source.values
    assert source.where(("title",)).line == 2
    assert source.text is None and source.values[("title",)] == (2, 8)
    assert source.where(("title",), key=True).column == 1


def test_an_invisible_line_break_is_named_and_the_syntax_error_located_as_an_editor_shows_it(tmp_path: Path) -> None:
    """YAML breaks lines at U+0085, U+2028 and U+2029 too; an editor shows them inside a line (the error is at the
    end of the file, line 4, as it is without the separator: not line 5)."""
    for separator, name in (("\x85", "U+0085 NEXT LINE"), ("\u2028", "U+2028 LINE SEPARATOR"),
                            ("\u2029", "U+2029 PARAGRAPH SEPARATOR")):
        data, problems = load(tmp_path, f'title: "one{separator}two"\nrule: fine\nstray line\n')
        assert data is None
        assert [str(p) for p in problems.items] == [
            f"item.yml:1:12: (file): an invisible {name}, which YAML reads as a line break (remove it: press Enter "
            "for a new line)",
            "item.yml:4:1: (file): YAML syntax error: could not find expected ':' while scanning a simple key (each "
            "line in a mapping needs 'key: value'; check indentation and quotes)"], name
