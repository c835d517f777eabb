"""Keep principles/published-ids.yml, the register of every ID ever published, up to date.

The check (``validate.check_whole``) fails when a registered ID disappears, changes
kind or is reused after retirement. This module is the other half: ``guidelines
register`` adds every citable ID not yet registered (since = the current edition) and
records retirements. It edits the file as a person would, by adding lines: new IDs
after the last entry, in the layout the entries already have (one line each, or a
block each), and a ``retired_in`` field inside a retired ID's entry. No existing line
is changed or removed, so comments, order and layout stay, and the diff shows only
what is new. The result is read back and must hold exactly the planned register.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from guidelines import kinds
from guidelines.load.corpus import Corpus
from guidelines.load.yamlsource import parse_yaml
from guidelines.problems import Problems

DEFAULT_HEADER = (
    "# yaml-language-server: $schema=../scripts/guidelines/schemas/register.schema.json\n"
    "# Every ID ever published, with its kind and the edition it appeared in. An ID listed\n"
    "# here may never disappear, change kind, or be reused once retired (`guidelines check`\n"
    "# enforces this). `guidelines register` adds new IDs and retirements at the end of\n"
    "# their entries; it never changes a line.\n"
)
_STR_TAG = "tag:yaml.org,2002:str"


class RegisterLayoutError(Exception):
    """The file is laid out so that adding lines cannot give the planned register."""


@dataclass
class Plan:
    """What the register must gain: new IDs (with kind and edition) and retirements (ID -> edition)."""

    ids: dict[str, dict[str, str]]
    added: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.retired)


def plan(corpus: Corpus) -> Plan:
    """Register every current citable ID (items and clauses); keep every existing entry as it is."""
    current = {name: dict(entry) for name, entry in ((corpus.register or {}).get("ids") or {}).items()}
    result = Plan(ids=current)
    for item_id, found in corpus.citable().items():
        entry = current.get(item_id)
        if entry is None:
            entry = current[item_id] = {"kind": found.kind, "since": corpus.edition}
            result.added.append(item_id)
        if not found.active and "retired_in" not in entry and entry["kind"] == found.kind and found.retired_in:
            entry["retired_in"] = found.retired_in
            if item_id not in result.added:
                result.retired.append(item_id)
    return result


def _scalar(value: str) -> str:
    """A YAML scalar that reads back as this exact string (quoted when YAML would retype it)."""
    tag = yaml.resolver.Resolver().resolve(yaml.ScalarNode, value, (True, False))
    plain = tag == _STR_TAG and value and not any(c in value for c in ":#{}[],&*!|>'\"%@`") \
        and value == value.strip()
    return value if plain else json.dumps(value)


def _fields(entry: dict[str, Any]) -> list[str]:
    out = [f"kind: {entry['kind']}", f"since: {json.dumps(str(entry['since']))}"]
    if entry.get("retired_in"):
        out.append(f"retired_in: {json.dumps(str(entry['retired_in']))}")
    return out


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _is_content(line: str) -> bool:
    return bool(line.strip()) and not line.lstrip().startswith("#")


@dataclass
class _Layout:
    """Where the entries are and how they are written (learnt from the file)."""

    lines: list[str]
    ids_line: int  # index of the 'ids:' line
    end: int  # index after the last line of the ids block
    indent: str = "  "  # of an entry's key
    field_indent: str | None = None  # of a block entry's fields; None: one line per entry


def _layout(lines: list[str]) -> _Layout:
    ids_line = next((i for i, line in enumerate(lines) if re.match(r"^ids\s*:", line)), None)
    if ids_line is None:
        raise RegisterLayoutError("there is no 'ids:' line")
    end = ids_line + 1
    for index in range(ids_line + 1, len(lines)):
        if _is_content(lines[index]):
            if _indent(lines[index]) == 0:
                break
            end = index + 1
    layout = _Layout(lines, ids_line, end)
    first = next((i for i in range(ids_line + 1, end) if _is_content(lines[i])), None)
    if first is not None:
        layout.indent = " " * _indent(lines[first])
        following = next((i for i in range(first + 1, end) if _is_content(lines[i])), None)
        if not lines[first].rstrip().endswith("}") and following is not None \
                and _indent(lines[following]) > _indent(lines[first]):
            layout.field_indent = " " * _indent(lines[following])
    elif lines[ids_line].split(":", 1)[1].strip() not in ("", "{}"):
        raise RegisterLayoutError("the 'ids:' line holds entries on the same line")
    return layout


def _entry_lines(layout: _Layout, item_id: str, entry: dict[str, Any]) -> list[str]:
    key = f"{layout.indent}{_scalar(item_id)}:"
    if layout.field_indent is None:
        return [f"{key} {{{', '.join(_fields(entry))}}}"]
    return [key] + [f"{layout.field_indent}{f}" for f in _fields(entry)]


def _retire(layout: _Layout, key_line: int, edition: str) -> None:
    """Add 'retired_in' to the entry whose key is on ``key_line`` (0-based), in its own layout."""
    lines = layout.lines
    line = lines[key_line]
    member = f"retired_in: {json.dumps(edition)}"
    if line.rstrip().endswith("}"):
        at = line.rstrip().rindex("}")
        lines[key_line] = line[:at].rstrip() + f", {member}" + line[at:]
        return
    last, fields = key_line, None
    for index in range(key_line + 1, layout.end):
        if _is_content(lines[index]):
            if _indent(lines[index]) <= _indent(line):
                break
            last, fields = index, fields or " " * _indent(lines[index])
    if fields is None:
        raise RegisterLayoutError(f"the entry on line {key_line + 1} has no fields below it")
    lines.insert(last + 1, f"{fields}{member}")
    layout.end += 1


def edit(text: str, result: Plan, key_lines: dict[str, int]) -> str:
    """``text`` with the plan's new entries and retirements added (``key_lines``: each ID's key line, 1-based)."""
    layout = _layout(text.splitlines())
    # Retirements first, from the bottom up, so earlier line numbers stay right.
    for item_id in sorted(result.retired, key=lambda i: key_lines[i], reverse=True):
        _retire(layout, key_lines[item_id] - 1, result.ids[item_id]["retired_in"])
    new = [line for item_id in result.added for line in _entry_lines(layout, item_id, result.ids[item_id])]
    if new and layout.end == layout.ids_line + 1:  # no entry yet: the block starts below 'ids:'
        layout.lines[layout.ids_line] = "ids:"
    layout.lines[layout.end:layout.end] = new
    return "\n".join(layout.lines) + "\n"


def register_path(root: Path) -> Path:
    return root / kinds.CONTENT / kinds.REGISTER_FILE


def update(root: Path, corpus: Corpus, *, write: bool) -> tuple[Plan, bool]:
    """Plan the register; when ``write`` and something is new, add it to the file. Returns (plan, written)."""
    path = register_path(root)
    result = plan(corpus)
    if not result.changed or not write:
        return result, False
    if path.is_symlink():
        raise RegisterLayoutError("it is a symbolic link, which the register is never written through")
    crlf = False
    if corpus.register_source is not None and path.is_file():
        raw = path.read_bytes()
        crlf = b"\r\n" in raw
        text = raw.decode("utf-8").replace("\r\n", "\n")
        key_lines = {item_id: corpus.register_source.where(("ids", item_id), key=True).line
                     for item_id in result.retired}
    else:
        text, key_lines = DEFAULT_HEADER + "ids:\n", {}
    new_text = edit(text, result, key_lines)
    _read_back(path, new_text, result)
    _replace(path, (new_text.replace("\n", "\r\n") if crlf else new_text).encode("utf-8"))
    return result, True


def _replace(path: Path, data: bytes) -> None:
    """Write through a new temporary file (never an existing one, never a link), renamed over ``path``."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _read_back(path: Path, text: str, result: Plan) -> None:
    """The edited text must read back, with the project's strict reader, as exactly the planned register."""
    source = parse_yaml(text.encode("utf-8"), path, path.name, Problems())
    if source is None or not isinstance(source.data, dict) or source.data.get("ids") != result.ids:
        raise RegisterLayoutError("adding lines to it would not give the planned register")
