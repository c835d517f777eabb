"""Keep principles/published-ids.yml, the register of every ID ever published, up to date.

The check (validate._check_register) fails when a registered ID disappears, changes
kind or is reused after retirement. This module is the other half: ``guidelines
register`` adds every citable ID not yet registered (since = the current edition)
and records retirements, never removing or changing an entry, and writes the file
in one deterministic layout so that its diffs show only what changed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import kinds
from .corpus import Corpus

DEFAULT_HEADER = (
    "# yaml-language-server: $schema=../scripts/guidelines/schemas/register.schema.json\n"
    "# Every ID ever published, with its kind and the edition it appeared in. An ID listed\n"
    "# here may never disappear, change kind, or be reused once retired (`guidelines check`\n"
    "# enforces this). Do not edit by hand: run `guidelines register` before publishing.\n"
)
_KIND_ORDER = {kind.name: index for index, kind in enumerate(kinds.CITABLE)}
_STR_TAG = "tag:yaml.org,2002:str"


@dataclass
class Plan:
    """The register as it should be, and how it differs from the file."""

    ids: dict[str, dict[str, str]]
    added: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.retired)


def _natural(item_id: str) -> tuple[str, int, str]:
    head, _, tail = item_id.rpartition("-")
    return (head, int(tail), item_id) if tail.isdigit() else (item_id, 0, item_id)


def plan(corpus: Corpus) -> Plan:
    """Register every current citable ID; keep every existing entry as it is."""
    current = {name: dict(entry) for name, entry in ((corpus.register or {}).get("ids") or {}).items()}
    result = Plan(ids=current)
    for kind in kinds.CITABLE:
        for item in corpus.of(kind).values():
            entry = current.get(item.id)
            if entry is None:
                entry = {"kind": kind.name, "since": corpus.edition}
                current[item.id] = entry
                result.added.append(item.id)
            if not item.active and "retired_in" not in entry and entry["kind"] == kind.name:
                entry["retired_in"] = str(item.data["retired_in"])
                if item.id not in result.added:
                    result.retired.append(item.id)
    result.ids = dict(sorted(current.items(), key=lambda pair: (_KIND_ORDER.get(pair[1]["kind"], 99),
                                                                _natural(pair[0]))))
    return result


def _scalar(value: str) -> str:
    """A YAML scalar that reads back as this exact string (quoted when YAML would retype it)."""
    tag = yaml.resolver.Resolver().resolve(yaml.ScalarNode, value, (True, False))
    plain = tag == _STR_TAG and value and not any(c in value for c in ":#{}[],&*!|>'\"%@`") \
        and value == value.strip()
    return value if plain else json.dumps(value)


def render(ids: dict[str, dict[str, Any]], header: str) -> str:
    lines = [header.rstrip("\n"), "ids:"] if header.strip() else ["ids:"]
    for item_id, entry in ids.items():
        fields = [f"kind: {entry['kind']}", f"since: {json.dumps(str(entry['since']))}"]
        if entry.get("retired_in"):
            fields.append(f"retired_in: {json.dumps(str(entry['retired_in']))}")
        lines.append(f"  {_scalar(item_id)}: {{{', '.join(fields)}}}")
    return "\n".join(lines) + "\n"


def header_of(text: str) -> str:
    """The leading comment block of an existing register (kept when rewriting)."""
    kept = []
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            kept.append(line)
        else:
            break
    while kept and not kept[-1].strip():
        kept.pop()
    return "\n".join(kept) + "\n" if kept else ""


def register_path(root: Path) -> Path:
    return root / "principles" / kinds.REGISTER_FILE


def update(root: Path, corpus: Corpus, *, write: bool) -> tuple[Plan, bool]:
    """Compute the register; write it when ``write`` and the text differs. Returns (plan, written)."""
    path = register_path(root)
    old = path.read_text(encoding="utf-8") if path.is_file() else ""
    result = plan(corpus)
    text = render(result.ids, header_of(old) or DEFAULT_HEADER)
    if write and text != old:
        temporary = path.with_name(f".{path.name}.tmp")
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(path)
        return result, True
    return result, False
