"""The frame around the articles: 报头, contents list, 报尾, web page metadata and chrome.

What is taken out is kept in ``Draft.dropped`` and shown whole in the draft's first
comments, so that nothing of the source disappears without a word.
"""

from __future__ import annotations

import contextlib
import datetime
import re

from ybbulletin.importer.draft import Draft, Line
from ybbulletin.importer.kinds import KNOWN_SECTIONS
from ybbulletin.importer.scripts import fold, rule, unglossed
from ybbulletin.importer.text import ends_sentence, has_words

__all__ = ["DATE", "drop_contents", "frame", "set_date"]

_HEADER = rule(
    r"^(?P<name>\S+?)\s*(?P<year>\d{4})年(?P<kind>增刊|专刊)?第(?P<number>\d+)期"
    r"(?:[（(]总第(?P<total>\d+)期[)）])?"
)
_NUMBER_LINE = rule(
    r"^(?:(?P<kind>增刊|专刊))?第(?P<number>\d+)期(?:[（(]总第(?P<total>\d+)期[)）])?$"
)
_IMPRINT = rule(r"^(?P<publisher>\S+)\s+(?P<year>\d{4})年(?P<month>\d{1,2})月(?P<day>\d{1,2})日$")
_PAPER_DATE = rule(r"^\S{2,12}(日报|晚报|时报|报|周刊)\s+(\d{4})年(\d{1,2})月(\d{1,2})日$")
_COLOPHON = rule(r"^(报|送|发|抄送|抄报)：|^（共印\d+份）$")
_STAFF = rule(r"(编辑|审核|签发|校对)：\s*(\S+)")
_META_WORDS = (
    r"(发布时间|发布日期|更新时间|时间|来源|作者|浏览次数|浏览量|访问量|访问次数|点击数|点击量|阅读次数|阅读量|字体|日期)"
    r"[:：【]"
)
_META = rule(_META_WORDS)
_META_LABEL = rule(_META_WORDS.removesuffix("[:：【]") + "[:：]")  # 来源： alone on its line
# a line that starts with one, or with the date and time it was posted: (2021/3/27 20:53) 来源：…
_META_LINE = rule(
    r"^[（(]?(?:\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?[\s\d:：]*[)）]?\s*)?" + _META_WORDS
)
DATE = rule(r"(\d{4})[-年./](\d{1,2})[-月./](\d{1,2})")
# a posting date and time, then the unit that posted it: 2020-09-10 10:11 武汉市医疗保障局
_DATED_UNIT = rule(
    r"^\d{4}[-年./]\d{1,2}[-月./]\d{1,2}日?(?:\s+\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?\s+"
    r"(\S{2,20}?(?:局|中心|委员会|办公室|政府|厅|网|报|台|社|频道))$"
)
# a 来源 and its posting time run into the first paragraph of a copied page
_RUN_IN_SOURCE = rule(
    r"^来源[:：]\s*([^\s\d:：，。-]{2,12})[-－—]\s*\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\s*"
    r"\d{1,2}[:：]\d{2}"
)
# (the pictures' source may follow the text's: 来源：广东医保、图片来源：…)
_FROM = rule(r"来源[:：]\s*([^\s/（(）)|]+?)(?=、(?:图片|图|摄影|视频|配图)|[\s/（(）)|]|$)")
_META_START = rule(r"^" + _META_WORDS)  # 来源：更新时间：… names no source
_NAV = rule(r"^(上一篇|下一篇)")
# the heading of a "more news" block under an article: it and what follows are the site's
_MORE_NEWS = rule(r"(?:新闻推荐|推荐阅读|相关推荐|热点推荐|热门推荐|猜你喜欢|延伸阅读)[:：]?")
_CONTENTS = ("本期目录", "本期要目", "目录", "本期导读")
_CONTENTS_OF = rule(r"[^，。；：:]{2,20}目录")  # 医保骗保犯罪典型案例目录: a list of what follows
_LIST_NUMBER = rule(
    r"^(?:案例\s*(?:\d{1,2}|[一二三四五六七八九十]+)\s*[.．、:：]?|(?:\d{1,2}|[一二三四五六七八九十]+)\s*[.．、])\s*"
)
_CHROME = rule(
    "|".join(
        (
            r"^(责任编辑|编辑|校对|审核|审校|签发|终审|初审|复审|责编|值班编辑)[:：]",
            r"打印本页|关闭窗口|【打印】|【关闭】|\[打印\]|\[关闭\]",
            r"^分享到|^分享[:：]|扫一扫|扫描二维码|用手机打开|在手机上打开",
            r"字体[:：【\[]|字号[:：【\[]|【大\s*中\s*小】|^[大中小](\s*[大中小]){2}$",
            r"^相关(链接|阅读|新闻|文章|推荐|评论)|^网友评论",
            r"^(推荐|返回|返回顶部|返回首页|收藏|点赞|在看|打印|关闭)$",
            r"^(当前位置|您的位置|您当前的位置|当前所在位置)[:：]",
            r"\S\s*[>»]\s*\S.*\S\s*[>»]\s*\S",
            r"\S\s*[>»](\s*[>»])+\s*\S",  # a breadcrumb with an empty step: 新华网 > > 正文
            r"^第[A-Z]?\d+版|^\d{1,5}版[:：]",  # an e-paper's page label: 00011版:专版
            r"^\S{2,12}(日报|晚报|时报|报)\s*(数字报纸?|电子版|数字报刊)$",  # 浙江日报 数字报纸
            r"^(关联稿件|相关稿件|相关附件|附件下载)[:：]?$|^已阅\s*\d+",
            r"^\S+\.(png|jpe?g|gif|bmp|webp)$",
            r"^原标题[:：]",
            r"^全文$",  # a wiki's or a database's tab over the text
            r"^(本文|全文)共\s*[\d,]+\s*字$",  # a page's word count: 本文共935字
            r"^本文(为|系).{0,20}(原创|稿件)",
            r"^[（(](资料)?图片(仅供参考|来源[^)）]*)[)）]$",
            # where a picture stood: 【资料图】, [图片], 【视频】
            r"^[【\[［]\s*(?:资料图片?|资料照片|图片|配图|组图|视频)\s*[】\]］]$",
            r"^[（(]?来源[:：]",
            r"^(作者|编辑)[:：]\s*\S{1,8}$",
            r"^(用户登录|登录|注册|登录\s*注册|无障碍|适老化|繁体版?|简体版?|English)$",
            r"^(网站)?首页(\s+\S{1,8})+$",  # a menu: 网站首页 政府信息公开 互动交流
            # a government site's toolbar: 网站支持IPv6 长者助手 / 无障碍 适老化 关怀版
            r"支持\s*IPv6|长者(助手|模式|版)|关怀版|无障碍(浏览|阅读)|^适老化",
            # a site's greeting: 今天是：2021年5月19日 星期三 / 欢迎访问××县人民政府门户网
            r"^(?:您好|你好)?[!！,，]?\s*今天是[:：]?|^欢迎(访问|光临|来到)[^，。；！]{2,30}$",
            # the buttons of a site's top bar, a paper's page of the day and its menu
            r"设为(?:首页|主页)|加入收藏|收藏本(?:页|站)|^社交网站[:：]?$",
            r"^当前(?:报章|报纸|版面|期次)[:：]?\s*\d{4}年\d{1,2}月\d{1,2}日$",
            r"^(?:今日导读|本报新闻|版面导航|报纸首页|往期报纸|往期回顾|上一期|下一期)$",
            # a page's loading text, a video player that could not start, an eye-care toolbar
            r"^(Loading|加载中)[.…]{0,3}$|^(未能|无法)播放\S{0,12}视频$|^视力保护色[:：]?$",
            # a forum's poster and posting time: 心之龙城飞将-2022-11-09 17:46
            r"^\S{2,16}[-－]\d{4}-\d{1,2}-\d{1,2}\s+\d{1,2}:\d{2}$",
            # a 公众号 copy's furniture: the follow prompt on top, the buttons at the end
            r"^(点击|点)(上方|上面|标题下).{0,8}(蓝字|关注)",
            r"^(往期推荐|往期回顾|往期精彩|微信搜一搜|继续阅读|阅读原文|预览时标签不可点)[:：]?$",
            # a forum thread's furniture: counts, the poster's figures, the post's line
            r"^查看[:：]\s*\d+\s*[|｜]\s*回复[:：]\s*\d+|^\[?复制链接\]?$|^\d{1,6}$",
            r"^(主题|回帖|帖子|积分|精华|金钱|威望|新手上路|注册会员|中级会员|高级会员)$",
            r"^发表于\s*\d{4}-\d{1,2}-\d{1,2}.*(显示全部楼层|只看该作者|阅读模式)",
            # an advert's slot, labelled: 广告 / 推广 / Advertisement
            r"^(?:广告|推广|赞助|(?i:advertisement|sponsored|ad))$",
        )
    )
)
# what a copy kept of the page's markup: a line of tags only (<img src=… alt="comScoreNoScript"/>,
# <br>, </div>), however long its attributes
_TAGS = re.compile(r"(?:<[!/]?[A-Za-z][^<>]*>\s*)+")


