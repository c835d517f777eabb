"""A grammar of dangerous text: the constructs that have turned (or could turn) YAML into live markup.

Used by the property test (tests/test_sanitized_output.py, through hypothesis) and by
the browser gate (tests/browser/test_gates_grammar.py, through a seeded random
sample). Each text is a few constructs joined by spaces, line breaks or list starts:
links and images in every Markdown form, reference definitions in every position,
script-capable schemes broken up by line breaks, tabs and character references, raw
HTML with event handlers, entities, abbreviation and attribute-list syntax, snippets,
admonitions, code spans and blocks. None holds a control character other than tab
and line feed: the loader refuses those before anything renders.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hostile_util import rewrite_text_fields

RUN = "window.__pwned=1;alert(1)"
SCHEMES = ("javascript:", "JaVaScRiPt:", "vbscript:", "data:text/html,", "java\nscript:", "java\tscript:",
           "&#106;avascript:", "java&#x09;script:", " javascript:", "\njavascript:", "jav&#x0A;ascript:",
           "javascript&colon;", "//evil.example/", "\\\\evil.example\\")
TARGETS = tuple(f"{scheme}{RUN}" for scheme in SCHEMES)
LINKS = ("[t]({u})", "[t](<{u}>)", "[t]( {u} )", '[t]({u} "title")', "<{u}>", "![a]({u})", "[![a]({u})](x)",
         "[t][r]\n\n[r]: {u}", "[r]\n\n[r]:\n  {u}", "[t][]\n\n[t]: {u}", "- item [t][r]\n\n  [r]: {u}",
         "   [r]: <{u}>\n\n[r]", "> [q][r]\n>\n> [r]: {u}", "1. [t][r]\n\n   [r]: {u}")
HTML = ('<a href="{u}">x</a>', f"<img src=x onerror={RUN}>", f'<svg onload="{RUN}">', '<iframe src="{u}"></iframe>',
        f"<script>{RUN}</script>", "<style>body{display:none}</style>", f"<details open ontoggle={RUN}>x</details>",
        '<form action="{u}"><button>go</button></form>', '<object data="{u}"></object>',
        f"<math><mtext><table><mglyph><style><img src=x onerror={RUN}>", "<!-- hidden -->",
        f"<![CDATA[<img src=x onerror={RUN}>]]>", '<div markdown="1">[x]({u})</div>', f"<a href=x onclick={RUN}>x</a>",
        f'"><img src=x onerror={RUN}>', f"'-{RUN}-'", f"</textarea></title><script>{RUN}</script>",
        '<base href="{u}">', '<meta http-equiv="refresh" content="0;url={u}">', '<embed src="{u}">')
OTHER = (f"&lt;img src=x onerror={RUN}&gt;", "&#60;script&#62;x&#60;/script&#62;",
         f"*[HTML]: <img src=x onerror={RUN}>", "*[t]: x", f'{{: onclick="{RUN}" }}', "text{: href='{u}' }",
         f"{{#top .x onmouseover={RUN}}}",
         f'!!! note "<img src=x onerror={RUN}>"', f"`<img src=x onerror={RUN}>`", f"    <script>{RUN}</script>",
         f"```\n<script>{RUN}</script>\n```", '--8<-- "/etc/passwd"', "{{ 7*7 }} {% raw %}", "**bold** *em* `code`",
         "lt gt amp &amp; &", "[ok](https://example.org/a?b=1&c=2)", "[mail](mailto:someone@example.org)")
JOINS = (" ", "\n", "\n\n", "\n- ", "\n  ", "\n\n    ", "")


def construct(choose: Callable[[tuple[str, ...]], str]) -> str:
    """One construct, its address (if it takes one) chosen too."""
    kind = choose(("link", "html", "other"))
    pattern = choose(LINKS if kind == "link" else HTML if kind == "html" else OTHER)
    return pattern.replace("{u}", choose(TARGETS)) if "{u}" in pattern else pattern


def text(choose: Callable[[tuple[str, ...]], str], count: int) -> str:
    parts = [construct(choose) for _ in range(count)]
    out = parts[0]
    for part in parts[1:]:
        out += choose(JOINS) + part
    return out


def fit(value: str, node: dict[str, Any]) -> str:
    """The text as the field's schema takes it: one line where it must be, within its length."""
    if node.get("pattern", "\\S") != "\\S":  # a one-line field (no line breaks, no tabs)
        value = " ".join(value.split())
    value = value[: node.get("maxLength", 4000)]
    return value if value.strip() else "x"


def fill(project: Path, texts: Callable[[], str]) -> int:
    """Give every free-text field under project/principles a text of the grammar; returns how many fields."""
    return rewrite_text_fields(project, lambda *field: fit(texts(), field[-1]))


def seeded(seed: int) -> Callable[[], str]:
    """Texts from a seeded random choice (for a sample that is the same on every run)."""
    rng = random.Random(seed)
    return lambda: text(lambda options: rng.choice(options), rng.randint(1, 4))
