"""The archive cache: what stages 2, 3 and 5 made of each issue file, kept between runs.

Loading, validating, parsing and proofreading 500 issue files costs seconds; an
edit touches one. For each issue file the cache keeps, under a key made of the
file's bytes, its path and the settings, what those stages found: the located
data (positions of every key and value), whether it validated, the images its
bodies show and every diagnostic the file alone gives. Numbering always runs
over the whole archive: it is cheap and depends on every file.

On a hit the issue is validated again from the kept data (pydantic takes well
under a millisecond an issue) and its Markdown texts are parsed when a renderer
first reads them (``project.Bodies``): ``check`` and a no-op build parse nothing.
A result is used only when its key matches *and* the images it shows are as they
were (real path, size, modification time), so a stale, corrupt or foreign cache
costs a fresh load of what it cannot vouch for, never a wrong result.

The cache is one file beside the outputs (``build/`` or the preview folder) in
:mod:`marshal` format (plain data only: nothing in it is executed), headed by a
hash of ybbulletin's code and its libraries' versions. A run appends what it
changed (``appendable.py``: an edit adds one issue's entries, not 20 MB); now and
then the file is written whole. Within one process (the preview server) results
are also kept in memory, parsed tokens included.

Besides the files' results it keeps what planning derives from them, so that an
unchanged issue is not hashed again: the digests of each issue's views
(``build/keys.py``, under a key of everything they are made from), what each
format's own check said of an issue, and the images' hashes (``loaded.HASHES``,
by each file's size, times and inode).
"""

from __future__ import annotations

import functools
import logging
import os
from pathlib import Path
from stat import S_ISLNK
from typing import Any
from urllib.parse import unquote

from ybbulletin import collector
from ybbulletin.appendable import Appendable, Tables
from ybbulletin.cache import code_key, digest, fingerprint
from ybbulletin.errors import Diagnostic
from ybbulletin.loaded import (
    HASHES,
    FileResult,
    diagnostic_of_plain,
    plain_diagnostic,
    plain_result,
    result_of_plain,
)
from ybbulletin.model import Issue

__all__ = ["CACHE_FILE", "ArchiveCache"]

log = logging.getLogger(__name__)

CACHE_FILE = ".ybbulletin-archive-cache"
_MAGIC = b"ybbulletin archive cache 8\n"
_TABLES = ("records", "checks", "views", "hashes")

#: (src as written, real path, size, mtime in ns); "" and -1 where there is no file.
ImageState = tuple[str, str, int, int]
#: One file's result as plain data: key, image states, diagnostics, located data,
#: validated, image sources per text.
Record = tuple[str, list[ImageState], list[tuple[Any, ...]], Any, bool, Any]


