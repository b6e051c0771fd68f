"""The search index's segmenter: jieba's cut, its route found by jieba-rs (same words)."""

from __future__ import annotations

import hashlib
import random
import re
from pathlib import Path
from typing import Any

import pytest

from ybbulletin.render import segment

REPO = Path(__file__).resolve().parents[2]


def _runs(texts: list[str]) -> list[str]:
    split = segment._jieba().re_han_default.split
    return sorted({run for text in texts for run in split(segment.normalize(text))[1::2]})


def _differ(runs: list[str]) -> list[str]:
    jieba = segment._tokenizer()
    return [r for r in runs if list(segment._cut_for_search(r)) != list(jieba.cut_for_search(r))]


@pytest.mark.slow  # jieba over every run of the corpus (test_search_index compares the seeds')
def test_every_run_of_the_corpus_is_cut_as_jieba_cuts_it() -> None:
    paths = sorted((REPO / "tests/fixtures/corpus").glob("*.txt"))
    paths += sorted((REPO / "tests/fixtures/seeds").glob("*.txt"))
    paths += sorted((REPO / "content").rglob("*.yaml"))
    runs = _runs([path.read_text(encoding="utf-8") for path in paths])
    assert len(runs) > 5_000
    assert _differ(runs) == []


@pytest.mark.parametrize(
    ("run", "jieba_rs"),
    [
        ("月检医医医构", "医医构"),  # a tie jieba-rs's rounded HMM breaks the other way
        ("1-3月", "1-3"),  # jieba: 1 - 3
        ("104314.017.9万元", "104314.017.9"),  # jieba: 104314.017 . 9
        ("699-z.检", "699-z"),  # jieba: 699 - z . 检
    ],
)
@pytest.mark.slow  # over 0.3 s: the full suite runs it, not the edit loop
def test_jieba_rs_cuts_some_runs_otherwise_and_jiebas_cut_is_kept(run: str, jieba_rs: str) -> None:
    import rjieba

    plain = rjieba.Jieba()  # jieba-rs as it comes (its HMM, its own dictionary)
    assert jieba_rs in plain.cut(run)
    assert jieba_rs not in segment._tokenizer().cut(run)
    assert _differ([run]) == []


@pytest.mark.slow  # over 0.3 s: the full suite runs it, not the edit loop
def test_random_runs_of_chinese_letters_digits_and_signs_are_cut_as_jieba_cuts_them() -> None:
    chance = random.Random(17)
    chinese = "医保基金监管定点机构住院年月日万元的和了在追回违规费用检查开展北京市人民医院"
    other = "0123456789abcdxyz.%-+_#&"
    texts = [
        "".join(
            "".join(chance.choice(chance.choice((chinese, other))) for _ in range(7))
            for _ in range(chance.randint(1, 6))
        )
        for _ in range(500)
    ]
    assert _differ(_runs(texts)) == []


def test_letters_and_digits_reach_jieba_rs_hidden_and_come_back() -> None:
    assert "drg支付2025年".translate(segment._HIDE).translate(segment._SHOW) == "drg支付2025年"
    hidden = "drg支付2025年".translate(segment._HIDE)
    assert not any(c in segment._ASCII for c in hidden)
    assert segment._jieba().re_han_default.fullmatch(hidden) is None  # never in a run


@pytest.mark.slow  # over 0.3 s: the full suite runs it, not the edit loop
def test_jieba_rs_holds_jiebas_words_and_total_without_jiebas_own_dictionary() -> None:
    import rjieba

    segment._router.cache_clear()
    segment._tokenizer.cache_clear()
    router = segment._router()
    assert segment._tokenizer.cache_info().currsize == 0  # jieba's FREQ never built for it
    jieba = segment._tokenizer()
    for word in ("B超", "医保", "drg", "挂床住院", "住院", "的"):
        hidden = word.translate(segment._HIDE)
        assert router.has_word(hidden) == bool(jieba.FREQ.get(word)), word
    assert not router.has_word("医保基".translate(segment._HIDE))  # a prefix, not a word
    # jieba counts B超's two lines and the 医保 words its dictionary already has in its
    # total; jieba-rs only the words' last frequencies (_UNSEEN carries the difference)
    empty = rjieba.Jieba.empty()
    totals = segment._fill(empty, Path(segment._jieba().__file__).with_name("dict.txt"))
    assert totals == (jieba.total, sum(jieba.FREQ.values()))
    assert totals[0] != totals[1]


