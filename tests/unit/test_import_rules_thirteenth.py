# ruff: noqa: E501  (tables of published text read best one row a line)
"""The importer's rules for shapes the thirteenth held-out batch brought (tests/fixtures/corpus/144–155):
a policy explainer in question-and-answer form, opening on one 问：…？ and its 答：…, or on a
question heading of its own (…是什么？) that it then answers, beside a reporter's feature that
opens on questions it sets in context.

Every text here is made up in the shape of the published one, not copied from it.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.importing import parsed as _draft
from tests.importing import total as _total
from ybbulletin.importer.cases import case_facts
from ybbulletin.importer.draft import UNTITLED
from ybbulletin.importer.text import doubled_title


def _policy(kind: str, confirm: list[str]) -> bool:
    return kind == "policy" or (kind == "news" and any("政策解读" in c for c in confirm))


def test_one_question_and_its_answer_are_a_policy_page() -> None:
    draft = _draft(
        "2025年甲市居民医保个人缴费标准是多少\n"
        "问:2025年甲市城乡居民医保个人缴费标准是多少?\n"
        "答:2025年度个人缴费标准为400元/人/年。特殊群体由财政按比例资助:\n"
        "(一)特困供养人员全额资助;\n"
        "(二)低保对象资助标准为300元/人/年。\n"
    )
    [article] = draft.articles
    assert _policy(article.kind, article.confirm)


@pytest.mark.parametrize(
    ("heading", "answer"),
    [
        ("长期护理保险是什么?", "长期护理保险被称为“社保第六险”,是为应对人口老龄化而建立的一种保险制度。"),
        ("什么是门诊共济保障?", "门诊共济保障是指将门诊费用纳入统筹基金支付的制度安排。"),
        ("哪些人可以申请长护险待遇?", "参加甲市职工医保、经评估为重度失能的人员可以申请。"),
        ("异地就医如何办理备案?", "参保人可通过国家医保服务平台办理备案,也可到经办窗口办理。"),
        ("职工医保个人账户可以给家人用吗?", "可以。职工医保个人账户可用于支付配偶、父母、子女的医疗费用。"),
    ],
)  # fmt: skip
def test_an_explainer_opening_on_a_question_heading_is_policy(heading: str, answer: str) -> None:
    draft = _draft(
        f"甲市长护险待遇怎么领\n{heading}\n{answer}\n待遇享受形式\n由定点护理机构提供护理服务。\n"
    )
    [article] = draft.articles
    assert _policy(article.kind, article.confirm)


@pytest.mark.parametrize(
    "head",
    [
        # a question set in context, or several at once: a reporter's lead (143, 87)
        "这项被称为“社保第六险”的新制度,能为失能老人带来什么?",
        "来某甲是否知情?他的医保卡又到了谁手上?最终如何处罚?",
        # a question that is no explainer's (what a scheme is, who may use it, how)
        "如何让群众少跑腿?",
    ],
)
def test_a_question_lead_that_explains_no_scheme_stays_news(head: str) -> None:
    draft = _draft(f"{head}\n近日,记者来到甲市医保服务大厅,看到群众排队办理业务的情况明显减少。\n")
    [article] = draft.articles
    assert article.kind == "news"


def test_a_flight_checks_run_in_hospital_with_its_charges_heads_a_case() -> None:
    draft = _draft(
        "国家医保局联合甲省医保部门,对住院率排名靠前的地区开展专项飞行检查。现将部分案例公布如下:\n"
        "一、甲市乙区康宁医院。该院明码标价拉人住院。一是涉嫌诱导患者住院骗保。医院定期给员工下达住院指标。"
        "二是涉嫌虚假住院骗保。如该院医生周某,2024年7月31日至8月3日因“肺部感染”住院,产生住院费用2597.4元。\n"
    )
    [article] = draft.articles
    assert article.kind == "case_notice"
    [case] = article.cases
    facts = case_facts(case, "")
    assert (facts.subject, facts.subject_type) == ("甲市乙区康宁医院", "hospital")


@pytest.mark.parametrize(
    ("text", "kind", "total"),
    [
        # an instance (如该院…, 例如…): its bill is no sum of the case
        ("如该院医生周某,2024年7月31日至8月3日住院,产生住院费用2597.4元。", "involved", None),
        ("例如,有的患者一年住院6次,医疗费用共计3.2万元。", "involved", None),
        # the same bill told as the case's own, and a strong word in an instance, still count
        ("经查,该院违规收取住院费用2597.4元。", "involved", "0.2597"),
        ("如该院骗取医保基金5万元。", "involved", "5"),
    ],
)  # fmt: skip
def test_a_sum_in_an_instance_is_not_the_cases(text: str, kind: str, total: str | None) -> None:
    assert _total(text, kind) == (Decimal(total) if total else None)


@pytest.mark.parametrize("mark", ["【资料图】", "[图片]", "【视频】", "【資料圖】"])
def test_where_a_picture_stood_is_no_title(mark: str) -> None:
    draft = _draft(
        f"{mark}\n"
        "6月20日,县长李甲主持召开医疗保障推进会。副县长王乙,县医保局等相关部门负责人参会。\n"
        "会议就县域医疗卫生一体化改革工作进行了研究讨论。(甲县融媒记者 穆丙丁)\n"
    )
    [article] = draft.articles
    assert article.title == UNTITLED
    assert article.reporters == ["穆丙丁"]


@pytest.mark.parametrize(
    "first",
    ["“到现在为止", "我们已累计追回”", "“到现在为止我们已累计追回"],
)
def test_a_caption_line_with_a_quote_left_open_is_no_title(first: str) -> None:
    # a TV item's voice-over as captions, one phrase a line, a quote opened on one line and closed
    # on another
    draft = _draft(
        f"{first}\n医保基金839.37万元\n市医保局多措并举强化监管\n今年以来\n市医保局加强医保基金监管\n"
    )
    [article] = draft.articles
    assert article.title == UNTITLED


@pytest.mark.parametrize(
    "opening",
    ["记者从国家医保局了解到", "記者從國家醫保局了解到", "记者近日走访发现", "记者在采访中注意到"],
)
def test_a_paragraph_opening_on_what_the_reporter_learnt_is_no_byline(opening: str) -> None:
    draft = _draft(
        "新华社北京9月27日电(记者徐甲乙)同一患者两次住院,性别却忽男忽女。国家医保局近日发文,公布多起涉嫌欺诈骗保案例。\n"
        f"{opening},国家医保局大数据分析显示,部分地区群众住院率显著高于其他地区。\n"
        "据悉,两地医保部门对相关医药机构采取追回损失的医保基金等措施。\n"
    )
    [article] = draft.articles  # one report, not a second one opened by a "byline"
    assert article.reporters == ["徐甲乙"]


def test_the_pictures_source_after_the_texts_is_not_the_source() -> None:
    draft = _draft(
        "省医保局在全省各地医保部门查办的案件中选取了3个典型案例予以曝光。\n"
        "案例一:甲市乙医疗门诊部违法违规使用医保基金案\n"
        "甲市医保部门根据举报线索,查实甲市乙医疗门诊部存在未执行实名就医的违法行为,涉及金额77862.08元\n"
        "来源:甲省医保、图片来源:网络\n"
    )
    [article] = draft.articles
    assert (article.source or article.issuer or draft.source) == "甲省医保"


def test_a_community_health_centre_named_in_the_heading_is_the_subject() -> None:
    # 社区健康服务中心 (社康): a community clinic under another city's name for it; the heading
    # names the centre, the text the person who acted there
    draft = _draft(
        "现将3起典型案例予以曝光。\n"
        "案例一:甲市乙区丙社区丁康社区健康服务中心骗取医保基金案\n"
        "甲市医保部门根据群众举报,调查发现胡某在2023年2月8日至3月25日间,通过丁康社康虚构医药服务项目,涉及骗取医疗保障基金支出26100元\n"
        "案例二:甲市黄某骗取医保基金案\n"
        "甲市医保部门根据群众举报,发现黄某冒用他人特殊门诊待遇,涉及骗取医疗保障基金166499.53元\n"
    )
    [article] = draft.articles
    facts = case_facts(article.cases[0], "")
    assert (facts.subject, facts.subject_type) == ("甲市乙区丙社区丁康社区健康服务中心", "clinic")


@pytest.mark.parametrize(
    ("closing", "unit"),
    [
        ("(甲镇人民政府 徐甲乙 周丙丁) |", "甲镇人民政府"),  # two writers, a table cell's bar after
        ("(甲镇人民政府 徐甲乙)", "甲镇人民政府"),
        ("（甲县人民医院 王甲、李乙丙）", "甲县人民医院"),
    ],
)
def test_a_unit_signing_off_with_its_writers_makes_a_work_update(closing: str, unit: str) -> None:
    draft = _draft(
        "城乡居民基本医疗保险是一项重要的民生工程,涉及广大群众的切身利益。连日来,甲镇组织开展多形式的医保政策宣传活动。\n"
        "丰富宣传方式,营造浓厚氛围。充分利用广播、电子显示屏、微信等多种渠道加大医保政策宣传力度。\n"
        f"通过宣讲活动,提高了群众对最新医保政策的了解。下一步,将继续通过多种方式宣传医保政策。\n{closing}\n"
    )
    [article] = draft.articles
    assert article.source == unit
    assert article.kind == "work_update"


def test_a_title_twice_then_the_text_in_one_paragraph() -> None:
    # a document site's copy: the title, the title again, the text, with no break between
    title = "民有所呼我有所应,打通甲市医保经办服务“最后一公里”"
    draft = _draft(
        f"{title}{title}今年以来,甲市医保中心积极推动医保服务站建设,持续提升参保群众获得感。"
        "一、顺应民心办实事,构建服务新体系。甲市医保中心现有123人,承担全市经办服务工作。\n"
    )
    [article] = draft.articles
    assert article.title == "民有所呼我有所应，打通甲市医保经办服务“最后一公里”"
    assert article.body[0].startswith("今年以来")


@pytest.mark.parametrize(
    "text",
    [
        "医保医保基金监管工作会议召开。",  # a word said twice is no title said twice
        "长期护理保险长期护理保险是一项社会保险制度",  # too short to be a title said twice
    ],
)
def test_words_said_twice_are_no_doubled_title(text: str) -> None:
    assert doubled_title(text) is None


def test_captions_run_on_into_a_lead() -> None:
    # a TV item's voice-over as captions: the unit that acts is on the fifth line
    draft = _draft(
        "“到现在为止\n我们已累计追回\n医保基金839.37万元\n医保基金使用主体多、链条长\n"
        "市医保局多措并举强化监管\n切实维护广大群众\n看病就医的“钱袋子”\n今年以来\n市医保局加强医保基金监管\n"
    )
    [article] = draft.articles
    assert article.kind == "work_update"


def test_a_lists_items_are_no_headings() -> None:
    draft = _draft(
        "甲市居民医保缴费标准是什么\n"
        "问:今年甲市城乡居民医保个人缴费标准是什么?\n"
        "答:个人缴费标准为380元/人/年。特殊群体缴费财政按比例资助:\n"
        "(一)特困供养人员全额资助;\n"
        "(二)低保对象资助标准为285元/人/年,个人缴纳95元/人/年;\n"
        "(三)3-4级残疾人员资助标准为100元/人/年。\n"
        "(四)加强组织领导\n"
        "各级医保部门要把参保缴费工作摆上重要位置,切实加强组织领导。\n"
    )
    [article] = draft.articles
    assert [p for p in article.body if p.startswith("#")] == ["## （四）加强组织领导"]


@pytest.mark.parametrize(
    ("answer", "kind"),
    [
        ("近年来,甲县医保局以点带面推进医保服务站建设,为全省提供了“甲县经验”。", "experience"),
        ("现将我局2024年医保经办服务工作情况报告如下。", "work_update"),
        # a reporter's feature goes on to what the reporter saw (143, 87)
        ("近日,记者来到甲县医保服务大厅,看到群众排队办理业务的情况明显减少。", "news"),
    ],
)
def test_a_question_lead_then_a_units_account(answer: str, kind: str) -> None:
    draft = _draft(
        f"如何让群众少跑腿?\n{answer}\n一、建强服务阵地。甲县医保局在各乡镇设立医保服务站。\n"
    )
    [article] = draft.articles
    assert article.kind == kind


@pytest.mark.parametrize("byline", ["(甲县融媒记者 穆甲乙)", "(甲洲日报见习记者 林甲)"])
def test_the_outlet_before_a_reporter_is_no_unlabelled_name(byline: str) -> None:
    draft = _draft(
        "甲县召开医疗保障推进会\n"
        "6月20日,县长李甲主持召开医疗保障推进会,县医保局等相关部门负责人参会。\n"
        f"会议就县域医疗卫生一体化改革工作进行了研究讨论。{byline}\n"
    )
    [article] = draft.articles
    assert len(article.reporters) == 1
    assert not any("没有注明记者或通讯员" in c for c in article.confirm)
