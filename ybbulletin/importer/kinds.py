"""Guess an article's kind from the cues bulletins carry, in order of strength.

1. the 栏目 heading it stands under; 2. cases found (case_notice); 3. its title
(解读/答记者问/问答 -> policy, 经验/做法/探索/调研 -> experience); 4. a 按语 (experience);
5. a news lead or byline (本报讯, ……讯（记者 …）, 记者…报道) (news); a bureau's report on its
own work in the title (…医保局…工作情况/总结/报告: work_update); a media outlet as 来源 (news);
6. a city or county bureau that 召开/开展/推进… in the title or the first sentence
(work_update); 7. 答记者问/吹风会/解读 in the first paragraph, 问：/答： paragraphs, or a first
heading that asks what a scheme is or how to use it, answered under it (policy);
8. otherwise news. Each guess is marked ``# 请核对`` with its reason.
"""

from __future__ import annotations

import re

from ybbulletin.importer.draft import Article, Draft
from ybbulletin.importer.scripts import fold, rule
from ybbulletin.model import ENTRY_KINDS, kinds_by_section_name
from ybbulletin.model.base import DOC_YEAR

__all__ = ["DOC_NUMBER_LINE", "DOC_TITLE", "KNOWN_SECTIONS", "guess_kind"]

KNOWN_SECTIONS = kinds_by_section_name()  # 栏目 name -> entry kind, from model/kinds.py

