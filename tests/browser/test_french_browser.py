"""The French site in Chromium, as a partner in Paris or Montreal uses it (the built site, /fr/).

What a French reader meets is checked against the French sources, not against the build's
own output: the questions, answers, results and next steps of the quick check against
principles/translations/fr/trees/, the verdicts against the French vocabulary, the interface
words against scripts/guidelines/render/i18n/fr.yml, and the absence of English against
en.yml. Then: switching language in the middle of a tree keeps the answers, search on the
French site finds French pages only (and an inflected form), a printed French page speaks
French in its text and in its margins, French pages are accessible, load nothing from
elsewhere and ask for nothing that does not exist, and each French page names its English
page (and the other way round) in its head and in the header's language menu.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from conftest import describe_violations, settle
from playwright.sync_api import Page, expect
from printkit import margins, pdf_text, print_page, squash
from treekit import ROOT, load_tree, shown, site_context

from guidelines import kinds
from guidelines.evaluator import all_paths, evaluate
from guidelines.output.languages import translated_context
from guidelines.render import i18n
from guidelines.urls import Urls

pytestmark = pytest.mark.browser

FR_SOURCES = ROOT / "principles" / "translations" / "fr"
URLS = Urls("https://guidelines.invalid/")  # paths only
PDFS = Path(os.environ.get("GUIDELINES_SHOTS", "/tmp/shots")) / "print-fr"
SHOTS = Path(os.environ.get("GUIDELINES_SHOTS", "/tmp/shots")) / "french"

CTX = site_context()
FR_CTX = translated_context(CTX, "fr")
TREE = CTX.guideline["quick_check_tree"]
FR_WIDGET, EN_WIDGET = i18n.group("fr", "widget"), i18n.group("en", "widget")


def fr(path: str) -> str:
    """A page's path on the French site."""
    return f"fr/{path}"


def plain(text: str) -> str:
    """A text as a reader sees it, to compare: Markdown's code marks gone, French no-break spaces as
    spaces (the build sets them: render/typography.py), runs of white space as one."""
    return " ".join(text.replace("`", "").replace("\u00a0", " ").replace("\u202f", " ").split())


def source(path: str) -> dict[str, Any]:
    """A French translation file (principles/translations/fr/<path>)."""
    return yaml.safe_load((FR_SOURCES / path).read_text(encoding="utf-8"))


@cache
def fr_tree(tree_id: str) -> dict[str, dict[str, Any]]:
    """The French tree file's nodes, by ID."""
    return {node["id"]: node for node in source(f"trees/{tree_id}.yml")["nodes"]}


@cache
def fr_verdicts() -> dict[str, str]:
    return {term["id"]: term["label"] for term in source("vocabularies/verdicts.yml")["terms"]}


def fr_label(tree_id: str, question: str, value: str) -> str:
    return next(o["label"] for o in fr_tree(tree_id)[question]["options"] if o["value"] == value)


def phrases(values: list[str]) -> list[str]:
    """The words of interface texts, as shown: each text's parts between its {placeholders} and its
    Markdown or HTML, those with a word of three letters or more."""
    found = []
    for value in values:
        text = re.sub(r"<[^>]+>|\*\*|\*|`", "", value)
        for part in re.split(r"\{\w+\}", text):
            part = plain(part).strip(" .,;:()-·“”«»")
            if re.search(r"[A-Za-zÀ-ÿ]{3}", part):
                found.append(part)
    return found


def leaves(group: Any) -> list[str]:
    return [v for value in group.values() for v in (leaves(value) if isinstance(value, dict) else [value])]


def english_only(values: list[str]) -> list[str]:
    """English interface words that the French table does not also use (``Production``, ``Question``:
    the same word in both languages, so no sign of English)."""
    french = " ".join(plain(v) for v in leaves(i18n.nested("fr")) if isinstance(v, str))
    return sorted({p for p in phrases(values) if p not in french})