# a "more news" teaser: its lead cut off mid-number, the outlet's name run in (…223.中国新疆网)
_TEASER = rule(r"\d[.．][\u4e00-\u9fff]{2,10}(?:网|报|台|客户端)$")
# a news aggregator's name alone on the first line: 众力资讯网; an app's: 經濟日報 App
_SITE_NAME = rule(
    r"[\u4e00-\u9fffA-Za-z]{2,12}(?:资讯网|新闻网|信息网|门户网|网站|在线)"
    r"|[\u4e00-\u9fffA-Za-z]{2,12}\s*(?:App|APP|app|客户端)"
)
# near the top of a page: a menu's items set with bullets (• 會員中心 / • 訂閱管理 / • 登出), a
# posting time written day first (25/09/2025 14:30, 16.09.2021  02:41), an English label and
# date ( date 2025-09-25   • 會員)
_TOP_FURNITURE = rule(
    r"[•·▪◦●]\s*[^\s，。；：:！？、]{1,6}"
    r"|\d{1,2}[./]\d{1,2}[./]\d{4}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"
    r"|(?i:date|time|posted|updated)\s*[:：]?\s*\d{4}[-/.]\d{1,2}[-/.]\d{1,2}.{0,20}"
    # a blog's date line in English: Thursday, September 28, 2006
    r"|(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
    r"\s+\d{1,2},?\s+\d{4}"
)
# a government disclosure page's table (政府信息公开): 索引号 : … 文 号 : 无 / 名 称: … 发布日期: …
_DISCLOSURE_LABEL = (
    r"(?:索\s*引\s*号|主题分类|发文单位|发文机关|发布机构|有\s*效\s*性|成文日期|"
    r"发文日期|发文字号|文\s*号|名\s*称|标\s*题)"
)
_DISCLOSURE = rule(rf"^(?:[\[【]\s*)?{_DISCLOSURE_LABEL}\s*(?:[:：]|[\]】])")
# the same table laid out without colons, label and value set apart by spaces (索 引 号  6071/… 公开
# 目录  行政处罚 / 名称  …决定书 / 体裁分类   服务对象): a line of labels and values, no sentence
_SPACED_DISCLOSURE = rule(
    rf"^(?:{_DISCLOSURE_LABEL}|公开目录|公开范围|体裁分类|著录日期|生效日期|失效日期|"
    r"服务对象|主\s*题\s*词)\s[^，。；！？]*$"
)
_DISCLOSED_TITLE = rule(
    r"^(?:名\s*称|标\s*题)\s*(?:[:：]\s*(\S.*?)(?:\s+\S{2,5}\s*[:：].*)?|\s(\S.*))$"
)


