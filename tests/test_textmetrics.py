"""Text widths and line breaks for the diagram: every line fits, no word is lost or cut short."""

from __future__ import annotations

import json

import pytest

from guidelines.render.textmetrics import WIDTHS, text_width, wrap

SENTENCE = ("A routine fix: touch-up, wardrobe, noise removal, timing, continuity, pitch or clarity, "
            "or dubbing or doubles the contract allows")


@pytest.mark.parametrize("width", [90, 168, 208, 1000])
def test_lines_fit_and_keep_every_word_in_order(width: float) -> None:
    lines = wrap(SENTENCE, width, 13)
    assert all(text_width(line, 13) <= width for line in lines)
    assert " ".join(lines) == SENTENCE
    assert "…" not in "".join(lines)


def test_a_word_wider_than_a_line_is_cut_into_pieces_that_fit() -> None:
    address = "https://example.com/a/very/long/address/that/does/not/fit/anywhere"
    lines = wrap(f"See {address} now", 100, 13)
    assert all(text_width(line, 13) <= 100 for line in lines)
    assert "".join(lines).replace(" ", "") == f"See{address}now"


def test_bold_is_wider_and_an_unknown_character_counts_as_wide() -> None:
    assert text_width("Written approval required", 13, bold=True) > text_width("Written approval required", 13)
    fallback = json.loads(WIDTHS.read_text(encoding="utf-8"))["fallback"]
    assert text_width("漢", 10) == fallback / 100
    assert text_width("漢", 10) >= text_width("W", 10)


def test_the_table_covers_printable_ascii_and_latin_1() -> None:
    table = json.loads(WIDTHS.read_text(encoding="utf-8"))
    for style in ("regular", "bold"):
        missing = [chr(c) for c in [*range(32, 127), *range(160, 256)] if chr(c) not in table[style]]
        assert not missing, (style, missing)


def test_empty_text_is_one_empty_line() -> None:
    assert wrap("", 100, 13) == [""]
    assert wrap("   ", 100, 13) == [""]
