"""The preview's archive cache: what each build was made from, and a way to stop a load.

The cache is the archive cache kept in memory for the life of the server (a save
re-reads only the saved file). It also notes which validated issue each file gave
the last full build, so that the incremental update can tell that the folder was
made from the archive it loads afterwards; and a load in a thread that a newer save
has cancelled stops at its next file instead of loading the other 499.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ybbulletin.archive_cache import ArchiveCache
from ybbulletin.loaded import FileResult

__all__ = ["Cancelled", "Recording"]


class Cancelled(Exception):
    """A newer save came in: the update under way stops (the next one does its work)."""


class Recording(ArchiveCache):
    """The archive cache, noting which validated issue each file gave the last build."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: dict[str, object] = {}
        self.settings: str | None = None
        self._local = threading.local()

    @contextmanager
    def cancelled_by(self, cancelled: Callable[[], bool]) -> Iterator[None]:
        """Loads in this thread raise :class:`Cancelled` once ``cancelled()`` is true."""
        self._local.cancelled = cancelled
        try:
            yield
        finally:
            self._local.cancelled = None

    def get(self, relpath: str, raw: bytes, settings: str, issue_dir: Path) -> FileResult | None:
        cancelled = getattr(self._local, "cancelled", None)
        if cancelled is not None and cancelled():
            raise Cancelled
        found = super().get(relpath, raw, settings, issue_dir)
        if found is not None:
            self.seen[relpath], self.settings = found.issue, settings
        return found

    def put(
        self, relpath: str, raw: bytes, settings: str, issue_dir: Path, result: FileResult
    ) -> None:
        super().put(relpath, raw, settings, issue_dir, result)
        self.seen[relpath], self.settings = result.issue, settings