def _dictionary() -> Path:
    return Path(segment._jieba().__file__).with_name("dict.txt")


@pytest.mark.slow  # both routers made, every word asked of each: seconds
def test_jieba_rs_as_it_comes_given_jiebas_words_is_the_router_filled_from_the_file() -> None:
    data = _dictionary().read_bytes()
    known = segment._EMBEDDED[hashlib.sha256(data).hexdigest()]  # jieba 0.42.1's, pinned
    embedded = segment._embedded(*known)
    filled = segment._filled(_dictionary())
    assert embedded is not None
    assert filled is not None
    words = [line.split(" ")[0] for line in data.decode("utf-8").splitlines()]
    words += ["drg", "dip", "c++", "4s店", "江南style", segment._UNSEEN, "医保基", "z"]
    hidden = [word.lower().translate(segment._HIDE) for word in words + list(segment.MEDICAL_WORDS)]
    # a word's frequency (or the route's, over the total) for each word, and whether it is one
    assert [embedded.suggest_freq(w) for w in hidden] == [filled.suggest_freq(w) for w in hidden]
    assert [embedded.has_word(w) for w in hidden] == [filled.has_word(w) for w in hidden]
    paths = sorted((REPO / "tests/fixtures/corpus").glob("*.txt"))[:60]
    runs = [r.translate(segment._HIDE) for r in _runs([p.read_text("utf-8") for p in paths])]
    assert len(runs) > 3_000
    assert [embedded.cut_for_search(r, False) for r in runs] == [
        filled.cut_for_search(r, False) for r in runs
    ]
    assert _total_seen(embedded) == _total_seen(filled)


def _total_seen(router: Any) -> int:
    """What the router's total is seen as, to one part in ~2e9 (one word of frequency 1
    more or less shows): the frequency it suggests for two words of frequency 10^9
    together is their product over the total, plus one (the router changed: last use)."""
    router.add_word("\u9ffd", 10**9, None)  # (two characters past _HIDDEN's, in no text)
    router.add_word("\u9ffe", 10**9, None)
    assert router.cut("\u9ffd\u9ffe", False) == ["\u9ffd", "\u9ffe"]
    return int(router.suggest_freq("\u9ffd\u9ffe"))


@pytest.mark.slow  # the file's totals found again: a second
def test_the_embedded_dictionarys_totals_and_lettered_words_are_what_the_file_gives() -> None:
    import rjieba

    data = _dictionary().read_bytes()
    totals, lettered, _probes = segment._EMBEDDED[hashlib.sha256(data).hexdigest()]
    assert segment._fill(rjieba.Jieba.empty(), _dictionary()) == totals
    # every line whose word holds what _HIDE hides (a-z, 0-9), in order
    found = re.findall(rb"^([^ \n]*[a-z0-9][^ \n]*) ([0-9]+)", data, re.MULTILINE)
    assert lettered == tuple((word.decode("utf-8"), int(freq)) for word, freq in found)


def test_jieba_rs_not_holding_jiebas_dictionary_is_filled_from_the_file(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = _dictionary().read_bytes()
    totals, lettered, probes = segment._EMBEDDED[hashlib.sha256(data).hexdigest()]
    assert segment._embedded(totals, lettered, probes) is not None
    wrong = ((probes[0][0], probes[0][1] + 1),)  # as if it held another dictionary
    assert segment._embedded(totals, lettered, wrong) is None
    made: list[Path] = []
    monkeypatch.setattr(segment, "_filled", made.append)
    key = hashlib.sha256(data).hexdigest()
    monkeypatch.setitem(segment._EMBEDDED, key, (totals, lettered, wrong))
    segment._router.cache_clear()
    try:
        segment._router()
    finally:
        segment._router.cache_clear()
    assert made == [_dictionary()]


def test_a_stretch_jiebas_hmm_cuts_is_cut_once(monkeypatch: pytest.MonkeyPatch) -> None:
    runs = ("月检医医医构", "月检医医医构", "年检医医医构")  # 检医医医构, 医医医构: the HMM's
    jieba = [list(segment._tokenizer().cut_for_search(run)) for run in runs]
    finalseg = segment._jieba().finalseg
    calls: list[str] = []
    real = finalseg.cut

    def cut(stretch: str) -> object:
        calls.append(stretch)
        return real(stretch)

    monkeypatch.setattr(finalseg, "cut", cut)
    segment._hmm.cache_clear()
    assert [list(segment._cut_for_search(run)) for run in runs] == jieba
    assert calls
    assert len(calls) == len(set(calls))
