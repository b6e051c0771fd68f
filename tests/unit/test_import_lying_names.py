"""A file whose name lies about its format is read as what its first bytes say, with a note
in the draft (was: 来稿.docx that is a PDF, 简报.pdf that is text, 来稿.txt that is a .docx
were each refused as damaged or binary; a .doc that is a .docx went through LibreOffice).
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document

from tests.importing import make_project
from ybbulletin.cli import main

TEXT = "某县医保局开展宣传\n\n某县医疗保障局开展医保政策宣传活动，发放宣传资料三百余份。\n"
SCANNED = Path(__file__).parents[1] / "cases" / "import-pdf-without-text" / "扫描件.pdf"


def _docx() -> bytes:
    document = Document()
    for paragraph in TEXT.split("\n\n"):
        document.add_paragraph(paragraph.strip())
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _import(
    tmp_path: Path, name: str, data: bytes, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str]:
    project = make_project(tmp_path)
    source = tmp_path / name
    source.write_bytes(data)
    code = main(
        ["--project", str(project), "import", str(source), "--year", "2025", "--number", "1"]
    )
    err = capsys.readouterr().err
    draft = project / "content/issues/2025/01.yaml"
    return code, draft.read_text("utf-8") if draft.is_file() else err


@pytest.mark.parametrize(
    ("name", "data", "note"),
    [
        ("来稿.pdf", _docx(), "文件扩展名是 .pdf，内容实际是 Word（.docx）文件，已按 .docx 读取"),
        ("来稿.txt", _docx(), "文件扩展名是 .txt，内容实际是 Word（.docx）文件，已按 .docx 读取"),
        ("来稿.doc", _docx(), "文件扩展名是 .doc，内容实际是 Word（.docx）文件，已按 .docx 读取"),
        ("简报.pdf", TEXT.encode("utf-8"), "文件扩展名是 .pdf，内容实际是文本，已按 .txt 读取"),
        (
            "简报.docx",
            f"<html><body><h1>某县医保局开展宣传</h1><p>{TEXT}</p></body></html>".encode(),
            "内容实际是网页，已按 .html 读取",
        ),
    ],
)
def test_read_as_what_it_is(
    name: str, data: bytes, note: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, draft = _import(tmp_path, name, data, capsys)
    assert code == 0, draft
    assert note in draft
    assert "某县医疗保障局开展医保政策宣传活动" in draft


def test_a_pdf_named_docx_is_read_as_a_pdf(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = _import(tmp_path, "来稿.docx", SCANNED.read_bytes(), capsys)
    assert code == 1
    assert "PDF 没有可读出的文字" in err  # the PDF reader's words, not "Word 文件已损坏"
