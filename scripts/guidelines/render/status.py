"""Whose rules these are, said wherever the text is shown or quoted.

An unofficial paraphrase must never pass for the issuer's own text: its label and
notice go on every page (the theme's banner, on screen and in print), into cite
lines, decision records and the JSON. Official rules carry none. Editions frozen
before the guideline said its status had only a ``disclaimer``: that is their notice.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import markdown

from guidelines.render import i18n, sanitize
from guidelines.textsafe import safe_text

OFFICIAL = "official"


@dataclass(frozen=True)
class Status:
    """What to tell a reader about who issues the text (nothing for official rules)."""

    official: bool
    label: str | None  # a few words, for cite lines, print margins and records
    notice: str | None  # Markdown, shown with the text

    def html(self) -> str:
        """The notice as sanitised HTML (for the theme, which does not run the page's Markdown)."""
        return _notice_html(self.notice) if self.notice else ""

    def suffix(self) -> str:
        """Added to a cite line, so that a quoted line keeps its status."""
        return f" ({self.label})" if self.label else ""


@lru_cache(maxsize=64)
def _notice_html(notice: str) -> str:
    """Converted once per text: every page of every edition shows its edition's notice."""
    return sanitize.clean(markdown.markdown(str(safe_text(notice))))


def status_of(guideline: dict[str, Any], language: str = i18n.DEFAULT) -> Status:
    """The guideline's status (``language``: the words of the label an edition frozen before 'status'
    existed is given; a later edition's label is its own text)."""
    if guideline.get("status") == OFFICIAL:
        return Status(True, None, None)
    if "status" in guideline:
        return Status(False, guideline.get("status_label"), guideline.get("notice"))
    disclaimer = guideline.get("disclaimer")  # an edition frozen before 'status' existed
    return Status(False, i18n.text(language, "status.unofficial") if disclaimer else None, disclaimer)


def human_date(value: object) -> str:
    """'2025-08' as 'August 2025' (a month is all some sources give); a full date stays as it is written."""
    return i18n.format_date(i18n.DEFAULT, value)
