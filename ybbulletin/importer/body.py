"""Build one article from its lines: bylines, 来源, 按语, paragraphs and headings; a case
notice's lines go to ``notice.split_cases``; then its kind (``kinds``).

Paragraphs broken by a page break are joined again (the previous one stops mid-sentence and
is no short heading; this one opens no lead sentence of its own); 一、 and （一） lines become the
official heading levels.
"""

from __future__ import annotations

import re

from ybbulletin.importer.draft import Article, Draft, Line
from ybbulletin.importer.kinds import guess_kind
from ybbulletin.importer.notice import (
    ENUMERATOR,
    NUMERALS,
    bold_case,
    is_case_heading,
    numbered_cases,
    split_cases,
    table_cases,
)
from ybbulletin.importer.scripts import fold, rule
from ybbulletin.importer.text import ends_sentence, heading_like, is_name, markdown_table, number

__all__ = ["BYLINE", "DATELINE", "OUTLET_NAME", "build"]

# (a byline may name the outlet first: 福建卫生报全媒体记者：陈坤, 新华社记者 张三)
_OUTLET = r"[^\s（()）\d，。：:；]{2,12}?(?:报|报社|台|网|社|频道|融媒体中心)"
BYLINE = rule(
    rf"^■?\s*(?:{_OUTLET}\s*)?(摄影\s*)?((全媒体|融媒体|首席|见习|实习|特约)?记者|通讯员)"
    # 记者从国家医保局了解到…, 记者近日走访…: a sentence of the report, not its byline
    r"(?!从|获悉|了解|近日|日前|昨天|今天|走访|来到|注意到|看到|发现|采访|跟随|随后|实地|前往|"
    r"进入|深入|梳理|统计|查阅|致电|拨打|在)"
)
_ROLE = r"(?:(?:全媒体|融媒体|首席|见习|实习|特约)?记者|通讯员|摄影记者|摄影|摄)"
# an outlet and a name with no role, the first line of a copied article: 齐鲁晚报·齐鲁壹点 卢俊豪
OUTLET_NAME = rule(rf"^(?P<outlet>{_OUTLET}(?:·\S{{2,8}})?)\s+(?P<name>[\u4e00-\u9fff]{{2,4}})$")
_ONE_CASE = rule(
    r"(?:曝光|通报|公布|公开)\s*(?:1|一)\s*起[^，。]{0,30}(?:案例|案件|案)|行政处[罚理]决定书"
)
# a lead that announces one case: 现将近期1起医疗机构违规使用医保基金典型案例公开曝光如下：
_ONE_ANNOUNCED = rule(r"(?<![\d０-９])(?:1|一)\s*起[^，。；]{0,30}(?:案例|案件)[^。；]{0,12}如下")
# a decision's operative part as a heading of its own near the top (主文, 主 文: a review's or a
# court's ruling on one party, as Taiwan's 健保 dispute reviews and judgments set it)
_OPERATIVE = rule(r"主\s*文")
# one case's heading that ends in 典型案例 (a group heading says 关于…, a class …类, a count N起)
_LONE_CASE = rule(r"(?!关于)[^，。；：:、0-9]{6,60}?(?<!类)典型案例")
# a news item's dateline naming its outlet: 新华社长沙12月22日电, 红网时刻永州2月12日讯,
# 湖南日报·华声在线7月20日讯, 《經濟通通訊社２５日專訊》, 大众网·海报新闻菏泽9月13日讯 (a place
# may come between; an outlet's app after its name ends in 新闻)
DATELINE = rule(
    r"^[《【]?(?P<outlet>(?!本|据)[^\s《》【】，。、：:（()）]{1,14}?"
    r"(?:通讯社|社|网|报|台|在线|客户端|频道|·[\u4e00-\u9fff]{1,4}新闻))"
    r"(?:[\u4e00-\u9fff]{2,4})?\s*(?:\d{1,2}月)?\d{1,2}日(?:专|快)?[讯电]"
)
# a byline in brackets on a line of its own: （记者徐媛通讯员魏莹）, 【記者薛桂文/報導】 (in the
# other brackets a name must follow the role: 【记者手记】 is a column)
_BRACKETED_BYLINE = rule(
    r"^(?:[（(](?P<by>[^（）()]*(?:记者|通讯员)[^（）()]*)[)）]"
    r"|[【〔［\[](?P<name>[^【】〔〕［］\[\]]{0,12}?(?:记者|通讯员)\s*(?!手记|观察|专访|调查)"
    r"[\u4e00-\u9fff·]{2,5}(?:[\s、/／][^【】〔〕［］\[\]]{0,12})?)[】〕］\]])$"
)
# a byline in brackets opening the lead: 〔記者蔡清華/高雄報導〕橋頭地檢署昨天…
_BYLINE_FIRST = rule(
    r"^[〔【［\[](?P<by>(?:记者|通讯员)\s*(?!手记|观察|专访|调查)[\u4e00-\u9fff·]{2,5}"
    r"(?:[\s、/／][^【】〔〕［］\[\]]{0,12})?)[〕】］\]](?=\S)"
)
# the outlet in brackets before such a byline: （觀傳媒中彰投新聞）【記者廖某某/台中報導】臺中…
_OUTLET_BEFORE_BYLINE = rule(
    r"^[（(](?P<outlet>[^（）()\s，。；：:]{2,16}?(?:新闻|报|网|台|社|传媒|频道|在线))[)）]"
    r"(?=[〔【［\[](?:记者|通讯员))"
)
# a photo's caption, its credit closing it: （圖/健保署中區業務組提供）, （李某 摄）
_CREDITED = rule(r"[（(][^（）()]*摄[)）]$|[（(]\s*图\s*[/／:：][^（）()]*[)）]$")
# a date and an outlet in brackets on a line of its own: 【2006/09/27 民生報】
_DATED_OUTLET = rule(
    rf"^[【〔［\[（(]\s*\d{{4}}[-/.年]\d{{1,2}}[-/.月]\d{{1,2}}日?\s*(?P<outlet>{_OUTLET})\s*[】〕］\]）)]$"
)
# a unit and its writers in brackets closing the text: (石鼓区医疗保障局 王妍), (炉桥镇人民政府
# 徐冬松 周孟琪) | (a table cell's bar after it), a township or a sub-district by its name alone
# ((伏河乡 李容), (沙北街道 王某))
_UNIT_WRITER = rule(
    r"[（(](?P<unit>[^（）()\s，。]{2,20}?(?:局|中心|委员会|办公室|政府|医院|乡|镇|街道|办事处))"
    r"[\s\u3000]+(?P<name>[\u4e00-\u9fff]{2,4}(?:[\s\u3000、]+[\u4e00-\u9fff]{2,4}){0,3})[)）]"
    r"(?:\s*[|｜])?$"
)
# what a byline says of itself after the names: 记者陈某/即时报导, 记者张某 综合报道, the desk
# it filed from (记者蔡某/高雄报导)
_REPORTED = rule(r"(?:[/／]\s*[\u4e00-\u9fff]{1,6}|[/／\s]*(?:即时|综合|专题)?)报[道导]$")
_ISSUER = rule(
    r"^(\S{2,24}?(?:医疗保障局|医保局|人民政府|办公室|办公厅|委员会|医疗保障厅|局|厅))关于"
)


