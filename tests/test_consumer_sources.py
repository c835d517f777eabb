"""Where the reference consumer reads the export from (a folder, a file, an HTTP(S) URL of
either), what it says when that fails, and how it refuses a document whose content no
longer matches its content_hash. Every server here is a local http.server in a thread."""

from __future__ import annotations

import io
import json
import shutil
import socket
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from consumer_util import PROXY_VARIABLES, read, served, write_site

from fixtures_util import make_project
from guidelines.cli import main
from guidelines.export import jsonout
from guidelines.tools import consumer, source

Capsys = pytest.CaptureFixture[str]


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Requests to 127.0.0.1 go straight to it, whatever proxy the machine names."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("sources")
    return write_site(make_project(base / "project"), base / "site")


@pytest.fixture(scope="module")
def url(site: Path) -> Iterator[str]:
    with served(site) as address:
        yield address


def decide(capsys: Capsys, *args: str) -> tuple[int, str, str]:
    code = main(["decide", *args])
    out, err = capsys.readouterr()
    return code, out, err


def one_line_error(code: int, out: str, err: str) -> str:
    assert (code, out) == (consumer.EXIT_ERROR, ""), (code, out, err)
    assert err.startswith("error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err
    return err


# -- over HTTP ----------------------------------------------------------------------

@pytest.mark.parametrize("where", ["", "api/v1/", "api/v1", "api/v1/guidelines.json", "api/v1/trees/quick-check.json",
                                   "index.html", "?from=a-link"])
def test_a_url_to_the_site_its_api_folder_the_export_or_a_tree(url: str, capsys: Capsys, where: str) -> None:
    code, out, err = decide(capsys, "quick-check", "-a", "q-data=no", "-a", "q-own=not-sure", "--from", url + where)
    assert (code, err) == (consumer.EXIT_VERDICT, "")
    assert "Verdict: ! Escalate" in out.splitlines()


def test_a_url_gives_the_same_decision_as_the_folder(site: Path, url: str) -> None:
    local = consumer.load_export(site).decide("quick-check", {"q-data": "no"})
    remote = consumer.load_export(url).decide("quick-check", {"q-data": "no"})
    assert remote.as_json() == local.as_json()
    assert consumer.load_export(url).source == url + "api/v1/guidelines.json"


def test_a_record_over_http(url: str, capsys: Capsys) -> None:
    code, out, _ = decide(capsys, "quick-check", "-a", "q-data=yes", "--from", url, "--json")
    assert code == 0 and json.loads(out)["verdict"]["id"] == "approval-required"


class _Answers(BaseHTTPRequestHandler):
    """Answers by path: /500.json fails, /page.json is a web page, /bytes.json is not UTF-8."""

    def __init__(self, *args: object, directory: str = "") -> None:
        super().__init__(*args)  # type: ignore[arg-type]

    def do_GET(self) -> None:
        status, kind, body = {
            "/500.json": (500, "text/plain", b"boom"),
            "/page.json": (200, "text/html", b"<!doctype html><title>Not found</title>"),
            "/bytes.json": (200, "application/json", b"{\"a\": \"\xff\"}"),
            "/list.json": (200, "application/json", b"[1, 2]"),
        }.get(self.path, (404, "text/plain", b"no"))
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.mark.parametrize(("path", "message"), [
    ("missing.json", "cannot fetch {url}missing.json: HTTP 404 "),
    ("nothing/here/", "no export found at {url}nothing/here/: {url}nothing/here/api/v1/guidelines.json and "
                      "{url}nothing/here/guidelines.json do not exist (HTTP 404)"),
    ("500.json", "cannot fetch {url}500.json: HTTP 500 "),
    ("page.json", "{url}page.json is not valid JSON: Expecting value at line 1 (the server sent a web page: "
                  "is the address right?)"),
    ("bytes.json", "{url}bytes.json is not UTF-8 text"),
    ("list.json", "{url}list.json is not an export document (expected a JSON object)"),
], ids=["404-file", "404-folder", "500", "html", "not-utf8", "not-an-object"])
def test_http_failures_are_one_line(capsys: Capsys, path: str, message: str) -> None:
    with served(Path("."), _Answers) as url:
        err = one_line_error(*decide(capsys, "quick-check", "--from", url + path))
    assert err.startswith("error: " + message.format(url=url)), err


def test_a_refused_connection_is_one_line(capsys: Capsys) -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]  # bound, never listening: the connection is refused
        err = one_line_error(*decide(capsys, "quick-check", "--from", f"http://127.0.0.1:{port}/"))
    # the URL as given, not mangled into a path (http:/127...), and the reason
    assert err.startswith(f"error: cannot fetch http://127.0.0.1:{port}/api/v1/guidelines.json: ")
    assert "refused" in err.lower()


