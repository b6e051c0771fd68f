"""The case register (案例库): one row per case, totals, statistics, CSV and XLSX downloads.

Pure functions of the issue views; the page template shows the rows and the
charts (:mod:`ybbulletin.render.charts`), the build writes the two files.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from ybbulletin.model import SUBJECT_TYPES
from ybbulletin.render.registry import SiteContext, per_issue_lists
from ybbulletin.views import ArticleView, IssueView

if TYPE_CHECKING:
    from ybbulletin.render.registry import PerIssue

__all__ = [
    "AMOUNTS",
    "COLUMNS",
    "Chart",
    "RegisterRow",
    "RegisterView",
    "Stat",
    "cases_csv",
    "cases_shows",
    "cases_xlsx",
    "register_csv",
    "register_digest",
    "register_rows",
    "register_view",
    "register_xlsx",
    "stats_by",
    "total",
]

AMOUNTS = (("involved", "涉案金额"), ("recovered", "追回金额"), ("fined", "罚款金额"))
UNKNOWN_REGION = "未注明"

# The columns of both downloads, in order.
COLUMNS = (
    "年份",
    "期次",
    "发布日期",
    "案例",
    "当事方",
    "当事方类型",
    "地区",
    "违规起始",
    "违规截止",
    "违规手段",
    "涉案金额（万元）",
    "追回金额（万元）",
    "罚款金额（万元）",
    "处理措施",
    "依据",
    "页面",
)


@dataclass(frozen=True)
class RegisterRow:
    """One case as the register lists it."""

    year: int
    date: datetime.date
    issue_label: str
    issue_path: str
    page: str  # the article page with the case's anchor: 2021/01/02.html#case-1
    title: str
    subject: str
    subject_type: str  # the Chinese label: 医院
    region: str | None
    period_from: str
    period_to: str
    methods: tuple[str, ...]
    amounts: tuple[Decimal | None, Decimal | None, Decimal | None]  # as AMOUNTS
    actions: tuple[str, ...]
    legal_basis: tuple[str, ...]

    @property
    def period(self) -> str:
        if not self.period_from:
            return ""
        return self.period_from + (f" 至 {self.period_to}" if self.period_to else "")

    @property
    def region_label(self) -> str:
        return self.region or UNKNOWN_REGION


def register_rows(issues: Sequence[IssueView]) -> list[RegisterRow]:
    """Every case of every notice: newest issue first, in notice order within an issue."""
    return [row for issue in _newest(issues) for a in issue.articles for row in _rows(issue, a)]


def _newest(issues: Sequence[IssueView]) -> list[IssueView]:
    return sorted(issues, key=lambda v: (v.date, v.year, v.dir), reverse=True)


def _rows(issue: IssueView, article: ArticleView) -> list[RegisterRow]:
    """The cases of one notice (none for other articles)."""
    rows = []
    for view in article.cases:
        case = view.case
        amounts = case.amounts
        rows.append(
            RegisterRow(
                year=issue.year,
                date=issue.date,
                issue_label=issue.label,
                issue_path=issue.path,
                page=f"{article.path}#{view.anchor}",
                title=case.title,
                subject=case.subject,
                subject_type=SUBJECT_TYPES[case.subject_type],
                region=case.region,
                period_from=case.period.start if case.period else "",
                period_to=(case.period.end or "") if case.period else "",
                methods=tuple(case.methods),
                amounts=(amounts.involved, amounts.recovered, amounts.fined),
                actions=tuple(case.actions),
                legal_basis=tuple(case.legal_basis),
            )
        )
    return rows


@dataclass
class Stat:
    """Count and sums of one group of cases (a year, a region, a type, or all)."""

    label: str
    count: int = 0
    sums: list[Decimal] = field(default_factory=lambda: [Decimal(0)] * len(AMOUNTS))

    def add(self, row: RegisterRow) -> None:
        self.count += 1
        self.sums = [s + (a or 0) for s, a in zip(self.sums, row.amounts, strict=True)]

    @property
    def involved(self) -> Decimal:
        return self.sums[0]

    @property
    def recovered(self) -> Decimal:
        return self.sums[1]

    @property
    def fined(self) -> Decimal:
        return self.sums[2]


def total(rows: Sequence[RegisterRow], label: str = "合计") -> Stat:
    stat = Stat(label)
    for row in rows:
        stat.add(row)
    return stat


def stats_by(
    rows: Sequence[RegisterRow], key: Callable[[RegisterRow], str], *, by_label: bool = False
) -> list[Stat]:
    """Groups of rows with their counts and sums: by label (years, in order) or by size."""
    groups: dict[str, Stat] = defaultdict(lambda: Stat(""))
    for row in rows:
        label = key(row)
        groups[label].label = label
        groups[label].add(row)
    stats = list(groups.values())
    if by_label:
        return sorted(stats, key=lambda s: s.label)
    return sorted(stats, key=lambda s: (-s.count, -s.involved, s.label))


def _cells(row: RegisterRow, base_url: str) -> list[object]:
    return [
        row.year,
        row.issue_label,
        row.date.isoformat(),
        row.title,
        row.subject,
        row.subject_type,
        row.region or "",
        row.period_from,
        row.period_to,
        "、".join(row.methods),
        *row.amounts,
        "、".join(row.actions),
        "；".join(row.legal_basis),
        base_url + row.page,
    ]


def register_csv(rows: Sequence[RegisterRow], base_url: str = "") -> bytes:
    """The register as CSV: UTF-8 with a BOM (so Excel opens it as UTF-8), CRLF lines,
    amounts as plain numbers and empty where the notice gives none, no cell Excel would run.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([_csv_cell(c) for c in _cells(row, base_url)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


# Excel takes a CSV cell starting with one of these for a formula (CSV injection, OWASP); the
# XLSX writes every text as a string and needs nothing.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: object) -> object:
    """A cell of the CSV: empty for no value; a text Excel would run gets an apostrophe first."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def register_xlsx(rows: Sequence[RegisterRow], base_url: str = "", title: str = "") -> bytes:
    """The register as an Excel workbook (XlsxWriter): numbers as numbers, a frozen header,
    a filter on every column, and the same bytes for the same rows.
    """
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    newest = max((row.date for row in rows), default=datetime.date(2000, 1, 1))
    created = datetime.datetime(newest.year, newest.month, newest.day)
    workbook.set_properties({"title": title or "案例库", "created": created})
    sheet = workbook.add_worksheet("案例库")
    header = workbook.add_format({"bold": True, "bg_color": "#F0F0F0", "border": 1})
    money = workbook.add_format({"num_format": "0.00"})
    sheet.write_row(0, 0, COLUMNS, header)
    first_amount = COLUMNS.index("涉案金额（万元）")
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(_cells(row, base_url)):
            if value is None:
                continue
            if isinstance(value, Decimal):
                sheet.write_number(r, c, float(value), money)
            elif isinstance(value, int):
                sheet.write_number(r, c, value)
            else:
                sheet.write_string(r, c, str(value))
    widths = [6, 24, 11, 36, 24, 10, 10, 9, 9, 36, 14, 14, 14, 28, 36, 40]
    for c, width in enumerate(widths):
        sheet.set_column(c, c, width, money if first_amount <= c < first_amount + 3 else None)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(1, len(rows)), len(COLUMNS) - 1)
    workbook.close()
    return buffer.getvalue()


def register_digest(issues: Sequence[IssueView], per_issue: PerIssue | None = None) -> str:
    """A hash of the register's rows: all the 案例库 page and its downloads show of the issues
    (each row's repr holds every field: dates, amounts and lists as their reprs). Made of
    a hash of each article's rows, newest issue first; ``per_issue`` keeps an issue's
    between builds (``ViewKeys.per_issue``: its rows follow from its views alone)."""

    def make(issue: IssueView, _start: int) -> list[str]:
        return [hashlib.sha256(repr(_rows(issue, a)).encode()).hexdigest() for a in issue.articles]

    found = per_issue_lists(per_issue, _newest(issues), _ROWS, make)
    return hashlib.sha256(" ".join(found).encode()).hexdigest()


# What ``register_digest`` hashes of an article, by name: bump when that changes (kept
# per issue).
_ROWS = "register rows 1"


def cases_shows(site: SiteContext) -> list[object]:
    """All the CSV and XLSX downloads are made from (the input of their keys)."""
    publication = site.publication
    digest = register_digest(site.issues, site.per_issue)
    return [publication.base_url or "", publication.name, digest]


def cases_csv(site: SiteContext) -> bytes:
    """``cases/cases.csv`` of the site."""
    return register_csv(register_rows(site.issues), site.publication.base_url or "")


def cases_xlsx(site: SiteContext) -> bytes:
    """``cases/cases.xlsx`` of the site."""
    publication = site.publication
    title = f"{publication.name}案例库"
    return register_xlsx(register_rows(site.issues), publication.base_url or "", title)


@dataclass(frozen=True)
class Chart:
    """A chart with the statistics it draws (shown again as its data table)."""

    id: str
    title: str
    heading: str  # the first column's header in the data table
    stats: list[Stat]
    svg: str


@dataclass(frozen=True)
class RegisterView:
    """What the register page shows."""

    rows: list[RegisterRow]
    total: Stat
    charts: list[Chart]
    years: list[str]
    regions: list[str]
    types: list[str]
    methods: list[str]


def _chart(chart_id: str, title: str, heading: str, stats: list[Stat], by_amount: bool) -> Chart:
    from ybbulletin.render.charts import bar_chart
    from ybbulletin.render.pages import format_amount

    items: list[tuple[str, Decimal | int]]
    if by_amount:
        items = [(s.label, s.involved) for s in stats]
        shown = [f"{format_amount(s.involved)}（{s.count}起）" for s in stats]
    else:
        items = [(s.label, s.count) for s in stats]
        shown = [f"{s.count}起" for s in stats]
    return Chart(chart_id, title, heading, stats, bar_chart(chart_id, title, items, shown))


def register_view(issues: Sequence[IssueView]) -> RegisterView:
    """The rows, the overall total, the three charts and the filter choices."""
    rows = register_rows(issues)
    by_year = stats_by(rows, lambda r: f"{r.year}年", by_label=True)
    by_region = stats_by(rows, lambda r: r.region_label)
    by_type = stats_by(rows, lambda r: r.subject_type)
    charts = [
        _chart("chart-year", "各年度涉案金额（万元）", "年度", by_year, True),
        _chart("chart-region", "各地区案例数", "地区", by_region, False),
        _chart("chart-type", "各类当事方案例数", "当事方类型", by_type, False),
    ]
    method_counts: dict[str, int] = defaultdict(int)
    for row in rows:
        for method in row.methods:
            method_counts[method] += 1
    return RegisterView(
        rows=rows,
        total=total(rows),
        charts=charts,
        years=sorted({str(r.year) for r in rows}, reverse=True),
        regions=[s.label for s in by_region],
        types=[s.label for s in by_type],
        methods=sorted(method_counts, key=lambda m: (-method_counts[m], m)),
    )
