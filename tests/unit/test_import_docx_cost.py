"""Reading a .docx costs the same for each paragraph, whatever the document's length.

python-docx finds a paragraph's style by going through all the document's styles each time
it is asked for it (2.5 ms a paragraph with Word's built-in styles: a 100,000-paragraph
file took minutes before the import's paragraph bound could refuse it); the reader asks
once a style.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from docx.text.paragraph import Paragraph

from ybbulletin.importer.read_docx import read_docx


def test_each_style_is_looked_up_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    document = Document()
    document.add_paragraph("某县医保局推进医保政策宣传", style="Heading 1")
    for index in range(300):
        document.add_paragraph(f"第{index + 1}段：某县医保局多措并举开展医保政策宣传。")
    for text in ("抓住关键环节", "创新宣传形式"):
        document.add_paragraph(text, style="List Number")
    path = tmp_path / "稿件.docx"
    document.save(str(path))

    asked = 0
    style = Paragraph.style

    def counted(paragraph: Paragraph) -> object:
        nonlocal asked
        asked += 1
        assert style.fget is not None
        return style.fget(paragraph)

    monkeypatch.setattr(Paragraph, "style", property(counted, style.fset))
    source = read_docx(path)
    assert len(source.lines) == 303
    assert source.lines[0].display  # the heading style still read
    assert source.lines[-1].text.startswith("2")  # and the list's numbers (1 and 2)
    assert asked <= 3  # the default style, Heading 1, List Number