def test_a_server_that_never_answers_times_out() -> None:
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()  # connections wait in the backlog; nothing ever reads or answers them
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/api/v1/guidelines.json"
        out, err = io.StringIO(), io.StringIO()
        code = consumer.run(url, "quick-check", [], out=out, err=err, timeout=0.3)
    assert (code, out.getvalue()) == (1, "")
    assert err.getvalue() == f"error: cannot fetch {url}: no answer within 0.3 s\n"


@pytest.mark.parametrize("address", ["http://", "https://[::1/", "http://127.0.0.1:notaport/"])
def test_a_malformed_url_is_one_line(capsys: Capsys, address: str) -> None:
    err = one_line_error(*decide(capsys, "quick-check", "--from", address))
    assert address in err


# -- content hashes ---------------------------------------------------------------------

def test_every_published_document_passes_the_hash_check(site: Path) -> None:
    documents = sorted(site.rglob("*.json"))
    hashed = [p for p in documents if "content_hash" in read(p)]
    assert len(hashed) > 10 and (site / "api" / "v1" / "guidelines.json") in hashed
    for path in hashed:
        source.check_hash(read(path), str(path))  # raises for a mismatch
        assert jsonout.verify(read(path)), path  # the exporter's own check agrees


def _tamper(path: Path, old: str, new: str) -> Path:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.fixture
def copy(site: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(site, tmp_path / "site"))


@pytest.mark.parametrize(("file", "given"), [
    ("api/v1/trees/quick-check.json", "api/v1/trees/quick-check.json"),
    ("api/v1/guidelines.json", "."),
], ids=["tree-file", "guidelines-in-a-folder"])
def test_a_tampered_file_is_refused_naming_it(copy: Path, capsys: Capsys, file: str, given: str) -> None:
    args = ("quick-check", "-a", "q-data=no", "-a", "q-own=not-sure", "--from", str(copy / given))
    assert decide(capsys, *args)[0] == 0  # untouched, the copy is accepted
    _tamper(copy / file, '"verdict":"escalate"', '"verdict":"proceed"')
    err = one_line_error(*decide(capsys, *args))
    assert err == (f"error: {copy / file} was changed after it was published: its content does not match its "
                   "content_hash (refusing to use it; fetch the file again from the site)\n")


def test_a_tampered_file_over_http_is_refused_naming_its_url(copy: Path, capsys: Capsys) -> None:
    _tamper(copy / "api" / "v1" / "guidelines.json", '"label":"Not sure"', '"label":"Sure"')
    with served(copy) as url:
        err = one_line_error(*decide(capsys, "quick-check", "--from", url))
    assert err.startswith(f"error: {url}api/v1/guidelines.json was changed after it was published")


def test_a_missing_or_forged_hash_is_refused(copy: Path, capsys: Capsys) -> None:
    tree_file = copy / "api" / "v1" / "trees" / "quick-check.json"
    document = read(tree_file)
    document["content_hash"] = "sha256:" + "0" * 64
    tree_file.write_text(json.dumps(document), encoding="utf-8")
    assert "was changed after it was published" in one_line_error(*decide(capsys, "quick-check", "--from",
                                                                            str(tree_file)))
    del document["content_hash"]
    tree_file.write_text(json.dumps(document), encoding="utf-8")
    assert "does not look like a v1 export (no content_hash)" in one_line_error(
        *decide(capsys, "quick-check", "--from", str(tree_file)))


def test_the_layout_of_a_file_does_not_matter_only_its_content(copy: Path, capsys: Capsys) -> None:
    """The hash is over canonical JSON: an indented copy (jq ., json.tool) still passes."""
    tree_file = copy / "api" / "v1" / "trees" / "quick-check.json"
    tree_file.write_text(json.dumps(read(tree_file), indent=2, ensure_ascii=True), encoding="utf-8")
    code, out, err = decide(capsys, "quick-check", "-a", "q-data=yes", "--from", str(tree_file))
    assert (code, err) == (0, "") and "Verdict:" in out
