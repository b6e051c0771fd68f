"""A publishing folder: its releases, their markers and checksums, and the ``current`` link.

Layout of ``DIR`` (the web server's root is ``DIR/current``)::

    DIR/.ybbulletin-publish        marks DIR as ours (written on the first publish)
    DIR/current -> releases/<name>  the live release (a relative symlink)
    DIR/releases/<name>/           <UTC date-time>-<short hash>: the site, SHA256SUMS and
                                   .ybbulletin-release (our marker, with a sequence number)
    DIR/releases/.partial-*/       a copy in progress; removed by the next run if it was killed

Only folders carrying our marker are ever deleted or switched to.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ybbulletin.atomic import fsync_dir
from ybbulletin.errors import YbError

__all__ = [
    "PARTIAL",
    "RELEASE_MARK",
    "SUMS",
    "TARGET_MARK",
    "Refused",
    "Release",
    "Target",
    "checksums",
    "file_sha256",
    "read_sums",
    "sums_text",
]

TARGET_MARK = ".ybbulletin-publish"
RELEASE_MARK = ".ybbulletin-release"
SUMS = "SHA256SUMS"
PARTIAL = ".partial-"
_LOCK = ".ybbulletin-publish.lock"


class Refused(YbError):
    """Publishing was refused; nothing was changed. The message (and hint) are for the user."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint


@dataclass(frozen=True)
class Release:
    """A release folder we wrote: its name and its place in the publishing order."""

    path: Path
    sequence: int

    @property
    def name(self) -> str:
        return self.path.name


# --- the site's files and their checksums -------------------------------------------------


def _files(site: Path) -> list[str]:
    found = []
    for folder, dirs, names in os.walk(site):
        dirs.sort()
        for name in sorted(names):
            path = Path(folder, name)
            if path.is_file():
                found.append(path.relative_to(site).as_posix())
    return sorted(found)


def file_sha256(path: Path) -> str:
    hasher = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            hasher.update(block)
    return hasher.hexdigest()


def checksums(site: Path) -> dict[str, str]:
    """Relative path -> sha256 of every file of a site (our marker and SHA256SUMS left out)."""
    return {p: file_sha256(site / p) for p in _files(site) if p not in (SUMS, RELEASE_MARK)}


def sums_text(sums: dict[str, str]) -> str:
    """The ``sha256sum -c`` format: ``<hash>  <path>`` per line, sorted by path."""
    return "".join(f"{sha}  {path}\n" for path, sha in sorted(sums.items()))


def read_sums(release: Path) -> dict[str, str]:
    """The checksum list a release carries (or its files' checksums if it has none)."""
    try:
        text = (release / SUMS).read_text(encoding="utf-8")
    except OSError:
        return checksums(release)
    found = {}
    for line in text.splitlines():
        sha, _, path = line.partition("  ")
        if path:
            found[path] = sha
    return found


# --- the target folder -------------------------------------------------------------------------


class Target:
    """A publishing folder: its releases and its ``current`` link."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.releases = root / "releases"
        self.current = root / "current"

    def check(self) -> None:
        """Refuse a folder that holds things we did not write."""
        root = self.root
        if root.exists() and not root.is_dir():
            raise Refused(f"发布目录 {root} 不是一个目录")
        ours = {TARGET_MARK, _LOCK}
        foreign = root.is_dir() and any(p.name not in ours for p in root.iterdir())
        if foreign and not (root / TARGET_MARK).is_file():
            raise Refused(
                f"{root} 不是 ybbulletin 的发布目录（里面已有别的文件），没有写入任何内容",
                "请指定一个新的空目录，或此前用 ybbulletin publish 发布过的目录",
            )
        if self.current.exists() or self.current.is_symlink():
            if not self.current.is_symlink():
                raise Refused(
                    f"{self.current} 不是符号链接，不是 ybbulletin 发布的版本，没有改动",
                    "网站服务器的根目录应指向 DIR/current，它由 ybbulletin publish 管理",
                )
            if self.live() is None:
                raise Refused(
                    f"{self.current} 指向 {os.readlink(self.current)}，不是 ybbulletin 发布的版本",
                    "为安全起见没有改动；请检查这个目录",
                )

    def all(self) -> list[Release]:
        """Our complete releases, oldest first (folders without our marker are not ours)."""
        found = []
        if self.releases.is_dir():
            for path in self.releases.iterdir():
                if path.name.startswith(".") or not path.is_dir() or path.is_symlink():
                    continue
                try:
                    mark = json.loads((path / RELEASE_MARK).read_text(encoding="utf-8"))
                    found.append(Release(path, int(mark["sequence"])))
                except (OSError, ValueError, KeyError, TypeError):
                    continue
        return sorted(found, key=lambda r: (r.sequence, r.name))

    def live(self) -> Release | None:
        """The release ``current`` points at, if it is one of ours."""
        if not self.current.is_symlink():
            return None
        link = os.readlink(self.current)
        parts = Path(link).parts
        if len(parts) != 2 or parts[0] != "releases":
            return None
        return next((r for r in self.all() if r.name == parts[1]), None)

    @contextmanager
    def lock(self) -> Iterator[None]:
        """One publish at a time in this folder (the lock goes with the process, even killed)."""
        self.root.mkdir(parents=True, exist_ok=True)
        with (self.root / _LOCK).open("a") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise Refused("另一个发布正在进行，请稍后再试") from None
            yield

    def clean_partial(self) -> list[str]:
        """Remove what a killed publish left: half-copied releases and temporary links."""
        removed = []
        if self.releases.is_dir():
            for path in self.releases.iterdir():
                ours = path.name.startswith(PARTIAL) and path.is_dir() and not path.is_symlink()
                # the marker is the first file written; an empty folder is a kill before it
                if ours and ((path / RELEASE_MARK).is_file() or not any(path.iterdir())):
                    shutil.rmtree(path)
                    removed.append(path.name)
        for path in self.root.glob(".current-*"):
            if path.is_symlink():
                path.unlink()
        return removed

    def switch(self, release: Release) -> None:
        """Point ``current`` at ``release``: a new link renamed over the old one (atomic)."""
        temporary = self.root / f".current-{os.getpid()}"
        temporary.unlink(missing_ok=True)
        os.symlink(f"releases/{release.name}", temporary)
        os.replace(temporary, self.current)
        fsync_dir(self.root)

    def prune(self, keep: int) -> list[str]:
        """Delete our oldest releases beyond ``keep`` (never the live one)."""
        live = self.live()
        releases = self.all()
        doomed = [r for r in releases[: max(0, len(releases) - keep)] if r != live]
        for release in doomed:
            shutil.rmtree(release.path)
        return [r.name for r in doomed]
