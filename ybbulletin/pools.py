"""Worker pools, started and ended whole: :func:`running`.

A pool is made and then ended (its workers terminated and waited for) with any
Ctrl-C deferred till each is done (:func:`ybbulletin.interrupt.deferred`): an
interruption never leaves half a pool started or its workers running, and it is
raised once the workers are gone, before anything else unwinds (the build's staging
folder is removed after its pools ended: no worker still writes into it). Whoever
holds the pool ends it, in the order its ``with`` blocks say, not the garbage
collector.
"""

from __future__ import annotations

import contextlib
import multiprocessing.pool
from collections.abc import Callable, Iterator

from ybbulletin.interrupt import deferred

__all__ = ["running"]


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