def english_shown(text: str, words: list[str]) -> list[str]:
    """Which of ``words`` the text shows, as words (not inside a longer word)."""
    return [w for w in words if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", plain(text))]


# The widget's English words (not its locale, nor its file name: never shown).
WIDGET_ENGLISH = english_only(leaves({k: v for k, v in EN_WIDGET.items() if k not in ("dateLocale", "recordFile")}))


def longest_to(tree: dict[str, Any], verdict: str) -> list[tuple[str, str]]:
    """The longest answer path of the tree that ends in ``verdict`` (the most questions to see)."""
    return max((p for p in all_paths(tree) if evaluate(tree, p).verdict == verdict), key=len)


def wait_for_widget(page: Page) -> None:
    expect(page.locator(".dt[data-dt-mounted] .dt-heading")).to_have_count(1)


def html_lang(page: Page) -> str:
    return page.evaluate("document.documentElement.lang")


def question_pattern(language: str) -> re.Pattern[str]:
    """The widget's progress line ("Question {n} sur {m} au plus"), as the language's table writes it."""
    words = re.escape(plain(i18n.group(language, "widget")["question"]))
    return re.compile(words.replace(r"\{n\}", r"(\d+)").replace(r"\{m\}", r"(\d+)"))


def keyboard_answer(page: Page, value: str) -> None:
    """Answer as a keyboard user: Tab to the option, then Enter."""
    option = f'.dt-question .dt-option[data-value="{value}"]'
    for _ in range(40):
        if page.evaluate(f"document.activeElement && document.activeElement.matches('{option}')"):
            break
        page.keyboard.press("Tab")
    else:
        pytest.fail(f"the option {value!r} cannot be reached with the Tab key")
    page.keyboard.press("Enter")


def open_language_menu(page: Page, language: str) -> None:
    """Follow the header's language menu to ``language`` (its button shows the list)."""
    page.locator(".md-header .md-select > button").click()
    link = page.locator(f'.md-header .md-select a[hreflang="{language}"]')
    expect(link).to_be_visible()
    link.click()


# -- 1. the quick check in French, from the home page to a result ---------------------------


@pytest.mark.parametrize("verdict", ["proceed", "escalate", "approval-required"])
def test_the_quick_check_in_french_from_the_home_page_to_a_result(guarded: Page, site_url: str, site_dir: Path,
                                                                  verdict: str) -> None:
    page = guarded
    tree = load_tree(site_dir, TREE)  # the structure (the same in both languages), from the English export
    nodes, path = fr_tree(TREE), longest_to(tree, verdict)
    page.goto(site_url + fr(""))
    assert html_lang(page) == "fr"
    start = i18n.text("fr", "home.start")
    expect(page.locator("body")).not_to_contain_text(i18n.text("en", "home.start"))
    page.get_by_role("link", name=plain(start), exact=True).click()
    expect(page).to_have_url(re.compile(re.escape(site_url + fr(URLS.path(kinds.TREE, TREE))) + "$"))
    wait_for_widget(page)
    assert html_lang(page) == "fr"
    progress = question_pattern("fr")
    for index, (question, value) in enumerate(path):
        expect(page.locator(f'.dt .dt-step[data-dt-node="{question}"]')).to_have_count(1)
        state = shown(page)
        assert plain(state["heading"]) == plain(nodes[question]["text"]), f"question {question}"
        labels = page.locator(".dt-question .dt-option").all_inner_texts()
        assert [plain(t) for t in labels] == [plain(o["label"]) for o in nodes[question]["options"]], question
        assert (match := progress.fullmatch(plain(state["progress"]))), state["progress"]
        assert match.group(1) == str(index + 1)
        assert [plain(a) for a in state["answers"]] == [plain(fr_label(TREE, q, v)) for q, v in path[:index]]
        if index % 2:
            keyboard_answer(page, value)
        else:
            page.locator(".dt-question").get_by_role("button", name=plain(fr_label(TREE, question, value)),
                                                     exact=True).click()
        expect(page.locator(".dt .dt-heading")).to_be_focused()
    outcome = evaluate(tree, path).node
    result = page.locator(".dt .dt-result")
    expect(result).to_have_attribute("data-dt-verdict", verdict)
    expect(result).to_have_attribute("data-dt-node", outcome)
    assert plain(result.locator(".dt-badge strong").inner_text()) == plain(fr_verdicts()[verdict])
    assert plain(result.locator(".dt-heading").inner_text()) == plain(nodes[outcome]["title"])
    assert plain(result.locator(".dt-explanation").inner_text()) == plain(nodes[outcome]["explanation"])
    steps = result.locator(".dt-next > li").all_inner_texts()
    assert [plain(s) for s in steps] == [plain(s) for s in nodes[outcome]["next_steps"]]
    assert [plain(a) for a in shown(page)["answers"]] == [plain(fr_label(TREE, q, v)) for q, v in path]
    # no English word of the widget's, in what it shows or in what it says to assistive technology
    said = " ".join(page.locator(".dt [aria-label]").evaluate_all("els => els.map(e => e.getAttribute('aria-label'))"))
    english = english_shown(page.locator(".dt").inner_text() + " " + said, WIDGET_ENGLISH)
    assert not english, f"English interface words in the French quick check: {english}"


# -- 2. switching language in the middle of a tree --------------------------------------------


def test_switching_language_mid_tree_keeps_the_answers(guarded: Page, site_url: str, site_dir: Path) -> None:
    page = guarded
    tree = load_tree(site_dir, TREE)
    first_two = longest_to(tree, "proceed")[:2]
    third = evaluate(tree, first_two).node
    page.goto(site_url + URLS.path(kinds.TREE, TREE))
    wait_for_widget(page)
    for question, value in first_two:
        label = next(o["label"] for o in tree["nodes"][question]["options"] if o["value"] == value)
        page.locator(".dt-question").get_by_role("button", name=label, exact=True).click()
    expect(page.locator(f'.dt .dt-step[data-dt-node="{third}"]')).to_have_count(1)
    english_address = urlsplit(page.url)
    answers = parse_qs(english_address.query)["answers"]

    open_language_menu(page, "fr")
    expect(page).to_have_url(re.compile(re.escape(site_url + fr(URLS.path(kinds.TREE, TREE))) + r"\?"))
    wait_for_widget(page)
    assert html_lang(page) == "fr"
    assert parse_qs(urlsplit(page.url).query)["answers"] == answers, page.url
    state = shown(page)
    assert (state["kind"], state["node"]) == ("question", third), state
    assert plain(state["heading"]) == plain(fr_tree(TREE)[third]["text"])
    assert [plain(a) for a in state["answers"]] == [plain(fr_label(TREE, q, v)) for q, v in first_two]
    expect(page.locator(".dt .dt-stale")).to_have_count(0)

    open_language_menu(page, "en")
    expect(page).to_have_url(re.compile(re.escape(site_url + URLS.path(kinds.TREE, TREE)) + r"\?"))
    wait_for_widget(page)
    assert html_lang(page) == "en"
    assert parse_qs(urlsplit(page.url).query)["answers"] == answers, page.url
    state = shown(page)
    assert (state["kind"], state["node"]) == ("question", third), state
    assert state["heading"] == tree["nodes"][third]["text"]
    assert state["answers"] == [next(o["label"] for o in tree["nodes"][q]["options"] if o["value"] == v)
                                for q, v in first_two]


def test_a_link_made_on_the_english_tree_opens_the_french_tree_at_the_same_result(guarded: Page, site_url: str,
                                                                                   site_dir: Path) -> None:
    """The English page's link names its tree's content (?t=, the English tree's hash): in French the tree
    is the same edition's, so the French page shows the result, not "another edition"."""
    page = guarded
    tree = load_tree(site_dir, TREE)
    path = longest_to(tree, "escalate")
    page.goto(site_url + URLS.path(kinds.TREE, TREE))
    wait_for_widget(page)
    for question, value in path:
        label = next(o["label"] for o in tree["nodes"][question]["options"] if o["value"] == value)
        page.locator(".dt-question").get_by_role("button", name=label, exact=True).click()
    expect(page.locator(".dt .dt-result")).to_have_count(1)
    link = page.locator(".dt-url").input_value()
    assert "t=" in urlsplit(link).query, f"the English result's link names no tree hash: {link}"
    french = link.replace(site_url, site_url + fr(""), 1)
    page.goto(french)
    wait_for_widget(page)
    result = page.locator(".dt .dt-result")
    expect(result).to_have_count(1)
    expect(result).to_have_attribute("data-dt-node", evaluate(tree, path).node)
    expect(page.locator(".dt .dt-stale")).to_have_count(0)
    expect(page.locator(".dt")).not_to_contain_text(plain(FR_WIDGET["olderTitle"]))


# -- 3. search on the French site -------------------------------------------------------------


def search(page: Page, site_url: str, start: str, query: str) -> tuple[str, list[str]]:
    """Type ``query`` into the search box of the page at ``start``: what the search says (its count
    line) and the pages of the results it lists, within the site ("fr/principles/gp-5/"; without the
    query that highlights the words found, nor the place on the page)."""
    page.goto(site_url + start)  # (the load event: Material's script has set its keys up)
    page.keyboard.press("/")  # Material's shortcut to the search box
    box = page.locator("input.md-search__input")
    expect(box).to_be_focused()
    before = page.locator(".md-search-result__meta").inner_text()
    box.press_sequentially(query, delay=20)
    # Each keystroke is searched in turn: read the list once it has stopped changing.
    seen, steady = None, 0
    for _ in range(80):
        now = page.locator(".md-search-result").inner_html()
        seen, steady = now, (steady + 1 if now == seen else 0)
        if steady >= 4 and page.locator(".md-search-result__meta").inner_text() != before:
            break
        page.wait_for_timeout(250)
    hrefs = page.locator("a.md-search-result__link").evaluate_all("els => els.map(a => a.href)")
    return (page.locator(".md-search-result__meta").inner_text(),
            [urlsplit(href).path.removeprefix(urlsplit(site_url).path) for href in hrefs])


def index_docs(site_dir: Path, language: str) -> list[dict[str, Any]]:
    path = site_dir / (fr("") if language == "fr" else "") / "search" / "search_index.json"
    return json.loads(path.read_text(encoding="utf-8"))["docs"]


def saying(docs: list[dict[str, Any]], word: str) -> set[str]:
    """The pages (without their #places) whose indexed text has ``word`` as a word."""
    found = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.IGNORECASE)
    return {d["location"].split("#")[0] for d in docs if found.search(f"{d['title']} {d['text']}")}


