"""Move a test project through editions as an editor would: publish, start the next, change, note."""

from __future__ import annotations

import json
from pathlib import Path

from fixtures_util import publish_ids
from guidelines.output import generate
from guidelines.tools import publish


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
