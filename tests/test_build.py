"""The build pipeline: incremental, parallel, atomic and deterministic."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

import ybbulletin.build
import ybbulletin.build.workers
from tests.conftest import BOOKKEEPING, REPO, copy_project, resign
from ybbulletin.build import build
from ybbulletin.cache import MANIFEST, Manifest
from ybbulletin.cli import main
from ybbulletin.errors import UsageError

pytestmark = pytest.mark.slow  # every test here renders PDF and Word files

PDF = "pdf/nxyb-2025-12.pdf"
DOCX = "docx/nxyb-2025-12.docx"


def tree(out: Path) -> dict[str, bytes]:
    """Every output file; the manifest, the stamp and the archive cache are bookkeeping."""
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.name not in BOOKKEEPING
    }


def stamps(out: Path) -> dict[str, tuple[int, int]]:
    return {
        p.relative_to(out).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in sorted(out.rglob("*"))
    }


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """The PDF and Word renders a build does (serial builds run them in this process)."""
    calls: list[tuple[str, str]] = []
    original = ybbulletin.build.workers.render_task

    def spy(state, task: tuple[str, str]):  # type: ignore[no-untyped-def]
        calls.append(task)
        return original(state, task)

    monkeypatch.setattr(ybbulletin.build.workers, "render_task", spy)
    return calls


def test_two_clean_builds_are_identical_wherever_they_run(demo: Path, tmp_path: Path) -> None:
    build(demo, demo / "build", jobs=1)
    other = copy_project(REPO, tmp_path / "x" / "elsewhere")
    build(other, other / "out", jobs=1)
    assert tree(demo / "build") == tree(other / "out")


def test_serial_and_parallel_builds_are_identical(demo: Path) -> None:
    build(demo, demo / "serial", jobs=1)
    build(demo, demo / "parallel", jobs=2)
    assert tree(demo / "serial") == tree(demo / "parallel")


def test_no_op_rebuild_writes_nothing(demo: Path, counted: list[tuple[str, str]]) -> None:
    out = demo / "build"
    first = build(demo, out, jobs=1)
    assert first.written == first.files
    before = stamps(out)
    # build/ itself: a staging folder made and removed again would change its time
    folder_before = (os.stat(out).st_ino, os.stat(out).st_mtime_ns)
    counted.clear()
    again = build(demo, out, jobs=1)
    assert (again.written, again.unchanged) == (0, first.files)
    assert counted == []
    assert stamps(out) == before
    assert (os.stat(out).st_ino, os.stat(out).st_mtime_ns) == folder_before


def test_editing_one_issue_changes_exactly_its_files(
    demo: Path, counted: list[tuple[str, str]]
) -> None:
    out = demo / "build"
    build(demo, out, jobs=1)
    before = tree(out)
    issue = demo / "content/issues/2025/12.yaml"
    text = issue.read_text(encoding="utf-8")
    issue.write_text(
        text.replace("从源头消除因病致贫风险。", "从源头上消除因病致贫风险。", 1), encoding="utf-8"
    )
    resign(demo, "2025/12")  # edited after 签发, it would be a draft: left out of the site
    counted.clear()
    result = build(demo, out, jobs=1)
    after = tree(out)
    changed = {path for path in after if before.get(path) != after[path]}
    assert changed == {
        PDF,
        DOCX,
        "site/files/nxyb-2025-12.pdf",
        "site/files/nxyb-2025-12.docx",
        "site/2025/12/01.html",
        "site/search/text/2025/12/01.js",  # the article's text for search snippets
        "wechat/2025/12/01.html",  # the fragment, the copy page holding it, and the draft
        "wechat/2025/12/index.html",
        "wechat/2025/12/draft.json",
    }
    assert result.written == 9
    assert sorted(counted) == [("docx", "2025/12"), ("pdf", "2025/12"), ("wechat", "2025/12")]
    assert set(after) == set(before)


def test_a_corrupt_or_stale_cache_never_gives_a_wrong_file(demo: Path) -> None:
    out = demo / "build"
    build(demo, out, jobs=1)
    good = tree(out)
    (out / PDF).write_bytes(b"%PDF-1.7 damaged")
    (out / "site/2025/12/01.html").write_text("edited by hand", encoding="utf-8")
    result = build(demo, out, jobs=1)
    assert tree(out) == good
    assert result.written >= 2  # the PDF (site/files holds a hard link to it) and the page
    manifest = out / MANIFEST
    kept = manifest.read_bytes()
    # not a manifest, one cut short, one with a byte changed: every output made again
    for damaged in (
        b"{not json",
        kept[: len(kept) // 2],
        kept[:-9] + bytes([kept[-9] ^ 1]) + kept[-8:],
    ):
        manifest.write_bytes(damaged)
        assert Manifest.load(out) == Manifest()
        build(demo, out, jobs=1)
        assert tree(out) == good
    # a manifest that claims a wrong key for an intact file: rendered again, same bytes
    wrong = Manifest.load(out)
    wrong.entries = {p.replace("pdf/", "pdf-x/"): e for p, e in wrong.entries.items()}
    wrong.save(out)
    build(demo, out, jobs=1)
    assert tree(out) == good


def test_force_renders_everything_again(demo: Path, counted: list[tuple[str, str]]) -> None:
    build(demo, demo / "build", jobs=1)
    counted.clear()
    result = build(demo, demo / "build", jobs=1, force=True)
    assert len(counted) == 6  # PDF, Word and WeChat of two issues
    # rendered again, compared with the files there byte for byte: the same bytes stay
    assert result.written == 0
    assert result.unchanged == result.files


def test_only_renders_the_named_issue(demo: Path, counted: list[tuple[str, str]]) -> None:
    out = demo / "build"
    build(demo, out, jobs=1)
    old_2025 = (out / PDF).read_bytes()
    older = demo / "content/issues/2021/01.yaml"
    older.write_text(
        older.read_text(encoding="utf-8").replace("名列前茅", "名列前茅！", 1), encoding="utf-8"
    )
    issue = demo / "content/issues/2025/12.yaml"
    issue.write_text(
        issue.read_text(encoding="utf-8").replace("今年以来", "2025年以来", 1), encoding="utf-8"
    )
    resign(demo, "2021/01", "2025/12")
    counted.clear()
    build(demo, out, jobs=1, only=["2021/01"])
    assert sorted(counted) == [("docx", "2021/01"), ("pdf", "2021/01"), ("wechat", "2021/01")]
    assert (out / PDF).read_bytes() == old_2025  # kept as the last build left it
    assert 'href="../../files/nxyb-2025-12.pdf"' in (out / "site/2025/12/index.html").read_text(
        encoding="utf-8"
    )
    with pytest.raises(UsageError):
        build(demo, out, only=["2030/01"])


def test_interrupted_build_leaves_the_previous_output(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = demo / "build"
    build(demo, out, jobs=1)
    before = tree(out)
    issue = demo / "content/issues/2025/12.yaml"
    issue.write_text(
        issue.read_text(encoding="utf-8").replace("今年以来", "2025年以来", 1), encoding="utf-8"
    )

    def interrupt(state: object, task: tuple[str, str]) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(ybbulletin.build.workers, "render_task", interrupt)
    with pytest.raises(KeyboardInterrupt):
        build(demo, out, jobs=1)
    assert tree(out) == before
    assert not [p for p in out.iterdir() if p.name.startswith(".new-")]


def test_formats_subset_keeps_the_other_outputs(demo: Path) -> None:
    out = demo / "build"
    build(demo, out, jobs=1)
    before = tree(out)
    result = build(demo, out, formats=("html",), jobs=1)
    assert result.written == 0
    assert tree(out) == before


def test_stage_names_in_the_log_are_the_documented_ones(
    demo: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="ybbulletin"):
        build(demo, demo / "build", jobs=1, formats=("html",))
    logged = [r.getMessage() for r in caplog.records]
    documented = (REPO / "docs/architecture.md").read_text(encoding="utf-8")
    for number, name in enumerate(
        ["discover", "load", "validate", "number", "parse bodies", "plan", "render", "write"],
        start=1,
    ):
        assert f"| {number} | {name} |" in documented
        assert any(f"{number}. {name}" in message for message in logged), (number, name)


def test_cli_summary_line_and_no_progress_bar_off_a_terminal(
    demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--project", str(demo), "build", "--jobs", "1", "--formats", "html,pdf"]) == 0
    captured = capsys.readouterr()
    last = captured.out.strip().splitlines()[-1]
    assert last.startswith("已生成 2 期：写入 ")
    assert "个未变（build），用时 " in last
    assert last.endswith("，8 个警告。")  # the seeds' artefacts and the 目录 warning, see test_cli
    assert "生成 PDF/Word" not in captured.err
    assert main(["--project", str(demo), "build", "--jobs", "0"]) == 2
    assert main(["--project", str(demo), "build", "--only", "2030/01"]) == 2
