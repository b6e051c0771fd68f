"""A symbolic link that leads back to itself (a -> a, or a -> b -> a) in a project: one
located 错误, never an internal error. Was: Path.resolve raised RuntimeError ("Symlink loop")
for an issue file, an image, ybbulletin.yaml or a template, and the command stopped with
"内部错误", exit 3.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from PIL import Image

from ybbulletin.cli import main

PROJECT = Path(__file__).parents[1] / "cases" / "_project"
ISSUE = (
    "year: 2025\nnumber: 1\ndate: 2025-01-10\nentries:\n  - kind: work_update\n"
    "    title: 某县医保局开展宣传\n    source: 某县医保局\n    body: |\n      正文。\n\n"
    "      ![图](images/a.png)\n"
)


def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(PROJECT, root)
    (root / "content/issues/2025/images").mkdir(parents=True)
    (root / "content/issues/2025/01.yaml").write_text(ISSUE, encoding="utf-8")
    Image.new("RGB", (40, 30)).save(root / "content/issues/2025/images/a.png")
    return root


def check(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = main(["--project", str(root), "check"])
    captured = capsys.readouterr()
    return code, [line for line in (captured.out + captured.err).splitlines() if "错误" in line]


@pytest.mark.parametrize(
    ("link", "where"),
    [
        (
            "content/issues/2025/images/a.png",
            "content/issues/2025/01.yaml:11:12: 错误: 图片“images/a.png”的",
        ),
        ("content/issues/2025/02.yaml", "content/issues/2025/02.yaml:1:1: 错误: "),
        ("templates/page.html", "templates/page.html:1:1: 错误: "),
    ],
)
def test_a_looping_link_is_one_located_error(
    link: str, where: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = project(tmp_path)
    (root / link).parent.mkdir(parents=True, exist_ok=True)
    (root / link).unlink(missing_ok=True)
    os.symlink((root / link).name, root / link)  # a -> a
    code, errors = check(root, capsys)
    assert code == 1
    assert errors[0] == where + "符号链接形成了循环，未读取"
    assert "内部错误" not in "\n".join(errors)


def test_a_looping_settings_file_is_one_located_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = project(tmp_path)
    (root / "ybbulletin.yaml").unlink()
    os.symlink("other.yaml", root / "ybbulletin.yaml")
    os.symlink("ybbulletin.yaml", root / "other.yaml")  # a -> b -> a
    code, errors = check(root, capsys)
    assert code == 1
    assert errors[0] == "ybbulletin.yaml:1:1: 错误: 符号链接形成了循环，未读取"


def test_a_looping_publish_folder_is_refused_in_words(tmp_path: Path) -> None:
    from ybbulletin.publish import Refused, _check_outside

    os.symlink("www", tmp_path / "www")
    with pytest.raises(Refused, match="符号链接形成了循环"):
        _check_outside(tmp_path / "www", tmp_path / "project", tmp_path / "project/build")