class ArchiveCache:
    """Issue file results by project-relative path; ``load`` and ``save`` a file of them."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._records: dict[str, Record] = {}
        self._live: dict[str, tuple[str, FileResult]] = {}  # this process's results
        self._used: set[str] = set()
        # an output format's own checks of one issue view, by the view's cache key
        self._checks: dict[str, list[tuple[Any, ...]]] = {}
        self._checked: set[str] = set()
        # the digests of an issue's views, by a key of all they are made from (keys.py)
        self._views: dict[str, list[str]] = {}
        self._viewed: set[str] = set()
        self._hashes: dict[str, Any] = {}  # the image hashes as the file had them
        #: set by a build that planned every view: digests it did not use are dropped
        self.planned = False
        # issue file -> (sha256 of the bytes last loaded, their cache key)
        self.files: dict[str, tuple[str, str]] = {}
        self._changed = False
        # the file, and each table's keys set and dropped since it was read or written
        self._file = None if path is None else Appendable(path, _MAGIC + _code())
        self._set: dict[str, set[str]] = {name: set() for name in _TABLES}
        self._gone: dict[str, set[str]] = {name: set() for name in _TABLES}
        self.hits = 0
        self.misses = 0

    @classmethod
    def load(cls, path: Path) -> ArchiveCache:
        """The cache kept in ``path``; empty if there is none or it is not this code's."""
        cache = cls(path)
        assert cache._file is not None
        with collector.paused():  # a few million objects, all kept: nothing to collect
            tables = cache._file.read()
        kept = [tables.get(name, {}) for name in _TABLES]
        if all(isinstance(table, dict) for table in kept):
            cache._records, cache._checks, cache._views, cache._hashes = kept
            HASHES.seed(cache._hashes)
        else:  # damaged: load every file
            log.info("archive cache unreadable, loading every file")
        return cache

    def get(self, relpath: str, raw: bytes, settings: str, issue_dir: Path) -> FileResult | None:
        """The kept result for these bytes and settings, if the images it shows are unchanged."""
        key = self._key(relpath, raw, settings)
        record = self._records.get(relpath)
        if record is None or record[0] != key or not _images_unchanged(record[1], issue_dir):
            self.misses += 1
            return None
        self.hits += 1
        live = self._live.get(relpath)
        if live is not None and live[0] == key:
            return live[1]
        try:
            result = _result(relpath, raw, record)
        except Exception:  # a record this code cannot read back: load the file afresh
            self.hits, self.misses = self.hits - 1, self.misses + 1
            return None
        self._live[relpath] = (key, result)
        return result

    def put(
        self, relpath: str, raw: bytes, settings: str, issue_dir: Path, result: FileResult
    ) -> None:
        """Keep what the stages made of this file."""
        key = self._key(relpath, raw, settings)
        sources = dict.fromkeys(src for found in result.images.values() for src in found)
        images = [_image_state(issue_dir, src) for src in sources]
        self._records[relpath] = _record(key, images, result)
        self._set["records"].add(relpath)
        self._live[relpath] = (key, result)
        self._changed = True

    def _key(self, relpath: str, raw: bytes, settings: str) -> str:
        self._used.add(relpath)
        sha = digest(raw)
        key = fingerprint(sha, relpath, settings)
        self.files[relpath] = (sha, key)
        return key

    def loaded(self, relpath: str, issue: Issue) -> tuple[str, str] | None:
        """(sha256 of the bytes, cache key) of the issue file ``issue`` was loaded from:
        None unless ``issue`` is the very model this cache last gave for ``relpath`` (a
        later load of the file, say the preview's after a save, makes the old one unknown)."""
        live = self._live.get(relpath)
        if live is None or live[1].issue is not issue:
            return None
        return self.files.get(relpath)

    def source(self, relpath: str, issue: Issue) -> str | None:
        """The key of the issue file as ``issue`` was loaded from it (bytes, path, settings)."""
        found = self.loaded(relpath, issue)
        return None if found is None else found[1]

    def recall_views(self, key: str) -> list[str] | None:
        """The digests of an issue's views kept under ``key`` (see ``build/keys.py``)."""
        self._viewed.add(key)
        return self._views.get(key)

    def remember_views(self, key: str, digests: list[str]) -> None:
        self._viewed.add(key)
        self._views[key] = list(digests)
        self._set["views"].add(key)
        self._changed = True

    def recall(self, key: str) -> list[Diagnostic] | None:
        """What a format's check said of the issue view with this cache key, if known."""
        self._checked.add(key)
        found = self._checks.get(key)
        return None if found is None else [diagnostic_of_plain(*item) for item in found]

    def remember(self, key: str, diagnostics: list[Diagnostic]) -> None:
        self._checked.add(key)
        self._checks[key] = [plain_diagnostic(d) for d in diagnostics]
        self._set["checks"].add(key)
        self._changed = True

    def touch(self) -> None:
        """Note that the issue files, newer than the cache, were read and found as kept:
        the cache file's modification time set to now (its bytes left as they are), so
        that a later build does not take them for changed (``issue_pool.likely_needed``)
        again and again (a file saved unchanged, a copy)."""
        if self._file is not None:
            self._file.touch()

    def save(self) -> None:
        """Keep only this run's files and checks; write the file if anything changed."""
        stale = set(self._records) - self._used
        for relpath in stale:
            del self._records[relpath]
            self._live.pop(relpath, None)
        self._gone["records"] |= stale
        if self._checked:  # a run that checked nothing (serve's site build) keeps them all
            unchecked = set(self._checks) - self._checked
            for key in unchecked:
                del self._checks[key]
            self._gone["checks"] |= unchecked
            stale |= unchecked
        if self.planned:  # only a build's plan views them all; check keeps them all
            unviewed = set(self._views) - self._viewed
            for key in unviewed:
                del self._views[key]
            self._gone["views"] |= unviewed
            stale |= unviewed
        self._used, self._checked, self._viewed = set(), set(), set()
        self.planned = False
        hashes = HASHES.used()
        if hashes and hashes != self._hashes:
            self._set["hashes"] |= {k for k, v in hashes.items() if self._hashes.get(k) != v}
            self._gone["hashes"] |= set(self._hashes) - set(hashes)
            self._hashes = hashes
            self._changed = True
        if self._file is None or not (self._changed or stale):
            return
        self._changed = False
        tables: Tables = {
            "records": self._records,
            "checks": self._checks,
            "views": self._views,
            "hashes": self._hashes,
        }
        # the keys set since, the values they have now (one set, then dropped: dropped)
        changes = {name: (self._set[name] - self._gone[name], self._gone[name]) for name in _TABLES}
        self._set = {name: set() for name in _TABLES}
        self._gone = {name: set() for name in _TABLES}
        try:  # appended to the file as read, or written whole (appendable.py)
            self._file.write(tables, changes)
        except (OSError, ValueError) as exc:  # not written: only costs time next run
            log.info("archive cache not written: %s", exc)


