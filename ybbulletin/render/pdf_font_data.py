"""WeasyPrint reads a font file's bytes only if it embeds them whole, not for every PDF.

WeasyPrint 70 copies the whole file of every font a document uses into a Python
``bytes`` when it first meets the font (``pdf.fonts.Font.__init__``: the face's blob,
which for a ``.ttc`` collection is the whole collection). The print styles use five
CJK faces (Noto Serif CJK Regular and Black, Noto Sans CJK, LXGW WenKai, FandolFang):
94 MB copied and held for the whole of each render, and each file's every page
faulted into the process. Yet that copy is read only when a font is embedded whole
(nothing to subset, or HarfBuzz failing to subset it): the subset is made from the
HarfBuzz face itself and then replaces the copy.

:func:`font_data_on_demand` makes the copy when ``file_content`` is first read
instead: the same bytes from the same face, so the same PDF. A PDF worker's resident
peak falls by about the size of the fonts twice over (the copies and the file pages
they touched). Like ``justify.py`` this replaces a private part of WeasyPrint only
inside the block (``pdf.stream.Font``, the name the drawing code makes fonts with);
:func:`check_font_data` refuses a WeasyPrint that no longer reads the font as
assumed here.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
from collections.abc import Iterator
from typing import Any

__all__ = ["check_font_data", "font_data_on_demand"]


class _NotRead:
    """What ``Font.__init__`` is given instead of the font file's bytes."""


_NOT_READ = _NotRead()


def check_font_data() -> None:
    """Raise ``WeasyPrintChanged`` unless fonts are made and read as assumed here."""
    from weasyprint.pdf import fonts, stream

    from ybbulletin.render.justify import WeasyPrintChanged

    problems = []
    init = getattr(fonts.Font, "__init__", None)
    if stream.__dict__.get("Font") is not fonts.Font:
        problems.append("pdf.stream makes fonts with another class than pdf.fonts.Font")
    if init is None or list(inspect.signature(init).parameters) != [
        "self",
        "pango_font",
        "description",
        "font_size",
    ]:
        problems.append("pdf.fonts.Font(self, pango_font, description, font_size)")
    elif "get_hb_object_data" not in init.__code__.co_names:
        problems.append("Font.__init__ no longer reads the face's data")
    if not callable(getattr(fonts, "get_hb_object_data", None)):
        problems.append("pdf.fonts.get_hb_object_data")
    if isinstance(getattr(fonts.Font, "file_content", None), property):
        problems.append("Font.file_content is a property already")
    if problems:
        raise WeasyPrintChanged(
            "WeasyPrint changed what ybbulletin's font reading relies on ("
            + "; ".join(problems)
            + "): verify ybbulletin/render/pdf_font_data.py against this version and its pin."
        )


@contextlib.contextmanager
def font_data_on_demand() -> Iterator[None]:
    """Inside this block the fonts WeasyPrint draws with read their file when asked for.

    Swaps the class ``weasyprint.pdf.stream`` makes fonts with for the block and puts it
    back after it, errors included. The whole ``write_pdf`` must run inside the block (a
    font made inside reads its file only while the block lasts).
    """
    check_font_data()
    from weasyprint.pdf import stream

    original = stream.Font
    stream.Font = _on_demand_class()
    try:
        yield
    finally:
        stream.Font = original


@functools.cache
def _on_demand_class() -> type:
    from weasyprint.pdf import fonts

    read = fonts.get_hb_object_data

    def not_read(hb_object: Any, ot_color: Any = None, glyph: Any = None) -> Any:
        return _NOT_READ

    class Font(fonts.Font):  # type: ignore[misc]
        """WeasyPrint's font, its file read on first use of ``file_content``."""

        def __init__(self, pango_font: Any, description: Any, font_size: Any) -> None:
            fonts.get_hb_object_data = not_read  # the one read in Font.__init__
            try:
                super().__init__(pango_font, description, font_size)
            finally:
                fonts.get_hb_object_data = read

        @property
        def file_content(self) -> Any:
            data = self.__dict__["_file_content"]
            if data is _NOT_READ:  # the whole file: as Font.__init__ would have read it
                data = self.__dict__["_file_content"] = read(self.hb_face)
            return data

        @file_content.setter
        def file_content(self, data: Any) -> None:
            self.__dict__["_file_content"] = data

    return Font
