"""MkDocs hook: regenerate pages and JSON from principles/ before every build.

A thin shim by design: all the work is in the engine-agnostic ``guidelines``
package, so ``mkdocs build``/``mkdocs serve`` and ``guidelines build`` agree.
MkDocs imports this file once per ``serve`` session; it reloads nothing itself.
"""

from __future__ import annotations

import sys
from pathlib import Path

_SCRIPTS = Path(__file__).resolve().parent
if str(_SCRIPTS) not in sys.path:  # hooks are loaded by path, not as a package
    sys.path.insert(0, str(_SCRIPTS))

from mkdocs.config.defaults import MkDocsConfig  # noqa: E402
from mkdocs.exceptions import PluginError  # noqa: E402

from guidelines import generate, sitebuild  # noqa: E402


# Generate the docs, and carry the guideline's metadata into the theme's context.
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    root = Path(config.config_file_path).resolve().parent
    ctx = sitebuild.take_pregenerated()
    if ctx is None:
        try:
            ctx = generate.generate(root, Path(config.docs_dir)).context
        except generate.ContentError as error:
            raise PluginError("The guideline content has problems:\n" + error.problems.report()) from None
    guideline = ctx.guideline
    config.site_name = guideline["short_title"]
    if not config.site_url:
        config.site_url = ctx.site_url
    config.extra["guideline"] = {
        "title": guideline["title"], "short_title": guideline["short_title"], "edition": ctx.edition,
        "effective_date": guideline["effective_date"], "publisher": guideline["publisher"]["name"],
    }
    return config
