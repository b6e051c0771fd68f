"""Recognise the frame around the articles: 报头, contents list, 报尾, website chrome."""

from __future__ import annotations

import datetime
import re

from ybbulletin.importer.draft import Draft, Line
from ybbulletin.importer.text import ends_sentence

_HEADER = re.compile(
    r"^(?P<name>\S+?)\s*(?P<year>\d{4})年(?P<kind>增刊|专刊)?第(?P<number>\d+)期"
    r"(?:[（(]总第(?P<total>\d+)期[)）])?"
)
_NUMBER_LINE = re.compile(
    r"^(?:(?P<kind>增刊|专刊))?第(?P<number>\d+)期(?:（总第(?P<total>\d+)期）)?$"
)
_IMPRINT = re.compile(
    r"^(?P<publisher>\S+)\s+(?P<year>\d{4})年(?P<month>\d{1,2})月(?P<day>\d{1,2})日$"
)
_COLOPHON = re.compile(r"^(报|送|发|抄送)：|^（共印\d+份）$|^(编辑|审核|签发)：")
_PUBLISHED = re.compile(r"发布时间[:：]\s*(\d{4})[-年./](\d{1,2})[-月./](\d{1,2})")
_FROM = re.compile(r"来源[:：]\s*(\S+)")
_NAV = re.compile(r"^(上一篇|下一篇)[:：]")


def header(lines: list[Line], draft: Draft) -> list[Line]:
    rest: list[Line] = []
    in_contents = False
    for index, line in enumerate(lines):
        text = line.text
        # the layout ybbulletin's own print and Word files have (and many bulletins share)
        number_line = _NUMBER_LINE.match(text) if index < 4 else None
        if number_line:
            draft.number = int(number_line.group("number"))
            draft.total = int(number_line.group("total")) if number_line.group("total") else None
            kinds = {"增刊": "supplement", "专刊": "special"}
            draft.kind = kinds.get(number_line.group("kind") or "", "regular")
            if index == 1 and rest:
                draft.name = rest.pop().text
            continue
        imprint = _IMPRINT.match(text) if index < 5 else None
        if imprint:
            draft.year = int(imprint.group("year"))
            draft.date = datetime.date(
                draft.year, int(imprint.group("month")), int(imprint.group("day"))
            )
            draft.source = imprint.group("publisher")
            continue
        if text.startswith("本期专题："):
            draft.theme = text.removeprefix("本期专题：")
            continue
        if text in ("本期目录", "本期要目", "目录"):
            in_contents = True
            continue
        if in_contents:
            if re.fullmatch(r"【.+】", text):
                in_contents = False
            else:
                draft.listed.append(text.replace(" ", ""))
                continue
        if _COLOPHON.match(text):
            continue  # 报尾: 报/送/发 lines and 共印N份 are not articles
        match = _HEADER.match(line.text) if index < 3 else None
        if match:
            draft.name = match.group("name")
            draft.year, draft.number = int(match.group("year")), int(match.group("number"))
            draft.total = int(match.group("total")) if match.group("total") else None
            draft.kind = {"增刊": "supplement", "专刊": "special"}.get(
                match.group("kind") or "", "regular"
            )
            continue
        published = _PUBLISHED.search(line.text) if index < 4 else None
        if published:
            draft.date = datetime.date(*(int(g) for g in published.groups()))
            source = _FROM.search(line.text)
            draft.source = source.group(1) if source else None
            continue
        if "字体【" in line.text or "【字体" in line.text:
            continue
        rest.append(line)
    return rest


def drop_navigation(lines: list[Line]) -> list[Line]:
    for index, line in enumerate(lines):
        if _NAV.match(line.text):
            return lines[:index]
    return lines


def drop_contents(lines: list[Line], listed: list[str]) -> list[Line]:
    """A website's table of contents: leading title lines that all come again further down.

    The titles it lists are added to ``listed``: below, they are titles for sure.
    """
    keys = [line.text.replace(" ", "") for line in lines]
    count = 0
    for index, line in enumerate(lines):
        if line.table or line.image or ends_sentence(line.text) or len(line.text) > 45:
            break
        later = "".join(keys[index + 1 :])
        if keys[index] not in later:
            break
        count += 1
    # the last of them may be the first article's own title: keep what is not listed twice
    while count and "".join(keys[count:]).count(keys[count - 1]) < 1:
        count -= 1
    if count < 2:
        return lines
    listed.extend(keys[:count])
    return lines[count:]
