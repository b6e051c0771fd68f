"""校对's doubled characters and words: a run doubled more than once is one warning."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import examples
from ybbulletin.characters import CJK
from ybbulletin.errors import Diagnostics, Location
from ybbulletin.proofread import _ABAB, _REPEATED_SENTENCE, _check_text, _may_repeat


def _warnings(text: str) -> list[tuple[int, str, str | None]]:
    diags = Diagnostics()
    _check_text(
        text,
        lambda row, column: Location("a.yaml", row + 1, column + 1),
        diags,
        markdown=False,
        title=False,
    )
    return [(d.location.column, d.message, d.hint) for d in diags.warnings]


def test_a_long_run_of_one_doubled_character_is_one_warning() -> None:
    assert _warnings("推进的的的的的工作") == [(3, "字重复：“的的的的的”", "如是笔误，只留一个")]
    assert _warnings("推进的的工作") == [(3, "字重复：“的的”", "如是笔误，删去一个")]


def test_a_word_repeated_three_times_is_one_warning() -> None:
    assert [m for _, m, _ in _warnings("下一步研究研究研究方案")] == ["词语重复：“研究研究研究”"]


def test_a_run_of_thousands_is_quoted_short() -> None:
    (found,) = _warnings("推进" + "的" * 5000 + "工作")
    assert len(found[1]) < 60


# Lines made of pieces written 1 to 3 times (with or without spaces between) out of few
# characters, so that repeats of every length (rare in real text) come up in most examples.
_PIECE = st.tuples(
    st.text(alphabet="研究医保基金监管。！？ \u30001，", min_size=1, max_size=8),
    st.integers(1, 3),
    st.sampled_from(["", "", " ", "\u3000 "]),
)
_LINES = st.lists(_PIECE, max_size=6).map(lambda ps: "".join(s.join([u] * n) for u, n, s in ps))


@given(_LINES)
@settings(max_examples=examples(500), deadline=None)
def test_the_word_repeat_lookahead_finds_what_the_plain_pattern_finds(line: str) -> None:
    plain = re.compile(f"([{CJK}]{{2,6}})\\1+")
    assert [(m.span(), m.group(2)) for m in _ABAB.finditer(line)] == [
        (m.span(), m.group(1)) for m in plain.finditer(line)
    ]


@given(_LINES)
@settings(max_examples=examples(500), deadline=None)
def test_a_line_passed_over_for_repeated_sentences_has_none(line: str) -> None:
    # the old gate (two 。 at least) is kept: 好好好好好！好好好好好！ was never searched
    if line.count("。") > 1 and _REPEATED_SENTENCE.search(line):
        assert _may_repeat(line)
    assert _may_repeat(line) <= (line.count("。") > 1)


def test_repeated_sentences_with_spaces_between_are_still_found() -> None:
    found = [m for _, m, _ in _warnings("信息化建设已经完成。　 信息化建设已经完成。其他。")]
    assert "句子前后重复：“信息化建设已经完成。”" in found
