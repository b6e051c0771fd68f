"""Fonts' files read by WeasyPrint only when embedded whole (render/pdf_font_data.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ybbulletin.render.pdf_font_data import _on_demand_class, check_font_data, font_data_on_demand

WHOLE = 1 << 20  # bytes: every print face's file is over 6 MB, a paragraph's subset far under

PARAGRAPH = (
    '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"></head><body>'
    '<h1 style="font-family: 方正小标宋简体">医保信息简报</h1>'
    '<p style="font-family: 仿宋_GB2312">今年以来，全市追回医保基金462.24万元。</p>'
    '<p style="font-family: 楷体_GB2312">按：经验做法。</p></body></html>'
)


def test_weasyprint_still_reads_fonts_as_assumed() -> None:
    """Fails loudly on a WeasyPrint upgrade that moves what the on-demand read relies on."""
    check_font_data()


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """The sizes of the fonts' data WeasyPrint reads (``get_hb_object_data``)."""
    from weasyprint.pdf import fonts

    sizes: list[int] = []
    original = fonts.get_hb_object_data

    def counted(*args: Any, **kwargs: Any) -> Any:
        data = original(*args, **kwargs)
        sizes.append(len(data or b""))
        return data

    monkeypatch.setattr(fonts, "get_hb_object_data", counted)
    _on_demand_class.cache_clear()  # made again around the counting reader
    yield sizes
    _on_demand_class.cache_clear()


def _pdf(**options: Any) -> bytes:
    import weasyprint

    from ybbulletin.render import pdf

    document = weasyprint.HTML(string=PARAGRAPH)
    data: bytes = document.write_pdf(font_config=pdf._font_config(), **options)
    return data


@pytest.mark.slow
def test_a_subset_font_never_reads_its_file_and_the_pdf_is_the_same(reads: list[int]) -> None:
    whole = _pdf()
    assert [size for size in reads if size > WHOLE]  # WeasyPrint alone copies each file
    reads.clear()
    with font_data_on_demand():
        on_demand = _pdf()
    assert reads
    assert not [size for size in reads if size > WHOLE], reads
    assert on_demand == whole


@pytest.mark.slow
def test_a_font_embedded_whole_reads_its_file_when_asked(reads: list[int]) -> None:
    whole = _pdf(full_fonts=True)
    with font_data_on_demand():
        on_demand = _pdf(full_fonts=True)
    assert on_demand == whole


def test_the_class_is_put_back_after_the_block_errors_included() -> None:
    from weasyprint.pdf import fonts, stream

    def fail() -> None:
        with font_data_on_demand():
            assert stream.Font is not fonts.Font
            raise KeyError

    with pytest.raises(KeyError):
        fail()
    assert stream.Font is fonts.Font


@pytest.mark.slow
def test_the_pdf_renderer_reads_no_font_file_whole(reads: list[int], tmp_path: Path) -> None:
    from ybbulletin.render import pdf

    pdf.render_pdf(PARAGRAPH, tmp_path)
    assert reads
    assert not [size for size in reads if size > WHOLE], reads
