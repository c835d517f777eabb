"""Translations: each parity rule, broken one at a time, reported with its location; and the tools a translator uses.

A fixture under tests/fixtures/translations/ overlays the base corpus plus its stand-in French
translation (tests/fixtures/base-fr), which is valid on its own; expected.txt holds the exact lines
`guidelines check` must print.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from fixtures_util import FIXTURES, make_project, publish_ids
from guidelines.check.validate import validate
from guidelines.cli import main
from guidelines.load.translations import english_hash
from guidelines.output.sitebuild import build_site
from guidelines.tools import translate

BASE_FR = FIXTURES / "base-fr"
TRANSLATIONS = FIXTURES / "translations"
RULES = sorted(p for p in TRANSLATIONS.iterdir() if p.is_dir())
GP1_FR = "principles/translations/fr/guiding-principles/GP-1.yml"


def bilingual(target: Path, overlay: Path | None = None, *, site: bool = False) -> Path:
    """The base corpus with its French translation, then the fixture's files (delete.txt removes some)."""
    root = make_project(target, BASE_FR, site=site)
    if overlay is not None:
        if (overlay / "principles").is_dir():
            shutil.copytree(overlay / "principles", root / "principles", dirs_exist_ok=True)
        if (overlay / "delete.txt").is_file():
            for line in (overlay / "delete.txt").read_text().split():
                (root / "principles" / line).unlink()
    return root


