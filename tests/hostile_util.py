"""Shared parts of the hostile-input gates: payloads, an injected project, a markup scan, snapshots.

The injection gate needs content whose every text field carries a payload and is
still valid (otherwise the build would stop and nothing would be tested), so the
free-text fields are found from the JSON Schemas rather than listed by hand: a
field added to a schema tomorrow is attacked tomorrow.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml

from guidelines import kinds
from guidelines.load.schemacheck import SCHEMA_DIR
from guidelines.load.yamlsource import FieldPath, read_yaml
from guidelines.problems import Problems

# Every payload, if it ever ran, sets window.__pwned (and opens a dialog): the browser
# gate asserts neither happens. Each must also show up, literally, as text.
PAYLOADS: tuple[str, ...] = (
    '<img src=x onerror="window.__pwned=1;alert(1)">',
    "<script>window.__pwned=1;alert(1)</script>",
    '"><svg onload="window.__pwned=1;alert(1)">',
    '{: onclick="window.__pwned=1;alert(1)" }',
    "*[HTML]: x",
    '--8<-- "/etc/passwd"',
    "</script><script>window.__pwned=1;alert(1)</script>",
    "</title></textarea></noscript><script>window.__pwned=1;alert(1)</script>",
    "javascript:alert(1)",
    '<details open ontoggle="window.__pwned=1;alert(1)">x</details>',
    "'-alert(1)-'\"-alert(1)-\"",
    '<iframe src="javascript:window.__pwned=1;alert(1)"></iframe>',
    "{{ 7*7 }} {% raw %} ${7*7}",
    "&lt;script&gt;window.__pwned=1&lt;/script&gt;",
    "<style>body{display:none}</style><!--",
    '<a href="javascript:window.__pwned=1;alert(1)">click</a>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
)
# Single-line JSON Schema patterns that still mean "free text".
_TEXT_PATTERNS = {r"\S", r"^[^\n\t]*\S[^\n\t]*$"}
_SCHEMAS: dict[str, dict[str, Any]] = {}


def _schema(name: str) -> dict[str, Any]:
    if name not in _SCHEMAS:
        _SCHEMAS[name] = json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))
    return _SCHEMAS[name]


def _resolve(node: dict[str, Any], current: str) -> tuple[dict[str, Any], str]:
    """Follow $ref chains (local or to another schema file)."""
    while "$ref" in node:
        target, _, pointer = node["$ref"].partition("#")
        current = target or current
        resolved: Any = _schema(current)
        for part in filter(None, pointer.split("/")):
            resolved = resolved[part]
        node = {**resolved, **{k: v for k, v in node.items() if k != "$ref"}}
    return node, current


def _is_text(node: dict[str, Any]) -> bool:
    if node.get("type") != "string" or {"enum", "const", "format"} & set(node):
        return False
    return node.get("pattern") in (None, *_TEXT_PATTERNS)


def text_fields(data: Any, schema: str) -> Iterator[tuple[FieldPath, dict[str, Any]]]:
    """(path, schema node) of every free-text string in ``data``, per its schema."""

    def walk(value: Any, node: dict[str, Any], current: str, path: FieldPath) -> Iterator[Any]:
        node, current = _resolve(node, current)
        if isinstance(value, str):
            if _is_text(node):
                yield path, node
        elif isinstance(value, dict):
            for key, child in value.items():
                sub = node.get("properties", {}).get(key)  # map values (answers) are never text
                if sub is not None:
                    yield from walk(child, sub, current, (*path, key))
        elif isinstance(value, list) and isinstance(node.get("items"), dict):
            for index, child in enumerate(value):
                yield from walk(child, node["items"], current, (*path, index))

    yield from walk(data, _schema(schema), schema, ())


def schema_of(relpath: str) -> str | None:
    """The schema of a file under principles/ (given relative to principles/)."""
    if relpath == kinds.GUIDELINE_FILE:
        return "guideline.schema.json"
    if relpath == kinds.REGISTER_FILE:
        return "register.schema.json"
    kind = kinds.BY_DIRECTORY.get(relpath.split("/")[0])
    return kind.schema if kind else None


def _set(data: Any, path: FieldPath, value: Any) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def dump_yaml(data: Any) -> str:
    """Plain YAML the strict reader accepts (no tags, no anchors; strings quoted as needed)."""
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)


def inject_payloads(project: Path) -> dict[str, list[str]]:
    """Replace every free-text field under project/principles with a payload.

    Payloads rotate by file and by field, so the first text field of each file (its
    title, which also becomes the page's <title>) gets a different payload in each file.
    Returns, for each payload, the fields that carry it ('file: field.path').
    """
    written: dict[str, list[str]] = {}

    def payload(file_index: int, field_index: int, relpath: str, field_path: FieldPath, node: dict[str, Any]) -> str:
        limit = node.get("maxLength", 10_000)
        fitting = [p for p in PAYLOADS if len(p) <= limit]
        chosen = fitting[(file_index + field_index) % len(fitting)] if fitting else "<>"[:limit]
        written.setdefault(chosen, []).append(f"{relpath}: {'.'.join(map(str, field_path))}")
        return chosen

    rewrite_text_fields(project, payload)
    return written


TextMaker = Callable[[int, int, str, FieldPath, dict[str, Any]], str]


def rewrite_text_fields(project: Path, make: TextMaker) -> int:
    """Set every free-text field under project/principles to ``make(file index, field index, file, field,
    its schema)``; returns how many fields."""
    count = 0
    content = project / "principles"
    for file_index, path in enumerate(sorted(content.rglob("*.yml"))):
        relpath = path.relative_to(content).as_posix()
        schema = schema_of(relpath)
        source = read_yaml(path, relpath, Problems())
        if schema is None or source is None:
            continue
        data = source.data
        for field_index, (field_path, node) in enumerate(list(text_fields(data, schema))):
            _set(data, field_path, make(file_index, field_index, relpath, field_path, node))
            count += 1
        path.write_text(dump_yaml(data), encoding="utf-8")
    return count


class _MarkupScan(HTMLParser):
    """Collects what could run (event handlers, script-capable URLs, live elements) and the text."""

    _LIVE = frozenset({"iframe", "object", "embed", "frame", "frameset", "base", "math", "meta"})
    _URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcdoc"})
    _UNSAFE_URL = re.compile(r"\s*(javascript|vbscript|data):", re.IGNORECASE)

    def __init__(self, name: str) -> None:
        super().__init__(convert_charrefs=True)
        self.name = name
        self.found: list[str] = []
        self.text: list[str] = []
        self.rcdata: str | None = None  # inside <title>/<textarea>, tags are text (as in a browser)
        self.raw: str | None = None  # inside <script> or <style>: 'json', 'external', 'inline', 'style'
        self.in_head = True
        self.foreign = 0  # depth inside <svg> or <math>

    def where(self) -> str:
        line, column = self.getpos()
        return f"{self.name}:{line}:{column + 1}"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.rcdata:
            self.text.append(self.get_starttag_text() or "")
            return
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            if name.startswith("on"):
                self.found.append(f"{self.where()}: <{tag}> has an event handler {name}={value!r}")
            if name in self._URL_ATTRIBUTES and self._UNSAFE_URL.match(value) \
                    and not (tag == "img" and value.startswith("data:image/")):
                self.found.append(f"{self.where()}: <{tag} {name}={value!r}> could run script")
        if tag == "body":
            self.in_head = False
        if tag in ("svg", "math"):
            self.foreign += 1
        if tag in self._LIVE and not (tag == "meta" and self.in_head):
            self.found.append(f"{self.where()}: a live <{tag}> element")
        if tag == "img" and values.get("src") == "x":
            self.found.append(f"{self.where()}: a live <img src=x> (a payload)")
        if tag in ("title", "textarea") and not self.foreign:  # an SVG <title> holds markup
            self.rcdata = tag
        elif tag == "script":
            kind = values.get("type", "")
            self.raw = "json" if kind == "application/json" else "external" if "src" in values else "inline"
        elif tag == "style":
            self.raw = "style"

    def handle_endtag(self, tag: str) -> None:
        if self.rcdata and tag != self.rcdata:
            self.text.append(f"</{tag}>")
        elif tag == self.rcdata:
            self.rcdata = None
        elif tag in ("script", "style"):
            self.raw = None
        elif tag in ("svg", "math") and self.foreign:
            self.foreign -= 1

    def handle_data(self, data: str) -> None:
        if self.raw == "inline" and "__pwned" in data:
            self.found.append(f"{self.where()}: a live inline <script> carries a payload")
        elif self.raw == "style" and "display:none" in data.replace(" ", ""):
            self.found.append(f"{self.where()}: a live <style> element (a payload)")
        elif self.raw is None:
            self.text.append(data)


def scan_page(path: Path, name: str) -> tuple[list[str], str]:
    """(live markup found, visible text) of one HTML page."""
    scan = _MarkupScan(name)
    scan.feed(path.read_text(encoding="utf-8"))
    scan.close()
    return scan.found, "".join(scan.text)


def live_markup(site: Path) -> tuple[list[str], str]:
    """Every piece of live markup in the built site, and all its pages' text."""
    found: list[str] = []
    texts: list[str] = []
    for page in sorted(site.rglob("*.html")):
        page_found, text = scan_page(page, page.relative_to(site).as_posix())
        found += page_found
        texts.append(text)
    return found, "\n".join(texts)


def snapshot(folder: Path) -> dict[str, str]:
    """Every entry under ``folder``: a content hash, a link target or the kind of special file."""
    found: dict[str, str] = {}
    for directory, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(directory) / name
            relpath = path.relative_to(folder).as_posix()
            if path.is_symlink():
                found[relpath] = "symlink -> " + os.readlink(path)
            elif path.is_dir():
                found[relpath] = "dir"
            elif path.is_file():
                found[relpath] = hashlib.sha256(path.read_bytes()).hexdigest()
            else:
                found[relpath] = "special"
    return found
