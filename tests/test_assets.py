"""The project's CSS and JavaScript, minified and named by content (output/assets.py).

On examples: the names, the references rewritten (pages, Material's configuration, imports)
and the ones refused, and the files the step will not follow or write over. On the built site:
every file renamed with the hash of what it holds, every page loading the renamed files, the
evaluator still at the address the tool builders' page gives. Minifying keeps each program:
Node parses the source and the minified file (acorn, which comes with terser) and their
syntax trees must be the same.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from fixtures_util import ROOT
from guidelines.output import assets
from guidelines.output.assets import AssetError

SITE = ROOT / "site"
DOCS = ROOT / "docs"
ROOT_URL = "https://guidelines.invalid/"
CACHED = re.compile(r"\.[0-9a-f]{8}\.min\.(css|js)$")  # what the server caches for good (Material's names too)
RENAMED = {
    "assets/stylesheets/guidelines.css": "assets/stylesheets/guidelines.0123abcd.min.css",
    "assets/javascripts/decision-tree.js": "assets/javascripts/decision-tree.0123abcd.min.js",
    "assets/javascripts/evaluator.mjs": "assets/javascripts/evaluator.0123abcd.min.js",
    "assets/javascripts/workers/search-ids.js": "assets/javascripts/workers/search-ids.0123abcd.min.js",
}


def _sources() -> list[str]:
    return sorted(p.relative_to(DOCS).as_posix() for p in (DOCS / "assets").rglob("*")
                  if p.is_file() and assets.is_asset(p.relative_to(DOCS).as_posix()))


# -- names -----------------------------------------------------------------------------


def test_a_renamed_file_is_named_by_the_hash_of_what_it_holds() -> None:
    data = b"body{color:red}"
    name = assets.fingerprinted("assets/stylesheets/site.css", data)
    assert name == f"assets/stylesheets/site.{hashlib.sha256(data).hexdigest()[:8]}.min.css"
    assert CACHED.search(name)
    assert assets.fingerprinted("assets/javascripts/evaluator.mjs", b"x").endswith(".min.js")


def test_only_the_projects_css_and_javascript_are_assets() -> None:
    assert assets.is_asset("assets/javascripts/workers/search-ids.js")
    assert assets.is_asset("assets/javascripts/evaluator.mjs")
    assert not assets.is_asset("api/v1/guidelines.json")
    assert not assets.is_asset("assets/images/favicon.png")
    assert not assets.is_asset("trees/quick-check.js")  # not under assets/


# -- pages ---------------------------------------------------------------------------------


def _page(head: str, body: str = "") -> str:
    return f'<!doctype html><html><head><meta charset="utf-8">{head}</head><body>{body}</body></html>'


def test_links_and_scripts_load_the_renamed_files_in_the_form_they_had() -> None:
    text = _page('<link rel="stylesheet" href="../../assets/stylesheets/guidelines.css">'
                 "<link rel=stylesheet href='/assets/stylesheets/guidelines.css?v=1#x'>",
                 '<script src="../../assets/javascripts/decision-tree.js" type="module"></script>'
                 '<script src="https://guidelines.invalid/assets/javascripts/decision-tree.js"></script>'
                 '<script src="../../assets/javascripts/bundle.a5f9d56c.min.js"></script>')
    out = assets.rewrite_page("trees/quick-check/index.html", text, ROOT_URL, RENAMED)
    assert out == _page('<link rel="stylesheet" href="../../assets/stylesheets/guidelines.0123abcd.min.css">'
                        "<link rel=stylesheet href='/assets/stylesheets/guidelines.0123abcd.min.css?v=1#x'>",
                        '<script src="../../assets/javascripts/decision-tree.0123abcd.min.js" type="module">'
                        "</script><script src=\"https://guidelines.invalid/assets/javascripts/decision-tree."
                        '0123abcd.min.js"></script>'
                        '<script src="../../assets/javascripts/bundle.a5f9d56c.min.js"></script>')


def test_a_site_under_a_path_is_read_against_that_path() -> None:
    text = _page('<link rel="stylesheet" href="/sub/assets/stylesheets/guidelines.css">')
    out = assets.rewrite_page("404.html", text, "https://host.invalid/sub/", RENAMED)
    assert 'href="/sub/assets/stylesheets/guidelines.0123abcd.min.css"' in out


def test_the_search_workers_address_in_materials_configuration_is_rewritten() -> None:
    config = {"base": "..", "features": [], "search": "../assets/javascripts/workers/search-ids.js?material="
              "search.a7633da7.min.js", "version": None}
    text = _page("", f'<script id="__config" type="application/json">{json.dumps(config)}</script>')
    out = assets.rewrite_page("principles/index.html", text, ROOT_URL, RENAMED)
    found = re.search(r'<script id="__config" type="application/json">(.*?)</script>', out)
    assert found is not None
    assert json.loads(found.group(1)) == {**config, "search": "../assets/javascripts/workers/search-ids.0123abcd"
                                          ".min.js?material=search.a7633da7.min.js"}


def test_prose_naming_a_file_and_look_alike_names_are_left_alone() -> None:
    body = ("<p>The widget is decision-tree.js; the export is "
            '<a href="../api/v1/guidelines.json">guidelines.json</a>.</p>'
            '<a href="../assets/javascripts/evaluator.mjs">evaluator.mjs</a>')  # kept at its address
    text = _page("", body)
    assert assets.rewrite_page("tool-builders/index.html", text, ROOT_URL, RENAMED) == text


@pytest.mark.parametrize("body", [
    '<img src="../assets/stylesheets/guidelines.css" alt="">',
    '<a href="../assets/javascripts/decision-tree.js">the widget</a>',
    '<link rel="stylesheet" data-href="../assets/stylesheets/guidelines.css">',
    "<script>import('../assets/javascripts/decision-tree.js')</script>",
    '<script type="application/json">{"widget": "decision-tree.js"}</script>',
])
def test_a_reference_the_build_cannot_rewrite_fails_it(body: str) -> None:
    with pytest.raises(AssetError, match="cannot rewrite there"):
        assets.rewrite_page("principles/index.html", _page("", body), ROOT_URL, RENAMED)


@pytest.mark.parametrize("name", ["guide&#108;ines.css", "guide%6Cines.css", "guide\tlines.css", "guide\nlines.css",
                                  "guide\r\nlines.css"])
def test_a_name_spelled_so_the_build_cannot_rewrite_it_fails_it(name: str) -> None:
    """A browser decodes the reference and drops tabs and line breaks from it: it would load the file the build
    removes."""
    text = _page(f'<link rel="stylesheet" href="../assets/stylesheets/{name}">')
    with pytest.raises(AssetError, match="cannot rewrite the address"):
        assets.rewrite_page("principles/index.html", text, ROOT_URL, RENAMED)


# -- scripts ---------------------------------------------------------------------------------


def test_an_import_names_the_renamed_module() -> None:
    sources = {"assets/javascripts/a.js": b"/* A. */\nimport { x } from './lib/b.mjs';\nexport { x };\n",
               "assets/javascripts/lib/b.mjs": b"export const x = 1; // b\n"}
    files = assets._renamed_files(sources, ROOT_URL)
    b_name, b_data = files["assets/javascripts/lib/b.mjs"]
    assert b_data == b"export const x=1;"
    a_name, a_data = files["assets/javascripts/a.js"]
    assert a_data.decode() == f"import{{x}}from'./lib/{b_name.rpartition('/')[2]}';export{{x}};"
    assert a_name == assets.fingerprinted("assets/javascripts/a.js", a_data)


@pytest.mark.parametrize(("source", "message"), [
    (b"import('./b.mjs').then(m => m.x);", "cannot rewrite"),
    (b"new Worker('b.mjs');", "cannot rewrite"),
    (b"import { y } from './c.mjs';", "not one of the site's own scripts"),
])
def test_a_script_naming_another_in_a_way_not_rewritten_fails_the_build(source: bytes, message: str) -> None:
    sources = {"assets/javascripts/a.js": source, "assets/javascripts/b.mjs": b"export const x = 1;"}
    with pytest.raises(AssetError, match=message):
        assets._renamed_files(sources, ROOT_URL)


def test_scripts_that_import_each_other_fail_the_build() -> None:
    sources = {"assets/javascripts/a.mjs": b"import './b.mjs';", "assets/javascripts/b.mjs": b"import './a.mjs';"}
    with pytest.raises(AssetError, match="import each other"):
        assets._renamed_files(sources, ROOT_URL)


ACORN = ROOT / "node_modules" / "acorn" / "dist" / "acorn.mjs"
# Reads [[path, is a module, source, minified], ...]; writes the paths whose syntax trees differ.
_COMPARE = """
const acorn = await import(process.argv[1]);
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const strip = (node) => JSON.stringify(node, (key, value) =>
  ['start', 'end', 'raw', 'loc', 'range'].includes(key) ? undefined : value);
