"""``check --fix`` changes a Markdown text's prose only, as ``check`` warns about its prose only.

Before, it made full-width the comma in a code span, in an autolink's address and in a link's
title, and the bracket that opens a link target starting with a hanzi ([全文](通知.html)
became [全文]（通知.html）: text, not a link) — none of which ``check`` warned about.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.importing import make_project
from ybbulletin.cli import main


def test_fix_leaves_code_links_and_addresses_as_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project(tmp_path)
    path = project / "content/issues/2025/01.yaml"
    path.parent.mkdir(parents=True)
    body = (
        "      正文,有半角逗号。代码`医保,基金`不改。\n\n"
        '      详见[通知全文](通知.html)和[说明](https://a.cn/x "通知,全文")。\n\n'
        "      地址<https://a.cn/医保,x>不改,这里改。\n\n"
        "      ```\n      医保,基金\n      ```\n"
    )
    head = "year: 2025\nnumber: 1\ntotal: 1\ndate: 2025-01-10\nentries:\n"
    path.write_text(
        head
        + "  - kind: work_update\n    title: 标题\n    source: 某县医保局\n    body: |\n"
        + body,
        encoding="utf-8",
    )
    assert main(["--project", str(project), "check", "--fix"]) == 0
    assert "自动改正了 2 处。" in capsys.readouterr().out
    assert path.read_text(encoding="utf-8") == head + (
        "  - kind: work_update\n    title: 标题\n    source: 某县医保局\n    body: |\n"
        + body.replace("正文,有", "正文，有").replace("不改,这里", "不改，这里")
    )
