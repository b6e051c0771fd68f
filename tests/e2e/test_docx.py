"""The demo Word files: opened with python-docx (XML checks) and with LibreOffice.

Their golden XML is in ``tests/test_golden.py``.
"""

from __future__ import annotations

import os
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Mm
from lxml import etree
from pypdf import PdfReader

from tests.conftest import REPO, ink, page_png, pdf_pages
from ybbulletin.build import build
from ybbulletin.project import load_archive
from ybbulletin.site import build_views

NAMES = ["nxyb-2021-01.docx", "nxyb-2025-12.docx"]
SCREENSHOTS = REPO / "build" / "screenshots"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def docs(built_demo: Path) -> dict[str, Path]:
    folder = built_demo.parent / "docx"
    return {name: folder / name for name in NAMES}


def style_fonts(document: object) -> dict[str, str | None]:
    """East-Asian font of each style id, following based-on links."""
    styles = document.styles.element  # type: ignore[attr-defined]
    own: dict[str, str | None] = {}
    parent: dict[str, str | None] = {}
    for style in styles.findall(f"{W}style"):
        sid = style.get(f"{W}styleId")
        fonts = style.find(f"{W}rPr/{W}rFonts")
        own[sid] = fonts.get(f"{W}eastAsia") if fonts is not None else None
        based = style.find(f"{W}basedOn")
        parent[sid] = based.get(f"{W}val") if based is not None else None
    resolved = {}
    for sid in own:
        current: str | None = sid
        while current and own.get(current) is None:
            current = parent.get(current)
        resolved[sid] = own.get(current) if current else None
    return resolved


@pytest.mark.parametrize("name", NAMES)
def test_east_asian_fonts_everywhere_and_zh_cn(docs: dict[str, Path], name: str) -> None:
    document = Document(str(docs[name]))
    fonts = style_fonts(document)
    offices = {"仿宋_GB2312", "方正小标宋简体", "黑体", "楷体_GB2312", "宋体"}
    assert {f for f in fonts.values() if f} <= offices | {None}
    parts = (
        [document.element.body]
        + [section.footer._element for section in document.sections]
        + [section.even_page_footer._element for section in document.sections]
    )
    runs = 0
    for part in parts:
        for paragraph in part.iter(f"{W}p"):
            pstyle = paragraph.find(f"{W}pPr/{W}pStyle")
            style_font = fonts.get(pstyle.get(f"{W}val") if pstyle is not None else "Normal")
            for run in paragraph.findall(f"{W}r"):
                if run.find(f"{W}t") is None:
                    continue  # fields, breaks and pictures carry no text
                runs += 1
                own = run.find(f"{W}rPr/{W}rFonts")
                font = own.get(f"{W}eastAsia") if own is not None else style_font
                assert font in offices, etree.tostring(run, encoding="unicode")
                assert own is not None
                assert own.get(f"{W}ascii") == own.get(f"{W}eastAsia")
    assert runs > 50
    settings = document.settings.element
    assert settings.find(f"{W}themeFontLang").get(f"{W}eastAsia") == "zh-CN"
    lang = document.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert lang.get(f"{W}eastAsia") == "zh-CN"
    defaults = document.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    assert not [a for a in defaults.attrib if "heme" in a]  # no theme fonts overriding ours


