"""Smoke test of the benchmark (python -m bench): fast, and times nothing.

A synthetic project of 20 worked examples validates and generates; its plain-Markdown
twin has one page per generated page; the phase runner reports what the results file
needs; the targets and the table come out of a results dict; and the README's table is
the one bench/latest.json gives.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bench import editions, languages, synthetic, weights
from bench import run as bench
from fixtures_util import ROOT
from guidelines import kinds
from guidelines.evaluator import evaluate
from guidelines.output import generate

EXAMPLES = 20


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("bench") / "project"
    synthetic.make_project(target, ROOT, EXAMPLES, tree_nodes=60)
    return target


def test_the_synthetic_corpus_is_realistic_and_valid(project: Path) -> None:
    examples = sorted((project / "principles" / "examples").glob("*.yml"))
    assert len(examples) == EXAMPLES
    sizes = [p.stat().st_size for p in examples]
    assert 1500 < sum(sizes) / len(sizes) < 2600, "worked examples should be about 2 KB"
    assert len({p.read_text(encoding="utf-8").split("scenario:")[1][:200] for p in examples}) == EXAMPLES
    ctx, problems = generate.check(project)
    assert not problems, problems.report()
    assert ctx is not None
    tree = ctx.trees[synthetic.BIG_TREE]
    assert len(tree["nodes"]) == 60
    path = bench.longest_path(tree)
    assert evaluate(tree, path).complete and len(path) == len(synthetic.big_tree(60).longest_path())


def test_generation_and_the_plain_twin(project: Path, tmp_path: Path) -> None:
    result = generate.generate(project)
    assert set(result.timings) == {"validate", "render", "write"}
    docs = project / "docs"
    pages = list(docs.rglob("*.md"))
    assert len(pages) > EXAMPLES
    count = synthetic.make_baseline(tmp_path / "baseline", ROOT, docs)
    assert count == len(pages)
    for page in pages:
        twin = tmp_path / "baseline" / "docs" / page.relative_to(docs)
        assert abs(twin.stat().st_size - page.stat().st_size) < max(400, page.stat().st_size // 5), page
    assert "hooks:" not in (tmp_path / "baseline" / "mkdocs.yml").read_text(encoding="utf-8")


def test_the_twin_matches_each_page_with_its_html_put_back(project: Path, tmp_path: Path) -> None:
    """Layout spliced in after Markdown (fragments) still counts: the twin is the page as a person would write it."""
    sizes = bench.page_sizes(project)
    docs = project / "docs"
    example = "examples/ex-1.md"
    assert sizes[example] > (docs / example).stat().st_size + 500, "the example's fragments were not counted"
    synthetic.make_baseline(tmp_path / "baseline", ROOT, docs, sizes=sizes)
    for page, size in sizes.items():
        twin = tmp_path / "baseline" / "docs" / page
        assert abs(twin.stat().st_size - size) < max(400, size // 5), page


def test_the_editions_project_has_five_archived_editions_of_the_shipped_content(tmp_path: Path) -> None:
    names = editions.make_project(ROOT, tmp_path / "project")
    assert len(names) == editions.EDITIONS and names[:4] == ["2025.1", "2025.2", "2025.3", "2025.4"]
    ctx, problems = generate.check(tmp_path / "project")
    assert not problems, problems.report()
    assert ctx is not None and ctx.published and ctx.edition == names[-1]
    assert ctx.item(kinds.EXAMPLE, "EX-7").data["title"].endswith(f", draft of edition {names[-1]}")


def test_the_english_only_copy_checks_clean_by_its_own_code(tmp_path: Path) -> None:
    """Its edition in force is taken back to a draft; the edition before keeps the pages that publication froze."""
    taken = languages.english_only(ROOT, tmp_path / "english")
    assert taken == ["fr"]
    done = subprocess.run([sys.executable, "-m", "guidelines", "check"], cwd=tmp_path / "english", check=False,
                          env={**os.environ, "PYTHONPATH": str(tmp_path / "english" / "scripts")},
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert re.search(r"edition [0-9.]+ \(", done.stdout)  # a draft, in English only (no "in English, fr")


def test_the_build_before_editions_comes_from_its_commit(tmp_path: Path) -> None:
    assert not editions.pre_editions_tree(tmp_path / "not-a-clone", tmp_path / "nothing")
    assert editions.pre_editions_tree(ROOT, tmp_path / "before"), f"commit {editions.PRE_EDITIONS} is not in this clone"
    assert (tmp_path / "before" / "mkdocs.yml").is_file()
    assert not (tmp_path / "before" / "principles" / "editions").exists()


def test_the_phase_runner_reports_times_and_memory(project: Path) -> None:
    run = bench.run_phase("validate", project)
    assert {"wall", "cpu", "startup", "maxrss_mb", "process_wall", "items"} <= set(run)
    assert run["items"] > EXAMPLES and run["maxrss_mb"] > 10
    summary = bench._summary([run, run])
    assert summary["runs"] == 2 and summary["wall"] == run["wall"]


def _results() -> dict:
    phase = {"runs": 3, "wall": 2.0, "cpu": 1.8, "startup": 0.3, "process_wall": 2.4, "maxrss_mb": 90.0}
    size = {"examples": 1000, "pages": 1020, "validate": phase, "generate": phase,
            "build": {**phase, "wall": 30.0, "cpu": 28.0, "generate_cpu": 4.0, "generate_wall": 4.5,
                      "timings": {"validate": 0.5, "render": 1.0, "write": 0.5}},
            "baseline": {**phase, "wall": 28.0, "cpu": 27.0}}
    return {"started": "2026-01-01T00:00:00+00:00", "duration": 500.0, "sizes": {"1000": size, "5000": size},
            "machine": {"cpu": "Test CPU", "cores": 2, "python": "3.11.7", "load_average": [0.5, 0.5, 0.5],
                        "packages": {"mkdocs": "1.6.1", "mkdocs-material": "9.8.1"}},
            "serve": {"mode": "mkdocs serve --dirty", "edits": 3, "examples": 1000, "yaml": 1.1, "markdown": 1.0},
            "tree": {"nodes": 500, "longest_path": 63, "html_bytes": 1, "html_gzip_bytes": 1, "json_bytes": 1,
                     "js_bytes": 1, "js_min_bytes": 9000, "js_minifier": "terser", "python_ms": 0.2,
                     "browser_ms": 0.05, "browser_note": ""},
            "editions": {"names": ["2025.1", "2025.2", "2025.3", "2025.4", "2025.5", "2025.6"],
                         "archived": ["2025.1", "2025.2", "2025.3", "2025.4", "2025.5"], "pre_commit": "fbf8872",
                         "build": {"runs": 5, "cpu": 2.7, "user": 2.5, "sys": 0.2, "wall": 2.8, "pages": 397},
                         "english": {"runs": 5, "cpu": 2.5, "user": 2.3, "sys": 0.2, "wall": 2.6, "pages": 300},
                         "pre": {"runs": 5, "cpu": 1.0, "user": 0.9, "sys": 0.1, "wall": 1.1, "pages": 53}}}


def test_targets_and_table() -> None:
    results = _results()
    results["targets"] = bench.targets(results)
    names = [t["target"] for t in results["targets"]]
    assert len(names) == 7
    assert all({"target", "value", "limit", "met", "unit", "how"} <= set(t) for t in results["targets"])
    assert [t["met"] for t in results["targets"]] == [True] * 7
    assert "English only" in names[-2] and results["targets"][-2]["value"] == pytest.approx(2.5)
    assert "French site" in names[-1] and results["targets"][-1]["value"] == pytest.approx(2.7)
    text = bench.table(results)
    assert "Test CPU, 2 cores, Python 3.11.7" in text and "| 1,000 | 1,020 |" in text
    assert all(name in text for name in names)
    assert "6 published editions (5 archived, 2025.1 to 2025.5; 2025.6 in force), 397 pages" in text
    assert "in English only (the same editions without the French site), 300 pages, in 2.50 s" in text
    assert "commit fbf8872" in text and "1.00 s" in text


def test_without_the_pre_editions_commit_the_target_is_not_judged() -> None:
    results = _results()
    results["editions"] = {key: value for key, value in results["editions"].items() if key not in ("build", "pre")}
    results["editions"]["note"] = "commit fbf8872 is not in this clone's history: nothing to compare with"
    results["targets"] = bench.targets(results)
    assert results["targets"][-1]["met"] is None
    assert "was not measured: commit fbf8872 is not in this clone's history" in bench.table(results)


def test_the_readme_shows_the_latest_results() -> None:
    latest = ROOT / "bench" / "latest.json"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert bench.README_START in readme and bench.README_END in readme
    if not latest.is_file():
        pytest.skip("no bench/latest.json yet: run `make bench`")
    results = json.loads(latest.read_text(encoding="utf-8"))
    shown = readme.split(bench.README_START, 1)[1].split(bench.README_END, 1)[0]
    assert shown.strip() == bench.table(results).strip() == results["table"].strip()


def _visit(gzip_bytes: int) -> dict:
    return {"requests": 13, "bytes": gzip_bytes * 5, "gzip_bytes": gzip_bytes, "files": []}


def test_the_first_visits_are_a_target_and_a_table() -> None:
    results = _results()
    pages = {"home": "", "tree": "trees/quick-check/", "example": "examples/ex-1/"}
    results["weights"] = {
        "measured": "2026-01-01T00:00:00+00:00", "pages": pages, "gzip_level": 6,
        "site": {name: _visit(90_000) for name in pages}, "twin": {name: _visit(300_000) for name in pages},
        "before": {"label": "main before", "commit": "25784b6", "measured": "2025-12-31T00:00:00+00:00",
                   "pages": {name: _visit(180_000) for name in pages}}}
    results["targets"] = bench.targets(results)
    (target,) = [t for t in results["targets"] if t["target"] == "tree page, first visit, gzipped"]
    assert target["value"] == 90_000 and target["limit"] == bench.TREE_BUDGET and target["met"]
    text = bench.table(results)
    assert "| tree (`/trees/quick-check/`) | 13 requests, 450,000 B, 90,000 B gzip | 13 requests, 900,000 B, " \
           "180,000 B gzip | 13 requests, 1,500,000 B, 300,000 B gzip | 0.50x |" in text
    assert "commit 25784b6" in text


def test_the_recorded_before_names_its_commit_and_every_page() -> None:
    before = bench.recorded_before()
    assert re.fullmatch(r"[0-9a-f]{7,40}", before["commit"]) and before["label"] and before["how"]
    assert set(before["pages"]) == set(weights.PAGES)
    for visit in before["pages"].values():
        assert visit["requests"] == len(visit["files"])
        assert visit["gzip_bytes"] == sum(f[2] for f in visit["files"])
    assert before["pages"]["tree"]["gzip_bytes"] > bench.TREE_BUDGET, "the recorded site already met the budget"


def test_the_english_editions_project_is_the_same_editions_without_the_french_site(tmp_path: Path) -> None:
    names = editions.english_project(ROOT, tmp_path / "project", tmp_path)
    assert len(names) == editions.EDITIONS and names[:4] == ["2025.1", "2025.2", "2025.3", "2025.4"]
    ctx, problems = generate.check(tmp_path / "project")
    assert not problems, problems.report()
    assert ctx is not None and ctx.published and ctx.edition == names[-1] and not ctx.corpus.translations
