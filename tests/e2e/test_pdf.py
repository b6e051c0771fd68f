"""The demo PDFs read back with poppler, pypdf and pdfplumber: geometry, fonts, text, outline."""

from __future__ import annotations

import collections
import itertools
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from tests.conftest import REPO, copy_project, ink, page_png, pdf_pages
from ybbulletin.build import build
from ybbulletin.errors import ContentError
from ybbulletin.project import load_archive
from ybbulletin.render.titles import title_lines

MM = 72 / 25.4
PITCH = 28.95
NAMES = ["nxyb-2021-01.pdf", "nxyb-2025-12.pdf"]
SCREENSHOTS = REPO / "build" / "screenshots"


@pytest.fixture(scope="module")
def pdfs(built_demo: Path) -> dict[str, Path]:
    folder = built_demo.parent / "pdf"
    return {name: folder / name for name in NAMES}


def run(*command: str) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def frame(page_number: int) -> tuple[float, float, float, float]:
    """The 版心 of a page in points: left, top, right, bottom (odd pages have the inside left)."""
    left = (28 if page_number % 2 else 26) * MM
    return left, 37 * MM, left + 156 * MM, (37 + 225) * MM


def body_lines(page: Any, page_number: int) -> dict[int, list[dict[str, Any]]]:
    """16 pt characters inside the 版心, grouped by baseline."""
    lines: dict[int, list[dict[str, Any]]] = collections.defaultdict(list)
    bottom = frame(page_number)[3]
    for char in page.chars:
        if char["top"] < bottom and round(char["size"]) == 16:
            lines[round(char["bottom"])].append(char)
    for chars in lines.values():
        chars.sort(key=lambda c: c["x0"])
    return dict(sorted(lines.items()))


def test_pdfinfo_metadata_and_a4(pdfs: dict[str, Path]) -> None:
    info = run("pdfinfo", str(pdfs["nxyb-2025-12.pdf"]))
    assert re.search(r"Page size:\s+595.2\d* x 841.8\d* pts \(A4\)", info)
    assert re.search(r"Title:\s+宁夏医保信息 2025年第12期（总第130期）\n", info)
    assert re.search(r"Author:\s+宁夏回族自治区医疗保障局\n", info)
    assert "CreationDate:    Wed Aug 13 00:00:00 2025" in info
    assert "ModDate:         Wed Aug 13 00:00:00 2025" in info


@pytest.mark.parametrize("name", NAMES)
def test_fonts_embedded_and_cjk(pdfs: dict[str, Path], name: str) -> None:
    rows = run("pdffonts", str(pdfs[name])).splitlines()[2:]
    assert rows
    for row in rows:
        font, *_, emb, sub, uni, _obj, _gen = row.split()
        assert (emb, sub, uni) == ("yes", "yes", "yes"), row
        family = font.split("+", 1)[1]
        assert family.startswith(
            ("FandolFang", "Noto-Serif-CJK-SC", "Noto-Sans-CJK-SC", "LXGW-WenKai")
        ), row


@pytest.mark.parametrize("name", NAMES)
def test_every_character_inside_the_frame_and_page_numbers_outside(
    pdfs: dict[str, Path], name: str
) -> None:
    with pdfplumber.open(pdfs[name]) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            left, top, right, bottom = frame(number)
            inside = [c for c in page.chars if c["top"] < bottom]
            for char in inside:
                # a glyph box may pass its advance by the −0.25 pt letter-spacing: allow 1 pt
                assert left - 1 <= char["x0"], (number, char["text"])
                assert char["x1"] <= right + 1, (number, char["text"])
                assert char["top"] >= top - 1, (number, char["text"])
            folio = sorted((c for c in page.chars if c["top"] >= bottom), key=lambda c: c["x0"])
            assert "".join(c["text"] for c in folio) == f"— {number} —"
            assert {round(c["size"]) for c in folio} == {14}
            # 7 mm below the frame, on the outer side, one 14 pt character in
            assert folio[0]["top"] == pytest.approx(bottom + 7 * MM, abs=1)
            if number % 2:
                assert folio[-1]["x1"] == pytest.approx(right - 14, abs=1.5)
            else:
                assert folio[0]["x0"] == pytest.approx(left + 14, abs=1.5)


@pytest.mark.parametrize("name", NAMES)
def test_full_pages_hold_22_lines_of_28_characters(pdfs: dict[str, Path], name: str) -> None:
    full_pages = 0
    full_lines = 0
    with pdfplumber.open(pdfs[name]) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            lines = body_lines(page, number)
            left, _top, right, bottom = frame(number)
            others = [c for c in page.chars if c["top"] < bottom and round(c["size"]) != 16]
            # a page of body text only that runs to the foot of the frame is a full page
            if lines and not others and max(lines) > bottom - PITCH:
                full_pages += 1
                assert len(lines) == 22, (number, len(lines))
                # body-font lines sit on the 28.95 pt grid (headings in other faces
                # keep the grid's line boxes but not the body font's baseline)
                body = [y for y, chars in lines.items() if "FandolFang" in chars[0]["fontname"]]
                for a, b in itertools.pairwise(body):
                    steps = (b - a) / PITCH
                    assert abs(steps - round(steps)) < 0.05, (number, a, b)
            for chars in lines.values():
                text = "".join(c["text"] for c in chars)
                wide = all(unicodedata.east_asian_width(ch) in "WF" for ch in text)
                starts_at_edge = abs(chars[0]["x0"] - left) < 1
                ends_at_edge = right - chars[-1]["x1"] < 2
                # every full line is justified to the edge; one a closing mark was pushed
                # off (禁则) holds 27 characters, spaced out, all others 28
                if wide and starts_at_edge and ends_at_edge:
                    assert len(text) in (27, 28), (number, text)
                    full_lines += len(text) == 28
    assert full_pages >= 2
    assert full_lines >= 50


