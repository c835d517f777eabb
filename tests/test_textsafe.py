"""Text from YAML can format, never make markup."""

from __future__ import annotations

import json

from guidelines.textsafe import json_for_html, one_line, safe_attr, safe_text


def test_html_and_markdown_extension_syntax_are_neutralised() -> None:
    text = safe_text('<script>x</script> {: onclick="y" } --8<-- "f"')
    assert "<" not in text and "{" not in text and "}" not in text
    assert "&lt;script&gt;" in text


def test_markdown_formatting_survives() -> None:
    assert safe_text("*one* **two** [four](https://example.org)") == "*one* **two** [four](https://example.org)"


def test_code_spans_become_the_html_markdown_makes_escaped_in_any_context() -> None:
    assert safe_text("Use `<br>` and <br>") == "Use <code>&lt;br&gt;</code> and &lt;br&gt;"
    assert safe_text("``a`<b>`` x") == "<code>a&#96;&lt;b&gt;</code> x"
    assert safe_text("an escaped \\`<b>\\` tick") == "an escaped \\`&lt;b&gt;\\` tick"
    assert safe_text("`*a* [x](y)`") == "<code>&#42;a&#42; &#91;x&#93;&#40;y&#41;</code>"


def test_a_code_span_never_runs_across_paragraphs_or_list_items() -> None:
    assert safe_text("a `x\n\n<b> y`") == "a `x\n\n&lt;b&gt; y`"
    assert safe_text("- a `x\n- <b> y`") == "- a `x\n- &lt;b&gt; y`"


def test_block_syntax_outside_the_subset_is_written_out() -> None:
    assert safe_text("# Title") == "&#35; Title"
    assert safe_text('!!! danger "Notice"\n    text') == '&#33;!! danger "Notice"\n    text'
    assert safe_text("???+ note") == "&#63;??+ note"
    assert safe_text("text\n===") == "text\n&#61;=="
    assert safe_text("a\n\n---\n\n* * *") == "a\n\n&#45;--\n\n&#42; * *"
    assert safe_text("- a list\n- stays") == "- a list\n- stays"


def test_reference_definitions_are_written_out_wherever_they_stand() -> None:
    assert safe_text("[r]: https://x.test") == "&#91;r]: https://x.test"
    assert safe_text("- a\n\n  [r]: x") == "- a\n\n  &#91;r]: x"
    assert safe_text("[a](https://x.test/b) stays") == "[a](https://x.test/b) stays"


def test_attributes_escape_quotes() -> None:
    assert safe_attr('a" onmouseover="b') == "a&quot; onmouseover=&quot;b"


def test_one_line_flattens_and_protects_tables() -> None:
    assert one_line("a\n b | c") == "a b \\| c"


def test_inline_json_cannot_close_its_script_element() -> None:
    value = {"t": "</script><script>alert(1)</script>", "u": "\u2028"}
    text = json_for_html(value)
    assert "</" not in text and "<" not in text
    assert json.loads(text) == value
