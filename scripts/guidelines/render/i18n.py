"""The site's interface text, in each language it is published in: one table per language.

Content (titles, rules, questions...) comes from the YAML and its translations; everything
else a reader sees, headings and labels of the templates, the pieces made in Python, the
theme's banner, the widget's buttons, its e-mail and its printed record, comes from
``i18n/<language>.yml``. The files hold the same keys, and each key the same
``{placeholders}`` in every language (tests/test_i18n.py). Keys are dotted paths through the
file's nesting (``cite.label``).

A value is written as it lands in the page: Markdown or HTML where the page holds Markdown
or HTML there. The values put into it are the caller's to escape (``Renderer``'s ``t``
escapes them as a template's ``{{ }}`` would).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from markupsafe import escape

from guidelines.render import typography
from guidelines.textsafe import json_for_html

try:  # the C parser reads a table in a tenth of the time
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

LANGUAGES = ("en", "fr")
DEFAULT = "en"
TABLES = Path(__file__).parent / "i18n"
# What format_date hands every date pattern: each language's patterns use the ones they need.
DATE_FIELDS = frozenset({"day", "month", "year", "iso"})
_PLACEHOLDER = re.compile(r"(?<!\{)\{(\w*)\}(?!\})")
_FULL_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_MONTH = re.compile(r"(\d{4})-(\d{2})")


class UnknownText(KeyError):
    """A key, or a language, the tables do not have."""

    def __str__(self) -> str:  # KeyError would print the message in quotes
        return str(self.args[0])


def _flatten(prefix: str, value: Any, out: dict[str, str]) -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            _flatten(f"{prefix}.{key}" if prefix else str(key), inner, out)
    else:
        out[prefix] = str(value)


@cache
def nested(language: str) -> dict[str, Any]:
    """A language's table as its file nests it (read once: ``refresh`` reads an edited file again)."""
    if language not in LANGUAGES:
        raise UnknownText(f"no interface text for language {language!r}: the site has {', '.join(LANGUAGES)} "
                          f"(render/i18n/<language>.yml)")
    path = TABLES / f"{language}.yml"
    _read[language] = _stamp(path)
    with open(path, encoding="utf-8") as handle:
        return _typeset(language, yaml.load(handle, Loader=_Loader))


def _typeset(language: str, value: Any) -> Any:
    """The table's texts set as the language sets text (typography.py)."""
    if isinstance(value, dict):
        return {key: _typeset(language, inner) for key, inner in value.items()}
    return typography.typeset(language, value) if isinstance(value, str) else value


_read: dict[str, tuple[int, int]] = {}  # language -> its file's (size, mtime) when read


def _stamp(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_size, stat.st_mtime_ns


def refresh() -> None:
    """Forget the tables whose files changed since they were read (the preview regenerates after an edit:
    each ``Renderer`` calls this once, so a page never pays for a file check)."""
    if any(_stamp(TABLES / f"{language}.yml") != stamp for language, stamp in _read.items()):
        _read.clear()
        nested.cache_clear()
        table.cache_clear()


@cache
def table(language: str) -> dict[str, str]:
    """A language's table, by dotted key."""
    out: dict[str, str] = {}
    _flatten("", nested(language), out)
    return out


def placeholders(value: str) -> set[str]:
    """The ``{names}`` a value takes (``{{`` and ``}}`` are literal braces)."""
    return set(_PLACEHOLDER.findall(value))


def raw(language: str, key: str) -> str:
    """A key's value as written, placeholders unfilled (for text a script fills in)."""
    found = table(language).get(key)
    if found is None:
        close = [k for k in table(language) if k.rpartition(".")[0] == key.rpartition(".")[0]][:5]
        hint = f" (keys beside it: {', '.join(close)})" if close else ""
        raise UnknownText(f"no interface text {key!r} in render/i18n/{language}.yml{hint}")
    return found


def text(language: str, key: str, /, **values: Any) -> str:
    """A key's value in a language, its placeholders filled (``str.format``)."""
    value = raw(language, key)
    try:
        return value.format(**values)
    except (KeyError, IndexError) as error:
        raise UnknownText(f"interface text {key!r} ({language}) needs the value {error}; given: "
                          f"{', '.join(sorted(values)) or 'none'}") from None


def group(language: str, key: str) -> dict[str, Any]:
    """A part of a language's table as nested values (what a script receives, as JSON)."""
    found: Any = nested(language)
    for part in key.split("."):
        found = found.get(part) if isinstance(found, dict) else None
        if found is None:
            raise UnknownText(f"no interface text group {key!r} in render/i18n/{language}.yml")
    if not isinstance(found, dict):
        raise UnknownText(f"interface text {key!r} ({language}) is one text, not a group")
    return found


def format_date(language: str, value: object) -> str:
    """A date as the site shows it: a month ('2025-08') or a day ('2025-08-26') in the language's words.

    Anything else (a date written some other way) stays as it is written.
    """
    written = str(value)
    full, month = _FULL_DATE.fullmatch(written), _MONTH.fullmatch(written)
    if full and 1 <= int(full.group(2)) <= 12:
        year, number, day = int(full.group(1)), int(full.group(2)), int(full.group(3))
        key = "date.full"
    elif month and 1 <= int(month.group(2)) <= 12:
        year, number, day = int(month.group(1)), int(month.group(2)), 0
        key = "date.month_year"
    else:
        return written
    words = text(language, f"date.months.{number}")
    day_words = text(language, "date.first_day") if day == 1 else str(day)
    return text(language, key, day=day_words, month=words, year=year, iso=written)


class ThemeText:
    """The theme's ``gl_t(key, **values)`` (docs/overrides/*.html, which MkDocs renders without
    autoescaping): a value of the table with its values HTML-escaped, as ``|e`` would."""

    def __init__(self, language: str) -> None:
        table(language)
        self.language = language

    def __call__(self, key: str, /, **values: Any) -> str:
        return text(self.language, key, **{name: escape(value) for name, value in values.items()})

    def plain(self, key: str, /, **values: Any) -> str:
        """Unescaped, for a context that escapes in its own way (a CSS string)."""
        return text(self.language, key, **values)

    def date(self, value: object) -> str:
        return format_date(self.language, value)

    def css_counters(self, key: str) -> str:
        """A value whose placeholders name CSS counters ("Page {page} of {pages}") as the value of a CSS
        ``content`` property: strings and ``counter()`` in turn."""
        parts = []
        for number, part in enumerate(_PLACEHOLDER.split(raw(self.language, key))):
            if number % 2:
                parts.append(f"counter({part})")
            elif part:
                parts.append('"' + part.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ") + '"')
        return " ".join(parts)


def theme_values(language: str) -> dict[str, Any]:
    """What the theme's templates read from ``config.extra``: ``gl_t``, and ``gl_strings``, the words of the
    page's own scripts (guidelines.js) as JSON for a ``<script type="application/json">`` block."""
    return {"gl_t": ThemeText(language), "gl_strings": json_for_html(group(language, "page_js"))}
