"""Synthetic projects for the benchmark: N worked examples and a tree of up to 500 nodes.

``make_project`` lays out a throwaway project (mkdocs.yml, the hand-written part of
docs/, scripts/ and principles/) under a temporary folder, never in the repository's
own principles/. The content starts from the small test corpus
(tests/fixtures/base/principles) and adds:

* a decision tree of ``tree_nodes`` nodes (``big-tree``): layers of up to eight
  questions where "a" and "b" lead one layer down and "not sure" ends at one of
  the outcomes (shared by many questions). Its longest path asks one question per
  layer (about 60 at 500 nodes);
* ``examples`` worked examples of about 2 KB each (varied text from a seeded random
  generator, so every run writes the same bytes), each with valid checks against the
  quick-check tree and the big tree. The first examples reach every outcome, so the
  build's coverage check passes at any size;
* one hand-written Markdown page (docs/notes.md), the page edited in the
  ``mkdocs serve`` reload measurement.

``make_baseline`` lays out the comparison project: the same mkdocs.yml (less the hook)
and hand-written files, with one plain Markdown page in place of every generated page,
at the same path (so the same navigation applies) and of about the same size.
"""

from __future__ import annotations

import random
import re
import shutil
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from guidelines.output import writer

BIG_TREE = "big-tree"
QUICK_CHECK_PATHS = (  # the base corpus's quick-check tree: answers -> (outcome, verdict)
    ((("q-data", "yes"),), "o-approval", "approval-required"),
    ((("q-data", "no"), ("q-own", "yes")), "o-proceed", "proceed"),
    ((("q-data", "no"), ("q-own", "not-sure")), "o-escalate", "escalate"),
)
VERDICTS = ("proceed", "escalate", "approval-required")
NOTES_PAGE = "notes.md"

_TEAMS = ("The concept team", "The VFX vendor", "A second-unit director", "The marketing agency",
          "The localization house", "The post-production supervisor", "A junior editor", "The art department",
          "The sound team", "The showrunner's office", "A background-casting coordinator", "The previs studio",
          "The dubbing vendor", "The title designer", "A script coordinator", "The colourist")
_PROJECTS = ("a fantasy series", "a period drama", "a documentary", "an animated feature", "a reality format",
             "a crime thriller", "a children's show", "a sports docuseries", "a musical", "a horror anthology",
             "a cooking competition", "a space opera", "a legal drama", "a nature series")
_TOOLS = ("an enterprise image generator", "a consumer chat assistant", "a voice-cloning service",
          "an in-house upscaling model", "a text-to-video tool", "a transcription service",
          "a de-ageing plug-in", "a music-generation app", "a translation engine", "a storyboard generator",
          "a crowd-simulation tool", "a style-transfer filter")
_ACTIONS = ("generate", "extend", "retouch", "translate", "summarise", "animate", "re-light", "clean up",
            "recreate", "mock up", "subtitle", "re-voice", "storyboard", "score")
_OBJECTS = ("background plates", "concept art for a creature", "a crowd in the stadium scene",
            "the trailer's voice-over", "a street sign in the opening shot", "temporary dialogue",
            "a newspaper prop", "the lead's younger face", "archival photographs", "a logo for a fictional brand",
            "the credits' typography", "a pitch deck", "a song heard on a car radio", "storyboards for episode two")
_PURPOSES = ("to save a reshoot", "for an internal pitch", "to meet a festival deadline",
             "so that the dub matches the lip movements", "for a social-media teaser", "for the final cut",
             "to test a look before the shoot", "to fill a gap in the archive", "to localise the marketing",
             "because the original footage was damaged")
_DETAILS = ("No rights have been cleared yet.", "The vendor's terms allow training on inputs.",
            "The material comes from the production's own dailies.", "A performer's likeness is involved.",
            "The output will not appear on screen.", "The script is still confidential.",
            "The tool runs on the studio's own servers.", "The prompt names a living artist.",
            "The union agreement covers digital replicas.", "Nothing leaves the production's workspace.",
            "The archive holder has not been asked.", "The performer agreed in writing to the change.")
