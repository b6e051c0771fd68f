"""The issue formats' worker processes: forked from a small server, one issue per task.

A worker forked from the build's main process starts out holding every page the
main process holds (the archive, its views, the plan: hundreds of MB on a large
archive) on top of what WeasyPrint needs. The issue formats' workers come instead
from the ``forkserver`` of :mod:`multiprocessing`: a fresh interpreter that imported
only the worker side (:mod:`ybbulletin.render.detached`) and the warm-ups of the
build's formats (:mod:`ybbulletin.render.warm`), named as its preload.

The server is multiprocessing's own: started by the first build that needs it (with
Ctrl-C and SIGTERM ignored: they are the main process's, which ends the pool; see
``render/warm/__init__.py``), it serves every later build of the process (the
preview's) and ends with the process. A later build's formats do not change what it
preloaded: a format it did not warm up loads in each worker instead (slower, same
bytes). The pool itself
is this build's: :func:`issue_pool` ends its workers (terminate, join) on every way
out, errors and Ctrl-C included.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.forkserver
import multiprocessing.pool
from collections.abc import Iterator, Sequence
from pathlib import Path

from ybbulletin.interrupt import ignored
from ybbulletin.model import Publication
from ybbulletin.pools import running
from ybbulletin.render.detached import install
from ybbulletin.render.registry import FORMATS, IssueFormat

__all__ = ["issue_pool", "preload", "start_server"]

_WARMED = {fmt.name for fmt in FORMATS if isinstance(fmt, IssueFormat) and fmt.warm_up}


def preload(formats: Sequence[str]) -> list[str]:
    """The modules the server imports for a build of ``formats``."""
    warm = [f"ybbulletin.render.warm.{name}" for name in formats if name in _WARMED]
    return ["ybbulletin.render.warm", "ybbulletin.render.detached", *warm]


def start_server(formats: Sequence[str]) -> None:
    """Start the server for ``formats`` unless one runs (it loads them meanwhile)."""
    multiprocessing.get_context("forkserver").set_forkserver_preload(preload(formats))
    with ignored():
        multiprocessing.forkserver.ensure_running()


@contextlib.contextmanager
def issue_pool(
    root: Path, publication: Publication, formats: Sequence[str], jobs: int, recycle: int
) -> Iterator[multiprocessing.pool.Pool]:
    """A pool of ``jobs`` workers for ``render_detached``, forked by the server; each
    worker is replaced after ``recycle`` tasks."""
    start_server(formats)
    context = multiprocessing.get_context("forkserver")
    with running(
        lambda: context.Pool(jobs, install, (root, publication), maxtasksperchild=recycle)
    ) as pool:
        yield pool
