"""After WeasyPrint: one pikepdf pass over the PDF for what WeasyPrint cannot write itself.

- synthetic bold that prints (``render/embolden.py``);
- saved with a deterministic file identifier, so the same input gives the same bytes.
"""

from __future__ import annotations

import io

from ybbulletin.render.embolden import embolden

__all__ = ["finish"]


def finish(data: bytes, bold_names: frozenset[str]) -> bytes:
    """The PDF ``data`` with the finishing steps applied (unchanged bytes if none applies)."""
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        if not embolden(pdf, bold_names):
            return data
        out = io.BytesIO()
        pdf.save(
            out,
            deterministic_id=True,
            compress_streams=True,
            object_stream_mode=pikepdf.ObjectStreamMode.preserve,
        )
    return out.getvalue()
