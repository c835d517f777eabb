"""The content security policy and security headers (output/security.py), on examples and on the built site.

The built site's pages are read with Python's HTML parser, not the module's pattern, so a
script the pattern missed (and the browser would block) shows as a missing hash.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from fixtures_util import ROOT
from guidelines.output import security, serverconfig

SITE = ROOT / "site"
META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')


class _Scripts(HTMLParser):
    """Each inline script a browser runs (no src, a JavaScript type), and where the policy's meta is."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.scripts: list[str] = []
        self.metas: list[str] = []
        self.before_meta = 0  # scripts of any kind seen before the first policy meta
        self._open: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "meta" and (found.get("http-equiv") or "").lower() == "content-security-policy":
            self.metas.append(found.get("content") or "")
        if tag == "script":
            self.before_meta += not self.metas
            runs = "src" not in found and (found.get("type") or "").lower() in ("", "text/javascript", "module")
            self._open = [] if runs else None

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._open is not None:
            self.scripts.append("".join(self._open))
            self._open = None


def _read(page: Path) -> _Scripts:
    parser = _Scripts()
    parser.feed(page.read_bytes().decode("utf-8"))
    return parser


def _directives(policy: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in policy.split("; ")}


@pytest.fixture(scope="module")
def pages() -> dict[Path, _Scripts]:
    if not (SITE / "index.html").is_file():
        pytest.fail(f"{SITE} is not built: run `make build` (or `.venv/bin/guidelines build`) first")
    return {page: _read(page) for page in sorted(SITE.rglob("*.html"))}


# -- the built site ---------------------------------------------------------------------------


def test_every_page_carries_one_policy_before_any_script(pages: dict[Path, _Scripts]) -> None:
    assert len(pages) > 100
    for page, found in pages.items():
        assert len(found.metas) == 1, page
        assert found.before_meta == 0, page


def test_the_policy_hashes_exactly_the_inline_scripts_of_every_page(pages: dict[Path, _Scripts]) -> None:
    policies = {found.metas[0] for found in pages.values()}
    assert len(policies) == 1, "one policy for the whole site"
    allowed = set(_directives(policies.pop())["script-src"]) - {"'self'"}
    run = {security.script_hash(text) for found in pages.values() for text in found.scripts}
    assert run and allowed == run  # none missing, none left over
    assert len(run) < 20, "inline scripts should be few and shared between pages"


def test_the_policy_allows_no_other_script_and_nothing_from_elsewhere(pages: dict[Path, _Scripts]) -> None:
    policy = _directives(next(iter(pages.values())).metas[0])
    assert policy["default-src"] == ["'self'"]
    unsafe = {"'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "data:", "blob:", "*"}
    assert not unsafe & set(policy["script-src"])
    assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'self'"]
    assert policy["worker-src"] == ["'self'"]
    assert all(source in ("'self'", "'none'", "'unsafe-inline'", "data:") or source.startswith("'sha256-")
               for sources in policy.values() for source in sources)
    assert "frame-ancestors" not in policy  # ignored in a meta


def test_the_header_files_carry_the_same_policy_and_frame_ancestors(pages: dict[Path, _Scripts]) -> None:
    meta = next(iter(pages.values())).metas[0]
    header = f"{meta}; frame-ancestors 'none'"
    headers = (SITE / serverconfig.HEADERS_FILE).read_text(encoding="utf-8")
    assert f"/*\n  Content-Security-Policy: {header}\n" in headers
    nginx = (SITE / serverconfig.NGINX_FILE).read_text(encoding="utf-8")
    variables = {line.split(" ")[1][len("$glxxxxxxxx_"):]: line.split(" ", 2)[2]
                 for line in nginx.splitlines() if line.startswith("set $gl")}
    assert variables["csp"] == f'"{header}";'
    for name, value in security.OTHER_HEADERS:
        initials = "".join(word[0] for word in name.lower().split("-"))
        assert f"  {name}: {value}\n" in headers and variables[initials] == f'"{value}";'
        assert re.search(rf"add_header {name} \$gl[0-9a-f]{{8}}_{initials} always;", nginx)
    assert "location = /_headers { return 404; }" in nginx and "location = /_nginx-headers.conf { return" in nginx
    assert "  Strict-Transport-Security: max-age=31536000\n" in headers  # the shipped address is https


# -- the pieces ---------------------------------------------------------------------------------


def test_only_scripts_that_run_are_hashed() -> None:
    html = ('<script>a()</script><script src="x.js"></script><script data-src="y" type="module">b()</script>'
            '<script id="__config" type="application/json">{"c": 1}</script><SCRIPT type="text/javascript">d()'
            '</SCRIPT >')
    assert security.inline_scripts(html) == ["a()", "b()", "d()"]


def test_a_hash_is_of_the_exact_text() -> None:
    # The value the CSP specification's example gives for alert('Hello, world.');
    assert security.script_hash("alert('Hello, world.');") == "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='"
    assert security.script_hash("a()\r\n") != security.script_hash("a()\n")


def test_the_meta_goes_after_the_charset_or_else_first_in_head() -> None:
    assert security.with_meta('<head>\n<meta charset="utf-8">\n<script>', "P") == (
        '<head>\n<meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy" content="P">\n<script>')
    assert security.with_meta("<html><head lang=en><script>", "P").startswith(
        '<html><head lang=en>\n<meta http-equiv="Content-Security-Policy"')
    with pytest.raises(ValueError):
        security.with_meta("<p>no head</p>", "P")


def test_securing_a_site_hashes_every_page_and_refuses_to_overwrite(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text('<head><meta charset="utf-8"><script>one()</script></head>')
    (tmp_path / "a" / "index.html").write_text("<head><script>two()</script></head>")
    header = security.secure_site(tmp_path, "https://example.org/")
    assert header.count("'sha256-") == 2 and header.endswith("frame-ancestors 'none'")
    for page in ("index.html", "a/index.html"):
        assert _read(tmp_path / page).metas == [header.removesuffix("; frame-ancestors 'none'")]
    with pytest.raises(FileExistsError):
        security.secure_site(tmp_path, "https://example.org/")
