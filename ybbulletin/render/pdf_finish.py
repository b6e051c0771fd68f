"""After WeasyPrint: one pikepdf pass for what WeasyPrint 70 cannot write itself.

- synthetic bold that prints (``render/embolden.py``);
- PDF/UA-1 on top of WeasyPrint's tagged PDF/A-2b: page furniture as artifacts, link
  descriptions, the identification in the XMP metadata (``render/pdf_ua.py``);
- saved with a deterministic file identifier, so the same input gives the same bytes.

Each page's content stream is parsed once and written once, whatever both changes do to
it; the embedded fonts are read from the same open document (no second PDF parser).
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ybbulletin.render.embolden import bold_fonts, embolden_page
from ybbulletin.render.pdf_ua import describe_links, furniture_as_artifacts, identify, orphans

__all__ = ["Finished", "embedded_fonts", "finish"]


@dataclass(frozen=True)
class Finished:
    """The finished PDF and the base names of the fonts it embeds."""

    data: bytes
    fonts: list[str]


def finish(data: bytes, bold_names: frozenset[str], link_titles: Mapping[str, str]) -> Finished:
    """The PDF ``data`` finished: emboldened, artifacts marked, links described, identified."""
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        fonts = embedded_fonts(pdf)
        lost_by_key = orphans(pdf)
        for page in pdf.pages:
            bold = bold_fonts(page.obj.get("/Resources"), bold_names)
            lost = lost_by_key.get(int(page.obj.get("/StructParents", -1)), set())
            if not bold and not lost:
                continue
            instructions: list[Any] = list(pikepdf.parse_content_stream(page))
            names = [str(instruction.operator) for instruction in instructions]
            # The two edits commute (each inserts its own operators beside ones the other
            # never looks at), so the artifacts go first and give the emboldening the names.
            if lost:
                height = float(page.mediabox[3]) - float(page.mediabox[1])
                instructions, names = furniture_as_artifacts(instructions, names, lost, height)
            emboldened = embolden_page(instructions, names, bold)
            if emboldened is not None:
                instructions = emboldened
            if emboldened is not None or lost:
                # compressed when saved
                page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(instructions))
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
    return Finished(out.getvalue(), fonts)


def _resources(page: Any) -> Any:
    """A page's resources, inherited from its page tree nodes when it has none of its own."""
    node = page
    while node is not None:
        resources = node.get("/Resources")
        if resources is not None:
            return resources
        node = node.get("/Parent")
    return None


def embedded_fonts(pdf: Any) -> list[str]:
    """The base names of the fonts the open PDF's pages embed, subset prefixes removed, sorted."""
    names: set[str] = set()
    for page in pdf.pages:
        resources = _resources(page.obj)
        fonts = resources.get("/Font") if resources is not None else None
        for font in (fonts or {}).values():
            base = str(font.get("/BaseFont", ""))
            names.add(base.lstrip("/").split("+", 1)[-1])
    return sorted(names)
