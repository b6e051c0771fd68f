"""Ctrl-C (and SIGTERM) during a command, as a terminal sends it: to the whole process group.

Each test runs the real command in a session of its own (its process group, as a
terminal's foreground job) and signals the group at one moment of the build, as a
terminal does (the workers are in groups of their own by then, but may not be yet).
The moment is made exact by a pause the runner below adds at that point (it prints a
mark, then sleeps till the signal comes). Then: exit 130 (143), one line, no traceback
from any process, no process of the session left, no temporary folder left, and the
project with its build folder byte for byte as before.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from tests.conftest import REPO, copy_project
from tests.processes import processes, snapshot

MARK = "@@paused"
LINE = "ybbulletin: 已中断（Ctrl-C），没有做完；再运行一次即可。"

# Runs ``ybbulletin ARGS…`` with a pause at MOMENT (argv[1]); the patches only wait.
RUNNER = """
import contextlib, importlib, os, sys, time
import ybbulletin.build, ybbulletin.project
from ybbulletin.cli import main
workers = importlib.import_module("ybbulletin.build.workers")
write = importlib.import_module("ybbulletin.build.write")  # ybbulletin.build.write: a function

def pause():
    print("@@paused", file=sys.stderr, flush=True)
    time.sleep(60)

def before(module, name):
    original = getattr(module, name)
    def paused(*args, **kwargs):
        pause()
        return original(*args, **kwargs)
    setattr(module, name, paused)

moment = sys.argv[1]
if moment == "load":  # before the build loads the archive
    before(ybbulletin.build, "load_archive")
if moment == "check":  # before check loads it
    before(ybbulletin.project, "load_archive")
if moment == "pages":  # the site's workers rendering, the fork server warming up
    original = workers.issue_pool
    @contextlib.contextmanager
    def issue_pool(*args):
        pause()
        with original(*args) as pool:
            yield pool
    workers.issue_pool = issue_pool
if moment == "both":  # both pools at work: the first site file comes back
    before(write._Putter, "record")
if moment == "pdf":  # the site's pool ended, PDF/Word workers rendering
    before(write._Putter, "__call__")
if moment == "commit":  # two files of the build moved into place
    replace, moved = os.replace, []
    def counted(source, target):
        replace(source, target)
        moved.append(target)
        if len(moved) == 2:
            pause()
    original_commit = write.commit
    def commit(*args, **kwargs):
        os.replace = counted
        try:
            return original_commit(*args, **kwargs)
        finally:
            os.replace = replace
    write.commit = commit
if moment == "publish":  # the release being copied
    import ybbulletin.publish
    original_copy, copied = ybbulletin.publish._copy_one, []
    def copy_one(*args):
        copied.append(args)
        if len(copied) == 3:
            pause()
        return original_copy(*args)
    ybbulletin.publish._copy_one = copy_one
