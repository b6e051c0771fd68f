"""The 报尾 as a floating table held at the foot of the last page (Word and LibreOffice).

Paragraphs that merely follow the text end wherever the text ends. A table positioned
against the bottom margin (``w:tblpPr`` with ``tblpYSpec="bottom"``) sits at the foot of
the page of its anchor, the document's last paragraph, in Word and in LibreOffice (which
turns it into a frame and keeps the table's rules); text that would run into it is pushed
on. The rules are the table's: thick (0.35 mm) first and last, thin (0.25 mm) between.
"""

from __future__ import annotations

from typing import Any

from docx.document import Document as DocumentObject
from docx.enum.text import WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, Twips

from ybbulletin.render.docx.ooxml import add_run, add_table, insert_in_order

__all__ = ["TABLE_TWIPS", "colophon_table"]

FRAME_TWIPS = 8844  # 156 mm, the 版心's width
#: LibreOffice makes a floating table a frame only when it is at least 4.69 mm narrower than
#: the text area (writerfilter's FloatingTableConversion); wider, it stays in the text flow.
#: So the 报尾 is 151 mm wide, centred: its rules stop 2.5 mm short of the 版心's edges.
TABLE_TWIPS = 8561
MARGIN_TWIPS = 140  # with the 2.5 mm the table is narrower: one 四号 character in
THICK, THIN = 8, 6  # eighths of a point: 1 pt ≈ 0.35 mm, 0.75 pt ≈ 0.26 mm


def _element(tag: str, **attributes: str) -> Any:
    element = OxmlElement(tag)
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), value)
    return element


def _table_properties(tbl_pr: Any) -> None:
    """Floating at the bottom margin, the 版心 wide, rules above, below and between rows."""
    keep = {qn("w:tblStyle"), qn("w:tblLook")}
    for child in list(tbl_pr):
        if child.tag not in keep:
            tbl_pr.remove(child)
    borders = _element("w:tblBorders")
    for side, size in (("top", THICK), ("left", 0), ("bottom", THICK), ("right", 0)):
        kind = "single" if size else "nil"
        borders.append(_element(f"w:{side}", val=kind, sz=str(size), space="0", color="000000"))
    borders.append(_element("w:insideH", val="single", sz=str(THIN), space="0", color="000000"))
    borders.append(_element("w:insideV", val="nil"))
    margins = _element("w:tblCellMar")
    for side in ("top", "left", "bottom", "right"):
        width = MARGIN_TWIPS if side in ("left", "right") else 0
        margins.append(_element(f"w:{side}", w=str(width), type="dxa"))
    children = [
        _element(
            "w:tblpPr",
            leftFromText="0",
            rightFromText="0",
            topFromText="579",  # a blank line between the text and the first rule
            bottomFromText="0",
            vertAnchor="margin",
            horzAnchor="margin",
            tblpXSpec="center",
            tblpYSpec="bottom",
        ),
        _element("w:tblOverlap", val="never"),
        _element("w:tblW", w=str(TABLE_TWIPS), type="dxa"),
        borders,
        _element("w:tblLayout", type="fixed"),
        margins,
    ]
    style = tbl_pr.find(qn("w:tblStyle"))
    anchor = style if style is not None else None
    for child in children:
        if anchor is None:
            tbl_pr.insert(0, child)
        else:
            anchor.addnext(child)
        anchor = child


def colophon_table(
    document: DocumentObject, rows: list[tuple[str, str]], style_id: str | None, font: str
) -> None:
    """Append the 报尾 rows (left text, right text) as a floating table, and its anchor.

    ``style_id`` is the 报尾 style's id (None if it is the default paragraph style).
    """
    table = add_table(document, len(rows), 1)
    _table_properties(table._tbl.tblPr)
    grid = table._tbl.tblGrid
    for column in grid.findall(qn("w:gridCol")):
        column.set(qn("w:w"), str(TABLE_TWIPS))
    for row, (left, right) in zip(table.rows, rows, strict=True):
        row._tr.get_or_add_trPr().append(_element("w:cantSplit"))
        cell = row.cells[0]
        cell.width = Twips(TABLE_TWIPS)
        paragraph = cell.paragraphs[0]
        paragraph._p.style = style_id
        paragraph.paragraph_format.tab_stops.add_tab_stop(
            Twips(TABLE_TWIPS - 2 * MARGIN_TWIPS), WD_TAB_ALIGNMENT.RIGHT
        )
        add_run(paragraph, left + (f"\t{right}" if right else ""), font)
    # the anchor: the last paragraph, a point high, so it adds no line to the last page
    anchor = document.add_paragraph()
    anchor._p.style = style_id
    fmt = anchor.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(1)
    fmt.space_before = fmt.space_after = Pt(0)
    insert_in_order(anchor._p.get_or_add_pPr(), _element("w:snapToGrid", val="0"))
    run = anchor.add_run()
    run.font.size = Pt(1)
