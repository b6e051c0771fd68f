"""Ctrl-C and SIGTERM: one exception in the main process, nothing in the worker processes.

A terminal sends Ctrl-C's SIGINT to every process of the foreground job: the main
process, the site's workers, the issue formats' fork server and its workers. Only the
main process acts on it. :func:`handled` (the command line's, for the whole command)
makes SIGINT and SIGTERM raise :class:`Interrupted` there, once: what is unwinding
(pools stopped in order, the staging folder removed) is not cut short by a second
Ctrl-C. The worker processes ignore SIGINT and die of SIGTERM, which is how their
pool ends them (:func:`worker_signals`, their initializer; a worker forked before it
ran finds the handler below and does the same).

:func:`deferred` marks a section an interruption must not cut in two (stopping a pool,
moving a build's files into place): a signal during it is raised when it ends.
Off the main thread (the preview's updates) nothing is deferred or changed: Python
runs signal handlers on the main thread only.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from types import FrameType

__all__ = ["Interrupted", "deferred", "handled", "ignored", "worker_signals"]

#: The signals that stop a command.
STOPPING = (signal.SIGINT, signal.SIGTERM)


class Interrupted(KeyboardInterrupt):
    """Ctrl-C (SIGINT) or SIGTERM, raised in the main thread of the main process."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@dataclass
class _State:
    owner: int = 0  # the process whose handler this is (forked workers inherit it)
    depth: int = 0  # deferred sections entered
    received: int | None = None  # the first signal
    raised: bool = False


_STATE = _State()


def _on_signal(signum: int, frame: FrameType | None) -> None:
    if os.getpid() != _STATE.owner:
        # a worker forked with this handler, before its initializer set its own
        if signum != signal.SIGINT:
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
        return
    if _STATE.received is not None:
        return  # already unwinding: the clean-up runs to its end
    _STATE.received = signum
    if _STATE.depth == 0:
        _STATE.raised = True
        raise Interrupted(signum)


def _on_main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


@contextlib.contextmanager
def handled() -> Iterator[None]:
    """SIGINT and SIGTERM raise :class:`Interrupted` (once) while the block runs."""
    if not _on_main_thread() or _STATE.owner == os.getpid():
        yield
        return
    _STATE.owner, _STATE.received, _STATE.raised = os.getpid(), None, False
    previous = {sig: signal.signal(sig, _on_signal) for sig in STOPPING}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        _STATE.owner = 0


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """An interruption during the block is raised when the block ends (not in it)."""
    if not _on_main_thread() or _STATE.owner != os.getpid():
        yield
        return
    _STATE.depth += 1
    try:
        yield
    finally:
        _STATE.depth -= 1
    if _STATE.depth == 0 and _STATE.received is not None and not _STATE.raised:
        _STATE.raised = True
        raise Interrupted(_STATE.received)


@contextlib.contextmanager
def ignored() -> Iterator[None]:
    """SIGINT ignored while the block starts a process (it then starts ignoring it: a
    Python interpreter keeps an ignored SIGINT). Blocked meanwhile in this thread, so a
    Ctrl-C that comes then is not lost when no other thread can take it."""
    if not _on_main_thread():
        yield
        return
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


def worker_signals() -> None:
    """In a worker process: Ctrl-C is the main process's business; SIGTERM (its pool
    ending it) ends it at once, quietly."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
