"""Incremental builds: a key for everything an output depends on, and the last build's manifest.

Every output file gets a key, a hash of all it is made from (the ybbulletin code
and library versions, templates, fonts configuration, settings, the issue's
content and numbering, the neighbours a page links to, the images it shows).
The manifest beside the outputs records each file's key and the hash of its
bytes. An output is reused only when its key is unchanged *and* the file on
disk still has the recorded hash, so a corrupt, edited or stale cache can only
cost a render, never give a wrong file.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
import marshal
import os
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from ybbulletin import __version__
from ybbulletin.atomic import write_atomic
from ybbulletin.loaded import RACY_NS, digest

__all__ = ["MANIFEST", "Manifest", "code_key", "digest", "fingerprint"]

log = logging.getLogger(__name__)

MANIFEST = ".ybbulletin-manifest"
_OLD_MANIFEST = ".ybbulletin-manifest.json"
_HEADER = b"ybbulletin manifest 3\n"
_DIGEST = 32  # SHA-256 of the body
_RECORD = 64  # the plan record, hex (blank: none)
_MARSHAL = 4  # marshal's format version (Python 3.4+)
_LIBRARIES = (
    "weasyprint",
    "python-docx",
    "jinja2",
    "markdown-it-py",
    "pydantic",
    "lxml",  # serializes the Atom feed
    "pypdf",
)


def _recorded(key: str, body: bytes) -> str:
    """The record of a plan's key with the body (its SHA-256) of the manifest it wrote."""
    return fingerprint("plan record 2", key, body)


def fingerprint(*parts: object) -> str:
    """A stable hash of strings, bytes and nested sequences of them."""
    hasher = hashlib.sha256()
    _feed(hasher, parts)
    return hasher.hexdigest()


def _feed(hasher: hashlib._Hash, value: object) -> None:
    if isinstance(value, bytes):
        hasher.update(b"b%d:" % len(value))
        hasher.update(value)
    elif isinstance(value, str):
        encoded = value.encode("utf-8")
        hasher.update(b"s%d:" % len(encoded))
        hasher.update(encoded)
    elif isinstance(value, (list, tuple)):
        hasher.update(b"l%d:" % len(value))
        for item in value:
            _feed(hasher, item)
    elif value is None:
        hasher.update(b"n")
    else:
        _feed(hasher, repr(value))


def _files(paths: Iterable[Path]) -> list[object]:
    found: list[object] = []
    for root in paths:
        if root.is_file():
            found += [root.name, root.read_bytes()]
        elif root.is_dir():
            for path in sorted(
                p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts
            ):
                found += [path.relative_to(root).as_posix(), path.read_bytes()]
    return found


def code_key(*extra: Path) -> str:
    """ybbulletin's own code and data, the rendering libraries' versions, and ``extra`` files."""
    return fingerprint(_package(), _files(extra))


@functools.cache
def _package() -> str:
    """ybbulletin's code and the libraries' versions: read once per process (a build asks
    for it once per format, the stamp once more)."""
    package = Path(__file__).resolve().parent
    versions = []
    for name in _LIBRARIES:
        try:
            versions.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}=?")
    return fingerprint(__version__, versions, _files([package]))


