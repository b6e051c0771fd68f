"""The Word bulletin: python-docx walking the same parsed Markdown tokens as the HTML.

Laid out like the PDF (GB/T 9704 page, 22 × 28 grid, 报头, 本期目录, articles, 报尾), with
named paragraph styles an office can restyle, the office fonts named with the East-Asian
attribute set on every style and run, and zh-CN as the East-Asian language. Byte-identical
output for the same input: dates come from the issue, zip members carry a fixed time.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from markdown_it.token import Token

from ybbulletin.model import Publication
from ybbulletin.render.html import content_path
from ybbulletin.site import ArticleView, IssueView

__all__ = ["STYLES", "docx_name", "render_docx"]

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
    ),
    "subtitle": StyleSpec(
        "副标题", KAITI, 16, align=WD_ALIGN_PARAGRAPH.CENTER, keep_with_next=True
    ),
    "source": StyleSpec("来源", KAITI, 16, align=WD_ALIGN_PARAGRAPH.CENTER, keep_with_next=True),
    "note": StyleSpec("按语", KAITI, 16, indent_chars=2),
    "level1": StyleSpec("一级标题", HEITI, 16, indent_chars=2, keep_with_next=True),
    "level2": StyleSpec("二级标题", KAITI, 16, indent_chars=2, keep_with_next=True),
    "level3": StyleSpec("三级标题", FANGSONG, 16, bold=True, indent_chars=2, keep_with_next=True),
    "level4": StyleSpec("四级标题", FANGSONG, 16, indent_chars=2, keep_with_next=True),
    "table": StyleSpec("表格文字", FANGSONG, 14, align=WD_ALIGN_PARAGRAPH.CENTER, exact_line=False),
    "figure": StyleSpec("图片", FANGSONG, 16, align=WD_ALIGN_PARAGRAPH.CENTER, exact_line=False),
    "colophon": StyleSpec("报尾", FANGSONG, 14, align=WD_ALIGN_PARAGRAPH.LEFT),
    "folio": StyleSpec("页码", SONGTI, 14, align=WD_ALIGN_PARAGRAPH.RIGHT, exact_line=False),
}
HEADING_ROLES = {1: "level1", 2: "level2", 3: "level3", 4: "level4", 5: "level4", 6: "level4"}


def docx_name(publication: Publication, issue: IssueView) -> str:
    """nxyb-2025-12.docx"""
    return f"{publication.short_name}-{issue.dir.replace('/', '-')}.docx"


def render_docx(
    publication: Publication,
    issue: IssueView,
    images: Mapping[str, bytes],
    title_lines: Callable[[str], list[str]],
    reference: Path | None = None,
) -> bytes:
    """One issue as .docx bytes.

    ``images`` maps content paths (issues/2025/images/x.png) to their bytes.
    """
    document = Document(str(reference) if reference else None)
    _clear_body(document)
    styles = _setup_styles(document, keep_existing=reference is not None)
    _setup_page(document)
    writer = _Writer(document, styles, images, issue)
    writer.masthead(publication)
    if len(issue.articles) > 1:
        writer.contents()
    previous_section = None
    for article in issue.articles:
        if article.section_label != previous_section:
            writer.paragraph("section", f"【{article.section_label}】")
            previous_section = article.section_label
        writer.article(article, title_lines)
    archive_issue = issue.archive_issue.issue
    writer.colophon(
        (archive_issue.distribution or publication.distribution).lines(),
        archive_issue.staff,
        archive_issue.print_run or publication.print_run,
    )
    _set_properties(document, publication, issue)
    raw = io.BytesIO()
    document.save(raw)
    return _fixed_zip(raw.getvalue(), issue.date)


# --- styles and page ---------------------------------------------------------


def _fonts(element: Any, font: str) -> None:
    """Name ``font`` for every script on an rPr-holding element (style or run)."""
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in list(fonts.attrib):
        if attribute.endswith("Theme") or attribute.endswith("theme"):
            del fonts.attrib[attribute]  # theme fonts would win over the named ones
    for script in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(script), font)


def _setup_styles(document: DocumentObject, *, keep_existing: bool) -> dict[str, str]:
    styles = document.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr_default = defaults.find(qn("w:rPrDefault"))
        rpr = rpr_default.find(qn("w:rPr")) if rpr_default is not None else None
        if rpr is not None:
            holder = type("Holder", (), {"get_or_add_rPr": lambda self: rpr})()
            _fonts(holder, FANGSONG)
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
        _fonts(style.element, spec.font)
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
                _insert_in_order(ppr, off)
        if spec.size != 16:
            # only 16 pt text sits on the 28-character grid; larger or smaller type would
            # snap to whole grid cells and spread out
            snap = ppr.find(qn("w:snapToGrid"))
            if snap is None:
                snap = OxmlElement("w:snapToGrid")
                _insert_in_order(ppr, snap)
            snap.set(qn("w:val"), "0")
    return names


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


def _insert_in_order(ppr: Any, element: Any) -> None:
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
        _insert_in_order(ppr, ind)
    if left_chars:
        ind.set(qn("w:leftChars"), str(left_chars * 100))
        ind.set(qn("w:left"), str(int(left_chars * size * 20)))
    ind.set(qn("w:firstLineChars"), str(chars * 100))
    ind.set(qn("w:firstLine"), str(int(chars * size * 20)))


def _setup_page(document: DocumentObject) -> None:
    section = document.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)  # inside / outside, mirrored
    section.gutter = Mm(0)
    section.header_distance = Mm(15)
    section.footer_distance = Mm(21)
    sect = section._sectPr
    grid = sect.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect.append(grid)
    grid.attrib.clear()
    # 22 lines of 28.95 pt in 225 mm. The 28 characters come from −0.25 pt character
    # spacing in the body style rather than from a linesAndChars grid: LibreOffice reads
    # the grid's negative charSpace (−849, what 28 characters need) as a huge positive one
    # and spreads every line to ~16 characters, while Word, WPS and LibreOffice all honour
    # the character spacing. charSpace stays for Word, should an editor switch the grid on.
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), "579")
    grid.set(qn("w:charSpace"), "-849")
    settings = document.settings
    settings.odd_and_even_pages_header_footer = True
    _setting(settings.element, "w:mirrorMargins")
    theme_lang = _setting(settings.element, "w:themeFontLang")
    theme_lang.set(qn("w:val"), "en-US")
    theme_lang.set(qn("w:eastAsia"), "zh-CN")
    folio = document.styles[STYLES["folio"].name]
    _footer(section.footer.paragraphs[0], folio, odd=True)
    _footer(section.even_page_footer.paragraphs[0], folio, odd=False)


# Elements that come before w:mirrorMargins in CT_Settings, and the one w:themeFontLang precedes.
_BEFORE_MIRROR = ["w:writeProtection", "w:view", "w:zoom", "w:removePersonalInformation"]


def _setting(settings: Any, tag: str) -> Any:
    """Find or create a settings element at its place in the schema's order."""
    element = settings.find(qn(tag))
    if element is not None:
        return element
    element = OxmlElement(tag)
    if tag == "w:mirrorMargins":
        anchors = [settings.find(qn(name)) for name in _BEFORE_MIRROR]
        found = [a for a in anchors if a is not None]
        if found:
            found[-1].addnext(element)
        else:
            settings.insert(0, element)
    else:
        following = settings.find(qn("w:clrSchemeMapping"))
        if following is not None:
            following.addprevious(element)
        else:
            settings.append(element)
    return element


