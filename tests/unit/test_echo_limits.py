"""A message echoes an excerpt of the editor's value, never the whole of it.

Was: the 公众号 author warning echoed every name of a byline (50 names of up to 500
characters: one 15,000-character line), and a wrong date, 文号, 栏目, 类型, amount or YAML tag
was echoed whole in its error (a 3,000-character date gave a 3,068-character line).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ybbulletin.cli import main
from ybbulletin.errors import EXCERPT_MAX, excerpt
from ybbulletin.model.base import MAX_NAMES

PROJECT = Path(__file__).parents[1] / "cases" / "_project"
LONGEST = 130  # characters in any printed line: location, severity, message with an excerpt


def test_a_short_value_is_echoed_whole_and_a_long_one_by_its_two_ends() -> None:
    assert excerpt("医保发(2020)12号") == "医保发(2020)12号"
    assert excerpt("a" * EXCERPT_MAX) == "a" * EXCERPT_MAX
    long = "2025-09-" + "1" * 3000 + "x"
    shown = excerpt(long)
    assert len(shown) == EXCERPT_MAX
    assert shown.startswith("2025-09-1")
    assert shown.endswith("1x")
    assert "…" in shown
    assert excerpt("第一行\n第二行\r\n第三行") == "第一行↵第二行↵第三行"


def write_project(tmp_path: Path, issues: dict[str, str]) -> Path:
    root = tmp_path / "project"
    shutil.copytree(PROJECT, root)
    folder = root / "content/issues/2025"
    folder.mkdir(parents=True)
    for name, text in issues.items():
        (folder / name).write_text(text, encoding="utf-8")
    return root


def check_output(root: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    main(["--project", str(root), "check"])
    captured = capsys.readouterr()
    return (captured.out + captured.err).splitlines()


def test_the_wechat_author_warning_echoes_an_excerpt_of_a_long_byline(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    names = ", ".join(chr(0x4E00 + i) * 500 for i in range(MAX_NAMES))
    issue = (
        "year: 2025\nnumber: 1\ndate: 2025-01-10\nentries:\n"
        f"  - kind: news\n    title: 某县医保局开展宣传\n    reporters: [{names}]\n"
        "    body: 正文。\n"
    )
    lines = check_output(write_project(tmp_path, {"01.yaml": issue}), capsys)
    author = [line for line in lines if "作者“" in line]
    assert len(author) == 1
    assert f"有 {MAX_NAMES * 500 + MAX_NAMES - 1} 个字" in author[0]
    assert max(len(line) for line in lines) <= LONGEST


def test_errors_echo_an_excerpt_of_a_long_wrong_value(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    long = "9" * 3000
    issue = (
        f"year: 2025\nnumber: 1\ndate: 2025-01-1{long}\nentries:\n"
        f"  - kind: policy\n    title: 某通知\n    doc_number: 医保发〔2025〕{long}号\n"
        f"    section: s{long}\n    body: 正文。\n"
        "  - kind: case_notice\n    title: 某通报\n    cases:\n"
        f"      - title: 某案\n        subject: 某医院\n        subject_type: h{long}\n"
        f'        amounts: {{involved: "一{long}"}}\n        body: 正文。\n'
        f"  - kind: news\n    title: 某新闻\n    body: !t{long} 正文。\n"
    )
    lines = check_output(write_project(tmp_path, {"01.yaml": issue}), capsys)
    errors = [line for line in lines if ": 错误: " in line]
    assert len(errors) >= 5, lines
    for line in errors:
        assert "…" in line, line
    assert max(len(line) for line in lines) <= LONGEST
