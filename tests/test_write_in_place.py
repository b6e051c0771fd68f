"""Stage 8 writes what changed in place: other files are not touched, files no longer made
go, a failed build leaves everything as it was, and ``--force`` still reads the archive
cache. Site and 公众号 only (no PDF or Word renders)."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest

import ybbulletin.project
from tests.conftest import BOOKKEEPING, edit
from ybbulletin.build import build
from ybbulletin.cache import Manifest
from ybbulletin.errors import ContentError

pytestmark = pytest.mark.slow  # builds of the demo site, like tests/test_build.py

FORMATS = ("html", "wechat")
ISSUE = "content/issues/2025/12.yaml"


def files(out: Path) -> dict[str, tuple[int, int, bytes]]:
    """Every output file: (inode, mtime, bytes)."""
    found = {}
    for path in sorted(out.rglob("*")):
        if path.is_file() and path.name not in BOOKKEEPING:
            info = path.stat()
            found[path.relative_to(out).as_posix()] = (
                info.st_ino,
                info.st_mtime_ns,
                path.read_bytes(),
            )
    return found


def test_an_edit_replaces_the_changed_files_and_touches_no_other(demo: Path) -> None:
    out = demo / "build"
    build(demo, out, formats=FORMATS, jobs=1, drafts=True)
    before = files(out)
    edit(demo, ISSUE, "从源头消除因病致贫风险。", "从源头上消除因病致贫风险。")
    result = build(demo, out, formats=FORMATS, jobs=1, drafts=True)
    after = files(out)
    assert set(after) == set(before)
    changed = {path for path in after if after[path][2] != before[path][2]}
    touched = {path for path in after if after[path][:2] != before[path][:2]}
    assert "site/2025/12/01.html" in changed
    assert touched == changed  # the others are the very same files, not copies or links
    assert result.written == len(changed)
    assert not [p for p in out.iterdir() if p.name.startswith((".new-", ".old-"))]


def test_the_staging_folder_goes_in_a_thread_ended_before_the_build_returns(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = demo / "build"
    build(demo, out, formats=FORMATS, jobs=1, drafts=True)
    edit(demo, ISSUE, "从源头消除因病致贫风险。", "从源头上消除因病致贫风险。")
    removed_by = []
    rmtree = shutil.rmtree

    def record(path: Path, **options: bool) -> None:
        if Path(path).name.startswith(".new-"):
            removed_by.append(threading.current_thread())
        rmtree(path, **options)

    monkeypatch.setattr(shutil, "rmtree", record)
    build(demo, out, formats=FORMATS, jobs=1, drafts=True)
    assert removed_by
    assert removed_by[0] is not threading.main_thread()
    assert not [p for p in out.iterdir() if p.name.startswith(".new-")]


def test_files_no_longer_made_are_removed_with_their_empty_folders(demo: Path) -> None:
    out = demo / "build"
    build(demo, out, formats=FORMATS, jobs=1, drafts=True)
    assert (out / "site/2025/12/index.html").is_file()
    (demo / ISSUE).unlink()
    build(demo, out, formats=FORMATS, jobs=1, drafts=True)
    assert not (out / "site/2025").exists()
    assert not (out / "wechat/2025").exists()
    assert (out / "site/2021/01/index.html").is_file()


def test_a_build_that_fails_after_rendering_leaves_everything_as_it_was(demo: Path) -> None:
    out = demo / "build"
    build(demo, out, formats=FORMATS, jobs=1, drafts=True)
    before = files(out)
    # a 校对 warning: --strict fails the build once everything has rendered
    edit(demo, ISSUE, "从源头消除因病致贫风险。", "从源头消除因病致贫风险。。")
    with pytest.raises(ContentError):
        build(demo, out, formats=FORMATS, jobs=1, drafts=True, strict=True)
    assert files(out) == before
    assert not [p for p in out.iterdir() if p.name.startswith(".new-")]


def test_force_renders_every_file_but_reads_the_archive_cache(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = demo / "build"
    build(demo, out, formats=FORMATS, jobs=1, drafts=True)
    before = files(out)
    loaded: list[str] = []
    original = ybbulletin.project._run_stages

    def spy(raw, issue_file, issue_dir, context):  # type: ignore[no-untyped-def]
        loaded.append(issue_file.relpath)
        return original(raw, issue_file, issue_dir, context)

    monkeypatch.setattr(ybbulletin.project, "_run_stages", spy)
    result = build(demo, out, formats=FORMATS, jobs=1, drafts=True, force=True)
    assert loaded == []  # every issue file came from the archive cache
    # every file rendered again and compared with the one there: the same bytes stay as
    # they were (inode, time)
    assert result.written == 0
    assert files(out) == before
    # a file whose bytes differ on disk is written again, though the manifest, its size
    # and its time all say it is the one the last build left
    page = out / "site/index.html"
    data = page.read_bytes()
    info = page.stat()
    page.write_bytes(data.replace(b"<", b"{", 1))
    os.utime(page, ns=(info.st_atime_ns, info.st_mtime_ns))
    result = build(demo, out, formats=FORMATS, jobs=1, drafts=True, force=True)
    assert result.written == 1
    assert page.read_bytes() == data
    # so is one holding our bytes and more after them, and a FIFO in a page's place is
    # replaced, not waited on (a writer opens it after 30 s if the build waits: a hang)
    page.write_bytes(data + b"\n")
    (out / "site/archive/index.html").unlink()
    os.mkfifo(out / "site/archive/index.html")
    done, waited = threading.Event(), []

    def unblock() -> None:
        if not done.wait(30):
            waited.append(True)
            with open(out / "site/archive/index.html", "wb"):
                pass

    helper = threading.Thread(target=unblock)
    helper.start()
    try:
        result = build(demo, out, formats=FORMATS, jobs=1, drafts=True, force=True)
    finally:
        done.set()
        helper.join()
    assert not waited
    assert result.written == 2
    assert page.read_bytes() == data
    assert (out / "site/archive/index.html").is_file()
    (out / "site" / "stray.html").write_text("left by hand", encoding="utf-8")
    build(demo, out, formats=FORMATS, jobs=1, drafts=True, force=True)
    assert not (out / "site" / "stray.html").exists()  # --force: only what the build makes


def test_force_records_the_stats_it_took_when_it_compared(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under --force every file is read to compare it: its stat is taken then (in the
    site's workers), not once more for each of them after they are done (8,658 at 500
    issues). The manifest holds every file's true stat (the next build reads none)."""
    out = demo / "build"
    build(demo, out, formats=FORMATS, jobs=2, drafts=True)
    stated: list[str] = []
    stat = os.stat

    def spy(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if isinstance(path, str) and path.startswith(os.fspath(out)):
            stated.append(path)
        return stat(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", spy)
    page = out / "site/index.html"
    page.write_bytes(page.read_bytes() + b"\n")  # one file differs: written, then stat'ed
    result = build(demo, out, formats=FORMATS, jobs=2, drafts=True, force=True)
    monkeypatch.undo()
    assert result.written == 1
    manifest = Manifest.load(out)
    made = {os.path.join(out, path) for path in manifest.entries}
    assert [path for path in stated if path in made] == [os.path.join(out, "site/index.html")]
    assert len(manifest.stats) == len(manifest.entries) > 50
    for path, seen in manifest.stats.items():
        info = (out / path).stat()
        assert seen == (info.st_size, info.st_mtime_ns), path
    assert build(demo, out, formats=FORMATS, jobs=1, drafts=True).written == 0
