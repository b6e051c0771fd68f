"""Justified Chinese lines in the PDF: right edges, extraction, and the WeasyPrint hooks."""

from __future__ import annotations

import io
import itertools
import random
import re
import subprocess
from html import unescape
from pathlib import Path

import pdfplumber
import pytest

from tests.conftest import REPO, copy_project
from tests.e2e.test_pdf import NAMES, PITCH, body_lines, frame
from ybbulletin.build import build

EDGE = 0.5  # pt: how far a continued line may end from the 版心's right edge
STRESS = "nxyb-2025-zengkan-01.pdf"


def continued_lines(data: bytes) -> list[tuple[int, str, float, float]]:
    """(page, text, right edge minus end, widest gap) of every body line its paragraph continues.

    A body line is 16 pt FandolFang text starting at the frame's left edge or one indent in;
    it is continued when the next body line, just below or at the top of the next page,
    starts at the left edge.
    """
    rows = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            left, _top, right, _bottom = frame(number)
            lines = body_lines(page, number)
            for y, chars in lines.items():
                if "FandolFang" in chars[0]["fontname"] and chars[0]["x0"] - left < 40:
                    first, last = y == min(lines), y == max(lines)
                    rows.append((number, y, chars, left, right, first, last))
    found = []
    for this, following in itertools.pairwise(rows):
        page, y, chars, _left, right, _first, last = this
        next_page, next_y, next_chars, next_left, _right, next_first, _last = following
        adjacent = next_page == page and next_y - y < PITCH + 2
        over_page = next_page == page + 1 and last and next_first
        if (adjacent or over_page) and abs(next_chars[0]["x0"] - next_left) < 2:
            text = "".join(c["text"] for c in chars)
            widest = max(b["x0"] - a["x1"] for a, b in itertools.pairwise(chars))
            found.append((page, text, right - chars[-1]["x1"], widest))
    return found


def test_weasyprint_still_has_what_the_justification_uses() -> None:
    """Fails loudly on a WeasyPrint upgrade that moves the hooks (see render/justify.py)."""
    from ybbulletin.render.justify import check_weasyprint

    check_weasyprint()


def paragraph_html(text: str) -> str:
    css = (REPO / "ybbulletin/templates/print/print.css").read_text(encoding="utf-8")
    return (
        f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><style>{css}</style>'
        f"</head><body><p>{text}</p></body></html>"
    )


SMOKE = (
    "今年以来，石嘴山市医保局聚焦“两不愁三保障”目标，" * 8 + "追回医保基金462.24万元，" * 3 + "完。"
)


def test_paragraph_is_flush_inside_the_block_and_ragged_outside(tmp_path: Path) -> None:
    import weasyprint
    from weasyprint.layout import inline

    from ybbulletin.render import pdf
    from ybbulletin.render.justify import cjk_justification

    before = (inline.justify_line, inline.text_align)
    flush = pdf.render_pdf(paragraph_html(SMOKE), tmp_path).data
    assert (inline.justify_line, inline.text_align) == before  # nothing left switched on
    ends = [gap for _page, _text, gap, _widest in continued_lines(flush)]
    assert len(ends) >= 8
    assert max(abs(gap) for gap in ends) < 0.1, ends

    plain = weasyprint.HTML(string=paragraph_html(SMOKE)).write_pdf(font_config=pdf._font_config())
    assert max(line[2] for line in continued_lines(plain)) > 4  # WeasyPrint alone
    with cjk_justification():
        again = weasyprint.HTML(string=paragraph_html(SMOKE)).write_pdf(
            font_config=pdf._font_config()
        )
    assert max(abs(line[2]) for line in continued_lines(again)) < 0.1


@pytest.mark.parametrize("name", NAMES)
def test_every_continued_body_line_of_the_demo_ends_at_the_edge(
    built_demo: Path, name: str
) -> None:
    lines = continued_lines((built_demo.parent / "pdf" / name).read_bytes())
    assert len(lines) > 150
    off = [(page, text, round(gap, 2)) for page, text, gap, _widest in lines if abs(gap) > EDGE]
    assert not off


# A generated text that puts numbers, Latin, bold, links and full-width punctuation at line ends.
WORDS = [
    "医疗保障", "基金监管", "参保缴费", "待遇保障", "定点医药机构", "异地就医", "直接结算",
    "乡村振兴", "门诊统筹", "集中带量采购", "支付方式改革", "经办服务", "信用评价", "专项治理",
    "按病种付费", "城乡居民", "大病保险", "医疗救助", "长期护理", "智能审核",
]  # fmt: skip
NUMBERS = ["2021年", "1.8亿元", "462.24万元", "95.6%", "3-6月", "第12期", "12393", "1,234人次"]
LATIN = ["DRG", "DIP", "PDF/A", "ICD-10", "HIS", "APP", "WeasyPrint"]


