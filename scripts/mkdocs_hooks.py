"""MkDocs loads this file by path (mkdocs.yml, ``hooks:``): it hands MkDocs' events to the generator.

All the work, and the state a ``serve`` process keeps between builds, is in
``guidelines.mkdocs.hooks.GuidelinesHooks``; MkDocs imports this file once per process.
"""

from __future__ import annotations

import sys
from pathlib import Path

_SCRIPTS = str(Path(__file__).resolve().parent)
if _SCRIPTS not in sys.path:  # hooks are loaded by path, not as a package
    sys.path.insert(0, _SCRIPTS)

from guidelines.mkdocs.hooks import GuidelinesHooks  # noqa: E402

HOOKS = GuidelinesHooks()
on_startup = HOOKS.on_startup
on_config = HOOKS.on_config
on_files = HOOKS.on_files
on_env = HOOKS.on_env
on_page_markdown = HOOKS.on_page_markdown
on_page_content = HOOKS.on_page_content
on_page_context = HOOKS.on_page_context
on_post_build = HOOKS.on_post_build
on_serve = HOOKS.on_serve
on_shutdown = HOOKS.on_shutdown
