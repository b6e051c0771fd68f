"""The Word bulletin's named paragraph styles, fonts and document defaults."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from docx.document import Document as DocumentObject
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from ybbulletin.render.docx.ooxml import insert_in_order, set_fonts

__all__ = [
    "FANGSONG",
    "FRAME_WIDTH",
    "HEADING_ROLES",
    "HEITI",
    "KAITI",
    "LINE",
    "SONGTI",
    "STYLES",
    "XIAOBIAOSONG",
    "StyleSpec",
    "setup_styles",
    "style_ids",
]

RED = RGBColor(0xE6, 0x00, 0x00)
LINE = Pt(28.95)  # 225 mm / 22 lines
FRAME_WIDTH = Mm(156)
FANGSONG, XIAOBIAOSONG, HEITI, KAITI, SONGTI = (
    "仿宋_GB2312",
    "方正小标宋简体",
    "黑体",
    "楷体_GB2312",
    "宋体",
)


@dataclass(frozen=True)
class StyleSpec:
    """A named paragraph style of the bulletin."""

    name: str
    font: str
    size: float
    bold: bool = False
    color: RGBColor | None = None
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.JUSTIFY
    indent_chars: int = 0  # first-line indent in characters
    left_chars: int = 0  # left indent in characters (the whole paragraph)
    exact_line: bool = True
    space_before_lines: float = 0
    keep_with_next: bool = False
    # the level Word's navigation pane and a PDF exported from Word or LibreOffice show
    # the paragraph at (0 is the top; None: body text, not in the outline)
    outline: int | None = None


#: The paragraph styles, by role. ``Normal`` (正文 in Chinese Word and WPS) is the body.
STYLES: dict[str, StyleSpec] = {
    "body": StyleSpec("Normal", FANGSONG, 16, indent_chars=2),
    "masthead": StyleSpec(
        "报头", XIAOBIAOSONG, 42, color=RED, align=WD_ALIGN_PARAGRAPH.CENTER, exact_line=False
    ),
    "number": StyleSpec("期号", FANGSONG, 16, align=WD_ALIGN_PARAGRAPH.CENTER),
    "imprint": StyleSpec("编印单位和日期", FANGSONG, 16, align=WD_ALIGN_PARAGRAPH.LEFT),
    "theme": StyleSpec(
        "本期专题", HEITI, 16, align=WD_ALIGN_PARAGRAPH.CENTER, space_before_lines=1
    ),
    "toc_title": StyleSpec(
        "目录标题",
        HEITI,
        16,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        space_before_lines=1,
        keep_with_next=True,
    ),
    "toc_section": StyleSpec(
        "目录栏目", HEITI, 16, align=WD_ALIGN_PARAGRAPH.LEFT, keep_with_next=True
    ),
    "toc_entry": StyleSpec("目录条目", FANGSONG, 16, align=WD_ALIGN_PARAGRAPH.LEFT, left_chars=2),
    "section": StyleSpec(
        "栏目", HEITI, 16, align=WD_ALIGN_PARAGRAPH.LEFT, space_before_lines=1, keep_with_next=True
    ),
    "title": StyleSpec(
        "文章标题",
        XIAOBIAOSONG,
        22,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        space_before_lines=1,
        keep_with_next=True,
        outline=0,
    ),
    "subtitle": StyleSpec(
        "副标题", KAITI, 16, align=WD_ALIGN_PARAGRAPH.CENTER, keep_with_next=True
    ),
    "source": StyleSpec("来源", KAITI, 16, align=WD_ALIGN_PARAGRAPH.CENTER, keep_with_next=True),
    "note": StyleSpec("按语", KAITI, 16, indent_chars=2),
    "level1": StyleSpec("一级标题", HEITI, 16, indent_chars=2, keep_with_next=True, outline=1),
    "level2": StyleSpec("二级标题", KAITI, 16, indent_chars=2, keep_with_next=True, outline=2),
    "level3": StyleSpec(
        "三级标题", FANGSONG, 16, bold=True, indent_chars=2, keep_with_next=True, outline=3
    ),
    "level4": StyleSpec("四级标题", FANGSONG, 16, indent_chars=2, keep_with_next=True, outline=4),
    "table": StyleSpec("表格文字", FANGSONG, 14, align=WD_ALIGN_PARAGRAPH.CENTER, exact_line=False),
    "figure": StyleSpec("图片", FANGSONG, 16, align=WD_ALIGN_PARAGRAPH.CENTER, exact_line=False),
    "colophon": StyleSpec("报尾", FANGSONG, 14, align=WD_ALIGN_PARAGRAPH.LEFT),
    "folio": StyleSpec("页码", SONGTI, 14, align=WD_ALIGN_PARAGRAPH.RIGHT, exact_line=False),
}
HEADING_ROLES = {1: "level1", 2: "level2", 3: "level3", 4: "level4", 5: "level4", 6: "level4"}


def setup_styles(document: DocumentObject, *, keep_existing: bool) -> dict[str, str]:
    """Define (or, with a reference document, keep) every style; role -> style name."""
    styles = document.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr_default = defaults.find(qn("w:rPrDefault"))
        rpr = rpr_default.find(qn("w:rPr")) if rpr_default is not None else None
        if rpr is not None:
            holder = type("Holder", (), {"get_or_add_rPr": lambda self: rpr})()
            set_fonts(holder, FANGSONG)
            lang = rpr.find(qn("w:lang"))
            if lang is None:
                lang = OxmlElement("w:lang")
                rpr.append(lang)
            lang.set(qn("w:val"), "en-US")
            lang.set(qn("w:eastAsia"), "zh-CN")
            # The character grid's pitch is derived from the default size: make it 三号 (16 pt).
            for tag in ("w:sz", "w:szCs"):
                size = rpr.find(qn(tag))
                if size is None:
                    size = OxmlElement(tag)
                    rpr.append(size)
                size.set(qn("w:val"), "32")
    names: dict[str, str] = {}
    for role, spec in STYLES.items():
        names[role] = spec.name
        existing = next((s for s in styles if s.name == spec.name), None)
        if existing is not None and keep_existing:
            continue  # the reference document's style wins
        style = existing or styles.add_style(spec.name, WD_STYLE_TYPE.PARAGRAPH)
        if spec.name != "Normal":
            style.base_style = styles["Normal"]
            style.quick_style = True
        font = style.font
        font.size = Pt(spec.size)
        if spec.size == 16:
            _character_spacing(style.element, -5)  # −0.25 pt: 28 characters in 156 mm
        font.bold = spec.bold
        font.color.rgb = spec.color or RGBColor(0, 0, 0)
        set_fonts(style.element, spec.font)
        fmt = style.paragraph_format
        fmt.alignment = spec.align
        fmt.space_after = Pt(0)
        fmt.space_before = LINE * spec.space_before_lines if spec.space_before_lines else Pt(0)
        fmt.keep_with_next = spec.keep_with_next
        fmt.widow_control = False  # fill the grid: a line may stand alone at a page edge
        if spec.exact_line:
            fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            fmt.line_spacing = LINE
        else:
            fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
        ppr = style.element.get_or_add_pPr()
        _first_line_chars(ppr, spec.indent_chars, spec.size, spec.left_chars)
        for tag in ("w:autoSpaceDE", "w:autoSpaceDN"):
            # no extra space between Chinese and Latin letters or digits: keep the grid
            if ppr.find(qn(tag)) is None:
                off = OxmlElement(tag)
                off.set(qn("w:val"), "0")
                insert_in_order(ppr, off)
        if spec.outline is not None:  # (the articles' titles, their headings under them)
            level = ppr.find(qn("w:outlineLvl"))
            if level is None:
                level = OxmlElement("w:outlineLvl")
                insert_in_order(ppr, level)
            level.set(qn("w:val"), str(spec.outline))
        if spec.size != 16:
            # only 16 pt text sits on the 28-character grid; larger or smaller type would
            # snap to whole grid cells and spread out
            snap = ppr.find(qn("w:snapToGrid"))
            if snap is None:
                snap = OxmlElement("w:snapToGrid")
                insert_in_order(ppr, snap)
            snap.set(qn("w:val"), "0")
    return names


def style_ids(document: DocumentObject, names: dict[str, str]) -> dict[str, str | None]:
    """role -> the style id a paragraph names (None for the default paragraph style).

    python-docx looks a style up by name with a pass over every style each time a
    paragraph is given one; the bulletin looks each up once per document template.
    """
    part: Any = document.part
    return {role: part.get_style_id(name, WD_STYLE_TYPE.PARAGRAPH) for role, name in names.items()}


def _character_spacing(style: Any, twentieths: int) -> None:
    rpr = style.get_or_add_rPr()
    spacing = rpr.find(qn("w:spacing"))
    if spacing is None:
        spacing = OxmlElement("w:spacing")
        rpr.append(spacing)
    spacing.set(qn("w:val"), str(twentieths))


def _first_line_chars(ppr: Any, chars: int, size: float, left_chars: int = 0) -> None:
    """Indents in characters (w:firstLineChars, w:leftChars), with the twips Word falls back to."""
    ind = ppr.find(qn("w:ind"))
    if ind is None:
        ind = OxmlElement("w:ind")
        insert_in_order(ppr, ind)
    if left_chars:
        ind.set(qn("w:leftChars"), str(left_chars * 100))
        ind.set(qn("w:left"), str(int(left_chars * size * 20)))
    ind.set(qn("w:firstLineChars"), str(chars * 100))
    ind.set(qn("w:firstLine"), str(int(chars * size * 20)))
