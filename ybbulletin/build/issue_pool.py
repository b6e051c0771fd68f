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
preview's) and ends with the process. A build from the command line starts it before
it loads the archive when file times say it will likely render an issue format
(:func:`likely_needed`), so that its preload (~1.2 s) runs beside the load and the
plan: a one-issue edit of a 500-issue archive made its PDF ~0.6-0.9 s sooner. A
later build's formats do not change what it preloaded: a format it did not warm up
loads in each worker instead (slower, same bytes). The pool itself is this build's:
:func:`issue_pool` ends its workers (terminate, join) on every way out, errors and
Ctrl-C included.

The server listens on a socket file in multiprocessing's temporary folder, made under
``TMPDIR``: a socket's path has room for ~107 bytes, so a ``TMPDIR`` longer than ~70
characters made every PDF or Word build fail ("AF_UNIX path too long"). Then the
folder is made in a short private folder instead (``/tmp``, ``/dev/shm`` or
``/var/tmp``), removed when the process ends.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.forkserver
import multiprocessing.util
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from ybbulletin.interrupt import ignored
from ybbulletin.model import Publication
from ybbulletin.pools import Watched, running
from ybbulletin.render.detached import install
from ybbulletin.render.registry import FORMATS, IssueFormat

__all__ = ["issue_pool", "likely_needed", "preload", "short_temp_dir", "start_server"]

#: Room for a socket's path (``sun_path``: 108 bytes on Linux, 104 on macOS) with margin.
_SOCKET_PATH = 100
#: Where a short temporary folder is looked for when ``TMPDIR`` is too long.
_SHORT_PLACES = ("/tmp", "/dev/shm", "/var/tmp")

_WARMED = {fmt.name for fmt in FORMATS if isinstance(fmt, IssueFormat) and fmt.warm_up}


def preload(formats: Sequence[str]) -> list[str]:
    """The modules the server imports for a build of ``formats``."""
    warm = [f"ybbulletin.render.warm.{name}" for name in formats if name in _WARMED]
    return ["ybbulletin.render.warm", "ybbulletin.render.detached", *warm]


def start_server(formats: Sequence[str]) -> None:
    """Start the server for ``formats`` unless one runs (it loads them meanwhile)."""
    multiprocessing.get_context("forkserver").set_forkserver_preload(preload(formats))
    short_temp_dir()
    with ignored():
        multiprocessing.forkserver.ensure_running()


def likely_needed(root: Path, kept: Path, force: bool) -> bool:
    """Whether a build will likely render an issue format, guessed from file times
    before anything is loaded: with ``force``, on a first build (no archive cache
    ``kept``), or when the settings or an issue file changed after the archive cache
    was (an edit). Started then, the server preloads (WeasyPrint: ~1.2 s) on the
    other core while this process loads and plans the archive, not after. A wrong
    guess costs only time: the server's start for nothing (a build whose changes make
    no issue file, a no-op build never), or the start at rendering as before."""
    if force:
        return True
    try:
        since = kept.stat().st_mtime_ns
    except OSError:
        return True
    issues = root / "content" / "issues"
    try:
        if (root / "ybbulletin.yaml").stat().st_mtime_ns > since:
            return True
        with os.scandir(issues) as years:
            folders = [entry.path for entry in years if entry.is_dir(follow_symlinks=False)]
        for folder in folders:
            with os.scandir(folder) as files:
                for entry in files:
                    if entry.stat(follow_symlinks=False).st_mtime_ns > since:
                        return True
    except OSError:
        return True  # (the load says what is wrong)
    return False


def short_temp_dir() -> str:
    """multiprocessing's temporary folder (made now if not yet), in a short private
    folder when ``TMPDIR`` would make the server's socket path too long."""
    probe = os.path.join(tempfile.gettempdir(), "pymp-" + "x" * 8, "listener-" + "x" * 8)
    if len(os.fsencode(probe)) < _SOCKET_PATH:
        return multiprocessing.util.get_temp_dir()
    for place in _SHORT_PLACES:
        with contextlib.suppress(OSError):
            short = tempfile.mkdtemp(prefix="ybmp-", dir=place)  # mode 0700
            break
    else:
        return multiprocessing.util.get_temp_dir()  # nowhere shorter: the error says why
    # removed after multiprocessing's own folder in it (exitpriority -100 runs first)
    multiprocessing.util.Finalize(
        None, shutil.rmtree, args=(short,), kwargs={"ignore_errors": True}, exitpriority=-101
    )
    previous, tempfile.tempdir = tempfile.tempdir, short
    try:
        return multiprocessing.util.get_temp_dir()  # kept by multiprocessing for the process
    finally:
        tempfile.tempdir = previous


@contextlib.contextmanager
def issue_pool(
    root: Path, publication: Publication, formats: Sequence[str], jobs: int, recycle: int
) -> Iterator[Watched]:
    """A pool of ``jobs`` workers for ``render_detached``, forked by the server; each
    worker is replaced after ``recycle`` tasks."""
    start_server(formats)
    context = multiprocessing.get_context("forkserver")
    with running(
        lambda: Watched(context, jobs, install, (root, publication), maxtasksperchild=recycle)
    ) as pool:
        yield pool
