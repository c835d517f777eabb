"""Validate source data against the JSON Schemas and explain errors to authors.

jsonschema's own messages are written for programmers ("'x' is not of type
'string'"); this module rewrites each one as what was expected, what was found,
where, and how to fix it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, validators
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource

from guidelines.load.fastschema import compile_schema
from guidelines.load.yamlsource import SourceFile, dotted
from guidelines.problems import Problems, did_you_mean

SCHEMA_DIR = Path(__file__).parent.parent / "schemas"

_TYPE_NAMES = {
    "string": "text", "integer": "a whole number", "number": "a number", "boolean": "true or false",
    "array": "a list", "object": "a mapping (key: value lines)", "null": "nothing",
}


@cache
def _registry() -> Registry:
    resources = []
    for path in sorted(SCHEMA_DIR.glob("*.schema.json")):
        contents = json.loads(path.read_text(encoding="utf-8"))
        resources.append((path.name, Resource.from_contents(contents)))
    return Registry().with_resources(resources)


def _ecma_pattern(checker: Any, pattern: str, instance: Any, schema: Any) -> Iterator[ValidationError]:
    r"""'pattern' as JSON Schema means it (ECMA-262): ``\d`` is 0-9 only.

    Python's ``re`` lets ``\d`` match any Unicode digit, so 'GP-１' (a fullwidth one)
    would pass for an ID and sit beside 'GP-1'. A value must match in Python's
    Unicode mode (``\s`` is every space, as in ECMA) and in ASCII mode (``\d``).
    """
    if checker.is_type(instance, "string") and not (re.search(pattern, instance)
                                                    and re.search(pattern, instance, re.ASCII)):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


_Validator = validators.extend(Draft202012Validator, {"pattern": _ecma_pattern})


@cache
def validator(schema_name: str) -> Draft202012Validator:
    """A compiled validator for one schema file (built once per process)."""
    schema = json.loads((SCHEMA_DIR / schema_name).read_text(encoding="utf-8"))
    return _Validator(schema, registry=_registry())


def _found(value: Any) -> str:
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the text '{shown}'"
    if isinstance(value, list):
        return "a list"
    return "a mapping"


def _expected_type(schema: Any) -> str:
    kind = schema.get("type") if isinstance(schema, dict) else None
    if isinstance(kind, list):
        return " or ".join(_TYPE_NAMES.get(k, k) for k in kind)
    return _TYPE_NAMES.get(kind or "", str(kind))


def _describe(error: ValidationError, root: dict[str, Any]) -> tuple[str, str]:
    """(message, hint) for one schema error; ``root`` supplies descriptions for conditionals."""
    value, schema = error.instance, error.schema
    kind = error.validator
    description = schema.get("description", "") if isinstance(schema, dict) else ""
    if kind == "type":
        message = f"expected {_expected_type(schema)}, found {_found(value)}"
        if isinstance(value, bool) and error.validator_value == "string":
            word = "yes" if value else "no"
            return message, f"YAML reads yes/no/on/off/true/false as true/false: quote it, e.g. \"{word}\""
        if isinstance(value, (int, float)) and error.validator_value == "string":
            return message, f"quote it so YAML keeps it as text: \"{value}\""
        if value is None:
            return message, "write a value after the ':' or remove the line"
        return message, description
    if kind == "required":
        missing = [name for name in error.validator_value if name not in (value or {})]
        name = missing[0] if missing else "?"
        prop = schema.get("properties", {}).get(name, {}) if isinstance(schema, dict) else {}
        hint = prop.get("description") or root.get("properties", {}).get(name, {}).get("description", "")
        return f"missing required field '{name}'", f"add '{name}:'" + (f": {hint}" if hint else "")
    if kind == "additionalProperties":
        allowed = set(schema.get("properties", {}))
        extra = sorted(set(value) - allowed)
        name = extra[0] if extra else "?"
        return f"unknown field '{name}'", did_you_mean(name, allowed)
    if kind == "enum" and "propertyNames" in error.schema_path:
        return (f"field '{value}' does not belong here",
                f"allowed fields: {', '.join(error.validator_value)}")
    if kind in ("enum", "const"):
        options = error.validator_value if kind == "enum" else [error.validator_value]
        hint = did_you_mean(str(value), {str(o) for o in options})
        return (f"expected one of {', '.join(map(str, options))}, found {_found(value)}",
                hint if hint.startswith("did you mean") else "")
    if kind == "pattern" and isinstance(value, str) and not value.strip():
        return "the text is empty", "write the text, or remove the field if it is optional"
    if kind == "pattern" and "propertyNames" in error.schema_path:
        return f"the key '{value}' has the wrong form", description or f"it must match {error.validator_value}"
    if kind == "pattern" and isinstance(value, str) and not value.isascii():
        from guidelines.render.idlinks import describe_lookalike, lookalikes  # (only then: it loads Markdown)
        found = lookalikes(value)
        if found and found[0][0] == value:  # an ID, typed with a character that looks like an ASCII one
            return (f"{_found(value)} looks like the ID '{found[0][1]}' but is written with "
                    f"{describe_lookalike(value)}", f"type it with plain characters: {found[0][1]}")
    if kind == "pattern":
        return f"{_found(value)} has the wrong form", description or f"it must match {error.validator_value}"
    if kind == "minLength":
        return "the text is empty", "write the text, or remove the field if it is optional"
    if kind == "maxLength":
        return f"the text is {len(value)} characters long, over the limit of {error.validator_value}", \
            "shorten it"
    if kind == "minItems":
        return (f"expected at least {error.validator_value} item(s), found {len(value)}",
                description or "add items")
    if kind == "uniqueItems":
        return "the list repeats an item", "remove the duplicate"
    if kind in ("minimum", "maximum"):
        return f"{_found(value)} is out of range", description
    if kind == "minProperties":
        return "the mapping is empty", description
    return error.message, description


def _error_field(error: ValidationError) -> tuple[tuple[Any, ...], bool]:
    """The field path an error is about, and whether to point at the key."""
    path = tuple(error.absolute_path)
    if error.validator == "required":
        return path, False
    if error.validator == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        return (path + (extra[0],) if extra else path), True
    if "propertyNames" in error.schema_path:  # a key of the wrong form: point at its own line
        return path + (error.instance,), True
    return path, False


def check_schema(source: SourceFile, schema_name: str, problems: Problems) -> bool:
    """Validate one file; add a located problem per error. True when valid.

    A compiled yes/no check (fastschema) clears valid files quickly; jsonschema only
    runs to explain a file that check rejects, so every message stays the same.
    """
    fast = compile_schema(schema_name)
    if fast is not None and fast(source.data):
        return True
    checker = validator(schema_name)
    errors = list(checker.iter_errors(source.data))
    for error in errors:
        if error.validator in ("if", "then", "allOf", "else") and error.context:
            continue  # their sub-errors are reported on their own
        path, at_key = _error_field(error)
        message, hint = _describe(error, checker.schema)
        field_name = dotted(path)
        if error.validator == "required":
            missing = [n for n in error.validator_value if n not in (error.instance or {})]
            field_name = dotted(path + (missing[0],)) if missing else field_name
        problems.add(source.where(path, key=at_key), field_name, message, hint)
    return not errors