_REASONS = ("the inputs are owned by the production", "a third party's work is used as a reference",
            "the output could be mistaken for a real person", "confidential material would leave the studio",
            "the result stays internal and temporary", "a performer's voice would be changed",
            "the vendor keeps the prompts", "the change is visible in the final deliverables",
            "the source is public domain", "the tool's terms are unknown")
_STEPS = ("Write to your studio contact before going ahead.", "Keep a record of the prompts and inputs.",
          "Ask for written approval and wait for it.", "Use only material the production owns.",
          "Check the vendor's terms for training on inputs.", "Tell the performer and get consent in writing.",
          "Replace the generated element before the final cut.", "Note the use in the delivery report.")


def _sentence(rng: random.Random) -> str:
    return (f"{rng.choice(_TEAMS)} on {rng.choice(_PROJECTS)} wants to use {rng.choice(_TOOLS)} to "
            f"{rng.choice(_ACTIONS)} {rng.choice(_OBJECTS)} {rng.choice(_PURPOSES)}.")


def _wrap(text: str, indent: str, width: int = 88) -> str:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width - len(indent):
            lines.append(indent + line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(indent + line)
    return "\n".join(lines)


def _yaml_string(text: str) -> str:
    """A double-quoted YAML scalar (JSON's escaping is valid YAML)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


# -- the big tree --------------------------------------------------------------------


@dataclass
class Tree:
    """A synthetic decision tree: its YAML and, per outcome, one path that reaches it."""

    nodes: list[dict[str, Any]]
    start: str
    by_id: dict[str, dict[str, Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_id = {n["id"]: n for n in self.nodes}

    def outcomes(self) -> list[str]:
        return [n["id"] for n in self.nodes if n["type"] == "outcome"]

    def walk(self, answers: list[tuple[str, str]]) -> str:
        node = self.start
        for _, value in answers:
            node = next(o["next"] for o in self.by_id[node]["options"] if o["value"] == value)
        return node

    def shortest_path_to(self, target: str) -> list[tuple[str, str]]:
        previous: dict[str, tuple[str, str] | None] = {self.start: None}
        queue = deque([self.start])
        while queue:
            node_id = queue.popleft()
            if node_id == target:
                break
            for option in self.by_id[node_id].get("options", []):
                if option["next"] not in previous:
                    previous[option["next"]] = (node_id, option["value"])
                    queue.append(option["next"])
        path: list[tuple[str, str]] = []
        step = previous[target]
        while step is not None:
            path.append(step)
            step = previous[step[0]]
        return path[::-1]

    def random_path(self, rng: random.Random) -> list[tuple[str, str]]:
        """A walk of about 8 questions: 'a' or 'b' at random, and 'not sure' ends it early."""
        path, node_id = [], self.start
        while self.by_id[node_id]["type"] == "question":
            options = self.by_id[node_id]["options"]
            roll = rng.random()
            option = options[2] if roll < 0.12 else options[0] if roll < 0.56 else options[1]
            path.append((node_id, option["value"]))
            node_id = option["next"]
        return path

    def longest_path(self) -> list[tuple[str, str]]:
        """Answer 'a' to every question: one question per layer, the deepest walk there is."""
        path, node_id = [], self.start
        while self.by_id[node_id]["type"] == "question":
            path.append((node_id, "a"))
            node_id = self.by_id[node_id]["options"][0]["next"]
        return path


def big_tree(size: int, seed: int = 7, width: int = 8) -> Tree:
    """A tree of ``size`` nodes (at least 8): about one outcome for every 20 nodes.

    The questions stand in layers that widen to ``width``: "a" goes down a column,
    "b" to the next column, "not sure" ends at an outcome, so the longest path answers
    one question per layer (about 60 for 500 nodes) and every question is reachable.
    """
    rng = random.Random(seed)
    outcomes = max(3, size // 20)
    questions = size - outcomes
    layers: list[list[str]] = []
    count = 0
    while count < questions:
        layer_width = min(len(layers) + 1, width, questions - count)
        layers.append([f"q-{count + c + 1}" for c in range(layer_width)])
        count += layer_width
    nodes: list[dict[str, Any]] = []
    for level, layer in enumerate(layers):
        below = layers[level + 1] if level + 1 < len(layers) else []
        for column, node_id in enumerate(layer):
            number = int(node_id[2:])
            ends = f"o-{(number - 1) % outcomes + 1}"
            yes = below[column] if column < len(below) else ends
            no = below[(column + 1) % len(below)] if below and (column + 1 < len(below) or len(below) == width) \
                else ends
            nodes.append({
                "id": node_id, "type": "question",
                "text": f"Question {number}: which case fits {rng.choice(_OBJECTS)} from {rng.choice(_TOOLS)}?",
                "help": _sentence(rng) + " " + rng.choice(_DETAILS),
                "principles": ["GP-1"] if number % 3 == 0 else [],
                "options": [
                    # Neither yes nor no: random routing would break the rule that "Yes" points to caution.
                    {"value": "a", "label": "The first case", "next": yes},
                    {"value": "b", "label": "The second case", "next": no},
                    {"value": "not-sure", "label": "Not sure", "next": ends},
                ],
            })
    for j in range(1, outcomes + 1):
        verdict = VERDICTS[j % len(VERDICTS)]
        nodes.append({
            "id": f"o-{j}", "type": "outcome", "verdict": verdict,
            "title": f"Outcome {j}: {rng.choice(_STEPS).rstrip('.').lower()}",
            "explanation": f"This outcome applies because {rng.choice(_REASONS)}. " + rng.choice(_DETAILS),
            "next_steps": rng.sample(_STEPS, 2),
        })
    return Tree(nodes=nodes, start="q-1")


def tree_yaml(tree: Tree, tree_id: str = BIG_TREE) -> str:
    out = [f"id: {tree_id}", f"title: Synthetic tree of {len(tree.nodes)} nodes",
           "summary: >-", _wrap("A large synthetic tree used by the benchmark: a long spine of questions, "
                                "shortcuts that skip ahead, and shared outcomes.", "  "),
           f"start: {tree.start}", "principles: [GP-1]", "nodes:"]
    for node in tree.nodes:
        out.append(f"  - id: {node['id']}")
        out.append(f"    type: {node['type']}")
        if node["type"] == "question":
            out.append(f"    text: {_yaml_string(node['text'])}")
            out.append(f"    help: {_yaml_string(node['help'])}")
            if node["principles"]:
                out.append(f"    principles: [{', '.join(node['principles'])}]")
            out.append("    options:")
            for option in node["options"]:
                out.append(f"      - value: \"{option['value']}\"")
                out.append(f"        label: {_yaml_string(option['label'])}")
                out.append(f"        next: {option['next']}")
        else:
            out.append(f"    verdict: {node['verdict']}")
            out.append(f"    title: {_yaml_string(node['title'])}")
            out.append(f"    explanation: {_yaml_string(node['explanation'])}")
            out.append("    next_steps:")
            out.extend(f"      - {_yaml_string(step)}" for step in node["next_steps"])
    return "\n".join(out) + "\n"


# -- worked examples -----------------------------------------------------------------


_STRICTNESS = ["proceed", "escalate", "approval-required"]  # the verdicts vocabulary's order


def example_yaml(number: int, rng: random.Random, big: Tree | None = None, quick: int | None = None,
                 big_path: list[tuple[str, str]] | None = None) -> str:
    """One worked example of about 2 KB, with a check on each tree."""
    real = rng.random() < 0.3
    scenario = " ".join([_sentence(rng), rng.choice(_DETAILS), _sentence(rng).replace(" wants ", " also wants "),
                         rng.choice(_DETAILS), f"In the end {rng.choice(_REASONS)}, and {rng.choice(_REASONS)}.",
                         rng.choice(_DETAILS)])
    reasons = rng.sample(_REASONS, 3)
    analysis = [
        _wrap(f"The guidance treats this as a case to look at closely, because {reasons[0]}.", "  "),
        "",
        f"  - **GP-1 (own what you use)**: {reasons[1]}, so *check the inputs* before going ahead.",
        f"  - **Data use (AC-1)**: {reasons[2]}; keep the `prompt log` with the delivery.",
        f"  - See the [vendor checklist](https://source.test/checklist-{number % 17}) for the details.",
        "",
        _wrap(f"{rng.choice(_STEPS)} {rng.choice(_STEPS)} {_sentence(rng)}", "  "),
        "",
        _wrap(f"Compare with a case where {rng.choice(_REASONS)}: there, {rng.choice(_STEPS).lower()} "
              f"{rng.choice(_DETAILS)} {rng.choice(_STEPS)}", "  "),
    ]
    quick_answers, _, quick_verdict = QUICK_CHECK_PATHS[quick if quick is not None else rng.randrange(3)]
    stages = rng.sample(["development", "production"], rng.randint(1, 2))
    out = [f"id: EX-{number}",
           f"title: {_yaml_string(f'{rng.choice(_OBJECTS).capitalize()} with {rng.choice(_TOOLS)}')}",
           f"kind: {'real' if real else 'illustrative'}",
           "scenario: >-", _wrap(scenario, "  "),
           "analysis: |-", *analysis,
           "stages:", *(f"  - {s}" for s in stages),
           "principles:", "  - GP-1"]
    if rng.random() < 0.5:
        out += ["categories:", "  - AC-1"]
    if rng.random() < 0.5:
        out += ["use_cases:", "  - UC-1"]
    if real:
        out += ["sources:", "  - SRC-1"]
    out += ["checks:", "  - tree: quick-check", "    answers:"]
    out += [f"      {q}: \"{v}\"" for q, v in quick_answers]
    out += [f"    verdict: {quick_verdict}"]
    verdicts = [quick_verdict]
    if big is not None and big_path is not None:
        outcome = big.walk(big_path)
        out += [f"  - tree: {BIG_TREE}", "    answers:"]
        out += [f"      {q}: \"{v}\"" for q, v in big_path]
        out += [f"    verdict: {big.by_id[outcome]['verdict']}", f"    outcome: {outcome}"]
        verdicts.append(big.by_id[outcome]["verdict"])
    result = max(verdicts, key=_STRICTNESS.index)  # one verdict per use: the strictest
    out += [f"result: {result}"]
    if min(verdicts, key=_STRICTNESS.index) != result:
        out += ["differences: >-", _wrap(f"The other tree asks less: {rng.choice(_REASONS)}.", "  ")]
    return "\n".join(out) + "\n"


def _notes_page(rng: random.Random) -> str:
    parts = ["# Notes for authors {#notes}", "",
             "A hand-written page, edited by the benchmark to time a Markdown-only rebuild.", ""]
    for n in range(1, 5):
        parts += [f"## Note {n} {{#note-{n}}}", "", _wrap(" ".join(_sentence(rng) for _ in range(3)), ""), "",
                  *(f"- {rng.choice(_STEPS)}" for _ in range(3)), ""]
    return "\n".join(parts)


# -- projects ------------------------------------------------------------------------


def _hand_written_only(docs: Path):  # type: ignore[no-untyped-def]
    def ignore(folder: str, names: list[str]) -> list[str]:
        skipped = []
        for name in names:
            relative = (Path(folder) / name).relative_to(docs).as_posix()
            if name == "__pycache__" or writer.is_owned(relative) or writer.is_owned(relative + "/"):
                skipped.append(name)
        return skipped
    return ignore


def copy_scaffolding(source: Path, target: Path) -> None:
    """mkdocs.yml, scripts/ and the hand-written part of docs/ (no generated file)."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(source / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(source / "scripts", target / "scripts", ignore=shutil.ignore_patterns("__pycache__"),
                    dirs_exist_ok=True)
    shutil.copytree(source / "docs", target / "docs", ignore=_hand_written_only(source / "docs"),
                    dirs_exist_ok=True)


