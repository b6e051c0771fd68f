# ruff: noqa: E501  (tables of published text read best one row a line)
"""The importer's rules as tables: case headings, amounts, subjects, bylines, kinds, chrome.

Each shape is one that published texts use (see tests/fixtures/corpus/ for where).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.importing import drafted as _draft
from ybbulletin.importer.amounts import read_amounts, rounded
from ybbulletin.importer.cases import case_facts
from ybbulletin.importer.draft import Case
from ybbulletin.importer.notice import case_title


@pytest.mark.parametrize(
    ("line", "title"),
    [
        (
            "一、内蒙古自治区呼伦贝尔市牙克石市图里河镇中心卫生院以虚假住院骗取医保基金案",
            "内蒙古自治区呼伦贝尔市牙克石市图里河镇中心卫生院以虚假住院骗取医保基金案",
        ),
        ("（二）某县中医院串换诊疗项目案", "某县中医院串换诊疗项目案"),
        ("3.某市康复医院挂床住院案", "某市康复医院挂床住院案"),
        ("4、某药店串换药品案", "某药店串换药品案"),
        ("案例1：虚假发票案", "虚假发票案"),
        (
            "案例一：西宁嘉飞中西医门诊部违规使用医保基金案",
            "西宁嘉飞中西医门诊部违规使用医保基金案",
        ),
        ("案例二、某县第三人民医院过度检查", "某县第三人民医院过度检查"),
        (
            "案例一 广东深圳李某冒用医保账户购药倒卖系列骗保案",
            "广东深圳李某冒用医保账户购药倒卖系列骗保案",
        ),
        ("一、周某违规刷取他人医保卡案（已在湘医保曝光台发布）", "周某违规刷取他人医保卡案"),
        (
            "一、内蒙古自治区赤峰市巴林左旗济仁中医医院欺诈骗保案例",
            "内蒙古自治区赤峰市巴林左旗济仁中医医院欺诈骗保案例",
        ),
        ("某市第一医院分解住院案", "某市第一医院分解住院案"),
        ("案例1", ""),
    ],
)
def test_case_headings(line: str, title: str) -> None:
    found = case_title(line)
    assert found is not None
    assert found[0] == title


@pytest.mark.parametrize(
    "line",
    [
        "一、关于定点医疗机构的典型案例",  # a group heading above cases
        "依法移送公安机关立案",  # ends in 案 but is no case
        "医保部门依据相关规定，追回医保基金2.2万元，并处5倍罚款11万元。",
        "一、医保“两定机构”现状及主要问题",
    ],
)
def test_not_case_headings(line: str) -> None:
    found = case_title(line)
    assert found is None or not found[0]


@pytest.mark.parametrize(
    ("text", "amounts"),
    [
        # 国家医保局 (reprinted): 涉及 … 追回 … 处N倍罚款
        (
            "其中2016年6月至2017年10月，虚假住院7例，涉及医保基金2.2万元。医保部门依据相关规定，"
            "追回医保基金2.2万元，并处5倍罚款11万元。",
            {"involved": "2.2", "recovered": "2.2", "fined": "11"},
        ),
        # 兰州: 违规金额 … 2倍的罚款，计…元 (and 涉及金额…的票据, which is weaker)
        (
            "开具了共9张涉及金额14549.89元的票据。处违规金额11107.09元2倍的罚款，计22214.18元。",
            {"involved": "1.1107", "fined": "2.2214"},
        ),
        # 青海: 违规金额, 追回, 违约金 / 行政处罚
        (
            "涉及违规金额17.37万元。追回违规医保基金17.37万元，处以违约金5.2万元；解除医保服务协议。",
            {"involved": "17.37", "recovered": "17.37", "fined": "5.2"},
        ),
        # 辽宁: 违法金额共计…余万元; 罚金 of a court is not 罚款; 追回（含扣减和拒付）…共计
        (
            "违法金额共计235余万元。法院判决薛某秋等18人构成诈骗罪，共处个人罚金148.3万元。",
            {"involved": "235"},
        ),
        (
            "违法金额3.77万元；向医保住院患者返现，费用合计39.2万元。医保部门追回（含扣减和拒付）"
            "基金共计252.74万元；处涉案金额5倍罚款，共计18.87万元。",
            {"involved": "3.77", "recovered": "252.74", "fined": "18.87"},
        ),
        # 株洲: 退回骗取的… (骗取 only describes)
        (
            "骗取医保基金41980.83元。罗某主动退回骗取的医保基金41980.83元。",
            {"involved": "4.1981", "recovered": "4.1981"},
        ),
        # 赤峰: 其中… are parts of an amount already counted
        (
            "违法违规使用医保基金204万元，其中6名医务人员参与伪造检查报告单，欺诈骗保20.3万元。",
            {"involved": "204"},
        ),
        # several amounts of one kind are added up; 亿元
        (
            "骗取医保基金17.96万元；另查明冒名住院骗取医保基金444.28万元。骗取基金2.5亿元的团伙已移交。",
            {"involved": "25462.24"},
        ),
        # 责令退回…损失: what is returned is the loss
        (
            "造成医保基金损失7.11万元。责令退回医保基金损失7.11万元。",
            {"involved": "7.11", "recovered": "7.11"},
        ),
        # two fines of one case: added exactly, then rounded (34.0909, not 7.3152 + 26.7758)
        (
            "处罚款73151.72元，对该院纳入医保基金结算的违规行为处罚款267757.50元，",
            {"fined": "34.0909"},
        ),
        # 骗取医保基金支出 is what was taken (the law's words), 支出 alone is a budget's
        (
            "骗取医保基金金额达143156.4元；该诊所通过串换药品骗取医保基金支出18583元。"
            "当年基金支出5000万元。",
            {"involved": "16.1739"},
        ),
        # an amount a fine is reckoned on is no second involved amount
        (
            "涉及违规金额4569373.06元。追回该中心违规金额4569373.06元，并对该中心违规使用医保基金"
            "1700718.68元处1倍罚款。行政罚款1700718.68元已全部上缴。",
            {"involved": "456.9373", "recovered": "456.9373", "fined": "170.0719"},
        ),
        # an amount followed by 已全部追回
        (
            "涉及医保基金2716元，该案涉及的医保基金2716元已全部追回。",
            {"involved": "0.2716", "recovered": "0.2716"},
        ),
    ],
)
def test_amounts(text: str, amounts: dict[str, str]) -> None:
    money = read_amounts(text)
    got = {
        kind: str(rounded(sum((v for v, _ in values), Decimal(0))))
        for kind, values in money.found.items()
    }
    assert got == amounts


@pytest.mark.parametrize(
    ("title", "body", "subject", "subject_type", "region"),
    [
        ("案例1：某县第三人民医院过度检查", "", "某县第三人民医院", "hospital", "某县"),
        ("渌口区刘某金骗取医保基金案", "", "刘某金", "individual", "渌口区"),
        ("冯文某冒名住院骗取医保基金案", "", "冯文某", "individual", None),
        ("北京市多点执业医师陈某伙同北京东芳茗中医医院欺诈骗保案例", "", "陈某", "individual", "北京市"),
        ("宁夏德融泽医药连锁有限公司9家药店诱导刷卡消费案", "", "宁夏德融泽医药连锁有限公司9家药店", "pharmacy", None),
        ("海东市民和县川口镇边墙村卫生室违规使用医保基金案", "", "海东市民和县川口镇边墙村卫生室", "clinic", "海东市民和县"),
        ("虚假发票案", "兰州市榆中县医疗保障局在检查中发现，甘肃众友健康医药连锁有限公司第七十五分店存在问题。",
         "甘肃众友健康医药连锁有限公司第七十五分店", "pharmacy", None),
        ("虚构医疗服务行为案", "根据2025年2月15日国家医疗保障局药店专项检查移交线索，城关区方田诊所涉嫌虚构医疗服务。",
         "城关区方田诊所", "clinic", "城关区"),
        ("参保人隐瞒第三方责任骗保，获刑并退缴违法所得", "核查发现：参保人曾某某因交通事故受伤就医。", "曾某某", "individual", None),
        # a name runs on past its first institution word; its type is its last word's
        ("天津市北辰区天津安捷医院有限公司违规使用医保基金案", "", "天津市北辰区天津安捷医院有限公司", "hospital", "天津市北辰区"),
        ("天津医药集团马光医疗投资管理有限公司方达大厦门诊部违法违规使用医保基金案", "",
         "天津医药集团马光医疗投资管理有限公司方达大厦门诊部", "clinic", None),
        ("大冶肾之道医院管理有限公司违规使用医保基金案", "", "大冶肾之道医院管理有限公司", "other", None),
        ("案例3：过度检查案", "经查，海南省妇女儿童医学中心存在过度检查。", "海南省妇女儿童医学中心", "hospital", "海南省"),
        ("某县人民医院伙同某诊所套取医保基金案", "", "某县人民医院", "hospital", "某县"),
        ("汕头市澄海区莲下镇窖东村卫生站违规案", "", "汕头市澄海区莲下镇窖东村卫生站", "clinic", "汕头市澄海区"),
        ("案例2：违规收费案", "经查，某某血液透析服务管理有限公司存在重复收费。", "某某血液透析服务管理有限公司", "other", None),
    ],
)  # fmt: skip
def test_subjects(
    title: str, body: str, subject: str, subject_type: str, region: str | None
) -> None:
    facts = case_facts(Case(title, [body] if body else []), "")
    assert (facts.subject, facts.subject_type, facts.region) == (subject, subject_type, region)


@pytest.mark.parametrize(
    ("text", "reporters", "correspondents"),
    [
        ("本报讯 记者徐铁英报道 近日，省医保局公布了6起典型案例。", ["徐铁英"], []),
        ("本报讯（通讯员 袁梵 记者 杨晓莉）16日下午，我市召开调度会。", ["杨晓莉"], ["袁梵"]),
        ("邵阳日报讯 （记者 陈红云 通讯员 禹洋 柳凌志 王冬梅） 3月19日，会议召开。", ["陈红云"], ["禹洋", "柳凌志", "王冬梅"]),
        ("记者李明磊通讯员屈思雨报道：8月21日，宜城市召开推进会。", ["李明磊"], ["屈思雨"]),
        ("本报讯 全媒体记者王予杰 通讯员李潇潇报道 为进一步加强医保政策宣传，活动成效显著。", ["王予杰"], ["李潇潇"]),
        ("今年以来，铜陵市郊区医保局开展宣传。群众知晓率达到98%以上。（刘捷 记者 彭旖旎）", ["彭旖旎"], []),
    ],
)  # fmt: skip
def test_bylines(text: str, reporters: list[str], correspondents: list[str]) -> None:
    draft, _ = _draft(text)
    [article] = draft.articles
    assert (article.kind, article.reporters, article.correspondents) == (
        "news",
        reporters,
        correspondents,
    )


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("9月27日，市医疗保障局召开巡察整改工作领导小组第二次会议。", "work_update"),
        ("11月24日下午，涪城区召开2025年第二次打击欺诈骗取医疗保障基金联席会议。", "work_update"),
        ("国家医保局日前发布第二期个人骗取医保基金典型案例，涉及全国8个省市11起案件。", "news"),
        (
            "某县医保局三项举措推进医保政策宣传\n按：某县的做法值得借鉴。\n今年以来，某县医保局多措并举。",
            "experience",
        ),
        ("关于加强医保“两定监管”的探索和思考\n全民医保目标逐步实现，监管难度加大。", "experience"),
    ],
)
def test_kinds(text: str, kind: str) -> None:
    draft, _ = _draft(text)
    assert [a.kind for a in draft.articles] == [kind]


@pytest.mark.parametrize(
    "chrome",
    [
        "责任编辑：王会强",
        "【字体：大 中 小】",
        "打印本页 关闭窗口",
        "分享到：微信 微博",
        "当前位置：首页 > 工作动态",
        "地方网 > 四川 > 成都市 > 崇州新闻 > 正文",
        "成都新闻 新都新闻 温江新闻 双流新闻 郫都新闻",
        "第A08版：秒读",
        "28-top_img.png",
        "原标题：惩处骗保作了哪些规定",
        "发布时间：2021-03-05 浏览次数：143",
        "用户登录",
        "网站首页 政府信息公开 互动交流",
        "网站支持IPv6 长者助手",
    ],
)
def test_web_chrome_is_reported_never_a_title(chrome: str) -> None:
    draft, text = _draft(f"{chrome}\n某市医保局召开工作会议\n会议要求，各县区要压实责任。")
    assert [a.title for a in draft.articles] == ["某市医保局召开工作会议"]
    assert chrome.replace("：", "：") in text.split("year:")[0]


def test_a_text_opening_with_its_lead_keeps_every_paragraph() -> None:
    draft, _ = _draft(
        "近日，某市医保局通报了3起典型案例。\n案例一：某诊所虚构诊疗案\n经查，该诊所虚构诊疗。"
    )
    [article] = draft.articles
    assert article.kind == "case_notice"
    assert article.body == ["近日，某市医保局通报了3起典型案例。"]
    assert [c.title for c in article.cases] == ["某诊所虚构诊疗案"]


def test_a_bold_lead_in_a_word_paragraph_is_a_case() -> None:
    draft, _ = _draft(
        "某市医疗保障局关于2起典型案例的通报\n现将典型案例通报如下：\n"
        "**一、某县人民医院分解住院案。**经查，该院分解住院，骗取医保基金3.2万元。\n"
        "**二、某大药房串换药品案。**经查，该药房串换药品，涉及金额1.5万元。"
    )
    [article] = draft.articles
    assert [(c.title, c.body) for c in article.cases] == [
        ("某县人民医院分解住院案", ["经查，该院分解住院，骗取医保基金3.2万元。"]),
        ("某大药房串换药品案", ["经查，该药房串换药品，涉及金额1.5万元。"]),
    ]


def test_group_and_region_labels_above_cases_are_kept_as_notes() -> None:
    draft, text = _draft(
        "关于10起典型案例的通报\n现将典型案例通报如下：\n一、关于定点医疗机构的典型案例\n"
        "广东\n（一）某市中医院串换项目案\n经查，该院串换项目。\n（二）某县医院过度检查案\n经查，该院过度检查。"
    )
    [article] = draft.articles
    assert [c.title for c in article.cases] == ["某市中医院串换项目案", "某县医院过度检查案"]
    assert article.cases[0].region == "广东"
    assert "分组标题“一、关于定点医疗机构的典型案例”" in text
    assert "地区标题“广东”" in text


@pytest.mark.parametrize("amount", ["36900.00元", "3.69万元"])
def test_the_same_amount_in_yuan_or_wan(amount: str) -> None:
    money = read_amounts(f"涉及违规金额{amount}。")
    assert money.found["involved"][0][0] == Decimal("3.69")


def test_the_notice_lead_stays_in_the_intro_and_the_last_words_are_the_closing() -> None:
    draft, _ = _draft(
        "关于2起典型案例的通报\n各县（区）医疗保障局：\n现将近期查处的2起典型案例通报如下：\n"
        "（一）某县人民医院过度检查案\n经查，该院过度检查，违规金额12.5万元。\n"
        "（二）某市康宁诊所串换项目案\n经查，该诊所串换诊疗项目，涉及医保基金8960元，已全部追回。\n"
        "各地要引以为戒，切实加强医保基金监管。"
    )
    [article] = draft.articles
    assert article.body == ["各县（区）医疗保障局：", "现将近期查处的2起典型案例通报如下："]
    assert article.cases[-1].body == ["经查，该诊所串换诊疗项目，涉及医保基金8960元，已全部追回。"]
    assert article.closing == ["各地要引以为戒，切实加强医保基金监管。"]


def test_numbered_headings_without_an_an_ending_open_cases_under_a_notice_title() -> None:
    draft, _ = _draft(
        "关于两起违规使用医保基金问题的通报\n各县区医保局：\n"
        "（一）某县人民医院\n经查，该院2023年串换诊疗项目，违规金额5.6万元。\n"
        "（二）某镇卫生院\n经查，该院虚记诊疗项目，违规金额1.2万元。"
    )
    [article] = draft.articles
    assert article.kind == "case_notice"
    assert [c.title for c in article.cases] == ["某县人民医院", "某镇卫生院"]


def test_numbered_sections_of_a_report_are_not_cases() -> None:
    draft, _ = _draft(
        "关于2024年医保基金监管工作情况的通报\n一、总体情况\n今年以来，全市检查定点医药机构326家。\n"
        "二、存在问题\n部分机构内部管理不规范。"
    )
    [article] = draft.articles
    assert article.kind != "case_notice"


def test_a_policy_interpretation_with_the_number_of_the_document_it_explains() -> None:
    _, text = _draft(
        "《关于加强查处骗取医保基金案件行刑衔接工作的通知》政策解读\n"
        "近日，国家医保局、公安部印发《关于加强查处骗取医保基金案件行刑衔接工作的通知》"
        "（医保发〔2021〕49号），现就有关问题解读如下。\n问：为什么要出台《通知》？\n答：为完善行政执法与刑事司法衔接机制。"
    )
    assert "  - kind: policy" in text
    assert 'doc_number: "医保发〔2021〕49号"' in text


def test_a_short_line_above_a_date_line_is_no_part_of_the_title() -> None:
    """公众号 copies: the headline, the account's name, the date and time."""
    draft, _ = _draft(
        "某市医保局召开基金监管工作会议\n美体\n2024-10-10 11:32\n会议要求，各县区要压实责任。"
    )
    assert [a.title for a in draft.articles] == ["某市医保局召开基金监管工作会议"]
    draft, _ = _draft("某市医保局召开基金监管\n工作会议\n会议要求，各县区要压实责任。")
    assert [a.title for a in draft.articles] == ["某市医保局召开基金监管工作会议"]


