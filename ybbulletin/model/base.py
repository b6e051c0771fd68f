"""Scalar field types of the model (dates, amounts, names, Markdown) and the cases they make up."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
)
from pydantic_core import PydanticCustomError

from ybbulletin.errors import excerpt

__all__ = [
    "CASE_FIELDS",
    "DOC_NUMBER_HINT",
    "DOC_YEAR",
    "MAX_NAMES",
    "SUBJECT_TYPES",
    "TEXT_MAX",
    "Amounts",
    "Case",
    "DocNumber",
    "IsoDate",
    "Markdown",
    "Model",
    "Names",
    "Period",
    "SectionKey",
    "SubjectType",
    "Text",
    "Wan",
    "YearMonth",
    "doc_year",
]

#: What kind of party a case is about.
SUBJECT_TYPES: dict[str, str] = {
    "hospital": "医院",
    "clinic": "诊所、门诊部、卫生院",
    "pharmacy": "药店",
    "individual": "个人",
    "other": "其他",
}
SubjectType = Literal["hospital", "clinic", "pharmacy", "individual", "other"]

_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?$")


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
            {"value": excerpt(value), "hint": "例如 2025-08-13（年-月-日，用半角连字符）"},
        )
    year, month, day = (int(part) for part in match.groups())
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise PydanticCustomError(
            "yb_date_invalid",
            "日期“{value}”不存在",
            {"value": excerpt(value), "hint": "检查月份（1–12）和这个月的天数"},
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
            {"value": excerpt(value), "hint": "例如 2017-08 或 2020-02-03"},
        )
    year, month_s, day_s = match.groups()
    return f"{year}-{int(month_s):02d}" + (f"-{int(day_s):02d}" if day_s else "")


#: A 文号's year and number after the issuing body's code (GB/T 9704): 〔2020〕12号. Groups:
#: opening bracket, year, closing bracket, number; other brackets ([2020] (2020) 【2020】
#: ［2020］ （2020）) match too, so that proofreading and validation can name them.
DOC_YEAR = r"([\[【(（［〔])((?:19|20)\d{2})([\]】)）］〕])(\d{1,4})[号號]"  # 號: traditional
DOC_NUMBER_HINT = "文号写法见 GB/T 9704：发文机关代字〔年份〕序号"
_DOC_NUMBER = re.compile(rf"^(\S*?[\u3400-\u9fff]){DOC_YEAR}$")


def doc_year(year: str, number: str) -> str:
    """The year and number as a 文号 writes them: 〔2020〕12号."""
    return f"〔{year}〕{number}号"


def _doc_number(value: Any) -> Any:
    """A 文号 with the year in 六角括号 〔〕; other brackets are named, with the right form."""
    if not isinstance(value, str):
        return value
    text = "".join(value.split())
    match = _DOC_NUMBER.match(text)
    if match and (match.group(2), match.group(4)) == ("〔", "〕"):
        return text
    if match:
        good = match.group(1) + doc_year(match.group(3), match.group(5))
        raise PydanticCustomError(
            "yb_doc_number_brackets",
            "文号“{value}”中的年份应使用六角括号，应为“{good}”",
            {"value": excerpt(text), "good": excerpt(good), "hint": DOC_NUMBER_HINT},
        )
    raise PydanticCustomError(
        "yb_doc_number",
        "文号“{value}”的格式不对",
        {"value": excerpt(text), "hint": "写成 发文机关代字〔年份〕序号，例如 医保发〔2020〕12号"},
    )


#: The longest a one-line field (a title, a name, a 来源) may be: the longest title of the
#: import corpus has ~60 characters; a 100,000-character title went into every page's
#: navigation and took a build minutes (docs/editor-guide.md states it).
TEXT_MAX = 500


def _one_line(value: str) -> str:
    """A one-line field holds no line break: a title written over two lines in a | block or
    with \\n showed as a space between hanzi on the site and broke the line in Word."""
    if "\n" in value or "\r" in value:
        raise PydanticCustomError(
            "yb_line_break",
            "不能换行",
            {"hint": "写在一行里：删去换行（| 写法改为普通写法，引号中的 \\n 删去）"},
        )
    return value


Text = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=TEXT_MAX),
    AfterValidator(_one_line),
]
Markdown = Annotated[str, StringConstraints(min_length=1, pattern=r"\S")]
#: The most items a list of names may have (记者, 违规手段, 处理措施, 报/送/发 …): the corpus's
#: bylines name at most 5 people and its cases at most 6 measures; 5,000 names went whole into
#: the 公众号 author line (and its warning) before this cap.
MAX_NAMES = 50
Names = Annotated[list[Text], BeforeValidator(_one_or_many), Field(max_length=MAX_NAMES)]
SectionKey = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_-]+$")]
IsoDate = Annotated[datetime.date, BeforeValidator(_iso_date)]
YearMonth = Annotated[str, BeforeValidator(_year_month)]
DocNumber = Annotated[str, BeforeValidator(_doc_number)]
Wan = Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=4)]


class Model(BaseModel):
    # validators built when first used, not at import: a build whose issues all come from
    # the archive cache validates nothing (~30 ms of its start); one that parses files
    # builds them before its workers fork (``project``)
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=False, defer_build=True)


class Period(Model):
    """When a case happened: ``{from: 2017-08, to: 2020-06}``."""

    start: YearMonth = Field(alias="from")
    end: YearMonth | None = Field(default=None, alias="to")


class Amounts(Model):
    """Money in a case, in 万元 (ten thousand yuan)."""

    involved: Wan | None = None
    recovered: Wan | None = None
    fined: Wan | None = None


class Case(Model):
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


#: What editors call the fields of a case (and of its period and amounts).
CASE_FIELDS: dict[str, str] = {
    "title": "标题",
    "subject": "当事方",
    "subject_type": "当事方类型",
    "region": "地区",
    "period": "时间段",
    "from": "开始时间",
    "to": "结束时间",
    "methods": "违规手段",
    "amounts": "金额",
    "involved": "涉案金额",
    "recovered": "追回金额",
    "fined": "罚款金额",
    "actions": "处理措施",
    "legal_basis": "法律依据",
    "body": "正文",
}
