"""Read: a file of any supported format -> cleaned paragraphs, tables and images, in order.

Nothing is written here: images stay in memory until the draft is placed. Every way a
file can be unreadable ends in a ``ReadError`` with the editor's message.
"""

from __future__ import annotations

import re
from pathlib import Path

from ybbulletin.importer.draft import Line, Source
from ybbulletin.importer.text import ReadError, cjk_share, text_lines

__all__ = ["MAX_PARAGRAPHS", "MAX_TEXT_BYTES", "SUFFIXES", "read_source", "read_text"]

MAX_TEXT_BYTES = 10 * 1024 * 1024  # ~3 million hanzi: a decade of bulletins in one file
#: the most paragraphs an import takes (a whole issue has hundreds): a text file is refused
#: where it passes them, before the rest is cleaned; other formats once read (place.py)
MAX_PARAGRAPHS = 20_000
MAX_FILE_BYTES = 100 * 1024 * 1024  # Word and PDF files (images included)
SUFFIXES = (".txt", ".docx", ".doc", ".wps", ".pdf", ".html", ".htm")


def read_source(path: Path) -> Source:
    """The paragraphs of ``path``; ``ReadError`` when it cannot be read."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ReadError(
            f"不支持导入 {suffix or '没有扩展名的'} 文件",
            "可以导入 .txt、.docx、.doc、.wps、.pdf、.html 文件",
        )
    size = path.stat().st_size
    if size == 0:
        raise ReadError("文件是空的", "请检查是否选错了文件")
    limit = MAX_TEXT_BYTES if suffix in (".txt", ".html", ".htm") else MAX_FILE_BYTES
    if size > limit:
        raise ReadError(
            f"文件太大（{size / 1024 / 1024:.1f} MB），超过 {limit // 1024 // 1024} MB 的上限",
            "请把文件按期拆开后分别导入",
        )
    actual = _actual(path, suffix)
    if actual is not None:  # a file whose name lies: 来稿.docx that is a PDF
        kind, name = actual
        source = _read(path, kind)
        source.notes.insert(
            0, f"文件扩展名是 {suffix}，内容实际是{name}，已按 {kind} 读取：请把扩展名改正"
        )
        return source
    return _read(path, suffix)


#: the first bytes of each binary format: (magic, the suffix it reads as, its name)
_MAGIC = (
    (b"%PDF-", ".pdf", " PDF 文件"),
    (b"\xd0\xcf\x11\xe0", ".doc", " Word 97–2003 或 WPS 文件"),
    (b"PK\x03\x04", ".docx", " Word（.docx）文件"),
)


def _actual(path: Path, suffix: str) -> tuple[str, str] | None:
    """(the suffix to read as, what it is) when the file's first bytes say another format
    than its name; None when they agree or say nothing (text and web pages)."""
    import codecs
    import zipfile

    with path.open("rb") as stream:
        head = stream.read(8)
    for magic, kind, name in _MAGIC:
        if not head.startswith(magic):
            continue
        if kind == ".docx":
            try:
                with zipfile.ZipFile(path) as archive:
                    if "word/document.xml" not in archive.namelist():
                        return None  # another zip: its reader says what is wrong
            except (zipfile.BadZipFile, OSError):
                return None
        same = suffix == kind or (kind == ".doc" and suffix == ".wps")
        return None if same else (kind, name)
    if suffix in (".pdf", ".docx", ".doc", ".wps") and b"\x00" not in head:
        raw = path.read_bytes()[:65536]
        try:  # a cut multibyte character at the end is no sign of binary data
            codecs.getincrementaldecoder("utf-8")().decode(raw, final=False)
        except UnicodeDecodeError:
            return None
        if b"<html" in raw[:4096].lower():
            return ".html", "网页"
        return ".txt", "文本"
    return None


def _read(path: Path, suffix: str) -> Source:
    if suffix == ".txt":
        return Source(read_text(path.read_bytes(), limit=MAX_PARAGRAPHS))
    if suffix == ".docx":
        from ybbulletin.importer.read_docx import read_docx

        return read_docx(path)
    if suffix in (".doc", ".wps"):
        from ybbulletin.importer.read_office import read_office

        return read_office(path, suffix)
    if suffix == ".pdf":
        from ybbulletin.importer.read_pdf import read_pdf

        return read_pdf(path)
    from ybbulletin.importer.read_html import read_html

    return read_html(path.read_bytes())


def read_text(raw: bytes, limit: int | None = None) -> list[Line]:
    """A .txt file as cleaned lines: UTF-8, or the encoding charset-normalizer finds (GBK …);
    more than ``limit`` paragraphs, a ``ReadError`` where they are passed."""
    return text_lines(decode(raw), limit)


def _utf16_without_bom(raw: bytes) -> str | None:
    """A text saved as UTF-16 with no byte-order mark (its ASCII characters, line ends among
    them, hold NUL bytes): the text when one byte order reads as Chinese text throughout
    (hanzi, punctuation, ASCII, line ends), else None. Random bytes read as UTF-16 are a
    third hanzi at most and full of other characters, so they stay binary."""
    if len(raw) % 2:
        return None
    for order in ("utf-16-le", "utf-16-be"):
        try:
            text = raw.decode(order)
        except UnicodeDecodeError:
            continue
        sample = text[:20000]
        usual = sum(1 for c in sample if _USUAL_CHAR.match(c))
        if sample and usual >= 0.98 * len(sample) and cjk_share(sample) >= 0.5:
            return text
    return None


# what a Chinese text is made of: hanzi, CJK and full-width punctuation, ASCII, line ends
_USUAL_CHAR = re.compile(
    r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef\u2010-\u2027\x20-\x7e\r\n\t\u00b7]"
)


def decode(raw: bytes) -> str:
    """Bytes of a text file -> text; a binary file or an unknown encoding is a ``ReadError``."""
    if not raw.strip():
        raise ReadError("文件是空的", "请检查是否选错了文件")
    if b"\x00" in raw[:65536] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        wide = _utf16_without_bom(raw)
        if wide is not None:
            return wide
        raise ReadError(
            "这不是文本文件（含有二进制数据）",
            "它可能是图片、Word 或 PDF 文件改了扩展名：请改回原来的扩展名再导入",
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None:
        raise ReadError(
            "无法识别文件的文字编码（可能不是文本文件）", "请用记事本另存为 UTF-8 编码后再导入"
        )
    text = str(best)
    if cjk_share(text[:20000]) < 0.2:
        raise ReadError(
            f"文件按 {best.encoding} 编码读出的内容不是中文，无法导入",
            "请用记事本另存为 UTF-8 编码后再导入",
        )
    return text
