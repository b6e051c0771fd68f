"""Read a web page saved from a government site: its article body, title and metadata.

lxml's HTML parser (no network, no entities fetched) reads the page; scripts, styles,
navigation, headers, footers and forms are dropped; the article body is the element the
CMS names (TRS_Editor, article-content …) or else the block holding the most paragraph
text. The title, date and 来源 come from the page's <meta> tags (ArticleTitle, PubDate,
ContentSource) as gov.cn sites carry them, or from its <h1>.
"""

from __future__ import annotations

import re
from typing import Any

from ybbulletin.importer.draft import Line, Source
from ybbulletin.importer.text import ReadError, clean, text_lines, too_many_paragraphs

__all__ = ["read_html"]

_DROP = ("script", "style", "noscript", "nav", "header", "footer", "form", "iframe", "aside")
_BODY_HINTS = re.compile(
    r"TRS_Editor|article[-_]?(content|body|con)|content[-_]?(text|detail|con)|"
    r"\bzoom\b|detail[-_]?content|\bcontent\b|\bcon(tent)?_?main\b|\bview\b|\btext\b",
    re.IGNORECASE,
)
_CHROME = re.compile(r"nav|menu|breadcrumb|crumb|footer|header|share|sidebar|related|position")
_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "section", "article", "td"}


def read_html(raw: bytes) -> Source:
    import lxml.html
    from lxml import etree

    from ybbulletin.importer.read import MAX_PARAGRAPHS, decode

    text = decode(raw)
    # lxml refuses a str with an encoding line; its line breaks stay, so lines are counted right
    text = re.sub(r"^\s*<\?xml[^>]*\?>", lambda m: "\n" * m[0].count("\n"), text)
    parser = lxml.html.HTMLParser()
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise ReadError("网页文件无法解析", "请在浏览器中打开后另存为“网页，仅 HTML”") from exc
    _refuse_if_cut(parser.error_log)
    meta = {
        (node.get("name") or "").lower(): (node.get("content") or "").strip()
        for node in root.iter("meta")
        if node.get("name")
    }
    for node in list(root.iter(*_DROP)):
        node.drop_tree()
    for node in list(root.iter()):
        if node.getparent() is None:
            continue
        if not isinstance(node.tag, str):  # comments, processing instructions
            node.drop_tree()
            continue
        marks = f"{node.get('class', '')} {node.get('id', '')}"
        chrome = node.tag in ("div", "ul", "ol", "span", "p") and _CHROME.search(marks)
        if chrome and not _has_article(node):
            node.drop_tree()
    body = _article(root)
    lines: list[Line] = []
    title = meta.get("articletitle") or _heading(root, body)
    if title:
        lines.append(Line(clean(title)))
    published = meta.get("pubdate") or meta.get("publishdate") or ""
    source = meta.get("contentsource") or ""
    if published or source:
        parts = [f"发布时间：{published}" if published else "", f"来源：{source}" if source else ""]
        lines.append(Line(" ".join(p for p in parts if p)))
    notes: list[str] = []
    heading = clean(title or "")
    for block in _walk(body):
        if len(lines) > MAX_PARAGRAPHS:  # read no further: the import refuses so many
            raise too_many_paragraphs(MAX_PARAGRAPHS)
        if isinstance(block, list):
            lines.append(Line("", table=block))
        elif block.startswith("\x00img:"):
            notes.append(f"原文有图片（{block[5:]}），导入时没有下载，请另行插入")
        else:
            lines.extend(line for line in text_lines(block) if line.text != heading)
    return Source(lines, notes=notes)


def _refuse_if_cut(log: Any) -> None:
    """libxml2 stops reading at its depth limit (256 nested tags) and drops the rest: say so."""
    for entry in log:
        if entry.type_name == "ERR_RESOURCE_LIMIT":
            found = re.search(r"depth in document: (\d+)", entry.message)
            limit = int(found[1]) - 1 if found else 255
            raise ReadError(
                f"网页的标签嵌套超过 {limit} 层，读到这一行只能停下，后面的内容读不出来，拒绝导入",
                "在浏览器中打开网页，把正文复制到 .txt 文件中再导入",
                line=entry.line,
            )


def _has_article(node: Any) -> bool:
    return sum(len(p.text_content()) for p in node.iter("p")) > 400


def _article(root: Any) -> Any:
    """The element holding the article: named by the CMS, or the densest in paragraphs."""
    named = [
        node
        for node in root.iter("div", "td", "article", "section")
        if _BODY_HINTS.search(f"{node.get('class', '')} {node.get('id', '')}")
        and len(node.text_content().strip()) > 50
    ]
    if named:
        return max(named, key=lambda node: _paragraph_text(node) - _depth(node))
    candidates = list(root.iter("div", "td", "article", "section", "body"))
    return max(candidates, key=_paragraph_text, default=root)


def _paragraph_text(node: Any) -> int:
    return (
        sum(len(p.text_content().strip()) for p in node.iter("p"))
        or len(node.text_content().strip()) // 4
    )


def _depth(node: Any) -> int:
    return sum(1 for _ in node.iterancestors())


def _heading(root: Any, body: Any) -> str:
    for tag in ("h1", "h2"):
        for node in root.iter(tag):
            text = node.text_content().strip()
            if text:
                return str(text)
    title = root.find(".//title")
    if title is not None and title.text:
        return re.split(r"\s*[-_|－—]+\s*", title.text.strip())[0]
    return ""


def _walk(node: Any) -> list[Any]:
    """The body as blocks: paragraph texts, tables (lists of rows), image markers."""
    blocks: list[Any] = []
    if node.tag == "table":
        rows = [
            [clean(cell.text_content()) for cell in row.iter("td", "th")] for row in node.iter("tr")
        ]
        rows = [row for row in rows if any(row)]
        if rows:
            blocks.append(rows)
        return blocks
    if node.tag == "img":
        blocks.append(f"\x00img:{node.get('src', '')}")
        return blocks
    inline = node.text or ""
    for child in node:
        if not isinstance(child.tag, str):
            inline += child.tail or ""
            continue
        if child.tag in _BLOCKS or child.tag in ("table", "img", "br", "ul", "ol"):
            if inline.strip():
                blocks.append(inline)
            inline = ""
            if child.tag != "br":
                blocks.extend(_walk(child))
            inline = child.tail or ""
        else:
            inline += _inline_text(child) + (child.tail or "")
    if inline.strip():
        blocks.append(inline)
    return [_plain_if_all_bold(block) for block in blocks]


def _inline_text(node: Any) -> str:
    """Inline text; bold as **Markdown**, as the lead sentences of a bulletin are."""
    if node.tag == "img":
        return ""
    text = str(node.text_content())
    if node.tag in ("strong", "b") and text.strip():
        return f"**{text.strip()}**"
    return text


def _plain_if_all_bold(block: Any) -> Any:
    """A paragraph all in bold is a heading or a title: its text plain."""
    if isinstance(block, str):
        stripped = block.strip()
        if stripped.startswith("**") and stripped.endswith("**") and stripped.count("**") == 2:
            return stripped[2:-2]
    return block