def make_project(target: Path, source: Path, examples: int, tree_nodes: int = 500, seed: int = 1) -> Tree:
    """A throwaway project under ``target`` with ``examples`` worked examples; returns the big tree."""
    base = source / "tests" / "fixtures" / "base" / "principles"
    if not base.is_dir():
        raise FileNotFoundError(f"{base} is missing: the benchmark starts from the test corpus")
    copy_scaffolding(source, target)
    principles = target / "principles"
    shutil.copytree(base, principles)
    for old in (principles / "examples").glob("*.yml"):
        old.unlink()
    rng = random.Random(seed)
    tree = big_tree(tree_nodes, seed)
    (principles / "trees" / f"{BIG_TREE}.yml").write_text(tree_yaml(tree), encoding="utf-8")
    # The first examples reach every outcome of both trees (the coverage check); the rest wander.
    planned = [(i, tree.shortest_path_to(o)) for i, o in enumerate(tree.outcomes())]
    for number in range(1, examples + 1):
        if number <= len(planned):
            quick, path = planned[number - 1][0] % 3, planned[number - 1][1]
        else:
            quick, path = None, tree.random_path(rng)
        text = example_yaml(number, rng, big=tree, quick=quick, big_path=path)
        (principles / "examples" / f"EX-{number}.yml").write_text(text, encoding="utf-8")
    if examples < len(planned):
        raise ValueError(f"{examples} examples cannot reach the {len(planned)} outcomes of a "
                         f"{tree_nodes}-node tree: use more examples or a smaller tree")
    (target / "docs" / NOTES_PAGE).write_text(_notes_page(rng), encoding="utf-8")
    _register(principles / "published-ids.yml", [f"EX-{n}" for n in range(1, examples + 1)], BIG_TREE)
    return tree