def build(article: Article, lines: list[Line], draft: Draft) -> None:
    lines = _bylines(article, lines)
    lines = _sources(article, lines)
    registers = [table_cases(line.table) for line in lines if line.table is not None]
    if any(registers) and not any(
        line.table is None and is_case_heading(line.text) for line in lines
    ):
        # a register of cases as a table: the table stays in the intro, a case per row
        article.kind = "case_notice"
        for line in lines:
            _body_line(article, line)
        article.cases = [case for cases in registers for case in cases]
        guess_kind(article, "", draft)
        _finish(article)
        return
    heads = sum(
        1
        for line in lines
        if line.table is None and (is_case_heading(line.text) or bold_case(line.text))
    )
    texts = [line.text for line in lines if line.table is None and line.text]
    lead = next((text for text in texts if len(text) > 30), None)
    if lead is None:  # no paragraph of a sentence's length: captions, a phrase a line
        lead = _caption_lead(texts)
    opening = "".join(texts[:2])[:120]
    cue = rule("通报|典型案例|曝光|案例").search(article.title + opening) or any(
        _ANNOUNCED.search(text) for text in texts[:3]
    )  # a long lead that ends 现将…8起…案例通报如下：
    named = numbered_cases(lines) if cue and not heads else set()
    if len(named) >= 2:
        heads = len(named)
    lone = _lone_case(lines) if cue and not heads else None
    if lone is not None:  # 定点零售药店…销售典型案例 above the one case's text
        named, heads = {lone}, 1
    paragraphs = _paragraph_cases(lines) if cue and not heads else []
    if paragraphs:  # 现将5起案例通报如下： 1. 2022年2月23日，我局…: no headings
        for index in reversed(paragraphs):
            lines = [*lines[:index], Line(UNTITLED_CASE), *lines[index:]]
        named = {index + offset for offset, index in enumerate(paragraphs)}
        heads = len(named)
    facts = set() if heads or named else _facts_headed(lines)
    if facts:  # 社区医保机构虚开药品隐蔽性强 / 【基本案情】 北京市…: a court's case under its point
        named, heads, cue = facts, len(facts), True
    report = None if heads or named else _case_report(lines)
    if report is not None:  # 一、基本情况 二、核查过程及结果 三、处理情况: one case's own parts
        lines = [*lines[:report], Line(UNTITLED_CASE), *lines[report:]]
        named, heads, cue = {report}, 1, True
    run_in = [] if heads or named else _run_in_facilities(lines)
    if run_in:  # 一、郑州某医院。飞行检查组…涉及医药费用102.3万元: the name heads its case
        for index in reversed(run_in):  # the paragraph kept whole under its name
            lines = [*lines[:index], _run_in_head(lines[index]), *lines[index:]]
        named = {index + offset for offset, index in enumerate(run_in)}
        heads, cue = len(named), True
    single = None if heads or named else _single_case(article, lines)
    if single is not None:  # the title says there is one case; its text has no heading
        lines = [*lines[:single], Line(article.title), *lines[single:]]
        named, heads = {single}, 1
        article.kind = "case_notice"
    if heads >= 2 or (heads and cue) or (article.kind == "case_notice" and heads):
        article.kind = "case_notice"
        issuer = _ISSUER.match(article.title)
        if issuer and not article.source:
            article.source = issuer.group(1)
            article.confirm.append(f"发文机关“{issuer.group(1)}”取自标题")
        split_cases(article, lines, named, _body_line)
        if single is not None:
            article.cases[0].confirm.append(
                "原文没有案例标题（标题说明只有一个案例），暂用文章标题，请改为“当事方＋违规行为＋案”"
            )
    else:
        if article.kind == "case_notice":
            article.kind = "news"
        for line in lines:
            _body_line(article, line)
    guess_kind(article, lead, draft)
    _finish(article)


