"""Keep a test project's translations in step with its English, as a translator would (with stand-in text).

Tests and the benchmark move projects through editions by changing English texts; a project with
a translation then has stale or missing translated texts, which ``check`` refuses. ``follow_english``
gives each such text a stand-in translation ("(fr) " and the English) and records the English it
follows, leaving every up-to-date translation as it is.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from guidelines import kinds
from guidelines.check.parity import languages
from guidelines.check.validate import validate
from guidelines.load.translations import ANCHORS, MARKS, Field, english_files, english_hash, spec
from guidelines.problems import FieldPath, dotted


def follow_english(root: Path) -> None:
    corpus, _, _ = validate(root)
    for language in languages(corpus.guideline):
        for path, (data, patterns) in english_files(corpus).items():
            if not patterns:
                continue
            target = root / kinds.CONTENT / kinds.TRANSLATIONS_DIR / language / path.removeprefix(
                kinds.CONTENT + "/")
            found = yaml.safe_load(target.read_text(encoding="utf-8")) if target.is_file() else {}
            marks = dict(found.pop(MARKS, None) or {})
            translated = _follow(spec(patterns), data, found, (), marks, language)
            translated[MARKS] = marks
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(yaml.safe_dump(translated, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _follow(fields: dict[str, Field], english: dict[str, Any], ours: dict[str, Any], at: FieldPath,
            marks: dict[str, str], language: str) -> dict[str, Any]:
    out = {key: english[key] for key in ANCHORS if key in english}
    for key, description in fields.items():
        if key not in english:
            continue
        theirs, mine = english[key], ours.get(key)
        if description.many:
            mine = mine if isinstance(mine, list) and len(mine) == len(theirs) else [None] * len(theirs)
            out[key] = [_entry(description, entry, own, at + (key, index), marks, language)
                        for index, (entry, own) in enumerate(zip(theirs, mine, strict=True))]
        elif description.inner is None:
            out[key] = _text(theirs, mine, at + (key,), marks, language)
        else:
            out[key] = _follow(description.inner, theirs, mine if isinstance(mine, dict) else {}, at + (key,),
                               marks, language)
    return out


def _entry(description: Field, english: Any, own: Any, at: FieldPath, marks: dict[str, str], language: str) -> Any:
    if description.inner is None:
        return _text(english, own, at, marks, language)
    return _follow(description.inner, english, own if isinstance(own, dict) else {}, at, marks, language)


def _text(english: str, own: Any, at: FieldPath, marks: dict[str, str], language: str) -> str:
    name = dotted(at)
    if isinstance(own, str) and marks.get(name) == english_hash(english):
        return own
    marks[name] = english_hash(english)
    return f"({language}) {english}"