def test_page_setup_grid_and_page_numbers(docs: dict[str, Path]) -> None:
    document = Document(str(docs["nxyb-2025-12.docx"]))
    section = document.sections[0]
    measured = [
        section.page_width,
        section.page_height,
        section.top_margin,
        section.bottom_margin,
        section.left_margin,
        section.right_margin,
    ]
    expected = [Mm(210), Mm(297), Mm(37), Mm(35), Mm(28), Mm(26)]
    for value, want in zip(measured, expected, strict=True):
        assert abs(value - want) < Mm(0.05)  # stored in twips
    settings = document.settings.element
    assert settings.find(f"{W}mirrorMargins") is not None  # 28 mm inside on both sides
    assert settings.find(f"{W}evenAndOddHeaders") is not None
    grid = section._sectPr.find(f"{W}docGrid")
    assert grid.get(f"{W}linePitch") == "579"
    assert grid.get(f"{W}charSpace") == "-849"
    normal = document.styles["Normal"].element
    assert normal.find(f"{W}rPr/{W}spacing").get(f"{W}val") == "-5"
    assert normal.find(f"{W}pPr/{W}ind").get(f"{W}firstLineChars") == "200"
    for footer, align in ((section.footer, "right"), (section.even_page_footer, "left")):
        xml = etree.tostring(footer._element, encoding="unicode")
        assert "PAGE" in "".join(footer._element.itertext())
        assert 'w:fldCharType="begin"' in xml
        assert footer.paragraphs[0].alignment is not None
        assert footer.paragraphs[0].alignment.name.lower() == align
        assert footer.paragraphs[0].text.startswith("— ")
        assert footer.paragraphs[0].text.endswith(" —")


@pytest.mark.parametrize("name", NAMES)
def test_titles_in_order_and_named_styles(docs: dict[str, Path], name: str, demo: Path) -> None:
    document = Document(str(docs[name]))
    slug = name.removeprefix("nxyb-").removesuffix(".docx").replace("-", "/")
    [issue] = [v for v in build_views(load_archive(demo)) if v.dir == slug]
    titles = [p.text.replace("\n", "") for p in document.paragraphs if p.style.name == "文章标题"]
    assert titles == [a.title for a in issue.articles]
    used = {p.style.name for p in document.paragraphs}
    assert {"报头", "期号", "文章标题", "来源", "Normal"} <= used
    masthead = next(p for p in document.paragraphs if p.style.name == "报头")
    assert masthead.text == "宁夏医保信息"
    assert document.styles["报头"].font.color.rgb == (0xE6, 0x00, 0x00)


def test_tables_have_borders_and_repeat_their_header(docs: dict[str, Path]) -> None:
    document = Document(str(docs["nxyb-2021-01.docx"]))
    assert len(document.tables) == 3  # two in the text, and the 报尾 (a floating table)
    body_tables = [t for t in document.tables if t.rows[0].cells[0].text == "年度"]
    assert len(body_tables) == 2
    for table in body_tables:
        assert table._tbl.tblPr.find(f"{W}tblBorders") is not None
        assert table.rows[0]._tr.trPr.find(f"{W}tblHeader") is not None
    assert body_tables[0].rows[1].cells[1].text == "81.22%"


def test_colophon_and_properties(docs: dict[str, Path]) -> None:
    document = Document(str(docs["nxyb-2025-12.docx"]))
    texts = [row.cells[0].text for row in document.tables[-1].rows]  # the 报尾
    assert "报：国家医疗保障局" in texts
    assert "送：自治区党委办公厅，自治区人民政府办公厅" in texts
    assert any(t.endswith("\t（共印120份）") for t in texts)
    props = document.core_properties
    assert props.title == "宁夏医保信息 2025年第12期（总第130期）"
    assert props.author == "宁夏回族自治区医疗保障局"
    assert props.created.date().isoformat() == "2025-08-13"
    assert props.modified.date().isoformat() == "2025-08-13"


def test_same_input_same_bytes(docs: dict[str, Path], demo: Path) -> None:
    build(demo, demo / "build", formats=("docx",))
    for name in NAMES:
        assert (demo / "build/docx" / name).read_bytes() == docs[name].read_bytes()
    with zipfile.ZipFile(docs[NAMES[0]]) as package:
        assert {info.date_time for info in package.infolist()} == {(2021, 1, 8, 0, 0, 0)}


