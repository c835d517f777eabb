"""The linear ``abbr`` (guidelines.mdext) gives exactly upstream's HTML, in linear time."""

from __future__ import annotations

import time

import markdown

from guidelines import mdext

DOC = "\n\n".join(
    f"## Part {i} {{#part-{i}}}\n\nThe AI tool and the *AI* model, `AI`, **HTML** and AI.\n\n"
    f"- AI one\n- two HTML\n\n> AI in a quote, [a link about AI](https://x.test/)\n\n"
    f'<div markdown="1">AI in HTML, AI again</div>'
    for i in range(400)) + "\n\n*[AI]: Artificial intelligence\n*[HTML]: Hypertext"
EXTENSIONS = ["attr_list", "md_in_html", "tables", "admonition", "toc"]


def test_the_output_is_upstreams() -> None:
    upstream = markdown.Markdown(extensions=[*EXTENSIONS, "abbr"]).convert(DOC)
    linear = markdown.Markdown(extensions=[*EXTENSIONS, mdext.NAME]).convert(DOC)
    assert linear.count("<abbr") > 1000
    assert linear == upstream


def test_a_page_of_many_blocks_converts_in_linear_time() -> None:
    def seconds(blocks: int) -> float:
        text = "\n\n".join(f"Paragraph {i} about AI." for i in range(blocks)) + "\n\n*[AI]: Artificial intelligence"
        md = markdown.Markdown(extensions=[mdext.NAME])
        started = time.process_time()
        md.convert(text)
        return time.process_time() - started

    seconds(1000)
    assert seconds(16000) < 16 * seconds(2000)  # 8x the blocks: ~8x the time (upstream: ~33x)


def test_use_linear_abbr_replaces_abbr_and_keeps_its_settings() -> None:
    config = {"markdown_extensions": ["toc", "abbr"], "mdx_configs": {"abbr": {"glossary": {"AI": "x"}}}}
    mdext.use_linear_abbr(config)
    assert config["markdown_extensions"] == ["toc", mdext.NAME]
    assert config["mdx_configs"] == {mdext.NAME: {"glossary": {"AI": "x"}}}
