"""Ctrl-C and SIGTERM: one exception in the main process, nothing in the worker processes.

A terminal sends Ctrl-C's SIGINT to every process of the foreground job: the main
process, the site's workers, the issue formats' fork server and its workers. Only the
main process acts on it. :func:`handled` (the command line's, for the whole command)
makes SIGINT and SIGTERM raise :class:`Interrupted` there, once: what is unwinding
(pools stopped in order, the staging folder removed) is not cut short by a second
Ctrl-C. Each worker process moves to a process group of its own as it starts
(:func:`worker_signals`, its pool's initializer), so what is sent to the job reaches
the main process, which ends the pools; a worker dies of SIGTERM, which is how its
pool ends it. Before its initializer ran, a worker forked from the main process finds
the handler below, which ignores SIGINT and dies of SIGTERM; the fork server, started
with both ignored, does the same for the workers it forks (:func:`server_signals`) and
ignores both itself: it ends with the main process.

:func:`deferred` marks a section an interruption must not cut in two (stopping a pool,
moving a build's files into place): a signal during it is raised when it ends.
Off the main thread (the preview's updates) nothing is deferred or changed: Python
runs signal handlers on the main thread only.
"""

from __future__ import annotations

import contextlib
import faulthandler
import os
import signal
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from types import FrameType

__all__ = [
    "Interrupted",
    "deferred",
    "handled",
    "ignored",
    "server_signals",
    "stacks_on_request",
    "worker_signals",
]

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
    """SIGINT and SIGTERM ignored while the block starts a process (which starts out
    ignoring them: an interpreter keeps an ignored signal). Blocked meanwhile in this
    thread, so one that comes then is not lost when no other thread can take it."""
    if not _on_main_thread():
        yield
        return
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, set(STOPPING))
    previous = {sig: signal.signal(sig, signal.SIG_IGN) for sig in STOPPING}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


def server_signals() -> None:
    """In a fork server (started :func:`ignored`): Ctrl-C and SIGTERM sent to the job
    leave it running (it ends with the process that started it); a worker it forks
    keeps SIGINT ignored and dies of SIGTERM till its initializer says the same."""
    server = os.getpid()

    def on_sigterm(signum: int, frame: FrameType | None) -> None:
        if os.getpid() != server:
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, on_sigterm)
    stacks_on_request()


def worker_signals() -> None:
    """In a worker process (its pool's initializer): a process group of its own, so that
    Ctrl-C and a SIGTERM sent to the job reach the main process only, which ends the
    pool (a worker killed from outside while it waits for a task holds the pool's task
    queue lock, and the pool could never end); Ctrl-C ignored (in case); SIGTERM (its
    pool ending it) ends it at once, quietly."""
    os.setpgid(0, 0)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    stacks_on_request()


def stacks_on_request() -> None:
    """In a worker or a server: ``kill -USR1 PID`` writes where each of its threads is to
    its standard error (:mod:`faulthandler`), instead of ending it: a stuck worker can be
    looked at (the tests' time limit asks every worker so before it fails a test)."""
    with contextlib.suppress(RuntimeError, ValueError, OSError, AttributeError):
        faulthandler.register(signal.SIGUSR1, all_threads=True)
