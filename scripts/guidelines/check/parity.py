"""Parity: every language says what the English says, text by text.

A lawyer citing the French text of an edition must know it says what the English one
does. Reading (load/translations.py) already refuses a translation whose structure
differs from the English (more or fewer entries, entries out of order). Here, for
each language that guideline.yml declares:

- every English text has a translation (a missing one always fails: the page would
  mix languages);
- each translation records the English text it was made from, and that is the
  English text now; a translation of an older English text is *stale*. The
  language's ``stale`` policy decides: ``fail`` (the default) reports it as a problem,
  ``notice`` lets the build go on and the page tells readers the English has changed;
- a translated text mentions the same IDs (GP-4, SEC-1.2...) as its English text, so
  no rule loses or gains a reference in translation;
- no translation folder is there for a language the guideline does not declare, and
  no declared language lacks the interface's strings.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from guidelines import kinds
from guidelines.check.mentions import report_lookalikes
from guidelines.load.translations import MARKS, Translation, english_files, english_hash
from guidelines.problems import FieldPath, Location, Problems, dotted
from guidelines.render.idlinks import MENTION, TREE_MENTION, TREE_MENTION_FR

FAIL, NOTICE = "fail", "notice"
_SHOWN = 90  # how much of an English text a message quotes


@dataclass
class Parity:
    """What the check found that does not stop a build: the stale texts shown with a notice."""

    # language -> English file (principles/...) -> the fields whose translation is of an older English text
    stale: dict[str, dict[str, list[FieldPath]]] = field(default_factory=dict)


def languages(guideline: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The languages the guideline declares besides English, with their settings."""
    return dict(guideline.get("languages") or {})


def check_parity(corpus: Any, translations: dict[str, Translation], problems: Problems,
                 known: Callable[[str], bool]) -> Parity:
    """Report every missing, stale or unmatched translation; ``known``: whether the interface speaks a language."""
    parity = Parity()
    declared = languages(corpus.guideline)
    where = corpus.guideline_source.where(("languages",)) if corpus.guideline_source else \
        Location(f"{kinds.CONTENT}/{kinds.GUIDELINE_FILE}")
    archive = getattr(corpus, "archive", None)
    for language in translations:
        if language not in declared:
            published = archive is not None and any(e.published_in(language) for e in archive.editions)
            problems.add(Location(f"{kinds.CONTENT}/{kinds.TRANSLATIONS_DIR}/{language}"), "",
                         f"the guideline does not declare the language '{language}'",
                         f"add it under 'languages:' in principles/guideline.yml (e.g. '{language}: "
                         "{name: ...}')" + ("" if published else ", or remove the folder"))
    english = english_files(corpus)
    for language, settings in declared.items():
        if not known(language):
            problems.add(where, f"languages.{language}", f"the site's interface has no strings for '{language}'",
                         "add scripts/guidelines/render/i18n/" + language + ".yml first")
            continue
        translation = translations.get(language) or Translation(language)
        stale_policy = settings.get("stale", FAIL)
        found = parity.stale.setdefault(language, {})
        for path, (_, patterns) in english.items():
            if not patterns:
                continue
            _check_file(language, path, translation, stale_policy, found, problems, corpus.root)
        _check_status(corpus.guideline, translation, problems)
        _check_terms(translation, problems)
    return parity


def _check_terms(translation: Translation, problems: Problems) -> None:
    """Each translated glossary term or alias names one entry, as in English (check/validate.py): the tooltips of
    the translated pages would show another entry's definition."""
    folder = f"{kinds.CONTENT}/{kinds.GLOSSARY.directory}/"
    seen: dict[str, str] = {}
    for path, translated in sorted(translation.files.items()):
        if not path.startswith(folder):
            continue
        entry = path.removeprefix(folder).removesuffix(".yml")
        for at, text in translated.texts.items():
            if at[0] not in ("term", "aliases") or text.translated is None:
                continue
            if text.translated in seen and seen[text.translated] != entry:
                problems.add(translated.source.where(at), dotted(at),
                             f"the term '{text.translated}' is already the translation of the glossary entry "
                             f"'{seen[text.translated]}'", "give this one another wording: the translated pages "
                             "would show the other entry's definition for it")
            else:
                seen.setdefault(text.translated, entry)


