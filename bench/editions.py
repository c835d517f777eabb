"""The cost of published editions: the shipped content with five archived editions, against the build before editions.

Every published edition but the one in force is shown at each build, under
/editions/<edition>/: its pages as they were frozen when a later edition replaced it (not
converted from Markdown again), its JSON as published. The target: a build of the shipped
content with five archived editions stays under three times "today's build", the build of
the shipped content as it was just before editions existed (commit ``PRE_EDITIONS``).

``make_project`` copies the shipped project (mkdocs.yml, scripts/, the hand-written part of
docs/, principles/ with its published editions) and publishes further editions, each
with a small wording change, made with the helpers the tests move projects through
editions with, until ``EDITIONS`` editions are published: the latest in force, the five
before it archived (publishing each froze the pages of the one it replaced; the shipped
content has 2025.1 to 2025.3 frozen). ``pre_editions_tree`` extracts commit
``PRE_EDITIONS`` from git into a folder of its own, so that it is built by its own code
(with the packages installed now): a shallow clone without that commit measures nothing,
and says so.

``measure`` times whole ``guidelines build`` commands, interpreter start-up and imports
included, as a person runs them: one untimed build of each project first (it compiles
the project's bytecode and leaves a site to replace, as every later build finds one),
then the projects in turn, run after run, so that both see the same load. CPU seconds
of the child (user + system, ``RUSAGE_CHILDREN``) are what the target compares.

The sites are written to a folder in memory (``SITES``, where there is one): on the
benchmark's machine, a file system without a journal makes creating a file after many
were deleted cost time that grows with their number (ext4 skips every inode freed in the
last 30 seconds), so a build's system time measured the deletions of the build before
it, 0.2 to 1 s for the build with five archived editions, more than its own work.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import synthetic
from guidelines.load.archive import order

SITES = Path("/dev/shm")  # where the measured builds write their sites, if it exists (see above)
PRE_EDITIONS = "fbf8872"  # the last commit before published editions: "today's build" of the target
EDITIONS = 6  # published editions in the measured project: the one in force and five archived
RATIO_LIMIT = 3.0


def make_project(source: Path, target: Path) -> list[str]:
    """The shipped project, published on until it has ``EDITIONS`` editions; returns their names, oldest first."""
    sys.path.insert(0, str(source / "tests"))  # the tests' helpers: editions made as the tests make theirs
    from translations_util import follow_english

    from editions_util import publish_edition, start_edition
    from fixtures_util import publish_ids
    from guidelines.check.editions import next_edition
    from guidelines.output import generate

    synthetic.copy_scaffolding(source, target)
    shutil.copytree(source / "principles", target / "principles")
    while True:
        ctx, problems = generate.check(target)
        assert ctx is not None, problems.report()
        published = [edition.name for edition in ctx.archive.editions]
        if len(published) >= EDITIONS and ctx.published:
            return published
        if not ctx.published:  # a draft in the shipped content: published as it is
            publish_edition(target)
            continue
        latest = ctx.archive.editions[-1]
        edition = next_edition(latest.name)
        day = dt.date.fromisoformat(latest.published) + dt.timedelta(days=1)
        start_edition(target, edition, day.isoformat(), f"Edition {edition}", "A worked example's title reworded.")
        _reword_title(target / "principles" / "examples" / "EX-7.yml", f"draft of edition {edition}")
        follow_english(target)  # (the translations' stand-ins for the changed texts)
        publish_ids(target)
        publish_edition(target)


def english_project(source: Path, target: Path, work: Path) -> list[str]:
    """The same, in English only: the shipped project without its translations (bench/languages.py), published
    on to ``EDITIONS`` editions the same way. "Today's build" was English only (the translations came later, with
    a target of their own), so this is the like-for-like comparison; both are reported."""
    from bench import languages  # (it imports this module)

    base = work / "english-source"
    languages.english_only(source, base)
    # english_only takes the edition in force back to a draft; the pages its publication froze (the edition it
    # replaced) read to the check as a publication cut short. They go, with english_only's patch of the check
    # for that state: publishing the draft here freezes them again.
    folders = [path for path in (base / "principles" / "editions").iterdir() if (path / "pages").is_dir()]
    if folders:
        shutil.rmtree(max(folders, key=lambda path: order(path.name)) / "pages")
    check = Path("scripts", "guidelines", "check", "editions.py")
    shutil.copyfile(source / check, base / check)
    return make_project(base, target)


def _reword_title(path: Path, words: str) -> None:
    """The wording change of a new edition: the example's title gets ``words`` after a comma."""
    text = path.read_text(encoding="utf-8")
    line = re.search(r"^title: (.*)$", text, re.MULTILINE)
    assert line is not None, f"{path} has no title line"
    title = re.sub(r", draft of edition .*$", "", json.loads(line.group(1)) if line.group(1).startswith('"')
                   else line.group(1))
    path.write_text(text[:line.start(1)] + json.dumps(f"{title}, {words}") + text[line.end(1):], encoding="utf-8")


