"""Translations: each language's texts, read beside the English they translate.

A translation of ``principles/<path>`` lives at ``principles/translations/<language>/<path>``
and mirrors it, holding only the fields that are text (``Kind.translatable``,
``kinds.GUIDELINE_TRANSLATABLE``), plus the anchors that line entries up (an entry's
``id``, an option's ``value``, a note's ``item``, copied unchanged). Everything else
(IDs, references, verdicts, where a tree goes next) comes from the English, so a
translated tree has the English tree's structure by construction.

Each text records which English text it translates: ``translated_from`` maps the
text's field (``nodes[2].options[0].label``) to the first twelve hex digits of the
SHA-256 of the English text it was made from (``guidelines translation mark`` writes
it). The parity check (check/parity.py) compares it with the English text now.

Reading reports, with locations, what breaks the mirror: a field that is not text
here, a list with more or fewer entries than the English, entries out of order, a
value of the wrong type, a file with no English file to translate.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from guidelines import kinds
from guidelines.load.yamlsource import SourceFile, read_yaml
from guidelines.problems import FieldPath, Location, Problems, did_you_mean, dotted, relative

MARKS = "translated_from"  # the field that holds each text's English hash
ANCHORS = ("id", "value", "item")  # copied from the English to line list entries up
HASH_LENGTH = 12


def english_hash(text: str) -> str:
    """What a translation records of the English text it translates."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:HASH_LENGTH]


@dataclass(frozen=True)
class Field:
    """One translatable field: a text, a list of texts, a mapping or a list of mappings (``inner``)."""

    many: bool
    inner: dict[str, Field] | None = None  # None: text


def spec(patterns: tuple[str, ...]) -> dict[str, Field]:
    """The translatable fields as a tree, from patterns such as ``nodes[].options[].label``."""
    tree: dict[str, Any] = {}
    for pattern in patterns:
        level = tree
        parts = pattern.split(".")
        for index, part in enumerate(parts):
            name, many = (part[:-2], True) if part.endswith("[]") else (part, False)
            last = index == len(parts) - 1
            entry = level.setdefault(name, [many, None if last else {}])
            if not last:
                level = entry[1]
    return _freeze(tree)


def _freeze(tree: dict[str, Any]) -> dict[str, Field]:
    return {name: Field(many, None if inner is None else _freeze(inner)) for name, (many, inner) in tree.items()}


@dataclass
class Text:
    """One English text and its translation (None: not translated)."""

    english: str
    translated: str | None


@dataclass
class TranslatedFile:
    """A translation file, read against the English file it translates."""

    english: str  # the English file, as authors see it: principles/<path>
    source: SourceFile
    texts: dict[FieldPath, Text] = field(default_factory=dict)  # by path (the same in both files)
    marks: dict[str, str] = field(default_factory=dict)  # dotted path -> English hash, as recorded
    broken: list[str] = field(default_factory=list)  # fields already reported (their marks are not checked)


@dataclass
class Translation:
    """One language's translation files, by the English file each translates."""

    language: str
    files: dict[str, TranslatedFile] = field(default_factory=dict)
    unread: list[str] = field(default_factory=list)  # files not compared with the English (a problem says why)


def english_files(corpus: Any) -> dict[str, tuple[dict[str, Any], tuple[str, ...]]]:
    """Every English file a translation mirrors: its data and its translatable fields, by principles/ path."""
    found: dict[str, tuple[dict[str, Any], tuple[str, ...]]] = {}
    if corpus.guideline_source is not None and corpus.guideline:
        found[f"{kinds.CONTENT}/{kinds.GUIDELINE_FILE}"] = (corpus.guideline, kinds.GUIDELINE_TRANSLATABLE)
    for kind in kinds.ITEM_KINDS:
        for item in corpus.of(kind).values():
            found[f"{kinds.CONTENT}/{kind.directory}/{item.id}.yml"] = (item.data, kind.translatable)
    return found


