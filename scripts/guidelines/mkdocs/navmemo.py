"""The sidebar's navigation, rendered once per folder for the pages that are not in it.

Material renders the whole navigation into every page. Most of the site's pages are outside
it (item pages, earlier editions' pages: the hook keeps them out of the sidebar), and for
those the navigation has no current entry. What still differs from page to page is its
links, written relative to the page: the same for every page whose own folder sits in the
same parent folder (examples/ex-1/ and examples/ex-2/ both reach principles/ as
../../principles/), as long as no entry of the navigation lies inside the page's own folder.
So such pages share one rendering: one for examples/*, one for editions/2025.3/principles/*,
and so on, instead of one a page, about 0.5 ms each (the theme's template,
docs/overrides/main.html, asks ``key`` and ``keep``). Any other page is rendered as Material
renders it.

One memo per MkDocs run (the hook makes it in ``on_config``): each language's site has its
own navigation, and the preview starts each rebuild with a new one.
"""

from __future__ import annotations

from typing import Any


class NavMemo:
    """The navigation's HTML for pages outside it, by the parent of the page's folder."""

    def __init__(self) -> None:
        self._html: dict[str, str] = {}

    def key(self, page: Any, nav: Any) -> str | None:
        """The parent folder of the page's own, when the page's navigation is that of every page whose folder is
        in it; else None (rendered for this page)."""
        file, url = getattr(page, "file", None), getattr(page, "url", None)
        if file is None or not isinstance(url, str) or not url.endswith("/") or url.count("/") < 2 \
                or file.inclusion.is_in_nav() or getattr(page, "parent", None) is not None:
            return None
        if any(entry.url.startswith(url) for entry in getattr(nav, "pages", ())):
            return None
        return url[:url.rindex("/", 0, len(url) - 1) + 1]

    def get(self, key: str | None) -> str | None:
        """The HTML kept for ``key``, if any."""
        return None if key is None else self._html.get(key)

    def keep(self, key: str | None, html: str) -> str:
        """Keep ``html`` for ``key`` (nothing for None); returns it, for the template to write."""
        if key is not None:
            self._html.setdefault(key, html)
        return html