def test_masthead_is_red_and_large(pdfs: dict[str, Path]) -> None:
    with pdfplumber.open(pdfs["nxyb-2025-12.pdf"]) as pdf:
        chars = [c for c in pdf.pages[0].chars if c["size"] > 30]
    assert "".join(c["text"] for c in chars) == "宁夏医保信息"
    for char in chars:
        r, g, b = char["non_stroking_color"]
        assert r > 0.85
        assert g < 0.15
        assert b < 0.15


@pytest.mark.parametrize("name", NAMES)
def test_outline_has_every_article_title(pdfs: dict[str, Path], name: str, demo: Path) -> None:
    from pypdf import PdfReader

    archive = load_archive(demo)
    slug = name.removeprefix("nxyb-").removesuffix(".pdf").replace("-", "/")
    [issue] = [a for a in archive.issues if a.slug == slug]
    outline = [item.title for item in PdfReader(pdfs[name]).outline]
    assert sorted(outline) == sorted(e.title for e in issue.issue.entries)


def test_outline_keeps_the_space_where_a_title_is_broken(demo: Path) -> None:
    """A long title set as balanced lines is cut at the space between its phrases; the
    bookmark (and so the reader's outline panel) still reads the title as written."""
    from pypdf import PdfReader

    title = "吴忠市医保局把准关键环节 抓好任务落实推动巩固拓展医保脱贫攻坚成果走深走实（第二部分）"
    path = demo / "content/issues/2025/12.yaml"
    text = path.read_text(encoding="utf-8")
    old = "title: 吴忠市医保局把准关键环节 抓好任务落实推动巩固拓展医保脱贫攻坚成果走深走实\n"
    path.write_text(text.replace(old, f"title: {title}\n", 1), encoding="utf-8")
    assert " " not in "".join(title_lines(title))  # cut at the space
    build(demo, demo / "build", formats=("pdf",), only=("2025/12",))
    outline = [item.title for item in PdfReader(demo / "build/pdf/nxyb-2025-12.pdf").outline]
    assert title in outline


def test_a_row_taller_than_a_page_keeps_the_header_row(demo: Path) -> None:
    """A register row imported from a web page can be taller than a page: the table still
    starts under its article's title with its header row, and every page of it repeats the
    header (with rows kept whole WeasyPrint 70 pushed such a row on, left a blank page and
    dropped the header on the page where the row began)."""
    long_cell = "违反了《医疗保障基金使用监督管理条例》第十五条之规定，" * 40
    table = (
        "\n      | 序号 | 名称 | 处理依据 | 文号 |\n      |---|---|---|---|\n"
        f"      | 1 | 某医院 | {long_cell} | 某医保行决字〔2025〕43号 |\n"
        "      | 2 | 某诊所 | 短 | 某医保行决字〔2025〕44号 |\n"
    )
    path = demo / "content/issues/2025/12.yaml"
    text = path.read_text(encoding="utf-8")
    marker = "    source: 石嘴山市医保局\n    body: |\n"
    path.write_text(text.replace(marker, marker + table + "\n", 1), encoding="utf-8")
    build(demo, demo / "build", formats=("pdf",), only=("2025/12",))
    with pdfplumber.open(demo / "build/pdf/nxyb-2025-12.pdf") as pdf:
        pages = [re.sub(r"\s+", "", page.extract_text() or "") for page in pdf.pages]
    with_table = [i for i, page in enumerate(pages) if "第十五条之规定" in page]
    assert len(with_table) >= 2
    assert all("处理依据" in pages[i] for i in with_table)
    assert "石嘴山市医保局三举措" in pages[with_table[0]]  # no page pushed between title and table


def test_text_copies_out_as_the_source(pdfs: dict[str, Path], demo: Path) -> None:
    text = run("pdftotext", "-enc", "UTF-8", str(pdfs["nxyb-2025-12.pdf"]), "-")
    flat = re.sub(r"\s+", "", text)
    archive = load_archive(demo)
    body = archive.issues[-1].issue.entries[0].body
    first = body.split("\n\n")[0].strip()
    assert first in flat
    second = re.sub(r"\*\*", "", body.split("\n\n")[1].strip())
    assert second in flat
    assert "\u200b" not in text
    assert " " not in first
    assert first.startswith("今年以来，石嘴山市医保局")


