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

from ybbulletin.render.docx.ooxml import add_run, border, table_borders
from ybbulletin.render.docx.styles import FANGSONG, FRAME_WIDTH, HEADING_ROLES, HEITI, STYLES
from ybbulletin.render.html import content_path

if TYPE_CHECKING:
    from ybbulletin.views import IssueView

__all__ = ["BlockEmitter"]


class BlockEmitter:
    """Appends paragraphs to a document, walking Markdown tokens for bodies."""

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
            add_run(paragraph, text, STYLES[role].font)
        return paragraph

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
                    add_run(paragraph, marker + " ", STYLES[role].font)
                    paragraph.paragraph_format.left_indent = Pt(32 * len(list_stack))
                if lead:
                    add_run(paragraph, lead, HEITI)
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
                    add_run(paragraph, line, FANGSONG)
            elif kind == "hr":
                border(self.paragraph(base, container=container), "bottom", size=4)
            i += 1

    def inline(self, paragraph: Paragraph, inline: Token, role: str) -> None:
        font = STYLES[role].font
        bold = italic = False
        for child in inline.children or []:
            kind = child.type
            if kind == "text" and child.content:
                add_run(paragraph, child.content, font, bold=bold or None, italic=italic or None)
            elif kind == "code_inline":
                add_run(paragraph, child.content, font)
            elif kind == "softbreak":
                add_run(paragraph, " ", font)
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
        table_borders(table)
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
