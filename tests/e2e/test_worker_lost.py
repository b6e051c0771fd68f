"""A worker process killed during a build (as the kernel's out-of-memory killer does):
the build stops with one clear error, exit code 1, no traceback, nothing of the session
left running, and the project with its build folder byte for byte as before.

:class:`multiprocessing.pool.Pool` alone replaces a dead worker and waits for the task
it took with it for ever: a build hung so until CI's time ran out. The runner below
kills a site worker at work (its task's function, inherited by the fork, kills it), or
every PDF/Word worker once the first file came back (from outside, as the kernel
would: one at work loses its task, an idle one the task queue's lock).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from tests.e2e.test_interrupt import built, current, kill, left_over, project
from tests.processes import snapshot

__all__ = ["built", "current", "project"]  # the fixtures, shared with test_interrupt

RUNNER = """
import importlib, os, signal, sys
from ybbulletin.cli import main
workers = importlib.import_module("ybbulletin.build.workers")

if sys.argv[1] == "pages":
    def killed(task):
        os.kill(os.getpid(), signal.SIGKILL)
    workers._pooled_task = killed
if sys.argv[1] == "pdf":
    original = workers._detached_results
    def detached_results(pool, *args):
        for n, result in enumerate(original(pool, *args)):
            if n == 0:
                for process in list(pool._pool):
                    os.kill(process.pid, signal.SIGKILL)
            yield result
    workers._detached_results = detached_results
sys.exit(main(sys.argv[2:]))
"""

LINES = [
    "ybbulletin: 错误: 一个工作进程被信号 SIGKILL 结束（常见原因：内存不足，被系统结束），"
    "这次运行没有做完",
    "    提示: 关闭占用内存的程序后再运行一次；生成时可加 --jobs 1，让同时工作的进程少些",
]


@pytest.mark.parametrize(("where", "formats"), [("pages", "html"), ("pdf", "pdf,docx")])
def test_a_killed_worker_stops_the_build_and_leaves_everything_as_it_was(
    project: Path, where: str, formats: str
) -> None:
    before = snapshot(project)
    temporary = Path(tempfile.mkdtemp(prefix="yb-", dir="/tmp"))  # short: a socket is in it
    started = time.monotonic()
    args = ["build", "--force", "--jobs", "2", "--formats", formats, "--project", str(project)]
    command = subprocess.Popen(
        [sys.executable, "-c", RUNNER, where, *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        env={**os.environ, "TMPDIR": str(temporary)},
    )
    try:
        _, err = command.communicate(timeout=120)
    finally:
        if command.poll() is None:
            kill(command.pid)
            command.communicate()
    assert time.monotonic() - started < 60
    assert not left_over(command.pid)
    assert command.returncode == 1, err
    assert err.splitlines()[-2:] == LINES, err
    assert "Traceback" not in err, err
    assert snapshot(project) == before
    made = list(temporary.iterdir())
    shutil.rmtree(temporary)
    assert not made
