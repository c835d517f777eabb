"""What a first visit costs a reader, in headless Chromium: the tree page within its budget.

Each page is opened with an empty cache (bench/weights.py, which the benchmark uses too) and
every response it and its workers received is counted, gzipped at level 6 as the server
sends it. Sizes do not vary with the machine's speed, so they are held to a number here.
"""

from __future__ import annotations

from typing import Any

import pytest

from bench import run as bench
from bench import weights

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def visits(browser: Any, site_url: str) -> dict[str, dict[str, Any]]:
    return weights.weigh_site(browser, site_url)


def test_a_tree_pages_first_visit_is_within_its_budget(visits: dict[str, dict[str, Any]]) -> None:
    tree = visits["tree"]
    assert tree["gzip_bytes"] < bench.TREE_BUDGET, "\n".join(f"{f[2]:>8,} {f[0]}" for f in tree["files"])


def test_every_page_weighs_less_than_before(visits: dict[str, dict[str, Any]]) -> None:
    before = bench.recorded_before()["pages"]
    for name, visit in visits.items():
        assert visit["requests"] < before[name]["requests"], name
        assert visit["gzip_bytes"] < 0.7 * before[name]["gzip_bytes"], name


def test_the_weighing_counts_what_the_page_loads(visits: dict[str, dict[str, Any]]) -> None:
    """Not a blind count: the page, Material's bundle and the widget are there, the search index is not."""
    paths = [path for path, _, _ in visits["tree"]["files"]]
    assert paths[0] == "/" + weights.PAGES["tree"]
    assert any(path.startswith("/assets/javascripts/bundle.") for path in paths)
    assert any(path.startswith("/assets/javascripts/decision-tree.") for path in paths)
    assert not any("search_index" in path for path in paths)
    assert visits["tree"]["requests"] == len(paths) >= 10
