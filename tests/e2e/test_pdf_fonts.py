"""The print faces' coverage, read from fontconfig, against the fonts' own cmaps."""

from __future__ import annotations

import unicodedata

import pytest
from fontTools.ttLib import TTFont

from ybbulletin.render.pdf_fonts import FONT_ROLES, Coverage, coverage, resolve_family


def test_coverage_ranges_hold_exactly_their_code_points() -> None:
    faces = Coverage.parse("20-7e a0 4e00-9fff")
    assert [c in faces for c in (0x1F, 0x20, 0x7E, 0x7F, 0xA0, 0xA1, 0x4E00, 0x9FFF, 0xA000)] == [
        False, True, True, False, True, False, True, True, False,
    ]  # fmt: skip
    assert "a" not in faces


@pytest.mark.parametrize("family", list(FONT_ROLES))
def test_fontconfig_charset_is_the_cmap_missing_glyphs_reads(family: str) -> None:
    """Every code point the face's best cmap maps is covered, but control characters."""
    resolved = resolve_family(family)
    faces = dict(zip([f for f in FONT_ROLES if resolve_family(f).file], coverage(), strict=True))
    font = TTFont(resolved.file, fontNumber=resolved.index, lazy=True)
    cmap = {c for c in font.getBestCmap() if unicodedata.category(chr(c)) != "Cc"}
    font.close()
    ranges = faces[family]
    covered = {
        c
        for start, end in zip(ranges.starts, ranges.ends, strict=True)
        for c in range(start, end + 1)
    }
    assert covered == cmap
