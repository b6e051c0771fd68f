"""Stage 6, plan: the archive -> issue and article views, in print order, with neighbours.

What every output renders from (see :mod:`ybbulletin.views`); the website's pages
are planned from these views by :mod:`ybbulletin.site`.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Mapping

from markdown_it.token import Token

from ybbulletin.model import ENTRY_KINDS, ArchiveIssue, CaseNotice
from ybbulletin.numbering import chinese_numeral
from ybbulletin.project import Archive
from ybbulletin.signoff import review
from ybbulletin.source import KeyPath
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
    by_file: dict[str, list[tuple[KeyPath, list[Token]]]] = defaultdict(list)
    for (path, keypath), tokens in archive.tokens.items():
        by_file[path].append((keypath, tokens))
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
            texts = _texts(by_file[archive_issue.path], i)
            article = ArticleView(
                view, position, entry, key, sections.get(key, ENTRY_KINDS.get(key, key)), texts
            )
            if isinstance(entry, CaseNotice):
                article.cases = [
                    CaseView(
                        n,
                        chinese_numeral(n) + "、" + case.title,
                        case,
                        texts[f"cases.{n - 1}.body"],
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


def _texts(parsed: list[tuple[KeyPath, list[Token]]], index: int) -> dict[str, list[Token]]:
    """The parsed Markdown fields of entry ``index``: body, note, intro, cases.0.body …"""
    base: KeyPath = ("entries", index)
    found: dict[str, list[Token]] = {}
    for keypath, tokens in parsed:
        if keypath[: len(base)] == base:
            found[".".join(str(part) for part in keypath[len(base) :])] = tokens
    return found