def _footer(paragraph: Paragraph, style: Any, *, odd: bool) -> None:
    """ "— N —" with a PAGE field; odd pages on the right, even on the left, one character in."""
    paragraph.style = style
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
    ind = OxmlElement("w:ind")
    ind.set(qn("w:rightChars" if odd else "w:leftChars"), "100")
    ind.set(qn("w:right" if odd else "w:left"), "280")
    _insert_in_order(paragraph._p.get_or_add_pPr(), ind)
    _run(paragraph, "— ", SONGTI)
    for kind, text in (
        ("begin", None),
        (None, " PAGE "),
        ("separate", None),
        (None, "1"),
        ("end", None),
    ):
        run = _run(paragraph, "", SONGTI)
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            run.text = text or ""
    _run(paragraph, " —", SONGTI)


def _run(
    paragraph: Paragraph,
    text: str,
    font: str,
    *,
    bold: bool | None = None,
    italic: bool | None = None,
) -> Run:
    run = paragraph.add_run(text)
    _fonts(run._r, font)
    if bold is not None:
        run.bold = bold
    if italic is not None:
        run.italic = italic
    return run


def _set_properties(document: DocumentObject, publication: Publication, issue: IssueView) -> None:
    moment = datetime.datetime(issue.date.year, issue.date.month, issue.date.day)
    props = document.core_properties
    props.title = f"{publication.name} {issue.label}"
    props.subject = issue.theme or ""
    props.author = publication.publisher
    props.last_modified_by = publication.publisher
    props.created = moment
    props.modified = moment
    props.revision = 1
    props.language = "zh-CN"
    props.comments = ""
    props.keywords = ""
    props.category = ""


def _fixed_zip(data: bytes, date: datetime.date) -> bytes:
    """Rewrite the package with every member dated ``date`` (zip times carry the save time)."""
    stamp = (max(date.year, 1980), date.month, date.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=stamp)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            target.writestr(member, source.read(info.filename))
    return out.getvalue()