def stress_paragraphs(seed: int = 13, count: int = 70) -> list[str]:
    """Markdown paragraphs; their plain text is ``plain(paragraph)``."""
    rng = random.Random(seed)

    def phrase() -> str:
        roll = rng.random()
        word = rng.choice(WORDS)
        if roll < 0.15:
            return rng.choice(NUMBERS)
        if roll < 0.25:
            return rng.choice(LATIN)
        if roll < 0.35:
            return rng.choice(["“{}”", "《{}》", "（{}）"]).format(word)
        if roll < 0.42:
            return f"[{word}](https://www.nhsa.gov.cn/)"
        return word

    paragraphs = []
    for _ in range(count):
        sentences = []
        for _ in range(rng.randint(2, 5)):
            parts = [phrase() for _ in range(rng.randint(3, 9))]
            text = "".join(
                p + (rng.choice("，、；：") if rng.random() < 0.3 else "") for p in parts
            )
            text = text.rstrip("，、；：")
            text = f"**{text}**" if rng.random() < 0.2 else text  # a bold lead sentence
            sentences.append(text + rng.choice("。；"))
        paragraphs.append("".join(sentences).rstrip("；") + "。")
    return paragraphs


def plain(markdown: str) -> str:
    return re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown).replace("**", "")


@pytest.fixture(scope="module")
def stress(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, list[str]]:
    root = copy_project(REPO, tmp_path_factory.mktemp("stress") / "demo")
    paragraphs = stress_paragraphs()
    body = "\n\n".join(paragraphs).replace("\n", "\n      ")
    (root / "content/issues/2025/zengkan-01.yaml").write_text(
        "year: 2025\nnumber: 1\nkind: supplement\ndate: 2025-09-01\nentries:\n"
        "  - kind: work_update\n    title: 排版压力测试\n    body: |\n      " + body + "\n",
        encoding="utf-8",
    )
    build(root, root / "build", formats=("pdf",))
    return (root / "build/pdf" / STRESS).read_bytes(), [plain(p) for p in paragraphs]


def test_stress_text_ends_every_continued_line_at_the_edge(stress: tuple[bytes, list[str]]) -> None:
    data, _paragraphs = stress
    lines = continued_lines(data)
    assert len(lines) > 200  # about 10 pages
    # A line before a run too long to fit opens its gaps only to just under 0.1 em (wider
    # gaps read as spaces) and then stays short; every other line ends at the edge.
    loose = [line for line in lines if line[3] > 1.5]
    off = [(page, text, round(gap, 2)) for page, text, gap, widest in lines if abs(gap) > EDGE]
    assert {line[1] for line in loose} >= {text for _page, text, _gap in off}
    assert len(off) <= len(lines) // 20
    assert all(widest < 1.6 for *_line, widest in lines)
    # the text does put what is hard at line ends
    ends = [line[1][-1] for line in lines]
    assert sum(end in "，。；：、”》）" for end in ends) >= 10
    assert sum(end.isdigit() or end in "%元年月期次" for end in ends) >= 10
    assert sum(end.isascii() and end.isalpha() for end in ends) >= 1


def as_written(paragraph: str) -> str:
    """A pattern for the paragraph where its own white space may be any white space or none."""
    return "".join(r"\s*" if char.isspace() else re.escape(char) for char in paragraph)


def near(paragraph: str, text: str) -> tuple[str, str]:
    """Where an extracted text first departs from a paragraph (for failure messages)."""
    for size in range(len(paragraph), 0, -1):
        if paragraph[:size] in text:
            at = text.index(paragraph[:size]) + size
            return paragraph[size - 10 : size + 10], text[at - 10 : at + 10]
    return paragraph[:20], ""


def extracted(data: bytes, tool: str) -> str:
    """The PDF's text by one tool, line breaks and page numbers taken out."""
    if tool == "pdftotext":
        text = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True
        ).stdout.decode()
    elif tool == "pdfplumber":
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            text = "\n".join(page.extract_text() for page in pdf.pages)
    else:
        from pypdf import PdfReader

        text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    text = re.sub(r"[\n\f]", "", text)
    # page furniture (page numbers, the draft mark), wherever the tool puts it
    return re.sub(r"— ?\d+ ?—|送 ?审 ?稿|草 ?稿", "", text)


@pytest.mark.parametrize("tool", ["pdftotext", "pdfplumber", "pypdf"])
def test_stress_text_copies_out_as_written(stress: tuple[bytes, list[str]], tool: str) -> None:
    data, paragraphs = stress
    text = extracted(data, tool)
    missing = [p for p in paragraphs if p not in text]
    assert not missing, [near(p, text) for p in missing[:3]]


@pytest.mark.parametrize("tool", ["pdftotext", "pdfplumber", "pypdf"])
@pytest.mark.parametrize("name", NAMES)
def test_demo_paragraphs_copy_out_as_written(built_demo: Path, name: str, tool: str) -> None:
    """Every body paragraph of the print HTML comes back whole: nothing added, nothing lost."""
    html = (REPO / "tests/golden/print" / name.replace(".pdf", ".html")).read_text("utf-8")
    paragraphs = [
        unescape(re.sub(r"<[^>]+>", "", p)).replace("\u200b", "")
        for p in re.findall(r"<p>(.*?)</p>", html, flags=re.S)
        if "<img" not in p
    ]
    assert len(paragraphs) > 15
    text = extracted((built_demo.parent / "pdf" / name).read_bytes(), tool)
    # the source's own spaces (an en space or two) may come out as any or no space
    missing = [p for p in paragraphs if not re.search(as_written(p.replace("\n", "")), text)]
    assert not missing, missing[:3]
