"""Recognise: paragraphs -> articles (栏目, titles, sources), each then built by ``body``.

Two shapes of source: a whole bulletin (a 报头, a contents list, 栏目 headings or several
bylines: a new title opens a new article) and a single article (a web page, a county's
contribution: one title at the top, everything after it is that article's, its short
lines are sub-headings). Text before the first title is never dropped: it becomes an
article of its own whose missing title the editor is asked to write.
"""

from __future__ import annotations

import bisect
import dataclasses
import re

from ybbulletin.characters import CJK
from ybbulletin.importer.body import BYLINE, DATELINE, OUTLET_NAME, build
from ybbulletin.importer.draft import UNTITLED, Article, Draft, Line
from ybbulletin.importer.header import DATE, drop_contents, frame, set_date
from ybbulletin.importer.kinds import DOC_NUMBER_LINE, DOC_TITLE, KNOWN_SECTIONS
from ybbulletin.importer.notice import NUMERALS, REGION_LABEL, is_case_heading
from ybbulletin.importer.scripts import fold, glosses, rule, unglossed
from ybbulletin.importer.text import doubled_title, ends_sentence, is_name, run_in_items

__all__ = ["KNOWN_SECTIONS", "parse"]

_SECTION_LIKE = rule(r"^.{2,8}(动态|交流|通报|要闻|之窗|专栏|聚焦|园地|视点|解读|实事|风采|简讯)$")
_UNIT = rule(r"^\S{2,16}(局|中心|委员会|办公室|医院|厅|处|科|所|站|院)$")
# a site's name or slogan over a copied page's title (右江日报社创办的权威新闻综合网站): no 来源
_SITE_LINE = rule(r"网站$")
_NUMBERED = rule(rf"^[{NUMERALS}]+、")
_DECISION = rule(r"\S{0,6}决定书")  # 行政处罚决定书, 行政处理决定书 alone on a line
_DECISION_NUMBER = rule(r"\S{2,14}?字?[\[【(（［〔](?:19|20)\d{2}[\]】)）］〕]第?\d{1,5}[号號]")
# (a photo's credit closing it: …联防照护。（圖/健保署中區業務組提供）)
_CAPTION = rule(
    r"[（(][^（）()]*摄[)）]$|^摄影[:：]|^图[:：]|^[（(]图|[（(]\s*图\s*[/／:：][^（）()]*[)）]$"
)
# a label and its value (时间：2022年4月28日, 主题：…), not a headline (九宫山镇：医保宣传进乡村)
# a date (and time) alone on a line: the line before it is a byline or an account's name
# (公众号 copies: title, 美体, 2024-10-10 11:32), not the rest of a title
# a 公众号's or a bureau's name on a line under the title: 内江医保, 泉州医保发布
_ACCOUNT = rule(r"\S{2,8}?(?:医保|医疗保障|医保局|医疗保障局|医保发布|发布)")
_DATE_LINE = rule(r"^\d{4}[-年./]\d{1,2}[-月./]\d{1,2}日?(?:\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?$")
# the fields of a penalty or handling decision's form
_PARTY_FIELD = rule(
    r"^(?:当事人|住所|地址|法定代表人|主要负责人|负责人|统一社会信用代码|主体资格证件)"
    r"[^：:，。]{0,16}[：:]"
)
_LABEL = rule(
    r"^(?:时间|日期|地点|主题|发布人|主持人|出席|问|答|来源|作者|编辑|记者|通讯员|附件|电话|地址)[：:]"
    r"|^[^：:，。\s]{1,6}[：:]\s*\d"
)


def parse(lines: list[Line]) -> Draft:
    """Lines -> a draft: header, 栏目, articles, cases."""
    draft = Draft()
    lines = _title_apart(frame(_unglossed(lines, draft), draft), draft)
    lines = drop_contents(_document_lines(_items_apart(lines)), draft)
    sections = any(_is_section(line) for line in lines)
    openers = sum(1 for line in lines if BYLINE.match(line.text) or _reports(line.text))
    if draft.issue_shaped or sections or openers >= 2:
        _bulletin(lines, draft)
    if not draft.articles and lines:
        _single(lines, draft)  # never reject a readable text: one article holds it all
    for article in draft.articles:
        build(article, article.raw, draft)
        article.raw = []
    return draft


