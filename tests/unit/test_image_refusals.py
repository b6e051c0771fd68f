"""An image reference that cannot be read says why, located, and nothing blocks or stops:
a FIFO or a folder named like an image (was: 找不到图片, true but not why), a name too long
for the file system (was: one unlocated stop, the whole name echoed), %00 in the address
(was: 内部错误, ValueError from pathlib), a control character (was: sent to the terminal).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from ybbulletin.cli import main

PROJECT = Path(__file__).parents[1] / "cases" / "_project"
ISSUE = (
    "year: 2025\nnumber: 1\ndate: 2025-01-10\nentries:\n  - kind: work_update\n"
    "    title: 某县医保局开展宣传\n    source: 某县医保局\n    body: |\n      正文。\n\n"
    "      ![图]({src})\n"
)


def check(tmp_path: Path, src: str, capsys: pytest.CaptureFixture[str]) -> list[str]:
    root = tmp_path / "project"
    shutil.copytree(PROJECT, root)
    images = root / "content/issues/2025/images"
    images.mkdir(parents=True)
    os.mkfifo(images / "pipe.png")
    (images / "folder.png").mkdir()
    (root / "content/issues/2025/01.yaml").write_text(ISSUE.format(src=src), encoding="utf-8")
    code = main(["--project", str(root), "check"])
    captured = capsys.readouterr()
    assert code == 1
    assert "内部错误" not in captured.err
    return [line for line in captured.err.splitlines() if ": 错误: " in line]


@pytest.mark.parametrize("name", ["pipe.png", "folder.png"])
def test_not_a_file_says_so(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = check(tmp_path, f"images/{name}", capsys)
    assert len(lines) == 1
    assert lines[0].startswith("content/issues/2025/01.yaml:11:")
    assert lines[0].endswith(
        f": 错误: 图片 content/issues/2025/images/{name} 不是普通文件（文件夹、管道或设备），未读取"
    )


def test_name_too_long_is_located_and_short(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = check(tmp_path, "images/" + "长" * 300 + ".png", capsys)
    assert len(lines) == 1
    assert lines[0].startswith("content/issues/2025/01.yaml:11:")
    assert "无法读取：文件名或路径太长" in lines[0]
    assert len(lines[0]) < 130


def test_nul_in_address(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = check(tmp_path, "images/a%00.png", capsys)
    assert len(lines) == 1
    assert lines[0].startswith("content/issues/2025/01.yaml:11:")
    assert lines[0].endswith(": 错误: 图片“images/a%00.png”的地址含有空字符（%00），未读取")


def test_control_character_never_reaches_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = check(tmp_path, "images/%1B]0;title%07.png", capsys)
    assert len(lines) == 1
    assert "\x1b" not in lines[0]
    assert "\x07" not in lines[0]
    assert "images/%1B]0;title%07.png" in lines[0]
