"""A long TMPDIR: the issue workers' fork server still starts (its socket's path has room
for ~107 bytes), from a short private folder that is gone when the process ends."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

SCRIPT = """
import multiprocessing.forkserver
from ybbulletin.build.issue_pool import short_temp_dir
folder = short_temp_dir()
multiprocessing.forkserver.ensure_running()  # was: OSError: AF_UNIX path too long
print(folder)
"""


def run(tmpdir: Path) -> str:
    env = {**os.environ, "TMPDIR": str(tmpdir)}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.mark.slow  # over 0.3 s: the full suite runs it, not the edit loop
def test_a_long_tmpdir_falls_back_to_a_short_private_folder_removed_after(
    tmp_path: Path,
) -> None:
    long = tmp_path / ("x" * max(1, 100 - len(str(tmp_path))))
    long.mkdir()
    folder = Path(run(long))
    assert not folder.is_relative_to(long)
    assert len(str(folder)) < 40
    assert not folder.exists()  # multiprocessing's folder and the short one around it
    assert not folder.parent.exists()
    assert folder.parent.name.startswith("ybmp-")
    assert list(long.iterdir()) == []


@pytest.mark.slow  # over 0.3 s: the full suite runs it, not the edit loop
def test_a_short_tmpdir_is_used_as_it_is() -> None:
    short = Path(tempfile.mkdtemp(prefix="yb-", dir="/tmp"))  # (pytest's tmp_path may be long)
    try:
        assert Path(run(short)).parent == short
    finally:
        shutil.rmtree(short)
