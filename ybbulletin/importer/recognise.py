"""Recognise: paragraphs -> articles with 栏目, titles, sources, bylines, 按语 and cases."""

from __future__ import annotations

import re

from ybbulletin.importer.draft import Article, Case, Draft, Line
from ybbulletin.importer.header import drop_contents, drop_navigation, header
from ybbulletin.importer.text import ends_sentence
from ybbulletin.model import kinds_by_section_name
from ybbulletin.proofread import CJK

__all__ = ["KNOWN_SECTIONS", "parse"]

KNOWN_SECTIONS = kinds_by_section_name()  # 栏目 name -> entry kind, from model/kinds.py
_SECTION_LIKE = re.compile(
    r"^.{2,8}(动态|交流|通报|要闻|之窗|专栏|聚焦|园地|视点|解读|实事|风采|简讯)$"
)
_UNIT = re.compile(r"^\S{2,16}(局|中心|委员会|办公室|医院|厅|处|科|所|站|院)$")
_BYLINE = re.compile(r"^■?\s*(摄影\s*)?(记者|通讯员)")
_CASE_HEAD = re.compile(r"^(?:[一二三四五六七八九十]+、)?(?P<title>.{2,40}案)$")
_NUMBERED = re.compile(r"^[一二三四五六七八九十]+、")


def parse(lines: list[Line]) -> Draft:
    """Lines -> a draft: header, 栏目, articles, cases."""
    draft = Draft()
    lines = header(lines, draft)
    lines = drop_navigation(lines)
    listed = draft.listed
    lines = drop_contents(lines, listed)
    section: str | None = None
    article: Article | None = None
    pending_source: str | None = None
    newsy = any(_BYLINE.match(line.text) for line in lines)
    i = 0
    while i < len(lines):
        line = lines[i]
        text = line.text
        if line.table is None and line.image is None and _is_section(text):
            section = _section_key(text, draft)
            article = None
            i += 1
            continue
        if (
            line.table is None
            and line.image is None
            and _UNIT.match(text)
            and i + 1 < len(lines)
            and _is_title(lines, i + 1)
        ):
            pending_source = text
            i += 1
            continue
        last = _last_text(article)
        continues = bool(last) and not ends_sentence(last) and not last.startswith(("|", "![", "#"))
        key = text.replace(" ", "")
        if key and any(title.startswith(key) for title in listed):
            continues = False  # the contents list it: a title, even after a paragraph cut short
        if (
            not continues
            and _is_title(lines, i, newsy=newsy)
            and (article is None or article.body or article.cases or article.note)
        ):
            title, i = _title(lines, i)
            kind = KNOWN_SECTIONS.get(_label_of(section, draft), "news") if section else "news"
            article = Article(title=title, section=section or kind, kind=kind)
            if pending_source:
                article.source = pending_source
                article.confirm.append(f"来源“{pending_source}”取自标题前的一行")
                pending_source = None
            if section is None and re.match(r"^\S{2,8}?(市|县|区)医(疗)?保(障)?局", title):
                article.kind = article.section = "work_update"
                article.confirm.append("没有栏目标题；标题以市县医保局开头，暂归入“工作动态”")
            elif section is None:
                article.confirm.append("没有栏目标题，暂归入“要闻”")
            if "通报" in title:
                article.kind = "case_notice"
                if section is None:
                    article.section = "case_notice"
            draft.articles.append(article)
            if i < len(lines) and lines[i].text.startswith(("—", "－")):
                article.subtitle = lines[i].text.lstrip("—－ ")
                i += 1
            unit = re.fullmatch(r"（(\S{2,20})）", lines[i].text) if i < len(lines) else None
            if unit:
                article.source = unit.group(1)
                i += 1
            continue
        if article is None:
            draft.confirm.append(f"开头的一段未能归入文章，已略去：{text[:30]}")
            i += 1
            continue
        if (
            _BYLINE.match(text)
            and not text.startswith(("■摄影", "■ 摄影", "摄影"))
            and (article.body or article.reporters)
            and ends_sentence(_last_text(article))
        ):
            # a byline after an article's text opens the next article, whose title is missing
            article = Article(
                title="（原文缺少标题，请补写）", section=article.section, kind="news"
            )
            article.confirm.append("原文这篇文章没有标题，请补写")
            draft.articles.append(article)
        _body_line(article, line)
        i += 1
    for article in draft.articles:
        _finish(article)
    return draft


def _last_text(article: Article | None) -> str:
    if article is None:
        return ""
    if article.cases and article.cases[-1].body:
        return article.cases[-1].body[-1]
    return article.body[-1] if article.body else ""


def _is_section(text: str) -> bool:
    text = text.strip("【】")
    return text in KNOWN_SECTIONS or bool(_SECTION_LIKE.match(text))


def _section_key(text: str, draft: Draft) -> str:
    text = text.strip("【】")
    if text in KNOWN_SECTIONS:
        return KNOWN_SECTIONS[text]
    for key, label in draft.custom_sections.items():
        if label == text:
            return key
    key = f"lanmu-{len(draft.custom_sections) + 1}"
    draft.custom_sections[key] = text
    return key


def _label_of(section: str | None, draft: Draft) -> str:
    if section in draft.custom_sections:
        return "工作动态"  # a custom 栏目 holds work updates unless the editor says otherwise
    return next((label for label, key in KNOWN_SECTIONS.items() if key == section), "要闻")


