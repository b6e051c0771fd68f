"""Build one article from its lines: bylines, 来源, 按语, paragraphs, headings and cases.

A case notice's lines split into an intro and cases at its case headings: 一、…案,
（一）…, 1./1、, 案例1：, 案例一、, 案例一 …, a bare 案例1 with the headline below it, an
unnumbered line ending in 案 or 案例, a bold lead (**…案。**) opening a paragraph. Group
headings (一、关于定点医疗机构的典型案例, 第一批：) and region labels above cases are kept as
notes on the case that follows.
"""

from __future__ import annotations

import re

from ybbulletin.importer.draft import Article, Case, Draft, Line
from ybbulletin.importer.kinds import guess_kind
from ybbulletin.importer.text import ends_sentence

__all__ = ["BYLINE", "build", "is_case_heading"]

BYLINE = re.compile(r"^■?\s*(摄影\s*)?((全媒体|融媒体|首席|见习|实习|特约)?记者|通讯员)")
_NUM = "一二三四五六七八九十"
_CASE_NUMBER = re.compile(rf"^案例\s*([{_NUM}]+|\d+)\s*[：:、.．]?\s*")
_ENUMERATOR = re.compile(rf"^(?:[{_NUM}]+、|[（(][{_NUM}]+[)）]|\d{{1,2}}[.．、])\s*")
_NOTE = re.compile(r"\s*[（(][^（）()]{1,24}[)）]$")
_NOT_A_CASE = "立备结办方预档提议草答图专个该此本"
_GROUP = re.compile(rf"^第[{_NUM}\d]+批[：:]?$|案例|典型|方面|类")
_REGION = re.compile(
    r"^\S{2,8}(省|市|区|县|州|盟|旗)$|^(北京|天津|上海|重庆|河北|山西|辽宁|吉林|"
    r"黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|海南|四川|贵州|云南|"
    r"陕西|甘肃|青海|内蒙古|广西|西藏|宁夏|新疆)$"
)
_ROLE = r"(?:(?:全媒体|融媒体|首席|见习|实习|特约)?记者|通讯员|摄影记者|摄影|摄)"
_CLOSING = re.compile(
    r"^(各地|各级|各县|各市|各区|各定点|各医疗|各相关|希望|请各|全市|全省|全区|下一步)"
)
_ISSUER = re.compile(
    r"^(\S{2,24}?(?:医疗保障局|医保局|人民政府|办公室|办公厅|委员会|医疗保障厅|局|厅))关于"
)
_BOLD_LEAD = re.compile(r"^\*\*(?P<lead>[^*]{2,80}?)\*\*(?P<rest>.+)$")


def case_title(text: str) -> tuple[str, str | None] | None:
    """A case heading's title and trailing note, or None; ``("", None)`` for a bare 案例1."""
    numbered = _CASE_NUMBER.match(text)
    rest = text[numbered.end() :] if numbered else _ENUMERATOR.sub("", text, count=1)
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
    if title.startswith("关于") or title.endswith(("典型案例", "类案例", "的案例")):
        return None  # a group heading above cases: 一、关于定点医疗机构的典型案例
    if title.endswith("案例") or (title.endswith("案") and title[-2] not in _NOT_A_CASE):
        return (title.strip(), note)
    return None


def is_case_heading(text: str) -> bool:
    found = case_title(text)
    return found is not None and (bool(found[0]) or bool(_CASE_NUMBER.match(text)))


def build(article: Article, lines: list[Line], draft: Draft) -> None:
    lines = _bylines(article, lines)
    lines = _sources(article, lines)
    heads = sum(
        1
        for line in lines
        if line.table is None and (is_case_heading(line.text) or _bold_case(line.text))
    )
    texts = [line.text for line in lines if line.table is None and line.text]
    lead = next((text for text in texts if len(text) > 30), texts[0] if texts else "")
    opening = "".join(texts[:2])[:120]
    cue = re.search("通报|典型案例|曝光|案例", article.title + opening)
    named = _numbered_cases(lines) if cue and not heads else set()
    if len(named) >= 2:
        heads = len(named)
    if heads >= 2 or (heads and cue) or (article.kind == "case_notice" and heads):
        article.kind = "case_notice"
        issuer = _ISSUER.match(article.title)
        if issuer and not article.source:
            article.source = issuer.group(1)
            article.confirm.append(f"发文机关“{issuer.group(1)}”取自标题")
        _cases(article, lines, named)
    else:
        if article.kind == "case_notice":
            article.kind = "news"
        for line in lines:
            _body_line(article, line)
    guess_kind(article, lead, draft)
    _finish(article)


