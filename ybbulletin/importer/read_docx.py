"""Read a .docx: paragraphs (with their list numbers), tables, text boxes and images, in order.

The zip is checked before python-docx opens it: a damaged file, a zip bomb (members that
unpack to far more than any bulletin) and XML with a DOCTYPE or ENTITY declaration (the
way to external entities, XXE) are refused. Headers and footers are not read.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from ybbulletin.importer.draft import Line, Source
from ybbulletin.importer.text import ReadError, clean, too_many_paragraphs
from ybbulletin.numbering import chinese_numeral

__all__ = ["read_docx"]

MAX_UNPACKED = 256 * 1024 * 1024
# the XML parts together: python-docx holds them parsed, several times their size (a 200 MB
# document.xml peaked the import at 438 MB); a decade of bulletins is well under it
MAX_XML_UNPACKED = 64 * 1024 * 1024
_CHUNK = 1024 * 1024
_DAMAGED = "请用 Word 或 WPS 打开后另存为 .docx 再导入"


def read_docx(path: Path) -> Source:
    check_package(path, "Word 文件", "word/document.xml")
    from ybbulletin.importer.read import MAX_PARAGRAPHS

    _count_blocks(path, MAX_PARAGRAPHS)
    from docx import Document
    from docx.oxml.ns import qn

    try:
        document = Document(str(path))
    except Exception as exc:  # python-docx and lxml raise many kinds on damaged parts
        raise ReadError(f"Word 文件已损坏，无法读取（{type(exc).__name__}）", _DAMAGED) from exc

    source = Source([])
    numbers = _Numbers(document, _Styles())
    body = document.element.body
    for child in _blocks(body, qn):
        if len(source.lines) > MAX_PARAGRAPHS:  # read no further: the import refuses so many
            raise too_many_paragraphs(MAX_PARAGRAPHS)
        if child.tag == qn("w:p"):
            _paragraph(child, document, numbers, source)
        elif child.tag == qn("w:tbl"):
            from docx.table import Table

            table = Table(child, document)
            rows = [[clean(cell.text) for cell in row.cells] for row in table.rows]
            if any(any(cells) for cells in rows):
                source.lines.append(Line("", table=rows))
    return source


def check_package(path: Path, what: str, required: str) -> None:
    """A zip package that unpacks to a bounded size and holds no DOCTYPE or ENTITY."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ReadError(f"{what}已损坏，或不是 {path.suffix} 格式", _DAMAGED) from exc
    with archive:
        infos = archive.infolist()
        if required not in {info.filename for info in infos}:
            raise ReadError(f"{what}已损坏（缺少 {required}）", _DAMAGED)
        if len(infos) > 10000 or sum(info.file_size for info in infos) > MAX_UNPACKED:
            raise ReadError(f"{what}解压后过大（可能是“压缩炸弹”），拒绝读取", _DAMAGED)
        unpacked = 0
        for info in infos:
            if info.filename.endswith((".xml", ".rels")):
                try:
                    unpacked = _scan(archive, info, what, unpacked)
                except (zipfile.BadZipFile, OSError, EOFError) as exc:
                    raise ReadError(f"{what}已损坏（{info.filename} 无法解压）", _DAMAGED) from exc


def _scan(archive: zipfile.ZipFile, info: zipfile.ZipInfo, what: str, unpacked: int) -> int:
    """Unpack one XML part in chunks (the sizes a zip declares can lie): bounded, no DTD."""
    tail = b""
    with archive.open(info) as member:
        while chunk := member.read(_CHUNK):
            unpacked += len(chunk)
            if unpacked > min(MAX_UNPACKED, MAX_XML_UNPACKED):
                raise ReadError(f"{what}解压后过大（可能是“压缩炸弹”），拒绝读取", _DAMAGED)
            window = tail + chunk
            if b"<!DOCTYPE" in window or b"<!ENTITY" in window:
                raise ReadError(
                    f"{what}含有 XML 实体声明（{info.filename}），可能是恶意文件，拒绝读取",
                    "请让来稿单位重新用 Word 或 WPS 保存后发送",
                )
            tail = chunk[-16:]
    return unpacked


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_BLOCK_PARENTS = (f"{_W}body", f"{_W}sdtContent")


