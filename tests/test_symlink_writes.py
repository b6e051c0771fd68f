"""``new`` and ``import`` never write through a symbolic link out of the project.

``check`` refuses to read an issue file that leads out of the project; before, ``new`` and
``import`` wrote the next issue (and its images) through a symlinked ``content/issues`` into
the folder it pointed at, then the draft failed its own check.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.importing import make_project
from ybbulletin.cli import main


def _outside_tree(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))


@pytest.fixture
def linked(tmp_path: Path) -> tuple[Path, Path]:
    project = make_project(tmp_path)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (project / "content").mkdir()
    (project / "content" / "issues").symlink_to(outside)
    return project, outside


def test_new_does_not_write_through_a_link_out_of_the_project(
    linked: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    project, outside = linked
    code = main(["--project", str(project), "new", "--date", "2026-01-05"])
    err = capsys.readouterr().err
    assert code == 1
    assert _outside_tree(outside) == []
    assert err.startswith(
        "content/issues/2026/01.yaml:1:1: 错误: 这个位置经由符号链接指向内容项目之外，没有写入\n"
    )


def test_import_does_not_write_through_a_link_out_of_the_project(
    linked: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project, outside = linked
    source = tmp_path / "来稿.txt"
    source.write_text(
        "某县医保局开展医保政策宣传\n\n5月10日，某县医保局在广场开展医保政策宣传活动。",
        encoding="utf-8",
    )
    code = main(
        ["--project", str(project), "import", str(source), "--year", "2026", "--number", "1"]
    )
    err = capsys.readouterr().err
    assert code == 1
    assert _outside_tree(outside) == []
    assert "content/issues/2026/01.yaml:1:1: 错误: 这个位置经由符号链接指向内容项目之外" in err


def test_a_year_folder_inside_the_project_is_written_as_before(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project(tmp_path)
    real = project / "content" / "real-issues"
    real.mkdir(parents=True)
    (project / "content" / "issues").symlink_to(real)  # a link that stays inside: fine
    assert main(["--project", str(project), "new", "--date", "2026-01-05"]) == 0
    assert (real / "2026" / "01.yaml").is_file()
    capsys.readouterr()