def test_french_search_finds_french_pages_only(guarded: Page, site_url: str, site_dir: Path) -> None:
    page = guarded
    word = "consentement"
    assert saying(index_docs(site_dir, "fr"), word) and not saying(index_docs(site_dir, "en"), word)
    start = fr(URLS.path(kinds.PRINCIPLE, "GP-5"))
    meta, found = search(page, site_url, start, word)
    assert found, f"« {word} » found nothing on the French site ({meta!r})"
    english = [address for address in found if not address.startswith(fr(""))]
    assert not english, f"« {word} » on the French site lists English pages: {english}"
    assert fr(URLS.path(kinds.PRINCIPLE, "GP-5")) in found
    assert html_lang(page) == "fr" and "trouvé" in meta, meta  # Material's words, in French ("documents trouvés")


def test_an_english_only_word_finds_nothing_on_the_french_site(guarded: Page, site_url: str,
                                                               site_dir: Path) -> None:
    page = guarded
    word = "likeness"
    assert saying(index_docs(site_dir, "en"), word) and not saying(index_docs(site_dir, "fr"), word)
    meta, found = search(page, site_url, fr(""), word)
    assert found == [], f"{word!r} found {found} on the French site"
    assert plain(meta) == "Aucun document trouvé", meta  # Material's French for "No matching documents"


