"""The cost of a second language: the shipped content built with its translations, against English only.

The target: a build with both languages stays under 2.2 times the English-only build. The
English-only project is the shipped one with its translations taken out (the folder
principles/translations/ and the ``languages`` of guideline.yml; and the edition in force, which
was published with them, taken back to a draft of itself), nothing else changed, so
the two differ by exactly what a language adds: reading and checking the translation, the
translated pages and export, and MkDocs building them under /<language>/. Both are timed
as whole ``guidelines build`` commands, in turn (``editions.measure``).
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

from bench import editions, synthetic

RATIO_LIMIT = 2.2


def english_only(source: Path, target: Path) -> list[str]:
    """The shipped project without its translations; returns the languages taken out."""
    synthetic.copy_scaffolding(source, target)
    shutil.copytree(source / "principles", target / "principles")
    translations = target / "principles" / "translations"
    taken = sorted(p.name for p in translations.iterdir() if p.is_dir()) if translations.is_dir() else []
    shutil.rmtree(translations, ignore_errors=True)
    guideline = target / "principles" / "guideline.yml"
    text = guideline.read_text(encoding="utf-8")
    guideline.write_text(re.sub(r"^languages:\n(?:[ ].*\n)+", "", text, flags=re.MULTILINE), encoding="utf-8")
    # The edition in force, if published with its translations, is taken back to a draft: its frozen folder
    # holds them (the same pages, the banner saying "draft"; the earlier editions as they are).
    edition = re.search(r'^edition: "?([0-9.]+)"?$', text, re.MULTILINE)
    frozen = target / "principles" / "editions" / (edition.group(1) if edition else "")
    if edition and (frozen / "principles" / "translations").is_dir():
        shutil.rmtree(frozen)
        # The edition it replaced keeps the pages that publication froze, as in the project with translations:
        # to the check, a latest published edition with frozen pages is a publication cut short. The copy's own
        # code (which its build runs) lets that one state through; nothing else in it differs.
        check = target / "scripts" / "guidelines" / "check" / "editions.py"
        check.write_text(check.read_text(encoding="utf-8") + "\n\ndef _check_cut_short(*_: object) -> None:\n"
                         "    return None  # (bench/languages.py: its edition in force taken back to a draft)\n",
                         encoding="utf-8")
    return taken


def bench_languages(source: Path, work: Path, runs: int) -> dict[str, Any]:
    """The measurement the target reads: the shipped project against its English-only copy."""
    both, english = work / "languages-project", work / "english-only"
    synthetic.copy_scaffolding(source, both)
    shutil.copytree(source / "principles", both / "principles")
    taken = english_only(source, english)
    result: dict[str, Any] = {"languages": ["en", *taken]}
    if not taken:
        result["note"] = "the shipped content has no translation"
        return result
    sites = Path(tempfile.mkdtemp(prefix="guidelines-bench-sites-",
                                  dir=editions.SITES if editions.SITES.is_dir() else work))
    try:
        projects = {"both": (both, sites / "both"), "english": (english, sites / "english")}
        result.update(editions.measure(projects, runs))
        for name, (_, site) in projects.items():
            result[name]["pages"] = sum(1 for _ in site.rglob("index.html"))
    finally:
        shutil.rmtree(sites, ignore_errors=True)
    return result


def line(found: dict[str, Any]) -> str:
    """What the languages target compares, in a sentence."""
    if "both" not in found:
        return f"The build with translations was not measured: {found['note']}."
    both, english = found["both"], found["english"]
    return (f"The shipped content in {', '.join(found['languages'])} ({both['pages']:,} pages) builds in "
            f"{both['cpu']:.2f} s CPU; without its translations ({english['pages']:,} pages), in "
            f"{english['cpu']:.2f} s. Whole `guidelines build` commands, medians of {both['runs']} runs taken in turn.")
