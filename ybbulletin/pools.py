"""Worker pools, started and ended whole: :func:`running`.

A pool is made and then ended (its workers terminated and waited for) with any
Ctrl-C deferred till each is done (:func:`ybbulletin.interrupt.deferred`): an
interruption never leaves half a pool started or its workers running, and it is
raised once the workers are gone, before anything else unwinds (the build's staging
folder is removed after its pools ended: no worker still writes into it). Whoever
holds the pool ends it, in the order its ``with`` blocks say, not the garbage
collector.

What a task sends through a pool stays small (an index, a range, a file's path): data
goes to the workers by the fork (:func:`forked`: the work and what it reads are
inherited, only ranges are sent) or in a file (:func:`parcels`). CPython's
``Pool.terminate`` empties the pipe to the workers and then waits for the thread
feeding it; a task of more than the pipe's 64 KB that the thread began to write just
after would block it for good, and the build with it (a failed build's teardown hung
so, now and then). A small message fits the emptied
pipe: the thread ends.

A worker that dies (killed by the kernel when memory runs out, a crash in a C
library) takes its task with it, and :class:`multiprocessing.pool.Pool` waits for
that task's result for ever: it replaces the worker and says nothing. The pools here
are :class:`Watched`: they keep every worker they start, and :meth:`Watched.watched`
raises :class:`~ybbulletin.errors.WorkerLost` when one ended other than by finishing
its share. An idle worker killed while it waited for a task held the task queue's
lock, which ``Pool.terminate`` takes first: it would wait for ever too; here it
waits only while no worker is known dead, then ends the workers without it. A pool
with a worker known dead is abandoned rather than ended (:meth:`Watched.terminate`:
its pipes may be broken), and workers are ended with SIGKILL, which a worker just
forked cannot miss (see :meth:`Watched.Process`).
"""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing
import multiprocessing.pool
import multiprocessing.util
import os
import pickle
import shutil
import tempfile
import time
import weakref
from collections.abc import Callable, Iterable, Iterator, Sequence
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess
from typing import Any, TypeVar

from ybbulletin.errors import WorkerLost
from ybbulletin.interrupt import deferred

__all__ = ["Parcels", "Watched", "cpus", "forked", "parcels", "running", "unpacked"]

R = TypeVar("R")
Span = tuple[int, int]

# what a forked worker inherits: the work of the pool :func:`forked` started last
_WORK: Callable[[Span], Any] | None = None

#: How often a wait for results looks at the workers (s).
POLL = 0.2


class Watched(multiprocessing.pool.Pool):
    """A :class:`multiprocessing.pool.Pool` that sees a worker die: wait for its results
    through :meth:`watched`."""

    def __init__(
        self,
        context: BaseContext,
        processes: int,
        initializer: Callable[..., object] | None = None,
        initargs: Sequence[Any] = (),
        maxtasksperchild: int | None = None,
    ) -> None:
        self._started: list[BaseProcess] = []  # before the pool starts any
        self._abandoned = False
        super().__init__(processes, initializer, initargs, maxtasksperchild, context)
        # for _help_stuff_finish, which is given the queue only (not sent: a queue pickles
        # its pipe and locks alone)
        self._inqueue._watched = weakref.ref(self)  # type: ignore[attr-defined]

    def Process(self, ctx: BaseContext, *args: Any, **kwds: Any) -> BaseProcess:  # type: ignore[override]
        """Each worker the pool starts (at first, and each replacement), kept; ended with
        SIGKILL, not SIGTERM. A worker is born with its parent's SIGTERM handler (the fork
        server's, the main process's) until its initializer sets the default, and a
        signal that arrives before the new interpreter has cleared its pending signals
        after the fork is dropped: a pool ended just after it replaced a recycled worker
        (the last of 500 公众号 renders) sent SIGTERM into that moment, and then waited
        for ever for the worker to end. SIGKILL is not lost; a worker ends at once either
        way, with nothing to tidy."""
        process: BaseProcess = ctx.Process(*args, **kwds)  # type: ignore[attr-defined]
        process.terminate = process.kill  # type: ignore[method-assign]
        self._started.append(process)
        return process

    def lost(self, ask: bool = False) -> int | None:
        """The exit code of a worker that ended other than by finishing (negative: the
        signal), or None. A worker that served its ``maxtasksperchild`` tasks ends with 0.
        Read from what the pool's own thread found when it joined the worker (within
        0.1 s of its end): asking the process here would race that thread (a forkserver's
        worker has its exit status read once, from a pipe). Asked (``ask``) once that
        thread stopped looking: as the pool ends."""
        for process in list(self._started):
            popen = process._popen  # type: ignore[attr-defined]
            code = process.exitcode if ask else getattr(popen, "returncode", None)
            if code is None:
                continue
            if code != 0:
                return int(code)
            self._started.remove(process)
        return None

    def watched(self, results: Iterable[R]) -> Iterator[R]:
        """The results of ``imap`` (in its order) as they come; :class:`WorkerLost` as soon
        as a worker dies, instead of waiting for ever for the task it took with it."""
        assert isinstance(results, multiprocessing.pool.IMapIterator)
        while True:
            try:
                item = results.next(timeout=POLL)
            except StopIteration:
                return
            except multiprocessing.TimeoutError:
                code = self.lost()
                if code is not None:
                    self._abandoned = True  # its pipes may be broken: see terminate
                    raise WorkerLost(code) from None
                continue
            yield item

    def terminate(self) -> None:
        """As Pool's while every worker lives. Once one is known dead, the pool's pipes may
        be broken for good: a worker killed while it sent a result held the result pipe's
        lock (which Pool's end takes to tell its result thread to stop) or left half a
        message in it (which that thread waits for the rest of). Then the workers are
        killed and waited for, and the pool's threads, each blocked on a pipe, are left
        to end with the process (they are daemons), not waited for."""
        if not self._abandoned and self.lost() is None:
            super().terminate()
            return
        self._abandoned = True
        self._state = multiprocessing.pool.TERMINATE
        self._terminate.cancel()  # type: ignore[attr-defined]  # (Pool's end, at exit too)
        for thread in (self._worker_handler, self._task_handler, self._result_handler):  # type: ignore[attr-defined]
            thread._state = multiprocessing.pool.TERMINATE
        self._change_notifier.put(None)  # type: ignore[attr-defined]  # (this process's own)
        self._worker_handler.join()  # type: ignore[attr-defined]  # no worker started after
        workers = {id(p): p for p in (*self._pool, *self._started)}.values()  # type: ignore[attr-defined]
        for process in workers:
            if process.exitcode is None:
                process.kill()
        for process in workers:
            process.join()

    def join(self) -> None:
        """As Pool's, but for a pool :meth:`terminate` abandoned: its workers are gone."""
        if not self._abandoned:
            super().join()

    @staticmethod
    def _help_stuff_finish(inqueue: Any, task_handler: Any, size: int) -> None:
        # as Pool's, but the lock is waited for only while no worker is known dead: one
        # killed idle took it with it (see the module), and the workers are ended next
        watched = inqueue._watched
        while not inqueue._rlock.acquire(timeout=POLL):
            pool = watched()
            if pool is None or pool.lost(ask=True) is not None:
                break
        while task_handler.is_alive() and inqueue._reader.poll():
            inqueue._reader.recv()
            time.sleep(0)