@pytest.mark.parametrize(("query", "word"), [("consentements", "consentement"), ("interprètes", "interprète")])
def test_french_search_finds_an_inflected_form(guarded: Page, site_url: str, site_dir: Path, query: str,
                                               word: str) -> None:
    """A plural finds the pages that say the singular (the French site's index is French: its own
    language's stemming). Every page found is French."""
    page = guarded
    docs = index_docs(site_dir, "fr")
    only_singular = saying(docs, word) - saying(docs, query)
    assert only_singular, f"no French page says « {word} » without « {query} »: the check would be blind"
    meta, found = search(page, site_url, fr(""), query)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"search-{query}.png")  # for a person to look at
    pages = {address.removeprefix(fr("")) for address in found}
    assert pages & only_singular, (
        f"« {query} » does not find the pages that say « {word} » ({meta!r}; found {sorted(pages)[:8]}, "
        f"expected some of {sorted(only_singular)[:8]})")
    assert all(address.startswith(fr("")) for address in found), found


# -- 4. a printed French page -----------------------------------------------------------------


PRINTED = {"principle": fr(URLS.path(kinds.PRINCIPLE, "GP-1")), "complete": fr("complete/")}
# English interface words a printed page could show, from en.yml: none may be printed on a French page.
PRINT_ENGLISH = english_only([
    *(i18n.raw("en", key) for key in (
        "cite.label", "cite.clause_label", "cite.copy", "cite.address", "cite.edition", "cite.edition_draft",
        "cite.line_draft", "principle.rule", "principle.ask_yourself", "principle.why", "principle.in_practice",
        "principle.do", "principle.dont", "principle.warning_signs", "basis.reading", "basis.advice",
        "theme.print_pages", "theme.print_edition", "theme.state.draft", "theme.about_text", "status.unofficial",
        "complete.about", "complete.introduction", "complete.contents", "scope.title", "contact.title",
        "related.title", "related.examples", "related.questions", "edition_line.publisher",
        "edition_line.restates", "glossary.title")),
    CTX.status.label or "",
])
_printouts: dict[str, Any] = {}