_POLICY_TITLE = rule(r"解读|答记者问|问答|吹风会|答问")
_EXPERIENCE_TITLE = rule(r"经验|做法|探索|调研|思考|启示|实践与")
_MEDIA = rule(r"(网|社|台|频道|客户端|微博|日报|晚报|报)$")
# a place that acts (某县医保局召开…), not one where something happens (…座谈会在我市召开)
_PLACE = r"(?<![在于])(?:(?![在于])[\u4e00-\u9fff]){1,8}?(?:省|市|县|区|旗|州|乡|镇|街道)"
_AGENCY = r"(?:医疗保障局|医保局|医保中心|医疗保障事务中心|局)"
_WORK_VERBS = (
    r"(召开|开展|推进|举办|组织|启动|部署|印发|出台|联合|积极|扎实|全力|持续|深入|多措并举|强化|聚焦|"
    r"筑牢|打造|推动|立足|紧扣|围绕|采取|大力)"
)
# a unit in a list of the place's departments: 甲县市场监督管理局、卫健委、医疗保障局三部门联合…
_UNIT_WORD = r"[^，。；、]{1,10}?(?:局|委|委员会|中心|办)"
_WORK = rule(
    rf"(?:{_PLACE}{_AGENCY}?|(?:省|市|县|区){_AGENCY}|[\u4e00-\u9fff]{{2,8}}(?:医疗保障局|医保局))"
    rf"[^，。；]{{0,12}}?{_WORK_VERBS}"
    rf"|{_PLACE}{_UNIT_WORD}(?:、{_UNIT_WORD})+[^，。；]{{0,8}}?{_WORK_VERBS}"
)
# a title in which a unit acts (…医保局召开…, …镇便民服务中心大力宣传…), not only a place
_UNIT_WORK = rule(
    rf"^[^，。；]{{2,16}}?(?:局|中心|委员会|卫健委|办公室|服务站|所)[^，。；]{{0,6}}?{_WORK_VERBS}"
)
# a text that opens with its measures (一是强化宣传引导。…二是…): a unit's report of its work
_MEASURES = rule(r"^(?:一是|一要|首先是)[^。]{2,30}。")
_WORK_TITLE = rule(r"^\S{2,8}?(?:市|县|区|旗|乡|镇)医(?:疗)?保(?:障)?局")
# a bureau's own report on its work: 九江市医疗保障局2025年上半年重点工作情况的通报
_WORK_REPORT = rule(
    r"^\S{2,12}?(?:医疗保障局|医保局)\S{0,20}?工作(?:情况|总结|报告|要点|计划|进展)"
)
# a practice held up as an example: 为全省…提供了“海南经验”, 以点带面推动…
_EXPERIENCE_LEAD = rule(r"“[^”]{1,8}(?:经验|模式|样板)”|以点带面|可复制|可推广")
# the lessons of an experience report, numbered, each a pair of phrases: run into its
# paragraph (一、强化党政引领，夯实医保工作组织基础。市委将…) or a heading alone
# (一、整合资源，构建基层医保服务“新体系”)
_PHRASE = r"[^，,。；：:！？]"
_LESSON = rule(rf"^[一二三四五六七八九十]、{_PHRASE}{{2,14}}[，,]{_PHRASE}{{2,16}}(?:。|$)")
# a unit's own report on its year's work: 我们…逐项梳理年度任务完成情况; 现将…工作情况报告如下
_REPORT_LEAD = rule(
    r"(?:我们|我局|本局|我委|我中心)[^。]{0,30}?(?:工作|任务)(?:完成|开展|落实)?情况"
    r"|现将[^。]{0,30}?工作[^。]{0,10}?(?:情况|总结)[^。]{0,6}(?:报告|汇报)如下"
)
# a 来源 that is a local bureau of 医保: the text is that unit's own news of its work (the
# national bureau's releases are news, as a national body's acts are in ``_work``)
_BUREAU = rule(r"^(?!国家)\S*(?:医疗保障局|医保局|医疗保障事务中心|医保中心)$")
_POLICY_LEAD = rule(r"答记者问|吹风会|政策解读|解读")
# an explainer's first heading: one question, no clause before it, asking what a scheme is,
# who may use it or how (长期护理保险是什么？ 哪些人可以申请？ 如何办理备案？); a reporter's lead
# sets its question in context (这项新制度，能为失能老人带来什么？) or asks several at once
_HEADING_QUESTION = rule(r"^[^，,。！!？?；;：:]{2,40}[？?]$")
_EXPLAINER_ASKS = rule(
    r"什么是|是什么|是指什么|有哪些|包括哪些|哪些人|谁可以|是多少|"
    r"(?:如何|怎么|怎样)(?:办理|申请|报销|缴费|参保|享受|备案|使用|结算|计算|认定)|"
    r"(?:能|可以|可)[^？?]{0,12}吗[？?]$"
)
# a text that opens on a regulation or a document it names by its number (根据第203/2021号行政
# 长官批示, 根据《…》（医保发〔2021〕49号）) and has no other cue: it explains that policy
_CITED = rule(r"第\d{1,4}/\d{4}号|[\u4e00-\u9fff]{1,8}[〔\[［(（]\d{4}[〕\]］)）]第?\d{1,4}号")
_PRESS = rule(r"新闻发布会|发布会")
# a document's own furniture: its addressees (各区人民政府，市府各委办局：), its articles
# (第一条, 第一章), or what it says it sets out (制定本办法, 编制本规划)
_ADDRESSEES = rule(
    r"^各(?!位)[^。！？:：]{0,80}?(?:政府|局|委|办|部门|单位|厅|处|中心|办事处|管委会|机构)"
    r"[^。！？:：]{0,40}[:：]"
)
_ARTICLE = rule(r"^第[一二三四五六七八九十百]+[条章]")
_SETS_OUT = rule(r"(?:制定|制订|编制)本\S{0,10}?(?:办法|规划|计划|方案|细则|规定|意见|规则|标准)")
#: a document's title: its issuers (up to three), 关于…, a kind of document (GB/T 9704)
DOC_TITLE = rule(
    r"(?:[^\s，。；：:《》“”]{2,20}?(?:局|部|委|厅|政府|办公室|办公厅|中心)\s*){0,3}关于[^。；！？]{2,60}?"
    r"(?:通知|意见|办法|规定|决定|方案|规划|计划|批复|公告|通告|公示|细则|函|报告|请示)"
)
#: a 文号 on a line of its own: 医保发〔2021〕49号 (other brackets too)
DOC_NUMBER_LINE = rule(rf"\S{{0,12}}?[\u3400-\u9fff]{DOC_YEAR}")