def pre_editions_tree(source: Path, target: Path) -> bool:
    """Commit ``PRE_EDITIONS`` extracted into ``target``; False when git or the commit is not at hand."""
    try:
        done = subprocess.run(["git", "-C", str(source), "archive", "--format=tar", PRE_EDITIONS],
                              capture_output=True, check=False)
    except OSError:
        return False
    if done.returncode != 0:
        return False
    target.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(done.stdout)) as archive:
        archive.extractall(target, filter="data")
    return True


def build_once(project: Path, site: Path) -> dict[str, float]:
    """One ``guidelines build`` of a project by its own code: the child's CPU seconds and the wall clock."""
    # (bytecode written, as a person's builds write it: a shell that sets PYTHONDONTWRITEBYTECODE would have
    # every measured build compile the project's code from source)
    env = {**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
           "PYTHONPATH": str(project / "scripts"), "PYTHONHASHSEED": "0"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "guidelines", "build", "--site-dir", str(site)], cwd=project,
                          env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"the build of {project} failed:\n{done.stderr[-3000:]}")
    user, system = after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime
    return {"user": user, "sys": system, "cpu": user + system, "wall": wall}


def measure(projects: dict[str, tuple[Path, Path]], runs: int) -> dict[str, dict[str, Any]]:
    """Medians of ``runs`` builds of each project (into its site folder), taken in turn, after one untimed build
    of each."""
    for project, site in projects.values():
        build_once(project, site)
    taken: dict[str, list[dict[str, float]]] = {name: [] for name in projects}
    for _ in range(runs):
        for name, (project, site) in projects.items():
            taken[name].append(build_once(project, site))
    return {name: {"runs": runs, **{key: statistics.median(r[key] for r in rows) for key in ("cpu", "user", "sys",
                                                                                           "wall")},
                   "all_cpu": [round(r["cpu"], 3) for r in rows]}
            for name, rows in taken.items()}


def bench_editions(source: Path, work: Path, runs: int) -> dict[str, Any]:
    """The measurement the target reads: the edition project against the pre-editions tree."""
    project, before, english = work / "editions-project", work / "pre-editions", work / "editions-english"
    names = make_project(source, project)
    english_names = english_project(source, english, work)
    result: dict[str, Any] = {"names": names, "archived": names[:-1], "pre_commit": PRE_EDITIONS,
                              "english_archived": english_names[:-1]}
    if not pre_editions_tree(source, before):
        result["note"] = f"commit {PRE_EDITIONS} is not in this clone's history: nothing to compare with"
        return result
    sites = Path(tempfile.mkdtemp(prefix="guidelines-bench-sites-", dir=SITES if SITES.is_dir() else work))
    result["sites"] = "in memory" if SITES.is_dir() else "on disk"
    try:
        projects = {"build": (project, sites / "editions"), "english": (english, sites / "english"),
                    "pre": (before, sites / "pre")}
        result.update(measure(projects, runs))
        for name, (_, site) in projects.items():
            result[name]["pages"] = sum(1 for _ in site.rglob("index.html"))
    finally:
        shutil.rmtree(sites, ignore_errors=True)
    return result
