"""A file of kept tables that a run adds its changes to, instead of writing it whole.

The archive cache holds some 20 MB for 500 issues; an edit changes one issue's
entries. Writing the whole file again costs the edit a tenth of a second. Here the
file is a header line and then frames, each the changes of one run: for every table,
the entries set and the keys dropped. Reading applies the frames in order. A run
appends its frame when the file is as it read it (same size and time); otherwise, or
once the frames have grown to a quarter of the file, it writes the whole tables into
a new file that replaces the old one (``atomic.replaced``).

Each frame carries its length and a hash of its bytes. A frame cut short (a crash
while appending) or damaged ends the reading there: what came before stands, and the
next write is a whole one. Everything kept this way must be safe to find older than
it was (each entry keyed by what it was made from), so losing the last frames costs
only the time to make them again, never a wrong result.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import mmap
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ybbulletin.atomic import replaced

__all__ = ["Appendable", "Tables"]

Tables = dict[str, dict[Any, Any]]
_HEAD = 24  # 8 bytes of length, 16 of hash
_GROW = 4  # appended frames up to a quarter of the whole, then written whole


class Appendable:
    """The tables kept in ``path`` under a ``header`` line (other headers are not read)."""

    def __init__(self, path: Path, header: bytes) -> None:
        self.path = path
        self.header = header.rstrip(b"\n") + b"\n"
        self._seen: tuple[int, int, int] | None = None  # (size, mtime, inode) as read
        self._whole = 0  # bytes of the first frame (the tables written whole)

    def read(self) -> Tables:
        """The tables: the whole ones and every change after them (empty if none)."""
        tables: Tables = {}
        self._seen = None
        try:
            with self.path.open("rb") as stream:
                info = os.fstat(stream.fileno())
                # mapped, not read: marshal copies out of the file's cached pages, with no
                # buffer of the whole file faulted in first (half the page faults). The
                # file is only ever appended to or replaced by a rename, never cut short
                # in place, so the mapping stays whole while it is read.
                data = mmap.mmap(stream.fileno(), 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError):  # ValueError: an empty file cannot be mapped
            return tables
        try:
            return self._applied(data, info, tables)
        finally:
            with contextlib.suppress(BufferError):  # a view still held: unmapped when freed
                data.close()

    def _applied(self, data: mmap.mmap, info: os.stat_result, tables: Tables) -> Tables:
        """``tables`` with every frame of ``data`` (the file as mapped) applied."""
        if data[: len(self.header)] != self.header:
            return tables
        with memoryview(data) as view:
            at, frames = len(self.header), 0
            while at < len(data):
                frame = _frame(view, at, check=frames > 0)
                if (
                    frame is None
                ):  # cut short or damaged: the rest is not read, the next write whole
                    return tables
                payload, end = frame
                try:
                    with payload:
                        changes = marshal.loads(payload)
                    for name, (changed, dropped) in changes.items():
                        table = tables.setdefault(name, {})
                        for key in dropped:
                            table.pop(key, None)
                        table.update(changed)
                except (ValueError, EOFError, TypeError, AttributeError):
                    return tables
                if frames == 0:
                    self._whole = end - at
                at, frames = end, frames + 1
        if at == len(data) == info.st_size:
            self._seen = (info.st_size, info.st_mtime_ns, info.st_ino)
        return tables

    def attach(self) -> None:
        """Get ready to append without reading the tables: the file's frames are walked by
        their lengths (their contents not checked; a damaged one ends the reading later)."""
        self._seen = None
        try:
            with self.path.open("rb") as stream:
                if stream.read(len(self.header)) != self.header:
                    return
                info = os.fstat(stream.fileno())
                at, frames = len(self.header), 0
                while at < info.st_size:
                    stream.seek(at)
                    size = int.from_bytes(stream.read(8), "little")
                    if frames == 0:
                        self._whole = _HEAD + size
                    at, frames = at + _HEAD + size, frames + 1
        except OSError:
            return
        if at == info.st_size:
            self._seen = (info.st_size, info.st_mtime_ns, info.st_ino)

    def write(self, tables: Tables, changed: Mapping[str, Changes]) -> None:
        """Keep ``tables``: appended as ``changed`` (per table: keys set, keys dropped) when
        the file is as read and the frames are small, else written whole."""
        if self._seen is None or not self.append(  # unread or changed: no frame dumped
            {
                name: ({k: tables[name][k] for k in keys}, gone)
                for name, (keys, gone) in changed.items()
            }
        ):
            self.write_whole(tables)

    def append(self, changes: Mapping[str, tuple[Mapping[Any, Any], Iterable[Any]]]) -> bool:
        """Append one frame of changes (per table: entries set, keys dropped) if the file is
        as read (or attached) and the frames stay small; False if it must be written whole."""
        if self._seen is None:  # not read, or not as read: whole (nothing dumped for nothing)
            return False
        payload = marshal.dumps(
            {name: (dict(set_), list(gone)) for name, (set_, gone) in changes.items()}
        )
        if not self._appendable(len(payload)):
            return False
        with self.path.open("ab") as stream:
            stream.write(_framed(payload))  # one write
            stream.flush()
            info = os.fstat(stream.fileno())
        self._seen = (info.st_size, info.st_mtime_ns, info.st_ino)
        return True

    def touch(self) -> None:
        """The file's modification time set to now, its bytes left as they are; a file
        as this process read it stays one it may append to."""
        try:
            os.utime(self.path)
            info = self.path.stat()
        except OSError:
            return
        if self._seen is not None and self._seen[::2] == (info.st_size, info.st_ino):
            self._seen = (info.st_size, info.st_mtime_ns, info.st_ino)

    def write_whole(self, tables: Tables) -> None:
        """Write the tables into a new file that replaces the old one."""
        whole = marshal.dumps({name: (table, []) for name, table in tables.items()})
        with replaced(self.path) as stream:  # in pieces: no copy of 20 MB joined to its head
            stream.write(self.header)
            stream.write(_head(whole))
            stream.write(whole)
        info = self.path.stat()
        self._seen, self._whole = (info.st_size, info.st_mtime_ns, info.st_ino), _HEAD + len(whole)

    def _appendable(self, size: int) -> bool:
        if self._seen is None:
            return False
        try:
            info = self.path.stat()
        except OSError:
            return False
        if (info.st_size, info.st_mtime_ns, info.st_ino) != self._seen:
            return False  # written by someone else since: ours is written whole
        return (info.st_size - len(self.header) - self._whole + size) * _GROW <= self._whole


#: Per table: the keys set (their values are in the tables) and the keys dropped.
Changes = tuple[Iterable[Any], Iterable[Any]]


def _head(payload: bytes) -> bytes:
    """What precedes a frame's payload: its length and its hash."""
    digest = hashlib.sha256(payload).digest()[:16]
    return len(payload).to_bytes(8, "little") + digest


def _framed(payload: bytes) -> bytes:
    return _head(payload) + payload


def _frame(data: memoryview, at: int, check: bool) -> tuple[memoryview, int] | None:
    """The payload of the frame at ``at`` and where the next starts; None if cut short or
    (``check``: an appended frame) damaged. The first frame was written whole, by rename."""
    if at + _HEAD > len(data):
        return None
    size = int.from_bytes(data[at : at + 8], "little")
    end = at + _HEAD + size
    payload = data[at + _HEAD : end]
    if end > len(data):
        return None
    if check and hashlib.sha256(payload).digest()[:16] != data[at + 8 : at + _HEAD]:
        return None
    return payload, end