@dataclass
class Manifest:
    """What the previous build wrote: output path -> (key, sha256 of the bytes).

    ``stats`` keeps each file's (size, mtime in ns) as written: a file whose stat
    is unchanged is taken to have the recorded bytes; any other is hashed again.
    ``plan`` is the record of the plan the build that wrote these entries made
    (``build/unchanged.py``): a hash of its key and of the file's body as written, so
    entries changed since (the preview's) do not match it; "" when unknown.

    The file is binary: a header line, the SHA-256 of the rest, the plan record, and
    the entries and stats marshalled (a damaged or cut file reads as no manifest: every
    output is made again). Read at every build: marshal loads the 16,663 entries of a
    500-issue archive in a fifth of the time JSON took.
    """

    entries: dict[str, tuple[str, str]] = field(default_factory=dict)
    stats: dict[str, tuple[int, int]] = field(default_factory=dict)
    plan: str = ""
    #: whether reusable() found a file touched but with its bytes and noted its new stat
    restated: bool = field(default=False, compare=False)
    #: the key of the plan to record when saved (None: keep ``plan`` as it is)
    key: str | None = field(default=None, compare=False)
    #: the SHA-256 of the body as read, which ``plan`` was recorded with
    body: bytes = field(default=b"", compare=False, repr=False)
    #: the files' (size, mtime) taken ahead by ``look_ahead`` (None: no such file then)
    _ahead: dict[str, tuple[int, int] | None] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )
    _looking: tuple[threading.Thread, str] | None = field(
        default=None, init=False, compare=False, repr=False
    )

    @classmethod
    def load(cls, out: Path) -> Manifest:
        path = out / MANIFEST
        try:
            data = path.read_bytes()
            head = len(_HEADER)
            if not data.startswith(_HEADER) or len(data) < head + _DIGEST + _RECORD:
                raise ValueError("not a manifest of this format")
            body = memoryview(data)[head + _DIGEST + _RECORD :]
            sha = hashlib.sha256(body).digest()
            if data[head : head + _DIGEST] != sha:
                raise ValueError("damaged")
            plan = data[head + _DIGEST : head + _DIGEST + _RECORD].decode("ascii").strip()
            entries, stats = marshal.loads(body)
            if not isinstance(entries, dict) or not isinstance(stats, dict):
                raise TypeError("not a manifest")
            return cls(entries, stats, plan, body=sha)
        except (OSError, ValueError, EOFError, TypeError, UnicodeDecodeError):
            if path.exists():
                log.info("cache manifest unreadable, rebuilding everything")
            return cls()

    def planned_from(self, key: str) -> bool:
        """Whether the build that wrote this file (as read) planned from ``key``."""
        return bool(self.plan) and self.plan == _recorded(key, self.body)

    def record_stats(self, out: Path) -> None:
        """Note the size and mtime of every file, as they are now on disk."""
        for path in self.entries:
            try:
                info = (out / path).stat()
            except OSError:
                continue
            self.stats[path] = (info.st_size, info.st_mtime_ns)

    def save(self, out: Path) -> None:
        """Write the file (atomically), with the record of ``key`` if one was given."""
        body = marshal.dumps((dict(sorted(self.entries.items())), self.stats), _MARSHAL)
        sha = hashlib.sha256(body).digest()
        if self.key is not None:
            self.plan = _recorded(self.key, sha) if self.key else ""
        record = self.plan.encode("ascii").ljust(_RECORD)
        write_atomic(out / MANIFEST, b"".join((_HEADER, sha, record, body)))
        self.body = sha
        with contextlib.suppress(OSError):  # the JSON file of ybbulletin before 2026-11-30
            (out / _OLD_MANIFEST).unlink()

    def intact(self, out: Path) -> bool:
        """Whether every recorded file is on disk with the size and mtime it was written with."""
        stats = self.stats
        base = f"{out}/"
        try:
            for path in self.entries:
                info = os.stat(base + path)
                if stats.get(path) != (info.st_size, info.st_mtime_ns):
                    return False
        except OSError:
            return False
        return True

    def look_ahead(self, out: Path) -> None:
        """Take every recorded file's stat in a thread of its own, for ``reusable``. A
        build starts it before it plans: the 16,658 stats of a 500-issue archive (~0.15 s
        of system calls, which let go of the GIL) are then taken while the main thread
        waits (for the workers that segment an edited article), not after the plan."""
        if self._looking is not None or not self.entries:
            return
        base, paths, ahead = f"{out}/", list(self.entries), self._ahead

        def run() -> None:
            for path in paths:
                try:
                    info = os.stat(base + path)
                except OSError:
                    ahead[path] = None
                    continue
                ahead[path] = (info.st_size, info.st_mtime_ns)

        thread = threading.Thread(target=run, name="ybbulletin-stats", daemon=True)
        self._looking = (thread, base)
        thread.start()

    def _stat(self, out: Path, path: str) -> tuple[int, int]:
        """The file's (size, mtime in ns): as ``look_ahead`` took it, else now (OSError)."""
        looking = self._looking
        if looking is not None and looking[1] == f"{out}/":
            looking[0].join()
            if path in self._ahead:
                found = self._ahead.pop(path)
                if found is None:
                    raise FileNotFoundError(path)
                return found
        info = os.stat(f"{out}/{path}")  # a str: pathlib costs more than the stat
        return info.st_size, info.st_mtime_ns

    def reusable(self, out: Path, path: str, key: str) -> str | None:
        """The recorded hash of ``path`` if it was made from ``key`` and is still intact."""
        entry = self.entries.get(path)
        if entry is None or entry[0] != key:
            return None
        try:
            stat = self._stat(out, path)
            if self.stats.get(path) == stat:
                return entry[1]
            data = (out / path).read_bytes()
        except OSError:
            return None
        if digest(data) != entry[1]:
            return None
        if time.time_ns() - stat[1] > RACY_NS:  # a file still being written
            self.stats[path] = stat  # is hashed again next time
            self.restated = True
        return entry[1]
