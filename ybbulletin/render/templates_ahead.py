"""The site's templates compiled in a child process while this one plans the build.

Before the site's workers fork, the build compiles every template once (they share the
code: ``pages.compile_templates``), ~0.05 s at 500 issues on one core while the other
waits: nothing runs beside the main process before the fork. So, when the plan starts,
a forked child compiles them meanwhile on the other core and sends back Jinja's
bytecode through a pipe; the main process then loads it (~0.003 s) instead of
compiling. The child is this process forked, with its templates, settings and code,
and what it sends goes through a private pipe, never a file: nothing is read back
that another could have written. Jinja checks the bytecode against each template's
source as it loads it (a template changed since is compiled again), and
``{% cache %}``'s fragment numbers go on from the child's (``fragments.go_past``): the
same code as if compiled here, the same bytes.

If the child cannot start, fails or has not compiled them when they are needed (give or
take the time compiling takes: ``WAIT_FIRST``), this process compiles the templates
itself, as without it. A child never taken (no site file to make) is ended
and waited for when its :class:`Ahead` goes.
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import marshal
import os
import select
import signal
import time
import weakref
from collections.abc import Callable

import jinja2

from ybbulletin.render import fragments

__all__ = ["Ahead", "compile_ahead"]

# How long the main process waits for the child to begin sending (it is still compiling)
# before compiling itself, about as long as compiling takes (a loaded machine may not have
# run the child yet: waiting longer could cost more than it saves); then for the rest.
WAIT_FIRST = 0.05
WAIT_REST = 1.0
# The pipe's size asked for: the bytecode of the package's templates is ~120 KB.
PIPE_SIZE = 1 << 20

Compiled = tuple[int, dict[str, bytes]]  # (next fragment number, bucket key -> bytecode)


class _Store(jinja2.BytecodeCache):
    """Jinja's bytecode of each template, in a dict (never on disk)."""

    def __init__(self, store: dict[str, bytes]) -> None:
        self.store = store

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        found = self.store.get(bucket.key)
        if found is not None:
            bucket.bytecode_from_string(found)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


class Ahead:
    """A child compiling the templates; :meth:`into` loads what it made."""

    def __init__(self, pid: int, fd: int) -> None:
        self.pid, self.fd = pid, fd
        self._end = weakref.finalize(self, _end, pid, fd)

    def into(
        self, env: jinja2.Environment, compile_all: Callable[[jinja2.Environment], None]
    ) -> None:
        """``compile_all(env)`` with the child's bytecode (without it if none came)."""
        try:
            compiled = _received(self.fd)
        finally:
            self._end()
        if compiled is None:
            compile_all(env)
            return
        following, store = compiled
        env.bytecode_cache = _Store(store)
        try:
            compile_all(env)
        finally:
            env.bytecode_cache = None
        fragments.go_past(following)


def compile_ahead(
    make: Callable[[], jinja2.Environment], compile_all: Callable[[jinja2.Environment], None]
) -> Ahead | None:
    """A forked child compiling the templates of ``make()`` with ``compile_all`` (None if
    none could be started)."""
    try:
        read, write = os.pipe()
    except OSError:
        return None
    with contextlib.suppress(OSError, AttributeError):  # (Linux) room for all it sends:
        fcntl.fcntl(write, fcntl.F_SETPIPE_SZ, PIPE_SIZE)  # it ends without waiting for a read
    try:
        pid = os.fork()
    except OSError:
        os.close(read)
        os.close(write)
        return None
    if pid == 0:  # pragma: no cover (the child: measured by the parent's test)
        _child(read, write, make, compile_all)
    os.close(write)
    return Ahead(pid, read)


def _child(
    read: int,
    write: int,
    make: Callable[[], jinja2.Environment],
    compile_all: Callable[[jinja2.Environment], None],
) -> None:  # pragma: no cover
    status = 1
    try:
        # Ctrl-C is the parent's (it ends this child); the collector would walk, and so
        # copy, every page of the archive this child shares with its parent
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        gc.disable()
        os.close(read)
        store: dict[str, bytes] = {}
        env = make()
        env.bytecode_cache = _Store(store)
        compile_all(env)
        data = memoryview(marshal.dumps((fragments.go_past(0), store)))
        while data:
            data = data[os.write(write, data) :]
        status = 0
    finally:
        os._exit(status)


def _received(fd: int) -> Compiled | None:
    """What the child sent, whole, or None (it failed, or was late: see WAIT_FIRST)."""
    parts: list[bytes] = []
    deadline = time.monotonic() + WAIT_FIRST
    while True:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            return None
        part = os.read(fd, 1 << 20)
        if not part:
            break
        if not parts:  # it has compiled: what is left only goes through the pipe
            deadline = time.monotonic() + WAIT_REST
        parts.append(part)
    try:
        following, store = marshal.loads(b"".join(parts))
    except (EOFError, ValueError, TypeError):
        return None
    return following, store


def _end(pid: int, fd: int) -> None:
    """The child ended (if it still runs) and waited for; the pipe closed."""
    with contextlib.suppress(OSError):
        os.close(fd)
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(OSError):
        os.waitpid(pid, 0)