def _title_apart(lines: list[Line], draft: Draft) -> list[Line]:
    """The first paragraph, when it holds the title twice and then the text (a document site's
    copy): the title on a line of its own, once, and the text after it."""
    if not lines or lines[0].table is not None or lines[0].image is not None:
        return lines
    parts = doubled_title(lines[0].text)
    if parts is None or not _looks_like_title(parts[0]):
        return lines
    draft.confirm.append(
        f"原文第一段以标题开头且重复了两遍：已拆出标题“{parts[0]}”，正文从其后开始"
    )
    return [Line(parts[0], lines[0].after_blank), Line(parts[1]), *lines[1:]]


def _items_apart(lines: list[Line]) -> list[Line]:
    """Numbered items a page ran into one paragraph (…如下: 一、…。 二、…) one a line."""
    result: list[Line] = []
    for line in lines:
        parts = run_in_items(line.text) if line.table is None and line.image is None else []
        if len(parts) < 2:
            result.append(line)
            continue
        result.append(dataclasses.replace(line, text=parts[0]))
        result += [Line(part) for part in parts[1:]]
    return result


def _unglossed(lines: list[Line], draft: Draft) -> list[Line]:
    """A mis-converted page's text without the pinyin glosses after its characters
    (醫(yī)保 -> 醫保): in every line once there are several; a stray one stays but in a title."""
    found = sum(glosses(line.text) for line in lines)
    if found < 3:
        return lines
    draft.confirm.append(
        f"原文每个字后带拼音注音（如“醫(yī)”），是转换出错的页面：已去掉 {found} 处，请对照原文核对"
    )
    return [dataclasses.replace(line, text=unglossed(line.text)) for line in lines]


def _open(draft: Draft, title: str, section: str | None, *, sectioned: bool) -> Article:
    clean = _clean_title(title)
    article = Article(title=clean, section=section or "news", kind="news", sectioned=sectioned)
    if clean != title:
        article.confirm.append(f"标题原文“{title}”，已去掉网页加在前后的标记或拼音注音")
    draft.articles.append(article)
    return article


def _single(lines: list[Line], draft: Draft) -> None:
    """One article: the title among its first lines (after a unit line), the rest its text."""
    start = 0
    source: str | None = None
    document = _document_title(lines)
    if document:  # a document's title over its 文号: what comes before is the page's
        for line in lines[:document]:
            rows = [" ".join(row) for row in line.table or []]
            draft.dropped.extend(text for text in [line.text, *rows] if text)
        lines = lines[document:]
    for index, line in enumerate(lines[:4]):
        following = lines[index + 1].text if index + 1 < len(lines) else ""
        if _UNIT.match(line.text) and line.table is None and _looks_like_title(following):
            continue  # the unit line before a title: its 来源, or the site's name
        if _looks_like_title(line.text) and not _CAPTION.search(line.text):
            start = index
            break
        if _lone_heading(line, lines):
            start = index  # 青海通报今年第二批违规使用医保基金案例: a headline, not a case
            break
        if _cut_headline(line.text) and (_reports(following) or DATELINE.match(following)):
            start = index  # a headline the page cut short (…打擊倒賣醫保回流藥、騙…) over its lead
            break
        start = -1
        break
    else:
        start = -1
    if start >= 0 and start + 1 < len(lines):
        for line in lines[:start]:
            source = line.text  # the unit line before the title: a 来源 or a site's name
            if _SITE_LINE.search(source):  # …创办的权威新闻综合网站: the site's slogan
                draft.dropped.append(source)
                source = None
        title, index = _title(lines, start)
        article = _open(draft, title, None, sectioned=False)
        if source:
            article.source = source
            article.confirm.append(f"来源“{source}”取自标题前的一行")
        index = _source_under_title(article, lines, index, draft)
        article.raw.extend(lines[index:])
    else:
        article = _open(draft, UNTITLED, None, sectioned=False)
        article.confirm.append("原文没有标题（开头就是正文），请补写标题")
        article.raw.extend(lines)
    if article.source is None and draft.source:
        article.source = draft.source


