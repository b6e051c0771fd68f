"""The keys of the site's pages, those of one issue made together and kept per issue.

An issue's own pages (its issue page and its articles' pages: a page whose context
holds one issue or article view besides what every page shares) are keyed by their
whole context (``keys.py``). What that key is made from is the view's primed key
(``ViewKeys.prime``: everything the issue's views are made from) plus the page's path,
template and the rest of its context, so the keys of an issue's pages are kept between
builds under those (``ViewKeys.per_issue``): an edit of one issue hashes that issue's
pages, not the thousands of pages of the whole site. Every other page is keyed alone,
as before. Same keys either way: a kept list is the list made then.
"""

from __future__ import annotations

from collections.abc import Sequence

from ybbulletin.build.keys import ViewKeys, plain_hash
from ybbulletin.build.shown import SHOWN, shown
from ybbulletin.views import ArticleView, IssueView, Page

__all__ = ["PageKeys"]

# Bump when what the kept keys are made from changes meaning.
_KEPT = "issue pages 1"


class PageKeys:
    """Each page's key (made when first asked), an issue's own pages' together."""

    def __init__(
        self, keys: ViewKeys, name: str, code: str, narrow: bool, pages: Sequence[Page]
    ) -> None:
        self._keys = keys
        self._name = name
        self._code = code
        self._narrow = narrow
        self._issue: dict[int, tuple[Page, IssueView, int]] = {}  # id(page): page, view, place
        self._pages: dict[int, list[Page]] = {}  # id(view): its own pages, in plan order
        self._made: dict[int, list[str]] = {}  # id(view): its pages' keys
        self._seen: dict[int, tuple[object, object]] = {}  # id(value): value, its data
        for page in pages:
            view = _own_view(page)
            if view is not None:
                own = self._pages.setdefault(id(view), [])
                self._issue[id(page)] = (page, view, len(own))
                own.append(page)

    def key(self, page: Page) -> str:
        """The page's key: what ``_one`` gives, kept with its issue's where it is one of them."""
        found = self._issue.get(id(page))
        if found is None or found[0] is not page:
            return self._one(page)
        _page, view, place = found
        made = self._made.get(id(view))
        if made is None:
            made = self._made[id(view)] = self._of_issue(view)
        return made[place]

    def _one(self, page: Page) -> str:
        """A page's key: its whole context, or what its template shows of it (``narrow``)."""
        keys = self._keys
        return keys.of(self._name, self._code, shown(page, keys) if self._narrow else page)

    def _of_issue(self, view: IssueView) -> list[str]:
        pages = self._pages[id(view)]
        data = self._data
        # what the pages' keys are made from but the views the primed key stands for
        rest = [
            [page.path, page.template, [[k, data(v)] for k, v in page.context.items() if k != own]]
            for page in pages
            for own in [_view_entry(page)]
        ]
        name = plain_hash(_KEPT, self._name, self._code, self._narrow, rest)
        return self._keys.per_issue(
            view, name, len(pages), lambda: [self._one(page) for page in pages]
        )

    def _data(self, value: object) -> object:
        """``ViewKeys.data`` of a context's value, looked up once per value (the values
        every page shares: the settings, the 栏目 list)."""
        found = self._seen.get(id(value))
        if found is None:
            found = self._seen[id(value)] = (value, self._keys.data(value))
        return found[1]


def _view_entry(page: Page) -> str | None:
    """The name of the page's one entry that is an issue or article view (None if none,
    or several)."""
    found = [k for k, v in page.context.items() if isinstance(v, IssueView | ArticleView)]
    return found[0] if len(found) == 1 else None


def _own_view(page: Page) -> IssueView | None:
    """The issue whose own page this is: its context's one issue or article view (the
    pages that list issues, ``SHOWN``, are keyed alone)."""
    if page.template in SHOWN:
        return None
    name = _view_entry(page)
    if name is None:
        return None
    value = page.context[name]
    return value.issue if isinstance(value, ArticleView) else value