def printed(page: Page, site_url: str, name: str) -> tuple[Any, list[tuple[str, str]], list[str]]:
    """The page printed once per session: (printout, each sheet's margins, each sheet's lines as laid out)."""
    if name not in _printouts:
        pdf = PDFS / f"{name}.pdf"
        out = print_page(page, site_url + PRINTED[name], pdf)
        _printouts[name] = (out, margins(pdf), pdf_text(pdf).split("\f")[:-1])
    return _printouts[name]


def page_number(language: str) -> re.Pattern[str]:
    """'Page N of M' as the language's print margins say it (theme.print_pages)."""
    words = re.escape(i18n.raw(language, "theme.print_pages"))
    return re.compile(words.replace(r"\{page\}", r"(\d+)").replace(r"\{pages\}", r"(\d+)"))


@pytest.mark.parametrize("name", PRINTED)
def test_every_printed_french_sheet_has_french_margins(guarded: Page, site_url: str, name: str) -> None:
    out, sheets, laid_out = printed(guarded, site_url, name)
    assert len(sheets) == len(out.pages) >= 1
    numbering = page_number("fr")
    edition = i18n.text("fr", "theme.print_edition", title=FR_CTX.guideline["short_title"], edition=FR_CTX.edition)
    expected = [edition, *([FR_CTX.status.label] if FR_CTX.status.label else [])]
    if not FR_CTX.published:
        expected.append(i18n.text("fr", "theme.state.draft"))
    address = FR_CTX.site_url + PRINTED[name].removeprefix(fr(""))
    for number, ((top, bottom), lines) in enumerate(zip(sheets, laid_out, strict=True), start=1):
        found = numbering.search(bottom)
        assert found and found.groups() == (str(number), str(len(sheets))), \
            f"sheet {number}: no « {i18n.raw('fr', 'theme.print_pages')} » in its bottom margin: {bottom!r}"
        assert any(numbering.search(" ".join(line.split())) for line in lines.splitlines()), \
            f"sheet {number}: the page number is cut over two lines"
        rest = squash(numbering.sub("", bottom))  # (pdftotext may read the number between two lines of the rest)
        missing = [text for text in expected if squash(text) not in rest]
        assert not missing, f"sheet {number}: not in the bottom margin {bottom!r}: {missing}"
        assert top == address, f"sheet {number}: the top margin is {top!r}, not the French page's address"
        english = english_shown(f"{top} {bottom}", PRINT_ENGLISH)
        assert not english and not page_number("en").search(bottom), f"sheet {number}: English in {bottom!r}"


@pytest.mark.parametrize("name", PRINTED)
def test_a_printed_french_page_is_in_french(guarded: Page, site_url: str, name: str) -> None:
    out, _sheets, laid_out = printed(guarded, site_url, name)
    text = out.text()
    principle = source("guiding-principles/GP-1.yml")
    wanted = {"GP-1's title": principle["title"], "GP-1's rule": principle["rule"]}
    if FR_CTX.status.notice:
        wanted["the status notice"] = " ".join(re.sub(r"[*`]", "", FR_CTX.status.notice).split()[:12])
    if name == "principle":
        wanted["the cite label"] = i18n.text("fr", "cite.label")
    if name == "complete":
        wanted |= {key: i18n.text("fr", key) for key in ("complete.about", "scope.title", "contact.title")}
    missing = [what for what, words in wanted.items() if squash(plain(words)) not in squash(plain(text))]
    assert not missing, f"not printed: {missing}"
    if FR_CTX.status.notice:
        assert squash(plain(wanted["the status notice"])) in squash(plain(out.pages[0].text())), \
            "the French status notice is not on the first sheet"
    english = english_shown("\n".join(laid_out), PRINT_ENGLISH)
    assert not english, f"English interface words printed on the French page: {english}"


