"""The spacing arithmetic of the Chinese justification (no rendering here)."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ybbulletin.render.justify import _exact_around, _quantize, char_spacing, drawn_error

CAP = 1.85


def gaps(chars: list[str | None], spacing: list[float]) -> list[float]:
    """What each gap between two characters grows by (Pango: half of each side's spacing)."""
    return [
        (spacing[i - 1] + spacing[i]) / 2
        for i in range(1, len(chars))
        if chars[i - 1] is not None and chars[i] is not None and chars[i] not in "\u0301"
    ]


def test_chinese_line_opens_every_gap_alike() -> None:
    chars = list("医疗保障局聚焦群众")
    spacing = char_spacing(chars, 4.0, CAP)
    assert spacing is not None
    assert gaps(chars, spacing) == pytest.approx([0.5] * 8)


def test_digit_and_latin_runs_stay_tight() -> None:
    chars = list("追回2021年DRG付费")
    spacing = char_spacing(chars, 3.0, CAP)
    assert spacing is not None
    opened = dict(zip(itertools.pairwise(chars), gaps(chars, spacing), strict=True))
    assert opened[("2", "0")] == opened[("0", "2")] == opened[("D", "R")] == 0
    assert opened[("回", "2")] == pytest.approx(opened[("追", "回")] / 2)
    assert sum(opened.values()) == pytest.approx(3.0)


def test_full_width_punctuation_and_quotes_stretch() -> None:
    chars = list("落实“预算”，。")
    spacing = char_spacing(chars, 1.4, CAP)
    assert spacing is not None
    assert gaps(chars, spacing) == pytest.approx([0.2] * 7)


def test_loose_line_spreads_evenly_over_every_gap() -> None:
    chars = list("医保12345678")
    spacing = char_spacing(chars, 30.0, CAP)
    assert spacing is not None
    assert gaps(chars, spacing) == pytest.approx([30.0 / 9] * 9)


def test_very_loose_line_stops_at_the_limit_and_stays_short() -> None:
    chars = list("医保12345678")
    spacing = char_spacing(chars, 60.0, CAP, limit=2.5)
    assert spacing is not None
    assert gaps(chars, spacing) == pytest.approx([2.5] * 9)


def test_no_gap_beside_an_image_and_none_without_text() -> None:
    chars: list[str | None] = ["医", None, "保", "局"]
    spacing = char_spacing(chars, 1.0, CAP)
    assert spacing is not None
    assert spacing[1] == 0
    assert gaps(chars, spacing) == pytest.approx([1.0])
    assert char_spacing(["医"], 1.0, CAP) is None
    assert char_spacing(list("2021"), 1.0, CAP) is None


def test_overfull_line_tightens_a_little() -> None:
    chars = list("医疗保障局")
    spacing = char_spacing(chars, -0.4, CAP)
    assert spacing is not None
    assert sum(gaps(chars, spacing)) == pytest.approx(-0.4)


TEXT = st.lists(st.sampled_from([*"医保局，。“”（）2021DRGab ", None]), min_size=2, max_size=60)


@given(TEXT, st.floats(min_value=0, max_value=60))
def test_gaps_add_up_to_the_free_width(chars: list[str | None], extra: float) -> None:
    spacing = char_spacing(chars, extra, CAP)
    if spacing is None:
        return
    opened = gaps(chars, spacing)
    assert sum(opened) == pytest.approx(extra, abs=1e-6)
    assert all(value >= -1e-9 for value in opened)


@pytest.mark.parametrize("font_size", [16 * 4 / 3, 14 * 4 / 3, 22 * 4 / 3])
@pytest.mark.parametrize("target", [-341, -200, 0, 150, 700, 2500])
def test_chosen_letter_spacings_are_drawn_exactly(font_size: float, target: int) -> None:
    below, above = _exact_around(target, font_size)
    assert below <= target <= above
    assert above - below < 128
    for units in (below, above):
        assert abs(drawn_error(units, font_size)) < 0.04


def test_quantized_spacing_keeps_the_sum() -> None:
    text = "医疗保障局聚焦群众急难愁盼问题"
    ideal = [-0.3333 + 0.41] * len(text)
    units = _quantize(text, ideal, 16 * 4 / 3)
    assert sum(units) / 1024 == pytest.approx(sum(ideal), abs=0.07)
    assert len(set(units)) <= 2