def _register(path: Path, examples: list[str], tree_id: str) -> None:
    """Every citable ID must be published: add the new examples and the big tree to the register."""
    text = path.read_text(encoding="utf-8")
    known = set(re.findall(r"^  ([A-Za-z0-9.-]+):", text, re.MULTILINE))
    entries = [(i, "example") for i in examples if i not in known] + [(tree_id, "tree")]
    text += "".join(f'  {i}: {{kind: {kind}, since: "2025.1"}}\n' for i, kind in entries)
    path.write_text(text, encoding="utf-8")


def _plain_page(title: str, size: int, rng: random.Random, links: list[str]) -> str:
    """Hand-written-style Markdown: headings, paragraphs, a list and links, about ``size`` bytes."""
    parts = [f"# {title}", ""]
    section = 0
    while sum(len(p) + 1 for p in parts) < size:
        if len(parts) % 12 == 2:
            section += 1
            parts += [f"## Part {section}", ""]
        parts += [_wrap(" ".join(_sentence(rng) for _ in range(2)), ""), ""]
        if len(parts) % 5 == 0:
            parts += [f"- {rng.choice(_STEPS)}", f"- {rng.choice(_DETAILS)}", ""]
        if links and len(parts) % 7 == 0:
            parts += [" · ".join(f"[{Path(link).stem}]({link})" for link in rng.sample(links, min(3, len(links)))),
                      ""]
    return "\n".join(parts)