def _bylines(article: Article, lines: list[Line]) -> list[Line]:
    """Byline lines out (names read, the line kept in a note); bylines inside leads read."""
    kept: list[Line] = []
    for index, line in enumerate(lines):
        text = line.text
        if (
            line.table is None
            and BYLINE.match(text)
            and len(text) <= 60
            and not ends_sentence(text)
        ):
            _names(article, text.replace("■", " "), text)
            article.confirm.append(f"署名“{text}”已读入记者、通讯员、摄影")
            continue
        lead = (
            re.match(r"^\S{0,16}(?:讯|电|报道[：:]?)\s*[（(](?P<by>[^（）()]{1,60})[)）]", text)
            or re.match(rf"^本报讯\s*(?P<by>{_ROLE}[^，。：]{{1,40}}?)报道", text)
            or re.match(rf"^(?P<by>{_ROLE}[^，。：]{{1,40}}?)报道[：:]", text)
            or re.match(r"^(?P<by>(?:全媒体|融媒体)?记者\s*[\u4e00-\u9fff]{2,4})\s", text)
        )
        if index <= 1 and lead:
            article.kind_reason = article.kind_reason or "byline"
            _names(article, lead.group("by"), text[: lead.end()])
        trailing = re.search(r"[（(](?P<by>[^（）()]*记者[^（）()]*)[)）]$", text)
        if trailing and index >= len(lines) - 2:
            article.kind_reason = article.kind_reason or "byline"
            _names(article, trailing.group("by"), trailing.group())
        kept.append(line)
    return kept


def _names(article: Article, byline: str, original: str) -> None:
    parts = re.split(f"({_ROLE})", re.sub(r"摄影\s+记者", "摄影记者", byline))
    unlabeled = _people(parts[0])
    for role, names in zip(parts[1::2], parts[2::2], strict=False):
        people = _people(names)
        if role.startswith("摄"):
            article.photographers += people
        elif role.endswith("记者"):
            article.reporters += people
        else:
            article.correspondents += people
    if unlabeled:
        article.confirm.append(
            f"署名“{'、'.join(unlabeled)}”没有注明记者或通讯员（原文“{original}”）"
        )


def _people(text: str) -> list[str]:
    return [n for n in re.split(r"[\s、，,/]+", text) if re.fullmatch(r"[\u4e00-\u9fff·]{2,5}", n)]


def _sources(article: Article, lines: list[Line]) -> list[Line]:
    """(XX局供稿) lines and a closing (中新网): the article's 来源."""
    kept: list[Line] = []
    for index, line in enumerate(lines):
        supplied = re.fullmatch(r"[（(](\S{2,20}?)(供稿|供图|报送|提供)[)）]", line.text)
        if supplied:
            article.source = article.source or supplied.group(1)
            article.confirm.append(f"来源取自原文“{line.text}”")
            continue
        media = re.search(
            r"[（(]([\u4e00-\u9fff]{2,10}(网|社|台|频道|客户端|日报|晚报))[)）]$", line.text
        )
        if media and index == len(lines) - 1 and article.source is None:
            article.source = media.group(1)
            article.kind_reason = article.kind_reason or "media"
        kept.append(line)
    return kept


def _numbered_cases(lines: list[Line]) -> set[int]:
    """Numbered headings not ending in 案 (（一）某县人民医院) that each open a case's text:
    the paragraph under them says 经查, names money or a person (某)."""
    found: dict[str | None, set[int]] = {}
    for index, line in enumerate(lines[:-1]):
        text = line.text
        if line.table is not None or len(text) > 40 or ends_sentence(text) or _family(text) is None:
            continue
        if _family(text) == "案例":
            continue
        if re.search(r"经查|经核查|经调查|骗取|违规|违法|涉及|\d元|某", lines[index + 1].text[:80]):
            found.setdefault(_family(text), set()).add(index)
    return max(found.values(), key=len, default=set())