sys.exit(main(sys.argv[2:]))
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo project, built (all formats)."""
    project = copy_project(REPO, tmp_path_factory.mktemp("interrupt") / "demo")
    done = subprocess.run(
        [sys.executable, "-m", "ybbulletin", "build", "--project", str(project), "--jobs", "2"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return project


@pytest.fixture
def current(built: Path, tmp_path: Path) -> Path:
    """A copy of it (times kept: the build's manifest knows its files by them)."""
    return Path(shutil.copytree(built, tmp_path / "demo", symlinks=True))


@pytest.fixture
def project(current: Path) -> Path:
    """A copy with one issue edited: the next build has pages, PDF, Word and 公众号 files
    to make."""
    issue = current / "content/issues/2025/12.yaml"
    text = issue.read_text(encoding="utf-8")
    issue.write_text(text.replace("今年以来", "2025年以来", 1), encoding="utf-8")
    return current


def session(sid: int) -> list[str]:
    """The processes of the session ``sid`` still running: "pid cmdline" (the workers
    have process groups of their own, in the command's session)."""
    return [f"{pid} {cmd}" for pid, (_parent, s, cmd) in processes().items() if s == sid]


def kill(sid: int) -> None:
    """End what is left of a command that hung (the test failed)."""
    for line in session(sid):
        with contextlib.suppress(OSError):
            os.kill(int(line.split()[0]), signal.SIGKILL)


def left_over(sid: int) -> list[str]:
    """What of the session ``sid`` still runs 10 s after its command ended (the fork server
    ends as the main process did), killed."""
    deadline = time.monotonic() + 10
    while session(sid) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = session(sid)
    kill(sid)
    return left


def interrupted(project: Path, moment: str, *args: str, signum: int = signal.SIGINT) -> str:
    """Run ``ybbulletin ARGS`` in ``project``, signal its group at ``moment``; check that
    the command stopped cleanly; return its standard error."""
    # short: the fork server's socket is made in it (AF_UNIX paths: 107 bytes at most)
    temporary = Path(tempfile.mkdtemp(prefix="yb-", dir="/tmp"))
    command = subprocess.Popen(
        [sys.executable, "-c", RUNNER, moment, *args, "--project", str(project)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a terminal's foreground job
        env={**os.environ, "TMPDIR": str(temporary)},
    )
    assert command.stderr is not None
    try:
        lines = []
        for line in command.stderr:
            lines.append(line)
            if line.strip() == MARK:
                break
        assert lines[-1:] == [f"{MARK}\n"], "".join(lines)
        time.sleep(0.3)  # the workers busy
        os.killpg(command.pid, signum)
        lines += command.stderr.readlines()
        command.wait(timeout=60)
    finally:
        if command.poll() is None:
            kill(command.pid)
        command.stderr.close()
    err = "".join(lines)
    assert not left_over(command.pid)
    assert command.returncode == 128 + signum, err
    assert "Traceback" not in err, err
    made = list(temporary.iterdir())
    shutil.rmtree(temporary)
    assert not made
    assert not list(project.rglob(".new-*"))
    return err


@pytest.mark.parametrize("moment", ["load", "pages", "both", "pdf", "commit"])
def test_ctrl_c_during_a_build_leaves_everything_as_it_was(project: Path, moment: str) -> None:
    before = snapshot(project)
    err = interrupted(project, moment, "build", "--jobs", "2")
    assert err.splitlines()[-1] == LINE
    assert err.count("已中断") == 1
    assert snapshot(project) == before


def test_sigterm_during_a_build_is_a_ctrl_c_too(project: Path) -> None:
    before = snapshot(project)
    err = interrupted(project, "both", "build", "--jobs", "2", signum=signal.SIGTERM)
    assert err.splitlines()[-1] == LINE.replace("Ctrl-C", "SIGTERM")
    assert snapshot(project) == before


def test_ctrl_c_during_check(project: Path) -> None:
    before = snapshot(project)
    err = interrupted(project, "check", "check")
    assert err.splitlines()[-1] == LINE
    assert snapshot(project) == before  # the archive cache not saved half-learnt


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_publish_interrupted_leaves_the_live_version(current: Path, signum: int) -> None:
    site = current.parent / "www"
    published = [sys.executable, "-m", "ybbulletin", "publish", "--project", str(current)]
    done = subprocess.run([*published, "--to", str(site)], capture_output=True, check=False)
    assert done.returncode == 0, done.stderr.decode()
    before = snapshot(site)
    settings = current / "ybbulletin.yaml"  # another site address: a new release to publish
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("www.example.gov.cn", "ybj.example.gov.cn"), "utf-8")
    rebuilt = subprocess.run(
        [sys.executable, "-m", "ybbulletin", "build", "--project", str(current)],
        capture_output=True,
        check=False,
    )
    assert rebuilt.returncode == 0, rebuilt.stderr.decode()
    err = interrupted(current, "publish", "publish", "--to", str(site), signum=signum)
    assert err.splitlines()[-1] == "ybbulletin: 发布已中断，线上的版本没有改变。"
    assert snapshot(site) == before
