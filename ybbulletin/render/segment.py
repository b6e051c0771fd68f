"""Chinese word segmentation for the search index: jieba with a 医保 user dictionary.

jieba's cut is pure Python, and most of its time goes into finding each run's most
probable route through the dictionary's words (``get_DAG``, ``calc``): most of a cold
build. jieba-rs (the ``rjieba`` binding) finds the same route in Rust when given the
same words, frequencies and total (:func:`_router`), and adds the search mode's 2- and
3-grams that are words as jieba does; jieba's HMM for what the dictionary does not know
stays jieba's own Python (:func:`_search_words`). jieba-rs's own HMM is not jieba's: its
model's probabilities are rounded to six places (a tie like 检医医医构 goes the other
way) and it splits non-Chinese stretches otherwise (1-3, 1.2.3).
``tests/unit/test_segment.py`` compares the cuts with jieba's.

jieba-rs holds jieba's dictionary, once per process on first use: its own embedded
copy of it (read in Rust, ~0.1 s) where it is the file jieba has (by its hash), else the
file itself given line by line (about as long as jieba takes to load its own: most of a
second). jieba's own tokenizer (:func:`_tokenizer`) is not built beside it (the two
dictionaries together took a segmenting worker past goal 17.4's memory), only where a
dictionary jieba-rs cannot hold as jieba does makes it the fallback. Both are owned by
this module; jieba's default tokenizer and its logging configuration are left alone.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import logging
import re
import unicodedata
import warnings
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ybbulletin.characters import CJK_UNIFIED

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
_MEDICAL_FREQ = 50_000
#: The hiding characters and ``_UNSEEN``'s in UTF-8.
_HIDING = re.compile(b"|".join(ch.encode() for ch in _HIDDEN + _UNSEEN[0]))
_WORDLIKE = re.compile(rf"[\w{CJK_UNIFIED}]")
#: What ``_HIDE`` hides, and a run's Chinese characters (jieba's ``re_han_default``).
_SHOWN = re.compile(f"[{_ASCII}]")
_HAN = re.compile("[\u4e00-\u9fd5]+")


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
        tokenizer.add_word(word.lower(), freq=_MEDICAL_FREQ)
    return tokenizer


#: jieba's dictionaries that jieba-rs embeds (its ``Jieba()``), by the sha256 of jieba's
#: ``dict.txt``: what :func:`_fill` finds in it (jieba's total and jieba-rs's; the words
#: holding what ``_HIDE`` hides, with their last frequencies), and what jieba-rs as it
#: comes suggests for segments of two frequent words (their frequencies' product over its
#: total, plus one: a check that it holds that dictionary still).
#: ``tests/unit/test_segment.py`` checks them against the file and the routers made.
_EMBEDDED = {
    "7197c3211ddd98962b036cdf40324d1ea2bfaa12bd028e68faa70111a88e12a8": (
        (63_051_967, 63_051_607),
        (
            ("c#", 3),
            ("c++", 3),
            ("4S店", 3),
            ("4s店", 3),
            ("江南style", 3),
            ("江南Style", 3),
            ("1号店", 3),
        ),
        (("了是", 11_718), ("是在", 9_653)),
    ),
}


@functools.cache
def _router() -> Any:
    """jieba-rs holding what :func:`_tokenizer` would (jieba's dict.txt, then
    ``MEDICAL_WORDS``), letters and digits hidden (``_HIDE``); None if a word holds one of
    the hiding characters or a later line gives a word frequency 0 (jieba-rs cannot drop
    a word).

    jieba's own tokenizer is never built where this one is: the two dictionaries held
    at once took a segmenting worker past goal 17.4's memory. Every route's probability
    divides by the total of all frequencies. jieba adds a word's frequency to it at each
    line of its dictionary and each ``add_word``, a word given twice too (its dictionary
    has B超 twice; some 医保 words are in it); jieba-rs counts a word's last frequency
    only. A word no text holds carries the difference, so both totals, and every
    probability compared, are the same.

    Where jieba-rs embeds jieba's dictionary (``_EMBEDDED``) it starts from that, read in
    Rust (~0.1 s), not from the file's 349,046 lines given one by one (~1 s)."""
    path = Path(_jieba().__file__).with_name("dict.txt")
    data = path.read_bytes()
    known = _EMBEDDED.get(hashlib.sha256(data).hexdigest())
    router = _embedded(*known) if known is not None else None
    if router is None and not _HIDING.search(data):
        router = _filled(path)
    return router


