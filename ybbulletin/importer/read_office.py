"""Read a .doc or .wps file: LibreOffice (headless) converts it to .docx, then read_docx."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ybbulletin.importer.draft import Source
from ybbulletin.importer.read_docx import read_docx
from ybbulletin.importer.text import ReadError, cjk_share, garbled

__all__ = ["read_office"]

TIMEOUT = 180  # seconds; a cold LibreOffice start takes a few


def read_office(path: Path, suffix: str | None = None) -> Source:
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        raise ReadError(
            f"读取 {path.suffix} 文件需要 LibreOffice，本机没有安装",
            "请安装 libreoffice-writer-nogui（sudo apt-get install libreoffice-writer-nogui），"
            "或用 Word、WPS 把文件另存为 .docx 后导入",
        )
    with tempfile.TemporaryDirectory(prefix="ybbulletin-import-") as work:
        folder = Path(work)
        # a private profile: a LibreOffice the editor has open does not block the conversion
        profile = (folder / "profile").as_uri()
        original = folder / f"source{(suffix or path.suffix).lower()}"  # what it really is
        shutil.copyfile(path, original)
        command = [
            office,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(folder),
            str(original),
        ]
        try:
            subprocess.run(command, capture_output=True, timeout=TIMEOUT, check=False)
        except subprocess.TimeoutExpired as exc:
            raise ReadError(
                f"LibreOffice 转换 {path.name} 超时（{TIMEOUT} 秒）",
                "请用 Word 或 WPS 把文件另存为 .docx 后导入",
            ) from exc
        converted = folder / "source.docx"
        if not converted.is_file():
            raise ReadError(
                f"LibreOffice 无法读取 {path.name}（文件可能已损坏）",
                "请用 Word 或 WPS 打开，另存为 .docx 后导入",
            )
        source = read_docx(converted)
    text = "".join(line.text for line in source.lines)
    if (
        not text
        or cjk_share(text) < 0.2
        or text.count("\ufffd") > len(text) // 20
        or garbled(text[:20000])
    ):
        # LibreOffice opens almost anything as plain text: junk comes back as junk
        raise ReadError(
            f"{path.name} 读不出正常的文字（文件可能已损坏）",
            "请用 Word 或 WPS 打开，另存为 .docx 后导入",
        )
    return source