def _looks_like_title(text: str) -> bool:
    if not text or len(text) > 45 or ends_sentence(text) or text.endswith(("，", "、", "：")):
        return False
    if re.match(r"^(一|二|三|四|五|六|七|八|九|十)是", text) or _BYLINE.match(text):
        return False
    if text.startswith(("按：", "编者按", "本报讯", "经查", "■", "表")) or _NUMBERED.match(text):
        return False
    if re.match(r"^（[一二三四五六七八九十]+）|^\d+[.、．]", text):
        return False  # a heading inside an article
    if text[-1] in "在的了和与及对把被从向以于将并而等或" or text.count("《") != text.count("》"):
        return False  # a line cut off mid-sentence, not a title
    return bool(re.search(f"[{CJK}]", text))


def _is_title(lines: list[Line], i: int, *, newsy: bool = False) -> bool:
    line = lines[i]
    if line.table or line.image or not _looks_like_title(line.text) or i + 1 >= len(lines):
        return False
    if newsy and "，" in line.text:
        # a newspaper page: a fragment cut by a page break (会议指出，数据清查工作涉) is no
        # title; a title there is followed by its byline or 本报讯 lead
        following = lines[i + 1].text
        return bool(_BYLINE.match(following)) or following.startswith("本报讯")
    return True


def _title(lines: list[Line], i: int) -> tuple[str, int]:
    """A title, joined when it was broken over two lines."""
    title = lines[i].text
    i += 1
    if (
        i < len(lines)
        and _looks_like_title(lines[i].text)
        and not lines[i].text.startswith("—")
        and len(title) + len(lines[i].text) <= 45
        and i + 1 < len(lines)
        and not _looks_like_title(lines[i + 1].text)
        and not _BYLINE.match(lines[i].text)
    ):
        title += lines[i].text
        i += 1
    return title, i


def _body_line(article: Article, line: Line) -> None:
    text = line.text
    if line.table is not None:
        article.body.append(_markdown_table(line.table))
        return
    if line.image is not None:
        article.body.append(f"![图片]({line.image})")
        article.confirm.append("图片说明请补写")
        return
    byline = _BYLINE.match(text)
    if byline:
        _bylines(article, text)
        article.kind = "news" if article.kind in ("news", "work_update") else article.kind
        return
    if text.startswith(("按：", "编者按：")):
        article.note.append(text.split("：", 1)[1])
        if article.kind in ("work_update", "news"):
            article.kind = "experience"
        return
    if text.startswith("本报讯"):
        article.kind = "news" if article.kind != "case_notice" else article.kind
        text = re.sub(r"^本报讯\s*", "本报讯 ", text)
    if article.kind == "case_notice":
        head = _CASE_HEAD.match(text)
        if head and (_NUMBERED.match(text) or not article.cases):
            article.cases.append(Case(head.group("title")))
            return
        if article.cases:
            article.cases[-1].body.append(text)
            return
    # a paragraph broken by a page break: the previous one stops mid-sentence and this one
    # does not open with a lead sentence of its own (精准参保“全覆盖”，织密医疗保障网。)
    previous = article.body[-1] if article.body else ""
    if (
        previous
        and not ends_sentence(previous)
        and not previous.startswith(("|", "![", "#"))
        and not _NUMBERED.match(text)
        and not _opens_with_lead(text)
    ):
        article.body[-1] = previous + text
        article.joined += 1
        return
    if _NUMBERED.match(text) and len(text) <= 40 and not ends_sentence(text):
        article.body.append("# " + text)
        return
    if re.match(r"^（[一二三四五六七八九十]+）", text) and len(text) <= 40:
        article.body.append("## " + text)
        return
    if article.body and text == article.body[-1]:
        article.confirm.append(f"段落重复：“{text[:20]}…”，已保留，请删去多余的一段")
    article.body.append(text)


def _opens_with_lead(text: str) -> bool:
    first = re.match(r"^[^。！？]*[。！？]", text)
    if first is None:
        return False
    return len(first.group()) <= 20 and bool(re.search("[，“]", first.group()))


def _bylines(article: Article, text: str) -> None:
    for role, names in re.findall(
        r"(摄影\s*记者|记者|通讯员)\s*([^■记通]+)", text.replace("■", " ")
    ):
        people = [n for n in names.split() if n]
        if role.startswith("摄影"):
            article.photographers += people
        elif role == "记者":
            article.reporters += people
        else:
            article.correspondents += people


def _markdown_table(rows: list[list[str]]) -> str:
    width = max(len(row) for row in rows)
    padded = [row + [""] * (width - len(row)) for row in rows]
    lines = ["| " + " | ".join(padded[0]) + " |", "|" + "---|" * width]
    lines += ["| " + " | ".join(row) + " |" for row in padded[1:]]
    return "\n".join(lines)


def _finish(article: Article) -> None:
    if article.joined:
        article.confirm.append(f"合并了 {article.joined} 处被分页或换行断开的段落")
    if article.kind == "case_notice" and not article.cases:
        article.kind = "work_update" if article.section == "work_update" else "news"
        if article.section == "case_notice":
            article.section = article.kind
    if article.note and article.kind != "experience":
        article.kind = "experience"
