"""Glossary tooltips (guidelines.mdext): upstream ``abbr``'s HTML, from the glossary only."""

from __future__ import annotations

import markdown

from guidelines.render import mdext

DOC = "\n\n".join(
    f"## Part {i} {{#part-{i}}}\n\nThe AI tool and the *AI* model, `AI`, **HTML** and AI.\n\n"
    f"- AI one\n- two HTML\n\n> AI in a quote, [a link about AI](https://x.test/)\n\n"
    f'<div markdown="1">AI in HTML, AI again</div>'
    for i in range(400))
GLOSSARY = {"AI": "Artificial intelligence", "HTML": "Hypertext"}
EXTENSIONS = ["attr_list", "md_in_html", "tables", "admonition", "toc"]


def convert(text: str, glossary: dict[str, str] = GLOSSARY) -> str:
    return markdown.Markdown(extensions=[*EXTENSIONS, mdext.NAME],
                             extension_configs={mdext.NAME: {"glossary": glossary}}).convert(text)


def test_the_output_is_upstreams() -> None:
    upstream = markdown.Markdown(extensions=[*EXTENSIONS, "abbr"],
                                 extension_configs={"abbr": {"glossary": GLOSSARY}}).convert(DOC)
    linear = convert(DOC)
    assert linear.count("<abbr") > 1000
    assert linear == upstream


def test_definitions_in_a_page_are_plain_text() -> None:
    html = convert("Say AI.\n\n*[AI]: <img src=x onerror=alert(1)>\n\n*[Say]: hijacked")
    assert '<abbr title="Artificial intelligence">AI</abbr>' in html
    assert "hijacked</p>" in html and "Say</abbr>" not in html


def test_a_term_is_never_found_inside_a_character_reference() -> None:
    html = convert("a &lt;b&gt; c &#108;t lt", {"lt": "less than", "gt": "more"})
    assert "&lt;b&gt;" in html and "&#108;t" in html
    assert html.count("<abbr") == 1 and '<abbr title="less than">lt</abbr></p>' in html


def test_use_linear_abbr_replaces_abbr_and_sets_its_glossary() -> None:
    config = {"markdown_extensions": ["toc", "abbr"], "mdx_configs": {"abbr": {"glossary": {"AI": "x"}}}}
    mdext.use_linear_abbr(config, {"ML": "y"})
    assert config["markdown_extensions"] == ["toc", mdext.NAME]
    assert config["mdx_configs"] == {mdext.NAME: {"glossary": {"ML": "y"}}}
