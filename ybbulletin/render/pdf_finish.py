"""After WeasyPrint: one pikepdf pass for what WeasyPrint 70 cannot write itself.

- synthetic bold that prints (``render/embolden.py``);
- PDF/UA-1 on top of WeasyPrint's tagged PDF/A-2b: page furniture as artifacts, link
  descriptions, the identification in the XMP metadata (``render/pdf_ua.py``);
- saved with a deterministic file identifier, so the same input gives the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Mapping

from ybbulletin.render.embolden import embolden
from ybbulletin.render.pdf_ua import describe_links, furniture_as_artifacts, identify

__all__ = ["finish"]


def finish(data: bytes, bold_names: frozenset[str], link_titles: Mapping[str, str]) -> bytes:
    """The PDF ``data`` finished: emboldened, artifacts marked, links described, identified."""
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        embolden(pdf, bold_names)
        furniture_as_artifacts(pdf)
        describe_links(pdf, link_titles)
        identify(pdf)
        out = io.BytesIO()
        pdf.save(
            out,
            deterministic_id=True,
            compress_streams=True,
            object_stream_mode=pikepdf.ObjectStreamMode.preserve,
            fix_metadata_version=False,
        )
    return out.getvalue()