# -- 5. accessible, self-contained, and nothing missing ---------------------------------------


def _search_open(page: Page) -> None:
    page.keyboard.press("/")
    page.locator("input.md-search__input").press_sequentially("consentement", delay=20)
    page.locator(".md-search-result__item").first.wait_for(timeout=15_000)


def _tree_at(answers: Callable[[dict[str, Any]], list[tuple[str, str]]]) -> Callable[[Page, Path], str]:
    def address(page: Page, site_dir: Path) -> str:
        tree = load_tree(site_dir, TREE)
        return "?answers=" + "~".join(f"{q}.{v}" for q, v in answers(tree))
    return address


EXAMPLE = CTX.items(kinds.EXAMPLE)[0].id
SECTION = CTX.items(kinds.SECTION)[0].id
FRENCH_PAGES: dict[str, tuple[str, Any, Any]] = {
    # name: (path on the French site, the query to open it with, what to do once it is open)
    "home": ("", None, None),
    "principle": (URLS.path(kinds.PRINCIPLE, "GP-4"), None, None),
    "section": (URLS.path(kinds.SECTION, SECTION), None, None),
    "example": (URLS.path(kinds.EXAMPLE, EXAMPLE), None, None),
    "tree-mid-walk": (URLS.path(kinds.TREE, TREE), _tree_at(lambda t: longest_to(t, "proceed")[:3]), None),
    "tree-result": (URLS.path(kinds.TREE, TREE), _tree_at(lambda t: longest_to(t, "proceed")), None),
    "glossary": ("glossary/", None, None),
    "changelog": ("changelog/", None, None),
    "editions": ("editions/", None, None),
    "search-open": ("", None, _search_open),
    "not-found": ("404.html", None, None),
}


def open_french(page: Page, site_url: str, site_dir: Path, name: str, *, every_request: bool = False) -> str:
    """Open a page of FRENCH_PAGES; ``every_request``: wait until the network is idle (all the page asks for)."""
    path, query, then = FRENCH_PAGES[name]
    address = site_url + fr(path) + (query(page, site_dir) if query else "")
    page.goto(address, wait_until="networkidle" if every_request else "load")
    settle(page)
    if path.startswith(f"{kinds.TREE.pages}/"):
        wait_for_widget(page)
        expect(page.locator(".dt .dt-step, .dt .dt-result")).to_have_count(1)
    if then:
        then(page)
    return address


@pytest.mark.parametrize("name", FRENCH_PAGES)
def test_a_french_page_is_accessible_and_self_contained(guarded: Page, site_url: str, site_dir: Path, axe: Any,
                                                        name: str) -> None:
    """guarded: no request to another host, no console error, no policy violation; axe: WCAG 2.1 A/AA."""
    page = guarded
    open_french(page, site_url, site_dir, name)
    assert html_lang(page) == "fr"
    violations = axe(page)
    if violations:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SHOTS / f"axe-{name}.png", full_page=True)
    assert violations == [], f"/{fr(FRENCH_PAGES[name][0])}:\n{describe_violations(violations)}"


def test_no_french_page_asks_for_an_address_that_does_not_exist(page: Page, site_url: str, site_dir: Path) -> None:
    """Each request a French page makes as it loads is answered (no 404: each one is also a console
    error, and a wasted request on a partner's network)."""
    failed: list[str] = []
    page.on("response", lambda response: failed.append(f"{response.status} {response.url}")
            if response.status >= 400 else None)
    report = []
    for name in FRENCH_PAGES:
        if name == "not-found":
            continue  # (its own address answers 404, as it should)
        failed.clear()
        address = open_french(page, site_url, site_dir, name, every_request=True)
        if failed:
            report.append(f"{address.removeprefix(site_url)}: " + ", ".join(sorted(set(failed))))
    assert not report, "requests that failed:\n  " + "\n  ".join(report)


# -- 6. each page names the other language's --------------------------------------------------


def _alternates(html: str) -> dict[str, str]:
    return {m.group(2): m.group(1) for m in re.finditer(
        r'<link rel="alternate" href="([^"]*)" hreflang="([^"]*)">', html)}


