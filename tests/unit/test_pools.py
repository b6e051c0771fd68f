"""``pools``: the work reaches the workers by the fork, only spans are sent; a worker that
dies is reported, not waited for; the default number of workers."""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import subprocess
import sys
import threading
import time
from multiprocessing.reduction import ForkingPickler
from pathlib import Path

import pytest

from ybbulletin import pools
from ybbulletin.errors import WorkerLost
from ybbulletin.interrupt import worker_signals
from ybbulletin.pools import Span, Watched, forked, running


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
    with forked(lambda span: list(range(*span)), 10, 2, chunk=8, start=worker_signals) as parts:
        assert [i for part in parts for i in part] == list(range(10))
    assert pools._WORK is None


# A worker that dies takes its task with it: the pools say so instead of waiting for ever.


def _killed_at_3(span: Span) -> list[int]:
    if span[0] <= 3 < span[1]:
        os.kill(os.getpid(), signal.SIGKILL)
    return list(range(*span))


@pytest.mark.slow  # starts worker pools and kills their processes
@pytest.mark.timeout(60)
def test_a_worker_killed_at_work_is_reported_not_waited_for() -> None:
    started = time.monotonic()
    with (
        pytest.raises(WorkerLost) as lost,
        forked(_killed_at_3, 40, 2, chunk=1, start=worker_signals) as parts,
    ):
        list(parts)
    assert lost.value.exitcode == -signal.SIGKILL
    assert "SIGKILL" in str(lost.value)
    assert "内存不足" in str(lost.value)
    assert time.monotonic() - started < 30


def _pid(_: int) -> int:
    return os.getpid()


@pytest.mark.slow  # starts worker pools and kills their processes
@pytest.mark.timeout(60)
def test_idle_workers_killed_holding_the_queue_lock_end_the_pool_all_the_same() -> None:
    """An idle worker waits for its next task holding the task queue's lock: killed then,
    no other worker gets a task and Pool.terminate would wait for the lock for ever."""
    fork = multiprocessing.get_context("fork")
    started = time.monotonic()
    with running(lambda: Watched(fork, 2)) as pool:
        pids = set(pool.watched(pool.imap(_pid, range(20))))
        time.sleep(0.3)  # both idle: one waits on the pipe with the lock, one for the lock
        for pid in pids:
            os.kill(pid, signal.SIGKILL)
        results = pool.watched(pool.imap(_pid, range(20)))
        with pytest.raises(WorkerLost):
            list(results)
    assert time.monotonic() - started < 30


@pytest.mark.slow  # starts worker pools and kills their processes
@pytest.mark.timeout(60)
def test_workers_ending_after_their_share_of_tasks_are_not_lost() -> None:
    fork = multiprocessing.get_context("fork")
    with running(lambda: Watched(fork, 2, maxtasksperchild=2)) as pool:
        pids = list(pool.watched(pool.imap(_pid, range(30))))
        assert pool.lost() is None
    assert len(set(pids)) >= 15  # a new worker every two tasks


def _failing() -> None:
    raise RuntimeError("an initializer that fails")


@pytest.mark.slow  # starts worker pools and kills their processes
@pytest.mark.timeout(60)
def test_a_failing_initializer_is_reported_not_retried_for_ever(
    capfd: pytest.CaptureFixture[str],
) -> None:
    fork = multiprocessing.get_context("fork")
    with pytest.raises(WorkerLost) as lost, running(lambda: Watched(fork, 2, _failing)) as pool:
        list(pool.watched(pool.imap(_pid, range(4))))
    assert lost.value.exitcode == 1
    assert "退出码 1" in str(lost.value)
    assert "an initializer that fails" in capfd.readouterr().err


def test_worker_lost_messages() -> None:
    assert str(WorkerLost(-signal.SIGTERM)) == "一个工作进程被信号 SIGTERM 结束，这次运行没有做完"
    assert str(WorkerLost(-signal.SIGKILL)) == (
        "一个工作进程被信号 SIGKILL 结束（常见原因：内存不足，被系统结束），这次运行没有做完"
    )
    assert str(WorkerLost(3)) == "一个工作进程意外退出（退出码 3），这次运行没有做完"
    assert pickle.loads(pickle.dumps(WorkerLost(-9))).exitcode == -9


@pytest.mark.parametrize(
    ("v2", "v1", "expected"),
    [
        ("max 100000", None, 64),
        ("150000 100000", None, 2),  # 1.5 CPUs of time: two workers
        ("50000 100000", None, 1),
        (None, ("200000", "100000"), 2),
        (None, ("-1", "100000"), 64),
        ("garbage", None, 64),
        (None, None, 64),
    ],
)
def test_cpus_follow_the_cgroup_quota(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    v2: str | None,
    v1: tuple[str, str] | None,
    expected: int,
) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(64)))
    files = []
    if v2 is not None:
        (tmp_path / "cpu.max").write_text(v2 + "\n", encoding="ascii")
    files.append((str(tmp_path / "cpu.max"), ""))
    if v1 is not None:
        (tmp_path / "quota").write_text(v1[0] + "\n", encoding="ascii")
        (tmp_path / "period").write_text(v1[1] + "\n", encoding="ascii")
    files.append((str(tmp_path / "quota"), str(tmp_path / "period")))
    monkeypatch.setattr(pools, "_CGROUP_QUOTAS", tuple(files))
    assert pools.cpus() == expected


