"""The domain types: publication, issue, entries and cases, with their glossary.

Glossary (the Chinese term editors use, and the field that holds it):

- 简报 / 信息 — a *publication* (``Publication``): one bulletin title such as
  《宁夏医保信息》, set up once in ``ybbulletin.yaml``.
- 报头 — the masthead: ``Publication.name`` in red on page one.
- 编印单位 — ``Publication.publisher``, printed left of the date under the masthead.
- 期 — an *issue* (``Issue``), one file ``content/issues/<year>/<NN>.yaml``.
- 第N期 — ``Issue.number``, counted from 1 each year per kind of issue.
- 总第M期 — the running number of regular issues, ``ArchiveIssue.total``.
- 正刊 / 增刊 / 专刊 — ``Issue.kind``: ``regular`` / ``supplement`` / ``special``.
- 栏目 — a *section*: a key of ``Publication.sections`` such as ``work_update``
  (工作动态); every entry belongs to one.
- 文章 — an *entry*: ``News`` (要闻/新闻, with 记者 ``reporters`` and 通讯员
  ``correspondents``), ``WorkUpdate`` (工作动态), ``Experience`` (经验交流) or
  ``CaseNotice`` (案例通报).
- 来源 — ``source``: the unit that reported an entry.
- 按语 / 编者按 — ``Experience.note``, printed before the body after “按：”.
- 发文机关 — ``CaseNotice.issuer``, the body that issued a case notice.
- 案例 — a *case* (``Case``) inside a case notice; 涉案金额 ``amounts.involved``,
  追回 ``amounts.recovered``, 罚款 ``amounts.fined``, all in 万元.
- 报尾 / 版记 — the block at the end: 报/送/发 (``Distribution``), the staff
  line (``Issue.staff``) and 共印N份 (``print_run``).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
)
from pydantic_core import PydanticCustomError

if TYPE_CHECKING:
    from ybbulletin.source import Located

__all__ = [
    "ENTRY_KINDS",
    "ISSUE_KINDS",
    "SUBJECT_TYPES",
    "Amounts",
    "ArchiveIssue",
    "Case",
    "CaseNotice",
    "Distribution",
    "Entry",
    "Experience",
    "Issue",
    "IssueKind",
    "News",
    "Numbering",
    "Period",
    "Publication",
    "SiteSettings",
    "WorkUpdate",
]

#: Entry kinds and the 栏目 label each one gets when ``sections`` does not say.
ENTRY_KINDS: dict[str, str] = {
    "work_update": "工作动态",
    "experience": "经验交流",
    "case_notice": "案例通报",
    "news": "要闻",
}
#: Issue kinds and how they are called.
ISSUE_KINDS: dict[str, str] = {"regular": "正刊", "supplement": "增刊", "special": "专刊"}
#: What kind of party a case is about.
SUBJECT_TYPES: dict[str, str] = {
    "hospital": "医院",
    "clinic": "诊所、门诊部、卫生院",
    "pharmacy": "药店",
    "individual": "个人",
    "other": "其他",
}
#: File-name stems of issue files by kind: 12.yaml, zengkan-01.yaml, zhuankan-01.yaml.
FILE_PREFIXES: dict[str, str] = {"regular": "", "supplement": "zengkan-", "special": "zhuankan-"}

IssueKind = Literal["regular", "supplement", "special"]
SubjectType = Literal["hospital", "clinic", "pharmacy", "individual", "other"]

_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?$")
_URL = re.compile(r"^https?://[^\s/?#]+(?:/[^\s]*)?$")


def _one_or_many(value: Any) -> Any:
    """Let editors write ``reporters: 刘星`` for a list of one."""
    return [value] if isinstance(value, str) else value


def _iso_date(value: Any) -> datetime.date:
    if isinstance(value, datetime.date):
        return value
    match = _DATE.match(str(value).strip()) if isinstance(value, str | int) else None
    if not match:
        raise PydanticCustomError(
            "yb_date_format",
            "日期“{value}”格式不对，应写成 YYYY-MM-DD",
            {"value": value, "hint": "例如 2025-08-13（年-月-日，用半角连字符）"},
        )
    year, month, day = (int(part) for part in match.groups())
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise PydanticCustomError(
            "yb_date_invalid",
            "日期“{value}”不存在",
            {"value": value, "hint": "检查月份（1–12）和这个月的天数"},
        ) from None


def _year_month(value: Any) -> str:
    match = _MONTH.match(str(value).strip()) if isinstance(value, str | int) else None
    ok = False
    if match:
        month, day = int(match.group(2)), match.group(3)
        try:
            datetime.date(int(match.group(1)), month, int(day) if day else 1)
            ok = True
        except ValueError:
            ok = False
    if not ok or match is None:
        raise PydanticCustomError(
            "yb_month_format",
            "时间“{value}”格式不对，应写成 YYYY-MM 或 YYYY-MM-DD",
            {"value": value, "hint": "例如 2017-08 或 2020-02-03"},
        )
    year, month_s, day_s = match.groups()
    return f"{year}-{int(month_s):02d}" + (f"-{int(day_s):02d}" if day_s else "")


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Markdown = Annotated[str, StringConstraints(min_length=1, pattern=r"\S")]
Names = Annotated[list[Text], BeforeValidator(_one_or_many)]
SectionKey = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_-]+$")]
IsoDate = Annotated[datetime.date, BeforeValidator(_iso_date)]
YearMonth = Annotated[str, BeforeValidator(_year_month)]
Wan = Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=4)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=False)


class Numbering(_Model):
    """How 总第M期 is anchored: the total of the earliest regular issue in the archive."""

    first_total: int | None = Field(default=None, ge=1)


class Distribution(_Model):
    """报尾 lines: 报 (to superiors), 送 (to peers), 发 (to subordinates)."""

    report_to: Names = Field(default_factory=list, alias="报")
    send_to: Names = Field(default_factory=list, alias="送")
    issue_to: Names = Field(default_factory=list, alias="发")

    def lines(self) -> list[tuple[str, list[str]]]:
        """The non-empty lines in print order, as (label, recipients)."""
        pairs = [("报", self.report_to), ("送", self.send_to), ("发", self.issue_to)]
        return [(label, names) for label, names in pairs if names]


class SiteSettings(_Model):
    """What the website footer must show (omitted when not set), and home-page options."""

    organizer: Text | None = None  # 主办单位 (defaults to the publisher)
    site_id: Text | None = None  # 网站标识码
    icp: Text | None = None  # ICP备案号
    police: Text | None = None  # 公网安备案号
    recent: int = Field(default=10, ge=1, le=100)  # issues listed on the home page


class Publication(_Model):
    """Settings of one bulletin title, from ``ybbulletin.yaml``."""

    name: Text
    publisher: Text
    short_name: Annotated[str, StringConstraints(pattern=r"^[a-z0-9_-]+$")]
    base_url: str | None = None
    numbering: Numbering = Field(default_factory=Numbering)
    sections: dict[SectionKey, Text] = Field(default_factory=lambda: dict(ENTRY_KINDS))
    distribution: Distribution = Field(default_factory=Distribution)
    print_run: int | None = Field(default=None, ge=1)
    site: SiteSettings = Field(default_factory=SiteSettings)

    @field_validator("base_url")
    @classmethod
    def _check_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not _URL.match(value):
            raise PydanticCustomError(
                "yb_url",
                "网址“{value}”无效，应以 http:// 或 https:// 开头",
                {"value": value, "hint": "例如 https://www.example.gov.cn/ybxx/"},
            )
        return value if value.endswith("/") else value + "/"

    @field_validator("sections")
    @classmethod
    def _check_sections(cls, value: dict[str, str]) -> dict[str, str]:
        if not value:
            raise PydanticCustomError(
                "yb_sections_empty",
                "至少要有一个栏目",
                {"hint": "例如 “work_update: 工作动态”"},
            )
        return value


class Period(_Model):
    """When a case happened: ``{from: 2017-08, to: 2020-06}``."""

    start: YearMonth = Field(alias="from")
    end: YearMonth | None = Field(default=None, alias="to")


class Amounts(_Model):
    """Money in a case, in 万元 (ten thousand yuan)."""

    involved: Wan | None = None
    recovered: Wan | None = None
    fined: Wan | None = None


class Case(_Model):
    """One fraud case inside a case notice (案例通报)."""

    title: Text
    subject: Text
    subject_type: SubjectType
    region: Text | None = None
    period: Period | None = None
    methods: Names = Field(default_factory=list)
    amounts: Amounts = Field(default_factory=Amounts)
    actions: Names = Field(default_factory=list)
    legal_basis: Names = Field(default_factory=list)
    body: Markdown


class _Entry(_Model):
    title: Text
    subtitle: Text | None = None
    section: SectionKey | None = None

    @property
    def section_key(self) -> str:
        kind: str = getattr(self, "kind")  # noqa: B009 - declared on each subclass
        return self.section or kind


class News(_Entry):
    """A news item (要闻) with bylines: 记者, 通讯员, 摄影."""

    kind: Literal["news"]
    source: Text | None = None
    reporters: Names = Field(default_factory=list)
    correspondents: Names = Field(default_factory=list)
    photographers: Names = Field(default_factory=list)
    body: Markdown


class WorkUpdate(_Entry):
    """A work update (工作动态) from a city or county bureau."""

    kind: Literal["work_update"]
    source: Text | None = None
    body: Markdown


class Experience(_Entry):
    """An experience report (经验交流), optionally with an editor's note (按语)."""

    kind: Literal["experience"]
    source: Text | None = None
    note: Markdown | None = None
    body: Markdown


