"""What the print issue computes from its text: title lines, missing glyphs (render/pdf*.py)."""

from __future__ import annotations

import random

import pytest

from ybbulletin.render import pdf_fonts
from ybbulletin.render.pdf import _best_cut, _width, title_lines


def cut_as_written_first(text: str, target: float, limit: int) -> int:
    """_best_cut as first written: the width of text[:i] summed afresh for every i."""
    best, best_score = 1, float("inf")
    for i in range(1, len(text)):
        width = _width(text[:i])
        if width > limit:
            break
        score = abs(width - target) - (3 if text[i] == " " else 0)
        if text[i] in "，。、；：）”》" or text[i - 1] in "（“《":
            score += 5
        if score < best_score:
            best, best_score = i, score
    return best


@pytest.mark.slow  # over 0.3 s: the full suite runs it, not the edit loop
def test_title_cut_is_the_one_summed_afresh() -> None:
    rng = random.Random(17)
    chars = "医保基金监管通报关于 ，。、；：）”》（“《abc 12"
    for _ in range(3000):
        text = "".join(rng.choice(chars) for _ in range(rng.randint(0, 50)))
        for limit, target in ((8, 5.5), (20, 13.0), (20, 19.5)):
            assert _best_cut(text, target, limit) == cut_as_written_first(text, target, limit)


def test_long_title_lines_are_balanced() -> None:
    lines = title_lines("关于2025年第一季度全区医疗保障基金监督检查中发现的典型问题的通报")
    assert len(lines) == 2
    assert all(_width(line) <= 20 for line in lines)


def test_a_missing_glyph_is_reported_every_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """The characters found in a face are remembered; the missing ones never are."""
    monkeypatch.setattr(pdf_fonts, "coverage", lambda: [pdf_fonts.Coverage.parse("4e00-9fff")])
    monkeypatch.setattr(pdf_fonts, "_NOT_MISSING", set())
    assert list(pdf_fonts.missing_glyphs("中a 中\u200b")) == ["a"]
    assert list(pdf_fonts.missing_glyphs("文a中b")) == ["a", "b"]
    assert {"中", "文", " ", "\u200b"} <= pdf_fonts._NOT_MISSING
    assert "a" not in pdf_fonts._NOT_MISSING