def load_translations(root: Path, corpus: Any, problems: Problems) -> dict[str, Translation]:
    """Read principles/translations/<language>/ for every language folder there."""
    folder = root / kinds.CONTENT / kinds.TRANSLATIONS_DIR
    found: dict[str, Translation] = {}
    if not folder.is_dir() or folder.is_symlink():
        if folder.is_symlink():
            problems.add(Location(relative(folder, root)), "", "this folder is a link",
                         "translations live in the project: replace the link with the folder itself")
        return found
    english = english_files(corpus)
    for language_dir in sorted(folder.iterdir()):
        if language_dir.name.startswith("."):
            continue
        if not language_dir.is_dir() or language_dir.is_symlink():
            problems.add(Location(relative(language_dir, root)), "", "expected a folder named for a language",
                         "put each language's files in principles/translations/<language>/, e.g. fr/")
            continue
        translation = found[language_dir.name] = Translation(language_dir.name)
        for path in sorted(language_dir.rglob("*")):
            _read_file(root, language_dir, path, english, corpus, translation, problems)
    return found


def _read_file(root: Path, language_dir: Path, path: Path, english: dict[str, Any], corpus: Any,
               translation: Translation, problems: Problems) -> None:
    display = relative(path, root)
    if path.name.startswith("."):
        return
    if path.is_symlink():
        problems.add(Location(display), "", "this is a link", "translations live in the project: copy the file here")
        return
    if path.is_dir():
        return
    if path.suffix != ".yml":
        problems.add(Location(display), "", "unexpected file in a translation folder",
                     "a translation is a '.yml' file at the same path as the English file it translates")
        return
    mirrored = f"{kinds.CONTENT}/{path.relative_to(language_dir).as_posix()}"
    if mirrored not in english and _english_failed(corpus, mirrored):
        # The English file's own problem is reported; the translation is compared with it once it loads,
        # but its own YAML is read now: a mistake in it is not hidden behind the English one.
        _read_translation(path, display, mirrored, problems)  # (the English file is the one listed as unread)
        return
    if mirrored not in english:
        problems.add(Location(display), "", f"there is no English file {mirrored} to translate",
                     did_you_mean(mirrored, set(english)) + "; a translation sits at the English file's path")
        return
    source = _read_translation(path, display, mirrored, problems)
    if source is None:
        translation.unread.append(display)
        return
    data, patterns = english[mirrored]
    found = TranslatedFile(mirrored, source)
    _marks(source, found, problems)
    translated = {key: value for key, value in source.data.items() if key != MARKS}
    _mirror(spec(patterns), data, translated, (), found, problems)
    translation.files[mirrored] = found


def _read_translation(path: Path, display: str, mirrored: str, problems: Problems) -> SourceFile | None:
    """A translation file's YAML, if it is a mapping (its problems reported)."""
    source = read_yaml(path, display, problems)
    if source is not None and not isinstance(source.data, dict):
        problems.add(source.where(), "", "expected a mapping of fields at the top level",
                     f"start with the fields to translate, as in {mirrored}")
        return None
    return source


def _english_failed(corpus: Any, mirrored: str) -> bool:
    """Whether ``mirrored`` is an English file that exists but failed to load (so is missing from the mirror map)."""
    if mirrored == f"{kinds.CONTENT}/{kinds.GUIDELINE_FILE}":
        return not corpus.guideline
    folder, _, name = mirrored.removeprefix(f"{kinds.CONTENT}/").rpartition("/")
    return any(kind.directory == folder and name.removesuffix(".yml") in corpus.broken_ids.get(kind.name, ())
               for kind in kinds.ITEM_KINDS)


def _marks(source: SourceFile, found: TranslatedFile, problems: Problems) -> None:
    marks = source.data.get(MARKS, {})
    if not isinstance(marks, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in marks.items()):
        problems.add(source.where((MARKS,)), MARKS, "expected a mapping of fields to the English text's hash",
                     "let `guidelines translation mark` write it")
        return
    found.marks = dict(marks)


