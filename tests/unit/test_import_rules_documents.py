# ruff: noqa: E501  (tables of published text read best one row a line)
"""The importer's rules for shapes the seventh held-out batch brought (tests/fixtures/corpus/77–88):
case headings 案例1—… broken over two lines, an aggregator's name on the first line, a
document's title broken over lines (issuers / 关于印发《…》的 / 通知) under its 文号 or a page's
title, a document's furniture (addressees, 第一条, 制定本计划) making it a policy, a chapter
heading that is no title, a disclosure page's table (索引号 … 名称), a press conference as
news, a place where something happens (…在我市召开) that is not the one working; and junk
that LibreOffice reads as hanzi (a damaged .doc), which is refused.

Every text here is made up in the shape of the published one, not copied from it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.importing import drafted as _draft
from ybbulletin.importer.draft import UNTITLED
from ybbulletin.importer.text import garbled

CORPUS = Path(__file__).parents[1] / "fixtures" / "corpus"


def test_dashed_case_headings_broken_over_two_lines_are_one_heading() -> None:
    draft, text = _draft(
        "某某资讯网\n\n"
        "甲市曝光2起医保基金典型案例\n\n"
        "甲市医疗保障局持续推进医保基金监管，现公开曝光2起典型案例。\n\n"
        "案例1—东风路康宁推拿店\n\n违规案\n\n"
        "2025年3月，乙区医保局检查发现该店超范围结算，乙区医保局追回医保基金违规费用12000元。\n\n"
        "案例2——丙县平安中医诊所药品\n\n重复结算案\n\n"
        "2025年4月，丙县医保局发现该诊所重复结算药品，追回医保基金3000元。"
    )
    [article] = draft.articles
    assert article.title == "甲市曝光2起医保基金典型案例"
    assert [c.title for c in article.cases] == [
        "东风路康宁推拿店违规案",
        "丙县平安中医诊所药品重复结算案",
    ]
    assert 'subject: "东风路康宁推拿店"' in text  # the heading's name before a bare 违规案
    assert "某某资讯网" in text.split("year:")[0]  # reported, not lost


@pytest.mark.parametrize(
    ("head", "title"),
    [
        (
            "来源：某市医保局 日期：2021-11-15 访问次数：5\n甲医保发〔2021〕9号\n甲省医疗保障局\n关于印发《甲省医疗保障规划》的\n通知",
            "甲省医疗保障局关于印发《甲省医疗保障规划》的通知",
        ),
        (
            "《乙县医疗保障规划》\n\n乙县医疗保障局  乙县财政局\n\n关于印发《乙县医疗保障事业发展\n\n规划》的通知",
            "乙县医疗保障局 乙县财政局关于印发《乙县医疗保障事业发展规划》的通知",
        ),
    ],
)
def test_a_documents_title_broken_over_lines_is_its_title_and_it_is_a_policy(
    head: str, title: str
) -> None:
    draft, text = _draft(
        f"{head}\n"
        "各市人民政府，省政府各部门：\n"
        "现将《规划》印发给你们，请认真贯彻执行。\n"
        "一、发展基础\n"
        "“十三五”期间，全省医疗保障事业稳步发展。"
    )
    [article] = draft.articles
    assert article.title == title
    assert article.kind == "policy"
    assert "发〔2021〕9号" in text or "《乙县医疗保障规划》" in text  # the rest is reported


def test_a_disclosure_tables_name_is_the_title_and_a_plan_is_a_policy() -> None:
    draft, text = _draft(
        "索引号 : 000/2025-1 文 号 : 无\n"
        "主题分类: 政务公开 发文单位: 甲市医疗保障局\n"
        "名 称: 甲市医疗保障局2026年行政检查计划 发布日期: 2025年12月24日\n"
        "有效性: 有效 发文日期:\n"
        "为做好医保基金监管工作，结合我市实际，制定本检查计划。\n"
        "一、整体目标\n"
        "保持高压监管态势。"
    )
    [article] = draft.articles
    assert article.title == "甲市医疗保障局2026年行政检查计划"
    assert article.kind == "policy"
    assert "索引号" in text.split("year:")[0]


def test_articles_of_a_measure_make_a_policy_and_a_chapter_is_no_title() -> None:
    draft, _ = _draft(
        "全文\n第一章 总 则\n"
        "第一条 为完善城乡居民基本医疗保险制度，结合本州实际，制定本办法。\n"
        "第二条 本办法适用于本州行政区域内的城乡居民。"
    )
    [article] = draft.articles
    assert article.title == UNTITLED
    assert article.kind == "policy"


def test_a_press_conference_is_news_and_a_meeting_held_in_a_city_is_not_its_work() -> None:
    presser, _ = _draft(
        "甲省医保基金监管工作新闻发布会在甲市举行\n"
        "12月9日，甲省政府新闻办、省医疗保障局联合召开新闻发布会，介绍医保基金监管工作。"
    )
    meeting, _ = _draft(
        "12月3日，全省人大社会建设工作座谈会在我市召开。省人大常委会委员主持会议并讲话。\n"
        "会议指出，要推动医疗保障高质量发展。"
    )
    work, _ = _draft(
        "12月3日，甲县医疗保障局召开医保基金监管工作会议。\n会议要求，要守好群众的看病钱。"
    )
    assert [presser.articles[0].kind, meeting.articles[0].kind] == ["news", "news"]
    assert work.articles[0].kind == "work_update"  # the guard: a bureau that 召开 is at work


def test_junk_read_as_hanzi_is_garbled_and_published_texts_are_not() -> None:
    """LibreOffice opens any bytes as text: random bytes came back as ~740 hanzi, 63 % of them
    everyday characters, and made a draft that passed check; every corpus text has over 99 %."""
    junk = bytes(range(256)) * 24
    assert garbled(junk.decode("utf-16-le", "replace"))
    for path in sorted(CORPUS.glob("*.txt")):
        assert not garbled(path.read_text(encoding="utf-8")), path.name
    assert not garbled("医保基金是人民群众的“看病钱”。" * 2)  # short texts: never said
