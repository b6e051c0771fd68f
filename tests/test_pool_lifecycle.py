"""Worker pools end with the build, however it ends; a commit cut short is undone.

- The site's workers and the issue formats' workers are ended and waited for when the
  build returns or raises (not whenever the garbage collector gets to a generator):
  nothing of the build runs on, and no staging folder is left.
- The issue workers' fork server imports the worker side and the formats' warm-ups
  only, not the build pipeline.
- A commit interrupted (Ctrl-C) or failing before the manifest is saved puts every file
  and folder back: the build folder is the last build's, byte for byte.
"""

from __future__ import annotations

import importlib
import multiprocessing.connection
import os
import shutil
import subprocess
import sys
from multiprocessing.reduction import ForkingPickler
from pathlib import Path

import pytest

from tests.processes import processes, snapshot
from ybbulletin.build import build
from ybbulletin.build.issue_pool import preload
from ybbulletin.render.registry import FORMATS, IssueFormat

write_module = importlib.import_module("ybbulletin.build.write")  # build.write: a function

#: What runs beside a build for the life of this process (multiprocessing's own).
HELPERS = ("multiprocessing.forkserver", "multiprocessing.resource_tracker")


def _left_running(before: frozenset[int] = frozenset()) -> list[str]:
    """This process's descendants but for the fork server, the resource tracker and those
    in ``before`` (started by other tests in this process, e.g. a session's browser)."""
    every = {pid: (parent, cmd) for pid, (parent, _sid, cmd) in processes().items()}
    ours, grown = {os.getpid()}, True
    while grown:
        more = {pid for pid, (parent, _cmd) in every.items() if parent in ours} - ours
        ours |= more
        grown = bool(more)
    ours.discard(os.getpid())
    return [
        f"{pid} {every[pid][1]}"
        for pid in sorted(ours - before)
        if not any(h in every[pid][1] for h in HELPERS)
    ]


def _running_now() -> frozenset[int]:
    return frozenset(int(line.split()[0]) for line in _left_running())


@pytest.mark.slow  # over 0.3 s: the full suite runs it, not the edit loop
def test_the_fork_server_preloads_no_build_pipeline() -> None:
    names = [f.name for f in FORMATS if isinstance(f, IssueFormat)]
    modules = preload(names)
    warmed = [f.name for f in FORMATS if isinstance(f, IssueFormat) and f.warm_up is not None]
    assert [f"ybbulletin.render.warm.{name}" for name in warmed] == modules[2:]
    script = f"import sys\nfor m in {modules!r}: __import__(m)\nprint(sorted(sys.modules))"
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    loaded = done.stdout
    assert "'ybbulletin.render.detached'" in loaded
    assert "'weasyprint'" in loaded
    assert "'ybbulletin.build" not in loaded  # nor any of its modules


@pytest.mark.slow  # starts the worker pools
def test_a_build_leaves_no_worker_running(demo: Path) -> None:
    # 公众号 files: issue tasks for the fork server's workers (no warm-up: quick)
    before = _running_now()
    build(demo, demo / "build", formats=("html", "wechat"), jobs=2)
    assert _left_running(before) == []


@pytest.mark.slow  # starts the worker pools
def test_a_failed_build_leaves_no_worker_and_no_staging(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(write_module._Putter, "record", full)
    before = _running_now()
    with pytest.raises(OSError, match="No space"):
        build(demo, demo / "build", formats=("html", "wechat"), jobs=2)
    assert _left_running(before) == []
    assert not list((demo / "build").glob(".new-*"))


@pytest.mark.slow  # starts the worker pools
def test_what_a_task_sends_to_a_worker_is_small(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # ybbulletin/pools.py: a task bigger than the pipe's 64 KB could hang Pool.terminate
    sent: list[tuple[int, str]] = []
    real = multiprocessing.connection.Connection.send

    def measured(self: multiprocessing.connection.Connection, obj: object) -> None:
        data = ForkingPickler.dumps(obj)
        sent.append((len(data), repr(obj)[:200]))
        real(self, obj)

    monkeypatch.setattr(multiprocessing.connection.Connection, "send", measured)
    build(demo, demo / "build", formats=("html", "docx", "wechat"), jobs=2)
    # the issue tasks (2 issues × 2 formats), the site's batches, the search terms' spans
    assert len(sent) > 4
    biggest = max(sent)
    assert biggest[0] < 4096, biggest


@pytest.mark.slow  # five builds
def test_a_commit_cut_short_puts_everything_back(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = demo / "build"
    build(demo, out, formats=("html",), jobs=1)
    issue = demo / "content/issues/2025/12.yaml"
    text = issue.read_text(encoding="utf-8")
    issue.write_text(text.replace("今年以来", "2025年以来", 1), encoding="utf-8")
    settings = demo / "ybbulletin.yaml"  # without base_url, no feed and sitemap: removed
    lines = settings.read_text(encoding="utf-8").splitlines(keepends=True)
    settings.write_text("".join(x for x in lines if not x.startswith("base_url:")), "utf-8")
    before = snapshot(out)
    real = os.replace
    calls: list[str] = []

    def counted(source: object, target: object) -> None:
        calls.append(str(target))
        real(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(write_module, "commit", _spied(write_module.commit, counted))
    probe = Path(shutil.copytree(out, demo / "probe"))  # times kept: the manifest's
    build(demo, probe, formats=("html",), jobs=1)  # counts the commit's moves
    moves = len(calls)
    assert moves > 3
    for cut in sorted({1, 2, moves // 2, moves - 1, moves}):  # the last: the manifest's
        calls.clear()

        def interrupted(source: object, target: object, cut: int = cut) -> None:
            calls.append(str(target))
            if len(calls) == cut:
                raise KeyboardInterrupt
            real(source, target)  # type: ignore[arg-type]

        monkeypatch.setattr(write_module, "commit", _spied(_original_commit, interrupted))
        with pytest.raises(KeyboardInterrupt):
            build(demo, out, formats=("html",), jobs=1)
        assert snapshot(out) == before, cut
    monkeypatch.setattr(write_module, "commit", _original_commit)
    build(demo, out, formats=("html",), jobs=1)
    assert snapshot(out) != before


_original_commit = write_module.commit


def _spied(commit: object, replace: object) -> object:
    """``commit`` with ``os.replace`` as ``replace`` while it runs (the manifest's too)."""

    def spied(*args: object, **kwargs: object) -> object:
        real = os.replace
        os.replace = replace  # type: ignore[assignment]
        try:
            return commit(*args, **kwargs)  # type: ignore[operator]
        finally:
            os.replace = real

    return spied
