# ruff: noqa: E501  (tables of published text read best one row a line)
"""The importer's rules for shapes the twelfth held-out batch brought (tests/fixtures/corpus/132–143):
a byline in other brackets, on a line of its own (【記者…/報導】) or opening the lead
(〔記者…/高雄報導〕), with the desk it filed from; a date and an outlet in brackets (【2006/09/27
民生報】) as the 来源; a blog's English date line over the title; a site's slogan ending in 网站
over the title is no 来源; a 【概况】 heading under a title is no part of it; a unit and its writer
in brackets closing the text ((…医疗保障局 王妍)) as the 来源, and a bureau as 来源 making a work
update; a case under the point it makes, over 【基本案情】; one case's report under its own parts
(一、基本情况 … 三、处理情况); 退缴 as recovered and an accomplice's part (参与骗取) as no more
money involved; a chain pharmacy's store with its region in brackets.

Every text here is made up in the shape of the published one, not copied from it.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.importing import parsed as _draft
from tests.importing import total as _total
from ybbulletin.importer.cases import case_facts
from ybbulletin.importer.draft import UNTITLED


def test_a_byline_in_other_brackets_opening_the_lead() -> None:
    draft = _draft(
        "甲市2診所涉詐領健保 3人交保\n"
        "〔記者王甲乙/甲市報導〕甲市地檢署昨天發動檢警30餘人,同步搜索甲市2家診所,帶回涉案之醫師3人。\n"
        "檢警調查,經比對發現2家診所以重複刷卡方式詐領健保給付,詳細金額尚待比對。\n"
    )
    [article] = draft.articles
    assert article.reporters == ["王甲乙"]  # not 甲市, the desk it filed from
    assert article.kind == "news"


def test_a_blogs_copy_of_a_paper_item() -> None:
    draft = _draft(
        "Monday, March 6, 2006\n\n"
        "甲健保 將以詐欺罪送辦\n\n"
        "【2006/03/05 甲生報】\n\n"
        "【記者陳甲乙/報導】\n\n"
        "盜刷健保卡、假住院真領錢,未來都將吃上官司!健保局表示,自下月起一律移送司法機關偵辦。\n\n"
        "健保局表示,過去往往視情節輕重,決定是否移送,所以十年來只移送了一千多件案件。\n"
    )
    [article] = draft.articles
    assert article.title == "甲健保 將以詐欺罪送辦"
    assert (article.source, article.reporters) == ("甲生報", ["陳甲乙"])
    assert not any("記者陳甲乙" in p or "甲生報】" in p for p in article.body)


def test_a_column_in_brackets_is_no_byline_and_no_part_of_the_title() -> None:
    draft = _draft(
        "甲市医保宣传走进乡村\n"
        "【记者手记】\n"
        "4月4日,甲市医保局组织工作人员走进乙村,向村民宣传医保政策,发放资料500余份。\n"
    )
    [article] = draft.articles
    assert (article.title, article.reporters) == ("甲市医保宣传走进乡村", [])


def test_a_sites_slogan_over_the_title_is_no_source() -> None:
    draft = _draft(
        "甲日报社创办的权威新闻综合网站\n"
        "甲市医保政策宣传效果好\n"
        "来源:甲新闻网   2023-03-01 18:18:42\n\n"
        "甲新闻网3月1日讯(通讯员 黄甲乙)近年来,甲市把扩大医疗保险覆盖面作为重要抓手,参保率稳定在96%以上。\n"
    )
    [article] = draft.articles
    assert article.title == "甲市医保政策宣传效果好"
    assert article.source == "甲新闻网"


def test_a_parts_heading_under_a_title_is_no_part_of_it() -> None:
    draft = _draft(
        "医疗保障与健康促进\n"
        "【概况】\n"
        "2019年2月27日,甲区医疗保障局成立,是区人民政府工作部门,设置办公室、医疗保障科和基金监管科。\n"
        "【医疗保险】\n"
        "甲区医保局推进医药卫生体制改革,477万人次享受医保待遇、支付医保基金7亿元。\n"
    )
    [article] = draft.articles
    assert article.title == "医疗保障与健康促进"


def test_a_unit_and_its_writer_closing_the_text() -> None:
    draft = _draft(
        "6月16日下午,市政府督查室一行人到我区督查基本医疗保险全覆盖工作,区医保局局长等出席会议。\n"
        "督查组对我区前期工作给予充分肯定,指出本年度缴费时限截止到6月底,任务艰巨。\n"
        "副区长表示,我区将继续强化措施,按时完成目标任务。(甲区医疗保障局 王甲)\n"
    )
    [article] = draft.articles
    assert article.title == UNTITLED
    assert article.source == "甲区医疗保障局"
    assert article.kind == "work_update"
    assert any("王甲" in c for c in article.confirm)
    assert any("(甲区医疗保障局 王甲)" in p or "（甲区医疗保障局 王甲）" in p for p in article.body)


def test_a_case_under_the_point_it_makes() -> None:
    draft = _draft(
        "5年骗取医保基金1000余万元\n\n"
        "2021-11-08 来源:甲法网\n\n"
        "近期,最高人民法院公布了5件医保骗保犯罪典型案例。\n\n"
        "社区医保机构虚开药品隐蔽性强\n\n"
        "【基本案情】 甲市乙区丙街道社区卫生服务站系定点医保机构,由被告人李某出资创办。截至2017年9月,李某共骗取医保资金1000余万元,王某参与骗取医保资金900余万元。\n"
    )
    [article] = draft.articles
    assert article.kind == "case_notice"
    [case] = article.cases
    assert case.title == "社区医保机构虚开药品隐蔽性强"
    facts = case_facts(case, "")
    assert facts.subject == "甲市乙区丙街道社区卫生服务站"
    assert facts.amounts == {"involved": Decimal("1000")}


def test_one_cases_report_under_its_own_parts() -> None:
    draft = _draft(
        "一、基本情况\n"
        "甲区医保局在对甲大药房连锁(上海)有限公司乙庆店飞行检查中发现,该机构疑似存在伪造处方购药问题。\n"
        "二、核查过程及结果\n"
        "经核实,销售人员毛某伪造就诊记录和处方,骗取国家医保基金人民币32772.60元。\n"
        "三、处理情况\n"
        "法院以诈骗罪判处毛某拘役五个月。目前毛某已全额退缴32772.60元至国家基金库。\n"
    )
    [article] = draft.articles
    assert article.kind == "case_notice"
    [case] = article.cases
    facts = case_facts(case, "")
    assert facts.subject == "甲大药房连锁（上海）有限公司乙庆店"
    assert facts.subject_type == "pharmacy"
    assert facts.amounts == {"involved": Decimal("3.2773"), "recovered": Decimal("3.2773")}


def test_numbered_parts_without_a_handling_part_are_no_case() -> None:
    draft = _draft(
        "甲县医保工作情况\n"
        "一、基本情况\n"
        "甲县共有参保人员30万人,定点医药机构200家,全年支付医保基金5亿元。\n"
        "二、下一步打算\n"
        "甲县医保局将继续推进支付方式改革,扎实做好医保各项工作。\n"
    )
    [article] = draft.articles
    assert article.kind != "case_notice"
    assert article.cases == []


@pytest.mark.parametrize(
    ("text", "kind", "total"),
    [
        ("目前毛某已全额退缴32772.60元至国家基金库。", "recovered", "3.2773"),
        ("截至2017年9月,李某共骗取医保资金3000余万元,王某参与骗取医保资金2900余万元。", "involved", "3000"),
        ("经查,王某参与骗取医保资金12万元。", "involved", "12"),  # the only sum named: involved
    ],
)  # fmt: skip
def test_money_paid_back_and_an_accomplices_part(text: str, kind: str, total: str) -> None:
    assert _total(text, kind) == Decimal(total)


def test_a_text_opening_on_questions_is_a_reporters_feature() -> None:
    draft = _draft(
        "从2016年至今,长期护理保险制度在我国多座城市开展试点。这项新制度,能为失能老人带来什么?\n"
        "作为最早的试点城市之一,甲市对长护险制度进行了哪些探索?\n"
        "在甲市主城区的一条小巷里,甲市医保局开展长期护理保险经办工作。我们跟随两名工作人员上门入户。\n"
    )
    [article] = draft.articles
    assert article.kind == "news"


def test_a_question_and_its_answer_are_no_feature() -> None:
    draft = _draft(
        "问:甲市居民医保今年怎么缴费?\n"
        "答:甲市医保局开展集中缴费,居民可通过手机缴费,缴费期至12月31日。\n"
        "问:异地就医怎么备案?\n"
        "答:可在国家医保服务平台备案。\n"
    )
    [article] = draft.articles
    assert article.kind != "news" or any("政策解读" in c for c in article.confirm)


@pytest.mark.parametrize(
    ("unit", "kind"), [("甲区医疗保障局", "work_update"), ("国家医疗保障局", "news")]
)
def test_a_local_bureau_as_source_makes_a_work_update(unit: str, kind: str) -> None:
    draft = _draft(
        "近日,一批定点医药机构违规使用医保基金的问题被查处,涉及多家医院和药店。\n"
        "下一步,将持续加大监督检查力度,守护好群众的看病钱。\n"
        f"(来源:{unit})\n"
    )
    [article] = draft.articles
    assert (article.source, article.kind) == (unit, kind)