def test_reference_docx_styles_win(demo: Path) -> None:
    from docx.shared import Pt

    reference = Document()
    style = reference.styles.add_style("文章标题", 1)
    style.font.size = Pt(26)
    style.font.name = "Arial"
    (demo / "templates/docx").mkdir(parents=True)
    reference.save(str(demo / "templates/docx/reference.docx"))
    build(demo, demo / "build", formats=("docx",))
    result = Document(str(demo / "build/docx/nxyb-2025-12.docx"))
    assert result.styles["文章标题"].font.size == Pt(26)
    assert result.styles["一级标题"].font.size == Pt(16)  # ours where the reference has none


def soffice_pdf(docx: Path, out: Path) -> Path:
    env = {
        **os.environ,
        "HOME": str(out / "home"),
        "FONTCONFIG_FILE": str(REPO / "ybbulletin/fonts/fonts.conf"),
    }
    subprocess.run(
        [
            "soffice",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(docx),
        ],
        check=True,
        capture_output=True,
        timeout=180,
        env=env,
    )
    return out / docx.with_suffix(".pdf").name


@pytest.mark.parametrize("name", NAMES)
def test_libreoffice_opens_it_like_the_pdf(
    docs: dict[str, Path], name: str, tmp_path: Path, built_demo: Path, demo: Path
) -> None:
    converted = soffice_pdf(docs[name], tmp_path)
    weasy = built_demo.parent / "pdf" / name.replace(".docx", ".pdf")
    assert abs(pdf_pages(converted) - pdf_pages(weasy)) <= 1, (
        pdf_pages(converted),
        pdf_pages(weasy),
    )
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(converted), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    flat = re.sub(r"—\d+—", "", re.sub(r"\s+", "", text))  # page numbers between pages
    slug = name.removeprefix("nxyb-").removesuffix(".docx").replace("-", "/")
    [issue] = [a for a in load_archive(demo).issues if a.slug == slug]
    sample = issue.issue.entries[-1].body.split("\n\n")[0].strip()
    assert re.sub(r"\s+", "", sample) in flat
    # the titles' outline level: Word's navigation pane, the converted PDF's bookmarks
    marks = [m for m in PdfReader(converted).outline if not isinstance(m, list)]
    titles = [re.sub(r"\s+", "", entry.title) for entry in issue.issue.entries]
    assert [re.sub(r"\s+", "", mark.title) for mark in marks] == titles
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    last = pdf_pages(converted)
    for page in (1, last):
        png = page_png(converted, page, SCREENSHOTS / f"docx-{name.removesuffix('.docx')}-{page}")
        red = ink(png, "red")
        if page == 1:  # the 报头 and its rule, red, in the top third, nearly the 版心 wide
            assert red.box is not None, name
            assert red.box[3] < 702 / 3, (name, red.box)
            assert red.box[2] - red.box[0] > 0.9 * 156 * 60 / 25.4, (name, red.box)
        else:
            assert red.count == 0, (name, page)


def test_images_are_placed_and_scaled_to_the_frame(demo: Path) -> None:
    from PIL import Image

    images = demo / "content/issues/2025/images"
    images.mkdir()
    Image.new("RGB", (3000, 1500), "green").save(images / "宽图.png")
    Image.new("RGB", (200, 100), "red").save(images / "small.png")
    issue = demo / "content/issues/2025/12.yaml"
    issue.write_text(
        issue.read_text(encoding="utf-8").replace(
            "切实筑牢民生保障底线。\n",
            "切实筑牢民生保障底线。\n\n      ![宽图](images/宽图.png)\n\n"
            "      ![小图](images/small.png)\n",
            1,
        ),
        encoding="utf-8",
    )
    build(demo, demo / "build", formats=("docx",))
    document = Document(str(demo / "build/docx/nxyb-2025-12.docx"))
    shapes = document.inline_shapes
    assert len(shapes) == 2
    assert abs(shapes[0].width - Mm(156)) < Mm(0.1)
    assert shapes[0].height == pytest.approx(shapes[0].width / 2, rel=0.01)
    assert shapes[1].width < Mm(156)
    figures = [p for p in document.paragraphs if p.style.name == "图片"]
    assert len(figures) == 2