def test_every_french_page_names_its_english_page_and_back(site_dir: Path) -> None:
    """In the head of each page, as search engines read it: the French page names its English page and
    itself; that English page names the French one (the site's own path: it is served at its root)."""
    base = urlsplit(CTX.site_url).path
    french = sorted((site_dir / "fr").rglob("index.html"))
    assert len(french) > 20
    wrong = []
    for page in french:
        path = page.parent.relative_to(site_dir / "fr").as_posix()
        path = "" if path == "." else path + "/"
        english = site_dir / path / "index.html"
        if not english.is_file():
            wrong.append(f"/fr/{path}: no English page at /{path}")
            continue
        if 'http-equiv="refresh"' in page.read_text(encoding="utf-8"):  # (an edition URL that leads on: noindex)
            continue
        ours, theirs = _alternates(page.read_text(encoding="utf-8")), _alternates(english.read_text(encoding="utf-8"))
        want = {"en": f"{base}{path}", "fr": f"{base}fr/{path}"}
        if ours != want:
            wrong.append(f"/fr/{path}: names {ours}, not {want}")
        if theirs != want:
            wrong.append(f"/{path}: names {theirs}, not {want}")
    assert not wrong, "\n".join(wrong)


def _menu(html: str) -> dict[str, str]:
    return {m.group(2): m.group(1) for m in re.finditer(r'<a href="([^"]*)" hreflang="([^"]*)" class="md-select__link"',
                                                         html)}


def test_an_english_page_with_no_french_page_names_none_and_its_menu_leads_above_it(site_dir: Path) -> None:
    """An earlier edition published in English only: its pages name no French page in their head (hreflang says
    "this page in French"), and the language menu leads to the nearest French page above it (the French list of
    editions, which says the edition is in English only)."""
    base = urlsplit(CTX.site_url).path
    checked, wrong = 0, []
    for page in sorted(site_dir.rglob("index.html")):
        path = page.parent.relative_to(site_dir).as_posix()
        path = "" if path == "." else path + "/"
        if path.startswith("fr/") or (site_dir / "fr" / path / "index.html").is_file():
            continue
        html = page.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in html:
            continue
        checked += 1
        above = path
        while above and not (site_dir / "fr" / above / "index.html").is_file():
            above = above.rstrip("/").rpartition("/")[0] + "/" if "/" in above.rstrip("/") else ""
        if "fr" in _alternates(html):
            wrong.append(f"/{path}: its head names {_alternates(html)['fr']} as its French page")
        if _menu(html).get("fr") != f"{base}fr/{above}":
            wrong.append(f"/{path}: the menu leads to {_menu(html).get('fr')}, not {base}fr/{above}")
    assert checked > 20 and not wrong, "\n".join(wrong[:20])


def test_the_menu_of_the_page_for_a_missing_address_leads_home_without_the_address_s_query(page: Page,
                                                                                           site_url: str) -> None:
    """The 404 page is no page's counterpart: the menu leads to the other language's home page, and the query and
    fragment of the address that does not exist stay behind. (Not guarded: the 404 itself is a console error.)"""
    page.goto(site_url + "fr/no-such-page/?answers=no#x")
    open_language_menu(page, "en")
    expect(page).to_have_url(site_url)


def test_the_menu_of_an_english_only_editions_tree_leaves_the_answers_behind(guarded: Page, site_url: str,
                                                                              site_dir: Path) -> None:
    """The nearest French page is the list of editions: the answers mean nothing there."""
    page = guarded
    archived = sorted((site_dir / "editions").glob("*/trees/quick-check/index.html"))
    english_only = [path for path in archived if not (site_dir / "fr" / path.relative_to(site_dir)).is_file()
                    and 'http-equiv="refresh"' not in path.read_text(encoding="utf-8")]
    assert english_only, "no English-only edition in the shipped site"
    address = english_only[0].parent.relative_to(site_dir).as_posix() + "/"
    page.goto(site_url + address + "?answers=no")
    wait_for_widget(page)
    open_language_menu(page, "fr")
    expect(page).to_have_url(site_url + "fr/editions/")


SAMPLE = ["", URLS.path(kinds.PRINCIPLE, "GP-4"), URLS.path(kinds.EXAMPLE, EXAMPLE), URLS.path(kinds.TREE, TREE),
          "glossary/", "complete/"]


