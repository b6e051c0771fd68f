"""The Word floor: an issue's content written with python-docx's public API, nothing more.

What ybbulletin's Word file holds, in the same order: the 报头 lines, 本期目录, each
栏目 label, each article's title, subtitle and source lines, its bodies (headings,
paragraphs of runs with bold and italic, list markers, tables with header rows,
pictures scaled into the 版心), the 报尾 as a table, and a draft issue's header —
written the way python-docx's documentation writes them: ``Document()``,
``add_paragraph(style=name)`` / ``add_heading``-style names, ``add_run`` with
``bold``/``italic``, ``add_table`` + cell runs, ``add_picture``, ``doc.save``.

What the floor leaves out, having no public API for it (ybbulletin writes the OXML):
East-Asian fonts on styles and runs, the page and line grid, odd/even footers with
PAGE fields, hyperlinks, the floating 报尾, the font table and theme, fixed zip times.

:func:`issue_content` turns a view into plain lists (not timed; JSON-able, so the floor
can run in a fresh process), :func:`write_issue` is the floor itself.

:func:`issue_text` / :func:`write_text` are the earlier floor, kept as a lower bound: each
article's title and the Markdown source of each inline token as a plain paragraph — no
pictures, tables, runs, 报头, 目录 or 报尾, one named style.
"""

from __future__ import annotations

import io
from typing import Any

__all__ = ["issue_content", "issue_text", "write_issue", "write_text"]

Run = list[Any]  # [text, bold, italic, image path or None]


def issue_content(archive: Any, view: Any) -> dict[str, Any]:
    """The text of one issue view as the floor's blocks."""
    from ybbulletin.model import kind_of
    from ybbulletin.render.walk import Place, image_path

    publication = archive.publication
    place = Place(view.content_dir, "")
    blocks: list[Any] = [
        ["p", "Title", [[publication.name, False, False, None]]],
        ["p", None, [[view.number_line, False, False, None]]],
        ["p", None, [[f"{publication.publisher}\t{view.date_text}", False, False, None]]],
    ]

    def para(style: str | None, text: str) -> None:
        blocks.append(["p", style, [[text, False, False, None]]])

    if view.theme:
        para(None, f"本期专题：{view.theme}")
    if len(view.articles) > 1:
        para("Heading 1", "本期目录")
        for label, articles in view.groups():
            para("Heading 2", label)
            for article in articles:
                para(None, article.title)
    section = None
    for article in view.articles:
        if article.section_label != section:
            para("Heading 1", f"【{article.section_label}】")
            section = article.section_label
        para("Title", article.title)
        if article.entry.subtitle:
            para("Subtitle", article.entry.subtitle)
        if article.bylines:
            para(None, "　".join(f"{role} {names}" for role, names in article.bylines))
        elif article.credit:
            para(None, f"（{article.credit}）")
        for label, value in article.lines:
            para(None, f"{label}：{value}")
        for name in kind_of(article.entry).markdown:
            if name == "cases.*.body":
                for case in article.cases:
                    para("Heading 1", case.heading)
                    _body(case.body, place, blocks, image_path)
            elif name in article.texts:
                _body(article.texts[name], place, blocks, image_path)
    archive_issue = view.archive_issue.issue
    rows = [
        f"{label}：{'，'.join(names)}"
        for label, names in (archive_issue.distribution or publication.distribution).lines()
    ]
    rows.append("　".join(f"{role}：{name}" for role, name in view.staff.items()))
    blocks.append(["table", [[row] for row in rows], 0])
    return {"mark": view.mark or "", "blocks": blocks}