def _source_under_title(article: Article, lines: list[Line], index: int, draft: Draft) -> int:
    """The unit or account under a title, alone (内江医保) or over the time it posted
    (卫生局 / 2025-03-24 20:17): the article's 来源. Returns where the text starts."""
    if index + 1 >= len(lines) or article.source or lines[index].table is not None:
        return index
    text, following = lines[index].text, lines[index + 1].text
    dated = _DATE_LINE.match(following) is not None
    if not (_ACCOUNT.fullmatch(text) or (dated and _UNIT.match(text))):
        return index
    if not dated and len(following) <= 30:
        return index  # a short line under it: a subtitle's part, not the text
    article.source = text
    article.confirm.append(f"来源“{text}”取自标题下的一行")
    draft.dropped.append(text)
    if dated:
        date = DATE.search(following)
        if date:
            set_date(draft, *(int(g) for g in date.groups()))
        draft.dropped.append(following)
        return index + 2
    return index + 1


def _document_title(lines: list[Line]) -> int:
    """Where a document's title stands among the first lines, over its 文号 (…通知 /
    医保发〔2021〕49号) or as a document's title (…局关于印发《…》的通知), when lines come
    before it (a forum's or site's header, the page's own title, the 文号); else 0."""
    for index, line in enumerate(lines[1:12], start=1):
        following = lines[index + 1].text if index + 1 < len(lines) else ""
        if _looks_like_title(line.text) and DOC_NUMBER_LINE.fullmatch(following):
            return index
        if line.table is None and DOC_TITLE.fullmatch(line.text):
            return index
    return 0


def _document_lines(lines: list[Line]) -> list[Line]:
    """A document's title broken over two to four lines among the first ones (河北省医疗保障局 /
    关于印发《…规划》的 / 通知) joined into one line; so is a decision's head
    (重庆市涪陵区医疗保障局 / 行政处罚决定书 / 涪陵医保处罚字〔2026〕第76号)."""
    for index, line in enumerate(lines[1:8], start=1):
        following = lines[index + 1] if index + 1 < len(lines) else None
        issuer = lines[index - 1]
        if (
            _DECISION.fullmatch(line.text)
            and following is not None
            and _DECISION_NUMBER.fullmatch(following.text)
            and _UNIT.match(issuer.text)
            and not (issuer.table or line.table or following.table)
        ):
            head = Line(issuer.text + line.text + following.text, issuer.after_blank)
            return [*lines[: index - 1], head, *lines[index + 2 :]]
    for start in range(min(8, len(lines))):
        joined = ""
        for end in range(start, min(start + 4, len(lines))):
            line = lines[end]
            text = line.text
            if line.table or line.image or len(text) > 40 or ends_sentence(text):
                break
            if DOC_NUMBER_LINE.fullmatch(text):
                break
            joined = f"{joined}{text}"
            whole = DOC_TITLE.fullmatch(joined) and joined.count("《") == joined.count("》")
            if end > start and whole:
                title = Line(re.sub(r"\s+", " ", joined), lines[start].after_blank)
                return [*lines[:start], title, *lines[end + 1 :]]
    return lines


def _lone_heading(line: Line, lines: list[Line]) -> bool:
    """A headline ending in 案例 with no numbering and no other case heading in the text."""
    text = line.text
    return (
        line.table is None
        and is_case_heading(text)
        and not rule(rf"^(?:[{NUMERALS}]+、|[（(]|\d|案例)").match(text)
        and sum(1 for other in lines if other.table is None and is_case_heading(other.text)) == 1
    )