def _caption_lead(texts: list[str]) -> str:
    """The lead of a text set as captions (a TV item's voice-over, a phrase a line, no stops):
    its first lines run on until a sentence ends or the lead is long enough to tell."""
    lead = ""
    for text in texts[:12]:
        lead += text
        if ends_sentence(text) or len(lead) > 120:
            break
    return lead


UNTITLED_CASE = "（原文没有案例标题，请补写：当事方＋违规行为＋案）"
_NUMBERED_PARAGRAPH = rule(r"^(\d{1,2}|[一二三四五六七八九十]{1,3}(?=、))[.．、]\s*\S")
_CASE_PARAGRAPH = rule(r"^案例\s*(?:[一二三四五六七八九十]+|\d+)\s*[：:、.．]\s*\S")
_ANNOUNCED = rule(  # (?<!…): tried where a number starts, not inside a run of digits
    r"(?:(?<!\d)\d+|(?<![一二三四五六七八九十两])[一二三四五六七八九十两]+)\s*(?:起|个)[^，。；]{0,12}(?:案例|案件)[^。]{0,8}如下"
)


def _paragraph_cases(lines: list[Line]) -> list[int]:
    """Numbered paragraphs 1. 2. … that each tell a case, after a line announcing N起案例…如下;
    or paragraphs that open 案例一：and run on into the case's text with no headline (a
    register: 案例一：2022年3月16日，…发现…医院…), numbered afresh under each district."""
    labelled = [
        index
        for index, line in enumerate(lines)
        if line.table is None
        and _CASE_PARAGRAPH.match(line.text)
        and len(line.text) > 30
        and not is_case_heading(line.text)
    ]
    if labelled:
        return labelled
    for family in (r"\d", "[一二三四五六七八九十]"):  # 1. 2. 3., else 一、二、三、
        numbered = [
            index
            for index, line in enumerate(lines)
            if line.table is None
            and (found := _NUMBERED_PARAGRAPH.match(line.text))
            and re.match(family, found.group(1))
            and len(line.text) > 30
        ]
        if not numbered:
            continue
        numbers = [number(_NUMBERED_PARAGRAPH.match(lines[i].text).group(1)) for i in numbered]  # type: ignore[union-attr]
        announced = any(_ANNOUNCED.search(line.text) for line in lines[: numbered[0]])
        if announced and numbers == list(range(1, len(numbers) + 1)):
            return numbered
    return []