def _body(tokens: Any, place: Any, blocks: list[Any], image_path: Any) -> None:
    """Markdown tokens -> paragraphs of runs, headings, list items, tables."""
    bold = italic = False
    runs: list[Run] | None = None
    table: list[list[str]] | None = None
    header = 0
    lists: list[list[Any]] = []  # [ordered, counter]
    in_head = False
    for token in tokens:
        kind = token.type
        if kind == "heading_open":
            runs = []
            blocks.append(["p", f"Heading {min(int(token.tag[1]), 4)}", runs])
        elif kind == "paragraph_open" and table is None:
            runs = []
            blocks.append(["p", None, runs])
            if lists and lists[-1][1] is not None:
                ordered, counter = lists[-1][0], lists[-1][1]
                runs.append([f"{counter}. " if ordered else "· ", False, False, None])
                lists[-1][1] = None  # the item's marker is written
        elif kind in ("bullet_list_open", "ordered_list_open"):
            start = int(token.attrGet("start") or 1) if kind == "ordered_list_open" else 1
            lists.append([kind == "ordered_list_open", None, start - 1])
        elif kind == "list_item_open" and lists:
            lists[-1][2] += 1
            lists[-1][1] = lists[-1][2]
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "table_open":
            table, header = [], 0
            blocks.append(["table", table, 0])
        elif kind in ("thead_open", "thead_close"):
            in_head = kind == "thead_open"
        elif kind == "tr_open" and table is not None:
            table.append([])
            header += in_head
        elif kind == "table_close" and table is not None:
            blocks[-1][2] = header
            table = None
        elif kind in ("fence", "code_block"):
            for line in token.content.rstrip("\n").split("\n"):
                blocks.append(["p", None, [[line, False, False, None]]])
        elif kind == "hr":
            blocks.append(["p", None, []])
        elif kind == "inline":
            if table is not None:
                table[-1].append("".join(c.content for c in token.children or [] if c.content))
                continue
            for child in token.children or []:
                if child.type in ("strong_open", "strong_close"):
                    bold = child.type == "strong_open"
                elif child.type in ("em_open", "em_close"):
                    italic = child.type == "em_open"
                elif child.type in ("text", "code_inline") and child.content and runs is not None:
                    runs.append([child.content, bold, italic, None])
                elif child.type == "softbreak" and runs is not None:
                    runs.append([" ", False, False, None])
                elif child.type == "image" and runs is not None:
                    path = image_path(str(child.attrGet("src") or ""), place)
                    runs.append(["", False, False, path])


def write_issue(content: dict[str, Any], images: dict[str, bytes]) -> bytes:
    """The floor: ``content`` (from :func:`issue_content`) as .docx bytes, public API only."""
    from docx import Document
    from docx.shared import Emu, Mm

    frame, tallest = Mm(156), Mm(200)
    document = Document()
    if content["mark"]:
        document.sections[0].header.paragraphs[0].text = content["mark"]
    for block in content["blocks"]:
        if block[0] == "p":
            paragraph = document.add_paragraph(style=block[1])
            for text, bold, italic, image in block[2]:
                run = paragraph.add_run(text)
                if bold:
                    run.bold = True
                if italic:
                    run.italic = True
                if image is not None and image in images:
                    shape = run.add_picture(io.BytesIO(images[image]))
                    if shape.width > frame:
                        shape.width, shape.height = frame, Emu(shape.height * frame // shape.width)
                    if shape.height > tallest:
                        shape.width, shape.height = (
                            Emu(shape.width * tallest // shape.height),
                            tallest,
                        )
        else:
            rows, header = block[1], block[2]
            if not rows:
                continue
            table = document.add_table(rows=len(rows), cols=max(len(row) for row in rows))
            for index, (row, texts) in enumerate(zip(table.rows, rows, strict=True)):
                for cell, text in zip(row.cells, texts, strict=False):
                    run = cell.paragraphs[0].add_run(text)
                    if index < header:
                        run.bold = True
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def issue_text(view: Any) -> list[tuple[str, str]]:
    """The earlier floor's input: ("title", title) and ("p", inline Markdown source)."""
    texts = []
    for article in view.articles:
        texts.append(("title", article.title))
        for tokens in article.texts.values():
            texts.extend(("p", token.content) for token in tokens if token.type == "inline")
    return texts


def write_text(texts: list[tuple[str, str]]) -> bytes:
    """The earlier floor: a paragraph per text, titles in "Title"."""
    from docx import Document

    document = Document()
    for kind, text in texts:
        document.add_paragraph(text, style="Title" if kind == "title" else None)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