const tree = (text, module) =>
  strip(acorn.parse(text, {ecmaVersion: 'latest', sourceType: module ? 'module' : 'script'}));
const differ = JSON.parse(Buffer.concat(chunks).toString()).filter(([name, module, source, minified]) =>
  tree(source, module) !== tree(minified, module)).map(([name]) => name);
process.stdout.write(JSON.stringify(differ));
"""


def test_minifying_keeps_every_script_the_same_program() -> None:
    node = shutil.which("node")
    if not node or not ACORN.is_file():
        pytest.fail("node and node_modules/acorn (npm ci) are needed to compare the programs")
    pairs = []
    for path in _sources():
        if path.endswith((".js", ".mjs")):
            source = (DOCS / path).read_text(encoding="utf-8")
            module = path.endswith(".mjs") or re.search(r"^(?:import|export)\b", source, re.M) is not None
            pairs.append([path, module, source, assets.minify(path, source)])
    assert len(pairs) >= 4
    done = subprocess.run([node, "--input-type=module", "-e", _COMPARE, ACORN.as_uri()], input=json.dumps(pairs),
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [], "minifying changed these programs"


def test_minifying_makes_each_file_smaller() -> None:
    for path in _sources():
        source = (DOCS / path).read_text(encoding="utf-8")
        assert len(assets.minify(path, source)) < 0.8 * len(source), path


# -- the files -----------------------------------------------------------------------------------


def _site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    for path in ("assets/stylesheets/guidelines.css", "assets/javascripts/decision-tree.js",
                 "assets/javascripts/evaluator.mjs"):
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(DOCS / path, site / path)
    (site / "index.html").write_text(_page('<link rel="stylesheet" href="assets/stylesheets/guidelines.css">',
                                           '<script src="assets/javascripts/decision-tree.js" type="module">'
                                           "</script>"), encoding="utf-8")
    return site


ASSETS = ["assets/javascripts/decision-tree.js", "assets/javascripts/evaluator.mjs",
          "assets/stylesheets/guidelines.css"]


def test_a_site_gets_renamed_files_and_pages_that_load_them(tmp_path: Path) -> None:
    site = _site(tmp_path)
    renamed = assets.fingerprint_site(site, ASSETS, ROOT_URL)
    assert set(renamed) == set(ASSETS)
    for old, new in renamed.items():
        data = (site / new).read_bytes()
        assert new == assets.fingerprinted(old, data)
        assert (site / old).exists() == (old in assets.STABLE)
    page = (site / "index.html").read_text(encoding="utf-8")
    assert f'href="{renamed["assets/stylesheets/guidelines.css"]}"' in page
    assert f'src="{renamed["assets/javascripts/decision-tree.js"]}"' in page
    widget = (site / renamed["assets/javascripts/decision-tree.js"]).read_text(encoding="utf-8")
    assert f"from'./{renamed['assets/javascripts/evaluator.mjs'].rpartition('/')[2]}'" in widget
    # The evaluator stays where tools import it from, byte for byte as written.
    assert (site / "assets/javascripts/evaluator.mjs").read_bytes() == (DOCS / "assets/javascripts/evaluator.mjs"
                                                                         ).read_bytes()


def test_a_file_already_at_a_new_name_is_not_written_over(tmp_path: Path) -> None:
    site = _site(tmp_path)
    css = "assets/stylesheets/guidelines.css"
    new = assets.fingerprinted(css, assets.minify(css, (site / css).read_text(encoding="utf-8")).encode())
    (site / new).write_text("someone else's", encoding="utf-8")
    with pytest.raises(AssetError, match="already exists"):
        assets.fingerprint_site(site, ASSETS, ROOT_URL)
    assert (site / new).read_text(encoding="utf-8") == "someone else's"


def test_a_linked_file_or_folder_is_never_followed(tmp_path: Path) -> None:
    site = _site(tmp_path)
    outside = tmp_path / "outside.css"
    outside.write_text("body { color: red; }", encoding="utf-8")
    (site / "assets/stylesheets/guidelines.css").unlink()
    os.symlink(outside, site / "assets/stylesheets/guidelines.css")
    with pytest.raises(AssetError, match="symbolic link"):
        assets.fingerprint_site(site, ASSETS, ROOT_URL)
    assert outside.read_text(encoding="utf-8") == "body { color: red; }"
    site2 = _site(tmp_path / "two")
    shutil.move(site2 / "assets" / "javascripts", tmp_path / "elsewhere")
    os.symlink(tmp_path / "elsewhere", site2 / "assets" / "javascripts")
    with pytest.raises(AssetError, match="symbolic link"):
        assets.fingerprint_site(site2, ASSETS, ROOT_URL)


# -- the built site ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built() -> Path:
    if not (SITE / "index.html").is_file():
        pytest.fail(f"{SITE} is not built: run `make build` (or `.venv/bin/guidelines build`) first")
    return SITE


def test_the_built_site_holds_each_file_minified_under_its_hash(built: Path) -> None:
    for path in _sources():
        stem = path.rsplit(".", 1)[0]
        kind = "css" if path.endswith(".css") else "js"
        (found,) = [p for p in built.glob(f"{stem}.*.min.{kind}") if CACHED.search(p.name)]
        data = found.read_bytes()
        assert found.relative_to(built).as_posix() == assets.fingerprinted(path, data)
        source = (DOCS / path).read_text(encoding="utf-8")
        assert len(data) < len(source.encode()), f"{path} is not minified"
        assert (built / path).exists() == (path in assets.STABLE), path


def test_every_page_loads_the_renamed_files(built: Path) -> None:
    names = "|".join(re.escape(p.rpartition("/")[2]) for p in _sources())
    loading = re.compile(rf"""<(?:link|script)\b[^>]*(?:href|src)="[^"]*(?:{names})["?#]""")
    pages = sorted(built.rglob("*.html"))
    assert len(pages) > 50
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert not loading.search(text), f"{page.relative_to(built)} loads a file by its old name"
    tree = (built / "trees" / "quick-check" / "index.html").read_text(encoding="utf-8")
    for loaded in re.findall(r'(?:href|src)="\.\./\.\./(assets/(?:stylesheets|javascripts)/[^"?]+)', tree):
        assert (built / loaded).is_file(), loaded


def test_the_tool_builders_page_links_the_evaluator_where_it_stays(built: Path) -> None:
    (stable,) = assets.STABLE
    page = (built / "tool-builders" / "index.html").read_text(encoding="utf-8")
    assert f'href="../{stable}"' in page
    assert (built / stable).read_bytes() == (DOCS / stable).read_bytes()


def test_without_the_sites_address_relative_references_are_still_rewritten(tmp_path: Path) -> None:
    site = _site(tmp_path)
    renamed = assets.fingerprint_site(site, ASSETS, None)
    assert f'href="{renamed["assets/stylesheets/guidelines.css"]}"' in (site / "index.html").read_text()
