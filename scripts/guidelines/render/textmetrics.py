"""How wide a text will be in the tree diagram, and where its lines break.

An SVG cannot wrap text itself, so the diagram's boxes are sized at build time, with
no browser to ask. The widths (``fontwidths.json``) are the wider of the two common
faces that ``sans-serif`` resolves to (DejaVu Sans; Arial, Helvetica and Liberation
Sans share one set of metrics), so a box sized here holds its text in either. Adding
up single characters ignores kerning, which only ever brings letters closer.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from guidelines.textsafe import collapse

WIDTHS = Path(__file__).with_name("fontwidths.json")


@cache
def _table() -> tuple[dict[str, int], dict[str, int], int]:
    data = json.loads(WIDTHS.read_text(encoding="utf-8"))
    return data["regular"], data["bold"], data["fallback"]


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """The width of ``text`` set in ``size`` px, never less than a browser draws it."""
    regular, heavy, fallback = _table()
    widths = heavy if bold else regular
    return sum(widths.get(ch, fallback) for ch in text) * size / 1000


def wrap(text: str, width: float, size: float, *, bold: bool = False) -> list[str]:
    """``text`` broken into lines no wider than ``width`` px: between words, and inside a
    word only when the word alone is wider than a line. Nothing is left out."""
    space = text_width(" ", size, bold=bold)
    lines: list[str] = []
    current, used = "", 0.0
    for word in collapse(text).split(" "):  # (a no-break space joins its word and the mark after it)
        wide = text_width(word, size, bold=bold)
        if current and used + space + wide <= width:
            current, used = f"{current} {word}", used + space + wide
            continue
        if current:
            lines.append(current)
        if wide <= width:
            current, used = word, wide
            continue
        *whole, current = _split_word(word, width, size, bold)
        lines.extend(whole)
        used = text_width(current, size, bold=bold)
    if current or not lines:
        lines.append(current)
    return lines


def _split_word(word: str, width: float, size: float, bold: bool) -> list[str]:
    """A word too long for one line (an address, say) cut into pieces that fit."""
    pieces, piece = [], ""
    for ch in word:
        if piece and text_width(piece + ch, size, bold=bold) > width:
            pieces.append(piece)
            piece = ""
        piece += ch
    return [*pieces, piece]
