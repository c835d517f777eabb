"""Text from YAML can format, never make markup."""

from __future__ import annotations

import json

from guidelines.textsafe import json_for_html, one_line, safe_attr, safe_text


def test_html_and_markdown_extension_syntax_are_neutralised() -> None:
    text = safe_text('<script>x</script> {: onclick="y" } --8<-- "f"')
    assert "<" not in text and "{" not in text and "}" not in text
    assert "&lt;script&gt;" in text


def test_markdown_formatting_survives() -> None:
    assert safe_text("*one* **two** `three` [four](https://example.org)") == \
        "*one* **two** `three` [four](https://example.org)"


def test_code_spans_are_left_to_markdown_which_escapes_them_once() -> None:
    assert safe_text("Use `<br>` and <br>") == "Use `<br>` and &lt;br&gt;"
    assert safe_text("``a`<b>`` x") == "``a`<b>`` x"
    assert safe_text("an escaped \\`<b>\\` tick") == "an escaped \\`&lt;b&gt;\\` tick"


def test_a_code_span_never_runs_across_paragraphs_or_list_items() -> None:
    assert safe_text("a `x\n\n<b> y`") == "a `x\n\n&lt;b&gt; y`"
    assert safe_text("- a `x\n- <b> y`") == "- a `x\n- &lt;b&gt; y`"


def test_attributes_escape_quotes() -> None:
    assert safe_attr('a" onmouseover="b') == "a&quot; onmouseover=&quot;b"


def test_one_line_flattens_and_protects_tables() -> None:
    assert one_line("a\n b | c") == "a b \\| c"


def test_inline_json_cannot_close_its_script_element() -> None:
    value = {"t": "</script><script>alert(1)</script>", "u": "\u2028"}
    text = json_for_html(value)
    assert "</" not in text and "<" not in text
    assert json.loads(text) == value
