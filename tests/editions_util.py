"""Move a test project through editions as an editor would: publish, start the next, change, note."""

from __future__ import annotations

import json
from pathlib import Path

from fixtures_util import make_project, publish_ids
from guidelines.output import generate
from guidelines.tools import publish

NEW_RULE = "rule: Outputs never recreate, even in part,"


def three_editions(target: Path) -> Path:
    """The base corpus (with the site's scaffolding) published as 2025.1, 2025.2 and 2025.3.

    2025.2 rewords GP-1, retires UC-1 for a new UC-2, adds a glossary term and moves the
    quick check's "not sure" outcome from escalate to written approval (so EX-2, which
    reaches it, changes verdict). 2025.3 retires clause SEC-1.1 for a new SEC-1.2 and
    rewrites EX-1's scenario.
    """
    root = make_project(target, site=True)
    publish_edition(root)
    _second_edition(root)
    publish_edition(root)
    _third_edition(root)
    publish_edition(root)
    return root


def publish_edition(root: Path) -> None:
    """``guidelines publish``: the content must check clean first."""
    ctx, problems = generate.check(root)
    assert not problems, problems.report()
    assert ctx is not None
    publish.publish(root, ctx)


def start_edition(root: Path, edition: str, date: str, title: str, summary: str,
                  notes: dict[str, str] | None = None) -> None:
    """Number the content as the next edition and write its changelog entry (notes: item ID -> why)."""
    guideline = root / "principles" / "guideline.yml"
    text = guideline.read_text(encoding="utf-8")
    current = next(line for line in text.splitlines() if line.startswith("edition:"))
    guideline.write_text(text.replace(current, f'edition: "{edition}"'), encoding="utf-8")
    lines = [f'id: "{edition}"', f"date: {date}", f"title: {title}", f"summary: {summary}"]
    if notes:
        lines.append("notes:")
        for item_id, note in notes.items():
            lines += [f"  - item: {item_id}", f"    note: {json.dumps(note)}"]
    (root / "principles" / "changelog" / f"{edition}.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def register(root: Path) -> None:
    publish_ids(root)


def _second_edition(root: Path) -> None:
    p = root / "principles"
    start_edition(root, "2025.2", "2025-10-01", "Clearer rules", "GP-1 reworded; a use case replaced.", {
        "UC-1": "Ideation is now covered by UC-2, which names mood boards.",
        "quick-check": "Not being sure now calls for written approval.",
        "EX-2": "Follows the quick check."})
    edit(p / "guiding-principles" / "GP-1.yml", "rule: Outputs do not recreate", NEW_RULE)
    uc1 = p / "use-cases" / "UC-1.yml"
    (p / "use-cases" / "UC-2.yml").write_text(
        uc1.read_text().replace("id: UC-1", "id: UC-2").replace("title: Ideation", "title: Ideation and mood boards"))
    uc1.write_text(uc1.read_text() + 'status: retired\nretired_in: "2025.2"\nreplaced_by: [UC-2]\n')
    for path in (p / "examples" / "EX-1.yml", p / "guiding-principles" / "GP-1.yml"):
        path.write_text(path.read_text().replace("UC-1", "UC-2"))
    (p / "glossary" / "storyboard.yml").write_text("id: storyboard\nterm: storyboard\n"
                                                   "definition: Drawings of the shots, in order.\n")
    edit(p / "trees" / "quick-check.yml", "    verdict: escalate\n", "    verdict: approval-required\n")
    edit(p / "examples" / "EX-2.yml", "verdict: escalate", "verdict: approval-required")
    edit(p / "examples" / "EX-2.yml", "result: escalate", "result: approval-required")
    register(root)


def _third_edition(root: Path) -> None:
    p = root / "principles"
    start_edition(root, "2025.3", "2026-02-01", "A clause replaced", "SEC-1.1 is replaced by SEC-1.2.",
                  {"SEC-1.1": "Split out: SEC-1.2 says which terms to read."})
    edit(p / "sections" / "SEC-1.yml", "    text: Check the tool's terms.\n",
         "    text: Check the tool's terms.\n    status: retired\n    retired_in: \"2025.3\"\n"
         "    replaced_by: [SEC-1.2]\n  - id: SEC-1.2\n    text: Read the tool's terms of use and its data policy.\n")
    edit(p / "examples" / "EX-1.yml", "scenario: ", "scenario: Rewritten. ")
    register(root)
