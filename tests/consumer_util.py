"""Exports for the reference consumer's tests: written like a built site, served over HTTP.

The consumer must work from the exported JSON alone, so the tests write the export into
a bare folder (no principles/, no YAML) and serve it from 127.0.0.1 (never the internet).
"""

from __future__ import annotations

import contextlib
import functools
import json
import shutil
import threading
from collections.abc import Callable, Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from guidelines.check.trees import tree_hash
from guidelines.export import documents as export
from guidelines.export import jsonout
from guidelines.output import generate, writer

PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY")


def write_site(project: Path, site: Path) -> Path:
    """The exported files alone, laid out as in a built site."""
    ctx, problems = generate.check(project)
    assert not problems, problems.report()
    writer.write_tree(site, export.documents(ctx))
    return site


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def served(directory: Path, handler: type[SimpleHTTPRequestHandler] = _Quiet) -> Iterator[str]:
    """``directory`` over HTTP on 127.0.0.1, in a thread; yields its URL with a final slash."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def read(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def edited_copy(site: Path, target: Path, tree_id: str, edit: Callable[[dict[str, Any]], None]) -> Path:
    """A copy of the export whose tree ``tree_id`` was edited and published again, as a new edition would be.

    The tree changes in its own file and in guidelines.json; its hash and both documents'
    content hashes are computed afresh, so the copy is a well-formed export.
    """
    shutil.copytree(site, target)
    api = target / "api" / "v1"
    tree_file = api / "trees" / f"{tree_id}.json"
    document = read(tree_file)
    edit(document)
    document["hash"] = tree_hash(document)
    tree_file.write_text(jsonout.publish(document), encoding="utf-8")
    whole = read(api / "guidelines.json")
    for index, tree in enumerate(whole["trees"]):
        if tree["id"] == tree_id:
            edit(tree)
            tree["hash"] = tree_hash(tree)
            assert tree["hash"] == document["hash"], "the tree differs between its file and guidelines.json"
            whole["trees"][index] = tree
    (api / "guidelines.json").write_text(jsonout.publish(whole), encoding="utf-8")
    return target
