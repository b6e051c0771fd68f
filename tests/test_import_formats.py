"""Import from every format offices have: Word details, .doc through LibreOffice, our own PDFs
(round trip), a web page saved from a government site, GB18030 text."""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document
from docx.oxml import parse_xml

from tests.conftest import REPO
from tests.importing import SEEDS, SETTINGS, import_ok, make_project
from ybbulletin.cli import main
from ybbulletin.project import load_archive

FIXTURES = Path(__file__).parent / "fixtures" / "import"
imported = import_ok


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path)


def _word_file(path: Path) -> Path:
    """A contribution as county bureaus write them in Word."""
    document = Document()
    document.sections[0].header.paragraphs[0].text = "某县医疗保障局（页眉）"
    document.sections[0].footer.paragraphs[0].text = "第 1 页（页脚）"
    document.add_paragraph("某县医保局三项举措推进医保政策宣传")
    document.add_paragraph("今年以来，某县医保局多措并举开展医保政策宣传。主要做法如下：")
    for text in ("抓住关键环节", "创新宣传形式"):
        document.add_paragraph(text, style="List Number")
    paragraph = document.add_paragraph("详见")
    paragraph._p.append(  # a hyperlink: its text belongs to the paragraph
        parse_xml(
            '<w:hyperlink xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            "<w:r><w:t>县医保局网站</w:t></w:r></w:hyperlink>"
        )
    )
    paragraph.add_run("的通知。")
    box = document.add_paragraph("文本框前的一段。")
    box._p.append(  # a text box (VML): its paragraphs are read after their anchor
        parse_xml(
            '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
            'xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape><v:textbox>'
            "<w:txbxContent><w:p><w:r><w:t>文本框里的一段说明。</w:t></w:r></w:p></w:txbxContent>"
            "</v:textbox></v:shape></w:pict></w:r>"
        )
    )
    document.add_paragraph("下一步，某县医保局将继续推进。")
    document.save(str(path))
    return path


