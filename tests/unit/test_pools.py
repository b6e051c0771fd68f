"""``pools.forked``: the work reaches the workers by the fork, only spans are sent."""

from __future__ import annotations

import os
import threading
from multiprocessing.reduction import ForkingPickler

import pytest

from ybbulletin.interrupt import worker_signals
from ybbulletin.pools import Span, forked


def test_the_work_is_inherited_and_results_come_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [f"text {i} " * 3_000 for i in range(50)]  # 1.2 MB in all, never sent
    parent = os.getpid()
    lock = threading.Lock()  # unpicklable: the work must never be pickled

    def work(span: Span) -> list[tuple[int, int, bool]]:
        with lock:
            return [(i, len(texts[i]), os.getpid() != parent) for i in range(*span)]

    sent: list[int] = []
    dumps = ForkingPickler.dumps

    def recorded(obj: object, protocol: int | None = None) -> memoryview:
        data = dumps(obj, protocol)
        sent.append(len(data))
        return data

    monkeypatch.setattr(ForkingPickler, "dumps", recorded)
    with forked(work, len(texts), 2, chunk=4, start=worker_signals) as parts:
        spans = list(parts)
    assert all(1 <= len(part) <= 4 for part in spans)
    done = [item for part in spans for item in part]
    assert [i for i, _, _ in done] == list(range(50))
    assert all(size == len(texts[i]) and in_worker for i, size, in_worker in done)
    assert sent
    assert max(sent) < 1_000, max(sent)


def test_nothing_is_left_inherited_after_the_pool() -> None:
    from ybbulletin import pools

    with forked(lambda span: list(range(*span)), 10, 2, chunk=8, start=worker_signals) as parts:
        assert [i for part in parts for i in part] == list(range(10))
    assert pools._WORK is None
