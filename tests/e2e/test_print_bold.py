"""Bold that prints: measured as ink on the rendered page, not by the font's name."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pdfplumber
import pytest
from PIL import Image

from tests.conftest import REPO
from ybbulletin.render.pdf import render_pdf

TEXT = "医疗保障基金监管"
FAMILIES = {"仿宋": "", "楷体": "'楷体_GB2312', 'LXGW WenKai'", "黑体": "'黑体'"}
DPI = 150


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, Image.Image]:
    css = (REPO / "ybbulletin/templates/print/print.css").read_text(encoding="utf-8")
    rows = "".join(
        f'<p style="font-family: {family or "inherit"}">{TEXT}</p>'
        f'<p style="font-family: {family or "inherit"}"><strong>{TEXT}</strong></p>'
        for family in FAMILIES.values()
    )
    html = (
        f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><style>{css}</style>'
        f"</head><body>{rows}</body></html>"
    )
    folder = tmp_path_factory.mktemp("bold")
    data = render_pdf(html, folder).data
    (folder / "bold.pdf").write_bytes(data)
    subprocess.run(
        ["pdftoppm", "-r", str(DPI), "-gray", "-png", "-singlefile", "bold.pdf", "bold"],
        cwd=folder,
        check=True,
    )
    return data, Image.open(folder / "bold.png").convert("L")


def lines(data: bytes) -> list[tuple[str, str, tuple[float, float, float, float]]]:
    """(text, font name, box in pt) of each line of the page."""
    found: dict[int, list[dict[str, object]]] = {}
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for char in pdf.pages[0].chars:
            found.setdefault(round(char["top"]), []).append(char)
    result = []
    for _top, chars in sorted(found.items()):
        chars.sort(key=lambda c: c["x0"])  # type: ignore[arg-type, return-value]
        box = (
            min(c["x0"] for c in chars),  # type: ignore[type-var]
            min(c["top"] for c in chars),  # type: ignore[type-var]
            max(c["x1"] for c in chars),  # type: ignore[type-var]
            max(c["bottom"] for c in chars),  # type: ignore[type-var]
        )
        text = "".join(str(c["text"]) for c in chars)
        result.append((text, str(chars[0]["fontname"]).split("+")[-1], box))  # type: ignore[arg-type]
    return result


def ink(image: Image.Image, box: tuple[float, float, float, float]) -> float:
    scale = DPI / 72
    crop = image.crop(tuple(round(v * scale) for v in box))  # type: ignore[arg-type]
    histogram = crop.histogram()
    return sum((255 - value) * count for value, count in enumerate(histogram)) / 255


def test_bold_puts_visibly_more_ink_on_the_page(rendered: tuple[bytes, Image.Image]) -> None:
    data, image = rendered
    found = [line for line in lines(data) if "—" not in line[0]]  # not the page number
    assert [text for text, _font, _box in found] == [TEXT] * 6  # the stroke changes no text
    ratios = {}
    for (name, _css), regular, bold in zip(FAMILIES.items(), found[::2], found[1::2], strict=True):
        assert bold[1].endswith("-Bold"), bold
        ratios[name] = ink(image, bold[2]) / ink(image, regular[2])
    # FandolFang has no bold face: stroked, it must look as bold as the real bold faces do
    assert ratios["楷体"] > 1.1
    assert ratios["黑体"] > 1.1
    assert ratios["仿宋"] > max(ratios["楷体"], ratios["黑体"]) - 0.1, ratios
    assert ratios["仿宋"] < 2.2, ratios  # bold, not blotted


def test_only_the_synthetic_bold_is_stroked(rendered: tuple[bytes, Image.Image]) -> None:
    import pikepdf

    data, _image = rendered
    with pikepdf.open(io.BytesIO(data)) as pdf:
        page = pdf.pages[0]
        fonts = {
            str(key): str(font.BaseFont).split("+")[-1] for key, font in page.Resources.Font.items()
        }
        current, stroked = "", set()
        for instruction in pikepdf.parse_content_stream(page):
            if str(instruction.operator) == "Tf":
                current = fonts[str(instruction.operands[0])]
            if str(instruction.operator) == "Tr" and int(instruction.operands[0]) == 2:
                stroked.add(current)
    assert stroked == {"FandolFang-Bold"}


def test_demo_lead_sentences_are_stroked(built_demo: Path) -> None:
    data = (built_demo.parent / "pdf/nxyb-2025-12.pdf").read_bytes()
    bold = [line for line in lines_of_all_pages(data) if line[1] == "FandolFang-Bold"]
    assert any("精准参保" in text for text, _font in bold)
    assert re.search(rb"(^|\s)2 Tr\s", decompressed(data))


def lines_of_all_pages(data: bytes) -> list[tuple[str, str]]:
    found: dict[tuple[int, int, str], list[str]] = {}
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for number, page in enumerate(pdf.pages):
            for char in page.chars:
                key = (number, round(char["top"]), char["fontname"].split("+")[-1])
                found.setdefault(key, []).append(char["text"])
    return [("".join(chars), key[2]) for key, chars in found.items()]


def decompressed(data: bytes) -> bytes:
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        return b"".join(page.Contents.read_bytes() for page in pdf.pages)