def _record(key: str, images: list[ImageState], result: FileResult) -> Record:
    data, validated, diagnostics, sources = plain_result(result)
    return (key, images, diagnostics, data, validated, sources)


def _result(relpath: str, raw: bytes, record: Record) -> FileResult:
    _key, _images, diagnostics, data, validated, sources = record
    # these bytes passed ``source.decode`` before (same key): lines and spans are made
    # again when a diagnostic needs them
    return result_of_plain(raw, data, validated, diagnostics, sources)


def _image_state(issue_dir: Path, src: str) -> ImageState:
    """Where an image source leads, and the size and time of that file (``issue_dir``: the
    issue's folder, real: ``project`` resolves it)."""
    try:  # as Path.resolve() and stat, on str paths (once per image of every issue loaded)
        found = _under(os.fspath(issue_dir), unquote(src))
        if found is None:
            real = os.path.realpath(os.path.join(issue_dir, unquote(src)))
            found = real, os.stat(real)
    except (OSError, ValueError, RuntimeError):
        return (src, "", -1, -1)
    real, info = found
    return (src, real, info.st_size, info.st_mtime_ns)


def _under(folder: str, relative: str) -> tuple[str, os.stat_result] | None:
    """The real path and stat of ``relative`` under the real ``folder`` when no part of it
    is a link or ``..``: one lstat a part below the folder (os.path.realpath takes one a
    part from ``/``: a tenth of a second over 500 issues). None: ask realpath (a link, a
    ``..`` or a path that leaves the folder); OSError as os.stat raises it."""
    if not relative or relative.startswith("/") or ".." in relative.split("/"):
        return None
    path = os.path.normpath(os.path.join(folder, relative))
    if not path.startswith(folder + "/"):
        return None
    at, info = folder, None
    for part in path[len(folder) + 1 :].split("/"):
        at = f"{at}/{part}"
        info = os.lstat(at)
        if S_ISLNK(info.st_mode):
            return None
    return (path, info) if info is not None else None


def _images_unchanged(images: list[ImageState], issue_dir: Path) -> bool:
    return all(_image_state(issue_dir, state[0]) == tuple(state) for state in images)


@functools.cache
def _code() -> bytes:
    """ybbulletin's code and the libraries' versions (read once per process)."""
    return code_key().encode()
