"""The command line in-process: help in Chinese, exit codes, ``new`` and ``check`` on the demo."""

from __future__ import annotations

import shutil
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from ybbulletin.cli import main
from ybbulletin.project import load_archive

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    root = tmp_path / "demo"
    root.mkdir()
    shutil.copy(REPO / "ybbulletin.yaml", root)
    shutil.copytree(REPO / "content", root / "content")
    return root


@pytest.mark.parametrize("argv", [["--help"], ["check", "--help"], ["new", "--help"]])
def test_help_is_chinese(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert out.startswith("用法：ybbulletin")
    assert "显示帮助并退出" in out
    assert "show this help" not in out


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--bogus"]) == 2
    assert "用法错误: 无法识别的参数：--bogus" in capsys.readouterr().err
    assert main(["new", "--date", "2025/9/1"]) == 2
    assert "日期“2025/9/1”应写成 YYYY-MM-DD" in capsys.readouterr().err


def test_no_command_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "check" in capsys.readouterr().out


API_TITLE = "超过公众号接口（draft/add）的 32 字限制"


def test_demo_checks_clean_but_for_the_seeds_artefacts(
    demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--project", str(demo), "check"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "检查通过：2 期，14 篇文章。\n"
    warnings = [line for line in captured.err.splitlines() if ": 警告: " in line]
    # 校对 finds exactly the extraction artefacts the seed texts carry (kept as they are)
    assert warnings == [
        # the 目录 of 2021/01 (order: as_written) has 要闻 in two places, as printed then
        "content/issues/2021/01.yaml:8:8: 警告: 按文件中的顺序排列（order: as_written），"
        "栏目“要闻”在本期目录中分 2 处出现",
        "content/issues/2021/01.yaml:126:7: 警告: 字重复：“为为”",
        "content/issues/2021/01.yaml:126:60: 警告: 字重复：“我我”",
        "content/issues/2021/01.yaml:136:15: 警告: 字重复：“是是”",
        "content/issues/2021/01.yaml:180:60: 警告: 字重复：“的的”",
        "content/issues/2021/01.yaml:180:130: 警告: “”” 没有对应的““”".replace(" 没", "没"),
        # the 公众号 limits (render/wechat_meta.py): titles longer than draft/add takes
        f"content/issues/2021/01.yaml:239:12: 警告: 标题有 34 个字，{API_TITLE}",
        f"content/issues/2021/01.yaml:251:12: 警告: 标题有 35 个字，{API_TITLE}",
        f"content/issues/2025/12.yaml:24:12: 警告: 标题有 37 个字，{API_TITLE}",
        "content/issues/2025/12.yaml:53:115: 警告: “）”没有对应的“（”",
        "content/issues/2025/12.yaml:53:200: 警告: “）”没有对应的“（”",
    ]
    assert "错误" not in captured.err


def test_demo_archive(demo: Path) -> None:
    archive = load_archive(demo)
    assert [(a.slug, a.label) for a in archive.issues] == [
        ("2021/01", "2021年第1期（总第39期）"),
        ("2025/12", "2025年第12期（总第130期）"),
    ]
    kinds = {e.kind for a in archive.issues for e in a.issue.entries}
    assert kinds == {"news", "work_update", "experience", "case_notice"}
    notice = next(e for e in archive.issues[0].issue.entries if e.kind == "case_notice")
    assert len(notice.cases) == 6
    assert sum(c.amounts.involved or 0 for c in notice.cases) == Decimal("474.78")
    assert sum(c.amounts.fined or 0 for c in notice.cases) == Decimal("940.45")
    tables = [t for tokens in archive.tokens.values() for t in tokens if t.type == "table_open"]
    assert len(tables) == 2


def test_check_missing_settings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--project", str(tmp_path), "check"]) == 1
    err = capsys.readouterr().err
    assert "ybbulletin.yaml:1:1: 错误: 找不到 ybbulletin.yaml" in err


def test_new_writes_the_next_issue(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--project", str(demo), "new", "--date", "2025-09-01"]) == 0
    assert capsys.readouterr().out.startswith("已新建 content/issues/2025/13.yaml")
    text = (demo / "content/issues/2025/13.yaml").read_text(encoding="utf-8")
    assert text.split("\n", 1)[1].startswith("# 2025年第13期（总第131期）\n")
    assert "year: 2025\nnumber: 13 " in text
    assert "total: 131 " in text
    assert "date: 2025-09-01 " in text
    # the skeleton is valid YAML whose only problem is the missing articles
    assert main(["--project", str(demo), "check"]) == 1
    err = capsys.readouterr().err
    assert "content/issues/2025/13.yaml:" in err
    assert "错误: 本期还没有文章" in err
    assert err.count("错误:") == 1
    # and it never overwrites
    assert main(["--project", str(demo), "new", "--date", "2025-09-01"]) == 1


def test_new_skeleton_filled_in_passes(demo: Path) -> None:
    assert main(["--project", str(demo), "new", "--date", "2025-09-01"]) == 0
    path = demo / "content/issues/2025/13.yaml"
    text = path.read_text(encoding="utf-8")
    # uncomment the example work update, as an editor would
    lines = text.split("\n")
    start = lines.index("#  - kind: work_update")
    for i in range(start, start + 7):
        lines[i] = lines[i][1:]
    path.write_text("\n".join(lines), encoding="utf-8")
    archive = load_archive(demo)
    assert archive.issues[-1].label == "2025年第13期（总第131期）"


def test_new_in_a_new_year(demo: Path) -> None:
    assert main(["--project", str(demo), "new", "--date", "2026-01-06"]) == 0
    text = (demo / "content/issues/2026/01.yaml").read_text(encoding="utf-8")
    assert "number: 1 " in text
    assert "total: 131 " in text


def test_new_supplement(demo: Path) -> None:
    assert (
        main(["--project", str(demo), "new", "--kind", "supplement", "--date", "2025-09-01"]) == 0
    )
    text = (demo / "content/issues/2025/zengkan-01.yaml").read_text(encoding="utf-8")
    assert text.split("\n", 1)[1].startswith("# 2025年增刊第1期\n")
    assert "kind: supplement" in text
    assert "total:" not in text


def test_new_refuses_a_date_before_the_latest(
    demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--project", str(demo), "new", "--date", "2025-01-01"]) == 1
    assert (
        "新一期的日期 2025-01-01 早于最新一期（2025年第12期（总第130期），2025-08-13）"
        in capsys.readouterr().err
    )


def test_new_refuses_when_the_archive_has_errors(
    demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (demo / "content/issues/2025/12.yaml").write_text("year: [\n", encoding="utf-8")
    assert main(["--project", str(demo), "new", "--date", "2025-09-01"]) == 1
    assert "YAML 格式错误" in capsys.readouterr().err
    assert not (demo / "content/issues/2025/13.yaml").exists()


def test_internal_errors_are_not_tracebacks(
    demo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import ybbulletin.project

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(ybbulletin.project, "load_archive", boom)
    assert main(["--project", str(demo), "check"]) == 3
    err = capsys.readouterr().err
    assert "内部错误（RuntimeError: boom）" in err
    assert "Traceback" not in err


@pytest.mark.slow  # over 0.3 s: the full suite runs it, not the edit loop
def test_a_file_where_the_output_folder_belongs_is_a_message_and_is_kept(
    demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Was 内部错误（FileExistsError …）, exit 3."""
    (demo / "build").write_text("笔记", encoding="utf-8")
    assert main(["--project", str(demo), "build", "--formats", "html"]) == 1
    err = capsys.readouterr().err
    assert "ybbulletin: 错误: 无法读写 build：已有同名的文件，无法在此建立文件夹" in err
    assert "提示: 把这个文件改名或移走" in err
    assert "内部错误" not in err
    assert (demo / "build").read_text(encoding="utf-8") == "笔记"
    (demo / "content/issues/2026").write_text("", encoding="utf-8")
    assert main(["--project", str(demo), "new", "--date", "2026-01-05"]) == 1
    err = capsys.readouterr().err
    assert "无法读写 content/issues/2026：已有同名的文件" in err


def test_a_full_disk_is_a_message(
    demo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    import ybbulletin.schema

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(ybbulletin.schema, "write_atomic", full)
    assert main(["--project", str(demo), "schema"]) == 1
    err = capsys.readouterr().err
    assert err == (
        "ybbulletin: 错误: 读写文件时出错：磁盘空间不足\n"
        "    提示: 清理磁盘空间，或换一个空间足够的位置（build 的 --out、publish 的 --to）\n"
    )


@pytest.mark.parametrize("existing", ["", "a"])
@pytest.mark.slow  # over 0.3 s: the full suite runs it, not the edit loop
def test_a_build_that_fails_on_a_full_disk_leaves_no_folder_it_made(
    demo: Path,
    existing: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Was: the (empty) output folder and its new parents stayed behind. A parent that
    existed stays."""
    import errno
    import importlib

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    # (the package's ``write`` attribute is the function of that name, not the module)
    monkeypatch.setattr(importlib.import_module("ybbulletin.build.write"), "commit", full)
    disk = tmp_path / "disk"
    (disk / existing).mkdir(parents=True)
    out = disk / "a/b/out"
    assert main(["--project", str(demo), "build", "--formats", "html", "--out", str(out)]) == 1
    assert "磁盘空间不足" in capsys.readouterr().err
    assert sorted(p.relative_to(disk).as_posix() for p in disk.rglob("*")) == (
        [existing] if existing else []
    )


def test_the_second_example_publication_checks_clean(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--project", str(REPO / "examples/huaibei"), "check", "--strict"]) == 0
    assert capsys.readouterr().out == "检查通过：1 期，6 篇文章。\n"
    archive = load_archive(REPO / "examples/huaibei")
    [issue] = archive.issues
    news = issue.issue.entries[0]
    assert news.kind == "news"
    assert (news.reporters, news.correspondents) == (["刘星"], ["邢鑫", "郑敏"])
    assert {e.section_key for e in issue.issue.entries} == {"news", "evoucher"}


def test_python_dash_m() -> None:
    import subprocess
    import sys
    from importlib.metadata import version

    import ybbulletin

    result = subprocess.run(
        [sys.executable, "-m", "ybbulletin", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    # one version: the package's __version__, which pyproject.toml reads for the metadata
    assert result.stdout == f"ybbulletin {version('ybbulletin')}\n"
    assert version("ybbulletin") == ybbulletin.__version__


def test_check_fix_makes_the_safe_fixes_and_keeps_the_layout(
    demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = demo / "content/issues/2025/13.yaml"
    path.write_text(
        "# 第13期：注释要保留\nyear: 2025\nnumber: 13\ndate: 2025-09-01\nentries:\n"
        '  - kind: work_update\n    title: "测试,标题"   # 行尾注释\n    body: |\n'
        "      今年以来,全市(含孤儿)需求 ，以参保扩面  建立机制。\n\n      时间10:30,比例5:1。\n",
        encoding="utf-8",
    )
    assert main(["--project", str(demo), "check", "--fix"]) == 0
    out = capsys.readouterr().out
    assert "content/issues/2025/13.yaml:7:15: 已改正：“,” → “，”" in out
    assert "content/issues/2025/13.yaml:9:11: 已改正：“,” → “，”" in out
    assert "content/issues/2025/13.yaml:9:14: 已改正：“(” → “（”" in out
    assert "content/issues/2025/13.yaml:9:21: 已删除多余的空格" in out
    assert "content/issues/2025/13.yaml:9:28: 已删除多余的空格" in out
    assert "自动改正了 7 处。" in out
    assert path.read_text(encoding="utf-8") == (
        "# 第13期：注释要保留\nyear: 2025\nnumber: 13\ndate: 2025-09-01\nentries:\n"
        '  - kind: work_update\n    title: "测试，标题"   # 行尾注释\n    body: |\n'
        "      今年以来，全市（含孤儿）需求，以参保扩面建立机制。\n\n      时间10:30，比例5:1。\n"
    )
    # the demo itself has nothing to fix
    before = {p: p.read_bytes() for p in demo.rglob("*.yaml")}
    assert main(["--project", str(demo), "check", "--fix"]) == 0
    assert "没有需要自动改正的地方。" in capsys.readouterr().out
    assert {p: p.read_bytes() for p in demo.rglob("*.yaml")} == before


def test_a_number_of_jobs_no_machine_has_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    """Was: --jobs 100000 started a worker process per job until the machine gave out."""
    assert main(["build", "--jobs", "100000"]) == 2
    assert "参数 --jobs/-j：“100000”太多：最多 64 个进程" in capsys.readouterr().err


def test_the_process_leaves_what_the_command_made_to_the_exit_uncollected(
    demo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The console entry freezes what is alive before exiting: the interpreter's last
    collection would otherwise walk and free the loaded archive's cycles for nothing."""
    import gc

    from ybbulletin.cli import run

    monkeypatch.setattr("sys.argv", ["ybbulletin", "check", "--project", str(demo)])
    gc.unfreeze()
    try:
        with pytest.raises(SystemExit) as exited:
            run()
        assert exited.value.code == 0
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
    assert "检查通过" in capsys.readouterr().out


def test_launcher_imports_with_the_collector_paused_then_runs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The entry point (``python -m ybbulletin``, the script) imports the command line
    with the collector paused, then runs it with the collector as it found it, what the
    imports made frozen."""
    import gc
    import types

    from ybbulletin import launcher

    imported: list[tuple[str, bool]] = []
    ran: list[tuple[bool, int]] = []

    class Cli(types.ModuleType):  # what ``from ybbulletin.cli import run`` finds
        def __getattr__(self, name: str) -> object:
            imported.append((name, gc.isenabled()))
            return lambda: ran.append((gc.isenabled(), gc.get_freeze_count()))

    monkeypatch.setitem(sys.modules, "ybbulletin.cli", Cli("ybbulletin.cli"))
    gc.unfreeze()
    try:
        launcher.run()
        assert ("run", False) in imported
        assert not any(enabled for _name, enabled in imported)
        assert gc.isenabled()
        assert len(ran) == 1
        enabled, frozen = ran[0]
        assert enabled
        assert frozen > 0
    finally:
        gc.unfreeze()
