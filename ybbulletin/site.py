"""Plans the website: which pages exist, at which path, from which template, with what context.

Pure: the archive in, a list of :class:`Page` out. Paths are site-relative and
every link a page makes is relative to it (``root`` is the way back to the site
root), so ``build/site`` works under any sub-path and from ``file://``.
"""

from __future__ import annotations

import datetime
import itertools
import posixpath
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from markdown_it.token import Token

from ybbulletin.model import (
    ENTRY_KINDS,
    SUBJECT_TYPES,
    ArchiveIssue,
    Case,
    CaseNotice,
    EntryBase,
    Publication,
    kind_of,
)
from ybbulletin.numbering import chinese_numeral
from ybbulletin.project import Archive
from ybbulletin.render.html import render_markdown
from ybbulletin.source import KeyPath

__all__ = ["ArticleView", "CaseView", "Download", "IssueView", "Page", "plan_site"]


@dataclass(frozen=True)
class Download:
    """A file of an issue offered for download (only listed once it exists)."""

    label: str  # PDF, Word
    path: str  # site-relative: files/nxyb-2025-12.pdf


@dataclass
class CaseView:
    """One case of a case notice, numbered as printed (一、二、…)."""

    number: int
    heading: str
    case: Case
    body: list[Token]
    anchor: str

    @property
    def subject_type(self) -> str:
        return SUBJECT_TYPES[self.case.subject_type]

    @property
    def period(self) -> str:
        period = self.case.period
        if period is None:
            return ""
        return period.start + (f" 至 {period.end}" if period.end else "")


@dataclass
class ArticleView:
    """An entry as a page: where it lives, its neighbours, its parsed texts."""

    issue: IssueView
    index: int  # 1-based, in print order
    entry: EntryBase
    section_key: str
    section_label: str
    texts: dict[str, list[Token]]
    cases: list[CaseView] = field(default_factory=list)
    previous: ArticleView | None = None
    next: ArticleView | None = None

    @property
    def path(self) -> str:
        return f"{self.issue.dir}/{self.index:02d}.html"

    @property
    def title(self) -> str:
        return self.entry.title

    @property
    def kind(self) -> str:
        return kind_of(self.entry).name

    @property
    def partial(self) -> str:
        """The layout partial of its kind (templates/kinds/<kind>.html)."""
        return kind_of(self.entry).partial

    @property
    def source(self) -> str | None:
        """The credit line under the title: 来源, or a case notice's 发文机关."""
        field = kind_of(self.entry).credit
        value: str | None = getattr(self.entry, field) if field else None
        return value

    @property
    def bylines(self) -> list[tuple[str, str]]:
        """(role, names) pairs: 记者, 通讯员, 摄影."""
        kind = kind_of(self.entry)
        roles = [(kind.fields[name], getattr(self.entry, name)) for name in kind.bylines]
        return [(role, " ".join(names)) for role, names in roles if names]

    def html(self, name: str, root: str) -> str:
        """A Markdown field rendered for a site page at ``root``; empty if the field is absent."""
        tokens = self.texts.get(name)
        if tokens is None:
            return ""
        return render_markdown(
            tokens, image_prefix=root + "media/", issue_dir=self.issue.content_dir
        )

    def case_html(self, case: CaseView, root: str) -> str:
        return render_markdown(
            case.body,
            image_prefix=root + "media/",
            issue_dir=self.issue.content_dir,
            heading_offset=2,
        )

    def print_html(self, name: str, link_base: str) -> str:
        """A Markdown field for the print HTML: images from content/, links absolute or dropped."""
        tokens = self.texts.get(name)
        if tokens is None:
            return ""
        return render_markdown(
            tokens,
            image_prefix="content/",
            issue_dir=self.issue.content_dir,
            link_base=link_base,
            page=self.path,
            quote_breaks=True,
        )

    def print_case_html(self, case: CaseView, link_base: str) -> str:
        return render_markdown(
            case.body,
            image_prefix="content/",
            issue_dir=self.issue.content_dir,
            heading_offset=2,
            link_base=link_base,
            page=self.path,
            quote_breaks=True,
        )


@dataclass
class IssueView:
    """An issue as the site shows it."""

    archive_issue: ArchiveIssue
    articles: list[ArticleView] = field(default_factory=list)
    downloads: list[Download] = field(default_factory=list)

    @property
    def dir(self) -> str:
        return self.archive_issue.slug

    @property
    def path(self) -> str:
        return f"{self.dir}/index.html"

    @property
    def content_dir(self) -> str:
        """The issue file's folder relative to content/: issues/2025."""
        return posixpath.dirname(self.archive_issue.path.removeprefix("content/"))

    @property
    def label(self) -> str:
        return self.archive_issue.label

    @property
    def number_line(self) -> str:
        """第12期（总第130期） or 增刊第1期, as under the masthead."""
        return self.label.split("年", 1)[1]

    @property
    def year(self) -> int:
        return self.archive_issue.issue.year

    @property
    def date(self) -> datetime.date:
        return self.archive_issue.issue.date

    @property
    def date_text(self) -> str:
        d = self.date
        return f"{d.year}年{d.month}月{d.day}日"

    @property
    def theme(self) -> str | None:
        return self.archive_issue.issue.theme

    def groups(self) -> list[tuple[str, list[ArticleView]]]:
        """Articles grouped by 栏目 in print order (consecutive runs of one section)."""
        groups: list[tuple[str, list[ArticleView]]] = []
        for article in self.articles:
            if groups and groups[-1][0] == article.section_label:
                groups[-1][1].append(article)
            else:
                groups.append((article.section_label, [article]))
        return groups


@dataclass(frozen=True)
class Page:
    """One HTML page to render: its site-relative path, template and context."""

    path: str
    template: str
    context: Mapping[str, Any]

    @property
    def root(self) -> str:
        depth = self.path.count("/")
        return "../" * depth


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
            archive_issue, downloads=list((downloads or {}).get(archive_issue.slug, []))
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


@dataclass(frozen=True)
class CaseRow:
    """A line of the case register."""

    article: ArticleView
    case: CaseView


@dataclass
class Totals:
    """Sums of case amounts in 万元."""

    count: int = 0
    involved: Decimal = Decimal(0)
    recovered: Decimal = Decimal(0)
    fined: Decimal = Decimal(0)

    def add(self, case: Case) -> None:
        self.count += 1
        self.involved += case.amounts.involved or 0
        self.recovered += case.amounts.recovered or 0
        self.fined += case.amounts.fined or 0


def case_register(
    issues: list[IssueView],
) -> tuple[list[tuple[int, list[CaseRow], Totals]], Totals]:
    """Every case of every notice, by year (newest first), with totals per year and overall."""
    by_year: dict[int, list[CaseRow]] = defaultdict(list)
    for issue in issues:
        for article in issue.articles:
            for case in article.cases:
                by_year[issue.year].append(CaseRow(article, case))
    overall = Totals()
    years = []
    for year in sorted(by_year, reverse=True):
        totals = Totals()
        for row in by_year[year]:
            totals.add(row.case.case)
            overall.add(row.case.case)
        years.append((year, by_year[year], totals))
    return years, overall


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
    years, overall = case_register(issues)
    pages.append(
        Page("cases/index.html", "cases.html", {**common, "years": years, "overall": overall})
    )
    return pages


def _by_year(issues: list[IssueView]) -> list[tuple[int, list[IssueView]]]:
    years: dict[int, list[IssueView]] = defaultdict(list)
    for issue in issues:
        years[issue.year].append(issue)
    return sorted(years.items(), reverse=True)