def _bulletin(lines: list[Line], draft: Draft) -> None:
    """Several articles: a title opens one, a 栏目 heading sets the 栏目 of those after it."""
    section: str | None = None
    article: Article | None = None
    pending_source: str | None = None
    newsy = sum(1 for line in lines if BYLINE.match(line.text)) >= 2
    listed = _Listed(draft.listed)
    empty_section: str | None = None
    i = 0
    while i < len(lines):
        line = lines[i]
        text = line.text
        if _is_section(line):
            if empty_section:
                draft.dropped.append(f"栏目标题“{empty_section}”下面没有文章")
            section = _section_key(text, draft)
            empty_section = text
            article = None
            i += 1
            continue
        if (
            line.table is None
            and line.image is None
            and _UNIT.match(text)
            and _is_title(lines, i + 1)
        ):
            pending_source = text
            i += 1
            continue
        own = article.raw if article is not None else []
        last = own[-1].text if own else ""
        continues = bool(last) and not ends_sentence(last) and (len(last) > 30 or "，" in last)
        key = text.replace(" ", "")
        if (key and listed(key)) or line.display:
            continues = False  # the contents list it: a title, even after a paragraph cut short
        if (
            not continues
            and _is_title(lines, i, newsy=newsy)
            and (article is None or _has_text(own))
            and not (
                article is not None and article.kind == "case_notice" and is_case_heading(text)
            )
        ):
            title, i = _title(lines, i)
            empty_section = None
            article = _open(draft, title, section, sectioned=section is not None)
            if section is None:
                article.section = "news"
            if pending_source:
                article.source = pending_source
                article.confirm.append(f"来源“{pending_source}”取自标题前的一行")
                pending_source = None
            if "通报" in fold(title):
                article.kind = "case_notice"
            if i < len(lines) and lines[i].text.startswith(("—", "－")):
                article.subtitle = lines[i].text.lstrip("—－ ")
                i += 1
            unit = re.fullmatch(r"[（(](\S{2,20})[)）]", lines[i].text) if i < len(lines) else None
            if unit:
                article.source = rule(r"(供稿|供图|报送|提供)$").sub("", unit.group(1))
                if article.source != unit.group(1):
                    article.confirm.append(f"来源取自标题下一行“{lines[i].text}”")
                i += 1
            continue
        if article is None:
            empty_section = None
            article = _open(draft, UNTITLED, section, sectioned=section is not None)
            article.confirm.append("这段文字前没有标题，请补写标题，或把它并入相邻的文章")
        elif (
            BYLINE.match(text)
            and not fold(text).startswith(("■摄影", "■ 摄影", "摄影"))
            and _has_text(own)
            and ends_sentence(last)
        ):
            # a byline after an article's text opens the next article, whose title is missing
            article = _open(draft, UNTITLED, article.section, sectioned=article.sectioned)
            article.confirm.append("原文这篇文章没有标题，请补写")
        article.raw.append(line)
        i += 1
    if empty_section:
        draft.dropped.append(f"栏目标题“{empty_section}”下面没有文章")


class _Listed:
    """Whether a line's key is named by the contents list: a listed title starts with it, or
    it starts with a listed title of 10 characters or more. Sorted titles and a set a length,
    not a scan of the whole list for every line (a list of 100,000 titles took hours)."""

    def __init__(self, titles: list[str]) -> None:
        self._sorted = sorted(titles)
        self._long: dict[int, set[str]] = {}
        for title in titles:
            if len(title) >= 10:
                self._long.setdefault(len(title), set()).add(title)
        self._lengths = sorted(self._long)

    def __call__(self, key: str) -> bool:
        # the first title not below key starts with it if any title does
        at = bisect.bisect_left(self._sorted, key)
        if at < len(self._sorted) and self._sorted[at].startswith(key):
            return True
        for length in self._lengths:
            if length > len(key):
                break
            if key[:length] in self._long[length]:
                return True
        return False


def _has_text(lines: list[Line]) -> bool:
    return any(not BYLINE.match(line.text) for line in lines)


def _reports(text: str) -> bool:
    """A lead that opens a news item: 本报讯, ……讯（记者 ……）."""
    return fold(text).startswith("本报讯") or bool(
        rule(r"^\S{0,16}[讯电]\s*[（(][^）)]*记者").match(text)
    )


def _is_section(line: Line) -> bool:
    if line.table is not None or line.image is not None:
        return False
    text = line.text.strip("【】")
    return fold(text) in KNOWN_SECTIONS or bool(_SECTION_LIKE.match(text))


def _section_key(text: str, draft: Draft) -> str:
    text = text.strip("【】")
    if fold(text) in KNOWN_SECTIONS:
        draft.section_labels.setdefault(KNOWN_SECTIONS[fold(text)], text)
        return KNOWN_SECTIONS[fold(text)]
    for key, label in draft.custom_sections.items():
        if label == text:
            return key
    key = f"lanmu-{len(draft.custom_sections) + 1}"
    draft.custom_sections[key] = text
    draft.section_labels[key] = text
    return key


