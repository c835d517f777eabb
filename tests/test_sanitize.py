"""The allowlist sanitiser: what page content keeps, and what it can never carry."""

from __future__ import annotations

import pytest

from guidelines.render.sanitize import clean


@pytest.mark.parametrize(("html", "kept"), [
    ('<p class="gl-cite md-dialog md-dialog--active gl-site-edition">x</p>', '<p class="gl-cite">x</p>'),
    ('<div class="admonition note dt-outline">x</div>', '<div class="admonition note dt-outline">x</div>'),
    ('<b id="__config">{"search": "data:,x"}</b>', '<b>{"search": "data:,x"}</b>'),
    ('<h2 id="gp-1">x</h2>', '<h2 id="gp-1">x</h2>'),
    ('<div data-md-component="dialog" data-gl-row="" data-dt-tree="q">x</div>',
     '<div data-gl-row="" data-dt-tree="q">x</div>'),
    ('<a href="//evil.example/x">a</a><a href="javascript:alert(1)">b</a><a href="ftp://x">c</a>',
     "<a>a</a><a>b</a><a>c</a>"),
    ('<a href="https://x.test/" onclick="alert(1)" title="t">a</a>', '<a href="https://x.test/" title="t">a</a>'),
    ("<script>alert(1)</script><style>body{}</style><iframe src=x></iframe><img src=x>", ""),
    ('<table><tr><td style="text-align: center; position: fixed">x</td></tr></table>',
     '<table><tbody><tr><td style="text-align:center">x</td></tr></tbody></table>'),
    # A diagram keeps its viewBox, without which it cannot be scaled to a printed page.
    ('<svg class="dt-diagram" viewBox="0 0 680 1457" width="680" onload="x()"><rect x="1"></rect></svg>',
     '<svg class="dt-diagram" viewBox="0 0 680 1457" width="680"><rect x="1"></rect></svg>'),
])
def test_only_the_allowlist_survives(html: str, kept: str) -> None:
    assert clean(html) == kept


def test_fragment_markers_survive_for_the_splice() -> None:
    assert clean("<p>a</p>\n<!--gl:0123456789abcdef0123-->\n") == "<p>a</p>\n<!--gl:0123456789abcdef0123-->\n"