@pytest.mark.parametrize("line", ["源于凉山新闻网", "转自某某日报", "来源于某市医保局"])
def test_where_the_page_took_the_text_from_is_its_source(line: str) -> None:
    draft, _ = _draft(f"某镇大力宣传医保政策\n某镇采取四项措施宣传医保政策，群众反响良好。\n{line}")
    [article] = draft.articles
    assert article.source == line.removeprefix("源于").removeprefix("转自").removeprefix("来源于")
    assert all(line not in p for p in article.body)


@pytest.mark.parametrize(
    "title", ["某省医保局曝光1起违法违规使用医保基金典型案例", "某县医疗保障局行政处罚决定书"]
)
def test_a_title_announcing_one_case_makes_its_text_that_case(title: str) -> None:
    draft, text = _draft(
        f"{title}\n编者按：今年以来，各级医保部门加强监管。\n"
        "经查，某某县人民医院存在串换收费、重复收费等违规行为，涉及违规金额12.5万元。"
    )
    [article] = draft.articles
    assert article.kind == "case_notice"
    assert article.note == ["今年以来，各级医保部门加强监管。"]
    [case] = article.cases
    assert case.body == [
        "经查，某某县人民医院存在串换收费、重复收费等违规行为，涉及违规金额12.5万元。"
    ]
    assert "原文没有案例标题（标题说明只有一个案例）" in text
    draft, _ = _draft("某省医保局曝光3起典型案例\n经查，某某县人民医院存在串换收费等违规行为。")
    assert draft.articles[0].kind != "case_notice"  # more than one: headings are needed
