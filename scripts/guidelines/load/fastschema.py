"""A fast yes/no check against the project's JSON Schemas, for the common case: valid data.

jsonschema walks a schema anew for every instance (resolving each ``$ref`` through its
registry, creating a child validator per keyword), which costs about a millisecond per
worked example and over a second for a 500-node tree. Almost every file is valid, and
a valid file needs no message. So each schema is compiled once into nested Python
closures that only answer "valid?"; when one says no, ``schemacheck`` asks jsonschema
for the errors, so every message is exactly what it was.

The compiler knows the keywords the project's schemas use and mirrors jsonschema's
draft 2020-12 semantics for each one (``pattern`` in ECMA-262 terms, as schemacheck
extends it). Any keyword it does not know makes the whole schema fall back to
jsonschema (``compile_schema`` returns None), so a schema edit can cost speed, never
correctness. tests/test_fastschema.py holds the two to the same verdicts.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urldefrag, urljoin

from jsonschema._utils import equal, uniq

Check = Callable[[Any], bool]

SCHEMA_DIR = Path(__file__).parent.parent / "schemas"
# Keywords that never affect validity (format is an annotation in 2020-12 by default).
_ANNOTATIONS = frozenset({"description", "title", "$schema", "$defs", "$comment", "default", "examples",
                          "deprecated", "readOnly", "writeOnly", "format"})


class Unsupported(Exception):
    """The schema uses something this compiler does not mirror: use jsonschema."""


def _is_integer(x: Any) -> bool:
    if isinstance(x, bool):
        return False
    return isinstance(x, int) or (isinstance(x, float) and x.is_integer())


def _is_number(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


_TYPES: dict[str, Check] = {
    "string": lambda x: isinstance(x, str),
    "integer": _is_integer,
    "number": _is_number,
    "boolean": lambda x: isinstance(x, bool),
    "null": lambda x: x is None,
    "array": lambda x: isinstance(x, list),
    "object": lambda x: isinstance(x, dict),
}


_STR = {str}


# Plain loops rather than all()/any() over generators: these run for every value of
# every file, and a generator costs more than the checks it feeds.
def _every(check: Check, values: Any) -> bool:
    """Each value passes the check."""
    for value in values:  # noqa: SIM110
        if not check(value):
            return False
    return True


def _all_pass(checks: tuple[Check, ...], x: Any) -> bool:
    """The value passes each check."""
    for check in checks:  # noqa: SIM110
        if not check(x):
            return False
    return True


def _any(checks: tuple[Check, ...], x: Any) -> bool:
    """The value passes one of the checks."""
    for check in checks:  # noqa: SIM110
        if check(x):
            return True
    return False


def _always(_: Any) -> bool:
    return True


def _never(_: Any) -> bool:
    return False


class _Compiler:
    def __init__(self, documents: dict[str, Any]) -> None:
        self.documents = documents
        self.done: dict[tuple[str, str], Check] = {}

    def resolve(self, base: str, ref: str) -> tuple[str, str, Any]:
        uri, fragment = urldefrag(urljoin(base, ref))
        document = self.documents.get(uri)
        if document is None:
            raise Unsupported(f"unknown schema {uri!r}")
        node = document
        if fragment:
            if not fragment.startswith("/"):
                raise Unsupported(f"anchor {fragment!r}")
            for part in fragment[1:].split("/"):
                part = unquote(part).replace("~1", "/").replace("~0", "~")
                node = node[int(part)] if isinstance(node, list) else node[part]
        return uri, fragment, node

    def ref(self, base: str, ref: str) -> Check:
        uri, fragment, node = self.resolve(base, ref)
        key = (uri, fragment)
        if key not in self.done:
            cell: list[Check] = []
            self.done[key] = lambda x: cell[0](x)  # recursion-safe until compiled
            compiled = self.compile(node, uri)
            cell.append(compiled)
            self.done[key] = compiled
        return self.done[key]

    def compile(self, schema: Any, base: str) -> Check:
        if schema is True:
            return _always
        if schema is False:
            return _never
        if not isinstance(schema, dict):
            raise Unsupported("a schema must be an object or a boolean")
        if "$id" in schema and urljoin(base, schema["$id"]) != base:
            raise Unsupported("nested $id")
        text = self.text_check(schema)
        if text is not None:
            return text
        checks: list[Check] = []
        for keyword, value in schema.items():
            if keyword in _ANNOTATIONS or keyword in ("$id", "then", "else"):
                continue
            builder = getattr(self, "k_" + keyword.lstrip("$"), None)
            if builder is None:
                raise Unsupported(f"keyword {keyword!r}")
            checks.append(builder(value, schema, base))
        if not checks:
            return _always
        if len(checks) == 1:
            return checks[0]
        checks_t = tuple(checks)
        return lambda x: _all_pass(checks_t, x)

    @staticmethod
    def text_check(schema: dict[str, Any]) -> Check | None:
        """One check for the commonest schema, a string with lengths and a pattern; None for others.

        Most values in the content are text (titles, IDs, prose), and one function call
        instead of one per keyword halves the cost of checking a file.
        """
        keywords = {k: v for k, v in schema.items() if k not in _ANNOTATIONS}
        if keywords.get("type") != "string" or not set(keywords) <= {"type", "minLength", "maxLength", "pattern"}:
            return None
        shortest, longest = keywords.get("minLength", 0), keywords.get("maxLength")
        pattern = keywords.get("pattern")
        if not isinstance(shortest, int) or not isinstance(longest, (int, type(None))) \
                or not isinstance(pattern, (str, type(None))):
            raise Unsupported("malformed string keywords")
        longest = float("inf") if longest is None else longest
        if pattern is None:
            return lambda x: isinstance(x, str) and shortest <= len(x) <= longest
        unicode, ascii_ = re.compile(pattern), re.compile(pattern, re.ASCII)  # as k_pattern
        return lambda x: (isinstance(x, str) and shortest <= len(x) <= longest
                          and unicode.search(x) is not None and ascii_.search(x) is not None)

    # -- keywords (each mirrors jsonschema/_keywords.py for draft 2020-12) --------------

    def k_ref(self, value: str, schema: dict[str, Any], base: str) -> Check:
        return self.ref(base, value)

    def k_type(self, value: Any, schema: dict[str, Any], base: str) -> Check:
        names = value if isinstance(value, list) else [value]
        try:
            tests = tuple(_TYPES[name] for name in names)
        except KeyError as error:
            raise Unsupported(f"type {error}") from None
        if len(tests) == 1:
            return tests[0]
        return lambda x: _any(tests, x)

    def k_pattern(self, value: str, schema: dict[str, Any], base: str) -> Check:
        unicode, ascii_ = re.compile(value), re.compile(value, re.ASCII)  # schemacheck._ecma_pattern
        return lambda x: not isinstance(x, str) or bool(unicode.search(x) and ascii_.search(x))

    def k_minLength(self, value: int, schema: dict[str, Any], base: str) -> Check:
        return lambda x: not isinstance(x, str) or len(x) >= value

    def k_maxLength(self, value: int, schema: dict[str, Any], base: str) -> Check:
        return lambda x: not isinstance(x, str) or len(x) <= value

    def k_minItems(self, value: int, schema: dict[str, Any], base: str) -> Check:
        return lambda x: not isinstance(x, list) or len(x) >= value

    def k_maxItems(self, value: int, schema: dict[str, Any], base: str) -> Check:
        return lambda x: not isinstance(x, list) or len(x) <= value

    def k_minProperties(self, value: int, schema: dict[str, Any], base: str) -> Check:
        return lambda x: not isinstance(x, dict) or len(x) >= value

    def k_uniqueItems(self, value: bool, schema: dict[str, Any], base: str) -> Check:
        if not value:
            return _always
        # Lists of text (IDs) are the usual case: a set answers for them as uniq would.
        return lambda x: not isinstance(x, list) or (len(set(x)) == len(x) if set(map(type, x)) <= _STR
                                                     else uniq(x))

    def k_minimum(self, value: float, schema: dict[str, Any], base: str) -> Check:
        return lambda x: not _is_number(x) or x >= value

    def k_maximum(self, value: float, schema: dict[str, Any], base: str) -> Check:
        return lambda x: not _is_number(x) or x <= value

    def k_enum(self, value: list[Any], schema: dict[str, Any], base: str) -> Check:
        if all(isinstance(v, str) for v in value):
            options = frozenset(value)
            return lambda x: isinstance(x, str) and x in options
        return lambda x: any(equal(each, x) for each in value)

    def k_const(self, value: Any, schema: dict[str, Any], base: str) -> Check:
        if isinstance(value, str):
            return lambda x: isinstance(x, str) and x == value
        return lambda x: equal(x, value)

    def k_required(self, value: list[str], schema: dict[str, Any], base: str) -> Check:
        names = frozenset(value)
        return lambda x: not isinstance(x, dict) or names <= x.keys()

    def k_properties(self, value: dict[str, Any], schema: dict[str, Any], base: str) -> Check:
        props = tuple((name, self.compile(sub, base)) for name, sub in value.items())

        def properties(x: Any) -> bool:
            if not isinstance(x, dict):
                return True
            for name, check in props:  # noqa: SIM110
                if name in x and not check(x[name]):
                    return False
            return True
        return properties

    def k_additionalProperties(self, value: Any, schema: dict[str, Any], base: str) -> Check:
        if "patternProperties" in schema:
            raise Unsupported("patternProperties")
        known = frozenset(schema.get("properties", {}))
        if value is False:
            return lambda x: not isinstance(x, dict) or known.issuperset(x)
        check = self.compile(value, base)
        return lambda x: not isinstance(x, dict) or _every(check, [v for k, v in x.items() if k not in known])

    def k_items(self, value: Any, schema: dict[str, Any], base: str) -> Check:
        if "prefixItems" in schema:
            raise Unsupported("prefixItems")
        check = self.compile(value, base)
        return lambda x: not isinstance(x, list) or _every(check, x)

    def k_propertyNames(self, value: Any, schema: dict[str, Any], base: str) -> Check:
        check = self.compile(value, base)
        return lambda x: not isinstance(x, dict) or _every(check, x)

    def k_allOf(self, value: list[Any], schema: dict[str, Any], base: str) -> Check:
        checks = tuple(self.compile(sub, base) for sub in value)
        return lambda x: _all_pass(checks, x)

    def k_if(self, value: Any, schema: dict[str, Any], base: str) -> Check:
        condition = self.compile(value, base)
        then = self.compile(schema.get("then", True), base)
        otherwise = self.compile(schema.get("else", True), base)
        return lambda x: then(x) if condition(x) else otherwise(x)


@cache
def _documents() -> dict[str, Any]:
    documents: dict[str, Any] = {}
    for path in sorted(SCHEMA_DIR.glob("*.schema.json")):
        contents = json.loads(path.read_text(encoding="utf-8"))
        documents[path.name] = contents
        if isinstance(contents, dict) and isinstance(contents.get("$id"), str):
            documents.setdefault(contents["$id"], contents)
    return documents


@cache
def compile_schema(schema_name: str) -> Check | None:
    """The compiled check for one schema file, or None when only jsonschema can judge it."""
    documents = _documents()
    schema = documents.get(schema_name)
    if schema is None:
        return None
    base = schema.get("$id", schema_name) if isinstance(schema, dict) else schema_name
    try:
        return _Compiler(documents).compile(schema, base)
    except (Unsupported, KeyError, IndexError, ValueError, TypeError, re.error):
        return None
