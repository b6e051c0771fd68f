"""Segmenting in workers while the caller reads the terms as they come (a cold build's index)."""

from __future__ import annotations

import multiprocessing

import pytest

from ybbulletin.render.search_terms import TermMemo, pack, segment_texts, text_key, unpack

_WORDS = "医保基金 定点医药机构 违规 追回 飞行检查 挂床住院 城乡居民 门诊统筹 异地就医 集中带量采购"


def _texts(count: int) -> list[tuple[str, str, str]]:
    words = _WORDS.split()
    return [
        (f"第{n}篇", words[n % len(words)], "，".join(words[(n + i) % 10] for i in range(9)))
        for n in range(count)
    ]


def _memo(jobs: int) -> TermMemo:
    memo = TermMemo()
    memo.jobs = jobs
    return memo


def test_the_terms_of_the_first_articles_come_before_the_workers_end() -> None:
    texts = _texts(200)  # 13 parts of 16
    memo = _memo(2)
    with memo.segmenting(texts):
        first = memo.terms(text_key(texts[0]))
        still = len(memo._waiting)  # what has not come yet
        last = memo.terms(text_key(texts[-1]))
    assert first == unpack(segment_texts(texts[0]))
    assert 0 < still < len(texts)
    assert last == unpack(segment_texts(texts[-1]))


def test_what_the_block_did_not_ask_for_is_there_after_it_as_one_process_makes_it() -> None:
    texts = _texts(120)
    alone, pooled = _memo(1), _memo(2)
    alone.segment_all(texts)
    with pooled.segmenting(texts):
        assert pooled.terms(text_key(texts[50])) == alone.terms(text_key(texts[50]))
    assert pooled.entries == alone.entries
    assert not pooled._waiting


def test_a_block_that_fails_ends_the_workers_and_keeps_nothing_half_come() -> None:
    texts = _texts(200)
    memo = _memo(2)

    def fail() -> None:
        with memo.segmenting(texts):
            memo.terms(text_key(texts[0]))
            raise RuntimeError("the plan failed")

    with pytest.raises(RuntimeError, match="the plan failed"):
        fail()
    assert multiprocessing.active_children() == []
    assert not memo._waiting
    assert memo.terms(text_key(texts[-1])) is None  # never came: segmented again next time


@pytest.mark.parametrize(
    "pairs", [[], [("医保", 3)], [("a", 1), ("医保基金", 120), ("1-3", 7), ("b超", 5)]]
)
def test_unpack_gives_back_what_pack_made(pairs: list[tuple[str, int]]) -> None:
    assert unpack(pack(pairs)) == pairs


def test_unpack_of_a_string_pack_never_makes_still_fails() -> None:
    with pytest.raises(ValueError, match="invalid literal"):
        unpack("医保\t3\n基金")
