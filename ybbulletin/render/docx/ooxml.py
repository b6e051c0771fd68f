"""Low-level WordprocessingML helpers: fonts on runs and styles, schema order, borders."""

from __future__ import annotations

from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.text.run import _RunContentAppender
from docx.shared import RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml.etree import SubElement

__all__ = [
    "FONT_SCRIPTS",
    "add_run",
    "add_table",
    "border",
    "hyperlink",
    "insert_in_order",
    "line_break",
    "link_style",
    "new_paragraph",
    "set_fonts",
    "table_borders",
]


#: The w:rFonts attributes that name a font, one per script, in python-docx's order.
FONT_SCRIPTS = tuple(qn(f"w:{script}") for script in ("ascii", "hAnsi", "eastAsia", "cs"))


def set_fonts(element: Any, font: str) -> None:
    """Name ``font`` for every script on an rPr-holding element (style or run)."""
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in list(fonts.attrib):
        if attribute.endswith("Theme") or attribute.endswith("theme"):
            del fonts.attrib[attribute]  # theme fonts would win over the named ones
    for script in FONT_SCRIPTS:
        fonts.set(script, font)


_R, _RPR, _RFONTS, _T, _B, _I = (qn(f"w:{tag}") for tag in ("r", "rPr", "rFonts", "t", "b", "i"))
_P, _PPR, _PSTYLE, _VAL = (qn(f"w:{tag}") for tag in ("p", "pPr", "pStyle", "val"))
_SPACE, _SECTPR = qn("xml:space"), qn("w:sectPr")


def add_run(
    paragraph: Paragraph,
    text: str,
    font: str,
    *,
    bold: bool | None = None,
    italic: bool | None = None,
) -> Run:
    """A run of ``text`` in ``font`` at the end of ``paragraph``.

    The XML python-docx's ``add_run(text)``, :func:`set_fonts` and ``run.bold`` /
    ``run.italic`` would make, built in one go: ``w:rPr`` with ``w:rFonts`` naming the
    font for every script (in python-docx's attribute order), ``w:b``/``w:i``, then the
    text, split at tabs and line breaks by python-docx's own appender when it has any.
    """
    r = SubElement(paragraph._p, _R)
    rpr = SubElement(r, _RPR)
    SubElement(rpr, _RFONTS, dict.fromkeys(FONT_SCRIPTS, font))
    for value, tag in ((bold, _B), (italic, _I)):
        if value is not None:
            SubElement(rpr, tag) if value else SubElement(rpr, tag, {_VAL: "0"})
    if text:
        if "\t" in text or "\n" in text or "\r" in text:
            _RunContentAppender.append_to_run_from_text(r, text)
        else:
            t = SubElement(r, _T)
            t.text = text
            if len(text.strip()) < len(text):
                t.set(_SPACE, "preserve")
    return Run(r, paragraph)


def add_table(document: Any, rows: int, cols: int) -> Table:
    """``document.add_table(rows, cols)`` without its style look-up (a new table has none)."""
    table: Table = document._body.add_table(rows, cols, document._block_width)
    return table


def new_paragraph(body: Any, style_id: str | None) -> Any:
    """A ``w:p`` at the end of a document body (before its ``w:sectPr``) in a style.

    What python-docx's ``add_paragraph(style=...)`` makes once it has looked the style
    up: ``w:pPr`` with ``w:pStyle``, or an empty ``w:pPr`` for the default style.
    """
    last = next(body.iterchildren(reversed=True), None)  # len(body) would count them all
    p = SubElement(body, _P)
    ppr = SubElement(p, _PPR)
    if style_id is not None:
        SubElement(ppr, _PSTYLE, {_VAL: style_id})
    if last is not None and last.tag == _SECTPR:  # the section's properties stay last
        body.append(last)
    return p


# CT_PPrBase child order, for inserting into an existing pPr.
_PPR_ORDER = [
    "w:pStyle",
    "w:keepNext",
    "w:keepLines",
    "w:pageBreakBefore",
    "w:framePr",
    "w:widowControl",
    "w:numPr",
    "w:suppressLineNumbers",
    "w:pBdr",
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
]


def insert_in_order(ppr: Any, element: Any) -> None:
    """Insert ``element`` into a pPr before the first child that the schema puts after it."""
    rank = _PPR_ORDER.index(_tag_name(element))
    for child in ppr:
        name = _tag_name(child)
        if name in _PPR_ORDER and _PPR_ORDER.index(name) > rank:
            child.addprevious(element)
            return
    ppr.append(element)


def _tag_name(element: Any) -> str:
    return "w:" + str(element.tag).split("}")[-1]


def line_break() -> Any:
    """A run holding a line break (inserted between the lines of a long title)."""
    element = OxmlElement("w:r")
    element.append(OxmlElement("w:br"))
    return element


def border(
    paragraph: Paragraph, side: str, *, size: int, color: str = "000000", space: int = 1
) -> None:
    """A paragraph border line (size in eighths of a point)."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        insert_in_order(ppr, borders)
    line = OxmlElement(f"w:{side}")
    line.set(qn("w:val"), "single")
    line.set(qn("w:sz"), str(size))
    line.set(qn("w:space"), str(space))
    line.set(qn("w:color"), color)
    order = ["top", "left", "bottom", "right", "between", "bar"]
    for existing in borders:
        if order.index(existing.tag.split("}")[1]) > order.index(side):
            existing.addprevious(line)
            return
    borders.append(line)


def hyperlink(paragraph: Paragraph, url: str) -> Any:
    """A w:hyperlink to ``url`` at the end of ``paragraph``; runs moved into it are the link."""
    from docx.opc.constants import RELATIONSHIP_TYPE

    rid = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    element = OxmlElement("w:hyperlink")
    element.set(qn("r:id"), rid)
    paragraph._p.append(element)
    return element


def link_style(run: Run) -> None:
    """Links look like links: blue, underlined (direct formatting; no style to define)."""
    run.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
    run.font.underline = True


def table_borders(table: Table) -> None:
    """Single 0.75 pt rules around and inside a table, which spans the text width."""
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{side}")
        line.set(qn("w:val"), "single")
        line.set(qn("w:sz"), "6")
        line.set(qn("w:space"), "0")
        line.set(qn("w:color"), "000000")
        borders.append(line)
    tbl_pr.append(borders)
    width = OxmlElement("w:tblW")
    width.set(qn("w:w"), "5000")
    width.set(qn("w:type"), "pct")
    existing = tbl_pr.find(qn("w:tblW"))
    if existing is not None:
        tbl_pr.replace(existing, width)
    else:
        tbl_pr.append(width)
