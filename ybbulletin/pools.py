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
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from ybbulletin.interrupt import deferred

__all__ = ["Parcels", "forked", "parcels", "running", "unpacked"]

R = TypeVar("R")
Span = tuple[int, int]

# what a forked worker inherits: the work of the pool :func:`forked` started last
_WORK: Callable[[Span], Any] | None = None


@contextlib.contextmanager
def running(
    make: Callable[[], multiprocessing.pool.Pool],
) -> Iterator[multiprocessing.pool.Pool]:
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
        with running(lambda: fork.Pool(min(workers, len(spans)), start)) as pool:
            yield pool.imap(_inherited, spans)
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
