"""Property: whatever the text, nothing that could run reaches the built site, even past the checks.

Every free-text field of the base corpus gets text from the grammar of dangerous
constructs (tests/dangerous.py), and the site is built with the validator's link
check switched off, so that only the mechanism is tested: the allowlist sanitiser on
every page's HTML and every fragment. Then every HTML page and the search index are
read: no element outside the allowlist in a page's content, no event-handler
attribute and no address with a scheme outside http, https and mailto (or a
protocol-relative one) anywhere, Material's own chrome included.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from dangerous import fill, text
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from fixtures_util import make_project
from guidelines.check import validate
from guidelines.output import sitebuild
from guidelines.render import sanitize

URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "data", "xlink:href", "poster", "srcdoc",
                            "background", "cite", "longdesc", "usemap", "ping"})
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
                  "wbr"})
SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
EDGES = "".join(chr(code) for code in range(0x21))


def unsafe(address: str) -> bool:
    """What a browser would take as a script-capable or protocol-relative address (the URL standard's parsing)."""
    url = re.sub(r"[\t\n\r]", "", address).strip(EDGES)
    scheme = SCHEME.match(url)
    if scheme is None:
        return url.replace("\\", "/").startswith("//")
    return scheme.group(1).lower() not in ("http", "https", "mailto")

class _Scan(HTMLParser):
    def __init__(self, name: str) -> None:
        super().__init__(convert_charrefs=True)
        self.name = name
        self.content = 0  # depth inside <article class="md-content__inner ...">
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._check(tag, attrs)
        if self.content and tag not in VOID:
            self.content += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._check(tag, attrs)

    def _check(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        if self.content:
            if tag not in sanitize.TAGS:
                self.found.append(f"{self.name}:{line}: <{tag}> in page content")
        elif tag == "article" and "md-content__inner" in (dict(attrs).get("class") or ""):
            self.content = 1
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{self.name}:{line}: <{tag} {name}>")
            if name in URL_ATTRIBUTES and value is not None and unsafe(value):
                self.found.append(f"{self.name}:{line}: <{tag} {name}={value!r}>")

    def handle_endtag(self, tag: str) -> None:
        if self.content:
            self.content -= 1


def live(site: Path) -> list[str]:
    """Everything in the built site that could run or load from elsewhere."""
    found: list[str] = []
    for page in sorted(site.rglob("*.html")):
        scan = _Scan(page.relative_to(site).as_posix())
        scan.feed(page.read_text(encoding="utf-8"))
        found += scan.found
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    for entry in index["docs"]:  # Material renders search results as HTML
        for field in ("title", "text"):
            scan = _Scan(f"search:{entry['location']}:{field}")
            scan.content = 1
            scan.feed(entry[field])
            found += scan.found
    return found


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("grammar") / "project", site=True)


# Each example is a whole build (about a second): a few, the same on every run, not shrunk.
@settings(max_examples=8, deadline=None, derandomize=True, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_no_dangerous_text_reaches_the_site_even_past_the_link_check(data: st.DataObject, project: Path) -> None:
    def texts() -> str:
        return text(lambda options: data.draw(st.sampled_from(options)), data.draw(st.integers(1, 4)))

    fields = fill(project, texts)
    assert fields > 30
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(validate, "check_links", lambda *args: None)  # the sanitiser alone must hold
        sitebuild.build_site(project, strict=False)  # links MkDocs cannot resolve are warnings here
    assert live(project / "site") == []


def test_the_scan_finds_live_markup(tmp_path: Path) -> None:
    """The scan is not blind: a page and a search entry with live markup are reported."""
    (tmp_path / "search").mkdir()
    (tmp_path / "index.html").write_text('<article class="md-content__inner"><p>x</p><iframe src="a"></iframe>'
                                         '<a href="java\nscript:x">y</a><a href="//evil.example/">z</a></article>'
                                         '<div onclick="x"></div>')
    (tmp_path / "search" / "search_index.json").write_text(json.dumps(
        {"docs": [{"location": "", "title": "t", "text": "<img src=x onerror=alert(1)>"}]}))
    found = live(tmp_path)
    assert len(found) == 6, found
