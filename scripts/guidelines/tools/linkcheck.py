"""Check the built site's internal links and anchors, raw-HTML ones included.

MkDocs' strict validation sees only the links written in Markdown. Templates, the
theme and raw HTML in pages (citation blocks, the tree outline and diagram, the
theme's own head and navigation) write links it never checks, and an anchor that
a template spells differently from the heading breaks silently. This reads the
built HTML the way a browser does: every internal ``href``/``src`` (and ``srcset``,
``xlink:href``, meta refresh) must resolve to a file of the site, and every
``#fragment`` to an ``id`` on the target page. Links to the site's own address
(``site_url``, read from the home page's canonical link) count as internal, so
permalinks in citations are checked too. Other external links are counted, never
fetched: the check runs offline. Script-capable URLs (``javascript:``,
``vbscript:``, ``data:`` outside images) are reported wherever they appear.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

_ORIGIN = "http://site.invalid"  # stands for the site while resolving relative URLs
_URL_ATTRIBUTES = {"href", "src", "xlink:href", "poster", "action", "formaction", "data", "background"}
_EXTERNAL_SCHEMES = ("http:", "https:", "mailto:", "tel:", "ftp:", "blob:")
_UNSAFE_SCHEMES = ("javascript:", "vbscript:", "data:")


@dataclass(frozen=True, order=True)
class LinkProblem:
    """A broken link or anchor: the page and position of the tag, and what is wrong."""

    page: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.page}:{self.line}:{self.column}: {self.message}"


@dataclass(frozen=True)
class _Link:
    url: str
    line: int
    column: int
    tag: str
    attribute: str


@dataclass
class _Page:
    ids: dict[str, int] = field(default_factory=dict)
    duplicates: list[tuple[str, int, int, int]] = field(default_factory=list)
    links: list[_Link] = field(default_factory=list)
    canonical: str | None = None


class _Collector(HTMLParser):
    """Collects the ids and URL-valued attributes of one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = _Page()
        self.rcdata: str | None = None  # in <title> and <textarea>, '<a href>' is text, as in a browser
        self.foreign = 0  # depth inside <svg> or <math>

    def _add_id(self, value: str) -> None:
        line, column = self.getpos()
        if value in self.page.ids:
            self.page.duplicates.append((value, self.page.ids[value], line, column + 1))
        else:
            self.page.ids[value] = line

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.rcdata:
            return
        if tag in ("svg", "math"):
            self.foreign += 1
        elif tag in ("title", "textarea") and not self.foreign:  # an SVG <title> holds markup
            self.rcdata = tag
        line, column = self.getpos()
        values = {name: value for name, value in attrs if value is not None}
        if "id" in values:
            self._add_id(values["id"])
        if tag == "a" and "name" in values and values.get("id") != values["name"]:
            self._add_id(values["name"])
        if tag == "link" and values.get("rel") == "canonical" and "href" in values:
            self.page.canonical = values["href"]
        for name, value in values.items():
            if name in _URL_ATTRIBUTES and (name != "data" or tag == "object"):
                self.page.links.append(_Link(value.strip(), line, column + 1, tag, name))
            elif name in ("srcset", "imagesrcset"):
                for candidate in value.split(","):
                    url = candidate.strip().split(" ")[0]
                    if url:
                        self.page.links.append(_Link(url, line, column + 1, tag, name))
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            _, _, target = values.get("content", "").partition("=")
            if target.strip():
                self.page.links.append(_Link(target.strip().strip("'\""), line, column + 1, tag, "content"))

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        if tag == self.rcdata:
            self.rcdata = None
        elif tag in ("svg", "math") and self.foreign and not self.rcdata:
            self.foreign -= 1


def _parse(path: Path) -> _Page:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8", errors="replace"))
    collector.close()
    return collector.page


@dataclass
class LinkReport:
    """What the check found: problems, and how much it looked at."""

    problems: list[LinkProblem] = field(default_factory=list)
    pages: int = 0
    internal: int = 0
    external: set[str] = field(default_factory=set)

    def summary(self) -> str:
        noun = "problem" if len(self.problems) == 1 else "problems"
        return (f"{len(self.problems)} {noun} in {self.pages} pages: {self.internal} internal links checked, "
                f"{len(self.external)} external addresses not fetched.")


