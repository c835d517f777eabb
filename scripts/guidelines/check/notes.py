"""The changelog's notes against the computed changes of the edition being prepared.

What changed is computed (export/changes.py); the editors say why. Two rules keep
the two honest: a note must be about an item or clause that changed in this edition,
and a retirement, a replacement or a verdict that changes must have a note, since a
reader who relied on the old text needs to know why. The changes are computed from
the export, so this runs once the corpus has passed every other check.
"""

from __future__ import annotations

from guidelines import kinds
from guidelines.context import SiteContext
from guidelines.export.documents import exporter
from guidelines.load.yamlsource import FieldPath, dotted
from guidelines.problems import Problems

_WHY = {"retired": "was retired", "replaced": "was retired and replaced", "verdict": "leads to another verdict"}


def check_notes(ctx: SiteContext, problems: Problems) -> None:
    """For an edition after the first published one (the first adds everything: any note fits)."""
    entry = ctx.corpus.get(kinds.CHANGELOG, ctx.edition)
    if entry is None or ctx.archive.before(ctx.edition) is None:
        return
    computed = exporter(ctx).changes()
    touched, needed = computed.touched(), computed.needing_notes()
    noted = set()
    for index, note in enumerate(entry.data.get("notes", [])):
        path: FieldPath = ("notes", index, "item")
        noted.add(note["item"])
        if note["item"] not in touched:
            since = f"edition {computed.previous}" if computed.previous else "the last edition"
            problems.add(entry.source.where(path), dotted(path),
                         f"'{note['item']}' has not changed since {since}",
                         "remove the note, or make the change it describes")
    for item_id, why in needed.items():
        if item_id not in noted:
            problems.add(entry.source.where(("notes",) if "notes" in entry.data else ("summary",), key=True), "notes",
                         f"'{item_id}' {_WHY[why]} in this edition, but no note says why",
                         f"add a note: '- item: {item_id}' with 'note: ...' under 'notes:' in "
                         f"principles/changelog/{ctx.edition}.yml")