Lettered = tuple[tuple[str, int], ...]


def _embedded(totals: tuple[int, int], lettered: Lettered, probes: Lettered) -> Any:
    """jieba-rs as it comes, given what :func:`_fill` gives an empty one from the
    dictionary whose ``totals`` and ``lettered`` words it found; None if it does not
    hold that dictionary (its ``probes``)."""
    import rjieba

    router = rjieba.Jieba()
    if any(router.suggest_freq(segment) != value for segment, value in probes):
        return None
    add = router.add_word
    for word, freq in lettered:
        add(word, 0, None)  # as written: never in a run hidden, and out of the total
        add(word.translate(_HIDE), freq, None)
    for word in MEDICAL_WORDS:
        add(word.lower().translate(_HIDE), _MEDICAL_FREQ, None)
    total, counted = totals
    if total != counted:
        add(_UNSEEN, total - counted, None)
    return router


def _filled(path: Path) -> Any:
    """jieba-rs given jieba's dictionary ``path`` line by line (:func:`_fill`), as
    :func:`_router` is; None where that cannot be."""
    import rjieba

    router = rjieba.Jieba.empty()  # type: ignore[no-untyped-call]  # (its stub: no types)
    totals = _fill(router, path)
    if totals is None:
        return None
    total, counted = totals
    if total != counted:
        router.add_word(_UNSEEN, total - counted, None)
    return router


def _fill(router: Any, path: Path) -> tuple[int, int] | None:
    """Gives ``router`` jieba's words of dictionary ``path`` and ``MEDICAL_WORDS``, as
    :func:`_tokenizer` holds them (a word's last frequency; none of frequency 0);
    jieba's total and jieba-rs's, or None if a later line gives a word frequency 0."""
    has, add = router.has_word, router.add_word
    total = 0  # jieba's: every line's and every add_word's frequency
    again: set[str] = set()  # words given more than once
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            word, count = line.strip().split(" ")[:2]  # (jieba's parse)
            freq = int(count)
            total += freq
            hidden = word.translate(_HIDE)
            if has(hidden):
                if not freq:
                    return None
                again.add(word)
            if freq:
                add(hidden, freq, None)
    for word in MEDICAL_WORDS:
        hidden = word.lower().translate(_HIDE)
        if has(hidden):
            again.add(word.lower())
        add(hidden, _MEDICAL_FREQ, None)
        total += _MEDICAL_FREQ
    return total, _counted(path, again, total) if again else total


def _counted(path: Path, again: set[str], total: int) -> int:
    """jieba-rs's total: jieba's less the frequencies a later line or ``add_word`` of the
    same word replaced (``again``: the words given more than once)."""
    last: dict[str, int] = {}
    replaced = 0
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            word, count = line.strip().split(" ")[:2]
            if word in again:
                replaced += last.get(word, 0)
                last[word] = int(count)
    for word in MEDICAL_WORDS:
        if word.lower() in again:
            replaced += last.get(word.lower(), 0)
            last[word.lower()] = _MEDICAL_FREQ
    return total - replaced


def _search_words(hidden: str, router: Any) -> Iterator[str]:
    """jieba's ``Tokenizer.cut_for_search(run)`` (HMM on) of one run, hidden (``_HIDE``) in
    and out: jieba-rs's search mode without its HMM (jieba's route, each word of more than
    two characters preceded by its 2- and 3-grams that are words), with what jieba's
    ``__cut_DAG`` does with the single characters the route has in a row (``buf``: its
    HMM's words, and their grams). A gram is never a single character, so the route's
    single characters are the search mode's; ``FREQ.get(word)`` is ``has_word`` (jieba-rs
    holds the words of a frequency above 0 only)."""
    buf = ""  # single characters of the route, in a row
    for word in router.cut_for_search(hidden, False):
        if len(word) == 1:
            buf += word
            continue
        if buf:
            yield from _unknown(buf, router)
            buf = ""
        yield word
    if buf:
        yield from _unknown(buf, router)