def cpus() -> int:
    """The CPUs this process may run on: those it is allowed (affinity), fewer where a
    cgroup's quota says so (a container given 2 CPUs of a 64-CPU host: ``os.cpu_count``
    says 64). The default number of workers."""
    try:
        count = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        count = os.cpu_count() or 1
    for quota_file, period_file in _CGROUP_QUOTAS:
        try:
            with open(quota_file, encoding="ascii") as file:
                quota, *rest = file.read().split()
            if period_file:
                with open(period_file, encoding="ascii") as file:
                    rest = file.read().split()
            if quota not in ("max", "-1"):
                count = min(count, max(1, -(-int(quota) // int(rest[0]))))
        except (OSError, ValueError, IndexError):
            continue
    return max(1, count)


# cgroup v2's "quota period" in one file; v1's quota (-1: none) and period in two
_CGROUP_QUOTAS = (
    ("/sys/fs/cgroup/cpu.max", ""),
    ("/sys/fs/cgroup/cpu/cpu.cfs_quota_us", "/sys/fs/cgroup/cpu/cpu.cfs_period_us"),
)


@contextlib.contextmanager
def running(
    make: Callable[[], Watched],
) -> Iterator[Watched]:
    """The pool ``make`` starts, its workers ended when the block ends, however it ends."""
    pool = None
    try:
        with deferred():
            pool = make()
        yield pool
    finally:
        if pool is not None:
            with deferred():
                pool.terminate()
                pool.join()


@contextlib.contextmanager
def forked(
    work: Callable[[Span], R],
    count: int,
    workers: int,
    *,
    chunk: int,
    start: Callable[[], None],
) -> Iterator[Iterator[R]]:
    """``work(span)`` for consecutive spans of ``range(count)`` (at most ``chunk`` long,
    at least four a worker), in order, in up to ``workers`` forked workers started with
    ``start``. ``work`` and whatever it reads reach the workers by the fork (it may be
    any callable: it is never pickled); only the spans are sent."""
    global _WORK
    size = max(1, min(chunk, count // (4 * workers)))
    spans = [(first, min(first + size, count)) for first in range(0, count, size)]
    fork = multiprocessing.get_context("fork")
    _WORK = work
    try:
        with running(lambda: Watched(fork, min(workers, len(spans)), start)) as pool:
            yield pool.watched(pool.imap(_inherited, spans))
    finally:
        _WORK = None


def _inherited(span: Span) -> Any:
    """In a worker: the inherited work on ``span``."""
    assert _WORK is not None
    return _WORK(span)


class Parcels:
    """Tasks' data handed to a pool's workers in files of a private folder (the task
    itself is the file's path: see the module's docstring)."""

    def __init__(self, folder: str) -> None:
        self.folder = folder
        self._numbers = itertools.count()

    def packed(self, data: Any) -> str:
        """The path of a new file holding ``data``, for a worker to :func:`unpacked`."""
        path = os.path.join(self.folder, f"{next(self._numbers)}.pickle")
        with open(path, "xb") as file:
            pickle.dump(data, file, protocol=pickle.HIGHEST_PROTOCOL)
        return path


def unpacked(path: str) -> Any:
    """In a worker: the data of a parcel, its file removed."""
    with open(path, "rb") as file:
        data = pickle.load(file)
    os.unlink(path)
    return data


@contextlib.contextmanager
def parcels() -> Iterator[Parcels]:
    """A folder for parcels, removed with what is left in it when the block ends (after
    the pool's, entered before it): in multiprocessing's temporary folder, private."""
    folder = tempfile.mkdtemp(prefix="parcels-", dir=multiprocessing.util.get_temp_dir())
    try:
        yield Parcels(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
