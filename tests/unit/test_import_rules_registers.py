# ruff: noqa: E501  (tables of published text read best one row a line)
"""The importer's rules for shapes the ninth held-out batch brought (tests/fixtures/corpus/100–110):
a register of cases under district labels with their counts (天宁区(4)) whose cases open
案例一：and run on into their text with no headline; a page's <title> suffix after an underscore
(…_风闻); a 公众号's or a bureau's name under the title, alone or over its posting time (its
来源); a 来源 and posting time run into the first paragraph; a page's loading text, a video player
that could not start, an eye-care toolbar and a forum poster's line; a breadcrumb whose last
step is a known 栏目 (… > 经验交流) as the cue for the kind; and a bracket made full-width
making its partner full-width too (天宁区(4) gave 天宁区（4), then a warning on the draft).

Every text here is made up in the shape of the published one, not copied from it.
"""

from __future__ import annotations

from tests.importing import drafted as _draft
from ybbulletin.fixes import fix_text
from ybbulletin.importer.body import UNTITLED_CASE
from ybbulletin.importer.draft import UNTITLED


def test_a_register_of_cases_under_district_labels_with_counts() -> None:
    draft, text = _draft(
        "发布日期:2023-05-10 来源:医保局 浏览次数: 字号 【大 中 小】\n"
        "东城区(2)\n"
        "案例一:2023年3月1日,在专项检查中发现甲市康宁医院存在重复收费的情况,涉及金额3000元。甲分中心责令机构限期整改,追回违规费用3000元。\n"
        "案例二:2023年3月9日,在专项检查中发现甲市东城区东街社区卫生服务站存在多收费的情况,涉及金额1200元。甲分中心追回违规费用1200元,处违约金2400元。\n"
        "西城区(9)\n"
        "案例一:西城分中心根据线索核实,发现甲市西城区北路社区卫生服务站(H3204):虚记诊疗项目费用。该站是一家医保定点社区卫生服务站,已追回违规费用500元。\n"
    )
    [article] = draft.articles
    assert article.title == UNTITLED  # 东城区（2） is a district label, not the title
    assert article.kind == "case_notice"
    assert [c.title for c in article.cases] == [UNTITLED_CASE] * 3
    assert [c.region for c in article.cases] == ["东城区", "东城区", "西城区"]
    assert "（H3204）" in text  # the pair made full-width together
    assert "（H3204)" not in text


def test_the_page_title_suffix_and_a_run_in_source_and_a_posters_line() -> None:
    draft, text = _draft(
        "最高奖励5万元!发现这些行为可举报_风闻\n"
        "某网友-2023-02-01 08:15\n"
        "来源:甲城网-2023-02/0109:30日前记者从甲市医保局获悉,为守护群众“救命钱”,医保部门向社会公开征集违法线索。\n"
        "甲市医保局相关负责人介绍,此次征集的线索包括虚假住院、串换药品等。\n"
    )
    [article] = draft.articles
    assert article.title == "最高奖励5万元！发现这些行为可举报"
    assert article.source == "甲城网"
    assert not any("某网友" in p for p in article.body)
    assert "某网友-2023-02-01 08:15" in text.split("year:")[0]  # reported, not lost
    assert article.body[0].startswith("来源：甲城网")  # kept, and the draft asks to delete it
    assert "请把段首这几个字删去" in text


def test_an_account_name_under_the_title_is_its_source_not_the_rest_of_it() -> None:
    draft, _ = _draft(
        "两部门:举报欺诈骗保最高奖5万\n\n甲市医保\n\n"
        "国家医保局和财政部:举报奖励坚持精神奖励与物质奖励相结合,对符合条件的举报人予以奖励。"
    )
    [article] = draft.articles
    assert article.title == "两部门：举报欺诈骗保最高奖5万"
    assert article.source == "甲市医保"


def test_a_unit_over_its_posting_time_under_the_title_and_page_furniture() -> None:
    draft, text = _draft(
        "Loading\n\n2024年度医疗补贴计划即将届满\n\n卫生局\n2025-03-24 20:17\n未能播放Youtube视频\n\n"
        "卫生局提醒,2024年度电子医疗券的使用期限将于2025年4月30日届满,请居民及早使用。\n\n"
        "查询方法如下:"
    )
    [article] = draft.articles
    assert article.title == "2024年度医疗补贴计划即将届满"
    assert article.source == "卫生局"
    assert not any(w in "\n".join(article.body) for w in ("Loading", "Youtube", "2025-03-24 20:17"))
    assert "Loading" in text.split("year:")[0]


def test_a_breadcrumb_ending_in_a_known_column_gives_the_kind() -> None:
    draft, _ = _draft(
        "首页\n> 医保服务 > 基层实践 > 经验交流\n视力保护色:\n"
        "甲县:让医保服务站成为群众家门口的“服务驿站”\n日期:2025-09-25 访问次数: 字号:[ ]\n\n"
        "甲县地处山区,交通不便。2023年以来,甲县医保部门在各村建立医保服务站,把服务从窗口搬到村口。\n\n"
        "一是整合力量。以县医保部门为核心,依托村卫生室,形成帮代办服务体系。"
    )
    [article] = draft.articles
    assert article.title == "甲县：让医保服务站成为群众家门口的“服务驿站”"
    assert article.kind == "experience"
    assert not any("视力保护色" in p for p in article.body)


def test_a_bracket_made_full_width_makes_its_partner_full_width() -> None:
    assert fix_text("天宁区(4)") == "天宁区（4）"
    assert fix_text("服务站(H3204):虚记") == "服务站（H3204）：虚记"
    assert fix_text("医保(2021版)规定") == "医保（2021版）规定"
    assert fix_text("a(b)c") == "a(b)c"  # no hanzi near: left alone


def test_fix_leaves_a_markdown_links_target_alone() -> None:
    # check --fix made [通知全文](通知.html) into [通知全文]（通知.html）: text, not a link
    assert fix_text("详见[通知全文](通知.html)。") == "详见[通知全文](通知.html)。"
    assert fix_text("见[通知](通知.html)的附件") == "见[通知](通知.html)的附件"
    assert fix_text("![现场](图1.png)") == "![现场](图1.png)"
    assert fix_text("[a](b)中(文)") == "[a](b)中（文）"