def _looks_like_title(text: str) -> bool:
    if not text or len(text) > 60 or ends_sentence(text) or text.endswith(("，", "、", "：")):
        return False
    if rule(r"^(一|二|三|四|五|六|七|八|九|十)是").match(text) or BYLINE.match(text):
        return False
    if OUTLET_NAME.match(text):
        return False
    if fold(text).startswith(("按：", "编者按", "本报讯", "经查", "■", "表", "问：", "答：")):
        return False
    if _NUMBERED.match(text) or _LABEL.match(text) or is_case_heading(text):
        return False
    if _PARTY_FIELD.match(text):
        return False  # a decision's form: 当事人（姓名或名称）：…, 住所或地址：…
    if REGION_LABEL.match(text) and text[-1] in ")）":
        return False  # 天宁区（4）: a district and its count of cases, above them
    if rule(rf"^（[{NUMERALS}]+）|^\d+[.、．]|^第[{NUMERALS}百\d]+[章节条]").match(text):
        return False  # a heading inside an article, or a chapter of a document (第一章 总则)
    if (
        fold(text[-1]) in "在的了和与及对把被从向以于将并而等或"
        or text.count("《") != text.count("》")
        or text.count("“") < text.count("”")
        or (text.startswith("“") and "”" not in text)
        or text.count("（") + text.count("(") > text.count("）") + text.count(")")
    ):
        # a line cut off mid-sentence (or a quote or a bracket opened and not closed: a dateline
        # whose byline the page cut, …菏泽9月13日讯（记者), no title
        return False
    return bool(rule(f"[{CJK}]").search(text))


def _cut_headline(text: str) -> bool:
    """A headline a page cut short with an ellipsis: short, no sentence inside."""
    body = re.sub(r"(?:…+|\.{3,})$", "", text)
    return body != text and 6 <= len(body) <= 45 and not re.search(r"[。！？；]", body)


def _is_title(lines: list[Line], i: int, *, newsy: bool = False) -> bool:
    if i >= len(lines):
        return False
    line = lines[i]
    if line.table or line.image or not _looks_like_title(line.text) or i + 1 >= len(lines):
        return False
    if _CAPTION.search(line.text) or len(line.text) > 45:
        return False
    if newsy and "，" in line.text:
        # a newspaper page: a fragment cut by a page break (会议指出，数据清查工作涉) is no
        # title; a title there is followed by its byline or 本报讯 lead
        following = lines[i + 1].text
        return bool(BYLINE.match(following)) or following.startswith("本报讯")
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
        and not BYLINE.match(lines[i].text)
        and not _CAPTION.search(lines[i].text)
        and not re.fullmatch(r"[（(]\S{2,20}[)）]", lines[i].text)
        and not re.fullmatch(r"【[^【】]{1,12}】", lines[i].text)  # 【概况】: a part's heading
        and not all(is_name(name) for name in lines[i].text.split())  # 金汉青 章雨晨: authors
        and not _DATE_LINE.match(lines[i + 1].text)
        and not DOC_NUMBER_LINE.fullmatch(lines[i].text)
        and not _ACCOUNT.fullmatch(lines[i].text)
    ):
        title += lines[i].text
        i += 1
    return title, i


# what a web page puts after a title: (图) (组图) [视频] for its pictures, a table's bar |,
# the site's name after a dash as the page's <title> has it (…典型案例(第二期)-新华网)
_TITLE_MARK = rule(
    r"\s*(?:[（(\[【](?:组图|多图|图文|图|视频|附图)[)）\]】]|\||"
    r"\s[-_|｜—]\s*\S{2,10}?(?:网|在线|频道|客户端)|[-_|｜]\S{2,10}?(?:网|在线|频道|客户端)"
    r"|_[^_\s，。]{1,10})$"  # …可舉報_風聞: a page's <title> joins its column with _
)


# a column's label before a headline: 《中國要聞》…, 【医保动态】…
_COLUMN_MARK = rule(
    r"^[《【]\S{0,4}(?:要闻|新闻|快讯|动态|关注|聚焦|视点|速递|资讯)[》】]\s*(?=\S)"
)


def _clean_title(title: str) -> str:
    """A title without a page's markers around it and without pinyin glosses."""
    title = _COLUMN_MARK.sub("", unglossed(title))
    while _TITLE_MARK.search(title):
        title = _TITLE_MARK.sub("", title)
    return title