# a numbered paragraph whose first sentence is a facility's name alone, then its case's facts
_RUN_IN = rule(r"^([一二三四五六七八九十]+、)([^。，；：:、]{4,40}?)。(.{20,})$")
_FACILITY = rule(r"(?:医院|卫生院|卫生室|卫生服务中心|卫生服务站|诊所|门诊部|药房|药店|有限公司)$")
_FACTS = rule(
    r"(?:涉及|违法违规|违规|骗取|欺诈骗保)[^。]{0,40}?\d[\d.,]*\s*万?元"
    # or the charges a flight check lists before any sum: 一是涉嫌诱导患者住院骗保。二是…
    r"|(?:一是|其一)涉嫌[^。]{0,20}?(?:骗保|骗取医保基金|欺诈骗保)"
)


def _run_in_facilities(lines: list[Line]) -> list[int]:
    """Numbered paragraphs that open with a facility's name as a sentence of its own and go on
    into its case (一、郑州某医院。飞行检查组…，涉及医药费用102.3万元。): each heads a case."""
    found = []
    for index, line in enumerate(lines):
        parts = _RUN_IN.match(line.text) if line.table is None else None
        if parts and _FACILITY.search(parts.group(2)) and _FACTS.search(parts.group(3)):
            found.append(index)
    return found


def _run_in_head(line: Line) -> Line:
    parts = _RUN_IN.match(line.text)
    assert parts is not None
    return Line(parts.group(1) + parts.group(2), line.after_blank)


# a court's or a procuratorate's case opens its facts with 【基本案情】 (基本案情：, （一）基本案情)
_FACTS_OPEN = rule(r"^(?:【基本案情】|[（(]一[)）]\s*基本案情|基本案情[:：])")


def _facts_headed(lines: list[Line]) -> set[int]:
    """The short lines (no sentence) right above a paragraph that opens 【基本案情】: each heads
    a case (a case under the point it makes: 社区医保机构虚开药品隐蔽性强)."""
    return {
        index
        for index, line in enumerate(lines[:-1])
        if line.table is None
        and 4 <= len(line.text) <= 40
        and not ends_sentence(line.text)
        and lines[index + 1].table is None
        and _FACTS_OPEN.match(lines[index + 1].text)
    }


