"""Read a .pdf through its text layer (pdfplumber): lines rebuilt into paragraphs.

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

from ybbulletin.characters import CJK
from ybbulletin.importer.draft import Line, Source
from ybbulletin.importer.scripts import rule
from ybbulletin.importer.text import ReadError, clean, garbled, has_words

__all__ = ["read_pdf"]

_PAGE_NUMBER = rule(r"^[—\-–－]?\s*\d{1,4}\s*[—\-–－]?$|^第\s*\d+\s*页|^\d+\s*/\s*\d+$")
_HANZI = rule(f"[{CJK}，。、；：？！“”（）《》]")
_CID = re.compile(r"\(cid:\d+\)")
_NO_MAP = "PDF 的字体没有文字对照表，读出的是字形编号或乱码，不是正常的文字"
_NO_TEXT = "PDF 没有可读出的文字（可能是扫描件或图片），需要先做文字识别（OCR）"


@dataclass(eq=False)
class _PdfLine:
    page: int
    y: float
    x: float
    size: float
    text: str
    table: list[list[str]] | None = None  # a ruled table pdfplumber found, in place of lines


#: Pages one import reads: an issue runs to a few dozen; a year's bound volume to a few hundred.
#: Reading costs ~75 ms a page (a 1.7 MB file of 3,000 pages took 3.7 minutes, then made a
#: draft of its first 100 entries): refused before any page is read.
MAX_PAGES = 200


def read_pdf(path: Path) -> Source:
    import pdfplumber

    try:
        with pdfplumber.open(str(path)) as pdf:
            pages = len(pdf.pages)
            if pages > MAX_PAGES:
                raise ReadError(
                    f"PDF 有 {pages} 页，超过一次导入的上限 {MAX_PAGES} 页，不像是一期简报",
                    "请把文件按期拆开（每期一个 PDF）后再分别导入",
                )
            lines: list[_PdfLine] = []
            for number, page in enumerate(pdf.pages):
                lines.extend(_page_lines(number, page))
            outline = _outline_titles(pdf)
    except ReadError:
        raise
    except Exception as exc:  # pdfminer raises many kinds on damaged or encrypted files
        if "password" in type(exc).__name__.lower() or "encrypt" in str(exc).lower():
            raise ReadError("PDF 文件有密码保护，无法读取", "请先去掉密码再导入") from exc
        raise ReadError(
            f"PDF 文件已损坏，无法读取（{type(exc).__name__}）", "请重新导出 PDF 后再导入"
        ) from exc
    cells = (cell for line in lines for row in line.table or [] for cell in row)
    words = sum(
        1 for text in (*(line.text for line in lines), *cells) for c in text if not c.isspace()
    )
    if words < 20:
        raise ReadError(_NO_TEXT, "请用文字识别软件识别后另存为 .docx 或 .txt，再导入")
    text = "".join(line.text for line in lines)
    if len("".join(_CID.findall(text))) > len(text) // 10 or garbled(text[:20000]):
        # a font without its table of characters (no ToUnicode): glyph numbers, or junk hanzi
        raise ReadError(_NO_MAP, "请导入原始的 Word/WPS 文件，或对 PDF 做文字识别（OCR）后再导入")
    kept = _drop_repeated(lines, pages)
    repeated = dict.fromkeys(line.text for line in lines if line not in kept)
    notes = [f"每页重复的页眉、页脚或标记已略去：{text}" for text in repeated]
    return Source(_as_bookmarked(_paragraphs(kept), outline), notes=notes)


def _outline_titles(pdf: Any) -> dict[str, str]:
    """The PDF's bookmarks (a Word or ybbulletin PDF has one per title), by their text
    without spaces: a title set over two lines is read back without the space it was cut at,
    the bookmark keeps it."""
    from pdfminer.utils import decode_text

    titles: dict[str, str] = {}
    try:
        for _level, title, *_rest in pdf.doc.get_outlines():
            if isinstance(title, bytes):
                title = decode_text(title)
            if isinstance(title, str) and title.strip():
                text = clean(title)
                titles.setdefault(_unspaced(text), text)
    except Exception:  # no outline (PDFNoOutlines), or a damaged one: the lines stand
        return {}
    return titles


def _as_bookmarked(paragraphs: list[Line], outline: dict[str, str]) -> list[Line]:
    """Each title line as its bookmark writes it, where the two differ only in spaces."""
    for line in paragraphs:
        if line.display and line.table is None:
            marked = outline.get(_unspaced(line.text))
            if marked is not None:
                line.text = marked
    return paragraphs


def _unspaced(text: str) -> str:
    return "".join(text.split())


def _spaced(chars: list[dict[str, Any]]) -> str:
    """A line's characters, a space only where the gap is as wide as a space: between hanzi
    0.2 em (a masthead's letter-spacing, a justified line's gaps are less); between a hanzi
    and a figure 0.33 em (Word and LibreOffice leave 0.2 em there by themselves)."""
    parts: list[str] = []
    for index, char in enumerate(chars):
        text = str(char["text"])
        parts.append(text)
        if index + 1 < len(chars) and not text.isspace():
            following = str(chars[index + 1]["text"])
            gap = (float(chars[index + 1]["x0"]) - float(char["x1"])) / float(char["size"] or 1)
            both = _HANZI.match(text) is not None and _HANZI.match(following) is not None
            if gap > (0.2 if both else 0.33):
                parts.append(" ")
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def _page_lines(number: int, page: Any) -> list[_PdfLine]:
    """The page's lines as pdfplumber groups its characters, top to bottom; a ruled table
    as one entry holding its rows (its cells' lines interleave otherwise)."""
    found: list[_PdfLine] = []
    boxes = []
    for table in page.find_tables():
        rows = [[clean((cell or "").replace("\n", "")) for cell in row] for row in table.extract()]
        rows = [row for row in rows if any(row)]
        if all(sum(1 for cell in row if cell) <= 1 for row in rows):
            continue  # one column between rules (the 报尾): text, read as lines
        if rows:
            boxes.append(table.bbox)
            top = float(page.height) - float(table.bbox[1])
            found.append(_PdfLine(number, top, float(table.bbox[0]), 0.0, "", table=rows))

    def outside(obj: dict[str, Any]) -> bool:
        x, y = (
            (float(obj["x0"]) + float(obj["x1"])) / 2,
            (float(obj["top"]) + float(obj["bottom"])) / 2,
        )
        return not any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)

    text_page = page.filter(outside) if boxes else page
    for line in text_page.extract_text_lines(return_chars=True):
        text = _spaced(line["chars"])
        if not text or _PAGE_NUMBER.match(text):
            continue
        sizes = sorted(float(char["size"]) for char in line["chars"])
        size = sizes[len(sizes) // 2] if sizes else 0.0
        found.append(
            _PdfLine(number, float(page.height) - float(line["top"]), float(line["x0"]), size, text)
        )
    return sorted(found, key=lambda line: -line.y)


def _table_rows(lines: list[_PdfLine]) -> dict[int, list[str]]:
    """Lines of a table: cells apart, most of them figures; the line of words above the first
    figures row with as many cells is its header."""
    rows: dict[int, list[str]] = {}
    for index, line in enumerate(lines):
        cells = line.text.split()
        figures = sum(1 for cell in cells if rule(r"[-+]?[\d.,%]+[%‰]?|\d{4}年\S*").fullmatch(cell))
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

    texts = [line for line in lines if line.table is None]
    counts = Counter(k for _page, k in {(line.page, key(line)) for line in texts})
    repeated = {k for k, n in counts.items() if n >= max(3, pages * 0.6) and 0 < len(k) <= 40}
    return [line for line in lines if line.table is not None or key(line) not in repeated]


def _paragraphs(lines: list[_PdfLine]) -> list[Line]:
    if not lines:
        return []
    sized = [round(line.size) for line in lines if line.table is None] or [0]
    body_size = Counter(sized).most_common(1)[0][0]
    body = [line for line in lines if round(line.size) == body_size]
    margin = Counter(round(line.x) for line in body).most_common(1)[0][0]
    full = Counter(len(line.text) for line in body if round(line.x) == margin).most_common(1)[0][0]
    result: list[Line] = []
    previous: _PdfLine | None = None
    rows = _table_rows(lines)
    for index, line in enumerate(lines):
        if line.table is not None:
            result.append(Line("", table=line.table))
            previous = None
            continue
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
