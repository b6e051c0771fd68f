"""Watch the content project: ``ybbulletin.yaml``, ``content/`` and ``templates/``.

watchfiles (inotify underneath) groups a burst of saves into one batch: it yields
once no change came for ``STEP_MS``, and at the latest after ``DEBOUNCE_MS``.
Editor litter (swap, lock and backup files, vim's ``4913`` probe) never triggers
a build. Two watchers run: the project root without recursion (the settings file,
and ``content/`` or ``templates/`` appearing) and the two folders recursively —
never the whole root, which may hold a virtual environment and ``build/``.
"""

from __future__ import annotations

import queue
import re
import threading
from pathlib import Path

import watchfiles

__all__ = ["Watcher", "is_litter"]

WATCHED_FOLDERS = ("content", "templates")
SETTINGS = "ybbulletin.yaml"
#: watchfiles looks every STEP_MS and yields when a look finds no new change: a save is
#: seen 1-2 steps after it (the editor's save waits on it); an editor's save (a write, or
#: a temporary file renamed over) takes a few milliseconds, within one step. A save split
#: over two batches costs a second rebuild, never a wrong page (a half-written file is an
#: error the quick pages give up on, and the next batch's update cancels the first's)
STEP_MS = 10
DEBOUNCE_MS = 1600

_LITTER = re.compile(
    r"^(\.|~|#)|(~|\.swp|\.swo|\.swx|\.swpx|\.tmp|\.bak|\.orig|\.part|#)$|^4913$|\.sw[a-p]$"
)


def is_litter(name: str) -> bool:
    """Files editors and tools leave beside the real one while saving."""
    return bool(_LITTER.search(name))


class _Filter(watchfiles.DefaultFilter):
    def __call__(self, change: watchfiles.Change, path: str) -> bool:
        return not is_litter(Path(path).name) and super().__call__(change, path)


class _RootFilter(watchfiles.DefaultFilter):
    def __call__(self, change: watchfiles.Change, path: str) -> bool:
        return Path(path).name in (SETTINGS, *WATCHED_FOLDERS)


class _Either:
    """Set when either event is: stops a watch loop for good or for a restart."""

    def __init__(self, *events: threading.Event) -> None:
        self.events = events

    def is_set(self) -> bool:
        return any(event.is_set() for event in self.events)


class Watcher:
    """Two watch threads putting sets of changed project-relative paths on ``changes``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.changes: queue.Queue[set[str]] = queue.Queue()
        self.stop = threading.Event()
        self._restart = threading.Event()
        self._threads = [
            threading.Thread(target=self._watch_root, name="watch-root", daemon=True),
            threading.Thread(target=self._watch_folders, name="watch-folders", daemon=True),
        ]

    def start(self) -> None:
        for thread in self._threads:
            thread.start()

    def close(self) -> None:
        self.stop.set()
        for thread in self._threads:
            thread.join(timeout=5)

    def _put(self, changes: set[tuple[watchfiles.Change, str]]) -> None:
        paths = set()
        for change, path in changes:
            if change is watchfiles.Change.added and not Path(path).exists():
                continue  # a temporary file that came and went within the batch (sed -i)
            try:
                paths.add(Path(path).relative_to(self.root).as_posix())
            except ValueError:
                continue
        if paths:
            self.changes.put(paths)

    def _watch_root(self) -> None:
        for changes in watchfiles.watch(
            self.root,
            watch_filter=_RootFilter(),
            recursive=False,
            step=STEP_MS,
            debounce=DEBOUNCE_MS,
            stop_event=self.stop,
            raise_interrupt=False,
        ):
            if any(Path(path).name in WATCHED_FOLDERS for _change, path in changes):
                self._restart.set()  # a watched folder appeared or went: watch anew
            self._put(changes)

    def _watch_folders(self) -> None:
        while not self.stop.is_set():
            self._restart.clear()
            folders = [self.root / name for name in WATCHED_FOLDERS if (self.root / name).is_dir()]
            if not folders:
                self._restart.wait(timeout=1)
                continue
            for changes in watchfiles.watch(
                *folders,
                watch_filter=_Filter(),
                step=STEP_MS,
                debounce=DEBOUNCE_MS,
                stop_event=_Either(self.stop, self._restart),
                raise_interrupt=False,
            ):
                self._put(changes)
