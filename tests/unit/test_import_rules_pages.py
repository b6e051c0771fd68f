# ruff: noqa: E501  (tables of published text read best one row a line)
"""The importer's rules for shapes the sixth held-out batch brought (tests/fixtures/corpus/67–76):
numbered case headings over 调查发现 paragraphs, a page title's site name and an empty
breadcrumb step, a platform's disclaimer, a closing (通讯员 …), an outlet-and-name first line,
pinyin glosses through a whole text, a forum's furniture, a document's title over its 文号,
a register of cases as a table, a fine's base amount, metadata laid out label over value.

Every text here is made up in the shape of the published one, not copied from it.
"""

from __future__ import annotations

import pytest

from tests.importing import drafted as _draft
from ybbulletin.importer.draft import UNTITLED


def test_numbered_headings_over_an_investigation_are_cases() -> None:
    """The first case's paragraph says 调查发现 and names no money or 某 in its opening."""
    draft, _ = _draft(
        "甲省医疗保障局曝光2起欺诈骗保典型案例\n"
        "一、甲市乙区康乐大药房违规为他人结算医保费用\n"
        "经甲市医疗保障局调查发现，甲市乙区康乐大药房在营业执照注销的情况下，为没有取得医保定点资质的丙药房和丁药房长期结算医保费用，其间多次接受现场检查，"
        "从2019年4月至2020年4月涉嫌骗取医保基金12000元。\n"
        "二、丁县参保人员伪造住院票据骗取医保基金\n"
        "丁县医疗保障局在复查票据中发现，参保人员王某伪造住院票据，骗取医保基金8000元。"
    )
    [article] = draft.articles
    assert article.kind == "case_notice"
    assert [c.title for c in article.cases] == [
        "甲市乙区康乐大药房违规为他人结算医保费用",
        "丁县参保人员伪造住院票据骗取医保基金",
    ]


@pytest.mark.parametrize(
    "header",
    [
        "个人骗取医保基金典型案例（第三期）-某某网\n某某网 > > 正文",
        "个人骗取医保基金典型案例（第三期）_某某在线\n首页 > > 健康",
    ],
)
def test_a_page_titles_site_name_and_an_empty_breadcrumb_step_are_chrome(header: str) -> None:
    draft, text = _draft(
        f"{header}\n来源：某省医保局\n医保基金是人民群众的“看病钱”，现发布第三期典型案例，请各地引以为戒。"
    )
    assert [a.title for a in draft.articles] == ["个人骗取医保基金典型案例（第三期）"]
    assert "> >" in text.split("year:")[0]  # reported, not lost


def test_a_platforms_disclaimer_is_chrome_and_the_closing_byline_is_read() -> None:
    draft, _ = _draft(
        "某县某街道开设医保缴费“移动窗口”\n"
        "近日，某街道工作人员上门为老人办理医保缴费，现场讲解新一年度的缴费标准。（通讯员 张三 李四）\n"
        "特别声明：以上内容（如有图片或视频亦包括在内）为自媒体平台用户上传并发布，本平台仅提供信息存储服务。\n"
        "Notice: The content above (including the pictures and videos if any) is uploaded and posted by a user."
    )
    [article] = draft.articles
    assert article.correspondents == ["张三", "李四"]
    assert not any("特别声明" in p or "Notice" in p for p in article.body)


def test_an_outlet_and_a_name_on_the_first_line_are_the_source_not_the_title() -> None:
    draft, text = _draft(
        "某某晚报·某某客户端 王五\n"
        "9月18日，某县医保局开展“阳光政务”体验活动，邀请人大代表、政协委员实地体验医保经办服务。"
    )
    [article] = draft.articles
    assert article.title == UNTITLED
    assert article.source == "某某晚报·某某客户端"
    assert "王五" in text  # said, not lost


def test_pinyin_glosses_leave_the_whole_text_of_a_misconverted_page() -> None:
    draft, text = _draft(
        "3月11日，某區(qū)醫(yī)保開(kāi)放日活動(dòng)在某鎮(zhèn)舉行，工作人員講解醫保政策。\n"
        "近年來(lái)，某區醫保局持續深化改革，參保率穩定在98%以上。"
    )
    [article] = draft.articles
    assert article.body[0].startswith("3月11日，某區醫保開放日活動在某鎮舉行")
    assert all("(" not in p and "（" not in p for p in article.body)
    assert "已去掉 6 处" in text


def test_one_pinyin_gloss_in_a_body_stays() -> None:
    draft, _ = _draft("某县召开医保工作会议\n会议在某鎮(zhèn)召开，部署全年医保重点工作。")
    assert "某鎮（zhèn）召开" in draft.articles[0].body[0]


def test_a_forums_furniture_and_a_documents_header_are_dropped() -> None:
    draft, text = _draft(
        "查看: 1024|回复: 3\n"
        "[政策法规] 医保和公安联手打击骗保\n"
        "[复制链接]\n"
        "4\n主题\n15\n回帖\n新手上路\n"
        "发表于 2021-12-15 09:20:41 | 显示全部楼层 |阅读模式\n"
        "某某局 某某厅关于加强查处骗取医保基金案件协作的通知\n"
        "某医保发〔2021〕12号\n"
        "各市、县（区）医疗保障局、公安局：\n"
        "为完善行政执法与刑事司法衔接机制，现就加强查处骗取医保基金案件协作通知如下：\n"
        "一、切实加强协作配合"
    )
    [article] = draft.articles
    assert article.title == "某某局 某某厅关于加强查处骗取医保基金案件协作的通知"
    assert article.kind == "policy"
    assert 'doc_number: "某医保发〔2021〕12号"' in text
    head = text.split("year:")[0]
    assert "医保和公安联手打击骗保" in head
    assert "显示全部楼层" in head


def test_a_register_of_cases_as_a_table_gives_a_case_a_row() -> None:
    draft, text = _draft(
        "2026年案件目录（1）\n"
        "来源：\n某区医疗保障局\n发布时间：\n2026-01-06 10:58\n"
        "| 序号 | 案件名称 | 拒付金额（元） | 罚款金额（元） | 违规（涉案）金额（元） | 处理结果 |\n"
        "| 1 | 某某医院 | 1000.00 | 1000.00 | 1500.00 | （一）责令改正。（二）责令你单位退回违规基金1000.00元。（三）对你单位违规使用医保基金1000.00元的行为处造成损失的1倍罚款1000.00元。 |\n"
        "| 2 | 某某社区卫生服务中心 | 200.00 | 200.00 | 300.00 | （一）责令改正。（二）责令你单位退回违规基金200.00元。 |"
    )
    [article] = draft.articles
    assert article.kind == "case_notice"
    assert article.source == "某区医疗保障局"
    assert [c.title for c in article.cases] == ["某某医院", "某某社区卫生服务中心"]
    # the 违规 column is what was involved; 1000.00元 in 处理结果 is what the fine is reckoned on
    amounts = [line.split("#")[0].strip() for line in text.splitlines() if "amounts:" in line]
    assert amounts == [
        "amounts: {recovered: 0.1, fined: 0.1, involved: 0.15}",
        "amounts: {recovered: 0.02, fined: 0.02, involved: 0.03}",
    ]
    assert "subject_type: clinic" in text


def test_a_table_without_a_name_column_is_no_register() -> None:
    draft, _ = _draft(
        "某市医保基金收支情况\n"
        "| 年度 | 基金收入（亿元） | 统筹支付金额（亿元） |\n| 2023年 | 32.21 | 34.02 |"
    )
    assert draft.articles[0].kind != "case_notice"