def _check_status(guideline: dict[str, Any], translation: Translation, problems: Problems) -> None:
    """A translation of an unofficial paraphrase says so as the English must (check/validate.py): not published
    by the issuer whose guidance it restates, and a notice that names that issuer."""
    issuer = (guideline.get("paraphrases") or {}).get("name")
    found = translation.files.get(f"{kinds.CONTENT}/{kinds.GUIDELINE_FILE}")
    if not issuer or guideline.get("status") == "official" or found is None:
        return
    texts = {dotted(at): text.translated for at, text in found.texts.items() if text.translated}
    publisher = texts.get("publisher.name", "")
    if " ".join(publisher.split()).casefold() == " ".join(issuer.split()).casefold():
        problems.add(found.source.where(("publisher", "name")), "publisher.name",
                     f"an unofficial paraphrase of {issuer}'s guidance cannot be published by {issuer}",
                     "translate the English publisher's name; it is who publishes this site")
    for name in ("notice", "status_label"):
        if name in texts and issuer.casefold() not in texts[name].casefold():
            problems.add(found.source.where((name,)), name, f"does not name {issuer}, as the English does",
                         f"say, as the English does, that this site is not published by {issuer}")


def _check_file(language: str, path: str, translation: Translation, policy: str,
                stale: dict[str, list[FieldPath]], problems: Problems, root: Any) -> None:
    mirror = f"{kinds.CONTENT}/{kinds.TRANSLATIONS_DIR}/{language}/{path.removeprefix(kinds.CONTENT + '/')}"
    translated = translation.files.get(path)
    if translated is None and os.path.lexists(root / mirror):
        return  # (there, but it could not be read: reading said why)
    if translated is None:
        problems.add(Location(mirror), "", f"no {language} translation of {path}",
                     f"create {mirror} with its texts (see the README: adding a language)")
        return
    source = translated.source
    for at, text in translated.texts.items():
        name = dotted(at)
        if text.translated is None:
            problems.add(source.where(at[:-1] if len(at) > 1 else ()), name, f"no {language} text for '{name}'",
                         f"translate the English: \"{_quote(text.english)}\"")
            continue
        recorded = translated.marks.get(name)
        if recorded != english_hash(text.english):
            if policy == NOTICE:
                stale.setdefault(path, []).append(at)
            else:
                message = "translates an older English text" if recorded else \
                    "does not record which English text it translates"
                problems.add(source.where(at), name, message,
                             f"the English now reads \"{_quote(text.english)}\"; update the translation, then run "
                             f"`guidelines translation mark {language} {source.display} '{name}'`")
        if "\n" not in text.english.strip() and "\n" in text.translated.strip():
            problems.add(source.where(at), name, "runs over several lines, where the English is one line",
                         "a title, label or question is one line in every language: join the lines")
        report_lookalikes(source, at, text.translated, problems)
        trees = path.startswith(f"{kinds.CONTENT}/{kinds.TREE.directory}/")  # (where tree names are links)
        ours, theirs = _mentions(text.translated, trees), _mentions(text.english, trees)
        if ours != theirs:
            problems.add(source.where(at), name, "mentions " + (", ".join(sorted(ours)) or "no ID") +
                         ", but the English mentions " + (", ".join(sorted(theirs)) or "none"),
                         "a translation refers to the same rules as the English text: keep each ID as it is")
        ours, theirs = _addresses(text.translated), _addresses(text.english)
        if ours != theirs:
            problems.add(source.where(at), name, "links or names " + (", ".join(sorted(ours)) or "no address") +
                         ", but the English " + (", ".join(sorted(theirs)) or "none"),
                         "a translation sends readers where the English does: keep each link and address as it is")
    names = {dotted(at) for at in translated.texts}
    for name in translated.marks:
        if name not in names and not any(name.startswith(broken) for broken in translated.broken):
            problems.add(source.where((MARKS, name), key=True), f"{MARKS}.{name}",
                         f"there is no text '{name}' in this translation",
                         "remove the line (`guidelines translation mark` keeps this list)")


# Where a text sends readers: a Markdown link's target, a web or mail address.
_ADDRESS = re.compile(r"\]\(\s*<?([^)\s>]+)|(?:https?|mailto|javascript|data):[^\s)>\]]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+",
                      re.IGNORECASE)


def _addresses(text: str) -> set[str]:
    return {(match.group(1) or match.group(0)).rstrip(".,;:") for match in _ADDRESS.finditer(text)}


def _mentions(text: str, trees: bool) -> set[str]:
    """The IDs a text names: items and clauses, and in a tree's texts the decision trees its widget links (as
    each language names them)."""
    found = {match.group(0) for match in MENTION.finditer(text)}
    if trees:
        found |= {f"the {match.group(1)} decision tree" for pattern in (TREE_MENTION, TREE_MENTION_FR)
                  for match in pattern.finditer(text)}
    return found


def _quote(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= _SHOWN else flat[:_SHOWN - 1] + "…"
