"""A command line's values are echoed as excerpts: a 3,000-character --date, --port, --jobs,
--formats, --only, issue (sign), unknown argument, --host or output path gave one line of
3,000–9,000 characters; a --host no resolver takes (a label over 63 characters) stopped
serve with 内部错误 (TypeError: encoding of hostname failed).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ybbulletin.cli import main

PROJECT = Path(__file__).parents[1] / "cases" / "_project"
DIGITS = "9" * 3000
HANZI = "长" * 3000


@pytest.mark.parametrize(
    "args",
    [
        ["new", "--year", DIGITS],
        ["build", "--only", f"2025/{DIGITS}"],
        ["build", "--jobs", DIGITS],
        ["build", "--formats", HANZI],
        ["build", "--out", f"/tmp/{HANZI}"],
        ["serve", "--port", DIGITS],
        ["serve", "--host", HANZI],
        ["serve", "--host", "a" * 64],
        ["sign", f"2025/{DIGITS}", "--role", "审核", "--name", "张三"],
        ["sign", "2025/01", "--role", "审核", "--name", "张三", "--date", DIGITS],
        ["publish", "--to", f"/tmp/{HANZI}"],
    ],
)
def test_long_values_are_echoed_short(
    args: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "project"
    shutil.copytree(PROJECT, root)
    issue = root / "content/issues/2025/01.yaml"
    issue.parent.mkdir(parents=True)
    issue.write_text(
        "year: 2025\nnumber: 1\ndate: 2025-01-10\nentries:\n  - kind: work_update\n"
        "    title: 某县医保局开展宣传\n    source: 某县医保局\n    body: 正文。\n",
        encoding="utf-8",
    )
    try:
        code = main(["--project", str(root), *args])
    except SystemExit as exc:  # argparse's own usage errors
        code = exc.code  # type: ignore[assignment]
    captured = capsys.readouterr()
    output = captured.out + captured.err
    assert code in (1, 2)
    assert "内部错误" not in output
    assert max(len(line) for line in output.splitlines()) <= 200