def test_word_lists_links_text_boxes_and_no_headers(project: Path, tmp_path: Path) -> None:
    _issue, entry = imported(
        project, _word_file(tmp_path / "来稿.docx"), "--year", "2025", "--number", "4"
    )
    assert entry.title == "某县医保局三项举措推进医保政策宣传"  # type: ignore[attr-defined]
    body = entry.body  # type: ignore[attr-defined]
    assert "1.抓住关键环节" in body  # numbered as Word shows it, 1. as bulletins write it
    assert "2.创新宣传形式" in body
    assert "详见县医保局网站的通知。" in body
    assert "文本框前的一段。\n\n文本框里的一段说明。" in body
    assert "页眉" not in body
    assert "页脚" not in body


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_doc_and_wps_through_libreoffice(project: Path, tmp_path: Path) -> None:
    word = _word_file(tmp_path / "来稿.docx")
    subprocess.run(
        ["soffice", f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless",
         "--convert-to", "doc", "--outdir", str(tmp_path), str(word)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    doc = tmp_path / "来稿.doc"
    wps = tmp_path / "来稿.wps"
    shutil.copyfile(doc, wps)  # WPS files are the same binary format as .doc
    for source in (doc, wps):
        root = tmp_path / source.suffix[1:]
        shutil.copytree(project, root)
        _issue, entry = imported(root, source, "--year", "2025", "--number", "5")
        assert entry.title == "某县医保局三项举措推进医保政策宣传"  # type: ignore[attr-defined]
        assert "详见县医保局网站的通知。" in entry.body  # type: ignore[attr-defined]


@pytest.mark.parametrize("slug", ["2025/12", "2021/01"])
def test_our_own_pdf_imports_back(project: Path, built_demo: Path, slug: str) -> None:
    pdf = built_demo.parent / "pdf" / f"nxyb-{slug.replace('/', '-')}.pdf"
    demo = {a.slug: a for a in load_archive(REPO).issues}[slug]
    if slug == "2021/01":
        (project / "ybbulletin.yaml").write_text(
            SETTINGS + "numbering: {first_total: 39}\n", encoding="utf-8"
        )
    issue, *entries = imported(project, pdf, "--date", demo.issue.date.isoformat())
    assert (issue.issue.year, issue.issue.number) == (demo.issue.year, demo.issue.number)  # type: ignore[attr-defined]
    from ybbulletin.site import print_order

    originals = [
        demo.issue.entries[i] for i in print_order(demo, load_archive(REPO).publication.sections)
    ]
    assert [e.title for e in entries] == [e.title for e in originals]  # type: ignore[attr-defined]
    assert [e.kind for e in entries] == [e.kind for e in originals]  # type: ignore[attr-defined]
    for mine, original in zip(entries, originals, strict=True):
        if original.kind == "case_notice":
            assert [c.title for c in mine.cases] == [c.title for c in original.cases]  # type: ignore[attr-defined]
            assert [c.amounts for c in mine.cases] == [c.amounts for c in original.cases]  # type: ignore[attr-defined]
        else:
            assert getattr(mine, "source", None) == getattr(original, "source", None)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_another_offices_pdf_made_from_word(project: Path, tmp_path: Path) -> None:
    """A bulletin typed in Word (a running header, centred titles in a larger size, quotes
    from a fallback font) and printed to PDF reads as its text does."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    seed = SEEDS / "002_28945524f016ccdd.txt"
    document = Document()
    document.sections[0].header.paragraphs[0].text = "宁夏医保信息（内部资料）"
    for line in filter(None, (li.strip() for li in seed.read_text(encoding="utf-8").split("\n"))):
        paragraph = document.add_paragraph()
        run = paragraph.add_run(line)
        title = len(line) < 40 and not line.endswith("。")
        run.font.size = Pt(18 if title else 14)
        if title:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    word = tmp_path / "seed.docx"
    document.save(str(word))
    subprocess.run(
        ["soffice", f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(word)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    _issue, *from_pdf = imported(project, tmp_path / "seed.pdf")
    text_project = tmp_path / "text"
    shutil.copytree(project, text_project, ignore=shutil.ignore_patterns("content"))
    _issue, *from_text = imported(text_project, seed)
    assert [(e.kind, e.title) for e in from_pdf] == [(e.kind, e.title) for e in from_text]  # type: ignore[attr-defined]
    draft = (project / "content/issues/2025/12.yaml").read_text(encoding="utf-8")
    assert "每页重复的页眉、页脚或标记已略去：宁夏医保信息（内部资料）" in draft


def test_our_own_site_page_imports_back(project: Path, built_demo: Path) -> None:
    """An article page of the site (a web page with our own chrome) gives back its case notice."""
    demo = {a.slug: a for a in load_archive(REPO).issues}["2021/01"]
    [original] = [e for e in demo.issue.entries if e.kind == "case_notice"]
    page = next(
        p for p in sorted((built_demo / "2021" / "01").glob("0*.html"))
        if f">{original.title}</h1>" in p.read_text(encoding="utf-8")
    )  # fmt: skip
    _issue, notice = imported(project, page, "--year", "2021", "--number", "1")
    assert notice.title == original.title  # type: ignore[attr-defined]
    assert [c.title for c in notice.cases] == [c.title for c in original.cases]  # type: ignore[attr-defined]
    assert [c.amounts for c in notice.cases] == [c.amounts for c in original.cases]  # type: ignore[attr-defined]
    assert [c.subject_type for c in notice.cases] == [c.subject_type for c in original.cases]  # type: ignore[attr-defined]


def test_a_web_page_from_a_government_site(project: Path) -> None:
    _issue, entry = imported(project, FIXTURES / "gov-page.html", "--number", "7")
    assert entry.title == "市医保局召开2025年医保基金监管工作推进会"  # type: ignore[attr-defined]
    assert entry.kind == "work_update"  # type: ignore[attr-defined]
    assert entry.source == "市医疗保障局"  # type: ignore[attr-defined]
    body = entry.body  # type: ignore[attr-defined]
    assert body.startswith("6月12日，市医疗保障局召开2025年医保基金监管工作推进会")
    assert "| 项目 | 件数 |\n|---|---|\n| 检查定点医药机构 | 326 |" in body
    assert "各县区医保局要**压实监管责任**，聚焦重点领域" in body  # <strong> kept as bold
    for chrome in ("首页", "打印本页", "关闭窗口", "上一篇", "网站标识码", "var ", "分享到"):
        assert chrome not in body
    text = (project / "content/issues/2025/07.yaml").read_text(encoding="utf-8")
    assert "date: 2025-06-13" in text  # PubDate
    assert "原文有图片（images/hui.jpg）" in text


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "utf-16"])  # 记事本's ANSI and Unicode
def test_other_encodings_read_as_their_utf8_original(
    project: Path, tmp_path: Path, encoding: str
) -> None:
    text = (SEEDS / "002_28945524f016ccdd.txt").read_text(encoding="utf-8")
    original = text.encode(encoding, errors="ignore").decode(encoding)  # GBK lacks a few
    gbk = tmp_path / "网页.txt"
    gbk.write_bytes(original.encode(encoding))
    utf8 = tmp_path / "utf8" / "网页.txt"
    utf8.parent.mkdir()
    utf8.write_text(original, encoding="utf-8")
    assert main(["--project", str(project), "import", str(gbk)]) == 0
    first = (project / "content/issues/2025/12.yaml").read_text(encoding="utf-8")
    (project / "content/issues/2025/12.yaml").unlink()
    assert main(["--project", str(project), "import", str(utf8)]) == 0
    assert (project / "content/issues/2025/12.yaml").read_text(encoding="utf-8") == first


def test_amounts_in_yuan_and_yi_become_wan_with_the_original_kept(
    project: Path, tmp_path: Path
) -> None:
    source = tmp_path / "通报.txt"
    source.write_text(
        "某市医疗保障局关于2起违规使用医保基金典型案例的通报\n"
        "近日，市医保局查处了一批违规使用医保基金案件，现将2起典型案例通报如下：\n"
        "案例1：某县第三人民医院过度检查\n"
        "经查，该院2020年1月至2020年12月存在过度检查问题，涉及违规金额36900.00元。"
        "医保部门依据《医疗保障基金使用监督管理条例》第三十八条，责令退回36900.00元，"
        "并处违规金额2倍罚款，计73800元。\n"
        "案例2：张某某冒名就医骗保案\n"
        "经查，张某某冒用他人医保凭证就医，骗取医保基金2.5亿元，已移交公安机关。\n",
        encoding="utf-8",
    )
    _issue, notice = imported(project, source, "--year", "2025", "--number", "8")
    first, second = notice.cases  # type: ignore[attr-defined]
    assert (first.subject, first.subject_type) == ("某县第三人民医院", "hospital")
    assert (first.amounts.involved, first.amounts.recovered, first.amounts.fined) == (
        Decimal("3.69"), Decimal("3.69"), Decimal("7.38"),
    )  # fmt: skip
    assert (first.period.start, first.period.end) == ("2020-01", "2020-12")
    assert first.legal_basis == ["《医疗保障基金使用监督管理条例》第三十八条"]
    assert (second.subject, second.subject_type, second.amounts.involved) == (
        "张某某", "individual", Decimal("25000"),
    )  # fmt: skip
    assert "移交公安机关" in second.actions
    text = (project / "content/issues/2025/08.yaml").read_text(encoding="utf-8")
    assert "涉案金额由元换算为万元（原文：“涉及违规金额36900.00元”）" in text
    assert notice.issuer == "某市医疗保障局"  # type: ignore[attr-defined]
