# ruff: noqa: E501  (tables of published text read best one row a line)
"""The importer's rules for shapes the fifth held-out batch brought (tests/fixtures/corpus/55–66):
a site's greeting and a 公众号's furniture, a title's (图) and pinyin glosses, a byline after
its outlet, a posting time before 来源, a contents list before its cases, a case headed
…典型案例, numbered paragraphs as cases, a court's defendants, 当事人, totals and quoted rules.

Every text here is made up in the shape of the published one, not copied from it.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.importing import drafted as _draft
from ybbulletin.importer.amounts import read_amounts, rounded
from ybbulletin.importer.body import UNTITLED_CASE
from ybbulletin.importer.cases import case_facts
from ybbulletin.importer.draft import UNTITLED, Case


@pytest.mark.parametrize(
    "chrome",
    [
        "今天是：",
        "欢迎访问某某县人民政府门户网",
        "点击上方蓝字关注 “某某卫生报”",
        "往期推荐：",
        "阅读原文",
        "相关推荐：",
        "网友评论：",
        "某某在线某某在线",  # a site's logo text, then its name
    ],
)
def test_greetings_and_account_furniture_are_chrome(chrome: str) -> None:
    draft, text = _draft(
        f"{chrome}\n某市医保局召开工作会议\n会议要求，各县区要压实责任。\n{chrome}"
    )
    assert [a.title for a in draft.articles] == ["某市医保局召开工作会议"]
    assert all(chrome not in p for p in draft.articles[0].body)
    assert chrome in text.split("year:")[0]  # reported, not lost


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("某区召开医疗保障工作会议(图)", "某区召开医疗保障工作会议"),
        ("某区召开医疗保障工作会议【组图】", "某区召开医疗保障工作会议"),
        ("某區醫(yī)療保障工作明確下半年目標(biāo) |", "某區醫療保障工作明確下半年目標"),
        ("某县医保电子凭证(App)上线", "某县医保电子凭证（App）上线"),  # no tone mark: no gloss
    ],
)
def test_a_title_loses_page_markers_and_pinyin_glosses_and_says_so(line: str, title: str) -> None:
    draft, text = _draft(f"{line}\n会议要求，各县区要压实责任，确保各项工作落到实处。")
    assert [a.title for a in draft.articles] == [title]
    if "（App）" not in title:
        assert "标题原文" in text


def test_a_posting_time_before_the_source_line_is_page_metadata() -> None:
    draft, _ = _draft(
        "某区召开卫生健康和医疗保障工作会议\n(2021/3/27 20:53:16)  来源:某区融媒体中心  打印本页\n"
        "3月26日，某区召开卫生健康和医疗保障工作会议，安排部署今年的重点任务。"
    )
    [article] = draft.articles
    assert article.source == "某区融媒体中心"
    assert article.body == ["3月26日，某区召开卫生健康和医疗保障工作会议，安排部署今年的重点任务。"]


@pytest.mark.parametrize(
    ("line", "source"),
    [
        ("時間:2021-07-23 19:19:12 來源:某某(mǒu)新聞(wén) 作者:某某網 |", "某某新聞"),
        ("来源: 更新时间:2021/05/19", None),  # an empty 来源: the next word is no source
    ],
)
def test_the_source_of_a_meta_line(line: str, source: str | None) -> None:
    draft, _ = _draft(
        f"某县医保局召开工作会议\n{line}\n会议要求，各县区要压实责任，确保各项工作落到实处。"
    )
    assert draft.articles[0].source == source


def test_a_byline_after_its_outlet_at_the_end() -> None:
    draft, _ = _draft(
        "4月9日，某市启动医保基金监管集中宣传月活动，守护好人民群众的救命钱。\n"
        "某某卫生报全媒体记者:张明"
    )
    [article] = draft.articles
    assert (article.kind, article.reporters, article.correspondents) == ("news", ["张明"], [])
    assert all("记者" not in p for p in article.body)


def test_a_bureaus_report_on_its_own_work_is_a_work_update_whatever_its_source() -> None:
    draft, _ = _draft(
        "某市医疗保障局2025年上半年重点工作情况的通报\n来源:中国某某网 发布日期: 2025-07-09\n"
        "一、当前重点工作进展情况\n某市医疗保障局坚持围绕中心、服务大局，深入推动医保领域各项改革。"
    )
    assert [(a.kind, a.source) for a in draft.articles] == [("work_update", "中国某某网")]
    draft, _ = _draft(
        "某市召开医保工作会议\n来源:中国某某网\n会议要求，各县区要压实责任，确保各项工作落到实处。"
    )
    assert [a.kind for a in draft.articles] == ["news"]  # a media 来源 still decides the rest


def test_a_contents_list_before_the_cases_is_dropped_not_the_first_case() -> None:
    draft, text = _draft(
        "某类犯罪典型案例目录\n1.张某某诈骗案——依法严惩职业骗保人\n2.李某某诈骗案——虚开药品骗取医保基金\n"
        "案例1 张某某诈骗案——依法严惩职业骗保人\n（一）基本案情\n被告人张某某伪造住院病历，骗取医保基金10万余元。"
    )
    [article] = draft.articles
    assert article.title == UNTITLED
    assert [c.title for c in article.cases] == ["张某某诈骗案——依法严惩职业骗保人"]
    assert "目录：2.李某某诈骗案——虚开药品骗取医保基金" in text


@pytest.mark.parametrize(
    ("title", "subject", "subject_type"),
    [
        ("曾望清诈骗案——依法严惩医保骗保幕后组织者、职业骗保人", "曾望清", "individual"),
        ("靳利娟、罗安君等诈骗案——社区定点医保机构虚开药品", "靳利娟、罗安君", "individual"),
        ("某县人民医院诈骗案", "某县人民医院", "hospital"),  # an institution stays one
    ],
)
def test_a_courts_case_is_about_its_defendants(title: str, subject: str, subject_type: str) -> None:
    body = "经查，某某财产保险股份有限公司大悟支公司办理了理赔。"
    facts = case_facts(Case(title, [body]), "")
    assert (facts.subject, facts.subject_type) == (subject, subject_type)


def test_the_party_a_penalty_decision_names_and_no_party_from_an_agreements_title() -> None:
    facts = case_facts(
        Case("某县医疗保障局行政处罚决定书", ["本机关对你单位涉嫌违法行为进行立案调查。"]),
        "当事人：某某中西医结合诊所\n统一社会信用代码：92500235MA60000000",
    )
    assert (facts.subject, facts.subject_type) == ("某某中西医结合诊所", "clinic")
    facts = case_facts(
        Case(
            "（无标题）",
            [
                "违反《2021年某地医疗保障定点零售药店服务协议》第八条。我局对某县维康药业连锁复康店进行现场检查。"
            ],
        ),
        "",
    )
    assert (facts.subject, facts.subject_type) == ("某县维康药业连锁复康店", "pharmacy")


def test_one_case_headed_by_a_line_ending_in_typical_case() -> None:
    draft, _ = _draft(
        "某县医疗保障局2021年度打击欺诈骗保典型案例曝光\n"
        "定点零售药店摆放支付范围外品种销售典型案例\n"
        "一、核查情况：某县医疗保障局对县城区域内46家定点零售药店进行了实地核查，发现违规行为。"
    )
    [article] = draft.articles
    assert article.kind == "case_notice"
    assert [c.title for c in article.cases] == ["定点零售药店摆放支付范围外品种销售典型案例"]
    draft, _ = _draft(
        "某市医保局召开工作会议\n一、关于定点医疗机构的典型案例\n会议要求，各县区要压实责任，确保各项工作落到实处。"
    )
    assert draft.articles[0].cases == []  # a group label (关于…) heads no case


def test_numbered_paragraphs_after_an_announced_count_are_cases() -> None:
    draft, _ = _draft(
        "关于对我县两家定点医药机构违约行为处理的通报\n现将2起案例通报如下:\n"
        "1. 2022年2月23日,我局执法人员对某县甲药店进行现场检查,发现药品购销存不符,涉及违规金额192元。\n"
        "一、追回违规金额192元,并处违规金额1倍罚款192元,共计384元。\n"
        "2. 2022年3月1日,我局执法人员对某县乙诊所进行现场检查,发现串换项目,涉及违规金额301元。"
    )
    [article] = draft.articles
    assert article.kind == "case_notice"
    assert [c.title for c in article.cases] == [UNTITLED_CASE, UNTITLED_CASE]
    assert "一、追回违规金额192元" in article.cases[0].body[-1]
    draft, _ = _draft(
        "某县医保局开展专项检查\n今年以来，县医保局持续加强基金监管，成效明显。\n"
        "1. 加强组织领导，成立工作专班，明确责任分工，确保工作落实到位。"
    )
    assert draft.articles[0].cases == []  # no count of cases announced: numbered points


@pytest.mark.parametrize(
    ("text", "amounts"),
    [
        # a total of what the sentence named before is no further amount
        ("追回违规金额192元，并处违规金额1倍罚款192元，共计384元。", {"recovered": "0.0192", "involved": "0.0192", "fined": "0.0192"}),
        ("涉及违规金额192元。涉及违规金额301元。以上共计涉及违规金额493元。", {"involved": "0.0493"}),
        ("涉及违规金额300元。共计涉及违规金额500元。", {"involved": "0.08"}),  # adds nothing up: kept
        # the amounts of a rule quoted at length are the rule's
        ("根据协议第四十一条“乙方履约过程中的违约行为不涉及金额的，按每次1000元向甲方支付违约金”，追回违规金额301元。", {"recovered": "0.0301", "involved": "0.0301"}),
        # what is returned under a name of what was involved is both (when nothing else says)
        ("对违规药店作扣回违规不合理费用1987.00元，并给予3倍处理，合计处理金额为7948.00元。", {"recovered": "0.1987", "involved": "0.1987"}),
        ("骗取医保基金5万元，责令退回违规费用5万元。", {"involved": "5", "recovered": "5"}),
    ],
)  # fmt: skip
def test_amounts(text: str, amounts: dict[str, str]) -> None:
    money = read_amounts(text)
    got = {
        kind: str(rounded(sum((v for v, _ in values), Decimal(0))))
        for kind, values in money.found.items()
    }
    assert got == amounts
