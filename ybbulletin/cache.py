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

import functools
import hashlib
import json
import logging
import os
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

MANIFEST = ".ybbulletin-manifest.json"
_FORMAT = 2
_LIBRARIES = (
    "weasyprint",
    "python-docx",
    "jinja2",
    "markdown-it-py",
    "pydantic",
    "feedgen",
    "pypdf",
)


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
    ``plan`` is the key of everything the build that wrote these entries planned them
    from (``build/unchanged.py``): "" when unknown.
    """

    entries: dict[str, tuple[str, str]] = field(default_factory=dict)
    stats: dict[str, tuple[int, int]] = field(default_factory=dict)
    plan: str = ""
    #: whether reusable() found a file touched but with its bytes and noted its new stat
    restated: bool = field(default=False, compare=False)

    @classmethod
    def load(cls, out: Path) -> Manifest:
        path = out / MANIFEST
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            if raw.get("format") != _FORMAT:
                return cls()
            outputs = raw["outputs"]
            return cls(
                {k: (str(v[0]), str(v[1])) for k, v in outputs.items()},
                {k: (int(v[2]), int(v[3])) for k, v in outputs.items()},
                str(raw.get("plan", "")),
            )
        except (OSError, ValueError, KeyError, TypeError, IndexError):
            if path.exists():
                log.info("cache manifest unreadable, rebuilding everything")
            return cls()

    def record_stats(self, out: Path) -> None:
        """Note the size and mtime of every file, as they are now on disk."""
        for path in self.entries:
            try:
                info = (out / path).stat()
            except OSError:
                continue
            self.stats[path] = (info.st_size, info.st_mtime_ns)

    def save(self, out: Path) -> None:
        data = {
            "format": _FORMAT,
            "plan": self.plan,
            "outputs": {
                k: [*v, *self.stats.get(k, (-1, -1))] for k, v in sorted(self.entries.items())
            },
        }
        # one line: json's C encoder (indent= takes the pure-Python one, 10 × slower)
        write_atomic(out / MANIFEST, json.dumps(data, ensure_ascii=False).encode("utf-8"))

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

    def reusable(self, out: Path, path: str, key: str) -> str | None:
        """The recorded hash of ``path`` if it was made from ``key`` and is still intact."""
        entry = self.entries.get(path)
        if entry is None or entry[0] != key:
            return None
        try:
            info = os.stat(f"{out}/{path}")  # a str: pathlib costs more than the stat
            if self.stats.get(path) == (info.st_size, info.st_mtime_ns):
                return entry[1]
            data = (out / path).read_bytes()
        except OSError:
            return None
        if digest(data) != entry[1]:
            return None
        if time.time_ns() - info.st_mtime_ns > RACY_NS:  # a file still being written
            self.stats[path] = (info.st_size, info.st_mtime_ns)  # is hashed again next time
            self.restated = True
        return entry[1]