def _cases(article: Article, lines: list[Line], named: set[int] | None = None) -> None:
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
            _new_case(article, _ENUMERATOR.sub("", text, count=1), pending, region, None)
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
            case = _new_case(article, found[0], pending, region, None)
            if found[1]:
                case.confirm.append(f"原标题“{text}”，括注已移出标题")
            family = _family(text)
            continue
        if family and _family(text) == family and not ends_sentence(text) and len(text) <= 80:
            _new_case(article, _ENUMERATOR.sub("", text, count=1), pending, region, None)
            continue
        bold_case = _bold_case(text)
        if bold_case:
            case = _new_case(article, bold_case[0], pending, region, None)
            case.body.append(bold_case[1])
            family = _family(bold_case[2])
            continue
        after = lines[index + 2].text if index + 2 < len(lines) else ""
        ahead = is_case_heading(following) or (
            _REGION.match(following) is not None and is_case_heading(after)
        )
        if following and ahead and len(text) <= 40 and not ends_sentence(text):
            if _REGION.match(text):
                region = text
                pending.append(f"地区标题“{text}”")
                continue
            label = len(text) <= 20 and "如下" not in text
            if (
                _ENUMERATOR.match(text)
                or (label and _GROUP.search(text))
                or (len(text) <= 10 and text.endswith(("：", ":")))
            ):
                pending.append(f"分组标题“{text}”")
                continue
        if article.cases:
            _case_line(article.cases[-1], line)
        else:
            _body_line(article, line)
    if pending:
        article.confirm.append("案例后面的文字：" + "；".join(pending))
    _closing(article)


def _closing(article: Article) -> None:
    """Paragraphs after the last case that speak to everyone (各地要引以为戒……): the 结语."""
    if not article.cases:
        return
    body = article.cases[-1].body
    while len(body) > 1 and _CLOSING.match(body[-1]) and "经查" not in body[-1]:
        article.closing.insert(0, body.pop())


def _bold_case(text: str) -> tuple[str, str, str] | None:
    """A paragraph opening with a bold case heading: (title, the rest, the heading)."""
    bold = _BOLD_LEAD.match(text)
    if not bold:
        return None
    lead = bold.group("lead").strip().rstrip("。.：:")
    found = case_title(lead)
    if found is None or not found[0]:
        return None
    return found[0], bold.group("rest").strip(), lead


def _family(text: str) -> str | None:
    if re.match(rf"^[{_NUM}]+、", text):
        return "一、"
    if re.match(rf"^[（(][{_NUM}]+[)）]", text):
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
        case.body.append(_markdown_table(line.table))
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


def _body_line(article: Article, line: Line) -> None:
    text = line.text
    if line.table is not None:
        article.body.append(_markdown_table(line.table))
        return
    if line.image is not None:
        article.body.append(f"![图片]({line.image})")
        article.confirm.append("图片说明请补写")
        return
    if text.startswith(("按：", "编者按：", "编者按:")):
        article.note.append(text.split("：", 1)[-1].split(":", 1)[-1])
        return
    if text.startswith("本报讯"):
        text = re.sub(r"^本报讯\s*", "本报讯 ", text)
    # a paragraph broken by a page break: the previous one stops mid-sentence and this one
    # does not open with a lead sentence of its own (精准参保“全覆盖”，织密医疗保障网。)
    previous = article.body[-1] if article.body else ""
    if (
        previous
        and not _heading_like(previous)
        and not ends_sentence(previous)
        and not previous.startswith(("|", "![", "#"))
        and not _ENUMERATOR.match(text)
        and not _opens_with_lead(text)
    ):
        article.body[-1] = previous + text
        article.joined += 1
        return
    if re.match(rf"^[{_NUM}]+、", text) and len(text) <= 40 and not ends_sentence(text):
        article.body.append("# " + text)
        return
    if re.match(rf"^（[{_NUM}]+）", text) and len(text) <= 40:
        article.body.append("## " + text)
        return
    if article.body and text == article.body[-1]:
        article.confirm.append(f"段落重复：“{text[:20]}…”，已保留，请删去多余的一段")
    article.body.append(text)


def _heading_like(text: str) -> bool:
    """A short line without a comma (a sub-heading, a caption), or a table or image."""
    return (len(text) <= 30 and "，" not in text) or text.startswith(("|", "![", "#"))


def _opens_with_lead(text: str) -> bool:
    first = re.match(r"^[^。！？]*[。！？]", text)
    if first is None:
        return False
    return len(first.group()) <= 20 and bool(re.search("[，“]", first.group()))


def _markdown_table(rows: list[list[str]]) -> str:
    width = max(len(row) for row in rows)
    padded = [row + [""] * (width - len(row)) for row in rows]
    lines = ["| " + " | ".join(padded[0]) + " |", "|" + "---|" * width]
    lines += ["| " + " | ".join(row) + " |" for row in padded[1:]]
    return "\n".join(lines)


def _finish(article: Article) -> None:
    if article.joined:
        article.confirm.append(f"合并了 {article.joined} 处被分页或换行断开的段落")
    if article.note and article.kind not in ("experience", "case_notice"):
        article.kind = "experience"
