"""What the site's whole-archive pages show of the issues: their keys' inputs.

A page made from every issue (往期, each 栏目, 案例库, 网站地图) is otherwise keyed by
every issue's whole view (``keys.py``), so an edit anywhere renders it again though
its bytes stay the same. Here each such page is keyed by exactly what its template
reads of the views: of an issue its path, label (so its number line), mark, date and
theme (往期; the 网站地图 page: path and label); of an article its path and title and
its issue's path, label and date (栏目); the case register's rows (案例库: all it shows
is made from them, ``register.register_digest``). The rest of the context (publication,
栏目 list) enters as it is. Each is hashed here, once per page.

Only the package's own templates are known to show no more than that
(``tests/unit/test_shown_keys.py`` reads them): a project with templates of its own
for the site (``templates/site/``, its assets aside) may show anything of a view, so there every
page keeps the key of its whole context. The site files made by Python code
(sitemap.xml, the register's CSV and XLSX) say what they show in ``SITE_FILES``
(``SiteFile.shows``) and are keyed by that in every project.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from ybbulletin.build.keys import ViewKeys, plain_hash
from ybbulletin.render.register import register_digest
from ybbulletin.views import ArticleView, IssueView, Page

__all__ = ["SHOWN", "issue_shown", "own_site_templates", "own_templates", "shown"]


def issue_shown(issue: IssueView) -> list[object]:
    """What a list of issues shows of one: path, label (number line), mark, date, theme."""
    return [issue.path, issue.label, issue.mark, issue.date.isoformat(), issue.theme]


def _years(years: list[tuple[int, list[IssueView]]], _keys: ViewKeys) -> str:
    return plain_hash([[year, [issue_shown(issue) for issue in issues]] for year, issues in years])


def _links(years: list[tuple[int, list[IssueView]]], _keys: ViewKeys) -> str:
    return plain_hash([[year, [[i.path, i.label] for i in issues]] for year, issues in years])


def _articles(articles: list[ArticleView], _keys: ViewKeys) -> str:
    return plain_hash(
        [[a.path, a.title, a.issue.path, a.issue.label, a.issue.date.isoformat()] for a in articles]
    )


def _register(issues: list[IssueView], keys: ViewKeys) -> str:
    return register_digest(issues, keys.per_issue)  # each issue's rows' hash kept


#: template -> (the context entry it narrows, a hash of what the template shows of it,
#: given the entry and the build's keys)
SHOWN: dict[str, tuple[str, Callable[[Any, ViewKeys], str]]] = {
    "archive.html": ("years", _years),
    "sitemap.html": ("years", _links),
    "section.html": ("articles", _articles),
    "cases.html": ("issues", _register),
}


def shown(page: Page, keys: ViewKeys) -> object:
    """The page as its key sees it: its context with the entry its template lists
    replaced by a hash of what the template shows of it (the page itself if nothing
    narrows); ``keys`` hashes an entry once per planning pass."""
    found = SHOWN.get(page.template)
    if found is None:
        return page
    name, narrow = found
    entry = page.context[name]
    context = {k: v for k, v in page.context.items() if k != name}
    hashed = keys.once(entry, f"shown {page.template}", lambda: narrow(entry, keys))
    return ["shown", page.path, page.template, context, [name, hashed]]


def own_site_templates(root: Path) -> bool:
    """Whether the project has site templates of its own, any file in ``templates/site``
    but its assets (then no page's key is narrowed)."""
    folder = root / "templates" / "site"
    if not folder.is_dir():
        return False
    assets = folder / "assets"
    return any(path.is_file() and assets not in path.parents for path in folder.rglob("*"))


#: Files of a project's templates folder that no template can show a view through.
_NOT_TEMPLATES = frozenset(
    {".css", ".js", ".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico", ".docx"}
    | {".woff", ".woff2", ".ttf", ".otf"}
)


def own_templates(root: Path) -> bool:
    """Whether the project has templates of its own in any format (then a neighbour's
    key is not cut to its ref(): :class:`~ybbulletin.build.keys.ViewKeys`' ``whole``)."""
    folder = root / "templates"
    if not folder.is_dir():
        return False
    return any(
        path.is_file() and path.suffix.lower() not in _NOT_TEMPLATES for path in folder.rglob("*")
    )
