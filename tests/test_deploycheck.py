"""``guidelines deploy-check`` (tools/deploycheck.py) against a real nginx serving the built site:
as the build configured it (no problem), and broken the ways a deployment breaks, one each."""

from __future__ import annotations

import gzip
import random
import shutil
import socketserver
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from nginx_util import check_config, config, nginx

from fixtures_util import ROOT
from guidelines.output import serverconfig
from guidelines.tools import deploycheck

SITE = ROOT / "site"


@pytest.fixture(scope="module")
def site() -> Path:
    if not (SITE / serverconfig.NGINX_FILE).is_file():
        pytest.fail(f"{SITE} is not built: run `make build` first")
    return SITE


def _check(url: str, site: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "guidelines", "deploy-check", url, "--site-dir", str(site)],
                          capture_output=True, text=True, check=False, cwd=ROOT)


def test_the_generated_snippet_passes_nginx_t(site: Path, tmp_path: Path) -> None:
    conf = tmp_path / "nginx.conf"
    conf.write_text(config(tmp_path, site, 8080, site / serverconfig.NGINX_FILE), encoding="utf-8")
    result = check_config(conf)
    assert result.returncode == 0, result.stderr


def test_a_deployment_as_built_has_no_problem(site: Path, tmp_path: Path) -> None:
    with nginx(site, tmp_path, snippet=site / serverconfig.NGINX_FILE) as url:
        result = _check(url + "/", site)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == (f"note: this build was made for https://genai-guidelines.example.org/ (its cite lines, "
                        f"export and feed name it), not {url}/; to publish at {url}/, build with --site-url {url}/")
    assert lines[1].startswith("0 problems:") and len(lines) == 2, result.stdout


def test_each_language_answers_a_missing_page_with_its_own_404_page(site: Path, tmp_path: Path) -> None:
    with nginx(site, tmp_path, snippet=site / serverconfig.NGINX_FILE) as url:
        pages = {}
        for path in ("/no-such-page/", "/fr/no-such-page/", "/fr/principles/gp-99/"):
            try:
                urllib.request.urlopen(url + path, timeout=10)
            except urllib.error.HTTPError as error:
                pages[path] = (error.code, error.headers.get("Content-Security-Policy"), error.read().decode())
        module = urllib.request.urlopen(url + "/fr/assets/javascripts/evaluator.mjs", timeout=10)
    assert [code for code, _, _ in pages.values()] == [404, 404, 404]
    assert all(policy and "script-src 'self'" in policy for _, policy, _ in pages.values())
    assert '<html lang="en"' in pages["/no-such-page/"][2]
    assert '<html lang="fr"' in pages["/fr/no-such-page/"][2] and '<html lang="fr"' in pages["/fr/principles/gp-99/"][2]
    assert module.headers.get_content_type() == "text/javascript"  # (the module rule still applies under /fr/)


def test_a_server_without_the_snippet_is_told_what_is_missing(site: Path, tmp_path: Path) -> None:
    with nginx(site, tmp_path) as url:
        result = _check(url, site)
    assert result.returncode == 1
    for expected in (f"{url}/: headers missing content-security-policy, x-content-type-options, referrer-policy, "
                     "x-frame-options, permissions-policy, strict-transport-security\n",
                     "Cache-Control '': a file named by its content is fetched again",
                     "browsers will guess how long to keep it", "sent uncompressed",
                     "/_headers: the server's configuration is served to anyone"):
        assert expected in result.stderr, result.stderr
    assert "fix: send the headers of _nginx-headers.conf" in result.stderr

def test_a_policy_from_another_build_is_reported(site: Path, tmp_path: Path) -> None:
    snippet = tmp_path / "old.conf"
    snippet.write_text((site / serverconfig.NGINX_FILE).read_text(encoding="utf-8").replace(
        "script-src 'self' 'sha256-", "script-src 'self' 'sha256-A", 1), encoding="utf-8")
    with nginx(site, tmp_path / "home", snippet=snippet) as url:
        result = _check(url, site)
    assert result.returncode == 1
    assert f"{url}/: headers not the build's value: content-security-policy differs from character " in result.stderr
    assert "sent …" in result.stderr and "'sha256-A/8w" in result.stderr, result.stderr


def test_pages_cached_for_a_day_are_reported(site: Path, tmp_path: Path) -> None:
    snippet = tmp_path / "day.conf"
    snippet.write_text((site / serverconfig.NGINX_FILE).read_text(encoding="utf-8").replace(
        f'Cache-Control "{serverconfig.REVALIDATE}"', 'Cache-Control "public, max-age=86400"'), encoding="utf-8")
    with nginx(site, tmp_path / "home", snippet=snippet) as url:
        result = _check(url, site)
    assert result.returncode == 1
    assert "readers could see an old edition for 1440 minutes" in result.stderr, result.stderr


def test_a_module_served_with_the_wrong_type_is_reported(site: Path, tmp_path: Path) -> None:
    snippet = tmp_path / "types.conf"
    snippet.write_text((site / serverconfig.NGINX_FILE).read_text(encoding="utf-8").replace(
        "default_type text/javascript;", ""), encoding="utf-8")
    with nginx(site, tmp_path / "home", snippet=snippet) as url:
        result = _check(url, site)
    assert result.returncode == 1
    assert "evaluator.mjs: Content-Type application/octet-stream, expected application/javascript or " \
           "text/javascript" in result.stderr, result.stderr


