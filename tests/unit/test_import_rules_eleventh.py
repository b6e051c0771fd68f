# ruff: noqa: E501  (tables of published text read best one row a line)
"""The importer's rules for shapes the eleventh held-out batch brought (tests/fixtures/corpus/120–131):
a byline in brackets on a line of its own with teasers after it; a name spaced to the width of
three characters (邹 泉); an outlet before 记者 with a space, and /即時報導 after the name; a
dateline that names its outlet (……7月20日讯, 《……通訊社２５日專訊》): the 来源; a page's
furniture at the top (an app's name, a menu set with bullets, a posting time day first, an English
date label, 本文共…字); a headline cut short with … over its lead, and a column's label before it;
departments of a place acting together, a text opening with 一是…, a unit's work in the title
under a media 来源 (work updates); a disclosure table set out with spaces instead of colons and
a 行政处理决定书 under it; the fund's part of a bill (基金损失, 基金支付) as what was involved; a
sum refused (拒付) as recovered, as the registers count it; numbered cases a page ran into one
paragraph (…如下: 一、…。 二、…), and the person who acts (林某某于…利用其经营的…医院) as a
case's subject; a paper's top bar (您好!今天是, 設為主頁, 當前報章…, 今日導讀) and a text that
explains a regulation it names by its number (第203/2021號行政長官批示: policy), two leftovers
of earlier batches (101, 102); and two hostile inputs that took minutes (a long run of digits,
many short lines), now read in linear time; a text saved as UTF-16 without a byte-order mark.

Every text here is made up in the shape of the published one, not copied from it.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from decimal import Decimal

import pytest

from tests.importing import parsed as _draft
from ybbulletin.importer import read_text
from ybbulletin.importer.amounts import read_amounts, rounded
from ybbulletin.importer.cases import case_facts
from ybbulletin.importer.draft import UNTITLED, Draft
from ybbulletin.importer.header import drop_contents, frame
from ybbulletin.importer.recognise import _bulletin, _Listed
from ybbulletin.importer.text import ReadError, number, run_in_items
from ybbulletin.model import ENTRY_KINDS


def test_a_bracketed_byline_line_is_read_wherever_it_stands() -> None:
    draft = _draft(
        "甲市集中宣传月活动启动\n"
        "本报讯4月4日,打击欺诈骗保集中宣传月活动启动。副市长张某出席启动仪式。\n"
        "甲市自2018年以来共追回医保基金132.99万元,取得了预期效果。\n"
        "(记者王甲通讯员李乙)\n"
        "新闻推荐\n"
        "赵某,甲市一所康复中心的校长,2007年她自己创办学...\n"
        "甲市新闻,讲述家乡的故事。\n"
    )
    [article] = draft.articles
    assert (article.reporters, article.correspondents) == (["王甲"], ["李乙"])
    assert not any("记者王甲" in p for p in article.body)  # out of the text, in a note
    assert any("记者王甲" in c for c in article.confirm)


@pytest.mark.parametrize(
    ("lead", "source", "reporters", "correspondents"),
    [
        ("湖南日报·华声在线7月20日讯(通讯员 邹 泉)为进一步深化改革,7月19日,甲区医保局赴乙区考察。", "湖南日报·华声在线", [], ["邹泉"]),
        ("新华社长沙12月22日电(记者刘甲)记者从长沙市医保局获悉,173家药店违约被查处。", "新华社", ["刘甲"], []),
        ("东南网12月12日讯(本网记者 张乙)11日,省医疗保障局召开新闻发布会。", "东南网", ["张乙"], []),
        ("《經濟通通訊社２５日專訊》國家醫保局今日發布通知，決定開展專項整治。", "經濟通通訊社", [], []),
    ],
)  # fmt: skip
def test_a_dateline_names_the_outlet_as_source(
    lead: str, source: str, reporters: list[str], correspondents: list[str]
) -> None:
    [article] = _draft(lead + "\n会议强调,要压实责任,守好群众的看病钱。\n").articles
    assert (article.source, article.reporters, article.correspondents) == (
        source,
        reporters,
        correspondents,
    )


def test_this_paper_names_no_outlet() -> None:
    [article] = _draft("本报讯(记者 王甲)3月1日,市医保局召开会议。\n会议要求压实责任。\n").articles
    assert article.source is None


def test_an_outlet_and_a_space_before_the_reporter() -> None:
    draft = _draft(
        "甲地嚴打醫保詐騙 去年追繳醫保基金超47億\n"
        "聯合報 記者陳某某/即時報導\n"
        "近年甲地醫療保障局嚴厲打擊各種違規違法使用醫保基金的行為,追繳的醫保基金達10.7億元。\n"
    )
    [article] = draft.articles
    assert (article.source, article.reporters) == ("聯合報", ["陳某某"])


def test_a_pages_furniture_at_the_top_is_no_title() -> None:
    draft = _draft(
        "甲報 App\n"
        "  • 會員中心\n"
        "  • 訂閱管理\n"
        "  • 登出\n"
        "\n"
        "甲地嚴打醫保詐騙 去年追繳醫保基金超47億\n"
        "\n"
        "本文共935字\n"
        "\n"
        "近年甲地醫療保障局嚴厲打擊各種違規違法使用醫保基金的行為,追繳的醫保基金達10.7億元。\n"
    )
    [article] = draft.articles
    assert article.title == "甲地嚴打醫保詐騙 去年追繳醫保基金超47億"
    assert not any("會員中心" in p or "本文共" in p for p in article.body)
    assert {"甲報 App", "• 會員中心", "本文共935字"} <= {d.strip() for d in draft.dropped}


def test_a_headline_cut_short_over_its_lead_and_a_column_label_before_it() -> None:
    draft = _draft(
        " date 2025-09-25   • 會員\n"
        "25/09/2025 14:30\n"
        "\n"
        "《中國要聞》醫保局展開「百日行動」，打擊倒賣醫保回流藥、騙…\n"
        "\n"
        "　　《經濟通通訊社２５日專訊》國家醫保局今日發布通知，決定開展為期百日的專項整治行動。\n"
        "　　其中，重點查處偽造處方、串換醫保藥品等行為。\n"
    )
    [article] = draft.articles
    assert article.title == "醫保局展開「百日行動」，打擊倒賣醫保回流藥、騙…"
    assert article.source == "經濟通通訊社"
    assert not any("14:30" in p or "date" in p for p in article.body)


def test_a_paragraph_ending_in_an_ellipsis_is_no_title() -> None:
    draft = _draft("市医保局通报了近期检查的情况,下一步将…\n会议要求,各县区要压实责任。\n")
    assert draft.articles[0].title == UNTITLED


def test_a_places_departments_acting_together_report_their_work() -> None:
    draft = _draft(
        "7月25日,为切实加强甲县药品经营综合监管,甲县市场监督管理局、卫健委、医疗保障局三部门联合行动,成立专项检查组。\n"
        "检查组按照职责分工对药品质量、医疗服务行为进行了全面检查。\n"
    )
    assert draft.articles[0].kind == "work_update"


def test_a_text_opening_with_its_measures_is_a_work_update() -> None:
    draft = _draft(
        "一是强化宣传引导。启动集中宣传月活动,开展区级集中宣讲 2 场。二是强化源头监管。全区核查住院病人 4 万余人次。三是强化联动执法。全覆盖检查定点医药机构 519 家。\n"
    )
    assert draft.articles[0].kind == "work_update"


def test_what_the_title_says_a_unit_did_beats_a_media_source() -> None:
    draft = _draft(
        "甲县乙镇便民服务中心大力宣传新农合新政策\n"
        "为确保乙镇广大群众了解新农合的有关政策,乙镇便民服务中心采取四项措施大力宣传。\n"
        "一是走村入户发放宣传单8000份。二是发放宣传手册4000份。\n"
        "源于甲州新闻网\n"
    )
    [article] = draft.articles
    assert (article.kind, article.source) == ("work_update", "甲州新闻网")


def test_a_disclosure_table_set_out_with_spaces_and_a_decision_under_it() -> None:
    draft = _draft(
        "当前位置: 网站首页 >> 正文\n"
        " 索 引 号  6071/20251023-00002  公开目录  行政处罚\n"
        " 发布机构  甲县医疗保障局  发布日期  2025-10-23\n"
        " 名称  甲县医疗保障局 行政处理决定书\n"
        " 文  号   主 题 词 \n"
        " 体裁分类   服务对象 \n"
        " 著录日期   生效日期 \n"
        "甲县医疗保障局 行政处理决定书 \n"
        "当事人(姓名或名称):甲县**卫生院\n"
        "一、违法事实及证据\n"
        "2023年1月至2024年12月期间,存在过度检查708人次,违规费用8720.00元,造成医保基金损失7398.58元。\n"
    )
    [article] = draft.articles
    assert article.title == "甲县医疗保障局 行政处理决定书"
    assert (article.kind, len(article.cases)) == ("case_notice", 1)
    assert not any("索 引 号" in p or "体裁分类" in p for p in article.body)
    assert "甲县医疗保障局 行政处理决定书" in [d.strip() for d in draft.dropped]  # the repeat


@pytest.mark.parametrize(
    ("text", "involved"),
    [
        ("涉及过度检查708人次,违规费用8720.00元,造成医保基金损失7398.58元。", Decimal("0.7399")),
        ("偽造住院收據騙保行為涉及違規次數3次,總費用為423451.86元,基金支付199468.00元。", Decimal("19.9468")),
        ("经查,该院存在重复收费问题,违规费用8720.00元。", Decimal("0.872")),
    ],
)  # fmt: skip
def test_the_funds_part_of_a_bill_is_what_was_involved(text: str, involved: Decimal) -> None:
    found = read_amounts(text).found
    assert [rounded(sum((v for v, _ in found["involved"]), Decimal(0)))] == [involved]


def test_a_bill_cut_is_no_amount_involved() -> None:
    assert read_amounts("医保部门核减违规费用3000元,扣减医疗费用1.2万元。").found == {}


@pytest.mark.parametrize(
    ("text", "involved", "recovered"),
    [
        ("当地医保部门处理如下:拒付该定点药店违规使用医保资金2348.0元,并处30%违约金704.4元。", "0.2348", "0.2348"),
        ("涉及医保基金155.6万元,医保部门暂停基金预拨付,拒付不合理费用155.6万元。", "155.6", "155.6"),
        ("医保部门对追回、拒付涉嫌骗取的医保基金和不合理医保基金支出146.95万元。", None, "146.95"),
    ],
)  # fmt: skip
def test_a_sum_refused_is_recovered(text: str, involved: str | None, recovered: str) -> None:
    found = read_amounts(text).found

    def total(kind: str) -> str | None:
        values = [v for v, _ in found.get(kind, [])]
        return str(rounded(sum(values, Decimal(0)))) if values else None

    assert (total("involved"), total("recovered")) == (involved, recovered)


def test_numbered_cases_run_into_one_paragraph_after_their_announcement() -> None:
    draft = _draft(
        "甲省医保局曝光3起欺诈骗保典型案例\n"
        "东南网12月12日讯(本网记者 张丙)11日,省医疗保障局召开新闻发布会,曝光了3起典型案例。 这3起典型案例如下: "
        "一、甲市乙区妇幼保健院存在留存参保人员社保卡的违规行为,涉及医保基金155.6万元,医保部门拒付不合理费用155.6万元。 "
        "二、丙县仁德医院重复收取手术费用,医保部门追回、拒付涉嫌骗取的医保基金146.95万元,暂停该医院医保服务。 "
        "三、林某某于2013年初至2016年间利用其经营的丁县中山医院,以“免费体检”名义收集参保人员信息。\n"
    )
    [article] = draft.articles
    assert article.kind == "case_notice"
    assert article.source == "东南网"
    assert [case_facts(c, "").subject for c in article.cases] == [
        "甲市乙区妇幼保健院",
        "丙县仁德医院",
        "林某某",
    ]
    assert [case_facts(c, "").subject_type for c in article.cases][2] == "individual"
    assert not any("本网" in c for c in article.confirm if "没有注明" in c)


def test_items_out_of_order_in_a_paragraph_stay_one_paragraph() -> None:
    text = "会议要求: 二、压实责任。 一、加强宣传。"
    assert run_in_items(text) == [text]
    assert run_in_items("如下: 一、甲。 二、乙。") == ["如下:", "一、甲。", "二、乙。"]


@pytest.mark.parametrize(
    ("numeral", "value"),
    [("3", 3), ("一", 1), ("十", 10), ("十二", 12), ("二十", 20), ("二十三", 23)],
)
def test_item_numbers(numeral: str, value: int) -> None:
    assert number(numeral) == value


def test_a_clinic_named_after_a_person_is_the_institution() -> None:
    draft = _draft(
        "甲市通报2起违规案例\n现将2起案例通报如下:\n"
        "1.王某某诊所:存在串换项目收费等违规行为,涉及医保基金1.2万元,已全部追回。\n"
        "2.李某于2023年利用其经营的甲市康宁医院虚构住院,骗取医保基金3万元。\n"
    )
    [article] = draft.articles
    assert [case_facts(c, "").subject for c in article.cases] == ["王某某诊所", "李某"]


def test_the_editor_after_the_reporter_is_no_author() -> None:
    draft = _draft(
        "4月24日,甲区在平湖广场举办集中宣传活动。区医疗保障局负责人宣读了倡议书。\n"
        "(甲区融媒体中心记者熊某 编辑彭某某)\n"
        "请输入验证码\n"
    )
    assert draft.articles[0].reporters == ["熊某"]


def test_a_papers_top_bar_and_menu_are_no_title() -> None:
    draft = _draft(
        "您好!今天是\n設為主頁收藏本頁\n社交網站:\n當前報章2021年04月13日\n今日導讀\n本報新聞\n字體: 放大 還原 縮小\n"
        "兩項醫療券使用期即將屆滿\n"
        "    【特訊】甲地政府推行醫療補貼計劃,向合資格居民發放600元的醫療補貼。\n"
    )
    [article] = draft.articles
    assert article.title == "兩項醫療券使用期即將屆滿"
    assert not any("今日導讀" in p or "設為主頁" in p for p in article.body)


def test_a_text_explaining_a_numbered_instrument_is_policy() -> None:
    draft = _draft(
        "衛生局表示,根據2021年12月31日公佈的第203/2021號行政長官批示,將津貼計劃所指的內地地區擴展至中山市及江門市。\n"
        "衛生局提醒,津貼計劃向合資格居民提供津貼,以補貼其個人繳納的費用。\n"
    )
    assert draft.articles[0].kind == ("policy" if "policy" in ENTRY_KINDS else "news")
    assert any("带编号的法规" in c for c in draft.articles[0].confirm)
    work = _draft(
        "根据省医保局《关于开展专项检查的通知》(甲医保发〔2024〕12号)要求,甲县医保局开展定点医药机构专项检查。\n"
        "检查组对全县定点医药机构进行了全面检查。\n"
    )
    assert work.articles[0].kind == "work_update"


def _finishes(work: Callable[[], object]) -> bool:
    """Whether ``work`` ends at all: a guard against a hang, not a timing. The inputs below
    took minutes with the quadratic code and take well under a second now, so the deadline
    (two minutes) holds on any loaded machine and fails only for a return of the old cost."""
    done = threading.Event()

    def run() -> None:
        work()
        done.set()

    threading.Thread(target=run, daemon=True).start()
    return done.wait(120)


def test_a_long_run_of_digits_is_read_in_linear_time() -> None:
    """Was: 100,000 digits took over ten minutes (a count of cases, N起…如下, was looked for
    at every digit, each try running to the end of the run)."""
    assert _finishes(lambda: _draft("1" * 100000 + "元\n"))


def test_many_short_lines_are_read_in_linear_time() -> None:
    """Was: 30,000 short lines took about 20 s (100,000 some four minutes) before anything else (the contents list was
    looked for by joining the rest of the text again for every line)."""
    lines = read_text(("甲\n" * 100000).encode("utf-8"))
    assert _finishes(lambda: drop_contents(lines, Draft()))


def test_a_more_news_block_under_the_article_is_the_sites() -> None:
    draft = _draft(
        "甲市集中宣传月活动启动\n"
        "本报讯4月4日,打击欺诈骗保集中宣传月活动启动。副市长张某出席启动仪式。\n"
        "甲市自2018年以来共追回医保基金132.99万元,取得了预期效果。\n"
        "新闻推荐\n"
        "赵某,甲市一所康复中心的校长,也是一位孩子的妈妈。2007年她自己创办学...\n"
        "甲市新闻,讲述家乡的故事。有观点、有态度。\n"
    )
    [article] = draft.articles
    assert not any("赵某" in p or "家乡" in p for p in article.body)
    assert any("赵某" in d for d in draft.dropped)  # reported, not lost


@pytest.mark.parametrize("order", ["utf-16-le", "utf-16-be"])
def test_a_text_saved_as_utf16_without_a_byte_order_mark(order: str) -> None:
    """Was: called binary data, 'perhaps a picture, Word or PDF renamed'."""
    text = "某市医保局召开会议\n会议要求压实责任，确保各项工作落到实处。\n"
    assert [line.text for line in read_text(text.encode(order))] == [
        "某市医保局召开会议",
        "会议要求压实责任，确保各项工作落到实处。",
    ]


def test_binary_data_is_still_binary() -> None:
    noise = bytes((i * 7919 + 13) % 256 for i in range(4000))  # every byte value, NULs too
    for raw in (noise, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + noise):
        with pytest.raises(ReadError, match="二进制"):
            read_text(raw)


class _CountingList(list[str]):
    """A list that counts how often it is scanned (iterated or searched with ``in``)."""

    scans = 0

    def __iter__(self):  # type: ignore[no-untyped-def]
        self.scans += 1
        return super().__iter__()

    def __contains__(self, item: object) -> bool:
        self.scans += 1
        return super().__contains__(item)


def test_a_long_contents_list_is_not_scanned_for_every_line() -> None:
    """Was: the contents list's titles were scanned for every line, in the contents (is it
    listed twice?) and again below (is this line a listed title?): 16,000 titles and their
    articles took 46 s. Counted, not timed: the list is scanned a fixed number of times."""
    titles = [f"{'甲乙丙丁戊己庚辛'[n % 8]}市医保局通报第{n}号案件查处" for n in range(300)]
    text = "目录\n" + "\n".join(titles) + "\n正文如下。\n"
    text += "".join(f"{title}\n该局依法处理了此案。\n" for title in titles)
    lines = read_text(text.encode("utf-8"))
    draft = Draft()
    draft.listed = _CountingList()
    rest = frame(lines, draft)
    assert len(draft.listed) == 300
    assert draft.listed.scans <= 2
    draft.listed.scans = 0
    _bulletin(rest, draft)
    assert draft.listed.scans <= 3
    assert [a.title for a in draft.articles] == [UNTITLED, *titles]  # 正文如下。 has none


@pytest.mark.parametrize("seed", range(5))
def test_listed_titles_found_as_the_plain_scan_finds_them(seed: int) -> None:
    """The sorted lookup answers as the scan it replaced: a listed title starts with the key,
    or the key starts with a listed title of 10 characters or more."""
    rng = random.Random(seed)

    def word(low: int, high: int) -> str:
        return "".join(rng.choice("甲乙丙") for _ in range(rng.randint(low, high)))

    titles = [word(0, 14) for _ in range(40)]
    listed = _Listed(titles)
    for key in [word(1, 16) for _ in range(400)] + titles:
        plain = any(t.startswith(key) or (len(t) >= 10 and key.startswith(t)) for t in titles)
        assert listed(key) == plain, key
