"""Freed memory given back before the build's last big buffers (``heap.give_back``)."""

from __future__ import annotations

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
