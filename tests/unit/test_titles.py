"""A long print title set as lines (render/titles.py): whole words, the editor's phrases,
about one length; titles published by several offices (the import corpus and the demo)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ybbulletin.render.titles import (
    TITLE_CHARS_PER_LINE,
    _verbs_before_objects,
    spaced_title_lines,
    title_lines,
    width,
)

CASES = [
    # Ningxia (the demo): a cut between 医|保基金 before words were known
    (
        "关于我区6起欺诈骗取医保基金典型案例的通报",
        ["关于我区6起欺诈骗取", "医保基金典型案例的通报"],
    ),
    # ... and 有限公|司
    (
        "宁夏德融泽医药连锁有限公司9家药店诱导刷卡消费案",
        ["宁夏德融泽医药连锁有限公司", "9家药店诱导刷卡消费案"],
    ),
    # the editor's space between two phrases wins over balance
    (
        "完善医保目录管理 推进医保治理体系治理建设能力建设",
        ["完善医保目录管理", "推进医保治理体系治理建设能力建设"],
    ),
    (
        "石嘴山市医保局三举措助力巩固拓展脱贫攻坚成果同乡村振兴有效衔接",
        ["石嘴山市医保局三举措助力巩固拓展", "脱贫攻坚成果同乡村振兴有效衔接"],
    ),
    # a line may open on 与; not end on it, nor cut 脱贫攻|坚 as balance alone would
    (
        "盐池县医保局用心打造脱贫攻坚与乡村振兴有效衔接暖心纽带",
        ["盐池县医保局用心打造脱贫攻坚", "与乡村振兴有效衔接暖心纽带"],
    ),
    # a one-character verb kept with its object: not 织密防|返贫 (jieba's HMM joins 防 to
    # 织密, a word its dictionary lacks); the editor's space instead
    (
        "同心县医保局筑牢三道防线织密防返贫监测网 力促参保动态清零",
        ["同心县医保局筑牢三道防线织密防返贫监测网", "力促参保动态清零"],
    ),
    # short quoted phrases kept whole
    (
        "青铜峡市医保局“三个三”筑牢乡村振兴“医保屏障”",
        ["青铜峡市医保局“三个三”", "筑牢乡村振兴“医保屏障”"],
    ),
    # xinhuanet (half-width punctuation as pasted): after the question, not 两|部门
    (
        "惩处骗保作了哪些规定?两部门就《条例》答记者问",
        ["惩处骗保作了哪些规定?", "两部门就《条例》答记者问"],
    ),
    # Hebei: a document's name kept whole where a line can hold it
    (
        "河北省医疗保障局关于印发《河北省医疗保障“十四五”规划》的通知",
        ["河北省医疗保障局关于印发", "《河北省医疗保障“十四五”规划》的通知"],
    ),
    # NHSA: a year kept with 年
    (
        "国家医疗保障局曝光台2022年第四期曝光典型案件(十例)",
        ["国家医疗保障局曝光台2022年", "第四期曝光典型案件(十例)"],
    ),
    # Xixiang: the two issuers on the first line, 关于 opening the next; 发展和改革局 not
    # cut at 和
    (
        "西乡县医疗保障局 西乡县发展和改革局关于印发《西乡县“十四五”医疗保障事业发展规划》的通知",
        [
            "西乡县医疗保障局 西乡县发展和改革局",
            "关于印发《西乡县“十四五”",
            "医疗保障事业发展规划》的通知",
        ],
    ),
    # Tianjin: two lines of 20 would cut 有限|公司; three lines keep every word
    (
        "天津市天津医药集团马光医疗投资管理有限公司方达大厦门诊部违法违规使用医保基金案",
        ["天津市天津医药集团马光医疗", "投资管理有限公司方达大厦", "门诊部违法违规使用医保基金案"],
    ),
    # Sichuan (the discipline commission's site): a subtitle's dash opens its line, not a
    # balance that cuts 以案|开路 or 顽瘴|痼疾
    (
        "一体推进查腐败补短板惠民生 守护医保基金安全——四川以案开路整治医保基金管理突出问题",
        [
            "一体推进查腐败补短板惠民生",
            "守护医保基金安全",
            "——四川以案开路整治医保基金管理突出问题",
        ],
    ),
    (
        "四川紧盯医保基金管理领域顽瘴痼疾持续纠治——织密医保基金“防护网” 守护人民群众“看病钱”",
        [
            "四川紧盯医保基金管理领域顽瘴痼疾持续纠治",
            "——织密医保基金“防护网”",
            "守护人民群众“看病钱”",
        ],
    ),
    # Quanzhou: curly quotes are one em in the CJK title fonts, so this is 21 wide, not 19
    ("泉港：转变角色“走流程”服务群众“零距离”", ["泉港：转变角色“走流程”", "服务群众“零距离”"]),
    # Wuhu, Yueyang: terms jieba's dictionary lacks kept whole (医保|基金, 基本|医疗保险)
    (
        "芜湖市欺诈骗取医保基金行为举报奖励实施细则",
        ["芜湖市欺诈骗取医保基金", "行为举报奖励实施细则"],
    ),
    (
        "关于做好2024年度城乡居民基本医疗保险参保缴费工作的通知",
        ["关于做好2024年度城乡居民", "基本医疗保险参保缴费工作的通知"],
    ),
    # a dash between years is a range, not a subtitle's
    (
        "关于印发宁夏回族自治区医疗保障事业发展规划（2021—2025年）的通知",
        ["关于印发宁夏回族自治区医疗保障", "事业发展规划（2021—2025年）的通知"],
    ),
    # a short title stays one line
    ("关于开展医保基金专项整治的通知", ["关于开展医保基金专项整治的通知"]),
]


@pytest.mark.parametrize(("title", "lines"), CASES, ids=[c[0][:8] for c in CASES])
def test_title_lines(title: str, lines: list[str]) -> None:
    assert title_lines(title) == lines


def test_no_line_opens_on_closing_punctuation() -> None:
    lines = title_lines("关于印发《定点医药机构违法违规使用医保基金自查自纠工作方案》的通知")
    assert all(line[0] not in "，。、；：）”》" and line[-1] not in "（“《" for line in lines)


WORDS = [
    "医保",
    "基金",
    "监管",
    "典型案例",
    "通报",
    "关于",
    "的",
    "有限公司",
    "，",
    " ",
    "2025年",
    "“三个三”",
    "（第二期）",
    "——",
    "—",
    "2021—2025年",
    "防",
    "医保基金",
    "定点零售药店",
    "·",
]


@given(st.lists(st.sampled_from(WORDS), max_size=30))
def test_lines_keep_the_title_and_fit(parts: list[str]) -> None:
    title = "".join(parts).strip()
    lines = title_lines(title)
    assert "".join(lines).replace(" ", "") == title.replace(" ", "")
    assert "".join(spaced_title_lines(title)) == title
    assert all(line == line.strip() for line in lines)
    fewest = max(1, math.ceil(width(title) / TITLE_CHARS_PER_LINE))
    assert fewest <= len(lines) <= fewest + 1
    assert all(width(line) <= TITLE_CHARS_PER_LINE for line in lines[:-1])
    if fewest > 1 and len(lines) == fewest + 1:  # one line more only to keep words whole
        assert all(len(line) > 1 for line in lines)


def test_word_lines_keep_the_space_they_were_cut_at() -> None:
    title = "完善医保目录管理 推进医保治理体系治理建设能力建设"
    assert spaced_title_lines(title) == ["完善医保目录管理 ", "推进医保治理体系治理建设能力建设"]
    assert "".join(spaced_title_lines(title)) == title


@pytest.mark.parametrize(
    ("text", "after"),
    [
        ("织密防返贫监测网", {3}),  # 防|返贫
        ("抓落实促发展", {1}),  # 抓|落实 (促发展 is one word of the dictionary)
        ("坚持防疫情稳经济保安全", {9}),  # 保|安全; not 稳 (an adjective) nor 防疫 (two)
        ("以案促改以改促治", set()),  # a verb before one character: nothing to keep it from
    ],
)
def test_one_character_verbs_before_their_objects(text: str, after: set[int]) -> None:
    assert _verbs_before_objects(text) == after


def test_width_counts_what_the_cjk_fonts_set_full_width() -> None:
    assert width("“三个三”") == 5  # quotes: one em in Noto Serif CJK SC
    assert width("——") == 2
    assert width("2025年") == 3
    assert width("·°") == 1  # narrow there


def test_a_range_dash_outside_brackets_is_not_a_subtitle() -> None:
    # the shape of a plan's title with its years unbracketed: cut after the range, never
    # 2023|—2025年 as a subtitle's dash would be
    assert title_lines("银川市医疗保障局2023—2025年医保基金监管工作三年行动方案") == [
        "银川市医疗保障局2023—2025年",
        "医保基金监管工作三年行动方案",
    ]
