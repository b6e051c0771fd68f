"""Markdown tokens -> Word paragraphs, runs, tables and pictures in the bulletin's styles."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from docx.document import Document as DocumentObject
from docx.oxml import OxmlElement
from docx.shared import Emu, Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from markdown_it.token import Token

from ybbulletin.render.docx.ooxml import (
    add_run,
    add_table,
    border,
    hyperlink,
    link_style,
    new_paragraph,
    table_borders,
)
from ybbulletin.render.docx.styles import (
    FANGSONG,
    FRAME_WIDTH,
    HEADING_ROLES,
    HEITI,
    STYLES,
    style_ids,
)
from ybbulletin.render.walk import Place, Walk, image_path, official_level, walk

if TYPE_CHECKING:
    from ybbulletin.views import IssueView

__all__ = ["BlockEmitter"]


class BlockEmitter:
    """Appends paragraphs to a document; bodies through the shared token walk.

    The Word side of ``render/walk.py``: headings in the official levels' styles, lists
    with their markers, block quotes indented, tables with header rows, pictures scaled
    into the 版心, links as hyperlinks (absolute from ``base_url`` like print, or just
    their text when a relative link has no ``base_url`` to resolve against).
    """

    def __init__(
        self,
        document: DocumentObject,
        styles: dict[str, str],
        images: Mapping[str, bytes],
        issue: IssueView,
        link_base: str = "",
        ids: Mapping[str, str | None] | None = None,
    ) -> None:
        """``styles``: role -> style name; ``ids``: role -> style id, if looked up already."""
        self.document = document
        self.styles = styles
        self.style_ids = ids if ids is not None else style_ids(document, styles)
        self.images = images
        self.issue = issue
        self.link_base = link_base
        self._body = document.element.body

    def paragraph(self, role: str, text: str = "", *, container: Any = None) -> Paragraph:
        paragraph: Paragraph
        if container is None:
            p = new_paragraph(self._body, self.style_ids[role])
            paragraph = Paragraph(p, self.document._body)
        else:
            paragraph = container.add_paragraph()
            paragraph._p.style = self.style_ids[role]
        if text:
            add_run(paragraph, text, STYLES[role].font)
        return paragraph

    def blocks(
        self,
        tokens: Sequence[Token],
        *,
        base: str = "body",
        lead: str = "",
        page: str = "",
        container: Any = None,
    ) -> None:
        """Walk a body's tokens, adding paragraphs, headings, lists, quotes and tables."""
        place = Place(self.issue.content_dir, "", self.link_base, page)
        walk(tokens, _WordBody(self, base, lead, container), place)

    def image(self, paragraph: Paragraph, token: Token, place: Place) -> None:
        path = unquote(image_path(str(token.attrGet("src") or ""), place))
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


class _WordBody:
    """The emitter: the walk's tokens -> paragraphs of ``writer``'s document."""

    def __init__(self, writer: BlockEmitter, base: str, lead: str, container: Any) -> None:
        self.writer = writer
        self.base = base
        self.lead = lead
        self.container = container
        self.paragraph: Paragraph | None = None
        self.role = base
        self.bold = self.italic = False
        self.item_marked = True  # the marker of the current list item is written
        self.table: Table | None = None
        self.row = self.column = -1
        self.header_rows = 0
        self.hyperlink: Any = None  # the w:hyperlink runs go into

    def _new(self, role: str) -> Paragraph:
        self.role = role
        self.paragraph = self.writer.paragraph(role, container=self.container)
        return self.paragraph

    def block(self, token: Token, walk: Walk) -> None:
        kind = token.type
        if kind == "heading_open":
            self._new(HEADING_ROLES[official_level(token)])
        elif kind == "paragraph_open" and self.table is None:
            paragraph = self._new("figure" if walk.figure else self.base)
            if walk.lists and not self.item_marked:
                level = walk.lists[-1]
                marker = f"{level.counter}." if level.ordered else "·"
                add_run(paragraph, marker + " ", STYLES[self.role].font)
                paragraph.paragraph_format.left_indent = Pt(32 * len(walk.lists))
                self.item_marked = True
            elif walk.quotes:
                paragraph.paragraph_format.left_indent = Pt(32 * walk.quotes)
            if self.lead:
                add_run(paragraph, self.lead, HEITI)
                self.lead = ""
        elif kind == "list_item_open":
            self.item_marked = False
        elif kind == "table_open":
            self._table(walk)
        elif kind == "table_close":
            self.table = None
        elif kind == "tr_open":
            self.row, self.column = self.row + 1, -1
            if self.row < self.header_rows and self.table is not None:
                tr = self.table._tbl.tr_lst[self.row]
                tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        elif kind in ("th_open", "td_open") and self.table is not None:
            self.column += 1
            # table.cell(row, column), without python-docx's pass over every cell
            tc = self.table._tbl.tr_lst[self.row].tc_lst[self.column]
            self.paragraph = Paragraph(tc.p_lst[0], _Cell(tc, self.table))
            self.paragraph._p.style = self.writer.style_ids["table"]
            self.role = "table"
        elif kind in ("th_close", "td_close") and self.paragraph is not None:
            if self.row < self.header_rows:
                for run in self.paragraph.runs:
                    run.bold = True
        elif kind in ("fence", "code_block"):
            for line in token.content.rstrip("\n").split("\n"):
                add_run(self._new(self.base), line, FANGSONG)
        elif kind == "hr":
            border(self._new(self.base), "bottom", size=4)

    def _table(self, walk: Walk) -> None:
        """A table of the shape the tokens up to table_close describe."""
        rows: list[int] = []
        self.header_rows = 0
        in_head = False
        for token in walk.tokens[walk.index :]:
            if token.type == "table_close":
                break
            if token.type in ("thead_open", "thead_close"):
                in_head = token.type == "thead_open"
            elif token.type == "tr_open":
                rows.append(0)
                self.header_rows += 1 if in_head else 0
            elif token.type == "inline":
                rows[-1] += 1
        shape = (len(rows), max(rows, default=1))
        if self.container is not None:
            self.table = self.container.add_table(*shape)
        else:
            self.table = add_table(self.writer.document, *shape)
        table_borders(self.table)
        self.row = -1

    def inline(self, token: Token, walk: Walk) -> None:
        paragraph = self.paragraph
        if paragraph is None:
            return
        font = STYLES[self.role].font
        kind = token.type
        if kind == "text" and token.content:
            run = add_run(
                paragraph, token.content, font, bold=self.bold or None, italic=self.italic or None
            )
            self._into_link(run)
        elif kind == "code_inline":
            self._into_link(add_run(paragraph, token.content, font))
        elif kind == "softbreak":
            add_run(paragraph, " ", font)
        elif kind == "hardbreak":
            paragraph.add_run().add_break()
        elif kind in ("strong_open", "strong_close"):
            self.bold = kind == "strong_open"
        elif kind in ("em_open", "em_close"):
            self.italic = kind == "em_open"
        elif kind == "image":
            self.writer.image(paragraph, token, walk.place)
        elif kind == "link_open":
            target = walk.link[-1]
            if target and not target.startswith("#"):  # no in-page anchors in the Word file
                self.hyperlink = hyperlink(paragraph, target)
        elif kind == "link_close":
            self.hyperlink = None

    def _into_link(self, run: Any) -> None:
        if self.hyperlink is not None:
            link_style(run)
            self.hyperlink.append(run._r)
