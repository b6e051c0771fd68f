"""The allocator: freed memory given back before the build's last big buffers
(``heap.give_back``), kept in the issue workers (``heap.keep_freed``)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ybbulletin import heap


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


@pytest.mark.skipif(heap._trim() is None or not Path("/proc/self/status").exists(), reason="glibc")
def test_memory_freed_under_a_live_block_is_given_back() -> None:
    # 60 MB in blocks under the mmap threshold, then one more that stays: the heap's top
    # cannot shrink past it, so what is freed below stays resident until given back
    blocks = [bytearray(b"x" * 100_000) for _ in range(600)]
    pin = bytearray(b"y" * 100_000)
    blocks.clear()
    before = _rss_mb()
    heap.give_back()
    assert before - _rss_mb() > 30
    assert pin[0] == ord("y")


def test_without_glibc_nothing_happens(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(heap, "_trim", lambda: None)
    heap.give_back()


_CHURN = """
import resource, sys
from ybbulletin import heap
if sys.argv[1] == "keep":
    heap.keep_freed()
def churn():  # ~20 MB of small blocks made and freed, as a render does
    blocks = [bytes(1000) for _ in range(20000)]
    del blocks
churn()
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(5):
    churn()
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""


@pytest.mark.skipif(heap._trim() is None, reason="glibc")
def test_a_worker_keeps_what_one_render_frees_for_the_next() -> None:
    # (a fresh interpreter each: the allocator's settings are the whole process's)
    def faults(mode: str) -> int:
        done = subprocess.run(
            [sys.executable, "-c", _CHURN, mode], capture_output=True, text=True, check=True
        )
        return int(done.stdout)

    given_back, kept = faults("plain"), faults("keep")
    assert given_back > 5000  # each churn faults its pages in again
    assert kept < given_back / 10


def test_an_issue_worker_keeps_freed_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    # the issue workers' initializer sets it: a worker renders one issue after another
    from ybbulletin.render import detached

    called: list[bool] = []
    monkeypatch.setattr(heap, "keep_freed", lambda: called.append(True))
    monkeypatch.setattr(detached, "worker_signals", lambda: None)
    monkeypatch.setattr(detached, "_CONTEXT", [])
    detached.install(Path("."), None)  # type: ignore[arg-type]
    assert called == [True]