def frame(lines: list[Line], draft: Draft) -> list[Line]:
    """The lines that make up the articles; the frame read into ``draft`` and reported."""
    rest: list[Line] = []
    in_contents = False
    disclosed: str | None = None
    listed = set(draft.listed)  # membership in a set: a contents list may be long
    lines = _masthead(_labels_joined(lines), draft)
    for index, line in enumerate(lines):
        text = line.text
        if line.table is not None and _meta_table(line.table, draft):
            draft.dropped.extend(" | ".join(row) for row in line.table)
            continue
        if line.table is not None or line.image is not None:
            in_contents = False
            rest.append(line)
            continue
        more = _MORE_NEWS.fullmatch(text) is not None and index >= len(lines) // 2 and bool(rest)
        if (_NAV.match(text) and len(text) <= 80) or more:
            # 上一篇/下一篇 and all that follows: the website's navigation, not the article;
            # so is a "more news" block in the text's second half (新闻推荐 / teasers)
            draft.dropped.extend(li.text for li in lines[index:] if li.text and has_words(li.text))
            break
        if _issue_header(text, index, draft, rest):
            draft.dropped.append(text)
            draft.issue_shaped = True
            continue
        if fold(text).replace(" ", "") in _CONTENTS or (index < 5 and _CONTENTS_OF.fullmatch(text)):
            draft.dropped.append(text)
            in_contents = True
            draft.issue_shaped = fold(text).replace(" ", "") in _CONTENTS
            continue
        if in_contents:
            if (
                re.fullmatch(r"【.+】", text)
                or ends_sentence(text)
                or len(text) > 60
                # the first listed item's own heading (a 栏目 name may be listed twice)
                or (len(_unnumbered(text)) >= 8 and _unnumbered(text) in listed)
            ):
                in_contents = False
            else:
                draft.listed.append(_unnumbered(text))
                listed.add(draft.listed[-1])
                draft.dropped.append(f"目录：{text}")
                continue
        if fold(text).startswith("本期专题："):
            draft.theme = text[len("本期专题：") :]
            continue
        if _COLOPHON.match(text):
            draft.dropped.append(text)
            continue
        staff = _STAFF.findall(text)
        if len(staff) >= 2 and len(text) <= 60:
            draft.staff.update({fold(role): name for role, name in staff})  # keys: 编辑 …
            draft.dropped.append(text)
            continue
        if (_DISCLOSURE.match(text) or _SPACED_DISCLOSURE.match(text)) and len(text) <= 120:
            draft.dropped.append(text)
            named = _DISCLOSED_TITLE.match(text)
            if named:  # the 名称 (title) cell: the document's title
                disclosed = named.group(1) or named.group(2)
                rest.append(Line(disclosed, line.after_blank))
            continue
        if disclosed and text.replace(" ", "") == disclosed.replace(" ", ""):
            draft.dropped.append(text)  # the title again under the table
            disclosed = None
            continue
        top = (index == 0 and _SITE_NAME.fullmatch(text)) or (
            index < 10 and _TOP_FURNITURE.fullmatch(text.strip())
        )
        if top or _meta(text, draft) or _chrome(text):
            draft.dropped.append(text)
            _column(text, draft)
            continue
        if _TEASER.search(text) and not ends_sentence(text):
            draft.dropped.append(text)  # and the headline over it
            above = rest[-1] if rest else None
            short = above is not None and above.table is None and len(above.text) <= 40
            if above and short and not ends_sentence(above.text):
                draft.dropped.append(rest.pop().text)
            continue
        if not has_words(text):
            continue  # rules and bars (=====, |) of a copied page
        run_in = _RUN_IN_SOURCE.match(text)
        if run_in and draft.source is None:  # 來源:泉州網-2022-11/0910:55日前記者從…
            draft.source = run_in.group(1)
            draft.confirm.append(
                f"来源“{run_in.group(1)}”取自段首的“{run_in.group()}”，请把段首这几个字删去"
            )
        rest.append(line)
    return _trailing_source(rest, draft)


