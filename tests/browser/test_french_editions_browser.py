"""An edition published in French, once replaced, in Chromium: its French pages and its French tree.

The bilingual base corpus (tests/fixtures/base-fr) published as 2025.1, then 2025.2 (GP-1
reworded, its French following): 2025.1's French pages are frozen and shown under
/fr/editions/2025.1/. Every one of them is visited as the site-wide gates visit the shipped
site's pages (no request to another host, none answered with an error, no script error,
nothing against the content security policy, nothing axe-core finds), and its French quick
check is answered in French and taken to English with its answers.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from gates_support import crawl_fresh, page_targets, report
from playwright.sync_api import Browser, Page
from translations_util import follow_english

from editions_util import NEW_RULE, edit, publish_edition, start_edition
from fixtures_util import FIXTURES, make_project, publish_ids
from guidelines.output.sitebuild import build_site

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(tmp_path_factory.mktemp("fr-editions-browser") / "project", FIXTURES / "base-fr", site=True)
    publish_edition(root)
    start_edition(root, "2025.2", "2025-10-01", "Clearer rules", "GP-1 reworded.")
    edit(root / "principles" / "guiding-principles" / "GP-1.yml", "rule: Outputs do not recreate", NEW_RULE)
    follow_english(root)
    publish_ids(root)
    publish_edition(root)
    build_site(root)
    return root


@pytest.fixture(scope="module")
def url(project: Path, serve: Callable[[Path], str]) -> str:
    return serve(project / "site")


def test_every_french_page_of_the_replaced_edition_passes_the_gates(
        project: Path, url: str, browser: Browser, browser_context_args: dict[str, Any]) -> None:
    targets = [t for t in page_targets(project / "site")
               if t.path.startswith("fr/editions/2025.1/") or t.path == "fr/editions/"]
    assert len(targets) > 10 and any(t.tree for t in targets)
    visits = crawl_fresh(browser, browser_context_args, url, targets, axe=True)
    for attribute in ("foreign", "failed", "errors", "csp", "violations"):
        assert not [v for v in visits if getattr(v, attribute)], report(visits, attribute)
    assert all(v.shown for v in visits if v.target.tree), "a tree page's widget did not mount"


def test_the_replaced_editions_french_tree_decides_in_french_and_the_switch_keeps_the_answers(
        guarded: Page, url: str) -> None:
    guarded.goto(url + "fr/editions/2025.1/trees/quick-check/")
    assert "Édition 2025.1" in guarded.locator(".gl-edition-note").inner_text()
    guarded.locator(".dt-option[data-value='no']").click()
    guarded.locator(".dt-option[data-value='not-sure']").click()
    result = guarded.locator(".dt-result")
    verdict = result.get_attribute("data-dt-verdict")
    assert verdict and guarded.locator("html").get_attribute("lang") == "fr"
    guarded.locator(".md-header .md-select > button").click()
    guarded.locator('.md-header .md-select a[hreflang="en"]').click()  # the language menu, as a reader uses it
    guarded.wait_for_url("**/editions/2025.1/trees/quick-check/?*")
    assert "/fr/" not in guarded.url
    assert guarded.locator(".dt-result").get_attribute("data-dt-verdict") == verdict
