"""Read a .pdf through its text layer (pypdf): lines rebuilt into paragraphs.

Page numbers, running headers and marks repeated on most pages are dropped; a paragraph
cut by a page break is joined again. Lines are grouped by their position on the page; a
line that starts at the left margin and follows a full line continues a paragraph, an
indented or centred line, a change of type size or a short line before it starts a new one.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ybbulletin.importer.draft import Line, Source
from ybbulletin.importer.text import ReadError, clean, has_words

__all__ = ["read_pdf"]

_PAGE_NUMBER = re.compile(r"^[—\-–－]?\s*\d{1,4}\s*[—\-–－]?$|^第\s*\d+\s*页|^\d+\s*/\s*\d+$")
_NO_TEXT = "PDF 没有可读出的文字（可能是扫描件或图片），需要先做文字识别（OCR）"


@dataclass
class _PdfLine:
    page: int
    y: float
    x: float
    size: float
    text: str


def read_pdf(path: Path) -> Source:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ReadError("PDF 文件有密码保护，无法读取", "请先去掉密码再导入")
        lines: list[_PdfLine] = []
        for number, page in enumerate(reader.pages):
            lines.extend(_page_lines(number, page))
    except ReadError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise ReadError(
            f"PDF 文件已损坏，无法读取（{type(exc).__name__}）", "请重新导出 PDF 后再导入"
        ) from exc
    words = sum(1 for line in lines for c in line.text if not c.isspace())
    if words < 20:
        raise ReadError(_NO_TEXT, "请用文字识别软件识别后另存为 .docx 或 .txt，再导入")
    lines = _drop_repeated(lines, len(reader.pages))
    return Source(_paragraphs(lines))


def _page_lines(number: int, page: Any) -> list[_PdfLine]:
    """The page's text runs grouped into lines, top to bottom, left to right."""
    runs: list[tuple[float, float, float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], _font: Any, size: float) -> None:
        if not text.strip():
            return
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        scale = abs(cm[0] * tm[0]) or 1.0
        for part_number, part in enumerate(text.split("\n")):
            if part.strip():
                runs.append((y - part_number * size * scale, x, size * scale, part))

    page.extract_text(visitor_text=visit)
    runs.sort(key=lambda run: (-round(run[0]), run[1]))
    grouped: list[_PdfLine] = []
    for y, x, size, text in runs:
        last = grouped[-1] if grouped else None
        if last is not None and abs(last.y - y) <= max(2.0, size * 0.3):
            last.text += text
            last.x = min(last.x, x)
            last.size = max(last.size, size)
        else:
            grouped.append(_PdfLine(number, y, x, size, text))
    for line in grouped:
        line.text = line.text.strip()
    return [line for line in grouped if line.text and not _PAGE_NUMBER.match(line.text)]


def _table_rows(lines: list[_PdfLine]) -> dict[int, list[str]]:
    """Lines of a table: cells apart, most of them figures; the line of words above the first
    figures row with as many cells is its header."""
    rows: dict[int, list[str]] = {}
    for index, line in enumerate(lines):
        cells = line.text.split()
        figures = sum(1 for cell in cells if re.fullmatch(r"[-+]?[\d.,%]+[%‰]?|\d{4}年\S*", cell))
        if len(cells) >= 2 and figures >= 2 and figures * 2 >= len(cells) + 1:
            rows[index] = [clean(cell) for cell in cells]
    for index in sorted(rows):
        wrapped = index - 1  # a first cell wrapped in its column: 2020年3季 / 度 87.35% …
        text = lines[wrapped].text.strip()
        if index - 2 in rows and wrapped not in rows and len(text) <= 10 and " " not in text:
            rows[index][0] = clean(text) + rows[index][0]
            rows[wrapped] = []
    for index in sorted(rows):
        above = index - 1
        if above >= 0 and above not in rows and index + 1 in rows:
            cells = lines[above].text.split()
            if len(cells) == len(rows[index]) and not re.search("[。，；]", lines[above].text):
                rows[above] = [clean(cell) for cell in cells]
    return rows


def _drop_repeated(lines: list[_PdfLine], pages: int) -> list[_PdfLine]:
    """Running headers, footers and marks: the same text on most pages (digits ignored)."""
    if pages < 3:
        return lines

    def key(line: _PdfLine) -> str:
        return re.sub(r"\d+", "#", line.text.replace(" ", ""))

    seen = Counter(key for key in {(line.page, key(line)) for line in lines})
    counts = Counter(k for _page, k in seen)
    repeated = {k for k, n in counts.items() if n >= max(3, pages * 0.6) and len(k) <= 40}
    return [line for line in lines if key(line) not in repeated]


def _paragraphs(lines: list[_PdfLine]) -> list[Line]:
    if not lines:
        return []
    body_size = Counter(round(line.size) for line in lines).most_common(1)[0][0]
    body = [line for line in lines if round(line.size) == body_size]
    margin = Counter(round(line.x) for line in body).most_common(1)[0][0]
    full = Counter(len(line.text) for line in body if round(line.x) == margin).most_common(1)[0][0]
    result: list[Line] = []
    previous: _PdfLine | None = None
    rows = _table_rows(lines)
    for index, line in enumerate(lines):
        if index in rows:
            if not rows[index]:
                continue  # merged into the row below
            if result and result[-1].table is not None and index - 1 in rows:
                result[-1].table.append(rows[index])
            else:
                result.append(Line("", table=[rows[index]]))
            previous = line
            continue
        heading = round(line.size) > body_size
        if (
            heading
            and previous is not None
            and round(previous.size) == round(line.size)
            and previous.page == line.page
            and previous.y - line.y < line.size * 1.6
            and result
            and result[-1].table is None
        ):
            result[-1].text += clean(line.text)  # a title broken over two lines
            previous = line
            continue
        starts = (
            previous is None
            or round(line.size) != round(previous.size)
            or line.x > margin + line.size * 0.8
            or round(previous.size) != body_size
            or len(previous.text) < full * 0.85
            or (previous.page == line.page and previous.y - line.y > line.size * 2.2)
        )
        text = clean(line.text)
        if not has_words(text):
            previous = line
            continue
        if starts or not result or result[-1].table is not None:
            result.append(Line(text, after_blank=True, display=heading))
        else:
            result[-1].text += text
        previous = line
    return result
