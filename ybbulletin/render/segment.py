"""Chinese word segmentation for the search index: jieba with a 医保 user dictionary.

jieba's cut is pure Python, and most of its time goes into finding each run's most
probable route through the dictionary's words (``get_DAG``, ``calc``): most of a cold
build. jieba-rs (the ``rjieba`` binding) finds the same route in Rust when given the
same words, frequencies and total (:func:`_router`); the rest of jieba's cut (its HMM
for what the dictionary does not know, the search mode's 2- and 3-grams) stays
jieba's own Python (:func:`_cut_for_search`). jieba-rs's own HMM is not jieba's: its
model's probabilities are rounded to six places (a tie like 检医医医构 goes the other
way) and it splits non-Chinese stretches otherwise (1-3, 1.2.3).
``tests/unit/test_segment.py`` compares the cuts with jieba's.

Each is built once per process on first use (jieba's dictionary takes about a second
to load, jieba-rs is given its words in half a second more) and owned by this module;
jieba's own default tokenizer and its logging configuration are left alone.
"""

from __future__ import annotations

import functools
import itertools
import logging
import re
import unicodedata
import warnings
from collections.abc import Iterator
from typing import Any

from ybbulletin.characters import CJK, CJK_UNIFIED

__all__ = ["MEDICAL_WORDS", "index_terms", "normalize"]

# Words jieba's general dictionary splits apart but readers search for whole.
MEDICAL_WORDS = (
    "医保",
    "医保局",
    "医保基金",
    "医保码",
    "医保卡",
    "医保目录",
    "医保支付",
    "医保部门",
    "医疗保障",
    "医疗保障局",
    "医疗保障基金",
    "欺诈骗保",
    "骗保",
    "骗取医保基金",
    "欺诈骗取医保基金",
    "定点医药机构",
    "定点医疗机构",
    "定点零售药店",
    "定点药店",
    "挂床住院",
    "挂床",
    "冒名住院",
    "冒名就医",
    "虚假住院",
    "诱导住院",
    "分解住院",
    "串换药品",
    "过度诊疗",
    "过度检查",
    "超标准收费",
    "重复收费",
    "异地就医",
    "门诊共济",
    "门诊统筹",
    "大病保险",
    "医疗救助",
    "城乡居民",
    "职工医保",
    "居民医保",
    "长期护理保险",
    "生育保险",
    "集中带量采购",
    "带量采购",
    "药品集采",
    "飞行检查",
    "智能监控",
    "追回",
    "解除医保服务协议",
    "医保服务协议",
    "移交公安机关",
    "DRG",
    "DIP",
    "DRG/DIP",
    "按病种分值付费",
    "按疾病诊断相关分组付费",
    "支付方式改革",
    "脱贫攻坚",
    "乡村振兴",
    "两定机构",
)

_CJK = re.compile(f"[{CJK}]")
#: What a run holds besides Chinese characters (jieba's ``re_han_default``, of a
#: normalized text: no capitals), and the CJK characters after jieba's range
#: (U+9FD6…, never in a run) they are given to jieba-rs as: it would join a stretch of
#: ASCII letters and digits into one word, where jieba's route has each on its own.
_ASCII = "abcdefghijklmnopqrstuvwxyz0123456789"
_HIDDEN = "".join(chr(0x9FD6 + i) for i in range(len(_ASCII)))
_HIDE = str.maketrans(_ASCII, _HIDDEN)
_SHOW = str.maketrans(_HIDDEN, _ASCII)
#: A word no run can hold: it carries the part of jieba's total that jieba-rs does not
#: count (see :func:`_router`).
_UNSEEN = "\ue000\ue000"
_WORDLIKE = re.compile(rf"[\w{CJK_UNIFIED}]")


def normalize(text: str) -> str:
    """The form both the index and the queries use: NFKC (full-width ASCII to half), lower case."""
    return unicodedata.normalize("NFKC", text).lower()


@functools.cache
def _jieba() -> Any:
    with warnings.catch_warnings():
        # jieba 0.42 imports pkg_resources when setuptools is installed, which warns
        warnings.simplefilter("ignore")
        import jieba

    logging.getLogger("jieba").setLevel(logging.WARNING)  # "Building prefix dict…" on stderr
    return jieba


@functools.cache
def _tokenizer() -> Any:
    tokenizer = _jieba().Tokenizer()
    tokenizer.initialize()
    for word in MEDICAL_WORDS:
        tokenizer.add_word(word.lower(), freq=50_000)
    return tokenizer


