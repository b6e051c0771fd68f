"""校对's doubled characters and words: a run doubled more than once is one warning."""

from __future__ import annotations

from ybbulletin.errors import Diagnostics, Location
from ybbulletin.proofread import _check_text


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
