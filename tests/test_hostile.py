"""What a user's shell can put where the project expects a file: pipes, folders, links out of
the project. Each is one located Chinese message, exit 1, and nothing is read from it (a pipe
would block ``check`` for ever; a link out of the project would read someone else's file)."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from ybbulletin.cli import main

NEW = "content/issues/2025/13.yaml"


def check(root: Path) -> int:
    """``check``, stopped with a failure if it blocks (reading a pipe waits for a writer)."""

    def blocked(signum: int, frame: object) -> None:
        raise AssertionError("check blocked")

    previous = signal.signal(signal.SIGALRM, blocked)
    signal.alarm(30)
    try:
        return main(["--project", str(root), "check"])
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_a_pipe_named_like_an_issue_is_refused_not_read(
    demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Was: check blocked for ever reading it (the writer never comes)."""
    os.mkfifo(demo / NEW)
    assert check(demo) == 1
    err = capsys.readouterr().err
    assert f"{NEW}:1:1: 错误: 不是普通文件（管道、设备或无效的链接），未读取" in err


def test_a_link_to_nothing_is_refused(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (demo / NEW).symlink_to(demo / "content/issues/2025/gone.yaml")
    assert check(demo) == 1
    assert f"{NEW}:1:1: 错误: 不是普通文件" in capsys.readouterr().err


@pytest.mark.parametrize("what", ["folder", "pipe"])
def test_settings_that_are_no_file_are_refused(
    demo: Path, what: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Was: 找不到 ybbulletin.yaml (it is there, as a folder or a pipe)."""
    settings = demo / "ybbulletin.yaml"
    settings.unlink()
    if what == "folder":
        settings.mkdir()
    else:
        os.mkfifo(settings)
    assert check(demo) == 1
    err = capsys.readouterr().err
    assert (
        "ybbulletin.yaml:1:1: 错误: ybbulletin.yaml 不是普通文件（文件夹、管道或设备），未读取"
        in err
    )


def test_settings_linked_out_of_the_project_are_not_read(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Was read like the project's own: issue files linked out were refused, settings not."""
    outside = tmp_path / "elsewhere.yaml"
    (demo / "ybbulletin.yaml").rename(outside)
    (demo / "ybbulletin.yaml").symlink_to(outside)
    assert check(demo) == 1
    assert "ybbulletin.yaml:1:1: 错误: ybbulletin.yaml 链接到内容项目之外，未读取" in (
        capsys.readouterr().err
    )
    (demo / "ybbulletin.yaml").unlink()
    (demo / "settings.yaml").write_bytes(outside.read_bytes())
    (demo / "ybbulletin.yaml").symlink_to("settings.yaml")  # a link inside the project is fine
    assert check(demo) == 0


@pytest.mark.parametrize("where", ["nothing-here", "ybbulletin.yaml"])
def test_a_project_path_that_is_no_folder_is_named(
    demo: Path, where: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Was: 还没有任何一期 and 找不到 ybbulletin.yaml, as if the folder were an empty project."""
    assert check(demo / where) == 1
    err = capsys.readouterr().err
    assert f"错误: 找不到项目目录 {demo / where}（不存在，或不是文件夹）" in err
    assert "还没有任何一期" not in err


@pytest.mark.parametrize(
    "link", ["templates", "templates/site/base.html", "templates/docx/reference.docx"]
)
def test_templates_linked_out_of_the_project_are_refused(
    demo: Path, tmp_path: Path, link: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Was: read and rendered (a page template from anywhere on the machine)."""
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "base.html").write_text("{{ secret }}", encoding="utf-8")
    target = demo / link
    target.parent.mkdir(parents=True, exist_ok=True)
    target.symlink_to(outside if link == "templates" else outside / "base.html")
    assert main(["--project", str(demo), "build", "--formats", "html,docx", "--jobs", "1"]) == 1
    err = capsys.readouterr().err
    assert f"{link}:1:1: 错误: 模板链接到内容项目之外，未读取" in err
    assert not (demo / "build/site").exists()


def test_a_preview_address_that_does_not_exist_is_told_in_chinese(
    demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Was: ……启动预览：Name or service not known."""
    assert main(["--project", str(demo), "serve", "--host", "999.1.1.1"]) == 2
    err = capsys.readouterr().err
    assert "无法在 999.1.1.1:8000 上启动预览：找不到这个地址" in err
    assert "not known" not in err


def test_damaged_records_in_the_build_folder_cost_a_rebuild(
    demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Was: 内部错误（UnicodeDecodeError） when the build stamp was not UTF-8."""
    argv = ["--project", str(demo), "build", "--formats", "html", "--jobs", "1"]
    assert main(argv) == 0
    for record in (demo / "build").glob(".ybbulletin-*"):
        record.write_bytes(b"\xff\xfe\x00garbage\x80")
    capsys.readouterr()
    assert main(argv) == 0
    assert "内部错误" not in capsys.readouterr().err
    assert main(["--project", str(demo), "status"]) == 0


def test_a_project_path_or_argument_with_control_characters_is_echoed_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An escape sequence or a direction control in a path or an argument reached the
    terminal as it was (ESC [31m recoloured it; U+202E showed the name reversed)."""
    assert check(tmp_path / "来稿\u202etxt.exe") == 1
    err = capsys.readouterr().err
    assert f"找不到项目目录 {tmp_path}/来稿U+202Etxt.exe（" in err
    assert "\u202e" not in err
    assert main(["--project", str(tmp_path), "check", "x\x1b[31m"]) == 2
    err = capsys.readouterr().err
    assert "无法识别的参数：xU+001B[31m" in err
    assert "\x1b" not in err