class CaseNotice(_Entry):
    """A case notice (案例通报): an intro, the cases, an optional closing."""

    kind: Literal["case_notice"]
    issuer: Text | None = None
    intro: Markdown | None = None
    cases: Annotated[list[Case], Field(min_length=1)]
    closing: Markdown | None = None


Entry = Annotated[News | WorkUpdate | Experience | CaseNotice, Field(discriminator="kind")]


class Issue(_Model):
    """One issue file: its numbers, date and entries."""

    year: int = Field(ge=1949, le=2200)
    number: int = Field(ge=1, le=999)
    total: int | None = Field(default=None, ge=1)
    date: IsoDate
    kind: IssueKind = "regular"
    theme: Text | None = None
    staff: dict[Text, Text] = Field(default_factory=dict)
    order: Literal["by_section", "as_written"] = "by_section"
    distribution: Distribution | None = None
    print_run: int | None = Field(default=None, ge=1)
    entries: Annotated[list[Entry], Field(min_length=1)]


@dataclass(frozen=True)
class ArchiveIssue:
    """A validated issue in its archive: where it came from and its running number."""

    path: str
    issue: Issue
    total: int | None
    source: Located

    @property
    def slug(self) -> str:
        """``2025/12`` for regular issues, ``2025/zengkan-01`` for a supplement."""
        return f"{self.issue.year}/{file_stem(self.issue.kind, self.issue.number)}"

    @property
    def label(self) -> str:
        """How the issue is named: 2025年第12期（总第130期） or 2025年增刊第1期."""
        issue = self.issue
        if issue.kind == "regular":
            text = f"{issue.year}年第{issue.number}期"
            return text + (f"（总第{self.total}期）" if self.total else "")
        return f"{issue.year}年{ISSUE_KINDS[issue.kind]}第{issue.number}期"


def file_stem(kind: str, number: int) -> str:
    """The file-name stem of an issue: ``12``, ``zengkan-01``."""
    return f"{FILE_PREFIXES[kind]}{number:02d}"
