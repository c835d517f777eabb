"""How a walk through a tree is written in a URL, shared with the browser widget.

``?answers=q-one.yes~q-two.not-sure``: question ID and option value joined by '.',
steps joined by '~' (both characters are unreserved in URLs and cannot occur in IDs).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

PARAM = "answers"


def encode(answers: Mapping[str, str] | Iterable[tuple[str, str]]) -> str:
    pairs = answers.items() if isinstance(answers, Mapping) else answers
    return "~".join(f"{question}.{value}" for question, value in pairs)


def decode(text: str) -> list[tuple[str, str]]:
    """Parse the parameter; raise ValueError for anything malformed."""
    pairs = []
    for step in filter(None, text.split("~")):
        question, dot, value = step.partition(".")
        if not dot or not question or not value:
            raise ValueError(f"malformed step {step!r}")
        pairs.append((question, value))
    return pairs


def query(answers: Mapping[str, str] | Iterable[tuple[str, str]]) -> str:
    return f"?{PARAM}={encode(answers)}"
