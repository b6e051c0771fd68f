"""Case notices: case headings, and a notice's lines split into intro, cases and closing.

Case headings: 一、…案, （一）…, 1./1、, 案例1：, 案例一、, 案例一 …, a bare 案例1 with the
headline below it, an unnumbered line ending in 案 or 案例, a bold lead (**…案。**) opening a
paragraph, and numbered headings without 案 (（一）某县人民医院) when the paragraphs under them
read as cases. Group headings (一、关于定点医疗机构的典型案例, 第一批：) and region labels above
cases are kept as notes on the case that follows; the words after the last case to everyone
(各地要引以为戒……) are the closing.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ybbulletin.importer.draft import Article, Case, Line
from ybbulletin.importer.scripts import fold, rule
from ybbulletin.importer.text import ends_sentence, markdown_table

__all__ = [
    "ENUMERATOR",
    "NUMERALS",
    "REGION_LABEL",
    "bold_case",
    "case_title",
    "is_case_heading",
    "numbered_cases",
    "split_cases",
    "table_cases",
]

NUMERALS = "一二三四五六七八九十"
_NUM = NUMERALS
_CASE_NUMBER = rule(rf"^案例\s*([{_NUM}]+|\d+)\s*(?:[：:、.．]|—{{1,2}}|－|-)?\s*")
ENUMERATOR = rule(rf"^(?:[{_NUM}]+、|[（(][{_NUM}]+[)）]|\d{{1,2}}[.．、])\s*")
_NOTE = re.compile(r"\s*[（(][^（）()]{1,24}[)）]$")
_NOT_A_CASE = "立备结办方预档提议草答图专个该此本"
_GROUP = rule(rf"^第[{_NUM}\d]+批[：:]?$|案例|典型|方面|类")
# a region label above cases, perhaps with its count of cases (天宁区（4）)
_COUNT = rule(r"[（(]\d{1,4}[)）]$")
REGION_LABEL = _REGION = rule(
    r"^(?:\S{2,8}(省|市|区|县|州|盟|旗)|(北京|天津|上海|重庆|河北|山西|辽宁|吉林|"
    r"黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|海南|四川|贵州|云南|"
    r"陕西|甘肃|青海|内蒙古|广西|西藏|宁夏|新疆))(?:[（(]\d{1,4}[)）])?$"
)
_CLOSING = rule(r"^(各地|各级|各县|各市|各区|各定点|各医疗|各相关|希望|请各|全市|全省|全区|下一步)")
_BOLD_LEAD = re.compile(r"^\*\*(?P<lead>[^*]{2,80}?)\*\*(?P<rest>.+)$")


def case_title(text: str) -> tuple[str, str | None] | None:
    """A case heading's title and trailing note, or None; ``("", None)`` for a bare 案例1."""
    numbered = _CASE_NUMBER.match(text)
    rest = text[numbered.end() :] if numbered else ENUMERATOR.sub("", text, count=1)
    note_match = _NOTE.search(rest)
    note = note_match.group().strip() if note_match else None
    title = rest[: note_match.start()] if note_match else rest
    if numbered:
        if not title:
            return ("", None)
        if len(title) <= 80 and not ends_sentence(title):
            return (title.strip(), note)
        return None
    if not (4 <= len(title) <= 80) or ends_sentence(title) or "。" in title:
        return None
    if fold(title).startswith("关于") or fold(title).endswith(("典型案例", "类案例", "的案例")):
        return None  # a group heading above cases: 一、关于定点医疗机构的典型案例
    if title.endswith("案例") or (title.endswith("案") and fold(title[-2]) not in _NOT_A_CASE):
        return (title.strip(), note)
    return None


def is_case_heading(text: str) -> bool:
    found = case_title(text)
    return found is not None and (bool(found[0]) or bool(_CASE_NUMBER.match(text)))


def numbered_cases(lines: list[Line]) -> set[int]:
    """Numbered headings not ending in 案 (（一）某县人民医院) that each open a case's text:
    the paragraph under them says 经查, names money or a person (某)."""
    found: dict[str | None, set[int]] = {}
    for index, line in enumerate(lines[:-1]):
        text = line.text
        if line.table is not None or len(text) > 40 or ends_sentence(text) or _family(text) is None:
            continue
        if _family(text) == "案例":
            continue
        if rule(
            r"经查|经核查|经调查|调查发现|检查发现|核查发现|查实|骗取|违规|违法|涉及|\d元|某"
        ).search(lines[index + 1].text[:80]):
            found.setdefault(_family(text), set()).add(index)
    return max(found.values(), key=len, default=set())