def test_cpus_are_at_most_the_allowed_ones() -> None:
    assert 1 <= pools.cpus() <= len(os.sched_getaffinity(0))


@pytest.mark.slow  # starts worker pools and kills their processes
@pytest.mark.timeout(60)
def test_an_idle_worker_killed_after_the_last_result_does_not_hold_the_end() -> None:
    fork = multiprocessing.get_context("fork")
    started = time.monotonic()
    with running(lambda: Watched(fork, 1)) as pool:
        (pid,) = set(pool.watched(pool.imap(_pid, range(5))))
        time.sleep(0.3)  # idle: waiting on the pipe, holding the queue's lock
        os.kill(pid, signal.SIGKILL)
    assert time.monotonic() - started < 30


OWNER = """
import multiprocessing, os, sys, time
from ybbulletin.interrupt import worker_signals
from ybbulletin.pools import Watched, running

def pid(_):
    return os.getpid()

if __name__ == "__main__":
    with running(lambda: Watched(multiprocessing.get_context("fork"), 2, worker_signals)) as pool:
        print(*sorted(set(pool.watched(pool.imap(pid, range(20))))), flush=True)
        time.sleep(60)
"""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return state[state.rindex(")") + 2] != "Z"


@pytest.mark.slow  # starts worker pools and kills their processes
@pytest.mark.timeout(60)
def test_workers_end_with_the_process_that_forked_them(tmp_path: Path) -> None:
    """Killed (out of memory), a pool's process leaves no worker behind: each closed its
    copy of the task pipe's writing end (multiprocessing's worker does), so it reads the
    pipe's end and stops. (The segmenting server's workers so release its pipe to the
    build, which then sees the server gone.)"""
    script = tmp_path / "owner.py"
    script.write_text(OWNER, encoding="utf-8")
    owner = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    assert owner.stdout is not None
    pids = [int(word) for word in owner.stdout.readline().split()]
    assert pids
    assert all(_alive(pid) for pid in pids)
    owner.kill()
    owner.wait()
    owner.stdout.close()
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = [pid for pid in pids if _alive(pid)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert not left


def _deaf() -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # as a SIGTERM lost just after the fork


@pytest.mark.slow  # starts worker pools and kills their processes
@pytest.mark.timeout(60)
def test_ending_a_pool_does_not_wait_for_a_worker_that_missed_its_sigterm() -> None:
    """A worker's SIGTERM can be lost (one that comes before the forked interpreter cleared
    its pending signals): the pool's end must not wait for that worker for ever."""
    fork = multiprocessing.get_context("fork")
    started = time.monotonic()
    with running(lambda: Watched(fork, 1, _deaf)) as pool:
        pool.imap(time.sleep, [600])  # at work when the pool ends: only a signal ends it
        time.sleep(0.3)
        workers = list(pool._pool)  # type: ignore[attr-defined]
    assert not [w for w in workers if w.is_alive()]
    assert time.monotonic() - started < 30


def _dies_holding_the_result_lock(_: int) -> None:
    """As a worker killed while it sent a result: the result pipe's lock taken for good."""
    import gc
    from multiprocessing.queues import SimpleQueue

    for queue in gc.get_objects():
        if isinstance(queue, SimpleQueue) and queue._reader.closed and not queue._writer.closed:  # type: ignore[attr-defined]
            queue._wlock.acquire()  # type: ignore[attr-defined]  # the worker's outqueue
    os.kill(os.getpid(), signal.SIGKILL)


@pytest.mark.slow  # starts worker pools and kills their processes
@pytest.mark.timeout(60)
def test_a_worker_killed_holding_the_result_pipes_lock_does_not_hold_the_end() -> None:
    """Pool's end puts a last message on the result pipe: with its lock held by a dead
    worker it would wait for ever. The pool is abandoned instead: workers killed, threads
    left (daemons)."""
    fork = multiprocessing.get_context("fork")
    started = time.monotonic()
    with running(lambda: Watched(fork, 2)) as pool:
        results = pool.watched(pool.imap(_dies_holding_the_result_lock, range(2)))
        with pytest.raises(WorkerLost):
            list(results)
        workers = list(pool._pool)  # type: ignore[attr-defined]
    assert not [w for w in workers if w.is_alive()]
    assert time.monotonic() - started < 30