def check(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["--root", str(root), "check"])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_translated_base_is_valid(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = check(bilingual(tmp_path / "p"), capsys)
    assert (code, err) == (0, "")
    assert "in English, fr (Français)" in out


@pytest.mark.parametrize("fixture", RULES, ids=[f.name for f in RULES])
def test_each_parity_rule_is_reported_where_it_is_broken(fixture: Path, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = check(bilingual(tmp_path / "p", fixture), capsys)
    expected = (fixture / "expected.txt").read_text().splitlines()
    assert (code, out) == (1, "")
    assert "Traceback" not in err
    assert err.splitlines()[:-1] == expected


def test_a_stale_translation_under_the_notice_policy_passes_and_is_listed(tmp_path: Path,
                                                                         capsys: pytest.CaptureFixture[str]) -> None:
    root = bilingual(tmp_path / "p", TRANSLATIONS / "stale-text")
    guideline = root / "principles/guideline.yml"
    guideline.write_text(guideline.read_text().replace("name: Français", "name: Français\n    stale: notice"))
    code, _, err = check(root, capsys)
    assert (code, err) == (0, "")
    corpus, _, problems = validate(root)
    assert not problems
    assert corpus.parity.stale == {"fr": {"principles/guiding-principles/GP-1.yml": [("why",)]}}


def test_a_stale_translation_under_the_notice_policy_says_so_on_its_french_page(tmp_path: Path) -> None:
    root = bilingual(tmp_path / "p", TRANSLATIONS / "stale-text", site=True)
    guideline = root / "principles/guideline.yml"
    guideline.write_text(guideline.read_text().replace("name: Français", "name: Français\n    stale: notice"))
    publish_ids(root)
    build_site(root)
    french = (root / "site/fr/principles/gp-1/index.html").read_text(encoding="utf-8")
    notice = re.search(r'<div class="admonition warning">.*?</div>', french, re.DOTALL)
    assert notice is not None and "Le texte anglais a changé" in notice.group(0)
    assert 'href="https://guidelines.test/principles/gp-1/"' in notice.group(0)
    assert french.index("admonition warning") > french.index("<h1")
    assert "admonition warning" not in (root / "site/fr/principles/index.html").read_text(encoding="utf-8")
    assert "Le texte anglais" not in (root / "site/principles/gp-1/index.html").read_text(encoding="utf-8")


def test_status_shows_the_english_then_and_now_and_mark_brings_the_translation_up_to_date(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = bilingual(tmp_path / "p", TRANSLATIONS / "stale-text")
    code = main(["--root", str(root), "translation", "status", "fr"])
    out = capsys.readouterr().out
    assert code == 1
    assert f"{GP1_FR}: why: the English changed" in out
    assert "English now:  Because of copyright and of trademarks." in out
    (root / GP1_FR).write_text((root / GP1_FR).read_text().replace("(fr) Because of copyright.",
                                                                   "(fr) Because of copyright and trademarks."))
    assert main(["--root", str(root), "translation", "mark", "fr", str(root / GP1_FR), "why"]) == 0
    assert "Marked 1 text" in capsys.readouterr().out
    assert check(root, capsys)[0] == 0
    assert main(["--root", str(root), "translation", "status", "fr"]) == 0


def test_status_finds_the_english_a_translation_was_made_from_in_a_published_edition(tmp_path: Path) -> None:
    root = bilingual(tmp_path / "p", TRANSLATIONS / "stale-text")
    frozen = root / "principles/editions/2025.1/principles/guiding-principles"
    frozen.mkdir(parents=True)
    shutil.copy(FIXTURES / "base/principles/guiding-principles/GP-1.yml", frozen / "GP-1.yml")
    corpus, _, _ = validate(root)  # (the hand-made edition folder is refused: status reads it all the same)
    found = {entry.field: entry for entry in translate.pending(corpus, "fr")}
    assert found["why"].before == "Because of copyright."


def test_mark_rewrites_only_its_block_and_refuses_a_block_that_is_not_last(tmp_path: Path,
                                                                         capsys: pytest.CaptureFixture[str]) -> None:
    root = bilingual(tmp_path / "p", TRANSLATIONS / "unmarked-text")
    before = (root / GP1_FR).read_text()
    assert main(["--root", str(root), "translation", "mark", "fr", "principles/guiding-principles/GP-1.yml"]) == 0
    after = (root / GP1_FR).read_text()
    assert after.split("translated_from:")[0].rstrip() == before.split("translated_from:")[0].rstrip()
    assert f'  why: "{english_hash("Because of copyright.")}"\n' in after
    capsys.readouterr()
    moved = after.replace("why: (fr) Because of copyright.\n", "") + "why: (fr) Because of copyright.\n"
    (root / GP1_FR).write_text(moved)  # a valid file, its block no longer last
    assert main(["--root", str(root), "translation", "mark", "fr", GP1_FR]) == 1
    assert "is not the last field" in capsys.readouterr().err


def test_mark_names_the_texts_a_file_has_when_asked_for_another(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    root = bilingual(tmp_path / "p")
    assert main(["--root", str(root), "translation", "mark", "fr", GP1_FR, "whyy"]) == 1
    err = capsys.readouterr().err
    assert "has no translated text 'whyy'" in err and "why" in err


def test_mark_keeps_the_files_line_endings_and_finds_a_quoted_block(tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    root = bilingual(tmp_path / "p", TRANSLATIONS / "unmarked-text")
    crlf = (root / GP1_FR).read_text().replace("translated_from:", '"translated_from":').replace("\n", "\r\n")
    (root / GP1_FR).write_bytes(crlf.encode("utf-8"))
    assert main(["--root", str(root), "translation", "mark", "fr", GP1_FR, "why"]) == 0
    data = (root / GP1_FR).read_bytes()
    assert b"\r\n" in data and data.count(b"\n") == data.count(b"\r\n")
    assert data.count(b"translated_from") == 1
    assert check(root, capsys)[0] == 0


def test_a_translation_of_an_english_file_that_fails_is_still_read_for_its_own_mistakes(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The English file has no usable ID: it is reported, its translation is not called orphaned, and the
    translation's own YAML mistake is not hidden behind the English one."""
    root = bilingual(tmp_path / "p")
    english = root / "principles/guiding-principles/GP-1.yml"
    english.write_text(english.read_text().replace("id: GP-1", "id: [GP-1]", 1))
    french = root / GP1_FR
    french.write_text(french.read_text() + "notes: [never closed\n")
    code, _, err = check(root, capsys)
    assert code == 1 and "Traceback" not in err
    assert "principles/guiding-principles/GP-1.yml:1:5: id: expected text" in err, err
    assert re.search(rf"^{re.escape(GP1_FR)}:\d+:\d+: \(file\): YAML syntax error", err, re.M), err
    assert "there is no English file" not in err, err


def test_translation_status_names_no_undeclared_language_and_says_when_files_could_not_be_compared(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = bilingual(tmp_path / "p")
    assert main(["--root", str(root), "translation", "status", "de"]) == 2
    assert "'de' is not a language of this site (principles/guideline.yml, languages: fr)." in capsys.readouterr().err
    assert main(["--root", str(root), "translation", "status", "fr"]) == 0
    capsys.readouterr()
    english = root / "principles/guiding-principles/GP-1.yml"
    english.write_text(english.read_text().replace("id: GP-1", "id: [GP-1]", 1))
    assert main(["--root", str(root), "translation", "status", "fr"]) == 1
    out, err = capsys.readouterr()
    assert "0 texts to translate or update in 'fr'." in out
    assert ("1 file could not be compared (principles/guiding-principles/GP-1.yml), so this list may be incomplete: "
            "run `guidelines check`.") in err
    assert main(["--root", str(root), "translation", "mark", "fr", GP1_FR]) == 1
    assert "(principles/guiding-principles/GP-1.yml could not be compared: run `guidelines check`)." in \
        capsys.readouterr().err
    # A problem that keeps no file from being compared (an English text edited: its translation is stale) is no
    # reason to doubt the list.
    english.write_text(english.read_text().replace("id: [GP-1]", "id: GP-1", 1).replace(
        "rule: Outputs do not recreate", "rule: Outputs never recreate", 1))
    assert main(["--root", str(root), "translation", "status", "fr"]) == 1
    out, err = capsys.readouterr()
    assert "1 text to translate or update in 'fr'." in out and err == "", (out, err)


def test_a_translated_glossary_term_names_one_entry(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """As in English: two entries translated with the same term would show one entry's definition for both."""
    root = bilingual(tmp_path / "p")
    glossary = root / "principles/glossary"
    (glossary / "previs.yml").write_text("id: previs\nterm: previs\ndefinition: A rough animated version of a "
                                         "scene, made to plan the shoot.\ndefinition_basis: {basis: reading}\n")
    register = root / "principles/published-ids.yml"
    register.write_text(register.read_text().replace('  mood-board: {kind: glossary, since: "2025.1"}',
                                                     '  mood-board: {kind: glossary, since: "2025.1"}\n'
                                                     '  previs: {kind: glossary, since: "2025.1"}'))
    french = root / "principles/translations/fr/glossary/previs.yml"
    french.write_text("id: previs\nterm: (fr) mood board\ndefinition: (fr) Une version animée sommaire.\n")
    assert main(["--root", str(root), "translation", "mark", "fr", str(french)]) == 0
    code, _, err = check(root, capsys)
    assert code == 1 and "Traceback" not in err
    assert err.splitlines()[:-1] == [
        "principles/translations/fr/glossary/previs.yml:2:7: term: the term '(fr) mood board' is already the "
        "translation of the glossary entry 'mood-board' (give this one another wording: the translated pages would "
        "show the other entry's definition for it)"], err


def test_a_translation_file_that_cannot_be_read_is_listed_as_such_not_as_missing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = bilingual(tmp_path / "p")
    french = root / GP1_FR
    french.write_text(french.read_text() + "notes: [never closed\n")
    assert main(["--root", str(root), "translation", "status", "fr"]) == 1
    out, err = capsys.readouterr()
    assert "0 texts to translate or update in 'fr'." in out and "no translation" not in out, out
    assert f"1 file could not be compared ({GP1_FR}), so this list may be incomplete" in err, err
    assert main(["--root", str(root), "translation", "mark", "fr", GP1_FR]) == 1
    assert f"Nothing was marked: {GP1_FR} could not be read or compared (`guidelines check` says why)" in \
        capsys.readouterr().err
    assert main(["--root", str(root), "translation", "status", "fr", "extra"]) == 2
    assert "`translation status` takes only the language" in capsys.readouterr().err
