"""Chinese word segmentation for the search index: jieba with a 医保 user dictionary.

The tokenizer is built once per process on first use (jieba's dictionary takes
about a second to load) and owned by this module; jieba's own default
tokenizer and its logging configuration are left alone.
"""

from __future__ import annotations

import functools
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
    """
    for run in _jieba().re_han_default.split(normalize(text)):
        if run:
            yield from _run_terms(run)


@functools.lru_cache(maxsize=1 << 16)
def _run_terms(run: str) -> tuple[str, ...]:
    """The terms of one run of a normalized text (see :func:`index_terms`)."""
    found: list[str] = []
    for word in _tokenizer().cut_for_search(run):
        word = word.strip()
        if len(word) < 2 or not _WORDLIKE.search(word):
            continue
        found.append(word)
        if len(word) > 2 and _CJK.match(word[0]):
            found += _bigrams(word)
    return tuple(found)
