"""Stage 6, plan: the archive -> issue and article views, in print order, with neighbours.

What every output renders from (see :mod:`ybbulletin.views`); the website's pages
are planned from these views by :mod:`ybbulletin.site`.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Mapping

from ybbulletin.loaded import Texts
from ybbulletin.located import KeyPath
from ybbulletin.model import ENTRY_KINDS, ArchiveIssue, CaseNotice
from ybbulletin.numbering import chinese_numeral
from ybbulletin.project import Archive
from ybbulletin.signoff import review
from ybbulletin.views import ArticleView, CaseView, Download, IssueView

__all__ = ["build_views", "print_order"]


def print_order(archive_issue: ArchiveIssue, sections: Mapping[str, str]) -> list[int]:
    """Indexes of the issue's entries in the order they are printed."""
    entries = archive_issue.issue.entries
    indexes = list(range(len(entries)))
    if archive_issue.issue.order == "as_written":
        return indexes
    rank = {key: position for position, key in enumerate(sections)}
    return sorted(indexes, key=lambda i: (rank.get(entries[i].section_key, len(rank)), i))


def build_views(
    archive: Archive, downloads: Mapping[str, list[Download]] | None = None
) -> list[IssueView]:
    """Issues and articles as views, chronological, with 上一篇/下一篇 across the archive."""
    sections = archive.publication.sections
    bodies = archive.tokens
    by_entry: dict[tuple[str, object], dict[str, KeyPath]] = defaultdict(dict)
    for path, keypath in bodies:  # the keys only: texts are parsed when read
        # ("entries", 3, "cases", 0, "body") -> entry 3's "cases.0.body"
        by_entry[(path, keypath[1])][".".join(str(part) for part in keypath[2:])] = keypath
    issues: list[IssueView] = []
    ordered = sorted(archive.issues, key=lambda a: (a.issue.date, a.issue.year, a.slug))
    for archive_issue in ordered:
        view = IssueView(
            archive_issue,
            downloads=list((downloads or {}).get(archive_issue.slug, [])),
            mark=review(archive, archive_issue).mark,
        )
        for position, i in enumerate(print_order(archive_issue, sections), start=1):
            entry = archive_issue.issue.entries[i]
            key = entry.section_key
            texts = Texts(bodies, archive_issue.path, by_entry[(archive_issue.path, i)])
            article = ArticleView(
                view, position, entry, key, sections.get(key, ENTRY_KINDS.get(key, key)), texts
            )
            if isinstance(entry, CaseNotice):
                article.cases = [
                    CaseView(
                        n,
                        chinese_numeral(n) + "、" + case.title,
                        case,
                        texts,
                        f"case-{n}",
                    )
                    for n, case in enumerate(entry.cases, start=1)
                ]
            view.articles.append(article)
        issues.append(view)
    flat = [article for issue in issues for article in issue.articles]
    for earlier, later in itertools.pairwise(flat):
        earlier.next, later.previous = later, earlier
    return issues
