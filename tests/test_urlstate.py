"""The URL encoding of a walk, shared with the widget."""

from __future__ import annotations

import pytest

from guidelines import urlstate


def test_round_trip() -> None:
    answers = [("q-one", "yes"), ("q-two", "not-sure")]
    assert urlstate.encode(answers) == "q-one.yes~q-two.not-sure"
    assert urlstate.decode(urlstate.encode(answers)) == answers
    assert urlstate.query(dict(answers)) == "?answers=q-one.yes~q-two.not-sure"


@pytest.mark.parametrize("text", ["q-one", "q-one.", ".yes", "a.b~c"])
def test_malformed_steps_are_rejected(text: str) -> None:
    with pytest.raises(ValueError):
        urlstate.decode(text)
