"""What a translator needs: which texts to translate or update, what their English said before, and a
command that records which English text each translation was made from.

``guidelines translation status fr`` lists, file by file, each text with no translation and each
translation of an older English text, with the English now and, when a published edition still
holds it, the English the translation was made from. ``guidelines translation mark fr FILE
[FIELD ...]`` records, for the fields named (every translated text of the file when none is), that
the translation now follows the English text as it reads today. It rewrites only the file's
``translated_from`` block, which it keeps last in the file.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from guidelines import kinds
from guidelines.load.archive import order
from guidelines.load.translations import MARKS, TranslatedFile, Translation, english_files, english_hash
from guidelines.problems import FieldPath, dotted

NOT_TRANSLATED, CHANGED, NOT_MARKED = "not translated", "the English changed", "not marked as translating the English"
NO_FILE = "no translation of this file yet"


class TranslateError(Exception):
    """A mark that cannot be written: the message says why and what to do."""


@dataclass
class Pending:
    """One text a translator has to look at."""

    file: str  # the translation file
    field: str
    english: str
    before: str | None  # the English the translation was made from, when a published edition holds it
    state: str  # "not translated", "the English changed" or "not marked"


def pending(corpus: Any, language: str) -> list[Pending]:
    """Every text of ``language`` that is missing or translates an older English text, in file order."""
    translation: Translation = corpus.translations.get(language) or Translation(language)
    found = [Pending(_display(language, path),
                     "(file)", path, None, NO_FILE)
             for path, (_, patterns) in english_files(corpus).items() if patterns and path not in translation.files
             and _display(language, path) not in translation.unread]  # (one that cannot be read: see unread)
    for translated in translation.files.values():
        for at, text in translated.texts.items():
            name = dotted(at)
            recorded = translated.marks.get(name)
            if text.translated is None:
                found.append(Pending(translated.source.display, name, text.english, None, NOT_TRANSLATED))
            elif recorded is None:
                found.append(Pending(translated.source.display, name, text.english, None, NOT_MARKED))
            elif recorded != english_hash(text.english):
                found.append(Pending(translated.source.display, name, text.english,
                                     _earlier(corpus, translated.english, at, recorded), CHANGED))
    return found


def _display(language: str, english: str) -> str:
    """Where the translation of an English file (principles/<path>) sits."""
    return f"{kinds.CONTENT}/{kinds.TRANSLATIONS_DIR}/{language}/{english.removeprefix(kinds.CONTENT + '/')}"


def unread(corpus: Any, language: str) -> list[str]:
    """The files ``pending`` could not compare: English files that failed to load (their translations are not
    compared with them) and ``language``'s translation files that could not be read."""
    content = corpus.root / kinds.CONTENT
    english = [f"{kinds.CONTENT}/{kind.directory}/{item_id}.yml" for kind in kinds.ITEM_KINDS
               for item_id in sorted(corpus.broken_ids.get(kind.name, ()))
               if (content / kind.directory / f"{item_id}.yml").is_file()]
    if not corpus.guideline:
        english.insert(0, f"{kinds.CONTENT}/{kinds.GUIDELINE_FILE}")
    translation = corpus.translations.get(language)
    return english + (list(translation.unread) if translation else [])


def _earlier(corpus: Any, english_file: str, at: FieldPath, recorded: str | None) -> str | None:
    """The English text with the recorded hash, from the published editions' frozen copies of the file (read
    for display only: the build checks those folders)."""
    if recorded is None:
        return None
    editions = corpus.root / kinds.CONTENT / kinds.EDITIONS_DIR
    folders = sorted(editions.iterdir(), key=lambda p: order(p.name), reverse=True) if editions.is_dir() else []
    for folder in folders:
        path = folder / english_file
        try:
            data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
            for part in at:
                data = data[part]
        except (OSError, yaml.YAMLError, KeyError, IndexError, TypeError):
            continue
        if isinstance(data, str) and english_hash(data) == recorded:
            return data
    return None


_TOP_KEY = re.compile(r"^[^\s#-]")
_BLOCK = re.compile(rf"""^(?:{MARKS}|"{MARKS}"|'{MARKS}')\s*:""")  # the block's first line, its key quoted or not


def mark(root: Path, translated: TranslatedFile, fields: list[str]) -> list[str]:
    """Record the English hash of the given fields (every translated text when none); returns what was marked."""
    names = {dotted(at): text for at, text in translated.texts.items() if text.translated is not None}
    unknown = [name for name in fields if name not in names]
    if unknown:
        raise TranslateError(f"{translated.source.display} has no translated text '{unknown[0]}'; its texts are: "
                             + ", ".join(names))
    marks = dict(translated.marks)
    for name in fields or names:
        marks[name] = english_hash(names[name].english)
    ordered = [name for name in names if name in marks]
    path = root / translated.source.display
    text = path.read_bytes().decode("utf-8")
    newline = "\r\n" if "\r\n" in text else "\n"  # (the file's own line endings are kept)
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if _BLOCK.match(line)), len(lines))
    if any(_TOP_KEY.match(line) for line in lines[start + 1:]):
        raise TranslateError(f"in {translated.source.display}, '{MARKS}:' is not the last field: move it to the "
                             "end of the file, so that marking rewrites that block alone")
    block = [f"{MARKS}:"] + [f'  {_key(name)}: "{marks[name]}"' for name in ordered]  # (quoted: 505272167450)
    body = lines[:start]
    while body and not body[-1].strip():
        body.pop()
    written = newline.join(body + block) + newline
    try:
        kept = yaml.safe_load(written)
    except yaml.YAMLError:
        kept = None
    if not isinstance(kept, dict) or kept.get(MARKS) != {name: marks[name] for name in ordered}:
        raise TranslateError(f"{translated.source.display} would not read back as marked: nothing was written")
    staging = path.with_name(f".{path.name}.marking")
    staging.write_bytes(written.encode("utf-8"))
    os.replace(staging, path)  # (in one step: an interrupted mark leaves the file as it was)
    return [name for name in (fields or names)]


def _key(name: str) -> str:
    """A field path as a YAML key: quoted, as it holds brackets."""
    return name if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name) else f'"{name}"'


def translation_file(root: Path, corpus: Any, language: str, given: str) -> TranslatedFile:
    """The translation file a translator names, by its own path or by the English file's."""
    translation = corpus.translations.get(language)
    if translation is None:
        raise TranslateError(f"there is no translation into '{language}' (principles/{kinds.TRANSLATIONS_DIR}/"
                             f"{language}/)")
    wanted = Path(given)
    absolute = (wanted if wanted.is_absolute() else Path.cwd() / wanted).resolve()
    for translated in translation.files.values():
        for candidate in (translated.source.display, translated.english):
            if absolute == (root / candidate).resolve() or given == candidate:
                return translated
    if any(absolute == (root / path).resolve() or given == path for path in unread(corpus, language)):
        raise TranslateError(f"{given} could not be read or compared (`guidelines check` says why)")
    raise TranslateError(f"{given} is not a {language} translation file, nor an English file that one translates")
