"""The published schemas in Ajv's strict mode, as a tool builder would load them (tests/ajv/validate.mjs).

Every schema under api/v1/ must compile with ``new Ajv2020({strict: true, allErrors: true})`` and
ajv-formats, and every JSON document under api/v1/ (the published editions' copies under
api/v1/editions/ too) and a decision record from ``guidelines decide --json`` must validate
against the schema its ``$schema`` names. Runs on the project's own content and on a project
with two published editions; then on damaged copies, each of which must fail.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from fixtures_util import ROOT
from guidelines.cli import main
from guidelines.output import generate
from schema_util import two_published_editions

SCRIPT = ROOT / "tests" / "ajv" / "validate.mjs"
MODULES = ROOT / "node_modules"


def node() -> str:
    found = shutil.which("node")
    if found is None:
        pytest.fail("node is not installed")
    for package in ("ajv", "ajv-formats"):
        if not (MODULES / package / "package.json").is_file():
            pytest.fail(f"{package} is not installed: run `npm ci` (make setup-test does)")
    return found


def site_of(root: Path) -> Path:
    """The JSON a build of ``root`` serves (the export, the editions' copies, the feed), under root/site/."""
    site = root / "site"
    result = generate.generate(root, write=False)
    built = [(site, result.files), *((site / language, found.files) for language, found in result.languages.items())]
    for folder, files in built:
        for path, text in files.items():
            if path.endswith(".json"):
                target = folder / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
    return site


def record_of(site: Path, tree: str, answer: str, capsys: pytest.CaptureFixture[str]) -> Path:
    """A decision record, as ``guidelines decide --json`` prints it."""
    assert main(["decide", tree, "--answer", answer, "--from", str(site), "--json"]) == 0
    out = capsys.readouterr().out
    assert json.loads(out)["record_version"] == "1.3"
    path = site.parent / "record.json"
    path.write_text(out, encoding="utf-8")
    return path


def ajv(site: Path, *records: Path) -> subprocess.CompletedProcess[str]:
    args = [node(), str(SCRIPT), str(site)]
    for record in records:
        args += ["--record", str(record)]
    return subprocess.run(args, capture_output=True, text=True, timeout=120, check=False, cwd=ROOT)


@pytest.fixture(scope="module")
def own_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("ajv-own")
    shutil.copytree(ROOT / "principles", root / "principles")
    return site_of(root)


@pytest.fixture(scope="module")
def editions_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return site_of(two_published_editions(tmp_path_factory.mktemp("ajv-editions") / "project"))


def _documents(site: Path) -> list[Path]:
    """Every document of the export, each translation's included (site/<language>/api/v1/)."""
    folders = [site / "api" / "v1", *(p / "api" / "v1" for p in site.iterdir() if len(p.name) == 2 and p.is_dir())]
    return [p for folder in folders for p in folder.rglob("*.json") if not p.name.endswith("schema.json")]


def test_the_projects_own_export_and_a_record_validate_in_strict_mode(
        own_site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    record = record_of(own_site, "quick-check", "creative-output=yes", capsys)
    done = ajv(own_site, record)
    assert (done.returncode, done.stderr) == (0, ""), done.stdout + done.stderr
    assert done.stdout == f"ok: 3 schemas, {len(_documents(own_site))} documents, 1 records, 0 problems\n"
    assert (own_site / "fr" / "api" / "v1" / "index.json").is_file()  # (the French export was validated too)


def test_two_published_editions_validate_with_their_editions_json(
        editions_site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    archived = list((editions_site / "api" / "v1" / "editions").rglob("*.json"))
    assert {p.parent.name for p in archived if p.name == "guidelines.json"} == {"2025.1", "2025.2"}
    record = record_of(editions_site, "quick-check", "q-data=yes", capsys)
    done = ajv(editions_site, record)
    assert (done.returncode, done.stderr) == (0, ""), done.stdout + done.stderr
    assert f" {len(_documents(editions_site))} documents, 1 records, 0 problems" in done.stdout


def _edit(path: Path, change: Callable[[Any], Any]) -> None:
    document = json.loads(path.read_text(encoding="utf-8"))
    change(document)
    path.write_text(json.dumps(document), encoding="utf-8")


def _verdict(tree: dict[str, Any], verdict: str) -> None:
    next(node for node in tree["nodes"].values() if node["type"] == "outcome")["verdict"] = verdict


def _strict_breaker(schema: dict[str, Any]) -> None:
    schema["$defs"]["line"]["optional"] = True  # draft 3's way to say so: unknown to 2020-12


DAMAGE: dict[str, tuple[str, Callable[[Any], Any], str]] = {
    "unknown-verdict-in-an-edition": ("api/v1/editions/2025.1/trees/quick-check.json",
                                      lambda d: _verdict(d, "maybe"), "must be equal to one of the allowed values"),
    "changes-without-items": ("api/v1/changes/2025.2.json", lambda d: d.pop("items"),
                              "must have required property 'items'"),
    "clause-without-hash": ("api/v1/editions/2025.2/sections/SEC-1.json", lambda d: d["points"][0].pop("item_hash"),
                            "must have required property 'item_hash'"),
    "impossible-date": ("api/v1/guidelines.json", lambda d: d["api"]["editions"][0].update(published="2025-02-30"),
                        'must match format "date"'),
    "retired-without-edition": ("api/v1/glossary/mood-board.json", lambda d: d.update(retired_in=None),
                                "retired_in must be string"),
    "unknown-schema": ("api/v1/index.json", lambda d: d.update({"$schema": "https://elsewhere.test/schema.json"}),
                       "is not a published schema"),
    "record-with-unknown-verdict": ("record.json", lambda d: d["verdict"].update(id="maybe"),
                                    "record.json: /verdict/id must be equal to one of the allowed values"),
    "two-schemas-one-id": ("api/v1/schema.json",
                           lambda d: d.update({"$id": d["$id"].replace("schema.json", "guidelines.schema.json")}),
                           "already exists"),
    "id-not-where-served": ("api/v1/record.schema.json", lambda d: d.update({"$id": "record.schema.json"}),
                            "expected https://guidelines.test/api/v1/record.schema.json"),
    "unknown-keyword": ("api/v1/guidelines.schema.json", _strict_breaker, 'strict mode: unknown keyword: "optional"'),
    "unknown-format": ("api/v1/guidelines.schema.json", lambda d: d["$defs"]["url"].update(format="link"),
                       'unknown format "link"'),
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_copy_fails(editions_site: Path, tmp_path: Path, damage: str,
                              capsys: pytest.CaptureFixture[str]) -> None:
    site = tmp_path / "site"
    shutil.copytree(editions_site, site)
    record = record_of(site, "quick-check", "q-data=yes", capsys)
    where, change, expected = DAMAGE[damage]
    _edit(site.parent / where if where == "record.json" else site / where, change)
    done = ajv(site, record)
    assert done.returncode == 1, done.stdout + done.stderr
    assert expected in done.stdout, done.stdout
    assert done.stdout.splitlines()[-1].startswith("FAILED: ")


def test_wrong_usage_exits_2() -> None:
    done = subprocess.run([node(), str(SCRIPT)], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2 and "usage:" in done.stderr
