"""A build's staging folder removed in a thread of its own while the build ends.

Once a build's files are in place, its staging folder holds what is left over: the
folders the new files were staged in and the old files they replaced. Removing it is
waiting on the disk, not work (an edit of one issue: some 30 folders at ~4 ms each
and 40 files on this machine's disk, 0.1–0.2 s of wall time, 0.005 s of CPU), and
nothing after the commit reads it. So :class:`Tidy` removes it while the main thread
records the build and saves its caches, and waits for the removal before the build
returns: a finished build leaves no staging folder, as before. A build that failed or
was stopped removes its staging folder at once, in the main thread (``write``).
"""

from __future__ import annotations

import shutil
import threading
from pathlib import Path
from types import TracebackType

from ybbulletin.interrupt import deferred

__all__ = ["Tidy"]


class Tidy:
    """Folders removed in the background; every removal ended when the block ends."""

    def __init__(self) -> None:
        self._threads: list[threading.Thread] = []

    def __enter__(self) -> Tidy:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        with deferred():  # Ctrl-C meanwhile: raised once the folders are gone
            for thread in self._threads:
                thread.join()
        self._threads.clear()

    def remove(self, folder: Path) -> None:
        """Start removing ``folder`` (and what it holds)."""
        thread = threading.Thread(
            target=shutil.rmtree,
            args=(folder,),
            kwargs={"ignore_errors": True},
            name="ybbulletin-tidy",
            daemon=True,
        )
        thread.start()
        self._threads.append(thread)
