# ruff: noqa: E501  (tables of published text read best one row a line)
"""The importer's rules for shapes the tenth held-out batch brought (tests/fixtures/corpus/111–119):
a long lead that announces its cases (现将…8起…案例通报如下：) past the opening the cue words are
looked for in, then numbered paragraphs 1.<facility>：存在…; a chain's store named after its
company (…药业连锁有限公司<place>店); a provincial bureau that 主持召开 a meeting (a work
update, like a city's); a lead that holds a practice up as an example (提供了“某某经验”, 以点带面:
experience); a unit's own report on its year's work (我们…梳理年度任务完成情况: work update);
"more news" teasers at a page's end (a headline, a lead cut off with the outlet run in); and a
facility's name run into its numbered paragraph (一、甲市康宁医院。检查组…涉及…万元) heading its case.

Every text here is made up in the shape of the published one, not copied from it.
"""

from __future__ import annotations

from tests.importing import parsed as _draft
from ybbulletin.importer.body import UNTITLED_CASE
from ybbulletin.importer.cases import case_facts


def test_numbered_cases_after_a_long_lead_that_announces_them() -> None:
    draft = _draft(
        "按照市医保局、市公安局、市检察院、市卫生健康局、市财政局、市市场监管局、市医疗保障基金监管中心等7部门联合印发的《甲市2024年医保领域打击欺诈骗保专项整治工作方案》安排部署,8月起甲市医保局牵头开展基金监管专项检查工作,现将本次专项检查查处的3起定点医疗机构违法违规案例通报如下:\n"
        "1.甲市东区人民医院:存在超限制使用药品、串换项目收费、重复收费、分解收费、过度检查等违法违规行为;\n"
        "2.甲市南山镇卫生院:存在超限制使用药品、串换项目收费、超标准收费等违法违规行为;\n"
        "3.甲市康宁医院:存在超限制使用药品、虚构医药服务项目、超标准收费等违法违规行为。\n"
        "针对以上医疗机构违法违规,市医保局作出如下处理:\n"
        "1.责令立即改正\n"
    )
    [article] = draft.articles
    assert len(article.body[0]) > 120  # 通报 lies past the opening looked at for cue words
    assert article.kind == "case_notice"
    assert [c.title for c in article.cases] == [UNTITLED_CASE] * 3
    assert [case_facts(c, "").subject for c in article.cases] == [
        "甲市东区人民医院",
        "甲市南山镇卫生院",
        "甲市康宁医院",
    ]


def test_a_chains_store_named_after_its_company() -> None:
    draft = _draft(
        "一、甲省乙药业连锁有限公司东湖小街园店串换药品刷卡案\n"
        "2023年9月,甲县医疗保障局到甲省乙药业连锁有限公司东湖小街园店开展专项检查,发现该定点零售药店存在串换药品情况,涉及违规使用医保基金2348.0元。\n"
        "二、甲县丙镇卫生院重复收费案\n"
        "2023年7月,甲县医疗保障局发现丙镇卫生院存在重复收费的情况,涉及违规使用医保基金694.80元,责令退回694.8元。\n"
    )
    [article] = draft.articles
    facts = case_facts(article.cases[0], "")
    assert facts.subject == "甲省乙药业连锁有限公司东湖小街园店"
    assert facts.subject_type == "pharmacy"


def test_a_provincial_bureau_that_holds_a_meeting_is_a_work_update() -> None:
    draft = _draft(
        "11月3日上午,甲区人大副主任张某、区政府副区长李某到省医疗保障局汇报工作,省医疗保障局副局长王某主持召开座谈,听取了全区医保工作情况的汇报。\n"
        "王某指出,省医保局将在政策上给予支持。区医疗保障局主要负责人参加座谈。\n"
    )
    assert draft.articles[0].kind == "work_update"


def test_a_practice_held_up_as_an_example_is_experience() -> None:
    named = _draft(
        "今年以来,甲州医疗保障局以专项整治为突破口,通过机制创新、协同联动,切实守好群众“看病钱”,为全省医保基金监管提供了“甲州经验”。\n"
        "高位统筹推进,责任体系全面压实。成立州县两级专项整治专班,建立周调度、月推进制度。\n"
    )
    assert named.articles[0].kind == "experience"
    spread = _draft(
        "甲市以开展医保干部进社区活动为抓手,探索建立基层医保服务点,以点带面推动医保服务向基层延伸。\n"
        "一是织牢基层医保网。在村居、社区建立基层医保工作点10余处。\n"
    )
    assert spread.articles[0].kind == "experience"


def test_a_units_own_report_on_its_years_work_is_a_work_update() -> None:
    draft = _draft(
        "根据市政府办公厅《关于做好2024年度绩效管理考评工作的通知》要求,我们对照履职清单逐项梳理年度任务完成情况。\n"
        "一、总体情况\n"
        "2024年,市卫生健康委全面落实市委市政府决策部署,各项任务全部完成。\n"
    )
    assert draft.articles[0].kind == "work_update"


def test_teasers_at_the_pages_end_are_no_second_entry() -> None:
    draft = _draft(
        "甲区医疗服务网络覆盖城乡\n"
        "16.09.2021  02:41\n"
        "  目前,甲区覆盖城乡的医疗卫生服务网络基本建立,各级各类医疗卫生机构达1563家。\n"
        "  区卫生健康委负责人介绍,“十三五”期间,全区建立起“医疗、医保、医药”联动改革机制。\n"
        "截至10月底甲区市场主体达22.6万户\n"
        "  甲区日报记者张某从区市场监督管理局获悉:截至10月底,甲区登记在册市场主体22.甲区新闻网\n"
        "10月甲区外送电量占比超三成\n"
        "  甲区日报记者李某从区电力交易中心获悉:10月,我区外送电量为76.甲区新闻网\n"
    )
    [article] = draft.articles
    assert article.title == "甲区医疗服务网络覆盖城乡"
    assert not any("市场主体" in p or "外送电量" in p for p in article.body)
    assert any("市场主体22.甲区新闻网" in d for d in draft.dropped)  # reported, not lost


def test_a_facilitys_name_run_into_its_numbered_paragraph_heads_a_case() -> None:
    draft = _draft(
        "甲省两家医院涉嫌欺诈骗保\n"
        "今年,医保部门强化大数据筛查手段在医保基金监管中的应用。5月,检查组对甲省部分定点医药机构进行检查。\n"
        "具体情况如下:\n"
        "一、甲市康宁医院。检查组根据大数据筛查线索,对医院进行全面检查,初步发现重复收费、超标准收费等违法违规问题,涉及医药费用102.3万元。\n"
        "二、甲市东区仁爱医院。检查组发现该院存在虚假住院问题,涉及医保基金35.6万元。\n"
    )
    [article] = draft.articles
    assert article.kind == "case_notice"
    assert [c.title for c in article.cases] == ["甲市康宁医院", "甲市东区仁爱医院"]
    assert article.cases[0].body[0].startswith("一、甲市康宁医院。检查组")  # kept whole
    lessons = _draft(  # a lesson, not a facility: no case
        "甲市医保局以服务点建设为抓手推动医保服务向基层延伸。\n"
        "一、织牢基层医保网。在村居、社区建立基层医保工作点10余处,涉及资金12万元。\n"
    )
    assert lessons.articles[0].cases == []
