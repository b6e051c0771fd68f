"""The parts of the Word bulletin in print order: 报头, 本期目录, articles, 报尾."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Mm
from lxml.etree import SubElement

from ybbulletin.model import Publication, kind_of
from ybbulletin.render.docx.colophon import colophon_table
from ybbulletin.render.docx.emitter import BlockEmitter
from ybbulletin.render.docx.ooxml import add_run, border, line_break
from ybbulletin.render.docx.styles import FANGSONG, FRAME_WIDTH, XIAOBIAOSONG

if TYPE_CHECKING:
    from ybbulletin.views import ArticleView

__all__ = ["Layout"]

_KEEP_NEXT, _KEEP_LINES = qn("w:keepNext"), qn("w:keepLines")


class Layout(BlockEmitter):
    """Appends the bulletin's parts to a document (bodies through :class:`BlockEmitter`)."""

    def masthead(self, publication: Publication) -> None:
        self.paragraph("masthead", publication.name)
        self.paragraph("number", self.issue.number_line)
        line = self.paragraph("imprint")
        line.paragraph_format.tab_stops.add_tab_stop(FRAME_WIDTH - Mm(6), WD_TAB_ALIGNMENT.RIGHT)
        line.paragraph_format.left_indent = Mm(6)
        add_run(line, f"{publication.publisher}\t{self.issue.date_text}", FANGSONG)
        border(line, "bottom", size=18, color="E60000", space=4)
        if self.issue.theme:
            self.paragraph("theme", f"本期专题：{self.issue.theme}")

    def contents(self) -> None:
        self.paragraph("toc_title", "本期目录")
        for label, articles in self.issue.groups():
            self.paragraph("toc_section", label)
            for index, article in enumerate(articles, start=1):
                entry = self.paragraph("toc_entry", article.title)
                # a 栏目's entries stay on the page of its heading, as in the PDF: what
                # paragraph_format.keep_with_next / keep_together = True write, after w:pStyle
                ppr = entry._p.pPr
                if index < len(articles):
                    SubElement(ppr, _KEEP_NEXT)
                SubElement(ppr, _KEEP_LINES)

    def article(self, article: ArticleView, title_lines: Callable[[str], list[str]]) -> None:
        title = self.paragraph("title")
        for i, line in enumerate(title_lines(article.title)):
            run = add_run(title, line, XIAOBIAOSONG)
            if i:
                run._r.addprevious(line_break())
        if article.entry.subtitle:
            self.paragraph("subtitle", article.entry.subtitle)
        if article.bylines:
            self.paragraph(
                "source", "　".join(f"{role} {names}" for role, names in article.bylines)
            )
        elif article.credit:
            self.paragraph("source", f"（{article.credit}）")
        for label, value in article.lines:  # 文号 …, as templates/kinds/<kind>.html
            self.paragraph("source", f"{label}：{value}")
        # the Markdown texts in the order the kind declares (as templates/kinds/<kind>.html)
        for name in kind_of(article.entry).markdown:
            if name == "cases.*.body":
                for case in article.cases:
                    self.paragraph("level1", case.heading)
                    self.blocks(case.body, page=article.path)
            elif name == "note":
                if "note" in article.texts:
                    self.blocks(article.texts["note"], base="note", lead="按：", page=article.path)
            else:
                self.blocks(article.texts.get(name, []), page=article.path)

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
        colophon_table(self.document, rows, self.style_ids["colophon"], FANGSONG)
