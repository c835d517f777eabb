"""Links are read from a text as its page will render them; the shortcut never hides one."""

from __future__ import annotations

from dangerous import LINKS, TARGETS, text
from hypothesis import given, settings
from hypothesis import strategies as st

from guidelines.check.textlinks import can_only_link_safely, refusal, rendered_links

SAFE = ("https://example.org/a", "http://example.org/", "mailto:a@example.org")


def refused(value: str) -> list[str]:
    return [address for tag, _, address in rendered_links(value) if refusal(tag, address)]


@settings(max_examples=400, deadline=None)
@given(data=st.data())
def test_a_text_the_shortcut_passes_makes_no_refused_link(data: st.DataObject) -> None:
    """Texts from the dangerous grammar, and grammar links to allowed addresses mixed in."""
    def choose(options: tuple[str, ...]) -> str:
        if options is TARGETS and data.draw(st.booleans()):
            return data.draw(st.sampled_from(SAFE))
        return data.draw(st.sampled_from(options))

    value = text(choose, data.draw(st.integers(1, 4)))
    if can_only_link_safely(value):
        assert refused(value) == [], value


def test_the_shortcut_is_taken_for_plain_inline_links_only() -> None:
    assert can_only_link_safely("See [a](https://example.org/x) and [b](mailto:x@example.org).")
    for pattern in LINKS:
        for address in SAFE:
            value = pattern.replace("{u}", address)
            assert can_only_link_safely(value) == (pattern in ("[t]({u})", '[t]({u} "title")', "<{u}>")), value
    assert not can_only_link_safely("[a](https:///x)")  # no host: rendered, and refused
    assert refused("[a](https:///x)")
