"""The preview folder as the incremental rebuild writes it: file by file, in place.

A full build swaps whole folders in; a save in the preview changes a handful of
files, so :class:`Folder` writes each changed file beside its old one and renames
it over (a page being served is the old file or the new one, never half of
either) and keeps the build's manifest in step, so a later full ``build()`` (a
change to the templates or settings, the search index, a PDF asked for) sees
exactly what is on disk. What the preview wrote is recorded with an empty key:
``build()`` renders such a file again and keeps it if the bytes are the same.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

from ybbulletin.atomic import write_atomic
from ybbulletin.cache import Manifest, digest

__all__ = ["Folder"]

#: The key recorded for files the preview wrote: never a real output's key.
WRITTEN = ""


class Folder:
    """Files under the preview folder ``out``, and its manifest (loaded when first needed)."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self._manifest: Manifest | None = None
        self._dirty = False

    @property
    def manifest(self) -> Manifest:
        if self._manifest is None:
            self._manifest = Manifest.load(self.out)
        return self._manifest

    def forget(self) -> None:
        """A full build rewrote the folder: read its manifest again when next needed."""
        self._manifest = None
        self._dirty = False

    def sha(self, path: str) -> str | None:
        entry = self.manifest.entries.get(path)
        return None if entry is None else entry[1]

    def has(self, path: str) -> bool:
        return path in self.manifest.entries and (self.out / path).is_file()

    def put(self, path: str, data: bytes) -> bool:
        """Write ``path`` (under ``out``) unless it holds these bytes; True if it changed."""
        sha = digest(data)
        if self.sha(path) == sha:
            return False
        write_atomic(self.out / path, data)  # 0o644: the site must be readable
        self._record(path, sha)
        return True

    def link(self, path: str, source: str) -> bool:
        """``path`` as another name of ``source`` (site/files/x.pdf is pdf/x.pdf)."""
        sha = self.sha(source)
        if sha is None or self.sha(path) == sha:
            return False
        target = self.out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = target.with_name(f".yb-{target.name}")
        with contextlib.suppress(FileNotFoundError):
            staging.unlink()
        try:
            os.link(self.out / source, staging)
        except OSError:
            shutil.copy2(self.out / source, staging)
        os.replace(staging, target)
        self._record(path, sha)
        return True

    def remove(self, path: str) -> None:
        """Delete ``path`` and the folders it leaves empty (up to its top folder)."""
        self.manifest.entries.pop(path, None)
        self.manifest.stats.pop(path, None)
        self._dirty = True
        target = self.out / path
        with contextlib.suppress(FileNotFoundError):
            target.unlink()
        top = self.out / path.split("/", 1)[0]
        folder = target.parent
        while folder != top and folder.is_relative_to(top):
            try:
                folder.rmdir()
            except OSError:
                break
            folder = folder.parent

    def paths(self, *tops: str) -> list[str]:
        """Every recorded output under the given top folders (``site``, ``wechat``)."""
        return [p for p in self.manifest.entries if p.split("/", 1)[0] in tops]

    def save(self) -> None:
        """Write the manifest if the preview changed anything since it was read."""
        if self._dirty and self._manifest is not None:
            self._manifest.save(self.out)
            self._dirty = False

    def _record(self, path: str, sha: str) -> None:
        self.manifest.entries[path] = (WRITTEN, sha)
        self.manifest.stats.pop(path, None)
        self._dirty = True