_BREADCRUMB = rule(
    r"^(?:当前位置|您的位置|您当前的位置|当前所在位置)[:：]|\S\s*[>»]\s*\S.*\S\s*[>»]\s*\S"
)


def _column(text: str, draft: Draft) -> None:
    """A breadcrumb whose last step is a known 栏目 (首页 > 行动纪实 > 经验交流): the column
    the page's article was filed under, a cue for its kind."""
    if draft.column is None and _BREADCRUMB.search(text):
        last = re.split(r"\s*[>»]\s*", text.strip())[-1].strip()
        if fold(last) in KNOWN_SECTIONS:
            draft.column = last


def _masthead(lines: list[Line], draft: Draft) -> list[Line]:
    """A site's names and column over its breadcrumb (呼和浩特市人民政府 / 呼和浩特市医疗保障局 /
    旗县区动态 / 当前位置：首页 > …): short lines before it at the top are the page's, not the
    article's (a column's name would open a 栏目)."""
    for index, line in enumerate(lines[:6]):
        if line.table is not None or line.image is not None:
            return lines
        if _BREADCRUMB.search(line.text) and len(line.text) <= 60:
            if index and all(
                len(above.text) <= 20 and not ends_sentence(above.text) for above in lines[:index]
            ):
                draft.dropped.extend(above.text for above in lines[:index] if above.text)
                return lines[index:]
            return lines
    return lines