@functools.cache
def _router() -> Any:
    """jieba-rs with the words :func:`_tokenizer` can cut out (those of a frequency above
    0, not its words' prefixes), their frequencies and its total, letters and digits
    hidden (``_HIDE``); None if a word holds one of the hiding characters.

    Every route's probability divides by the total of all frequencies. jieba adds a
    word's frequency to it at each line of its dictionary and each ``add_word``, a word
    given twice too (its dictionary has B超 twice; some 医保 words are in it); jieba-rs
    counts each of its words once. A word no text holds carries the difference, so both
    totals, and every probability compared, are the same."""
    import rjieba

    slow = _tokenizer()
    words = [word for word, freq in slow.FREQ.items() if freq]
    if re.search(f"[{_HIDDEN}{_UNSEEN[0]}]", "".join(words)):
        return None
    router = rjieba.Jieba.empty()  # type: ignore[no-untyped-call]  # (its stub: no types)
    add = router.add_word
    counted = 0
    for word in words:
        freq = slow.FREQ[word]
        add(word.translate(_HIDE), freq, None)
        counted += freq
    if slow.total != counted:
        add(_UNSEEN, slow.total - counted, None)
    return router


def _cut(run: str) -> Iterator[str]:
    """jieba's ``Tokenizer.cut(run)`` (HMM on) of one run: its route from jieba-rs (the
    words of the route, unjoined: see ``_HIDE``), then what jieba's ``__cut_DAG`` does
    with it."""
    router = _router()
    slow = _tokenizer()
    if router is None:
        yield from slow.cut(run)
        return
    freq = slow.FREQ
    buf = ""  # single characters of the route, in a row
    for hidden in router.cut(run.translate(_HIDE), False):
        word = hidden.translate(_SHOW)
        if len(word) == 1:
            buf += word
            continue
        if buf:
            yield from _unknown(buf, freq)
            buf = ""
        yield word
    if buf:
        yield from _unknown(buf, freq)


def _unknown(buf: str, freq: dict[str, int]) -> Iterator[str]:
    """What jieba makes of single characters its route has in a row: its HMM's words."""
    if len(buf) == 1:
        yield buf
    elif not freq.get(buf):
        yield from _jieba().finalseg.cut(buf)
    else:
        yield from buf


def _cut_for_search(run: str) -> Iterator[str]:
    """jieba's ``Tokenizer.cut_for_search(run)`` of one run (its code, on :func:`_cut`)."""
    freq = _tokenizer().FREQ
    for word in _cut(run):
        if len(word) > 2:
            for i in range(len(word) - 1):
                gram2 = word[i : i + 2]
                if freq.get(gram2):
                    yield gram2
        if len(word) > 3:
            for i in range(len(word) - 2):
                gram3 = word[i : i + 3]
                if freq.get(gram3):
                    yield gram3
        yield word


def _bigrams(word: str) -> Iterator[str]:
    for i in range(len(word) - 1):
        pair = word[i : i + 2]
        if _CJK.match(pair[0]) and _CJK.match(pair[1]):
            yield pair


def index_terms(text: str) -> Iterator[str]:
    """Every term a text is found by: jieba's search-mode words, plus the bigrams inside
    longer Chinese words (挂床住院 -> 挂床, 床住, 住院) so that a query for part of a word
    still meets it. Single characters and punctuation are not terms.

    jieba cuts a text run by run (its ``re_han_default``: the runs of CJK, letters and
    digits, and what lies between them), each on its own; the terms of a run are kept
    (:func:`_run_terms`), so a clause that comes again (今年以来，…) is segmented once.
    What lies between runs jieba cuts into single characters (and ``\\r\\n``): no terms.
    """
    runs = _jieba().re_han_default.split(normalize(text))[1::2]  # (split keeps the runs)
    return itertools.chain.from_iterable(map(_run_terms, runs))


@functools.lru_cache(maxsize=1 << 16)
def _run_terms(run: str) -> tuple[str, ...]:
    """The terms of one run of a normalized text (see :func:`index_terms`)."""
    found: list[str] = []
    for word in _cut_for_search(run):
        word = word.strip()
        if len(word) < 2 or not _WORDLIKE.search(word):
            continue
        found.append(word)
        if len(word) > 2 and _CJK.match(word[0]):
            found += _bigrams(word)
    return tuple(found)