# the parts of one case's report, as headings: 一、基本情况 … 三、处理情况
_REPORT_FIRST = rule(
    r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）])\s*"
    r"(?:基本情况|案件(?:基本)?情况|基本案情|案情简介|案件来源)$"
)
_REPORT_LAST = rule(
    r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）])\s*"
    r"(?:处理情况|处理结果|处理意见|处罚情况|处理决定|查处情况)$"
)


def _case_report(lines: list[Line]) -> int | None:
    """Where one case's report starts when the text is its parts under their own headings
    (一、基本情况 / 二、核查过程及结果 / 三、处理情况); None if the text is not such a report."""
    first = next(
        (
            i
            for i, line in enumerate(lines)
            if line.table is None and _REPORT_FIRST.match(line.text)
        ),
        None,
    )
    if first is None:
        return None
    later = lines[first + 1 :]
    if not any(line.table is None and _REPORT_LAST.match(line.text) for line in later):
        return None
    return first


def _lone_case(lines: list[Line]) -> int | None:
    """The one line of a text that heads its only case with …典型案例, followed by its text."""
    found = [
        index
        for index, line in enumerate(lines[:-1])
        if line.table is None
        and _LONE_CASE.fullmatch(line.text)
        and not rule(r"[一二三四五六七八九十两\d]+\s*起").search(line.text)
        and len(lines[index + 1].text) > 30
    ]
    return found[0] if len(found) == 1 else None


def _single_case(article: Article, lines: list[Line]) -> int | None:
    """Where the one case starts in a text whose title announces one case (曝光1起……案例,
    通报一起……, ……行政处罚决定书) and that has no case heading: its first paragraph of
    facts (a sentence of some length that is no 按语). None if not such a text."""
    opening = [line.text for line in lines[:2] if line.table is None]
    decision = any(_OPERATIVE.fullmatch(line.text) for line in lines[:6] if line.table is None)
    if (
        not _ONE_CASE.search(article.title)
        and not any(_ONE_ANNOUNCED.search(t) for t in opening)
        and not decision
    ):
        return None
    for index, line in enumerate(lines):
        text = line.text
        facts = line.table is None and len(text) > 30 and ends_sentence(text)
        if facts and not fold(text).startswith(("按：", "按:", "编者按")):
            return index
    return None