def _labels_joined(lines: list[Line]) -> list[Line]:
    """A page's metadata laid out label over value (来源： / 某区医疗保障局 / 发布时间： /
    2026-01-06 10:58) joined into one line each, as the other pages write them."""
    joined: list[Line] = []
    for line in lines:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and previous.table is None
            and _META_LABEL.fullmatch(previous.text)
            and line.table is None
            and line.image is None
            and 0 < len(line.text) <= 40
            and not ends_sentence(line.text)
        ):
            joined[-1] = Line(previous.text + line.text, previous.after_blank)
            continue
        joined.append(line)
    return joined


def _unnumbered(text: str) -> str:
    """A contents line or a heading without its number: 1.曾望清诈骗案 / 案例1 曾望清诈骗案."""
    return _LIST_NUMBER.sub("", text).replace(" ", "")


def _issue_header(text: str, index: int, draft: Draft, rest: list[Line]) -> bool:
    """The layout of a bulletin's first page: name, 第N期（总第M期）, publisher and date."""
    kinds = {"增刊": "supplement", "专刊": "special"}
    number_line = _NUMBER_LINE.match(text) if index < 4 else None
    if number_line:
        draft.number = int(number_line.group("number"))
        draft.total = int(number_line.group("total")) if number_line.group("total") else None
        draft.kind = kinds.get(fold(number_line.group("kind") or ""), "regular")
        if index == 1 and rest:
            draft.name = rest.pop().text
            draft.dropped.append(draft.name)
        return True
    paper = _PAPER_DATE.match(text) if index < 5 else None
    if paper:
        set_date(draft, *(int(g) for g in paper.groups()[1:]))
        return False
    imprint = _IMPRINT.match(text) if index < 5 else None
    if imprint:
        draft.year = int(imprint.group("year"))
        set_date(draft, draft.year, int(imprint.group("month")), int(imprint.group("day")))
        draft.source = imprint.group("publisher")
        return True
    match = _HEADER.match(text) if index < 3 else None
    if match and len(text) <= 40:
        draft.name = match.group("name")
        draft.year, draft.number = int(match.group("year")), int(match.group("number"))
        draft.total = int(match.group("total")) if match.group("total") else None
        draft.kind = kinds.get(fold(match.group("kind") or ""), "regular")
        return True
    return False


def _meta(text: str, draft: Draft) -> bool:
    """A web page's 发布时间/来源/作者/浏览次数 line, or a newspaper's name-and-date line."""
    paper = _PAPER_DATE.match(text)
    if paper:
        set_date(draft, *(int(g) for g in paper.groups()[1:]))
        return True
    dated = _DATED_UNIT.match(text)
    if dated:  # a page's posting time and, unlabelled, who posted it: its 来源
        set_date(draft, *(int(g) for g in DATE.search(text).groups()))  # type: ignore[union-attr]
        draft.source = draft.source or dated.group(1)
        return True
    if len(text) > 100 or not _META.search(text) or ends_sentence(text):
        return False
    if not _META_LINE.match(text) and not _META.search(text[:12]):
        return False
    date = DATE.search(text)
    if date:
        set_date(draft, *(int(g) for g in date.groups()))
    source = _FROM.search(unglossed(text))
    if source and _META_START.match(source.group(1)):
        source = None
    if source and draft.source is None:
        draft.source = source.group(1)
    return True