def test_in_the_browser_each_page_links_the_other_languages(guarded: Page, site_url: str) -> None:
    page = guarded
    for path in SAMPLE:
        for here, other, there in (("fr", "en", path), ("en", "fr", fr(path))):
            page.goto(site_url + (fr(path) if here == "fr" else path))
            alternate = page.locator(f'head link[rel="alternate"][hreflang="{other}"]')
            expect(alternate).to_have_count(1)
            assert alternate.evaluate("l => l.href") == site_url + there, f"/{path} in {here}"
            menu = page.locator(f'.md-header .md-select a[hreflang="{other}"]')
            assert menu.evaluate("a => a.href") == site_url + there, f"/{path} in {here}: the header's menu"


def test_the_header_of_a_french_principle_leads_to_the_english_one(guarded: Page, site_url: str) -> None:
    page = guarded
    path = URLS.path(kinds.PRINCIPLE, "GP-4")
    page.goto(site_url + fr(path))
    assert html_lang(page) == "fr"
    open_language_menu(page, "en")
    expect(page).to_have_url(site_url + path)
    assert html_lang(page) == "en"
    expect(page.locator("h1")).to_contain_text("GP-4")


def test_after_instant_navigation_the_menu_leads_to_the_page_now_shown(guarded: Page, instant: str,
                                                                       site_dir: Path) -> None:
    """In production a link to another page of the site swaps the page in place (Material's instant navigation)
    and keeps the header: its language menu must follow the page now shown, answers and all."""
    page = guarded
    tree = load_tree(site_dir, TREE)
    question, value = longest_to(tree, "proceed")[0]
    page.goto(instant)
    settle(page)
    page.evaluate("window.__glSamePage = true")  # gone if the next page is loaded whole
    page.get_by_role("link", name=i18n.text("en", "home.start"), exact=True).click()
    expect(page).to_have_url(instant + URLS.path(kinds.TREE, TREE))
    wait_for_widget(page)
    assert page.evaluate("window.__glSamePage === true"), "the link loaded a whole page: no instant navigation here"
    label = next(o["label"] for o in tree["nodes"][question]["options"] if o["value"] == value)
    page.locator(".dt-question").get_by_role("button", name=label, exact=True).click()
    answers = parse_qs(urlsplit(page.url).query)["answers"]

    menu = page.locator('.md-header .md-select a[hreflang="fr"]')
    assert urlsplit(menu.evaluate("a => a.href")).path == "/" + fr(URLS.path(kinds.TREE, TREE))
    open_language_menu(page, "fr")
    expect(page).to_have_url(re.compile(re.escape(instant + fr(URLS.path(kinds.TREE, TREE))) + r"\?"))
    assert parse_qs(urlsplit(page.url).query)["answers"] == answers, page.url
    wait_for_widget(page)
    assert html_lang(page) == "fr"


def test_the_menu_link_opened_in_a_new_tab_carries_the_answers_but_not_the_search_words(guarded: Page, site_url: str,
                                                                                      site_dir: Path) -> None:
    """A middle click, a copied link: the menu's link itself is brought up to date before it is used. The
    search's highlight (?h=, words in this language) stays behind."""
    page = guarded
    tree = load_tree(site_dir, TREE)
    question, value = longest_to(tree, "proceed")[0]
    page.goto(site_url + URLS.path(kinds.TREE, TREE) + "?h=consent")
    wait_for_widget(page)
    label = next(o["label"] for o in tree["nodes"][question]["options"] if o["value"] == value)
    page.locator(".dt-question").get_by_role("button", name=label, exact=True).click()
    answers = parse_qs(urlsplit(page.url).query)["answers"]
    menu = page.locator('.md-header .md-select a[hreflang="fr"]')
    menu.focus()  # (as the keyboard reaches it, before a copy or a new tab)
    carried = urlsplit(menu.evaluate("a => a.href"))
    assert carried.path == "/" + fr(URLS.path(kinds.TREE, TREE)), carried
    assert parse_qs(carried.query).get("answers") == answers and "h" not in parse_qs(carried.query), carried
    open_language_menu(page, "fr")
    assert "h" not in parse_qs(urlsplit(page.url).query) and \
        parse_qs(urlsplit(page.url).query)["answers"] == answers, page.url
