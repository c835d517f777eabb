"""The content covers what the guidelines promise (issue 3, point 9), read from the data.

Worked examples are how readers find the case closest to theirs, so every principle,
approval category, production stage and use-case row must have some; real cases must
name their sources and invented ones must say so. Each test loops over the items and
names every one that falls short, so a failure says what to write next.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest

from guidelines import kinds
from guidelines.check.validate import validate
from guidelines.load.corpus import Corpus, Item

ROOT = Path(__file__).resolve().parent.parent
MIN_EXAMPLES = 15
MIN_PER_PRINCIPLE = 2


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    corpus, _, problems = validate(ROOT)
    assert not problems, "principles/ does not validate:\n" + problems.report()
    return corpus


def active(corpus: Corpus, kind: kinds.Kind) -> list[Item]:
    return [item for item in corpus.of(kind).values() if item.active]


def examples(corpus: Corpus) -> list[Item]:
    return active(corpus, kinds.EXAMPLE)


def count_by(items: Iterable[Item], field: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for item in items:
        for ref in item.data.get(field, []):
            counts[ref] = counts.get(ref, 0) + 1
    return counts


def shortfall(targets: Iterable[str], counts: dict[str, int], minimum: int) -> list[str]:
    return [f"{target}: {counts.get(target, 0)} (needs {minimum})"
            for target in targets if counts.get(target, 0) < minimum]


def test_at_least_fifteen_worked_examples(corpus: Corpus) -> None:
    found = [item.id for item in examples(corpus)]
    assert len(found) >= MIN_EXAMPLES, f"{len(found)} active worked examples, needs {MIN_EXAMPLES}: {found}"


def test_every_principle_has_two_examples(corpus: Corpus) -> None:
    counts = count_by(examples(corpus), "principles")
    missing = shortfall((p.id for p in active(corpus, kinds.PRINCIPLE)), counts, MIN_PER_PRINCIPLE)
    assert not missing, "guiding principles with too few worked examples:\n  " + "\n  ".join(missing)


def test_every_approval_category_has_an_example(corpus: Corpus) -> None:
    counts = count_by(examples(corpus), "categories")
    missing = shortfall((c.id for c in active(corpus, kinds.CATEGORY)), counts, 1)
    assert not missing, "approval categories with no worked example:\n  " + "\n  ".join(missing)


def test_every_production_stage_has_an_example(corpus: Corpus) -> None:
    stages = corpus.vocabulary("stages")
    assert stages, "principles/vocabularies/stages.yml defines no stage"
    counts = count_by(examples(corpus), "stages")
    missing = shortfall(stages, counts, 1)
    assert not missing, "production stages with no worked example:\n  " + "\n  ".join(missing)


def test_the_issue_names_these_stages(corpus: Corpus) -> None:
    """The stage vocabulary holds the stages issue 3 lists (so 'every stage' means them)."""
    expected = {"development", "pre-production", "production", "post-production", "marketing", "localization"}
    assert expected <= set(corpus.vocabulary("stages"))


def test_every_use_case_links_to_an_example(corpus: Corpus) -> None:
    counts = count_by(examples(corpus), "use_cases")
    missing = shortfall((u.id for u in active(corpus, kinds.USE_CASE)), counts, 1)
    assert not missing, "use-case rows with no linked worked example:\n  " + "\n  ".join(missing)


# That every example says real or illustrative, and that a real case cites known sources, is
# the schema's and the validator's job, shown failing by the invalid fixtures bad-enum,
# real-example-without-sources and unknown-source.
