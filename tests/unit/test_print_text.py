"""What the print issue computes from its text: missing glyphs (render/pdf*.py); title lines
are tests/unit/test_titles.py's."""

from __future__ import annotations

import pytest

from ybbulletin.render import pdf_fonts


def test_a_missing_glyph_is_reported_every_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """The characters found in a face are remembered; the missing ones never are."""
    monkeypatch.setattr(pdf_fonts, "coverage", lambda: [pdf_fonts.Coverage.parse("4e00-9fff")])
    monkeypatch.setattr(pdf_fonts, "_NOT_MISSING", set())
    assert list(pdf_fonts.missing_glyphs("中a 中\u200b")) == ["a"]
    assert list(pdf_fonts.missing_glyphs("文a中b")) == ["a", "b"]
    assert {"中", "文", " ", "\u200b"} <= pdf_fonts._NOT_MISSING
    assert "a" not in pdf_fonts._NOT_MISSING