def _count_blocks(path: Path, limit: int) -> None:
    """Refuse a document of more than ``limit`` paragraphs and tables before python-docx
    parses it: python-docx builds the whole of document.xml as a tree first (checked to be
    at most MAX_XML_UNPACKED by then), which for 100,000 paragraphs took seconds before the
    bound read into it could refuse. Counted streaming, each block let go once counted."""
    from lxml import etree

    count = 0
    try:
        with zipfile.ZipFile(path) as archive, archive.open("word/document.xml") as member:
            events = etree.iterparse(
                member,
                events=("end",),
                tag=(f"{_W}p", f"{_W}tbl"),
                resolve_entities=False,
                no_network=True,
                load_dtd=False,
                huge_tree=False,
            )
            for _, element in events:
                parent = element.getparent()
                if parent is None or parent.tag not in _BLOCK_PARENTS:
                    continue  # a paragraph inside a table's cell or a text box: its block counts
                count += 1
                if count > limit:
                    raise too_many_paragraphs(limit)
                element.clear()
                while element.getprevious() is not None:
                    del parent[0]  # the blocks counted before: no tree of the whole body
    except etree.XMLSyntaxError as exc:
        raise ReadError(f"Word 文件已损坏，无法读取（{type(exc).__name__}）", _DAMAGED) from exc


def _blocks(body: Any, qn: Any) -> list[Any]:
    """Body paragraphs and tables in order, content controls (w:sdt) opened."""
    blocks = []
    for child in body.iterchildren():
        if child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                blocks.extend(_blocks(content, qn))
        elif child.tag in (qn("w:p"), qn("w:tbl")):
            blocks.append(child)
    return blocks


def _paragraph(element: Any, document: Any, numbers: _Numbers, source: Source) -> None:
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    paragraph = Paragraph(element, document)
    for blip in element.iter(qn("a:blip")):
        part = document.part.related_parts.get(blip.get(qn("r:embed")))
        if part is not None:
            suffix = Path(part.partname).suffix.lower() or ".png"
            name = f"图{len(source.images) + 1}{suffix}"
            source.images[name] = part.blob
            source.lines.append(Line("", image=name))
    text = clean(_marked_text(paragraph).replace("\n", ""))
    if text:
        label = numbers.label(paragraph)
        style = numbers.styles(paragraph)
        line = Line(
            label + text if label else text, after_blank=True, display=_display(paragraph, style)
        )
        source.lines.append(line)
    boxes = [
        box
        for box in element.iter(qn("w:txbxContent"))
        if not any(a.tag == f"{{{_MC}}}Fallback" for a in box.iterancestors())
    ]
    for box in boxes:
        for inner in box.iter(qn("w:p")):
            boxed = clean(Paragraph(inner, document).text)
            if boxed:
                source.lines.append(Line(boxed, after_blank=True))


_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


class _Styles:
    """A paragraph's style, looked up once a style: python-docx finds a paragraph's default
    style by going through every style of the document each time it is asked (2.5 ms a
    paragraph with Word's 160 built-in styles; 100,000 paragraphs took minutes)."""

    def __init__(self) -> None:
        self._known: dict[str | None, Any] = {}

    def __call__(self, paragraph: Any) -> Any:
        key = paragraph._p.style  # the w:pStyle value, None for the default style
        if key not in self._known:
            self._known[key] = paragraph.style
        return self._known[key]


def _display(paragraph: Any, style: Any) -> bool:
    """A title as Word marks one: a heading or title style, or a short centred line."""
    name = (style.name or "") if style is not None else ""
    if name.startswith(("Heading", "Title", "标题")):
        return True
    centred = paragraph.alignment is not None and int(paragraph.alignment) == 1  # CENTER
    return centred and len(paragraph.text.strip()) <= 45