def test_same_input_same_bytes_anywhere(pdfs: dict[str, Path], tmp_path: Path) -> None:
    other = copy_project(REPO, tmp_path / "elsewhere" / "deeper")
    build(other, other / "build", formats=("pdf",))
    for name in NAMES:
        assert (other / "build/pdf" / name).read_bytes() == pdfs[name].read_bytes()


def test_pages_as_png_red_masthead_and_ink_inside_the_frame(pdfs: dict[str, Path]) -> None:
    """Pages 1, 2 and the last as 60 dpi PNG (left for a person to look at), as poppler paints them:
    the red 报头 and its rule across the 版心 on page 1 only, every page's ink inside the frame."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    px = 60 / 25.4  # pixels per mm
    for name, path in pdfs.items():
        for page in (1, 2, pdf_pages(path)):
            png = page_png(path, page, SCREENSHOTS / f"pdf-{name.removesuffix('.pdf')}-{page}")
            left, top, right, bottom = (v / MM * px for v in frame(page))
            dark = ink(png, "dark")
            assert dark.box is not None, (name, page)
            # the folio sits 7 mm under the frame: allow its 14 pt line below
            ink_left, ink_top, ink_right, ink_bottom = dark.box
            assert left - 2 <= ink_left, (name, page, dark.box)
            assert ink_right <= right + 2, (name, page, dark.box)
            assert top - 2 <= ink_top, (name, page, dark.box)
            assert ink_bottom <= bottom + 14 * px, (name, page, dark.box)
            red = ink(png, "red")
            if page != 1:
                assert red.count == 0, (name, page)
                continue
            assert red.box is not None, name
            # the masthead and its rule: in the top third, the rule as wide as the 版心
            assert red.box[3] < 702 / 3, (name, red.box)
            assert red.box[2] - red.box[0] == pytest.approx(156 * px, abs=3), (name, red.box)
            assert red.count > 1000, (name, red.count)


def test_print_templates_cannot_reach_outside(demo: Path) -> None:
    folder = demo / "templates/print"
    folder.mkdir(parents=True)
    css = (REPO / "ybbulletin/templates/print/print.css").read_text(encoding="utf-8")
    (folder / "print.css").write_text(
        css + '\nbody { background: url("file:///etc/hostname"); }\n'
        '.masthead { background: url("http://127.0.0.1:9/x.png"); }\n',
        encoding="utf-8",
    )
    with pytest.raises(ContentError) as caught:
        build(demo, demo / "build", formats=("pdf",))
    messages = [d.message for d in caught.value.diagnostics.errors]
    assert any("file:///etc/hostname" in m for m in messages)
    assert any("http://127.0.0.1:9/x.png" in m for m in messages)
    assert not (demo / "build/pdf").exists()


def test_missing_glyph_is_a_located_warning(demo: Path) -> None:
    path = demo / "content/issues/2025/12.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("source: 石嘴山市医保局\n", "source: 石嘴山市医保局𓀀\n", 1), encoding="utf-8"
    )
    result = build(demo, demo / "build", formats=("pdf",))
    warnings = [d.format() for d in result.diagnostics.warnings]
    assert any(
        w.startswith("content/issues/2025/12.yaml:13:")
        and "字符“𓀀”（U+13000）在印刷用的字体中都没有" in w
        for w in warnings
    ), warnings


def test_font_substitutions_are_reported(demo: Path) -> None:
    if shutil.which("fc-match") is None:
        pytest.fail("fontconfig is missing: run make test")
    result = build(demo, demo / "build", formats=("pdf",))
    assert ("仿宋_GB2312", "FandolFang") in result.font_substitutions
    assert ("方正小标宋简体", "Noto Serif CJK SC Black") in result.font_substitutions


def test_supplement_masthead_images_scaled_and_the_staff_line(demo: Path) -> None:
    from PIL import Image

    images = demo / "content/issues/2025/images"
    images.mkdir()
    Image.new("RGB", (3000, 2000), "blue").save(images / "wide.png")
    (demo / "content/issues/2025/zengkan-01.yaml").write_text(
        """year: 2025
number: 1
kind: supplement
date: 2025-09-01
staff: {编辑: 张某, 审核: 李某}
entries:
  - kind: work_update
    title: 增刊测试
    body: |
      正文。

      ![很宽的图](images/wide.png)
""",
        encoding="utf-8",
    )
    build(demo, demo / "build", formats=("pdf",))
    path = demo / "build/pdf/nxyb-2025-zengkan-01.pdf"
    with pdfplumber.open(path) as pdf:
        first = pdf.pages[0]
        text = first.extract_text()
        assert "增刊第1期" in text
        assert "总第" not in text
        assert "本期目录" not in text  # one entry: no contents
        left, _top, right, _bottom = frame(1)
        [image] = first.images
        assert left - 0.5 <= image["x0"]
        assert image["x1"] <= right + 0.5
        assert image["x1"] - image["x0"] == pytest.approx(156 * MM, abs=1)
        last = pdf.pages[-1].extract_text()
    assert "编辑：张某" in last
    assert "审核：李某" in last
    assert "（共印120份）" in last
