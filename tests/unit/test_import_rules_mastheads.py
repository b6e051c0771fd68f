# ruff: noqa: E501  (tables of published text read best one row a line)
"""The importer's rules for shapes the eighth held-out batch brought (tests/fixtures/corpus/89–99):
a site's names and column over its breadcrumb, a metadata line written with bars and read
as a table, a posting time followed by the unit that posted it, an e-paper's page label and
name, a disclosure table in brackets ([ 索引号 ] …) over a 公示, a penalty decision's head over
three lines (issuer / 行政处罚决定书 / its number) with 当事人（姓名或名称）：, one case announced
in the lead (现将1起…案例…如下), an institution left unnamed (某医院), a bare number in
brackets repeating an amount, a place that 采取 measures; and PDFs whose fonts have no table
of characters (refused, tests/cases/import-pdf-no-text-map).

Every text here is made up in the shape of the published one, not copied from it.
"""

from __future__ import annotations

from tests.importing import drafted as _draft
from ybbulletin.importer.draft import UNTITLED


def test_masthead_over_breadcrumb_and_a_barred_metadata_line() -> None:
    draft, text = _draft(
        "甲市人民政府\n甲市医疗保障局\n区县动态\n当前位置:首页 > 新闻中心 > 区县动态\n"
        "乙区:开展医保政策进社区活动\n发布日期:2024-05-09 10:20 | 来源:乙区医保 | \n|【打印】|【关闭】\n\n"
        "为做好医保政策宣传，乙区医保局组织干部走进社区，向居民讲解参保缴费和异地就医政策。\n\n"
        "活动共发放宣传资料300余份，解答群众咨询50余人次。"
    )
    [article] = draft.articles  # 区县动态 is the site's column, not a 栏目 of this text
    assert article.title == "乙区：开展医保政策进社区活动"
    assert article.source == "乙区医保"
    assert article.kind == "work_update"
    assert "|" not in "\n".join(article.body)
    assert "甲市人民政府" in text.split("year:")[0]  # reported, not lost


def test_posting_time_and_unit_line_is_the_source_not_the_title() -> None:
    draft, _ = _draft(
        "首页»部门动态»党建工作\n\n甲市医保局开展志愿服务活动\n\n2021-03-05 09:30 甲市医疗保障局\n\n"
        "    3月4日，甲市医保局组织党员到社区开展志愿服务，清理卫生死角，宣传医保政策。\n\n"
        "相关附件:\n\n     已阅 0  打印   关闭"
    )
    [article] = draft.articles
    assert article.title == "甲市医保局开展志愿服务活动"
    assert article.source == "甲市医疗保障局"
    assert not any("已阅" in p or "相关附件" in p for p in article.body)


def test_epaper_labels_and_an_authors_line_stay_out_of_the_title() -> None:
    draft, _ = _draft(
        "某省日报 数字报纸\n\n\n00008版:专版\n\n甲市医保局\n\n做实“三医” 助推基层服务\n\n张明 李华\n\n"
        "  甲市医保局积极推进基层医保服务体系建设，打造十五分钟医保服务圈。\n\n"
        "  建机制，在统筹协调中形成合力。甲市医保局建立联席会议制度，定期研究解决问题。"
    )
    [article] = draft.articles
    assert article.title == "做实“三医” 助推基层服务"


def test_bracketed_disclosure_table_over_a_notice_of_publicity() -> None:
    draft, text = _draft(
        "您当前的位置: 首页 >政务公开 >其它政府信息\n\n"
        "[ 索引号 ] 11500000MB0000000X/2026-00001 [ 发文字号 ]\n[ 主题分类 ] 社会保障 [ 体裁分类 ] 公告公示\n"
        "[ 发布机构 ] 甲区医保局\n[ 成文日期 ] 2026-01-10 [ 发布日期 ] 2026-01-10\n\n"
        "甲区医疗保障局关于行政执法事项清单的公示\n\n\n一、不予行政处罚事项清单\n\n序号\n\n监管领域\n\n1\n\n医疗保障\n\n"
        "《医疗保障基金使用监督管理条例》第三十八条规定，定点医药机构有下列情形之一的，由医疗保障行政部门责令改正。"
    )
    [article] = draft.articles
    assert article.title == "甲区医疗保障局关于行政执法事项清单的公示"
    assert article.kind == "policy"
    assert "[ 索引号 ]" in text.split("year:")[0]


def test_penalty_decision_head_over_three_lines() -> None:
    draft, text = _draft(
        "\n甲市乙区医疗保障局\n行政处罚决定书\n乙医保处罚字〔2026〕第12号\n"
        "当事人(姓名或名称):甲市乙区东风街道社区卫生服务中心\n住所或地址:甲市乙区东风路1号\n"
        "我局于2026年1月5日对你单位开展核查，现查明，你单位存在重复收费等违法违规行为，具体如下:\n"
        "1.重复收费。你单位对2025年住院的李**等患者重复收取护理费、床位费并纳入医保报销。\n"
    )
    [article] = draft.articles
    assert article.title == "甲市乙区医疗保障局行政处罚决定书乙医保处罚字〔2026〕第12号"
    assert article.kind == "case_notice"
    [case] = article.cases
    assert 'subject: "甲市乙区东风街道社区卫生服务中心"' in text
    assert case.title == article.title


def test_one_case_announced_in_the_lead_with_an_unnamed_hospital() -> None:
    draft, text = _draft(
        "甲县关于某医院违规使用医保基金典型案例曝光(第三期)\n\n"
        "来源:甲县医疗保障局 作者: 发布时间 2025年07月01日 点击数:\n\n"
        "为加强医保基金监督管理，现将近期1起医疗机构违规使用医保基金典型案例公开曝光如下:\n\n"
        "2025年5月，甲县医疗保障局接到举报后核查发现，该院存在串换药品等违规问题，涉及违规金额12345.67元。"
        "甲县医疗保障局作出追回违规使用医保基金(12345.67)的处理，并对该院作出行政罚款24691.34元的处理。\n\n"
        "举报电话:0000-1234567\n\n甲县医疗保障局\n\n关联稿件:"
    )
    [article] = draft.articles
    assert article.kind == "case_notice"
    assert len(article.cases) == 1
    assert 'subject: "某医院"' in text
    assert "amounts: {involved: 1.2346, recovered: 1.2346, fined: 2.4691}" in text.replace(
        "fined: 2.4691, recovered: 1.2346", "recovered: 1.2346, fined: 2.4691"
    )
    assert not any("关联稿件" in p for p in (article.closing or "").splitlines())


def test_a_city_that_takes_measures_reports_its_work() -> None:
    draft, _ = _draft(
        "自2025年4月开展专项整治以来，甲市采取一系列有力措施，对违规使用医保基金行为保持高压态势。"
        "截至9月，全市累计追回医保基金3000万元。\n\n整治工作聚焦定点医药机构的诊疗行为和协议执行。"
    )
    [article] = draft.articles
    assert article.title == UNTITLED
    assert article.kind == "work_update"
