"""The tests' time limit (pytest-timeout) says where a hung worker is: before it fails a
test, every Python process the test started writes its stacks (``tests/conftest.py``,
``interrupt.stacks_on_request``), shown with the failure."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

HUNG = """
import multiprocessing, time
from ybbulletin.interrupt import worker_signals
from ybbulletin.pools import Watched, running

def stuck_in_the_worker(n):
    while True:
        time.sleep(0.05)

def test_hangs_in_a_worker():
    fork = multiprocessing.get_context("fork")
    with running(lambda: Watched(fork, 1, worker_signals)) as pool:
        list(pool.watched(pool.imap(stuck_in_the_worker, range(1))))
"""


@pytest.mark.slow
def test_a_test_hung_in_a_worker_fails_with_the_workers_stack(tmp_path: Path) -> None:
    (tmp_path / "conftest.py").write_text(
        "from tests.conftest import pytest_timeout_set_timer  # noqa: F401\n", encoding="utf-8"
    )
    (tmp_path / "test_hung.py").write_text(HUNG, encoding="utf-8")
    options = ["-q", "-p", "no:cacheprovider", "-o", "timeout=3", "--rootdir", str(tmp_path)]
    done = subprocess.run(
        [sys.executable, "-m", "pytest", *options, str(tmp_path / "test_hung.py")],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        cwd=tmp_path,
        check=False,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Timeout (>3.0s) from pytest-timeout" in done.stdout, done.stdout
    captured = done.stdout[done.stdout.index("Captured stderr") :]
    assert re.search(r'test_hung.py", line \d+ in stuck_in_the_worker', captured), done.stdout
