"""The Word page (GB/T 9704: A4, mirrored margins, line grid, footers), properties, package."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from docx.document import Document as DocumentObject
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

from ybbulletin.model import Publication
from ybbulletin.render.docx.ooxml import add_run, insert_in_order
from ybbulletin.render.docx.styles import HEITI, RED, SONGTI, STYLES

if TYPE_CHECKING:
    from ybbulletin.views import IssueView

__all__ = ["clear_body", "draft_header", "set_properties", "setup_page"]


def setup_page(document: DocumentObject) -> None:
    """A4 with the 版心 margins mirrored for binding, the 22-line grid, odd/even footers."""
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


def draft_header(document: DocumentObject, mark: str) -> None:
    """「草稿」 / 「送审稿」 centred in the header of every page (odd and even), in red."""
    section = document.sections[0]
    for header in (section.header, section.even_page_header):
        header.is_linked_to_previous = False
        paragraph = header.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = add_run(paragraph, mark, HEITI, bold=True)
        run.font.size = Pt(16)
        run.font.color.rgb = RED


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
    insert_in_order(paragraph._p.get_or_add_pPr(), ind)
    add_run(paragraph, "— ", SONGTI)
    for kind, text in (
        ("begin", None),
        (None, " PAGE "),
        ("separate", None),
        (None, "1"),
        ("end", None),
    ):
        run = add_run(paragraph, "", SONGTI)
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
    add_run(paragraph, " —", SONGTI)


def set_properties(document: DocumentObject, publication: Publication, issue: IssueView) -> None:
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


def clear_body(document: DocumentObject) -> None:
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
