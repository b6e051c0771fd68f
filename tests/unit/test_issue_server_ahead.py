"""The issue formats' server started before the archive loads, when a build will likely
need it (``issue_pool.likely_needed``): guessed from file times, never on a no-op build."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import ybbulletin.build
from ybbulletin.build import build
from ybbulletin.build.issue_pool import likely_needed


def _project(root: Path) -> tuple[Path, Path, Path]:
    """A project's settings, one issue file and an archive cache, the cache the newest."""
    issue = root / "content/issues/2025/01.yaml"
    issue.parent.mkdir(parents=True)
    settings = root / "ybbulletin.yaml"
    kept = root / "build/.ybbulletin-archive-cache"
    kept.parent.mkdir()
    for n, path in enumerate((settings, issue, kept)):
        path.write_text("x", encoding="utf-8")
        os.utime(path, ns=(1_700_000_000_000_000_000 + n, 1_700_000_000_000_000_000 + n))
    return settings, issue, kept


def _touch(path: Path, after: Path) -> None:
    later = after.stat().st_mtime_ns + 1
    os.utime(path, ns=(later, later))


def test_nothing_changed_since_the_archive_cache_needs_no_server(tmp_path: Path) -> None:
    _settings, _issue, kept = _project(tmp_path)
    assert not likely_needed(tmp_path, kept, force=False)
    assert likely_needed(tmp_path, kept, force=True)  # every output made again


def test_an_issue_file_or_the_settings_changed_after_the_cache_need_it(tmp_path: Path) -> None:
    settings, issue, kept = _project(tmp_path)
    _touch(issue, kept)
    assert likely_needed(tmp_path, kept, force=False)
    _touch(kept, issue)
    assert not likely_needed(tmp_path, kept, force=False)
    _touch(settings, kept)
    assert likely_needed(tmp_path, kept, force=False)


def test_a_first_build_or_a_project_it_cannot_read_needs_it(tmp_path: Path) -> None:
    _settings, _issue, kept = _project(tmp_path)
    assert likely_needed(tmp_path, tmp_path / "build/none", force=False)  # no archive cache
    (tmp_path / "ybbulletin.yaml").unlink()
    assert likely_needed(tmp_path, kept, force=False)  # (the load says what is wrong)


def test_a_no_op_build_starts_no_server_an_edit_starts_it_before_loading(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = demo / "build"
    build(demo, out, formats=("html", "docx"), jobs=2)
    started: list[list[str]] = []
    monkeypatch.setattr(ybbulletin.build, "start_server", started.append)
    build(demo, out, formats=("html", "docx"), jobs=2)
    assert started == []  # a no-op build: no issue file newer than the archive cache
    issue = demo / "content/issues/2025/12.yaml"
    issue.write_text(issue.read_text(encoding="utf-8").replace("。", "。。", 1), "utf-8")
    _touch(issue, out / ".ybbulletin-archive-cache")
    build(demo, out, formats=("html", "docx"), jobs=2)
    assert started == [["docx"]]
    build(demo, out, formats=("html",), jobs=2, force=True)
    assert started == [["docx"]]  # no issue format asked for


def test_a_file_saved_unchanged_is_guessed_changed_once(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = demo / "build"
    build(demo, out, formats=("html", "docx"), jobs=2)
    started: list[list[str]] = []
    monkeypatch.setattr(ybbulletin.build, "start_server", started.append)
    kept = out / ".ybbulletin-archive-cache"
    _touch(demo / "content/issues/2025/12.yaml", kept)  # saved again, the same bytes
    build(demo, out, formats=("html", "docx"), jobs=2)
    assert started == [["docx"]]  # the guess: it may have changed
    assert kept.stat().st_mtime_ns > (demo / "content/issues/2025/12.yaml").stat().st_mtime_ns
    build(demo, out, formats=("html", "docx"), jobs=2)
    assert started == [["docx"]]  # found as kept: not guessed again
