"""A clean Word file: parts, font table, theme; the 报尾 at the foot; contents kept together.

LibreOffice is the second reader (the first, Word, is not installable here: its side is
checked in the XML it reads).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from lxml import etree

from tests.e2e.test_docx import NAMES, soffice_pdf

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
OFFICE_FONTS = {"仿宋_GB2312", "方正小标宋简体", "黑体", "楷体_GB2312", "宋体"}
MM = 72 / 25.4


@pytest.fixture(scope="module")
def docs(built_demo: Path) -> dict[str, Path]:
    return {name: built_demo.parent / "docx" / name for name in NAMES}


@pytest.fixture(scope="module")
def converted(docs: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Both Word files as LibreOffice lays them out (PDF)."""
    out = tmp_path_factory.mktemp("lo")
    return {name: soffice_pdf(path, out) for name, path in docs.items()}


def part(path: Path, name: str) -> Any:
    with zipfile.ZipFile(path) as package:
        return etree.fromstring(package.read(name))


@pytest.mark.parametrize("name", NAMES)
def test_no_parts_left_over_from_the_template(docs: dict[str, Path], name: str) -> None:
    with zipfile.ZipFile(docs[name]) as package:
        names = set(package.namelist())
        types = package.read("[Content_Types].xml").decode()
        rels = package.read("word/_rels/document.xml.rels").decode()
        root_rels = package.read("_rels/.rels").decode()
    assert "word/stylesWithEffects.xml" not in names
    assert "docProps/thumbnail.jpeg" not in names
    assert not any(n.startswith("customXml/") for n in names)
    assert "stylesWithEffects" not in rels + types
    assert "thumbnail" not in root_rels + types
    for target in re.findall(r'PartName="/([^"]+)"', types):
        assert target in names  # no content type for a part that is not there


@pytest.mark.parametrize("name", NAMES)
def test_font_table_lists_exactly_the_fonts_used(docs: dict[str, Path], name: str) -> None:
    table = part(docs[name], "word/fontTable.xml")
    listed = {font.get(f"{W}name") for font in table.iter(f"{W}font")}
    assert listed == OFFICE_FONTS
    for font in table.iter(f"{W}font"):
        assert font.find(f"{W}charset").get(f"{W}val") == "86"  # GB2312
    fangsong = next(f for f in table.iter(f"{W}font") if f.get(f"{W}name") == "仿宋_GB2312")
    assert fangsong.find(f"{W}altName").get(f"{W}val") == "仿宋"  # Windows names it so


@pytest.mark.parametrize("name", NAMES)
def test_theme_east_asian_fonts_and_language_are_chinese(docs: dict[str, Path], name: str) -> None:
    theme = part(docs[name], "word/theme/theme1.xml")
    assert theme.find(f".//{A}majorFont/{A}ea").get("typeface") == "黑体"
    assert theme.find(f".//{A}minorFont/{A}ea").get("typeface") == "仿宋_GB2312"
    scripts = {f.get("script") for f in theme.iter(f"{A}font")}
    assert not scripts & {"Jpan", "Hang", "Hant"}
    settings = part(docs[name], "word/settings.xml")
    assert settings.find(f"{W}themeFontLang").get(f"{W}eastAsia") == "zh-CN"
    with zipfile.ZipFile(docs[name]) as package:
        everything = b"".join(package.read(n) for n in package.namelist() if n.endswith(".xml"))
    assert "ＭＳ".encode() not in everything
    assert b"ja-JP" not in everything


@pytest.mark.parametrize("name", NAMES)
def test_colophon_is_a_table_held_at_the_bottom_margin(docs: dict[str, Path], name: str) -> None:
    body = part(docs[name], "word/document.xml").find(f"{W}body")
    table = body.findall(f"{W}tbl")[-1]
    position = table.find(f"{W}tblPr/{W}tblpPr")
    assert position.get(f"{W}vertAnchor") == "margin"
    assert position.get(f"{W}tblpYSpec") == "bottom"
    text = "".join(table.itertext())
    assert "报：" in text
    assert "（共印120份）" in text
    borders = table.find(f"{W}tblPr/{W}tblBorders")
    assert borders.find(f"{W}top").get(f"{W}sz") == "8"  # 0.35 mm
    assert borders.find(f"{W}insideH").get(f"{W}sz") == "6"  # 0.25 mm
    # nothing after it but its anchor, a one-point paragraph
    after = list(body)[list(body).index(table) + 1 :]
    assert [e.tag for e in after] == [f"{W}p", f"{W}sectPr"]
    assert "".join(after[0].itertext()) == ""


@pytest.mark.parametrize("name", NAMES)
def test_libreoffice_puts_the_colophon_at_the_foot_of_the_last_page(
    converted: dict[str, Path], name: str
) -> None:
    with pdfplumber.open(converted[name]) as pdf:
        last = pdf.pages[-1]
        words = last.extract_words()
        [run] = [w for w in words if "120" in w["text"]]
        foot = last.height - 35 * MM  # the bottom margin
        assert foot - PITCH_PT < run["bottom"] <= foot, (run["bottom"], foot)
        rules = [e for e in last.edges if e["orientation"] == "h" and e["width"] > 100 * MM]
        assert len({round(e["top"]) for e in rules}) >= 4  # the rules kept
        assert max(e["top"] for e in rules) == pytest.approx(foot, abs=2)
        for page in pdf.pages[:-1]:
            assert "共印" not in (page.extract_text() or "")


PITCH_PT = 28.95


def test_libreoffice_keeps_a_contents_group_with_its_heading(
    converted: dict[str, Path],
) -> None:
    with pdfplumber.open(converted["nxyb-2021-01.docx"]) as pdf:
        lines = pdf.pages[1].extract_text_lines()
    first = lines[0]
    assert first["text"] == "工作动态", first["text"]
    assert "Sans" in first["chars"][0]["fontname"]
