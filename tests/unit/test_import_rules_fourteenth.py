# ruff: noqa: E501  (tables of published text read best one row a line)
"""The importer's rules for shapes the fourteenth held-out batch brought (tests/fixtures/corpus/156–166):
a township or a sub-district signing off its own item with its writer ((甲河乡 李某)); a line of
markup a copy kept (<img …/>) and an advert's label (廣告) over the headline; a byline whose
names a bar sets off from the role (記者|甲某、乙某); a dateline naming an outlet's app after it
(大众网·海报新闻菏泽9月13日讯) as the 来源, and its byline cut at (记者 no part of a title; a photo's
caption closed by its credit ((圖/…提供)) as no title and no paragraph's first half; the outlet in
brackets before a bracketed byline run into the lead (（觀傳媒…新聞）【記者…/台中報導】); the small
form of an exclamation mark (﹗) ending a sentence; a review's decision set out under 主文 as
one case, its party masked (○○診所) and named as the applicant's (申請人係…), amounts with the yuan
written after the 万 (2 萬318 元) and 罰鍰 as a fine. And, from the last session's list, a lead
opening on someone's words, then the sub-district (街道) that set the work going: a work update;
an account whose numbered parts open on pairs of phrases (一、强化党政引领，夯实…基础。, two
run in, or one heading alone: 一、整合资源，构建…“新体系”): an experience report.

Every text here is made up in the shape of the published one, not copied from it.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.importing import parsed as _draft
from tests.importing import total as _total
from ybbulletin.importer.cases import case_facts
from ybbulletin.importer.draft import UNTITLED


@pytest.mark.parametrize(
    ("closing", "unit"),
    [
        ("(甲河乡 李乙)", "甲河乡"),
        ("（乙山镇 王甲 周乙）", "乙山镇"),
        ("(丙北街道 张甲乙)", "丙北街道"),
        ("(丁城街道办事处 赵甲)", "丁城街道办事处"),
    ],
)
def test_a_township_signing_off_its_item_is_its_source(closing: str, unit: str) -> None:
    draft = _draft(
        "为将城乡居民医疗保险这一惠民政策落到实处,11月10日上午,甲河乡召开了城乡居民医疗保险基金征收工作动员大会,全体乡村干部参加了会议。\n"
        f"乡长王甲要求,全体乡村干部要做好政策的宣传解释工作,引导群众自愿参保,力求应保尽保。{closing}\n"
    )
    [article] = draft.articles
    assert article.source == unit
    assert article.kind == "work_update"


def test_a_reporter_in_brackets_at_the_end_is_no_unit() -> None:
    draft = _draft(
        "甲县召开医疗保障推进会\n"
        "6月20日,甲县召开医疗保障推进会,县医保局等相关部门负责人参会。\n"
        "会议就县域医疗卫生一体化改革工作进行了研究讨论。(甲县融媒记者 李乙)\n"
    )
    [article] = draft.articles
    assert article.source is None


@pytest.mark.parametrize(
    "furniture",
    [
        '<img src="https://sb.example.com/p?c1=2&amp;c2=1&amp;cv=3.6.0&amp;cj=1" alt="comScoreNoScript"/>\n\n廣告\n\n廣告\n\n',
        "<br/> </div>\n广告\n",
        "Advertisement\n推广\n",
    ],
)
def test_markup_and_advert_labels_over_the_headline_are_no_text(furniture: str) -> None:
    draft = _draft(
        f"{furniture}衛福部次長甲某接棒健保署長 坦言「誠惶誠恐」\n\n記者|乙某某、丙某某\n\n"
        "主持人:「交接印信。」衛福部次長甲某從部長手中接下印信,更接下新任健保署長重任,坦言有點緊張。\n"
    )
    [article] = draft.articles
    assert article.title == "衛福部次長甲某接棒健保署長 坦言「誠惶誠恐」"
    assert not any("<" in p or "告" in p or "Adv" in p for p in article.body)


@pytest.mark.parametrize(
    ("byline", "reporters"),
    [("記者|乙某某、丙某某", ["乙某某", "丙某某"]), ("记者｜甲乙 丙丁", ["甲乙", "丙丁"])],
)
def test_a_bar_between_the_role_and_the_names(byline: str, reporters: list[str]) -> None:
    draft = _draft(
        f"甲市医保局召开基金监管工作会议\n{byline}\n"
        "6月20日,甲市医保局召开基金监管工作会议,部署下半年工作。\n"
    )
    [article] = draft.articles
    assert article.reporters == reporters


@pytest.mark.parametrize(
    ("dateline", "outlet"),
    [
        ("大众网·海报新闻甲泽9月13日讯(记者 王甲)", "大众网·海报新闻"),
        ("乙江日报·潮新闻9月13日讯(记者 王甲)", "乙江日报·潮新闻"),
        ("湖南日报·华声在线7月20日讯(通讯员 王甲)", "湖南日报·华声在线"),
    ],
)
def test_a_dateline_names_the_outlet_and_its_app(dateline: str, outlet: str) -> None:
    draft = _draft(
        f"甲市医保局查处违规药店\n{dateline}经市医保局调查,三家药店均存在刷卡出售生活用品的行为。市医保局依规解除其服务协议。\n"
    )
    [article] = draft.articles
    assert article.source == outlet


def test_a_dateline_with_its_byline_cut_is_no_part_of_the_title() -> None:
    draft = _draft(
        "甲市医保局查处违规药店\n大众网·海报新闻甲泽9月13日讯(记者\n"
        "记者了解到,经市医保局调查,三家药店均存在刷卡出售米面油等生活用品的行为。市医保局依规解除其服务协议。\n"
    )
    [article] = draft.articles
    assert article.title == "甲市医保局查处违规药店"
    assert article.source == "大众网·海报新闻"


def test_a_credited_caption_then_an_outlet_and_a_byline_run_into_the_lead() -> None:
    draft = _draft(
        " date 2025-12-09 七大醫療團隊協力完成偏鄉區域聯防照護。（圖/健保署甲區業務組提供）\n\n"
        "（觀傳媒甲區新聞）【記者乙某某/台中報導】臺中山城是許多人假日旅遊的首選，惟地處偏鄉，就醫路迢迢﹗\n\n"
        "健保署署長表示，全民健保已經達到99.99%的涵蓋率，下一步要完善對偏鄉離島的醫療照護。\n"
    )
    [article] = draft.articles
    assert article.title == UNTITLED
    assert (article.source, article.reporters) == ("觀傳媒甲區新聞", ["乙某某"])
    assert article.joined == 0  # the caption, the lead and the next paragraph stay apart
    assert len(article.body) == 3


def test_a_review_decision_under_its_operative_part_is_one_case() -> None:
    draft = _draft(
        "【案例五二〇】 衛部爭字第1120000000號(權益案件)\n\n審 定\n\n主文\n\n申請審議駁回。\n\n事實\n\n"
        "一、健保署罰鍰處分書要旨\n"
        "(一) 申請人係○○診所負責醫師,經該署派員訪查,發現有未經醫師診治而虛報醫療費用之情事,虛報金額共計1 萬2,000點。\n"
        "(二) 應按虛報醫療費用[ 換算為新臺幣(下同)1 萬2,500 元] 處以2 倍罰鍰計2 萬5,000 元整。\n"
    )
    [article] = draft.articles
    assert article.kind == "case_notice"
    [case] = article.cases
    facts = case_facts(case, "")
    assert (facts.subject, facts.subject_type) == ("○○診所", "clinic")


@pytest.mark.parametrize(
    ("text", "kind", "amount"),
    [
        ("處以2 倍罰鍰計4 萬636 元整。", "fined", "4.0636"),
        ("责令退回医保基金1万2,500元。", "recovered", "1.25"),
        ("违规金额2万318元。", "involved", "2.0318"),
        ("处罚款3万元，追回5万元。", "fined", "3"),
    ],
)
def test_the_yuan_after_a_wan_and_a_fine_called_fa_huan(text: str, kind: str, amount: str) -> None:
    assert _total(text, kind) == Decimal(amount)


@pytest.mark.parametrize(
    ("sentence", "subject"),
    [
        ("经查,**卫生院存在超标准收费行为,涉及医保基金1.2万元。", "**卫生院"),
        ("经查,甲县××大药房存在串换药品行为,涉及医保基金1.2万元。", "甲县××大药房"),
        ("当事人系甲市○○诊所,存在虚构医疗服务行为,涉及医保基金1.2万元。", "甲市○○诊所"),
    ],
)
def test_a_masked_name_is_the_cases_subject(sentence: str, subject: str) -> None:
    draft = _draft(f"甲市医保局通报典型案例\n一、违规使用医保基金案\n{sentence}\n")
    [article] = draft.articles
    facts = case_facts(article.cases[0], "")
    assert facts.subject == subject


@pytest.mark.parametrize(
    ("lead", "kind"),
    [
        (
            "“大姐,您看这张表,线上缴费步骤我再给您演示一遍。”近日,在甲市乙区丙北街道广场的医保宣传活动现场,工作人员正为居民讲解政策。"
            "为提升医保政策知晓率,丙北街道精心部署,开展了一系列医保政策宣传服务活动。",
            "work_update",
        ),
        (
            "“以前跑三趟,现在一趟就办完了。”近日,在甲县医保服务大厅,前来办事的王大爷说。记者了解到,今年以来办事群众明显增多。",
            "news",
        ),
        ("近日,甲北街道组织开展医保政策宣传活动,工作人员为居民讲解缴费政策。", "work_update"),
    ],
)
def test_a_lead_opening_on_someones_words_then_who_acted(lead: str, kind: str) -> None:
    draft = _draft(
        f"{lead}\n\n街道构建了线上线下多维宣传矩阵,实现政策覆盖无死角,让医保保障网越织越密。\n"
    )
    [article] = draft.articles
    assert article.kind == kind


_LESSONS = (
    "一、强化党政引领,夯实医保工作组织基础。市委将医保政策纳入干部教育培训体系,从顶层设计上确立医保工作的重要地位。\n"
    "二、提升干部能力,打通政策落地最后一公里。通过专题宣讲,干部对医保政策的理解更加深入。\n"
)


@pytest.mark.parametrize(
    ("parts", "kind"),
    [
        (_LESSONS, "experience"),
        (_LESSONS.split("\n")[0] + "\n", "news"),  # one such part run in: no more
        (
            "一、整合资源,构建基层医保服务“新体系”\n甲县将医保服务站建在乡镇便民服务中心,群众就近办理业务。\n",
            "experience",
        ),
        ("一是强化党政引领。市委将医保政策纳入干部教育培训体系。\n二是提升干部能力。\n", "news"),
    ],
)
def test_numbered_parts_that_open_on_paired_phrases_are_lessons(parts: str, kind: str) -> None:
    draft = _draft(
        "为进一步加强医保政策宣传,讲好医保故事,近日,在党校向260余名干部开展医保政策专题宣讲,着力构建医保协同治理新机制。\n"
        + parts
    )
    [article] = draft.articles
    assert article.kind == kind
