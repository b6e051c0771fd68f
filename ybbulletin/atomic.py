"""Replacing one file whole: a reader (or a crash) finds the old bytes or the new, never a part.

The bytes go to a temporary file beside the target (same folder, so the same file system),
which ``os.replace`` (``rename(2)``) then puts in the target's place; on any error, Ctrl-C
included, the temporary file is removed and the target is untouched. ``durable=True`` also
flushes the bytes and then the folder's entry to the disk (``fsync``) before returning: what
must survive a power cut (a published release), not what a rebuild makes again (caches).

A library would do (``atomicwrites`` did), but it is archived and unmaintained, and nothing
maintained fits; these few lines are the whole of it. ``build/write.py`` does not use them:
it stages a whole build's files first and swaps them in only when every one was made.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from ybbulletin.interrupt import deferred

__all__ = ["fsync_dir", "replaced", "undone_if_failed", "write_atomic"]


@contextlib.contextmanager
def replaced(path: Path, mode: int = 0o644, *, durable: bool = False) -> Iterator[BinaryIO]:
    """A binary stream whose bytes replace ``path`` (its folder made if missing) once the
    ``with`` block ends without an error; ``mode``: the new file's permissions."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            yield stream
            if durable:
                stream.flush()
                os.fsync(stream.fileno())
        with deferred():  # Ctrl-C: the file replaced, then raised
            os.chmod(temporary, mode)  # mkstemp makes it private
            os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    if durable:
        fsync_dir(path.parent)


def write_atomic(path: Path, data: bytes, mode: int = 0o644, *, durable: bool = False) -> None:
    """Replace ``path`` with ``data`` (see :func:`replaced`)."""
    with replaced(path, mode, durable=durable) as stream:
        stream.write(data)


def fsync_dir(path: Path) -> None:
    """Flush a folder's entries (names added, renamed or removed) to the disk."""
    handle = os.open(path, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


@contextlib.contextmanager
def undone_if_failed(folder: Path) -> Iterator[None]:
    """If the block fails (Ctrl-C included), ``folder`` and the folders of its path that
    did not exist before the block are removed again: a failed build into a new output
    folder leaves no (empty) folder behind. A folder that existed is left to the block's
    own care; one of the path's parents the block did not make empty is kept."""
    path = Path(os.path.abspath(folder))
    missing: list[Path] = []
    if ".." not in path.parts:  # a lexical parent of "x/.." is not its real one
        while not os.path.lexists(path):
            missing.append(path)
            path = path.parent
    try:
        yield
    except BaseException:
        with deferred():
            if missing:  # everything in it was made by the block
                shutil.rmtree(missing[0], ignore_errors=True)
            for made in missing[1:]:
                with contextlib.suppress(OSError):
                    made.rmdir()  # only if empty
        raise
