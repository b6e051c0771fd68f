"""Plans the website: which pages exist, at which path, from which template, with what context.

Pure: the archive in, a list of :class:`Page` out. Paths are site-relative and
every link a page makes is relative to it (``root`` is the way back to the site
root), so ``build/site`` works under any sub-path and from ``file://``.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from ybbulletin.model import Publication
from ybbulletin.plan import build_views, print_order
from ybbulletin.views import ArticleView, CaseView, Download, IssueView, Page

# View types and the planner's functions, importable from here as before.
__all__ = [
    "ArticleView",
    "CaseView",
    "Download",
    "IssueView",
    "Page",
    "build_views",
    "plan_site",
    "print_order",
]


def plan_site(publication: Publication, issues: list[IssueView]) -> list[Page]:
    """Every HTML page of the site with its template and context (``issues`` chronological)."""
    newest_first = list(reversed(issues))
    regular_first = sorted(newest_first, key=lambda v: v.archive_issue.issue.kind != "regular")
    latest = regular_first[0] if regular_first else None
    common: dict[str, Any] = {
        "publication": publication,
        "section_items": list(publication.sections.items()),
    }
    pages = [
        Page(
            "index.html",
            "index.html",
            {**common, "latest": latest, "recent": newest_first[: publication.site.recent]},
        ),
        Page("archive/index.html", "archive.html", {**common, "years": _by_year(newest_first)}),
    ]
    for issue in issues:
        pages.append(Page(issue.path, "issue.html", {**common, "issue": issue}))
        for article in issue.articles:
            pages.append(Page(article.path, "article.html", {**common, "article": article}))
    for key, label in publication.sections.items():
        articles = [a for issue in newest_first for a in issue.articles if a.section_key == key]
        pages.append(
            Page(
                f"sections/{key}/index.html",
                "section.html",
                {**common, "section_key": key, "section_label": label, "articles": articles},
            )
        )
    pages.append(Page("cases/index.html", "cases.html", {**common, "issues": issues}))
    pages.append(Page("search/index.html", "search.html", common))
    pages.append(
        Page("sitemap/index.html", "sitemap.html", {**common, "years": _by_year(newest_first)})
    )
    return pages


def _by_year(issues: list[IssueView]) -> list[tuple[int, list[IssueView]]]:
    years: dict[int, list[IssueView]] = defaultdict(list)
    for issue in issues:
        years[issue.year].append(issue)
    return sorted(years.items(), reverse=True)
