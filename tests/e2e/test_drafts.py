"""Drafts in print: 「草稿」 / 「送审稿」 on every page of the PDF and the Word file until 签发.

The demo copy's 2025/12 is unsigned here (its sign-off record cut off): a draft. Its PDF
is read back page by page: the characters in the top margin (pdfplumber: the mark is page
furniture, a pagination artifact that pdftotext and copy-paste rightly leave out), red ink
there on every page (pdftoppm), and the title. Its Word file is checked in the XML (odd
and even headers) and converted with LibreOffice, whose PDF must carry the mark on every
page too. Signing 审核 turns the mark into 送审稿; signing 签发 removes it.
"""

from __future__ import annotations

import datetime
import subprocess
from pathlib import Path

import pytest
from docx import Document

from tests.conftest import REPO, copy_project, ink, page_png, pdf_pages
from tests.e2e.test_docx import soffice_pdf
from ybbulletin.build import build
from ybbulletin.signoff import sign

ISSUE = "content/issues/2025/12.yaml"
PDF = "pdf/nxyb-2025-12.pdf"
DOCX = "docx/nxyb-2025-12.docx"


TOP_MARGIN_PT = 37 / 25.4 * 72  # above the 版心 (GB/T 9704: 37 mm)


def marks(pdf: Path) -> list[str]:
    """The text in the top margin of every page (where the draft mark is)."""
    import pdfplumber

    with pdfplumber.open(pdf) as document:
        return [
            (page.crop((0, 0, page.width, TOP_MARGIN_PT)).extract_text() or "").replace(" ", "")
            for page in document.pages
        ]


def red_above_the_frame(pdf: Path, folder: Path) -> list[int]:
    """Red pixels above the 版心 on each page, at 60 dpi."""
    found = []
    for n in range(1, pdf_pages(pdf) + 1):
        png = page_png(pdf, n, folder / f"page-{n}")
        found.append(ink(png, "red", (0, 0, 10_000, 37 / 25.4 * 60 - 2)).count)
    return found


def title(pdf: Path) -> str:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return next(line for line in info.stdout.splitlines() if line.startswith("Title:"))


def page_texts(pdf: Path) -> list[str]:
    return [
        subprocess.run(
            ["pdftotext", "-enc", "UTF-8", "-f", str(n), "-l", str(n), str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for n in range(1, pdf_pages(pdf) + 1)
    ]


@pytest.fixture(scope="module")
def draft(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo with 2025/12 unsigned, built (PDF and Word of that issue, and the site)."""
    root = copy_project(REPO, tmp_path_factory.mktemp("drafts") / "demo")
    path = root / ISSUE
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("# 审核、签发记录")], encoding="utf-8")
    result = build(root, root / "build", formats=("html", "pdf", "docx"), only=["2025/12"])
    assert result.drafts == ["2025/12"]
    return root


def test_the_pdf_says_draft_on_every_page(draft: Path, tmp_path: Path) -> None:
    pdf = draft / "build" / PDF
    found = marks(pdf)
    assert len(found) > 2
    assert set(found) == {"草稿"}
    assert all(count > 50 for count in red_above_the_frame(pdf, tmp_path))
    assert title(pdf).split(None, 1)[1].startswith("【草稿】")
    assert all("草稿" not in page for page in page_texts(pdf))  # furniture: not in copied text


def test_the_word_file_says_draft_on_every_page(draft: Path, tmp_path: Path) -> None:
    document = Document(str(draft / "build" / DOCX))
    section = document.sections[0]
    assert document.settings.odd_and_even_pages_header_footer
    for header in (section.header, section.even_page_header):
        assert [p.text for p in header.paragraphs] == ["草稿"]
    converted = soffice_pdf(draft / "build" / DOCX, tmp_path)
    pages = page_texts(converted)
    assert len(pages) > 2
    assert all("草稿" in page for page in pages)


def test_drafts_stay_out_of_the_site(draft: Path) -> None:
    site = draft / "build/site"
    assert (site / "index.html").is_file()
    assert not (site / "2025/12").exists()
    assert not list((site / "files").glob("nxyb-2025-12.*"))
    assert "2025年第12期" not in (site / "archive/index.html").read_text(encoding="utf-8")
    assert (draft / "build" / PDF).is_file()  # the print files are made, marked


def test_reviewed_says_songshengao_and_signed_says_nothing(draft: Path, tmp_path: Path) -> None:
    root = copy_project(draft, tmp_path / "demo")
    sign(root, "2025/12", "审核", "李某", datetime.date(2025, 8, 12))
    build(root, root / "build", formats=("pdf",), only=["2025/12"])
    assert set(marks(root / "build" / PDF)) == {"送审稿"}
    sign(root, "2025/12", "签发", "王某", datetime.date(2025, 8, 13))
    result = build(root, root / "build", formats=("pdf",), only=["2025/12"])
    assert result.drafts == []
    assert set(marks(root / "build" / PDF)) == {""}
    assert red_above_the_frame(root / "build" / PDF, tmp_path)[1:] == [0] * (
        pdf_pages(root / "build" / PDF) - 1
    )  # page 1 has the red 报头 near the top; the others nothing above the 版心
    assert "【" not in title(root / "build" / PDF)
    text = "".join(page_texts(root / "build" / PDF))
    assert "审核：李某" in text  # the 报尾 staff line from the sign-off record
    assert "签发：王某" in text