def guess_kind(article: Article, lead: str, draft: Draft) -> None:
    """Set ``article.kind`` (unless a 栏目 heading decided it) and say why."""
    if article.sectioned:
        known = next((k for k in KNOWN_SECTIONS.values() if k == article.section), None)
        # a custom 栏目 holds work updates unless the editor says otherwise
        custom = article.section in draft.custom_sections
        kind = "work_update" if custom else known or "news"
        if article.kind == "case_notice" and article.cases:
            kind = "case_notice"
        elif kind == "case_notice":
            kind = "news"
            article.confirm.append("在“案例通报”栏目下，但没有读出案例，暂作为要闻类文章")
        _set(article, kind, None)
        return
    title = "" if article.title.startswith("（原文缺少标题") else article.title
    first = re.split(r"(?<=[。！？])", lead, maxsplit=1)[0]
    column = KNOWN_SECTIONS.get(fold(draft.column or ""))
    if article.kind == "case_notice" and article.cases:
        _set(article, "case_notice", "原文有案例标题")
    elif column and column != "case_notice" and len(draft.articles) == 1:
        _set(article, column, f"网页的栏目路径以“{draft.column}”结尾")
    elif article.body and DOC_NUMBER_LINE.fullmatch(article.body[0]):
        _set(article, "policy", "标题下是文号：是一份政策文件")
    elif _document(article):
        _set(
            article,
            "policy",
            "正文有主送机关（各……：）、条款（第一条）或“制定本办法”：是一份政策文件",
        )
    elif _POLICY_TITLE.search(title):
        _set(article, "policy", "标题里有“解读/答记者问/问答”")
    elif _EXPERIENCE_TITLE.search(title):
        _set(article, "experience", "标题里有“经验/做法/探索/调研”")
    elif article.note:
        _set(article, "experience", "有按语")
    elif DOC_TITLE.fullmatch(title):
        _set(article, "policy", "标题是公文的标题（……关于……的通知/公示）：是一份政策文件")
    elif article.kind_reason == "byline" or article.reporters or article.correspondents:
        _set(article, "news", "有记者、通讯员署名或“本报讯”")
    elif fold(lead).startswith("本报讯") or rule(r"^\S{0,16}(讯|电\s*[（(])").match(lead):
        _set(article, "news", "正文以“……讯”开头")
    elif _PRESS.search(title) or _PRESS.search(first):
        _set(article, "news", "是新闻发布会的报道")
    elif _WORK_REPORT.match(title):
        _set(article, "work_update", "标题是医保局的工作情况、总结或报告")
    elif _UNIT_WORK.match(title) and _work(title):
        # what the title says a unit did decides, not who printed it (a media 来源); a place
        # that acts (某市召开…) under a media 来源 stays news
        _set(article, "work_update", "标题是市县医保局（或地方单位）召开、开展、推进工作")
    elif _MEASURES.match(lead):
        _set(article, "work_update", "正文从“一是……”开始，是单位工作举措的条目")
    elif article.source and _MEDIA.search(article.source):
        _set(article, "news", f"来源“{article.source}”是媒体")
    elif _explains(article):
        _set(article, "policy", "正文以设问的小标题开头（……是什么？）再作解答：是政策解读")
    elif _asks(article):
        _set(article, *_after_question(article))
    elif article.source and _BUREAU.search(article.source):
        _set(article, "work_update", f"来源“{article.source}”是医保局：是它自己的工作信息")
    elif article.kind_reason == "unit":
        # a government unit's information signs off with the unit and its writers, not a byline
        _set(article, "work_update", f"文末署了单位“{article.source}”和撰稿人：是它自己的工作信息")
    elif _REPORT_LEAD.search(first):
        _set(article, "work_update", "开头说这是本单位的工作情况报告")
    elif _EXPERIENCE_LEAD.search(first):
        _set(article, "experience", "开头把做法当作经验、模式推介（“……经验”、以点带面）")
    elif _lessons(article):
        _set(article, "experience", "正文分条讲做法，小标题是“一、……，……。”的对句：是经验交流")
    elif _work(title) or _work(first) or _work(_after_quote(lead)) or _WORK_TITLE.match(title):
        _set(article, "work_update", "市县医保局（或地方）召开、开展、推进工作")
    elif _POLICY_LEAD.search(lead[:120]) or _questions(article):
        _set(article, "policy", "正文是政策解读或问答")
    elif _CITED.search(first):
        _set(article, "policy", "开头引用一份带编号的法规、批示或文件，讲它的内容：是政策解读")
    else:
        _set(article, "news", "没有栏目，也没有别的线索")