def split_cases(
    article: Article,
    lines: list[Line],
    named: set[int],
    intro_line: Callable[[Article, Line], None],
) -> None:
    """The lines into the notice's intro (through ``intro_line``), cases and closing; ``named``
    are the numbered headings found by ``numbered_cases``."""
    pending: list[str] = []
    region: str | None = None
    family: str | None = None
    skip = False
    for index, line in enumerate(lines):
        if skip:
            skip = False
            continue
        text = line.text
        following = lines[index + 1].text if index + 1 < len(lines) else ""
        if named and index in named:
            _new_case(article, ENUMERATOR.sub("", text, count=1), pending, region, None)
            continue
        found = case_title(text) if line.table is None else None
        bare = found is not None and not found[0]
        if bare and following and not ends_sentence(following) and len(following) <= 80:
            # 案例1 alone, its headline on the next line
            _new_case(article, following, pending, region, f"原文“{text}”")
            skip = True
            family = "案例"
            continue
        if found is not None and found[0] and is_case_heading(text):
            title = found[0]
            if _heading_rest(title, following):
                title, skip = title + following, True  # …按摩店 / 违规案: broken over two lines
            case = _new_case(article, title, pending, region, None)
            if found[1]:
                case.confirm.append(f"原标题“{text}”，括注已移出标题")
            family = _family(text)
            continue
        if family and _family(text) == family and not ends_sentence(text) and len(text) <= 80:
            _new_case(article, ENUMERATOR.sub("", text, count=1), pending, region, None)
            continue
        led = bold_case(text)
        if led:
            case = _new_case(article, led[0], pending, region, None)
            case.body.append(led[1])
            family = _family(led[2])
            continue
        after = lines[index + 2].text if index + 2 < len(lines) else ""
        ahead = (
            is_case_heading(following)
            or index + 1 in named
            or (_REGION.match(following) is not None and is_case_heading(after))
        )
        if following and ahead and len(text) <= 40 and not ends_sentence(text):
            if _REGION.match(text):
                region = _COUNT.sub("", text)  # 天宁区（4）: a district and its count of cases
                pending.append(f"地区标题“{text}”")
                continue
            label = len(text) <= 20 and "如下" not in text
            if (
                ENUMERATOR.match(text)
                or (label and _GROUP.search(text))
                or (len(text) <= 10 and text.endswith(("：", ":")))
            ):
                pending.append(f"分组标题“{text}”")
                continue
        if article.cases:
            _case_line(article.cases[-1], line)
        else:
            intro_line(article, line)
    if pending:
        article.confirm.append("案例后面的文字：" + "；".join(pending))
    _closing(article)


def _closing(article: Article) -> None:
    """Paragraphs after the last case that speak to everyone (各地要引以为戒……): the 结语."""
    if not article.cases:
        return
    body = article.cases[-1].body
    while len(body) > 1 and _CLOSING.match(body[-1]) and "经查" not in fold(body[-1]):
        article.closing.insert(0, body.pop())


def bold_case(text: str) -> tuple[str, str, str] | None:
    """A paragraph opening with a bold case heading: (title, the rest, the heading)."""
    bold = _BOLD_LEAD.match(text)
    if not bold:
        return None
    lead = bold.group("lead").strip().rstrip("。.：:")
    found = case_title(lead)
    if found is None or not found[0]:
        return None
    return found[0], bold.group("rest").strip(), lead


_HEADING_END = rule(r"[^，。；：:、\s]{1,14}案例?")


def _heading_rest(title: str, following: str) -> bool:
    """The next line ends a case heading broken over two lines: a few words ending in 案."""
    return not fold(title).endswith(("案", "案例")) and bool(_HEADING_END.fullmatch(following))


def _family(text: str) -> str | None:
    if rule(rf"^[{_NUM}]+、").match(text):
        return "一、"
    if rule(rf"^[（(][{_NUM}]+[)）]").match(text):
        return "（一）"
    if re.match(r"^\d{1,2}[.．、]", text):
        return "1."
    if _CASE_NUMBER.match(text):
        return "案例"
    return None


def _new_case(
    article: Article, title: str, pending: list[str], region: str | None, origin: str | None
) -> Case:
    case = Case(title.strip(), region=region)
    if pending:
        case.confirm.append("原文在这个案例前有" + "、".join(pending))
        pending.clear()
    if origin:
        case.confirm.append(f"案例标题在{origin}的下一行")
    article.cases.append(case)
    return case


def _case_line(case: Case, line: Line) -> None:
    if line.table is not None:
        case.body.append(markdown_table(line.table))
        return
    previous = case.body[-1] if case.body else ""
    if (
        previous
        and not ends_sentence(previous)
        and len(previous) > 30
        and not previous.startswith("|")
    ):
        case.body[-1] = previous + line.text
        return
    case.body.append(line.text)


# a register of cases as a table: a column naming each party, columns of amounts
_NAME_COLUMN = rule(r"案件名称|机构名称|单位名称|医药机构|当事人|当事方|被处罚|违规单位|定点机构")
_AMOUNT_COLUMN = rule(r"金额|罚款|违约金|追回|拒付|退回|扣回")
_PLAIN_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_BRACKETED = re.compile(r"[（(][^（）()]*[)）]")


def table_cases(table: list[list[str]]) -> list[Case]:
    """A register of cases as a table (案件名称 | 拒付金额（元） | 罚款金额（元） | 处理结果 …):
    a case a row, headed by its name cell, its other cells as text, an amount cell written
    with its column's name and unit (罚款金额1352.55元) so that the amounts are read as in a
    case's text. Empty if the table is no such register."""
    if len(table) < 2:
        return []
    header = table[0]
    name = next((i for i, head in enumerate(header) if _NAME_COLUMN.search(head)), None)
    if name is None or not any(_AMOUNT_COLUMN.search(head) for head in header):
        return []
    cases = []
    for number, row in enumerate(table[1:], start=1):
        if name >= len(row) or not row[name].strip():
            continue
        parts = []
        for column, (head, cell) in enumerate(zip(header, row, strict=False)):
            cell = cell.strip()
            if column == name or not cell or cell == str(number):  # the name, a row number
                continue
            if _AMOUNT_COLUMN.search(head) and _PLAIN_NUMBER.fullmatch(cell):
                unit = "万元" if "万元" in head else "元"
                parts.append(f"{_BRACKETED.sub('', head)}{cell}{unit}")
            else:
                parts.append(f"{head}：{cell}")
        case = Case(row[name].strip(), ["；".join(parts)])
        case.confirm.append("取自原文表格的一行，案例标题请改为“当事方＋违规行为＋案”")
        cases.append(case)
    return cases
