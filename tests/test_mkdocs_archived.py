"""Archived editions' pages that read the same are converted once (mkdocs/archived.py), and the site is
byte for byte the site converting every page gives.

The project: the three editions of editions_util, then 2025.4, which changes only the glossary's
definition of "mood board" (EX-1's scenario uses the term: its page reads as in 2025.3 but for the
tooltip), 2025.5, which rewords EX-2's title, and 2025.6, which rewords it again, so that 2025.5 is
archived too.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from mkdocs.structure.pages import Page

from editions_util import edit, publish_edition, register, start_edition, three_editions
from guidelines.mkdocs import archived
from guidelines.mkdocs.archived import ArchivedPage
from guidelines.output.sitebuild import build_site

NEW_DEFINITION = "A wall of reference pictures that sets the look of a production."


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = three_editions(tmp_path_factory.mktemp("archived") / "project")
    start_edition(root, "2025.4", "2026-03-01", "A definition", "The mood board's definition.")
    edit(root / "principles" / "glossary" / "mood-board.yml", "A collage of reference images used to set a look.",
         NEW_DEFINITION)
    register(root)
    publish_edition(root)
    example = root / "principles" / "examples" / "EX-2.yml"
    for edition, day in (("2025.5", "2026-04-01"), ("2025.6", "2026-05-01")):
        start_edition(root, edition, day, "A title", "An example's title.")
        title = next(line for line in example.read_text(encoding="utf-8").splitlines() if line.startswith("title: "))
        edit(example, title, title + " again")
        register(root)
        publish_edition(root)
    return root


def _site(root: Path) -> dict[str, bytes]:
    site = root / "site"
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_shared_conversions_give_the_site_every_conversion_gives(project: Path, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    taken: list[str] = []
    take = ArchivedPage._take

    def counting(self: ArchivedPage, *args: object) -> bool:
        done = take(self, *args)  # type: ignore[arg-type]
        if done:
            taken.append(self.file.src_uri)
        return done

    monkeypatch.setattr(ArchivedPage, "_take", counting)
    build_site(project)
    shared = _site(project)
    assert "editions/2025.3/principles/gp-1.md" in taken, "GP-1's page reads as in 2025.2, yet was converted again"
    assert "editions/2025.5/principles/gp-1.md" in taken, "GP-1's page reads as in 2025.4, yet was converted again"
    assert "editions/2025.5/examples/ex-2.md" not in taken, "EX-2's title changed in 2025.5"
    assert not [page for page in taken if page.startswith("editions/2025.4/")], \
        "2025.4 changed a tooltip: no page of it converts as in 2025.3 (EX-1's shows the term)"

    monkeypatch.setattr(ArchivedPage, "render", Page.render)  # every page converted, as MkDocs does
    copy = tmp_path / "project"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns("site"))
    build_site(copy)
    assert _site(copy) == shared
    ex1 = shared["editions/2025.4/examples/ex-1/index.html"].decode("utf-8")
    assert f'<abbr title="{NEW_DEFINITION}">mood board</abbr>' in ex1


def test_markers_are_numbered_in_order_of_first_appearance() -> None:
    a, b = "a" * 20, "b" * 20
    markers, numbered = archived._numbered(f"<!--gl:{b}-->\ntext\n<!--gl:{a}-->\n<!--gl:{b}-->\n")
    assert markers == [b, a]
    assert numbered == "<!--gl:0-->\ntext\n<!--gl:1-->\n<!--gl:0-->\n"