class _Site:
    """The built site: its pages (parsed on demand) and how its URLs map to files."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.pages: dict[str, _Page] = {}
        home = self.root / "index.html"
        canonical = self.page("index.html").canonical if home.is_file() else None
        self.site_url = canonical if canonical and canonical.startswith(("http://", "https://")) else None
        self.prefix = urlsplit(self.site_url).path if self.site_url else "/"
        if not self.prefix.endswith("/"):
            self.prefix += "/"

    def page(self, relpath: str) -> _Page:
        if relpath not in self.pages:
            self.pages[relpath] = _parse(self.root / relpath)
        return self.pages[relpath]

    def resolve(self, page: str, url: str) -> tuple[str | None, str, str]:
        """(file relative to the site or None if external, fragment, problem) for a link."""
        if self.site_url and url.startswith(self.site_url):
            url = self.prefix + url[len(self.site_url):]
        absolute = urljoin(_ORIGIN + self.prefix + page, url)
        parts = urlsplit(absolute)
        if f"{parts.scheme}://{parts.netloc}" != _ORIGIN:
            return None, "", ""
        path = unquote(parts.path)
        if not path.startswith(self.prefix):
            return "", "", f"points outside the site ({path})"
        relpath = posixpath.normpath(path[len(self.prefix):]) if path != self.prefix else ""
        relpath = "" if relpath == "." else relpath
        if relpath.startswith("../"):
            return "", "", f"points outside the site ({path})"
        target = self.root / relpath
        if path.endswith("/") or relpath == "" or target.is_dir():
            relpath = posixpath.join(relpath, "index.html") if relpath else "index.html"
            target = self.root / relpath
        if not target.is_file():
            return "", "", f"no such file in the site: {relpath}"
        return relpath, unquote(parts.fragment), ""


def _html_pages(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.html") if p.is_file())


def check_site(site_dir: Path, pages: Iterable[str] | None = None) -> LinkReport:
    """Check every link of every HTML page under ``site_dir`` (or of ``pages`` only)."""
    site = _Site(site_dir)
    report = LinkReport()
    for relpath in pages if pages is not None else _html_pages(site.root):
        report.pages += 1
        page = site.page(relpath)
        for value, first, line, column in page.duplicates:
            report.problems.append(LinkProblem(relpath, line, column,
                                               f"duplicate id '{value}' (first on line {first})"))
        for link in page.links:
            report.problems.extend(_check_link(site, relpath, link, report))
    report.problems.sort()
    return report


def _check_link(site: _Site, relpath: str, link: _Link, report: LinkReport) -> list[LinkProblem]:
    where = (relpath, link.line, link.column)
    shown = link.url if len(link.url) <= 80 else link.url[:77] + "..."
    lowered = "".join(link.url.split()).lower()
    if lowered.startswith("data:image/") and link.tag in ("img", "source"):
        return []  # inline image data: nothing to resolve
    if lowered.startswith(_UNSAFE_SCHEMES):
        return [LinkProblem(*where, f"<{link.tag} {link.attribute}> uses a script-capable address: '{shown}'")]
    if (lowered.startswith(_EXTERNAL_SCHEMES) and not (site.site_url and link.url.startswith(site.site_url))) \
            or link.url.startswith("//"):
        report.external.add(link.url)
        return []
    if not link.url or link.url == "#":
        return []
    target, fragment, problem = site.resolve(relpath, link.url)
    if target is None:
        report.external.add(link.url)
        return []
    report.internal += 1
    if problem:
        return [LinkProblem(*where, f"broken link <{link.tag} {link.attribute}='{shown}'>: {problem}")]
    if fragment and target.endswith(".html") and fragment not in site.page(target).ids:
        on = "this page" if target == relpath else target
        return [LinkProblem(*where, f"broken anchor <{link.tag} {link.attribute}='{shown}'>: "
                                    f"no id '{fragment}' on {on}")]
    return []