def _bylines(article: Article, lines: list[Line]) -> list[Line]:
    """Byline lines out (names read, the line kept in a note); bylines inside leads read."""
    kept: list[Line] = []
    for index, line in enumerate(lines):
        text = line.text
        outlet = OUTLET_NAME.match(text) if index == 0 and line.table is None else None
        if outlet:
            article.source = article.source or outlet.group("outlet")
            article.confirm.append(
                f"首行“{text}”读作媒体和署名：来源“{outlet.group('outlet')}”，"
                f"“{outlet.group('name')}”没有注明记者或通讯员，已移出正文"
            )
            article.kind_reason = article.kind_reason or "byline"
            continue
        if index == 0 and line.table is None and is_name(text):
            article.confirm.append(f"署名“{text}”没有注明记者或通讯员，已移出正文")
            article.kind_reason = article.kind_reason or "byline"  # an author: a news item
            continue
        if (
            line.table is None
            and BYLINE.match(text)
            and len(text) <= 60
            and not ends_sentence(text)
        ):
            outlet_first = rule(rf"^■?\s*({_OUTLET})\s*(?=(?:摄影\s*)?{_ROLE})").match(text)
            if outlet_first and article.source is None:  # 聯合報 記者陳某/即時報導
                article.source = outlet_first.group(1).lstrip("（(")
                article.confirm.append(f"来源“{article.source}”取自署名“{text}”")
            byline = text[outlet_first.end() :] if outlet_first else text
            _names(article, byline.replace("■", " "), text)
            article.confirm.append(f"署名“{text}”已读入记者、通讯员、摄影")
            continue
        bracketed = _BRACKETED_BYLINE.match(text) if line.table is None else None
        if bracketed and len(text) <= 60:  # wherever it stands, teasers may follow it
            article.kind_reason = article.kind_reason or "byline"
            _names(article, bracketed.group("by") or bracketed.group("name"), text)
            article.confirm.append(f"署名“{text}”已读入记者、通讯员、摄影")
            continue
        dated = _DATED_OUTLET.match(text) if index <= 3 and line.table is None else None
        if dated and article.source is None:
            article.source = dated.group("outlet")
            article.kind_reason = article.kind_reason or "media"
            article.confirm.append(f"来源“{article.source}”取自原文“{text}”")
            continue
        dateline = DATELINE.match(text) if index <= 1 and line.table is None else None
        if dateline and article.source is None:
            article.source = dateline.group("outlet")
            article.confirm.append(f"来源“{article.source}”取自电头“{dateline.group()}”")
        outlet_first = _OUTLET_BEFORE_BYLINE.match(text) if index <= 1 else None
        if outlet_first and line.table is None and article.source is None:
            article.source = outlet_first.group("outlet")
            article.kind_reason = article.kind_reason or "media"
            article.confirm.append(f"来源“{article.source}”取自段首的“{outlet_first.group()}”")
        after = text[outlet_first.end() :] if outlet_first else text
        lead = (
            rule(r"^\S{0,16}(?:讯|电|报道[：:]?)\s*[（(](?P<by>[^（）()]{1,60})[)）]").match(text)
            or rule(rf"^本报讯\s*(?P<by>{_ROLE}[^，。：]{{1,40}}?)报道").match(text)
            or rule(rf"^(?P<by>{_ROLE}[^，。：]{{1,40}}?)报道[：:]").match(text)
            or rule(r"^(?P<by>(?:全媒体|融媒体)?记者\s*[\u4e00-\u9fff]{2,4})\s").match(text)
            or _BYLINE_FIRST.match(after)
        )
        if index <= 1 and lead:
            article.kind_reason = article.kind_reason or "byline"
            _names(article, lead.group("by"), lead.group())
        trailing = rule(r"[（(](?P<by>[^（）()]*(?:记者|通讯员)[^（）()]*)[)）]$").search(text)
        if trailing and index >= len(lines) - 2:
            article.kind_reason = article.kind_reason or "byline"
            _names(article, trailing.group("by"), trailing.group())
        kept.append(line)
    return kept


def _names(article: Article, byline: str, original: str) -> None:
    byline = _REPORTED.sub("", byline.strip())
    byline = rule(r"^本(?:报|网|台|刊|社)(?=\S)").sub("", byline)  # 本网记者 张某: no one's name
    # the editors after the reporters (…记者熊伟 编辑彭莉) are the page's staff, not its authors
    byline = rule(r"\s*(?:责任编辑|责编|编辑|校对|审核|审校|签发)[:：]?\s*\S*$").sub("", byline)
    parts = rule(f"({_ROLE})").split(rule(r"(摄影)\s+(记者)").sub(r"\1\2", byline))
    # the outlet before the role (交口融媒记者 穆艳丽, 县融媒体中心记者 …) is no one's name
    outlet = rule(r"(?:融媒|融媒体|融媒体中心|报|报社|台|网|社|频道|客户端)$").search(
        parts[0].strip()
    )
    unlabeled = [] if outlet and len(parts) > 1 else _people(parts[0])
    for role, names in zip(parts[1::2], parts[2::2], strict=False):
        people = _people(names)
        if fold(role).startswith("摄"):
            article.photographers += people
        elif fold(role).endswith("记者"):
            article.reporters += people
        else:
            article.correspondents += people
    if unlabeled:
        article.confirm.append(
            f"署名“{'、'.join(unlabeled)}”没有注明记者或通讯员（原文“{original}”）"
        )


_SPACED_NAME = re.compile(
    r"(?<![\u4e00-\u9fff])([\u4e00-\u9fff])[ \u3000]+([\u4e00-\u9fff])(?![\u4e00-\u9fff])"
)


