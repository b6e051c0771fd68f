"""Every YAML syntax error reaches the editor in Chinese, located: libyaml's own words came
through in brackets for a bad \\x or \\u escape, a %directive, & or * without a name, a bad
!tag, a '...' in the middle of a file, text after | and |0 (found by probing 30 malformed
files; the rest were translated already).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from ybbulletin.cli import main

PROJECT = Path(__file__).parents[1] / "cases" / "_project"
HEAD = "year: 2025\nnumber: 1\ndate: 2025-01-10\nentries:\n  - kind: work_update\n    title: "
TAIL = "\n    body: 正文。\n"


@pytest.mark.parametrize(
    "text",
    [
        HEAD + '"\\uZZZZ"' + TAIL,
        HEAD + '"\\x4"' + TAIL,
        HEAD + '"\\U00110000"' + TAIL,
        "%YAML 1.1\n%YAML 1.1\n---\n" + HEAD + "甲" + TAIL,
        "%FOO bar\n---\n" + HEAD + "甲" + TAIL,
        HEAD + "&" + TAIL,
        HEAD + "*" + TAIL,
        HEAD + "!<> 甲" + TAIL,
        HEAD + "!<tag:%zz> 甲" + TAIL,
        HEAD + "甲" + TAIL + "...\nfoo: 1\n",
        HEAD + "|x\n      甲" + TAIL,
        HEAD + "|0\n      甲" + TAIL,
    ],
)
def test_syntax_error_is_told_in_chinese(
    text: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "project"
    shutil.copytree(PROJECT, root)
    issue = root / "content/issues/2025/01.yaml"
    issue.parent.mkdir(parents=True)
    issue.write_text(text, encoding="utf-8")
    assert main(["--project", str(root), "check"]) == 1
    errors = [line for line in capsys.readouterr().err.splitlines() if ": 错误: " in line]
    assert len(errors) == 1
    assert errors[0].startswith("content/issues/2025/01.yaml:")
    message = errors[0].split(": 错误: ", 1)[1]
    assert message.startswith("YAML 格式错误：")
    assert not re.search(r"[A-Za-z]{3,}", message.replace("YAML", "")), message
