"""Read: a .txt or .docx file -> cleaned paragraphs (Line), tables and images in order."""

from __future__ import annotations

import re
from pathlib import Path

from ybbulletin.importer.draft import Line
from ybbulletin.proofread import fix_text

__all__ = ["clean", "read_docx", "read_text"]


def read_text(raw: bytes) -> list[Line]:
    """A .txt file (UTF-8, or GB18030 as Chinese Windows saves it) as cleaned lines."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("gb18030", errors="replace")
    lines: list[Line] = []
    blank = False
    for original in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        cleaned = clean(original)
        if not cleaned:
            blank = True
            continue
        if cleaned.startswith("#"):  # Markdown headings in text copied from a CMS
            cleaned = cleaned.lstrip("#").strip()
        lines.append(Line(cleaned, after_blank=blank))
        blank = False
    return _tables(lines)


def read_docx(path: Path, images_dir: Path) -> list[Line]:
    """Paragraphs, tables and images of a Word file, in document order; images saved."""
    from docx import Document
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = Document(str(path))
    lines: list[Line] = []
    saved = 0
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            paragraph = Paragraph(child, document)
            for blip in child.iter(qn("a:blip")):
                part = document.part.related_parts.get(blip.get(qn("r:embed")))
                if part is not None:
                    saved += 1
                    suffix = Path(part.partname).suffix or ".png"
                    images_dir.mkdir(parents=True, exist_ok=True)
                    name = f"图{saved}{suffix}"
                    (images_dir / name).write_bytes(part.blob)
                    lines.append(Line("", image=f"images/{name}"))
            text = clean(_marked_text(paragraph).replace("\n", ""))
            if text:
                lines.append(Line(text, after_blank=True))
        elif child.tag == qn("w:tbl"):
            table = Table(child, document)
            rows = [[clean(cell.text) for cell in row.cells] for row in table.rows]
            lines.append(Line("", table=rows))
    return lines


def _marked_text(paragraph: object) -> str:
    """A paragraph's text with bold runs as **Markdown**, as the bulletin's lead sentences are."""
    parts: list[str] = []
    bold = False
    for run in paragraph.runs:  # type: ignore[attr-defined]
        text = run.text
        if not text:
            continue
        if bool(run.bold) != bold and text.strip():
            parts.append("**")
            bold = not bold
        parts.append(text)
    if bold:
        parts.append("**")
    joined = "".join(parts)
    whole = paragraph.text  # type: ignore[attr-defined]
    # a paragraph all in bold is a heading or a title: keep its text plain
    return whole if joined == f"**{whole}**" else joined


def clean(text: str) -> str:
    """Extraction artefacts: half-width punctuation, stray spaces, full-width spaces at ends."""
    text = text.replace("\u00a0", " ").strip()
    text = fix_text(text, title=True)  # spaces between hanzi go later, titles keep theirs
    return re.sub(r"\s{2,}", " ", text)


def _tables(lines: list[Line]) -> list[Line]:
    """Runs of lines with | separators (as text copies of tables look) become tables."""
    result: list[Line] = []
    for line in lines:
        if line.text.count("|") >= 2 and not line.text.startswith("!"):
            cells = [c.strip() for c in line.text.strip("|").split("|")]
            if result and result[-1].table is not None:
                result[-1].table.append(cells)
                continue
            result.append(Line("", table=[cells]))
        else:
            result.append(line)
    return result