def _clear_body(document: DocumentObject) -> None:
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


# --- content -------------------------------------------------------------------


class _Writer:
    """Appends the bulletin's parts to a document, walking Markdown tokens for bodies."""

    def __init__(
        self,
        document: DocumentObject,
        styles: dict[str, str],
        images: Mapping[str, bytes],
        issue: IssueView,
    ) -> None:
        self.document = document
        self.styles = styles
        self.images = images
        self.issue = issue

    def paragraph(self, role: str, text: str = "", *, container: Any = None) -> Paragraph:
        target = container if container is not None else self.document
        paragraph: Paragraph = target.add_paragraph(style=self.styles[role])
        if text:
            _run(paragraph, text, STYLES[role].font)
        return paragraph

    def masthead(self, publication: Publication) -> None:
        self.paragraph("masthead", publication.name)
        self.paragraph("number", self.issue.number_line)
        line = self.paragraph("imprint")
        line.paragraph_format.tab_stops.add_tab_stop(FRAME_WIDTH - Mm(6), WD_TAB_ALIGNMENT.RIGHT)
        line.paragraph_format.left_indent = Mm(6)
        _run(line, f"{publication.publisher}\t{self.issue.date_text}", FANGSONG)
        _border(line, "bottom", size=18, color="E60000", space=4)
        if self.issue.theme:
            self.paragraph("theme", f"本期专题：{self.issue.theme}")

    def contents(self) -> None:
        self.paragraph("toc_title", "本期目录")
        for label, articles in self.issue.groups():
            self.paragraph("toc_section", label)
            for article in articles:
                self.paragraph("toc_entry", article.title)

    def article(self, article: ArticleView, title_lines: Callable[[str], list[str]]) -> None:
        title = self.paragraph("title")
        for i, line in enumerate(title_lines(article.title)):
            run = _run(title, line, XIAOBIAOSONG)
            if i:
                run._r.addprevious(_break())
        if article.entry.subtitle:
            self.paragraph("subtitle", article.entry.subtitle)
        if article.bylines:
            self.paragraph(
                "source", "　".join(f"{role} {names}" for role, names in article.bylines)
            )
        elif article.source:
            self.paragraph("source", f"（{article.source}）")
        if "note" in article.texts:
            self.blocks(article.texts["note"], base="note", lead="按：")
        if article.kind == "case_notice":
            self.blocks(article.texts.get("intro", []))
            for case in article.cases:
                self.paragraph("level1", case.heading)
                self.blocks(case.body)
            self.blocks(article.texts.get("closing", []))
        else:
            self.blocks(article.texts.get("body", []))

    def colophon(
        self, lines: list[tuple[str, list[str]]], staff: Mapping[str, str], print_run: int | None
    ) -> None:
        """报尾: rules between the 报/送/发 lines, the staff line and （共印N份）."""
        rows: list[tuple[str, str]] = [
            (f"{label}：{'，'.join(names)}", "") for label, names in lines
        ]
        last_left = "　".join(f"{role}：{name}" for role, name in staff.items())
        last_right = f"（共印{print_run}份）" if print_run else ""
        if last_left or last_right:
            rows.append((last_left, last_right))
        if not rows:
            return
        self.paragraph("body")  # a blank line before the rules
        for index, (left, right) in enumerate(rows):
            paragraph = self.paragraph("colophon")
            paragraph.paragraph_format.left_indent = Pt(14)
            paragraph.paragraph_format.right_indent = Pt(14)
            paragraph.paragraph_format.tab_stops.add_tab_stop(
                FRAME_WIDTH - Pt(28), WD_TAB_ALIGNMENT.RIGHT
            )
            _run(paragraph, left + (f"\t{right}" if right else ""), FANGSONG)
            if index == 0:
                _border(paragraph, "top", size=8)  # 0.35 mm: the thick first rule
            _border(paragraph, "bottom", size=8 if index == len(rows) - 1 else 6)

    # Markdown blocks --------------------------------------------------------------

    def blocks(
        self, tokens: Sequence[Token], *, base: str = "body", lead: str = "", container: Any = None
    ) -> None:
        """Walk block tokens, adding paragraphs, headings, lists, quotes and tables."""
        i = 0
        list_stack: list[list[int]] = []  # ordered-list counters (0 for bullets)
        while i < len(tokens):
            token = tokens[i]
            kind = token.type
            if kind == "heading_open":
                role = HEADING_ROLES[int(token.tag[1])]
                self.inline(self.paragraph(role, container=container), tokens[i + 1], role)
                i += 3
                continue
            if kind == "paragraph_open":
                inline = tokens[i + 1]
                children = inline.children or []
                only_image = bool(children) and all(
                    c.type in ("image", "softbreak") or (c.type == "text" and not c.content.strip())
                    for c in children
                )
                role = "figure" if only_image else base
                paragraph = self.paragraph(role, container=container)
                if list_stack:
                    counters = list_stack[-1]
                    counters[0] += 1 if counters[1] else 0
                    marker = f"{counters[0]}." if counters[1] else "·"
                    _run(paragraph, marker + " ", STYLES[role].font)
                    paragraph.paragraph_format.left_indent = Pt(32 * len(list_stack))
                if lead:
                    _run(paragraph, lead, HEITI)
                    lead = ""
                self.inline(paragraph, inline, role)
                i += 3
                continue
            if kind in ("bullet_list_open", "ordered_list_open"):
                start = int(token.attrGet("start") or 1) if kind == "ordered_list_open" else 0
                list_stack.append([start - 1, 1 if kind == "ordered_list_open" else 0])
            elif kind in ("bullet_list_close", "ordered_list_close"):
                list_stack.pop()
            elif kind == "table_open":
                end = next(j for j in range(i, len(tokens)) if tokens[j].type == "table_close")
                self.table(tokens[i : end + 1], container=container)
                i = end + 1
                continue
            elif kind in ("fence", "code_block"):
                for line in token.content.rstrip("\n").split("\n"):
                    paragraph = self.paragraph(base, container=container)
                    _run(paragraph, line, FANGSONG)
            elif kind == "hr":
                _border(self.paragraph(base, container=container), "bottom", size=4)
            i += 1

    def inline(self, paragraph: Paragraph, inline: Token, role: str) -> None:
        font = STYLES[role].font
        bold = italic = False
        for child in inline.children or []:
            kind = child.type
            if kind == "text" and child.content:
                _run(paragraph, child.content, font, bold=bold or None, italic=italic or None)
            elif kind == "code_inline":
                _run(paragraph, child.content, font)
            elif kind == "softbreak":
                _run(paragraph, " ", font)
            elif kind == "hardbreak":
                paragraph.add_run().add_break()
            elif kind == "strong_open":
                bold = True
            elif kind == "strong_close":
                bold = False
            elif kind == "em_open":
                italic = True
            elif kind == "em_close":
                italic = False
            elif kind == "image":
                self.image(paragraph, child)

    def image(self, paragraph: Paragraph, token: Token) -> None:
        from urllib.parse import unquote

        path = unquote(content_path(self.issue.content_dir, str(token.attrGet("src") or "")))
        data = self.images.get(path)
        if data is None:  # validation checked every image; nothing to place otherwise
            return
        run = paragraph.add_run()
        shape = run.add_picture(io.BytesIO(data))
        if shape.width > FRAME_WIDTH:
            ratio = FRAME_WIDTH / shape.width
            shape.width, shape.height = Emu(int(FRAME_WIDTH)), Emu(int(shape.height * ratio))
        max_height = Mm(200)
        if shape.height > max_height:
            ratio = max_height / shape.height
            shape.width, shape.height = Emu(int(shape.width * ratio)), Emu(int(max_height))

    def table(self, tokens: Sequence[Token], container: Any = None) -> None:
        rows: list[list[Token]] = []
        header_rows = 0
        in_head = False
        for token in tokens:
            if token.type == "thead_open":
                in_head = True
            elif token.type == "thead_close":
                in_head = False
            elif token.type == "tr_open":
                rows.append([])
                header_rows += 1 if in_head else 0
            elif token.type == "inline":
                rows[-1].append(token)
        if not rows:
            return
        columns = max(len(row) for row in rows)
        target = container if container is not None else self.document
        table: Table = target.add_table(rows=len(rows), cols=columns)
        _table_borders(table)
        for r, row in enumerate(rows):
            if r < header_rows:
                tr_pr = table.rows[r]._tr.get_or_add_trPr()
                header = OxmlElement("w:tblHeader")
                tr_pr.append(header)
            for c, inline in enumerate(row):
                cell: _Cell = table.cell(r, c)
                paragraph = cell.paragraphs[0]
                paragraph.style = self.document.styles[self.styles["table"]]
                self.inline(paragraph, inline, "table")
                if r < header_rows:
                    for run in paragraph.runs:
                        run.bold = True


def _break() -> Any:
    element = OxmlElement("w:r")
    element.append(OxmlElement("w:br"))
    return element


def _border(
    paragraph: Paragraph, side: str, *, size: int, color: str = "000000", space: int = 1
) -> None:
    """A paragraph border line (size in eighths of a point)."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        _insert_in_order(ppr, borders)
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


def _table_borders(table: Table) -> None:
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
