"""The 政策解读 kind (``policy``) through every output: site, print, Word, feed, 公众号, scaffold.

The kind is declared once (``model/kinds.py``) and laid out by ``templates/kinds/policy.html``;
nothing else names it. Golden pages: ``tests/golden/policy/`` (regenerate with
``YB_REGENERATE=1 .venv/bin/python -m pytest tests/test_policy.py``).
"""

from __future__ import annotations

import datetime
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document

from tests.conftest import REPO
from tests.goldens import check_tree
from ybbulletin.build import build
from ybbulletin.numbering import NextIssue
from ybbulletin.project import load_archive
from ybbulletin.render.pages import make_environment
from ybbulletin.render.pdf import print_html
from ybbulletin.scaffold import skeleton
from ybbulletin.site import build_views

FIXTURE = REPO / "tests" / "fixtures" / "policy"
GOLDEN = REPO / "tests" / "golden" / "policy"
NUMBER = "文号：测医保发〔2021〕3号"


def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("policy") / "project"
    shutil.copytree(FIXTURE, root)
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Site, Word and 公众号 (the PDF has its own, slow, test); not signed: a draft, shown."""
    root = project(tmp_path_factory)
    build(root, root / "build", formats=("html", "docx", "wechat"), jobs=1, drafts=True)
    return root / "build"


def test_site_and_print_golden(built: Path) -> None:
    archive = load_archive(FIXTURE)
    (issue,) = build_views(archive)
    html = print_html(make_environment(FIXTURE, "print"), archive.publication, issue)
    pages = {"print/2021-01.html": html}
    for number in ("01", "02"):
        path = f"site/2021/01/{number}.html"
        pages[path] = (built / path).read_text(encoding="utf-8")
    check_tree(GOLDEN, pages)
    assert NUMBER in pages["site/2021/01/02.html"]
    assert "（司法部、国家医疗保障局）" not in pages["print/2021-01.html"]  # 来源 comes first
    assert "（盘锦市医疗保障局）" in pages["print/2021-01.html"]


def test_word_carries_the_credit_and_number_lines(built: Path) -> None:
    document = Document(str(built / "docx" / "cszc-2021-01.docx"))
    lines = [(p.style.name, p.text) for p in document.paragraphs]
    assert ("来源", NUMBER) in lines
    assert ("来源", "（测试市医疗保障局）") in lines
    headings = [text for style, text in lines if style == "一级标题"]
    assert headings == ["一、出台背景", "二、主要内容"]
    assert "办法全文" in "".join(text for _style, text in lines)


@pytest.mark.slow
def test_pdf_text_has_the_number_line(tmp_path_factory: pytest.TempPathFactory) -> None:
    root = project(tmp_path_factory)
    build(root, root / "build", formats=("pdf",), jobs=1, drafts=True)
    text = subprocess.run(
        ["pdftotext", "-layout", str(root / "build" / "pdf" / "cszc-2021-01.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert NUMBER in text
    assert "政策解读" in text  # the 栏目 label


def test_feed_and_wechat(built: Path) -> None:
    feed = (built / "site" / "feed.xml").read_text(encoding="utf-8")
    assert 'term="policy"' in feed
    assert "2021年1月15日，国务院总理李克强签署" in feed  # summary: the first paragraph
    fragment = (built / "wechat" / "2021" / "01" / "02.html").read_text(encoding="utf-8")
    assert "门诊统筹的待遇标准" in fragment
    assert ">文号：测医保发〔2021〕3号</p>" in fragment  # the kind's plain line, under the credit


def test_the_skeleton_shows_a_policy_example() -> None:
    text = skeleton(
        NextIssue(2025, 2, 2), "regular", datetime.date(2025, 2, 1), {"policy": "政策解读"}
    )
    assert "#  - kind: policy" in text
    assert "#    doc_number: 医保发〔2025〕1号" in text