def _people(text: str) -> list[str]:
    # a two-character name spaced to the width of three (邹 泉, 王　芳) is one name; a bar may
    # set the names off from the role (記者|甘某某、翁某某)
    text = _SPACED_NAME.sub(r"\1\2", text)
    return [
        n for n in re.split(r"[\s、，,/：:|｜]+", text) if re.fullmatch(r"[\u4e00-\u9fff·]{2,5}", n)
    ]


def _sources(article: Article, lines: list[Line]) -> list[Line]:
    """(XX局供稿) lines and a closing (中新网): the article's 来源."""
    kept: list[Line] = []
    for index, line in enumerate(lines):
        supplied = rule(r"[（(](\S{2,20}?)(供稿|供图|报送|提供)[)）]").fullmatch(line.text)
        if supplied:
            article.source = article.source or supplied.group(1)
            article.confirm.append(f"来源取自原文“{line.text}”")
            continue
        # 源于凉山新闻网 / 转自… / 来源于… as the last line: where the page took the text from
        taken = rule(r"(?:源于|来源于|转自|转载自|稿件来源于)\s*(\S{2,20})").fullmatch(line.text)
        if taken and index == len(lines) - 1 and article.source is None:
            article.source = taken.group(1)
            article.kind_reason = article.kind_reason or "media"
            article.confirm.append(f"来源取自原文“{line.text}”")
            continue
        media = rule(r"[（(]([\u4e00-\u9fff]{2,10}(网|社|台|频道|客户端|日报|晚报))[)）]$").search(
            line.text
        )
        if media and index == len(lines) - 1 and article.source is None:
            article.source = media.group(1)
            article.kind_reason = article.kind_reason or "media"
        # the unit that wrote it and its writer at the end: …目标任务。(石鼓区医疗保障局 王妍)
        unit = _UNIT_WRITER.search(line.text) if index == len(lines) - 1 else None
        if unit and article.source is None and line.table is None:
            article.source = unit.group("unit")
            article.kind_reason = article.kind_reason or "unit"
            article.confirm.append(
                f"来源取自文末的“{unit.group()}”，“{unit.group('name')}”是撰稿人"
            )
        kept.append(line)
    return kept


def _body_line(article: Article, line: Line) -> None:
    text = line.text
    if line.table is not None:
        article.body.append(markdown_table(line.table))
        return
    if line.image is not None:
        article.body.append(f"![图片]({line.image})")
        article.confirm.append("图片说明请补写")
        return
    note = text.split("：", 1)[-1].split(":", 1)[-1]
    if fold(text).startswith(("按：", "编者按：", "编者按:")) and note.strip():
        article.note.append(note)  # a label alone (编者按：) stays in the body: no empty 按语
        return
    if fold(text).startswith("本报讯"):
        text = rule(r"^(本报讯)\s*").sub(r"\1 ", text)
    # a paragraph broken by a page break: the previous one stops mid-sentence and this one
    # does not open with a lead sentence of its own (精准参保“全覆盖”，织密医疗保障网。)
    previous = article.body[-1] if article.body else ""
    if (
        previous
        and not heading_like(previous)
        and not ends_sentence(previous)
        and not previous.startswith(("|", "![", "#"))
        and not _CREDITED.search(previous)
        and not ENUMERATOR.match(text)
        and not _opens_with_lead(text)
    ):
        article.body[-1] = previous + text
        article.joined += 1
        return
    if rule(rf"^[{NUMERALS}]+、").match(text) and len(text) <= 40 and not ends_sentence(text):
        article.body.append("# " + text)
        return
    # a list's items end in ；, its last in 。 (（一）…资助； … （四）…。): no headings
    listed = text.endswith("；") or (previous.startswith("（") and previous.endswith("；"))
    if rule(rf"^（[{NUMERALS}]+）").match(text) and len(text) <= 40 and not listed:
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


def _finish(article: Article) -> None:
    if article.joined:
        article.confirm.append(f"合并了 {article.joined} 处被分页或换行断开的段落")
    if article.note and article.kind not in ("experience", "case_notice"):
        article.kind = "experience"