def test_another_build_deployed_is_reported(site: Path, tmp_path: Path) -> None:
    other = tmp_path / "site"
    shutil.copytree(site, other)
    (other / "index.html").write_bytes((site / "index.html").read_bytes().replace(b"</body>", b"<!-- x --></body>"))
    with nginx(other, tmp_path / "home", snippet=other / serverconfig.NGINX_FILE) as url:
        result = _check(url, site)
    assert result.returncode == 1
    assert f"{url}/: not the file this build wrote" in result.stderr, result.stderr


def test_an_address_that_does_not_answer_is_one_line(site: Path) -> None:
    code, text = deploycheck.run("http://127.0.0.1:9/", site)
    assert code == 1 and text.startswith("http://127.0.0.1:9/ could not be read:") and "\n" not in text
    assert deploycheck.run("ftp://example.org/", site)[0] == 2


def test_plain_http_is_a_problem_away_from_this_machine() -> None:
    assert deploycheck.secure_transport("https://studio.example/guidelines/")
    assert deploycheck.secure_transport("http://127.0.0.1:8080/") and deploycheck.secure_transport("http://localhost/")
    assert not deploycheck.secure_transport("http://studio.example/guidelines/")


def test_cache_lifetimes_are_read_as_a_browser_reads_them() -> None:
    assert deploycheck._reuse_seconds("no-cache") == 0
    assert deploycheck._reuse_seconds("public, max-age=31536000, immutable") == 31536000
    assert deploycheck._reuse_seconds("public, s-maxage=60, max-age=10") == 60
    assert deploycheck._reuse_seconds("") is None and deploycheck._reuse_seconds("public") is None


# -- servers that misbehave: one line each, never a traceback ---------------------------------

@contextmanager
def _canned(reply: bytes, *, trickle: float = 0.0) -> Iterator[str]:
    """A server that answers every connection with ``reply`` (byte by byte every ``trickle`` s)."""
    class Handler(socketserver.BaseRequestHandler):
        def handle(self) -> None:
            self.request.recv(65536)
            try:
                if trickle:
                    for byte in reply:
                        self.request.sendall(bytes([byte]))
                        time.sleep(trickle)
                else:
                    self.request.sendall(reply)
            except OSError:
                pass

    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def _http(body: bytes, *headers: str) -> bytes:
    head = "\r\n".join(["HTTP/1.1 200 OK", *headers, "Connection: close", "", ""])
    return head.encode("ascii") + body


@pytest.mark.parametrize(("reply", "said"), [
    (_http(gzip.compress(random.Random(1).randbytes(5000))[:400], "Content-Encoding: gzip"),
     "the compressed answer is cut short"),
    (_http(b"abc", "Content-Length: 1000"), "the answer is cut short (3 of 1000 bytes)"),
    (b"SSH-2.0-OpenSSH_9.2\r\n", "did not answer as a web server"),
    (_http(gzip.compress(b"\0" * (3 << 20)), "Content-Encoding: gzip"), "unpacks to more than 2 MB"),
    (_http(b"y" * (3 << 20)), "the answer is larger than 2 MB"),
])
def test_a_server_that_misbehaves_is_one_line(site: Path, reply: bytes, said: str,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(deploycheck, "MAX_BYTES", 2 << 20)
    with _canned(reply) as url:
        code, text = deploycheck.run(url, site)
    assert code == 1 and said in text and "\n" not in text, text


def test_a_server_that_trickles_is_cut_off(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(deploycheck, "DEADLINE", 1)
    with _canned(_http(b"z" * 100, "Content-Length: 100"), trickle=0.05) as url:
        started = time.monotonic()
        code, text = deploycheck.run(url, site)
    assert code == 1 and "no whole answer within 1 s" in text and time.monotonic() - started < 10


def test_a_redirect_to_another_host_is_reported(site: Path) -> None:
    with _canned(b"HTTP/1.1 301 Moved\r\nLocation: http://localhost:9/x\r\nConnection: close\r\n\r\n") as url:
        code, text = deploycheck.run(url, site)
    assert code == 1 and text.startswith(f"{url} could not be read: ") and "\n" not in text, text  # (port 9: nothing)
    response = deploycheck.Response("http://elsewhere.example/x", 200, {}, b"")
    report = deploycheck.Report()
    deploycheck._check_redirects(report, "https://studio.example/guidelines/", response)
    assert report.problems[0].startswith("http://elsewhere.example/x: redirected to another host")


def test_a_header_sent_twice_is_reported(site: Path, tmp_path: Path) -> None:
    snippet = tmp_path / "twice.conf"
    snippet.write_text((site / serverconfig.NGINX_FILE).read_text(encoding="utf-8").replace(
        "    error_page 404", '    add_header Cache-Control "max-age=86400" always;\n    error_page 404', 1),
        encoding="utf-8")
    with nginx(site, tmp_path / "home", snippet=snippet) as url:
        result = _check(url, site)
    assert f"{url}/: Cache-Control sent 2 times (no-cache; max-age=86400)" in result.stderr \
        or f"{url}/: Cache-Control sent 2 times (max-age=86400; no-cache)" in result.stderr, result.stderr


@pytest.mark.parametrize("bad", ["http://[::1", "ftp://example.org/", "https:///x", "not a url"])
def test_an_address_that_is_not_one_is_wrong_usage(site: Path, bad: str) -> None:
    code, text = deploycheck.run(bad, site)
    assert code == 2 and text == f"{bad} is not an http(s) address of the deployed site."