def _unknown(buf: str, router: Any) -> Iterator[str]:
    """What jieba's search mode makes of single characters its route has in a row
    (hidden): its HMM's words, each after its grams."""
    if len(buf) == 1:
        yield buf
    elif not router.has_word(buf):
        has = router.has_word
        for shown in _hmm(buf.translate(_SHOW)):
            word = shown.translate(_HIDE)
            if len(word) > 2:
                yield from (word[i : i + 2] for i in range(len(word) - 1) if has(word[i : i + 2]))
            if len(word) > 3:
                yield from (word[i : i + 3] for i in range(len(word) - 2) if has(word[i : i + 3]))
            yield word
    else:
        yield from buf


@functools.lru_cache(maxsize=1 << 14)
def _hmm(buf: str) -> tuple[str, ...]:
    """jieba's HMM's words of characters its route leaves single in a row (kept: most
    such stretches come again, 84 % of them in a 500-issue archive's texts)."""
    return tuple(_jieba().finalseg.cut(buf))


def _cut_for_search(run: str) -> Iterator[str]:
    """jieba's ``Tokenizer.cut_for_search(run)`` of one run."""
    router = _router()
    if router is None:
        yield from _tokenizer().cut_for_search(run)
        return
    for word in _search_words(run.translate(_HIDE), router):
        yield word.translate(_SHOW)


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
    """The terms of one run of a normalized text (see :func:`index_terms`): its search-mode
    words of two or more characters, not all signs, each followed by its bigrams if it is
    longer and starts with a Chinese character. Found among the hidden words where
    jieba-rs has the route (a run's letters and digits shown again at the end)."""
    router = _router()
    if router is None:
        return tuple(_terms(_tokenizer().cut_for_search(run)))
    shown = _SHOWN.search(run) is not None  # (most runs have nothing to hide)
    found: list[str] = []
    buf = ""  # (_search_words, written out: a cold build's 1.7 million words)
    for word in router.cut_for_search(run.translate(_HIDE) if shown else run, False):
        if len(word) == 1:
            buf += word
            continue
        if buf:
            if len(buf) > 1:  # (a single character is no term)
                found += _terms(_unknown(buf, router))
            buf = ""
        if word[0] < "\u4e00" and not _WORDLIKE.search(word):
            continue
        found.append(word)
        if len(word) > 2 and "\u4e00" <= word[0] <= "\u9fd5":
            found += _bigrams_of(word)
    if len(buf) > 1:
        found += _terms(_unknown(buf, router))
    if shown and found:
        return tuple("\x00".join(found).translate(_SHOW).split("\x00"))
    return tuple(found)


def _terms(words: Iterable[str]) -> list[str]:
    """The terms among a run's search-mode words, shown or hidden alike: the characters
    of a run are Chinese (U+4E00 to U+9FD5, jieba's range), letters and digits (hidden:
    past U+9FD5, word characters too) and signs; none is a space (``strip`` would keep
    every word)."""
    found: list[str] = []
    for word in words:
        if len(word) < 2 or (word[0] < "\u4e00" and not _WORDLIKE.search(word)):
            continue
        found.append(word)
        if len(word) > 2 and "\u4e00" <= word[0] <= "\u9fd5":
            found += _bigrams_of(word)
    return found


def _bigrams_of(word: str) -> list[str]:
    """The pairs of Chinese characters in a word of a run, shown or hidden."""
    if _HAN.fullmatch(word):  # (most words)
        return [word[i : i + 2] for i in range(len(word) - 1)]
    return [
        word[i : i + 2]
        for i in range(len(word) - 1)
        if "\u4e00" <= word[i] <= "\u9fd5" and "\u4e00" <= word[i + 1] <= "\u9fd5"
    ]