def _lessons(article: Article) -> bool:
    """The parts of an experience report: a numbered heading of two phrases alone on its line,
    or two such headings run into their paragraphs."""
    run_in = 0
    for paragraph in article.body:
        text = paragraph.lstrip("# ")
        head = _LESSON.match(text)
        if head is not None and head.end() == len(text):
            return True
        run_in += head is not None
    return run_in >= 2


def _after_quote(lead: str) -> str:
    """A lead that opens on someone's words (“大姐，您看这张表……”近日，在…现场，…): what it
    goes on to say of who did what, its next 200 characters ("" if it opens otherwise)."""
    if not lead.startswith("“") or "”" not in lead:
        return ""
    return lead[lead.index("”") + 1 :][:200]


def _work(text: str) -> bool:
    if not text or fold(text).startswith(("国家", "国务院")):
        return False
    match = _WORK.search(text[:200])
    return match is not None and not fold(match.group()).startswith(("国家", "国务院"))


def _asks(article: Article) -> bool:
    """The text opens on a question it then answers (…能为失能老人带来什么？ …进行了哪些探索？):
    a reporter's feature, not a unit's account of its work; a Q&A's 问：… is no such lead."""
    head = [p.strip() for p in article.body[:2]]
    return any(p.endswith(("？", "?")) and not fold(p).startswith(("问", "Q", "q")) for p in head)


def _explains(article: Article) -> bool:
    """The text opens on a question heading of an explainer, then answers it."""
    head = [p.strip() for p in article.body[:2]]
    return (
        len(head) == 2
        and _HEADING_QUESTION.match(head[0]) is not None
        and _EXPLAINER_ASKS.search(head[0]) is not None
        and not head[1].endswith(("？", "?"))
    )


def _after_question(article: Article) -> tuple[str, str]:
    """The kind of a text opening on a question, and why: what its first sentence after the
    questions says of it (a practice offered as an example, the unit's own report), else a
    reporter's feature."""
    rest = [p for p in article.body[:4] if not p.strip().endswith(("？", "?"))]
    answer = re.split(r"(?<=[。！？])", rest[0], maxsplit=1)[0] if rest else ""
    if _EXPERIENCE_LEAD.search(answer):
        return "experience", "开头设问，接着把做法当作经验、模式推介（“……经验”、以点带面）"
    if _REPORT_LEAD.search(answer):
        return "work_update", "开头设问，接着说这是本单位的工作情况报告"
    return "news", "开头提出问题引出下文，是记者的报道"


def _document(article: Article) -> bool:
    head = article.body[:8]
    return any(_ADDRESSEES.match(p) or _ARTICLE.match(p) for p in head) or any(
        _SETS_OUT.search(p) for p in head[:3]
    )


def _questions(article: Article) -> bool:
    """问：… paragraphs: two or more, or one followed by its 答：… (a one-question page)."""
    asked = [fold(p).startswith(("问：", "问:")) for p in article.body]
    answered = [fold(p).startswith(("答：", "答:")) for p in article.body]
    return sum(asked) >= 2 or any(a and b for a, b in zip(asked[:-1], answered[1:], strict=True))


def _set(article: Article, kind: str, reason: str | None) -> None:
    if kind == "policy" and "policy" not in ENTRY_KINDS:
        article.kind = "news"
        article.confirm.append(
            f"像是政策解读（{reason}），这个版本还没有 policy 类型，暂归入“要闻”"
        )
        return
    article.kind = kind
    if reason is not None:
        article.section = kind if article.section in ("news", article.kind) else article.section
        article.confirm.append(f"没有栏目标题，按线索归入“{ENTRY_KINDS.get(kind, kind)}”：{reason}")
