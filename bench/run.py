"""``python -m bench`` (``make bench``): the performance benchmark, measured the same way every run.

For each corpus size (100, 1,000 and 5,000 worked examples, with a 500-node tree) it
lays out a throwaway project under a temporary folder (bench.synthetic) and
measures, each phase in a fresh Python process as the commands run it:

* ``validate``: ``generate.check`` (load, schema and cross checks), what ``guidelines check`` does;
* ``generate``: ``generate.generate`` into an empty docs/ (validate, render, write every file);
* ``build``: ``sitebuild.build_site`` from an empty docs/ (what ``guidelines build`` does:
  generation hands the pages to MkDocs in memory);
* ``baseline``: MkDocs building the plain-Markdown twin of the same site: one plain page
  per generated page, same path, and the size of the generated page with its
  pre-rendered HTML put back (``page_sizes``: the page as a person would write it),
  same mkdocs.yml, theme and Markdown extensions (the linear ``abbr`` included), no
  generator.

Times are the median of the runs (``RUNS``; fewer at 5,000, said in the output), taken
inside the child process (interpreter start-up and imports excluded, and reported
apart), as wall-clock seconds and CPU seconds (user + system). The CPU figure is the
one to compare across a loaded machine. Peak memory is the child's ru_maxrss.

At 1,000 examples it also times a real ``mkdocs serve --dirty``: from saving one YAML
file, and one hand-written Markdown file, until the served page shows the change; and
reads the big tree's page weight and times ``evaluate`` on its longest path, in Python
(timeit) and in headless Chromium (performance.now around DecisionTree.evaluate).

Then it weighs a first visit (empty cache, headless Chromium) to the shipped content's home
page, a tree page and a worked example (bench.weights): this site as built, its plain twin
built with Material's defaults (the same pages as plain Markdown, no theme override, no hook),
and, as recorded once in bench/weights-before.json, the site before its files were minified
and its search loaded on demand. ``python -m bench --weights`` runs this part alone.
Last, the cost of published editions (bench/editions.py): the shipped content with five
archived editions against the build before editions existed, whole ``guidelines build``
commands taken in turn (``EDITION_RUNS``).

Results go to bench/results/<time>.json and bench/latest.json, and the table to
README.md's Performance section (between the bench markers), so the two always agree.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import gzip
import html as html_lib
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
import urllib.request
from pathlib import Path
from typing import Any

from bench import editions, languages, synthetic, weights
from guidelines.output import writer

SIZES = (100, 1000, 5000)
# Runs per phase and size, to finish within ten minutes on two cores: a 1,000-example
# build takes about 15 CPU seconds and its baseline about 20, a 5,000-example build
# about 75. At 5,000 the build runs once, generation is read from inside it, and the
# baseline is skipped (--full runs it). 0 = not run.
RUNS: dict[int, dict[str, int]] = {
    100: {"validate": 3, "generate": 3, "build": 3, "baseline": 3},
    1000: {"validate": 3, "generate": 3, "build": 3, "baseline": 3},
    5000: {"validate": 1, "generate": 0, "build": 1, "baseline": 0},
}
FULL_RUNS: dict[int, dict[str, int]] = {
    100: {"validate": 5, "generate": 5, "build": 5, "baseline": 5},
    1000: {"validate": 3, "generate": 3, "build": 3, "baseline": 3},
    5000: {"validate": 3, "generate": 1, "build": 1, "baseline": 1},
}
QUICK_RUNS = {"validate": 1, "generate": 1, "build": 1, "baseline": 1}
TREE_NODES = 500
EDITION_RUNS = {"quick": 1, "default": 5, "full": 7}  # builds of each project, taken in turn
SERVE_SIZE = 1000
SERVE_EDITS = 3
README_START = "<!-- bench:start -->"
README_END = "<!-- bench:end -->"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
WIDGET_JS = "assets/javascripts/decision-tree.js"  # in docs/; the built site holds it minified, renamed by content
EVALUATOR_JS = "assets/javascripts/evaluator.mjs"  # the ES module the widget imports (tool builders use it too)
BEFORE = Path(__file__).resolve().parent / "weights-before.json"  # first visits measured once, before (its commit)
TREE_BUDGET = 110_000  # bytes gzipped: a tree page's first visit

# The child process for one phase: imports first (timed apart), then the work.
_PHASE = r"""
import json, resource, sys, time
from pathlib import Path
started = time.perf_counter()
phase, root, rest = sys.argv[1], Path(sys.argv[2]), sys.argv[3:]
from guidelines.output import generate, sitebuild
from mkdocs.commands.build import build
from mkdocs.config import load_config
imported = time.perf_counter()
wall, cpu = time.perf_counter(), time.process_time()
timings, info = {}, {}
if phase == "validate":
    ctx, problems = generate.check(root)
    if problems:
        sys.exit(problems.report())
    info["items"] = sum(len(v) for v in ctx.corpus.items.values())
elif phase == "generate":
    result = generate.generate(root)
    timings, info["files"] = result.timings, len(result.report.written)