def _marked_text(paragraph: Any) -> str:
    """A paragraph's text with bold runs as **Markdown**, as the bulletin's lead sentences are."""
    runs: list[Any] = []
    for item in paragraph.iter_inner_content():
        runs.extend(getattr(item, "runs", [item]))
    parts: list[str] = []
    bold = False
    for run in runs:
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
    whole = "".join(run.text for run in runs)
    # a paragraph all in bold is a heading or a title: keep its text plain
    return whole if joined == f"**{whole}**" else joined


class _Numbers:
    """The numbers Word shows before list paragraphs (一、 （一） 1.), counted as Word does."""

    def __init__(self, document: Any, styles: _Styles) -> None:
        from docx.oxml.ns import qn

        self._qn = qn
        self.styles = styles
        self._levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self._counters: dict[str, list[int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for node in root.iter(qn("w:abstractNum")):
            levels = {}
            for lvl in node.iter(qn("w:lvl")):
                fmt = lvl.find(qn("w:numFmt"))
                text = lvl.find(qn("w:lvlText"))
                start = lvl.find(qn("w:start"))
                levels[int(lvl.get(qn("w:ilvl"), "0"))] = (
                    fmt.get(qn("w:val")) if fmt is not None else "decimal",
                    text.get(qn("w:val")) if text is not None else "",
                    int(start.get(qn("w:val"))) if start is not None else 1,
                )
            abstract[node.get(qn("w:abstractNumId"))] = levels
        for num in root.iter(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            if ref is not None and ref.get(qn("w:val")) in abstract:
                self._levels[num.get(qn("w:numId"))] = abstract[ref.get(qn("w:val"))]

    def label(self, paragraph: Any) -> str:
        qn = self._qn
        num_pr = None
        ppr = paragraph._p.pPr
        if ppr is not None:
            num_pr = ppr.find(qn("w:numPr"))
        style = self.styles(paragraph)
        while num_pr is None and style is not None:
            style_ppr = style.element.pPr
            num_pr = style_ppr.find(qn("w:numPr")) if style_ppr is not None else None
            style = style.base_style
        if num_pr is None:
            return ""
        num_id_node, ilvl_node = num_pr.find(qn("w:numId")), num_pr.find(qn("w:ilvl"))
        num_id = num_id_node.get(qn("w:val")) if num_id_node is not None else None
        levels = self._levels.get(num_id or "")
        if not levels:
            return ""
        level = int(ilvl_node.get(qn("w:val"))) if ilvl_node is not None else 0
        counters = self._counters.setdefault(num_id or "", [0] * 9)
        if level >= len(counters) or level not in levels:
            return ""
        counters[level] = counters[level] + 1 if counters[level] else levels[level][2]
        for deeper in range(level + 1, len(counters)):
            counters[deeper] = 0
        fmt, text, _start = levels[level]
        if fmt in ("bullet", "none") or not text:
            return ""
        for index in range(level, -1, -1):
            value = counters[index] or levels.get(index, ("decimal", "", 1))[2]
            shown = _format(levels.get(index, ("decimal", "", 1))[0], value)
            text = text.replace(f"%{index + 1}", shown)
        return text if text.endswith((" ", "\t")) or text[-1] in "、.．）)" else text + " "


def _format(fmt: str, value: int) -> str:
    if fmt.startswith(("chinese", "ideographDigital", "japaneseCounting", "taiwanese")):
        return chinese_numeral(value)
    if fmt == "upperLetter":
        return chr(ord("A") + (value - 1) % 26)
    if fmt == "lowerLetter":
        return chr(ord("a") + (value - 1) % 26)
    if fmt == "ideographTraditional":
        return "甲乙丙丁戊己庚辛壬癸"[(value - 1) % 10]
    return str(value)
