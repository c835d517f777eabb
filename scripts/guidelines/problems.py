"""Problems found in the content, reported the way authors need them.

Every check appends to one list instead of raising, so that one run shows every
mistake at once; the CLI prints them as ``path:line:column: field: message (hint)``.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

FieldPath = tuple[str | int, ...]  # where a value sits in a file's data: keys and list indexes


def dotted(path: FieldPath) -> str:
    """Render a field path the way authors read it: ``options[2].next``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


@dataclass(frozen=True, order=True)
class Location:
    """Where something sits in a source file (1-based line and column)."""

    path: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Problem:
    """One mistake: where, which field, what is wrong, how to fix it."""

    location: Location
    field: str
    message: str
    hint: str = ""
    fixed_by: str = ""  # the command that fixes it, when one does (``register``)

    def __str__(self) -> str:
        text = f"{self.location}: {self.field or '(file)'}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text


@dataclass
class Problems:
    """An ordered, de-duplicated collection of problems."""

    items: list[Problem] = field(default_factory=list)

    def add(self, location: Location, field_path: str, message: str, hint: str = "", *,
            fixed_by: str = "") -> None:
        # Quoted content (a file name with a newline, a control character) must not break the line.
        field_path, message, hint = (printable(text) for text in (field_path, message, hint))
        problem = Problem(location, field_path, message, hint, fixed_by)
        key = (location, field_path, message)
        if all((p.location, p.field, p.message) != key for p in self.items):
            self.items.append(problem)

    def extend(self, other: Problems) -> None:
        for problem in other.items:
            if problem not in self.items:
                self.items.append(problem)

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def sorted(self) -> list[Problem]:
        return sorted(self.items, key=lambda p: (p.location, p.field, p.message))

    def report(self) -> str:
        lines = [str(p) for p in self.sorted()]
        noun = "problem" if len(lines) == 1 else "problems"
        lines.append(f"{len(lines)} {noun} found.")
        return "\n".join(lines)


def did_you_mean(value: str, candidates: list[str] | set[str]) -> str:
    """A 'did you mean' hint for a mistyped name, or a list of valid names."""
    pool = sorted(candidates)
    close = difflib.get_close_matches(value, pool, n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    if not pool:
        return "there is nothing of that kind yet"
    shown = ", ".join(f"'{c}'" for c in pool[:8])
    more = f" and {len(pool) - 8} more" if len(pool) > 8 else ""
    return f"expected one of {shown}{more}"


def relative(path: Path, root: Path) -> str:
    """The path as authors see it: relative to the project root when possible.

    A symlink keeps its own name (resolving it could fail on a loop or name a file
    elsewhere), and characters that would break the one-line message are escaped.
    """
    try:
        shown = path.absolute().relative_to(root.absolute()).as_posix()
    except ValueError:
        try:
            shown = path.resolve().relative_to(root.resolve()).as_posix()
        except (ValueError, OSError, RuntimeError):
            shown = path.as_posix()
    return printable(shown)


def printable(text: str) -> str:
    """The text with line breaks and other invisible control characters written as escapes."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() or c == " " else repr(c)[1:-1] for c in text)


class ContentError(Exception):
    """The content (or what generating it would do) has problems; ``problems`` holds every one."""

    def __init__(self, problems: Problems) -> None:
        super().__init__(problems.report())
        self.problems = problems