elif phase == "build":
    sitebuild.configure_logging()
    original = generate.generate
    def timed(*args, **kwargs):  # the generator's part of the build, in CPU seconds too
        c, w = time.process_time(), time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            info["generate_cpu"], info["generate_wall"] = time.process_time() - c, time.perf_counter() - w
    generate.generate = timed
    timings = sitebuild.build_site(root, Path(rest[0])).timings
elif phase == "baseline":
    sitebuild.configure_logging()
    build(load_config(str(root / "mkdocs.yml"), site_dir=rest[0], strict=True))
wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
print(json.dumps({"wall": wall, "cpu": cpu, "startup": imported - started, "timings": timings,
                  "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, **info}))
"""

# The baseline's only hook: what the theme override reads (its words, its sidebar memo), and the
# real hook's Markdown set-up (linear abbr). No generation.
_BASELINE_HOOK = '''"""Baseline hook: the theme's extra values and the real hook's Markdown set-up, nothing else."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from guidelines.mkdocs.navmemo import NavMemo  # noqa: E402
from guidelines.render import i18n, mdext  # noqa: E402

GUIDELINE = @GUIDELINE@
GLOSSARY = @GLOSSARY@


def on_config(config):
    config.extra["guideline"] = GUIDELINE
    config.extra.update(i18n.theme_values("en"))
    config.extra["gl_nav"] = NavMemo()  # (the theme override's sidebar, as the real hook gives it)
    mdext.use_linear_abbr(config, GLOSSARY)
    return config
'''


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# -- the machine ----------------------------------------------------------------------


def machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    versions = {}
    for package in ("mkdocs", "mkdocs-material", "Markdown", "Jinja2", "PyYAML", "jsonschema"):
        with contextlib.suppress(Exception):
            from importlib.metadata import version
            versions[package] = version(package)
    return {"cpu": cpu, "cores": os.cpu_count(), "python": platform.python_version(),
            "system": f"{platform.system()} {platform.release()}", "packages": versions,
            "load_average": [round(x, 2) for x in os.getloadavg()]}


# -- phases -------------------------------------------------------------------------


def _clean_docs(project: Path) -> None:
    """Remove every generated file, so a run starts as in a fresh clone."""
    docs = project / "docs"
    for entry in writer.OWNED:
        target = docs / entry
        if entry.endswith("/"):
            shutil.rmtree(target, ignore_errors=True)
        elif target.is_file():
            target.unlink()


def run_phase(phase: str, project: Path, *extra: str) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(project / "scripts"), "PYTHONHASHSEED": "0"}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _PHASE, phase, str(project), *extra], cwd=project, env=env,
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{phase} failed in {project}:\n{done.stderr[-3000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["process_wall"] = time.perf_counter() - started
    return result


def _summary(runs: list[dict[str, Any]]) -> dict[str, Any]:
    def median(key: str) -> float:
        return statistics.median(r[key] for r in runs)
    out: dict[str, Any] = {"runs": len(runs), "wall": median("wall"), "cpu": median("cpu"),
                           "startup": median("startup"), "process_wall": median("process_wall"),
                           "maxrss_mb": max(r["maxrss_mb"] for r in runs),
                           "all_wall": [round(r["wall"], 3) for r in runs]}
    if runs[0].get("timings"):
        out["timings"] = {k: statistics.median(r["timings"][k] for r in runs) for k in runs[0]["timings"]}
    for key in ("generate_cpu", "generate_wall"):
        if key in runs[0]:
            out[key] = median(key)
    return out


def measure(phase: str, project: Path, runs: int, *extra: str, clean: bool = False) -> dict[str, Any]:
    results = []
    for _ in range(runs):
        if clean:
            _clean_docs(project)
        results.append(run_phase(phase, project, *extra))
    return _summary(results)


def glossary(project: Path) -> dict[str, str]:
    """The project's glossary tooltips, which its twin's pages carry too."""
    from guidelines.output import generate
    from guidelines.render.pages import glossary_terms

    ctx, problems = generate.check(project)
    assert ctx is not None, problems.report()
    return glossary_terms(ctx)


def page_sizes(project: Path) -> dict[str, int]:
    """Each generated page's size with its pre-rendered HTML put back: what its plain twin must match.

    Generation runs here again (in this process, untimed; nothing on disk changes) for
    the fragment table, which lives only in the process that generated.
    """
    from guidelines.output import generate
    from guidelines.render import fragments

    table = generate.generate(project).context.fragments
    docs = project / "docs"
    return {p.relative_to(docs).as_posix(): len(fragments.unmarked(p.read_text(encoding="utf-8"), table).encode())
            for p in docs.rglob("*.md")}


def add_baseline_hook(baseline: Path, project: Path) -> None:
    """Give a plain twin the baseline hook: the theme's extra values and the project's glossary tooltips."""
    config = baseline / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    guideline = {"title": "Plain pages", "short_title": "Plain pages", "edition": "2025.1",
                 "effective_date": "2025-08-26", "publisher": "Baseline"}
    (baseline / "scripts" / "baseline_hooks.py").write_text(
        _BASELINE_HOOK.replace("@GUIDELINE@", repr(guideline)).replace("@GLOSSARY@", repr(glossary(project))),
        encoding="utf-8")
    config.write_text("hooks:\n  - scripts/baseline_hooks.py\n" + text, encoding="utf-8")


def bench_size(size: int, work: Path, source: Path, runs: dict[str, int]) -> tuple[dict[str, Any], Path, Path]:
    """Every phase at one corpus size; returns the results, the project and its built site."""
    project, baseline, site = work / f"project-{size}", work / f"baseline-{size}", work / f"site-{size}"
    tree_nodes = min(TREE_NODES, max(20, size * 5))
    log(f"[{size}] writing a synthetic project ({size} worked examples, a {tree_nodes}-node tree)")
    synthetic.make_project(project, source, size, tree_nodes)
    yaml_bytes = [p.stat().st_size for p in (project / "principles" / "examples").glob("*.yml")]
    result: dict[str, Any] = {"examples": size, "tree_nodes": tree_nodes,
                              "example_yaml_bytes": round(statistics.mean(yaml_bytes))}
    log(f"[{size}] validate x{runs['validate']}")
    result["validate"] = measure("validate", project, runs["validate"])
    if runs["generate"]:
        log(f"[{size}] generate x{runs['generate']}")
        result["generate"] = measure("generate", project, runs["generate"], clean=True)
    log(f"[{size}] full build x{runs['build']}")
    result["build"] = measure("build", project, runs["build"], str(site), clean=True)
    docs = project / "docs"
    result["pages"] = sum(1 for _ in site.rglob("index.html")) - (1 if (site / "404.html").exists() else 0)
    sizes = page_sizes(project)  # generates into docs/ (the build took its pages from memory)
    result["generated_md_bytes"] = sum(p.stat().st_size for p in docs.rglob("*.md"))
    result["generated_page_bytes"] = sum(sizes.values())
    if not runs["baseline"]:
        return result, project, site
    log(f"[{size}] baseline: the plain twin of {result['pages']:,} pages x{runs['baseline']}")
    result["baseline_pages"] = synthetic.make_baseline(baseline, source, docs, sizes=sizes)
    add_baseline_hook(baseline, project)
    result["baseline"] = measure("baseline", baseline, runs["baseline"], str(work / f"baseline-site-{size}"))
    shutil.rmtree(baseline, ignore_errors=True)
    shutil.rmtree(work / f"baseline-site-{size}", ignore_errors=True)
    return result, project, site


# -- mkdocs serve ---------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return ""


def _wait_for(predicate: Any, timeout: float, interval: float = 0.02) -> float | None:
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if predicate():
            return time.perf_counter() - started
        time.sleep(interval)
    return None


def _quiet(log_file: Path, seconds: float = 1.5, timeout: float = 300) -> None:
    """Wait until the server's log has not grown for ``seconds`` (every rebuild done)."""
    last, since = -1, time.perf_counter()
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        size = log_file.stat().st_size
        if size != last:
            last, since = size, time.perf_counter()
        elif time.perf_counter() - since >= seconds:
            return
        time.sleep(0.1)


def bench_serve(project: Path, edits: int) -> dict[str, Any]:
    """Time a real ``mkdocs serve --dirty``: save a file, wait until the served page shows it."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    log_file = project / "serve.log"
    env = {**os.environ, "PYTHONPATH": str(project / "scripts")}
    _clean_docs(project)
    with log_file.open("w") as out:
        # --no-strict: MkDocs warns about every dirty build, which strict mode turns into an abort.
        server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "--no-strict",
                                   "-a", f"127.0.0.1:{port}"],
                                  cwd=project, env=env, stdout=out, stderr=subprocess.STDOUT)
    result: dict[str, Any] = {"mode": "mkdocs serve --dirty --no-strict", "edits": edits}
    try:
        started = time.perf_counter()
        if _wait_for(lambda: "Serving on" in log_file.read_text() or server.poll() is not None, 900, 0.2) is None \
                or server.poll() is not None:
            raise RuntimeError("mkdocs serve did not start:\n" + log_file.read_text()[-3000:])
        result["startup"] = time.perf_counter() - started
        _quiet(log_file)
        yaml_file = project / "principles" / "examples" / "EX-7.yml"
        md_file = project / "docs" / synthetic.NOTES_PAGE
        times: dict[str, list[float]] = {"markdown": [], "yaml": []}
        pages = (("markdown", md_file, base + "notes/"), ("yaml", yaml_file, base + "examples/ex-7/"))
        for n in range(edits):
            for kind, path, url in pages:
                token = f"benchmark-edit-{kind}-{n}-{time.time_ns()}"
                text = path.read_text(encoding="utf-8")
                if kind == "markdown":  # a new last paragraph
                    text = re.sub(r"\n\nbenchmark-edit-\S+\n$", "\n", text).rstrip("\n") + f"\n\n{token}\n"
                else:  # the scenario's first words
                    text = re.sub(r"(scenario: >-\n  )(benchmark-edit-\S+ )?", rf"\g<1>{token} ", text, count=1)
                path.write_text(text, encoding="utf-8")
                seconds = _wait_for(lambda url=url, token=token: token in _fetch(url) or server.poll() is not None, 300)
                if seconds is None or server.poll() is not None:
                    raise RuntimeError(f"the {kind} edit never reached {url}:\n" + log_file.read_text()[-3000:])
                times[kind].append(seconds)
                _quiet(log_file)
        result["markdown"] = statistics.median(times["markdown"])
        result["yaml"] = statistics.median(times["yaml"])
        result["all"] = {k: [round(t, 3) for t in v] for k, v in times.items()}
        result["rebuilds"] = log_file.read_text().count("Reloading browsers")
        with contextlib.suppress(OSError):
            status = Path(f"/proc/{server.pid}/status").read_text()
            result["maxrss_mb"] = int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1024  # type: ignore[union-attr]
    finally:
        stop(server)
    return result


def stop(server: subprocess.Popen[Any]) -> None:
    """Stop ``mkdocs serve`` as Ctrl+C would (its hooks shut down), killing it if it hangs."""
    server.send_signal(signal.SIGINT)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


# -- the tree page and evaluation -------------------------------------------------------


def longest_path(tree: dict[str, Any]) -> list[tuple[str, str]]:
    """The answers of the longest walk from the start (trees are acyclic)."""
    nodes = tree["nodes"]

    @functools.cache
    def best(node_id: str) -> tuple[int, tuple[tuple[str, str], ...]]:
        node = nodes[node_id]
        if node["type"] != "question":
            return 0, ()
        options = [(best(o["next"]), o["value"]) for o in node["options"]]
        (length, rest), value = max(options, key=lambda item: item[0][0])
        return length + 1, ((node_id, value), *rest)

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10 * len(nodes) + 100))
    return list(best(tree["start"])[1])


def _payload(html: str, tree_id: str) -> str:
    """The tree's JSON, as the widget reads it from the data-dt-payload attribute."""
    match = re.search(rf'data-dt-tree="{re.escape(tree_id)}" data-dt-payload="([^"]*)"', html)
    if not match:
        raise RuntimeError(f"no payload for tree {tree_id} in its page")
    return html_lib.unescape(match.group(1))


def _minified(js: Path, source: Path) -> tuple[int | None, str]:
    terser = source / "node_modules" / ".bin" / "terser"
    if terser.exists():
        done = subprocess.run([str(terser), str(js), "--module", "--compress", "--mangle"], capture_output=True,
                              check=False)
        if done.returncode == 0:
            return len(done.stdout), "terser --module --compress --mangle"
    return None, "terser not installed (npm ci)"


def bench_tree(site: Path, source: Path, *, browser: bool = True) -> dict[str, Any]:
    from guidelines.evaluator import evaluate

    page = site / "trees" / synthetic.BIG_TREE / "index.html"
    html = page.read_text(encoding="utf-8")
    payload_text = _payload(html, synthetic.BIG_TREE)
    tree = json.loads(payload_text)["tree"]
    path = longest_path(tree)
    js = source / "docs" / WIDGET_JS  # as written (the site holds it minified by rjsmin, named by content)
    (shipped,) = site.glob(WIDGET_JS.replace(".js", ".*.min.js"))
    minified, minifier = _minified(js, source)
    result: dict[str, Any] = {
        "tree": synthetic.BIG_TREE, "nodes": len(tree["nodes"]), "longest_path": len(path),
        "html_bytes": len(html.encode("utf-8")), "json_bytes": len(payload_text.encode("utf-8")),
        "html_gzip_bytes": len(gzip.compress(html.encode("utf-8"), 6)),
        "api_json_bytes": (site / "api" / "v1" / "trees" / f"{synthetic.BIG_TREE}.json").stat().st_size,
        "js_bytes": js.stat().st_size, "js_min_bytes": minified, "js_minifier": minifier,
        "evaluator_min_bytes": _minified(source / "docs" / EVALUATOR_JS, source)[0],
        "js_shipped_bytes": shipped.stat().st_size, "js_shipped_gzip_bytes": weights.gzipped(shipped.read_bytes()),
    }
    if minified is not None:
        out = subprocess.run([str(source / "node_modules" / ".bin" / "terser"), str(js), "--module", "-c", "-m"],
                             capture_output=True, check=False).stdout
        result["js_min_gzip_bytes"] = len(gzip.compress(out, 9))
    assert evaluate(tree, path).complete
    number = 200
    repeats = timeit.repeat(lambda: evaluate(tree, path), number=number, repeat=7)
    result["python_ms"] = statistics.median(repeats) / number * 1000
    result["browser_ms"], result["browser_note"] = (_browser(site, tree, path) if browser
                                                     else (None, "not measured (--no-browser)"))
    return result


def _browser(site: Path, tree: dict[str, Any], path: list[tuple[str, str]]) -> tuple[float | None, str]:
    if not Path(CHROMIUM).is_file():
        return None, f"no Chromium at {CHROMIUM}"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None, "playwright is not installed"
    script = """({tree, answers, inner, repeat}) => {
        const r = window.DecisionTree.evaluate(tree, answers);
        if (!r.complete) throw Error('the longest path did not reach an outcome');
        const times = [];
        for (let k = 0; k < repeat; k++) {
            const t0 = performance.now();
            for (let i = 0; i < inner; i++) window.DecisionTree.evaluate(tree, answers);
            times.push((performance.now() - t0) / inner);
        }
        times.sort((a, b) => a - b);
        return times[Math.floor(times.length / 2)];
    }"""
    with weights.served(site) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS[1:])
        try:
            page = browser.new_page()
            page.goto(url + f"trees/{synthetic.BIG_TREE}/", wait_until="load")
            page.wait_for_function("() => window.DecisionTree && window.DecisionTree.evaluate")
            ms = page.evaluate(script, {"tree": tree, "answers": [list(a) for a in path], "inner": 200, "repeat": 7})
        finally:
            browser.close()
    return float(ms), "Chromium, performance.now() around 200 calls, median of 7"


# -- first visits ----------------------------------------------------------------------


def shipped_site(root: Path, work: Path) -> Path:
    """The shipped content built as ``guidelines build`` builds it, into the work folder."""
    site = work / "shipped-site"
    run_phase("build", root, str(site))
    return site


def plain_twin(root: Path, work: Path) -> Path:
    """The shipped content's plain twin, built with Material's defaults: the same pages as plain Markdown
    (the size each generated page has with its HTML put back), the same mkdocs.yml less the theme
    override (so Material loads its search at start) and the hook (the project's files stay as written)."""
    project, twin, site = work / "shipped", work / "twin", work / "twin-site"
    synthetic.copy_scaffolding(root, project)
    shutil.copytree(root / "principles", project / "principles")
    sizes = page_sizes(project)  # generates into the copy's docs/
    synthetic.make_baseline(twin, root, project / "docs", sizes=sizes)
    config = twin / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    if "  custom_dir: docs/overrides\n" not in text:
        raise RuntimeError("mkdocs.yml no longer names the theme override as the benchmark expects")
    config.write_text(text.replace("  custom_dir: docs/overrides\n", ""), encoding="utf-8")
    add_baseline_hook(twin, project)
    run_phase("baseline", twin, str(site))
    return site


def recorded_before() -> dict[str, Any]:
    """The first visits measured once before this site's files were minified and its search loaded on demand."""
    return json.loads(BEFORE.read_text(encoding="utf-8"))


def bench_weights(root: Path, work: Path) -> dict[str, Any]:
    """First visits to the home, a tree and an example page: this site, its plain twin, and as recorded before."""
    log("[weights] building the shipped content and its plain twin")
    sites = {"site": shipped_site(root, work), "twin": plain_twin(root, work)}
    log("[weights] first visits in Chromium")
    measured = weights.weigh_sites(sites)
    return {"measured": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "pages": weights.PAGES,
            "gzip_level": weights.GZIP_LEVEL, "site": measured["site"], "twin": measured["twin"],
            "before": recorded_before()}


def _weight(visit: dict[str, Any]) -> str:
    return f"{visit['requests']} requests, {visit['bytes']:,} B, {visit['gzip_bytes']:,} B gzip"


def weights_table(w: dict[str, Any]) -> list[str]:
    """The first visits, page by page: this site, before, and the plain twin."""
    before = w["before"]
    lines = [f"First visit with an empty cache, in headless Chromium (measured {w['measured'][:16].replace('T', ' ')} "
             f"UTC): requests, bytes received, and each response gzipped at level {w['gzip_level']} (as a "
             "server compressing at that level sends it), added up. *Before*: "
             f"{before['label']} (commit {before['commit']}, measured {before['measured'][:10]}, recorded in "
             "`bench/weights-before.json`). *Plain twin*: the same pages as plain Markdown built by MkDocs with "
             "Material's defaults (no theme override, no hook: search loaded at start, the project's CSS and "
             "JavaScript as written).", "",
             "| page | this site | before | plain twin | gzip, this site / before |", "|---|---:|---:|---:|---:|"]
    for name, path in w["pages"].items():
        site, old, twin = w["site"][name], before["pages"][name], w["twin"][name]
        lines.append(f"| {name} (`/{path}`) | {_weight(site)} | {_weight(old)} | {_weight(twin)} "
                     f"| {site['gzip_bytes'] / old['gzip_bytes']:.2f}x |")
    return lines


# -- targets and the table --------------------------------------------------------------


def targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Each target, judged on CPU seconds (steady on a shared machine); wall time beside it."""
    sizes = results["sizes"]
    out: list[dict[str, Any]] = []

    def add(name: str, value: float | None, limit: float, unit: str, how: str, wall: float | None = None) -> None:
        out.append({"target": name, "value": value, "wall": wall, "limit": limit, "unit": unit, "how": how,
                    "met": None if value is None else value <= limit})

    if "1000" in sizes:
        s = sizes["1000"]
        add("full build / plain-Markdown baseline, 1,000 examples", s["build"]["cpu"] / s["baseline"]["cpu"], 1.1,
            "ratio", "medians, CPU seconds", s["build"]["wall"] / s["baseline"]["wall"])
    if "1000" in sizes and "5000" in sizes:
        add("full build 5,000 / 1,000 examples", sizes["5000"]["build"]["cpu"] / sizes["1000"]["build"]["cpu"], 5.5,
            "ratio", "medians, CPU seconds", sizes["5000"]["build"]["wall"] / sizes["1000"]["build"]["wall"])
    serve = results.get("serve")
    if serve and serve.get("markdown"):
        add("serve: YAML-edit reload / Markdown-edit reload", serve["yaml"] / serve["markdown"], 1.2, "ratio",
            "median of the edits, from saving the file to the served page changing (wall clock)")
    tree = results.get("tree")
    if tree:
        # 14 KiB since the partner's way through (details, email, printout, links, progress): about 5 KB gzip.
        add("widget JavaScript, minified by terser (its code size; the site ships rjsmin's output, above)",
            tree.get("js_min_bytes"), 14 * 1024, "bytes", tree.get("js_minifier", ""))
        add("longest path of a 500-node tree, Python", tree["python_ms"], 1.0, "ms", "timeit, median")
    if results.get("weights"):
        add("tree page, first visit, gzipped", results["weights"]["site"]["tree"]["gzip_bytes"], TREE_BUDGET,
            "bytes", "headless Chromium, empty cache, each response gzipped at level 6")
    archive = results.get("editions")
    if archive:
        pre, now = archive.get("pre"), archive.get("build")
        english = archive.get("english")
        if english:  # (like for like: the build before editions was English only)
            add(f"build with five archived editions, English only / build before editions ({archive['pre_commit']})",
                english["cpu"] / pre["cpu"] if pre else None, editions.RATIO_LIMIT, "ratio",
                "medians, CPU seconds of whole commands taken in turn", english["wall"] / pre["wall"] if pre else None)
        add(f"build with five archived editions{', with the French site' if english else ''} / build before "
            f"editions ({archive['pre_commit']})",
            now["cpu"] / pre["cpu"] if pre else None, editions.RATIO_LIMIT, "ratio",
            "medians, CPU seconds of whole commands taken in turn", now["wall"] / pre["wall"] if pre else None)
    translated = results.get("languages")
    if translated and "both" in translated:
        both, english = translated["both"], translated["english"]
        add("build with both languages / English-only build", both["cpu"] / english["cpu"], languages.RATIO_LIMIT,
            "ratio", "medians, CPU seconds of whole commands taken in turn", both["wall"] / english["wall"])
    return out


def _s(seconds: float) -> str:
    return f"{seconds:.2f} s" if seconds < 10 else f"{seconds:.1f} s"


def _cell(phase: dict[str, Any] | None, key: str = "cpu") -> str:
    if not phase:
        return "not run"
    return f"{_s(phase[key])}" + (f" ({phase['runs']} runs)" if phase["runs"] > 1 else " (1 run)")


def table(results: dict[str, Any]) -> str:
    m = results["machine"]
    lines = [f"Measured {results['started'][:16].replace('T', ' ')} UTC on {m['cpu']}, {m['cores']} cores, "
             f"Python {m['python']}, MkDocs {m['packages'].get('mkdocs', '?')}, "
             f"Material {m['packages'].get('mkdocs-material', '?')} (load average at start "
             f"{m['load_average'][0]}); the whole run took {results['duration'] / 60:.1f} min.", "",
             "CPU seconds (user + system), medians of the runs shown:", "",
             "| examples | pages | validate | generate alone | full build | its validate + generate "
             "| baseline (plain twin) | build / baseline | peak memory (build) |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    walls = []
    for size, s in results["sizes"].items():
        build, baseline = s["build"], s.get("baseline")
        ratio = f"{build['cpu'] / baseline['cpu']:.2f}x" if baseline else "n/a"
        share = f"{_s(build['generate_cpu'])} ({build['generate_cpu'] / build['cpu']:.0%})" \
            if "generate_cpu" in build else "n/a"
        lines.append(f"| {int(size):,} | {s['pages']:,} | {_cell(s['validate'])} | {_cell(s.get('generate'))} "
                     f"| {_cell(build)} | {share} | {_cell(baseline)} | {ratio} | {build['maxrss_mb']:.0f} MB |")
        walls.append(f"{int(size):,}: build {_s(build['wall'])}"
                     + (f", baseline {_s(baseline['wall'])}" if baseline else ""))
    lines += ["", "Wall clock, the same runs: " + "; ".join(walls) + "."]
    serve, tree = results.get("serve"), results.get("tree")
    if serve:
        lines += ["", f"`{serve['mode']}` at {serve['examples']:,} examples, from saving a file to the served "
                  f"page showing the change (median of {serve['edits']}): YAML edit {_s(serve['yaml'])}, "
                  f"Markdown edit {_s(serve['markdown'])}."]
    if tree:
        js_min = f"{tree['js_min_bytes']:,} B minified" if tree.get("js_min_bytes") else tree["js_minifier"]
        if tree.get("js_min_gzip_bytes"):
            js_min += f", {tree['js_min_gzip_bytes']:,} B gzip"
        browser = f"{tree['browser_ms']:.3f} ms" if tree.get("browser_ms") is not None else tree["browser_note"]
        lines += ["", f"Tree page ({tree['nodes']} nodes, longest path {tree['longest_path']} questions): HTML "
                  f"{tree['html_bytes']:,} B ({tree['html_gzip_bytes']:,} B gzip), of which the embedded JSON "
                  f"{tree['json_bytes']:,} B; widget JS {tree['js_bytes']:,} B ({js_min}), and the evaluator module "
                  f"it imports {tree.get('evaluator_min_bytes') or 0:,} B minified. Evaluating the longest "
                  f"path: {tree['python_ms']:.3f} ms in Python, {browser} in Chromium."]
        if tree.get("js_shipped_bytes"):
            lines[-1] += (f" The site ships the widget minified by rjsmin: {tree['js_shipped_bytes']:,} B "
                          f"({tree['js_shipped_gzip_bytes']:,} B gzip).")
    if results.get("weights"):
        lines += ["", *weights_table(results["weights"])]
    if results.get("editions"):
        lines += ["", editions_line(results["editions"])]
    if results.get("languages"):
        lines += ["", languages.line(results["languages"])]
    lines += ["", "| target | measured | wall clock | limit | met |", "|---|---:|---:|---:|:-:|"]
    for t in results["targets"]:
        value = t["value"]
        shown = "n/a" if value is None else (f"{value:.2f}x" if t["unit"] == "ratio" else
                                             f"{value:,.0f} B" if t["unit"] == "bytes" else f"{value:.3f} ms")
        limit = (f"{t['limit']:.2f}x" if t["unit"] == "ratio" else
                 f"{t['limit']:,.0f} B" if t["unit"] == "bytes" else f"{t['limit']:.0f} ms")
        met = "n/a" if t["met"] is None else "yes" if t["met"] else "no"
        wall = "" if t.get("wall") is None else f"{t['wall']:.2f}x"
        lines.append(f"| {t['target']} | {shown} | {wall} | {limit} | {met} |")
    return "\n".join(lines) + "\n"


def editions_line(archive: dict[str, Any]) -> str:
    """What the archived-editions target compares, in a sentence."""
    names, archived = archive["names"], archive["archived"]
    made = (f"The shipped content with {len(names)} published editions ({len(archived)} archived, {archived[0]} to "
            f"{archived[-1]}; {names[-1]} in force)")
    if "pre" not in archive:
        return f"{made} was not measured: {archive['note']}."
    now, pre = archive["build"], archive["pre"]
    runs = f"medians of {pre['runs']} runs taken in turn" if pre["runs"] > 1 else "1 run each"
    english = archive.get("english")
    alone = (f"; in English only (the same editions without the French site), {english['pages']:,} pages, in "
             f"{_s(english['cpu'])}" if english else "")
    return (f"{made}, {now['pages']:,} pages, builds in {_s(now['cpu'])} CPU ({_s(now['user'])} user, "
            f"{_s(now['sys'])} system){alone}; the build before editions existed (commit {archive['pre_commit']}, "
            f"built from that commit's files with today's packages{', in English only' if english else ''}), "
            f"{pre['pages']:,} pages, in "
            f"{_s(pre['cpu'])} ({_s(pre['user'])} user, {_s(pre['sys'])} system). Whole `guidelines build` "
            f"commands, interpreter start-up included, sites written {archive.get('sites', 'on disk')}, {runs}.")


def update_readme(readme: Path, text: str) -> bool:
    """Put the table between the bench markers of README.md; False when there are none."""
    if not readme.is_file():
        return False
    content = readme.read_text(encoding="utf-8")
    start, end = content.find(README_START), content.find(README_END)
    if start == -1 or end < start:
        return False
    new = content[: start + len(README_START)] + "\n" + text + content[end:]
    if new != content:
        readme.write_text(new, encoding="utf-8")
    return True


# -- the command ----------------------------------------------------------------------


def run(root: Path, sizes: tuple[int, ...] = SIZES, *, quick: bool = False, full: bool = False, serve: bool = True,
        browser: bool = True, out: Path | None = None, readme: bool = True, keep: Path | None = None,
        archived: bool = True, translations: bool = True) -> dict[str, Any]:
    started = time.perf_counter()
    results: dict[str, Any] = {"started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                               "machine": machine(), "runs": {}, "sizes": {}}
    work = Path(tempfile.mkdtemp(prefix="guidelines-bench-", dir=keep))
    try:
        sites: dict[int, Path] = {}
        projects: dict[int, Path] = {}
        for size in sizes:
            plan = FULL_RUNS if full else RUNS
            runs = QUICK_RUNS if quick else plan.get(size, plan[5000])
            results["runs"][str(size)] = runs
            results["sizes"][str(size)], projects[size], sites[size] = bench_size(size, work, root, runs)
            done = results["sizes"][str(size)]
            log(f"[{size}] build {done['build']['cpu']:.1f} CPU s"
                + (f", baseline {done['baseline']['cpu']:.1f} CPU s" if "baseline" in done else ""))
        serve_size = SERVE_SIZE if SERVE_SIZE in projects else max(projects)
        if serve:
            log(f"[serve] mkdocs serve --dirty at {serve_size} examples, {SERVE_EDITS} edits of each kind")
            results["serve"] = bench_serve(projects[serve_size], 1 if quick else SERVE_EDITS + full)
            results["serve"]["examples"] = serve_size
        log("[tree] page weight and evaluation of the longest path")
        results["tree"] = bench_tree(sites[serve_size], root, browser=browser)
        if browser:
            results["weights"] = bench_weights(root, work)
        if archived:
            builds = EDITION_RUNS["quick" if quick else "full" if full else "default"]
            log(f"[editions] the shipped content with five archived editions against {editions.PRE_EDITIONS}, "
                f"{builds} builds of each in turn")
            results["editions"] = editions.bench_editions(root, work, builds)
        if translations:
            builds = EDITION_RUNS["quick" if quick else "full" if full else "default"]
            log(f"[languages] the shipped content with its translations against English only, {builds} builds each")
            results["languages"] = languages.bench_languages(root, work, builds)
    finally:
        if keep is None:
            shutil.rmtree(work, ignore_errors=True)
    results["duration"] = time.perf_counter() - started
    results["targets"] = targets(results)
    text = table(results)
    results["table"] = text
    stamp = results["started"].replace(":", "").replace("+0000", "")
    destination = out or root / "bench" / "results" / f"{stamp}.json"
    destination.parent.mkdir(parents=True, exist_ok=True)
    destination.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    results["file"] = str(destination)
    if readme and tuple(sizes) == SIZES and not quick:
        (root / "bench").mkdir(exist_ok=True)
        (root / "bench" / "latest.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        update_readme(root / "README.md", text)
    return results


def run_weights(root: Path, *, out: Path | None = None, readme: bool = True,
                keep: Path | None = None) -> dict[str, Any]:
    """The first visits alone (``--weights``): written beside the other results and, when there are
    latest results, put into them and into README.md's table (their other measurements unchanged)."""
    work = Path(tempfile.mkdtemp(prefix="guidelines-weights-", dir=keep))
    try:
        measured = bench_weights(root, work)
    finally:
        if keep is None:
            shutil.rmtree(work, ignore_errors=True)
    result: dict[str, Any] = {"weights": measured, "table": "\n".join(weights_table(measured)) + "\n"}
    stamp = measured["measured"].replace(":", "").replace("+0000", "")
    destination = out or root / "bench" / "results" / f"{stamp}-weights.json"
    destination.parent.mkdir(parents=True, exist_ok=True)
    destination.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    result["file"] = str(destination)
    latest = root / "bench" / "latest.json"
    if readme and latest.is_file():
        results = json.loads(latest.read_text(encoding="utf-8"))
        results["weights"] = measured
        results["targets"] = targets(results)
        results["table"] = table(results)
        latest.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        update_readme(root / "README.md", results["table"])
    return result


def weigh_site(site: Path) -> dict[str, Any]:
    """A built site's first visits (``--weigh-site``: e.g. to record a site as it was before a change)."""
    return {"measured": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "pages": weights.weigh_sites({"site": site})["site"]}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)),
                        help="corpus sizes in worked examples (default: 100,1000,5000)")
    parser.add_argument("--quick", action="store_true", help="one run of each phase, one edit of each kind")
    parser.add_argument("--full", action="store_true",
                        help="more runs, and the 5,000-example baseline (about 20 minutes)")
    parser.add_argument("--no-serve", action="store_true", help="skip the mkdocs serve reload measurement")
    parser.add_argument("--no-browser", action="store_true", help="skip the measurement in Chromium")
    parser.add_argument("--languages", action="store_true",
                        help="only the build with translations against the English-only build (3 runs each)")
    parser.add_argument("--editions", action="store_true",
                        help="only the builds with five archived editions against the build before editions (3 runs)")
    parser.add_argument("--no-languages", action="store_true",
                        help="skip the build with translations against the English-only build")
    parser.add_argument("--no-editions", action="store_true",
                        help="skip the build with five archived editions against the build before editions")
    parser.add_argument("--out", help="where to write the results JSON (default: bench/results/<time>.json)")
    parser.add_argument("--keep", help="keep the synthetic projects in this folder")
    parser.add_argument("--weights", action="store_true",
                        help="only the first visits' weights (about a minute), put into bench/latest.json")
    parser.add_argument("--weigh-site", metavar="SITE", help="print the first visits of a built site as JSON")