def _mirror(fields: dict[str, Field], english: dict[str, Any], translated: dict[str, Any], at: FieldPath,
            found: TranslatedFile, problems: Problems) -> None:
    """Walk the translatable fields of the English and of the translation together (a text sits at the
    same path in both: the same keys, the same list positions)."""
    source = found.source
    for key in ANCHORS:  # (every entry names the English entry it translates: one left out, or moved, shows)
        if key in english and key not in translated:
            problems.add(source.where(at), dotted(at + (key,)) if at else key,
                         f"no '{key}': the English has '{english[key]}' here",
                         f"add '{key}: {english[key]}', as in {found.english}, so that the entries line up")
            found.broken.append(dotted(at))
    for key, value in translated.items():
        if key in ANCHORS and key in english:
            if value != english[key]:
                problems.add(source.where(at + (key,)), dotted(at + (key,)),
                             f"'{value}' here, but '{english[key]}' in {found.english}",
                             "keep the English entries' order, each with its English " + key)
        elif key not in fields:
            if key in english:
                message, hint = (f"'{key}' is not translated: it comes from {found.english}",
                                 "remove it from the translation")
            else:
                message, hint = (f"{found.english} has no field '{key}' here",
                                 did_you_mean(str(key), set(fields) | {a for a in ANCHORS if a in english}))
            problems.add(source.where(at + (key,), key=True), dotted(at + (key,)), message, hint)
    for key, description in fields.items():
        if key not in english:
            if key in translated:
                problems.add(source.where(at + (key,), key=True), dotted(at + (key,)),
                             f"{found.english} has no '{key}' here to translate", "remove it from the translation")
            continue
        theirs, ours = english[key], translated.get(key)
        if description.many:
            _mirror_list(key, description, theirs, ours, at, found, problems)
        elif description.inner is None:
            _text(theirs, ours, at + (key,), found, problems)
        elif isinstance(theirs, dict):
            if ours is None:
                ours = {}
            if not isinstance(ours, dict):
                _wrong_type(found, at + (key,), "a mapping of fields", problems)
                continue
            _mirror(description.inner, theirs, ours, at + (key,), found, problems)


def _mirror_list(key: str, description: Field, theirs: Any, ours: Any, at: FieldPath, found: TranslatedFile,
                 problems: Problems) -> None:
    if not isinstance(theirs, list):
        return
    if ours is None:
        ours = [None] * len(theirs)
    elif not isinstance(ours, list):
        _wrong_type(found, at + (key,), "a list", problems)
        return
    elif len(ours) != len(theirs):
        found.broken.append(dotted(at + (key,)))
        problems.add(found.source.where(at + (key,)), dotted(at + (key,)),
                     f"{len(ours)} entries, but {found.english} has {len(theirs)}",
                     "a translation has the English list's entries, in the same order: add or remove entries")
        return
    for index, (english_entry, entry) in enumerate(zip(theirs, ours, strict=True)):
        here = at + (key, index)
        if description.inner is None:
            _text(english_entry, entry, here, found, problems)
        elif isinstance(english_entry, dict):
            if entry is None:
                entry = {}
            if not isinstance(entry, dict):
                _wrong_type(found, here, "a mapping of fields", problems)
                continue
            _mirror(description.inner, english_entry, entry, here, found, problems)


def _text(english: Any, translated: Any, at: FieldPath, found: TranslatedFile, problems: Problems) -> None:
    if not isinstance(english, str):
        return
    if translated is not None and not isinstance(translated, str):
        _wrong_type(found, at, "a text", problems)
        return
    if translated is not None and not translated.strip():
        found.broken.append(dotted(at))
        problems.add(found.source.where(at), dotted(at), "this text is empty",
                     "translate the English text, or remove the field until it is translated")
        return
    found.texts[at] = Text(english, translated)


def _wrong_type(found: TranslatedFile, at: FieldPath, expected: str, problems: Problems) -> None:
    found.broken.append(dotted(at))
    problems.add(found.source.where(at), dotted(at), f"expected {expected}, as in {found.english}",
                 "a translation has the English file's layout")


def translated_data(data: dict[str, Any], found: TranslatedFile | None,
                    typeset: Callable[[str], str] = str) -> dict[str, Any]:
    """The English data with each translated text in its place, set as its language sets text (a copy; the
    English is shared)."""
    result = copy.deepcopy(data)
    if found is None:
        return result
    for path, text in found.texts.items():
        if text.translated is None:
            continue
        target: Any = result
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = typeset(text.translated)
    return result