def _meta_table(table: list[list[str]], draft: Draft) -> bool:
    """A page's metadata line written with bars (| 发布日期：… | 来源：… |) and read as a table:
    every cell a metadata field or a button."""
    cells = [cell.strip() for row in table for cell in row if cell.strip()]
    if not cells or not any(_META.search(cell) for cell in cells):
        return False
    if not all(len(cell) <= 40 and (_META_LINE.match(cell) or _chrome(cell)) for cell in cells):
        return False
    for cell in cells:
        _meta(cell, draft)
    return True


def set_date(draft: Draft, year: int, month: int, day: int) -> None:
    if draft.date is None:
        with contextlib.suppress(ValueError):  # 2月30日 in a copied page: no date then
            draft.date = datetime.date(year, month, day)


# a platform's disclaimer under a copied article (网易号, 搜狐号 …), also in English: long lines
_DISCLAIMER = rule(r"^特别声明[:：]以上(内容|文章|作品)|^Notice[:：]\s*The content above")


def _chrome(text: str) -> bool:
    """Website furniture: buttons, breadcrumbs, page labels, menus (a line of short words)."""
    if _DISCLAIMER.match(text) or (len(text) <= 60 and _CHROME.search(text)):
        return True
    if _TAGS.fullmatch(text.strip()):
        return True
    if rule(r"(\S{2,12})\s*\1").fullmatch(text):
        return True  # a site's name twice (its logo's text, then the name): 天水在线天水在线
    words = text.split()
    return (
        len(words) >= 5
        and all(1 <= len(word) <= 8 for word in words)
        and not re.search(r"[，。；：！？、]", text)
    )


def _trailing_source(lines: list[Line], draft: Draft) -> list[Line]:
    """``……安全。 来源:`` with the source on the next line, as copied pages split them."""
    result: list[Line] = []
    skip = False
    for index, line in enumerate(lines):
        if skip:
            skip = False
            continue
        following = lines[index + 1] if index + 1 < len(lines) else None
        cut = rule(r"\s*来源[:：]$").search(line.text)
        if cut and following is not None and len(following.text) <= 20:
            draft.dropped.extend([line.text, following.text])
            draft.source = draft.source or following.text
            result.append(Line(line.text[: cut.start()], after_blank=line.after_blank))
            skip = True
            continue
        result.append(line)
    return result


_CONTENTS_MAX = 200


def drop_contents(lines: list[Line], draft: Draft) -> list[Line]:
    """A website's table of contents: leading title lines that all come again further down.

    The titles it lists are added to ``listed``: below, they are titles for sure.
    """
    keys = [line.text.replace(" ", "") for line in lines]
    # the keys joined once, with where each starts: "is it found further down" is a find from
    # an offset, not a join of the rest for every line (a text of 100,000 short lines took
    # minutes); a contents list is not that long, so at most _CONTENTS_MAX lines are tried
    whole = "".join(keys)
    starts = [0]
    for key in keys:
        starts.append(starts[-1] + len(key))
    count = 0
    for index, line in enumerate(lines[:_CONTENTS_MAX]):
        if line.table or line.image or ends_sentence(line.text) or len(line.text) > 45:
            break
        if whole.find(keys[index], starts[index + 1]) < 0:
            break
        count += 1
    # the last of them may be the first article's own title: keep what is not listed twice
    while count and whole.find(keys[count - 1], starts[count]) < 0:
        count -= 1
    if count < 2:
        return lines
    draft.listed.extend(keys[:count])
    draft.dropped.extend(f"目录：{line.text}" for line in lines[:count])
    draft.issue_shaped = True
    return lines[count:]
