"""Bad inputs too big to keep as case files (made here), and a failed import that writes nothing.

The small bad inputs are case files: tests/cases/import-*/ beside their exact messages.
"""

from __future__ import annotations

import io
import random
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from docx import Document
from PIL import Image

from tests.importing import import_ok, make_project
from ybbulletin.cli import main
from ybbulletin.importer import read_docx


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path)


def files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))


def run(project: Path, source: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> str:
    before = files(project)
    code = main(["--project", str(project), "import", str(source), *extra])
    err = capsys.readouterr().err
    assert code == 1
    assert files(project) == before  # nothing written, not even a temporary file
    return err


def test_a_50_mb_text_is_refused_before_it_is_read(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    huge = tmp_path / "十年合订本.txt"
    with huge.open("wb") as stream:
        stream.truncate(50 * 1024 * 1024)  # sparse: the size is checked, the bytes never read
    err = run(project, huge, capsys, "--year", "2025", "--number", "1")
    assert err == (
        "十年合订本.txt:1:1: 错误: 文件太大（50.0 MB），超过 10 MB 的上限\n"
        "    提示: 请把文件按期拆开后分别导入\n"
        "发现 1 个错误，0 个警告。\n"
    )


def test_a_zip_bomb_docx_is_refused_unpacked_in_bounded_chunks(
    project: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The bound lowered to 4 MB (it is 256 MB): the same refusal, without deflating 260 MB here.
    monkeypatch.setattr(read_docx, "MAX_UNPACKED", 4 * 1024 * 1024)
    bomb = tmp_path / "炸弹.docx"

    def add_spaces(target: zipfile.ZipFile) -> None:
        # 5 MB of spaces inside an XML part (over the bound): a few kB more on disk
        with target.open("word/glossary.xml", "w", force_zip64=True) as stream:
            chunk = b" " * (1024 * 1024)
            for _ in range(5):
                stream.write(chunk)

    _blank_docx(bomb, add=add_spaces)
    assert bomb.stat().st_size < 128 * 1024
    err = run(project, bomb, capsys, "--year", "2025", "--number", "1")
    assert (
        err.splitlines()[0]
        == "炸弹.docx:1:1: 错误: Word 文件解压后过大（可能是“压缩炸弹”），拒绝读取"
    )


def test_doc_without_libreoffice_names_the_package(
    project: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    source = tmp_path / "来稿.wps"
    source.write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 600)
    monkeypatch.setattr("shutil.which", lambda name: None)
    err = run(project, source, capsys, "--year", "2025", "--number", "1")
    assert err == (
        "来稿.wps:1:1: 错误: 读取 .wps 文件需要 LibreOffice，本机没有安装\n"
        "    提示: 请安装 libreoffice-writer-nogui"
        "（sudo apt-get install libreoffice-writer-nogui），"
        "或用 Word、WPS 把文件另存为 .docx 后导入\n"
        "发现 1 个错误，0 个警告。\n"
    )


def test_a_failed_import_leaves_no_images_behind(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The defect of issue 10 item 9: images were saved before the import could fail."""
    picture = tmp_path / "photo.png"
    Image.new("RGB", (30, 20), "blue").save(picture)
    document = Document()
    document.add_paragraph("测试医保信息 2025年第3期")
    document.add_paragraph("某县医保局开展政策宣传")
    document.add_picture(str(picture))
    document.add_paragraph("今年以来，某县医保局组织开展政策宣传活动。")
    source = tmp_path / "来稿.docx"
    document.save(str(source))
    existing = project / "content/issues/2025/03.yaml"
    existing.parent.mkdir(parents=True)
    existing.write_text("# 已有的一期\n", encoding="utf-8")
    err = run(project, source, capsys)
    assert "content/issues/2025/03.yaml:1:1: 错误: 文件已存在，不会覆盖" in err
    assert not (project / "content/issues/.import-images").exists()
    assert not (project / "content/issues/2025/images").exists()
    # and the import that can go ahead writes its images once, under the issue's name
    existing.unlink()
    assert main(["--project", str(project), "import", str(source)]) == 0
    assert (project / "content/issues/2025/images/03-图1.png").read_bytes() == picture.read_bytes()


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice")
def test_a_damaged_doc_is_refused_with_libreoffices_answer(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "来稿.doc"
    source.write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x17" * 3000
    )  # an OLE header, then junk
    err = run(project, source, capsys, "--year", "2025", "--number", "1")
    # LibreOffice opens junk as text; what it reads back is refused
    assert err.splitlines()[0] == "来稿.doc:1:1: 错误: 来稿.doc 读不出正常的文字（文件可能已损坏）"


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice")
def test_random_bytes_named_doc_are_refused_not_drafted(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Was: LibreOffice read them as UTF-16 text, ~740 hanzi (63 % of them everyday ones), and
    the import wrote a draft of junk that passed check."""
    source = tmp_path / "来稿.doc"
    source.write_bytes(random.Random(7).randbytes(3000))
    err = run(project, source, capsys, "--year", "2025", "--number", "1")
    assert err.splitlines()[0] == "来稿.doc:1:1: 错误: 来稿.doc 读不出正常的文字（文件可能已损坏）"


def test_xml_parts_are_bounded_apart_from_the_whole_package(
    project: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The XML bound lowered to 1 MB (it is 64 MB, the package's 256 MB): python-docx holds
    # the XML parsed, several times its size (200 MB of spaces in document.xml peaked the
    # import at 438 MB; now refused, 47 MB).
    monkeypatch.setattr(read_docx, "MAX_XML_UNPACKED", 1024 * 1024)
    bomb = tmp_path / "大.docx"
    spaces = b"<w:body>" + b" " * (2 * 1024 * 1024)
    _blank_docx(bomb, change={"word/document.xml": lambda xml: xml.replace(b"<w:body>", spaces)})
    err = run(project, bomb, capsys, "--year", "2025", "--number", "1")
    assert (
        err.splitlines()[0]
        == "大.docx:1:1: 错误: Word 文件解压后过大（可能是“压缩炸弹”），拒绝读取"
    )


def test_a_file_name_with_a_direction_control_gives_a_draft_that_passes(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "来稿\u202etxt.txt"  # a right-to-left override in the name
    source.write_text(
        "某县医保局开展宣传\n\n某县医疗保障局开展医保政策宣传活动，发放资料三百余份。\n", "utf-8"
    )
    code = main(
        ["--project", str(project), "import", str(source), "--year", "2025", "--number", "1"]
    )
    assert code == 0, capsys.readouterr().err
    draft = (project / "content/issues/2025/01.yaml").read_text("utf-8")
    assert draft.splitlines()[0] == "# 由 ybbulletin import 从 来稿U+202Etxt.txt 生成的草稿。"
    assert main(["--project", str(project), "check"]) == 0


def _blank_docx(
    path: Path,
    change: dict[str, Callable[[bytes], bytes]] | None = None,
    add: Callable[[zipfile.ZipFile], None] | None = None,
) -> None:
    """A blank Word document written to ``path`` part by part: each part named in
    ``change`` changed on the way, then ``add`` given the package to add parts to."""
    buffer = io.BytesIO()
    Document().save(buffer)
    with (
        zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target,
    ):
        for info in source.infolist():
            data = source.read(info.filename)
            target.writestr(info.filename, (change or {}).get(info.filename, bytes)(data))
        if add is not None:
            add(target)


@pytest.mark.parametrize("depth", [300, 100_000])
def test_a_page_nested_past_the_parsers_limit_says_where_it_stopped(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], depth: int
) -> None:
    # libxml2 stops at 256 nested tags and drops the rest: the text after it would be lost
    page = tmp_path / "深.html"
    page.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<html><head><title>医保局开展基金监管</title>'
        "</head><body>\n<p>"
        + "医保局开展基金监管工作。" * 20
        + "</p>\n"
        + "<div>" * depth
        + "<p>后面的段落。</p>"
        + "</div>" * depth
        + "\n</body></html>",
        encoding="utf-8",
    )
    err = run(project, page, capsys, "--year", "2025", "--number", "1")
    assert err == (
        "深.html:4:1: 错误: 网页的标签嵌套超过 255 层，读到这一行只能停下，后面的内容读不出来，"
        "拒绝导入\n"
        "    提示: 在浏览器中打开网页，把正文复制到 .txt 文件中再导入\n"
        "发现 1 个错误，0 个警告。\n"
    )


def test_a_meta_title_with_a_line_break_gives_a_one_line_title(
    project: Path, tmp_path: Path
) -> None:
    # a title must be one line (the model refuses a break): the draft failed its own check
    page = tmp_path / "稿.html"
    page.write_text(
        '<html><head><meta name="ArticleTitle" content="某县医保局\n开展医保宣传">'
        "</head><body><p>"
        + "5月10日，某县医保局在广场开展医保政策宣传活动。" * 3
        + "</p></body></html>",
        encoding="utf-8",
    )
    _, entry = import_ok(project, page, "--year", "2025", "--number", "1")
    assert entry.title == "某县医保局 开展医保宣传"  # type: ignore[attr-defined]


def test_too_many_paragraphs_are_refused_before_they_are_parsed(
    project: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Was: 100,000 one-character lines took some 13 s of CPU and wrote a 49,900-entry draft
    that the check then refused (parsing is linear, but a 10 MB file of them would take many
    minutes). The bound lowered to 300 paragraphs (it is 20,000): the same refusal."""
    from ybbulletin.importer import place

    monkeypatch.setattr(place, "MAX_PARAGRAPHS", 300)
    many = tmp_path / "逐字.txt"
    many.write_text("字\n" * 301, encoding="utf-8")
    err = run(project, many, capsys, "--year", "2025", "--number", "1")
    assert err == (
        "逐字.txt:1:1: 错误: 原文有 301 段，超过导入上限 300 段，不像是一期简报\n"
        "    提示: 请把文件按期分开后再分别导入\n"
        "发现 1 个错误，0 个警告。\n"
    )
    many.write_text("字\n" * 300, encoding="utf-8")
    assert main(
        ["--project", str(project), "import", str(many), "--year", "2025", "--number", "1"]
    ) in (0, 1)
    assert "超过导入上限" not in capsys.readouterr().err


def test_entries_past_an_issues_bound_are_named_not_lost_silently(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A text that reads as more articles than an issue holds (100): the draft keeps the first
    100 and says, in the output and in the draft, from which article on the rest was left out;
    the draft passes the check (it used to fail it on the number of entries)."""
    text = "".join(
        f"甲市医保局召开第{n}次工作会议\n"
        f"本报讯 {n}日，甲市医保局召开工作会议，部署下一阶段医保基金监管工作。\n\n"
        for n in range(1, 131)
    )
    source = tmp_path / "合订.txt"
    source.write_text(text, encoding="utf-8")
    code = main(
        ["--project", str(project), "import", str(source), "--year", "2025", "--number", "1"]
    )
    out = capsys.readouterr()
    assert code == 0, out
    note = (
        "原文读出 130 篇文章，一期最多 100 篇："
        "从第 101 篇“甲市医保局召开第101次工作会议”起的 30 篇没有写入草稿"
    )
    assert note in out.err
    draft = (project / "content/issues/2025/01.yaml").read_text(encoding="utf-8")
    assert f"# 请核对: {note}" in draft
    assert draft.count("  - kind: ") == 100
    assert "第100次" in draft
    assert "第101次" not in draft.split(note)[1]


def test_a_text_file_is_refused_where_it_passes_the_bound_before_the_rest_is_cleaned(
    project: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Was: the bound was checked once the whole file was read (5 MB of one-character lines:
    10.6 s of CPU to clean 1.25 million lines, then the refusal). The bound lowered to 300."""
    from ybbulletin.importer import read, text

    monkeypatch.setattr(read, "MAX_PARAGRAPHS", 300)
    cleaned: list[str] = []
    clean = text.clean
    monkeypatch.setattr(text, "clean", lambda line: cleaned.append(line) or clean(line))
    many = tmp_path / "逐字.txt"
    many.write_text("字\n" * 150 + "\n" + "字\n" * 10000, encoding="utf-8")
    err = run(project, many, capsys, "--year", "2025", "--number", "1")
    first = err.splitlines()[0]
    assert first == "逐字.txt:302:1: 错误: 原文超过 300 段（第 302 行起），不像是一期简报"
    assert len(cleaned) == 302  # the lines up to the one that passed the bound, no more


def test_a_web_page_is_refused_once_past_the_bound_not_read_to_its_end(
    project: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Was: a page of 850,000 <p> was cleaned to its end (22.7 s of CPU, 500 MB) before the
    import refused it. The bound lowered to 300."""
    from ybbulletin.importer import read, read_html

    monkeypatch.setattr(read, "MAX_PARAGRAPHS", 300)
    blocks: list[str] = []
    text_lines = read_html.text_lines
    monkeypatch.setattr(
        read_html, "text_lines", lambda block: blocks.append(block) or text_lines(block)
    )
    page = tmp_path / "长页.html"
    page.write_text("<html><body>" + "<p>字</p>" * 10000 + "</body></html>", encoding="utf-8")
    err = run(project, page, capsys, "--year", "2025", "--number", "1")
    assert err.splitlines()[0] == "长页.html:1:1: 错误: 原文超过 300 段，不像是一期简报"
    assert len(blocks) <= 302


def test_a_pdf_of_more_pages_than_a_bound_volume_is_refused_before_any_is_read(
    project: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Was: a 1.7 MB PDF of 3,000 pages (a demo issue's pages again and again) took 3.7
    minutes, then gave a draft of its first 100 entries. Refused now after counting its
    pages (~75 ms a page to read); a file at the bound is read. The bound lowered to 5 pages
    (it is 200): the same refusal."""
    from pypdf import PdfWriter

    from ybbulletin.importer import read_pdf

    assert read_pdf.MAX_PAGES == 200
    monkeypatch.setattr(read_pdf, "MAX_PAGES", 5)

    def pages(count: int, name: str) -> Path:
        writer = PdfWriter()
        for _ in range(count):
            writer.add_blank_page(width=595, height=842)
        target = tmp_path / name
        with target.open("wb") as stream:
            writer.write(stream)
        return target

    many = pages(read_pdf.MAX_PAGES + 1, "合订本.pdf")
    err = run(project, many, capsys, "--year", "2025", "--number", "1")
    assert err == (
        f"合订本.pdf:1:1: 错误: PDF 有 {read_pdf.MAX_PAGES + 1} 页，超过一次导入的上限 "
        f"{read_pdf.MAX_PAGES} 页，不像是一期简报\n"
        "    提示: 请把文件按期拆开（每期一个 PDF）后再分别导入\n"
        "发现 1 个错误，0 个警告。\n"
    )
    at_bound = pages(read_pdf.MAX_PAGES, "一期.pdf")
    err = run(project, at_bound, capsys, "--year", "2025", "--number", "1")
    assert "没有可读出的文字" in err  # read (its pages are blank), not refused for its length


def test_a_word_file_is_refused_once_past_the_bound_not_read_to_its_end(
    project: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Was: every paragraph of a .docx was read (numbers, styles, text boxes) before the import
    counted them and refused. The bound lowered to 300."""
    from docx import Document

    from ybbulletin.importer import read, read_docx

    monkeypatch.setattr(read, "MAX_PARAGRAPHS", 300)
    seen: list[object] = []
    paragraph = read_docx._paragraph
    monkeypatch.setattr(
        read_docx, "_paragraph", lambda *args: seen.append(args[0]) or paragraph(*args)
    )
    document = Document()
    for _ in range(1000):
        document.add_paragraph("字")
    path = tmp_path / "长稿.docx"
    document.save(str(path))
    err = run(project, path, capsys, "--year", "2025", "--number", "1")
    assert err.splitlines()[0] == "长稿.docx:1:1: 错误: 原文超过 300 段，不像是一期简报"
    assert len(seen) <= 302
    assert not (project / "content/issues/2025/01.yaml").exists()


def test_a_word_file_of_too_many_paragraphs_is_refused_before_python_docx_parses_it(
    project: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Was: python-docx parsed the whole of document.xml into a tree before the paragraph
    bound, applied while reading, could refuse (200,000 paragraphs: seconds of CPU and the
    tree held). Now the body's blocks are counted streaming first, at the real bound."""
    import docx

    from ybbulletin.importer import read

    paragraphs = 10 * read.MAX_PARAGRAPHS
    body = b"<w:p><w:r><w:t>\xe5\xad\x97</w:t></w:r></w:p>" * paragraphs

    def many(data: bytes) -> bytes:
        start = data.index(b"<w:body>") + len(b"<w:body>")
        return data[:start] + body + data[start:]

    path = tmp_path / "合订本.docx"
    _blank_docx(path, change={"word/document.xml": many})

    def never(*args: object) -> None:
        raise AssertionError("python-docx opened a document past the bound")

    monkeypatch.setattr(docx, "Document", never)
    err = run(project, path, capsys, "--year", "2025", "--number", "1")
    assert err.splitlines()[0] == (
        f"合订本.docx:1:1: 错误: 原文超过 {read.MAX_PARAGRAPHS} 段，不像是一期简报"
    )
    assert not (project / "content/issues/2025/01.yaml").exists()
