"""The publication (``ybbulletin.yaml``) and its issues: numbers, dates, entries, 报尾."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Literal
from urllib.parse import urlsplit

from pydantic import Field, StringConstraints, field_validator
from pydantic_core import PydanticCustomError

from ybbulletin.errors import excerpt
from ybbulletin.model.base import IsoDate, Model, Names, SectionKey, Text
from ybbulletin.model.kinds import ENTRY_KINDS, Entry

if TYPE_CHECKING:
    from ybbulletin.located import Located

__all__ = [
    "DIGEST_PATTERN",
    "FILE_PREFIXES",
    "ISSUE_KINDS",
    "MAX_ENTRIES",
    "MAX_PRINT_RUN",
    "MAX_SECTIONS",
    "MAX_STAFF",
    "MAX_TOTAL",
    "NUMBERS",
    "YEARS",
    "ArchiveIssue",
    "Distribution",
    "Issue",
    "IssueKind",
    "Numbering",
    "Publication",
    "Signature",
    "SiteSettings",
    "file_stem",
]

#: Issue kinds and how they are called.
ISSUE_KINDS: dict[str, str] = {"regular": "正刊", "supplement": "增刊", "special": "专刊"}
#: File-name stems of issue files by kind: 12.yaml, zengkan-01.yaml, zhuankan-01.yaml.
FILE_PREFIXES: dict[str, str] = {"regular": "", "supplement": "zengkan-", "special": "zhuankan-"}

#: The years and the numbers in a year an issue file may have (first, last).
YEARS = (1949, 2200)
NUMBERS = (1, 999)

#: The most entries an issue may have, and staff lines (编辑, 审核 …): a real issue has 5 to 10
#: entries and 2 or 3 staff lines. 2,000 entries were accepted before: every part of a build
#: is linear in them, but an all-formats build of 400 entries peaked at 447 MB (100: 389 MB).
MAX_ENTRIES = 100
MAX_STAFF = 20
#: The most 栏目 a publication may declare: real bulletins have 4 to 8. Every 栏目 page lists
#: them all: 5,000 of them made a 2-issue html build take 82 s CPU (406 s wall).
MAX_SECTIONS = 30
#: The largest 总第…期 and 印数 taken: real bulletins are in the hundreds (总第130期; 印数 200
#: 份). A 60-digit total was printed whole on the masthead, the 版记 and every page.
MAX_TOTAL = 99_999
MAX_PRINT_RUN = 1_000_000

IssueKind = Literal["regular", "supplement", "special"]

_URL = re.compile(r"^https?://[^\s/?#]+(?:/[^\s]*)?$")


def _parses(url: str) -> bool:
    """Does the address name a host (and a port in range) as the feeds and pages need?"""
    try:
        parts = urlsplit(url)
        return bool(parts.hostname) and (parts.port is None or parts.port > 0)
    except ValueError:  # an unclosed IPv6 bracket, a port out of range or not a number
        return False


class Numbering(Model):
    """How 总第M期 is anchored: the total of the earliest regular issue in the archive."""

    first_total: int | None = Field(default=None, ge=1, le=MAX_TOTAL)


class Distribution(Model):
    """报尾 lines: 报 (to superiors), 送 (to peers), 发 (to subordinates)."""

    report_to: Names = Field(default_factory=list, alias="报")
    send_to: Names = Field(default_factory=list, alias="送")
    issue_to: Names = Field(default_factory=list, alias="发")

    def lines(self) -> list[tuple[str, list[str]]]:
        """The non-empty lines in print order, as (label, recipients)."""
        pairs = [("报", self.report_to), ("送", self.send_to), ("发", self.issue_to)]
        return [(label, names) for label, names in pairs if names]


class SiteSettings(Model):
    """What the website footer must show (omitted when not set), and home-page options."""

    organizer: Text | None = None  # 主办单位 (defaults to the publisher)
    undertaker: Text | None = None  # 承办单位
    contact: Text | None = None  # 联系我们: telephone, address or mailbox as shown
    site_id: Text | None = None  # 网站标识码
    icp: Text | None = None  # ICP备案号, linked to the MIIT register
    police: Text | None = None  # 公网安备案号, linked to its record by the digits in it
    keywords: Names = Field(default_factory=list)  # <meta name="Keywords"> of every page
    description: Text | None = None  # <meta name="Description"> of pages without a summary
    recent: int = Field(default=10, ge=1, le=100)  # issues listed on the home page


class Publication(Model):
    """Settings of one bulletin title, from ``ybbulletin.yaml``."""

    name: Text
    publisher: Text
    short_name: Annotated[str, StringConstraints(pattern=r"^[a-z0-9_-]+$")]
    base_url: str | None = None
    numbering: Numbering = Field(default_factory=Numbering)
    sections: dict[SectionKey, Text] = Field(
        default_factory=lambda: dict(ENTRY_KINDS), max_length=MAX_SECTIONS
    )
    distribution: Distribution = Field(default_factory=Distribution)
    print_run: int | None = Field(default=None, ge=1, le=MAX_PRINT_RUN)
    site: SiteSettings = Field(default_factory=SiteSettings)

    @field_validator("base_url")
    @classmethod
    def _check_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if _URL.match(value) and not _parses(value):
            raise PydanticCustomError(
                "yb_url",
                "网址“{value}”无效：域名或端口写得不对",
                {"value": excerpt(value), "hint": "例如 https://www.example.gov.cn/ybxx/"},
            )
        if not _URL.match(value):
            raise PydanticCustomError(
                "yb_url",
                "网址“{value}”无效，应以 http:// 或 https:// 开头",
                {"value": excerpt(value), "hint": "例如 https://www.example.gov.cn/ybxx/"},
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


DIGEST_PATTERN = r"^[0-9a-f]{16}$"
Digest = Annotated[str, StringConstraints(pattern=DIGEST_PATTERN)]
SignRole = Literal["审核", "签发"]


class Signature(Model):
    """One sign-off (审核 or 签发), written by ``ybbulletin sign``: who, when, and what."""

    signer: Text
    date: IsoDate
    issue_digest: Digest  # numbers, date, theme, 报尾
    entry_digests: list[Digest]  # one per entry, in file order


class Issue(Model):
    """One issue file: its numbers, date and entries (a draft until 签发, see ``signoff``)."""

    year: int = Field(ge=YEARS[0], le=YEARS[1])
    number: int = Field(ge=NUMBERS[0], le=NUMBERS[1])
    total: int | None = Field(default=None, ge=1, le=MAX_TOTAL)
    date: IsoDate
    kind: IssueKind = "regular"
    theme: Text | None = None
    staff: dict[Text, Text] = Field(default_factory=dict, max_length=MAX_STAFF)
    order: Literal["by_section", "as_written"] = "by_section"
    distribution: Distribution | None = None
    print_run: int | None = Field(default=None, ge=1, le=MAX_PRINT_RUN)
    entries: Annotated[list[Entry], Field(min_length=1, max_length=MAX_ENTRIES)]
    signoff: dict[SignRole, Signature] = Field(default_factory=dict)


@dataclass(frozen=True)
class ArchiveIssue:
    """A validated issue in its archive: where it came from and its running number."""

    path: str
    issue: Issue
    total: int | None
    located: Located  # the file's data with the position of every key and value

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
