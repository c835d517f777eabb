"""The theme's templates compiled once per process, not once per MkDocs run.

``guidelines build`` runs MkDocs once per language, and the preview once per change; each
run makes a new Jinja environment, which compiled Material's fifty-odd templates again
from source: a third of a second a run. Jinja's bytecode caches exist to share compiled
templates between environments; this one keeps them in memory, for this process only
(nothing is written to disk, so no build depends on what an earlier one left behind).

A template is reused only if its source is the same (Jinja's checksum) and the
environment compiles the same way (its syntax and output settings): otherwise it is
compiled again, as without the cache.
"""

from __future__ import annotations

from types import CodeType
from typing import Any

from jinja2 import BytecodeCache, Environment
from jinja2.bccache import Bucket


def _settings(env: Environment) -> tuple[Any, ...]:
    """What an environment's compiled code depends on, beside the template's source."""
    return (env.block_start_string, env.block_end_string, env.variable_start_string, env.variable_end_string,
            env.comment_start_string, env.comment_end_string, env.line_statement_prefix, env.line_comment_prefix,
            env.trim_blocks, env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline,
            tuple(sorted(env.extensions)), env.optimized, env.is_async, repr(env.autoescape), repr(env.finalize))


class TemplateCode(BytecodeCache):
    """Compiled templates by file, source checksum and environment settings, in memory."""

    def __init__(self) -> None:
        self._code: dict[tuple[Any, ...], CodeType] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        bucket.code = self._code.get(self._key(bucket))

    def dump_bytecode(self, bucket: Bucket) -> None:
        if bucket.code is not None:
            self._code[self._key(bucket)] = bucket.code

    def clear(self) -> None:
        self._code.clear()

    @staticmethod
    def _key(bucket: Bucket) -> tuple[Any, ...]:
        return bucket.key, bucket.checksum, _settings(bucket.environment)


SHARED = TemplateCode()  # this process's


def share_compiled_templates(env: Environment) -> None:
    """Have a theme environment take and leave its compiled templates in this process's cache."""
    env.bytecode_cache = SHARED