def make_baseline(target: Path, source: Path, generated_docs: Path, seed: int = 2,
                  sizes: Mapping[str, int] | None = None) -> int:
    """The plain-Markdown twin of a generated project; returns its number of pages.

    ``generated_docs`` is the docs/ folder of a generated synthetic project: every
    Markdown page there gets a plain page at the same path, of about the same size.
    Index pages link to their folder's pages, as the generated ones do. ``sizes``
    (page -> bytes) overrides a page's size: the benchmark passes the size of each
    page with its pre-rendered HTML put back (fragments.unmarked), so the twin is the
    page as a person would write it, whatever the generator leaves out of Markdown.
    """
    copy_scaffolding(source, target)
    config = (target / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("hooks:\n  - scripts/mkdocs_hooks.py\n", "")
    (target / "mkdocs.yml").write_text(config, encoding="utf-8")
    rng = random.Random(seed)
    pages = sorted(p.relative_to(generated_docs).as_posix() for p in generated_docs.rglob("*.md"))
    by_folder: dict[str, list[str]] = {}
    for page in pages:
        folder, _, name = page.rpartition("/")
        if folder and name != "index.md":
            by_folder.setdefault(folder, []).append(name)
    for page in pages:
        size = sizes[page] if sizes and page in sizes else (generated_docs / page).stat().st_size
        folder, _, name = page.rpartition("/")
        if name == "index.md" and folder:
            links = list(by_folder.get(folder, []))
            body = [f"# {folder.capitalize()}", "", *(f"- [{Path(n).stem.upper()}]({n})" for n in links), ""]
            text = "\n".join(body)
            if len(text) < size:
                text += "\n" + _plain_page("More", size - len(text), rng, [])[2:]
        else:
            text = _plain_page(Path(page).stem.replace("-", " ").capitalize(), size, rng, [])
        out = target / "docs" / page
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    return len(pages)
