"""HTML and Word come out of one token walk: links, quotes, tables and headings agree."""

from __future__ import annotations

import re
from types import SimpleNamespace
from typing import Any

import pytest
from docx import Document
from docx.oxml.ns import qn

from ybbulletin.markdown import parse
from ybbulletin.render.docx.emitter import BlockEmitter
from ybbulletin.render.docx.styles import STYLES, setup_styles
from ybbulletin.render.html import render_markdown

BODY = """\
# 一级

正文见[国家医保局](https://www.nhsa.gov.cn/)、[上一期](../../2024/12/01.html)和[下文](#x)。

## 二级

> 引用的一段话。
>
> > 再引一层。

### 三级

#### 四级

##### 五级

| 项目 | 金额 |
|---|---|
| 追回 | 12.5 |
| 罚款 | 3.1 |

1. 第一条
2. 第二条
"""
BASE = "https://www.example.gov.cn/ybxx/"
PAGE = "2025/01/01.html"


def html() -> str:
    return render_markdown(
        parse(BODY), image_prefix="content/", issue_dir="issues/2025", link_base=BASE, page=PAGE
    )


def word() -> Any:
    document = Document()
    styles = setup_styles(document, keep_existing=False)
    issue = SimpleNamespace(content_dir="issues/2025")
    BlockEmitter(document, styles, {}, issue, BASE).blocks(parse(BODY), page=PAGE)  # type: ignore[arg-type]
    return document


def test_links_go_to_the_same_places() -> None:
    hrefs = re.findall(r'<a href="([^"]+)"', html())
    document = word()
    rels = document.part.rels
    targets = [
        rels[link.get(qn("r:id"))].target_ref for link in document.element.iter(qn("w:hyperlink"))
    ]
    assert hrefs == [
        "https://www.nhsa.gov.cn/",
        "https://www.example.gov.cn/ybxx/2024/12/01.html",
        "#x",
    ]
    assert targets == hrefs[:2]  # in-page anchors have nowhere to go in a Word file
    linked = "".join(
        t.text for link in document.element.iter(qn("w:hyperlink")) for t in link.iter(qn("w:t"))
    )
    assert linked == "国家医保局上一期"


@pytest.mark.slow  # over 0.3 s: the full suite runs it, not the edit loop
def test_headings_have_the_official_levels_in_both() -> None:
    levels = [int(n) for n in re.findall(r'class="level-(\d)"', html())]
    names = {STYLES[f"level{n}"].name: n for n in range(1, 5)}
    word_levels = [names[p.style.name] for p in word().paragraphs if p.style.name in names]
    assert levels == word_levels == [1, 2, 3, 4, 4]


def test_quotes_are_set_off_in_both() -> None:
    assert html().count("<blockquote>") == 2
    quoted = [p for p in word().paragraphs if "引" in p.text]
    assert [p.paragraph_format.left_indent.pt for p in quoted] == [32, 64]


def test_tables_and_lists_agree() -> None:
    cells = re.findall(r"<t[hd]>([^<]*)</t[hd]>", html())
    document = word()
    (table,) = document.tables
    assert [c.text for row in table.rows for c in row.cells] == cells
    items = [p.text for p in document.paragraphs if p.text.startswith(("1.", "2."))]
    assert items == ["1. 第一条", "2. 第二条"]
    assert re.findall(r"<li>([^<]*)</li>", html()) == ["第一条", "第二条"]
