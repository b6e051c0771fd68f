"""Stage 8: render what changed into a staging folder, then move each new file into place.

Every rendered file is written to a staging folder inside ``build/``; nothing under
``site/``, ``pdf/`` … is touched until everything has rendered (and ``--strict``
passed). Then each file whose bytes changed replaces its old self (``os.replace``:
a reader sees the old file or the new one, never a part), files no longer planned
are removed, and the manifest is written last. A failure or Ctrl-C while rendering
leaves the previous output as it was. Unchanged files are not touched at all, so a
build costs what changed, not the size of the site.

:func:`commit` is the second half alone: the preview server uses it to put the files
it renders on demand into place.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import tempfile
from collections.abc import Callable, Collection, Iterable
from pathlib import Path
from stat import S_ISREG

from ybbulletin.build.outputs import Output, Plan
from ybbulletin.build.tidy import Tidy
from ybbulletin.build.workers import RenderState, Seen, Staged, rendering
from ybbulletin.cache import Manifest, digest
from ybbulletin.interrupt import deferred
from ybbulletin.project import Archive

__all__ = ["commit", "write"]

log = logging.getLogger("ybbulletin.build")

#: Under the staging folder: the files a commit replaced or removed, till it is done.
_OLD = ".old"


def write(
    archive: Archive,
    plan: Plan,
    todo: list[Output],
    kept: dict[str, tuple[str, str]],
    manifest: Manifest,
    out: Path,
    state: RenderState,
    jobs: int,
    progress: bool,
    check: Callable[[], None],
    planned: str = "",
    tidy: Tidy | None = None,
) -> tuple[list[tuple[str, str]], int]:
    """Render ``todo``, write the build; (font substitutions, files changed).

    ``check`` runs after rendering and before anything is put into place (``--strict``).
    ``planned``: the plan's key, for the manifest (``unchanged.py``). ``tidy``: removes
    the staging folder of a build that got its files into place while the caller ends
    (else it is removed here).
    """
    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".new-", dir=out))
    entries: dict[str, tuple[str, str]] = dict(kept)
    substitutions: dict[tuple[str, str], None] = {}
    staged: list[str] = []  # files whose bytes changed, in the order they were made
    done = False
    try:
        fresh = {o.path for o in todo}
        by_task: dict[tuple[str, str], list[Output]] = {}
        for output in todo:
            if output.task:
                by_task.setdefault(output.task, []).append(output)
        for output in plan.outputs:  # reused files stay where they are
            if output.path not in fresh:
                entries[output.path] = manifest.entries[output.path]
        put = _Putter(staging, out, manifest, entries, staged)
        made = [o for o in todo if o.make is not None]
        if not by_task:  # no PDF or Word file to make: the downloads' sizes are known now
            _copy_downloads(put, todo)
            _measure_downloads(staging, out, plan, entries, made)
        now = [o for o in made if not o.late or not by_task]
        # a site file's key is made when its bytes come back (``Output.keyed``): meanwhile
        now_by_path = {o.path: o for o in now}
        # the workers are ended when this block ends, before the staging folder goes
        with rendering(state, sorted(by_task), jobs, progress, now, put.stage) as results:
            unknown: list[str] = []
            if not manifest.entries:  # no record of what is there (first build, --force):
                # what is not planned goes (looked for while the workers render)
                unknown = _unknown(out, {o.path for o in plan.outputs} | set(kept), kept)
            for task, result in results:
                if isinstance(result, Staged):  # site files, staged where they were made
                    for path, (sha, written, seen) in result.files.items():
                        put.record(path, now_by_path[path].key, sha, written, seen)
                    continue
                for output in by_task[task]:
                    put(output, result.files[output.name])
                archive.diagnostics.extend(result.diagnostics)
                substitutions.update(dict.fromkeys(result.substitutions))
        if by_task:
            _copy_downloads(put, todo)
            _measure_downloads(staging, out, plan, entries, made)
            for output in made:
                if output.late:
                    assert output.make is not None
                    put(output, output.make())
        check()
        changed = len(staged)
        log.info("8. write: %d changed, %d unchanged", changed, len(plan.outputs) - changed)
        gone = [path for path in manifest.entries if path not in entries] + unknown
        new = Manifest(entries)
        new.stats.update(put.seen)  # the files left as they were, seen when compared
        commit(staging, out, staged, gone, new, manifest, planned)
        done = True
    finally:
        if done and tidy is not None:
            tidy.remove(staging)
        else:
            with deferred():
                shutil.rmtree(staging, ignore_errors=True)
    return list(substitutions), changed


def commit(
    staging: Path,
    out: Path,
    staged: Iterable[str],
    gone: Iterable[str],
    written: Manifest,
    previous: Manifest | None = None,
    planned: str = "",
) -> None:
    """Move each staged file into place, remove ``gone`` ones, then save the manifest.

    ``written`` is the new manifest (its ``stats`` are filled in here: those of the
    files moved, and for the files left as they were the ones it has already, else the
    ``previous`` manifest's), with the record of the plan's key ``planned`` if known
    (``unchanged.py``). Interrupted or
    failed before the manifest is saved, every file and folder is put back as it was
    (the old files are kept under ``staging`` meanwhile): the build folder is the last
    build's, whole.
    """
    moved = set()
    undo = _Undo(out, staging / _OLD)
    try:
        staged = list(staged)
        whole = _whole_folders(staging, out, staged)
        for name in whole:
            undo.move_folder(os.path.join(staging, name), name)
        for path in staged:
            if path.partition("/")[0] not in whole:
                undo.replace(os.path.join(staging, path), path)
            moved.add(path)
        for path in gone:
            undo.remove(path)
        folder = os.fspath(out)
        known = written.stats
        for path in written.entries:
            stat = None
            if path not in moved:
                stat = known.get(path) or (previous.stats.get(path) if previous else None)
            if stat is None:
                try:
                    info = os.stat(os.path.join(folder, path))  # str paths: 8,658 of them
                except OSError:
                    continue
                stat = (info.st_size, info.st_mtime_ns)
            written.stats[path] = stat
        written.key = planned  # its record ("" if unknown: planned next time)
        written.save(out)
    except BaseException:  # Ctrl-C or an error before the manifest is saved: put back
        undo.rollback()
        raise


def _whole_folders(staging: Path, out: Path, staged: list[str]) -> set[str]:
    """The top folders (``site``, ``pdf`` …) to move into place whole: absent from ``out``
    (a first build), and holding in the staging folder exactly the staged files under
    them. One rename instead of a folder made for each of the site's ~1,000 folders and
    a rename for each of its ~9,000 files (~1 s of a cold 500-issue build, serial)."""
    under: dict[str, set[str]] = {}
    for path in staged:
        top, sep, rest = path.partition("/")
        if sep:
            under.setdefault(top, set()).add(rest)
    whole = set()
    for top, files in under.items():
        if os.path.lexists(os.path.join(out, top)):
            continue
        root = os.path.join(staging, top)
        found: set[str] = set()
        for folder, folders, names in os.walk(root):
            relative = os.path.relpath(folder, root)
            prefix = "" if relative == "." else relative.replace(os.sep, "/") + "/"
            found.update(prefix + name for name in names)
            links = (name for name in folders if os.path.islink(os.path.join(folder, name)))
            found.update(prefix + name for name in links)
        if found == files:
            whole.add(top)
    return whole


class _Putter:
    """Stages rendered files whose bytes differ from what the last build left."""

    def __init__(
        self,
        staging: Path,
        out: Path,
        manifest: Manifest,
        entries: dict[str, tuple[str, str]],
        staged: list[str],
    ) -> None:
        self.staging, self.out, self.manifest = staging, out, manifest
        self.entries, self.staged = entries, staged
        # files left as they were, by their stat taken when compared (``--force``)
        self.seen: dict[str, tuple[int, int]] = {}
        # staging folders known to exist in this process (a cold build stages ~9,000
        # files in ~1,000 folders: one mkdir each, not one a file)
        self.folders: set[str] = set()

    def __call__(self, output: Output, data: bytes) -> None:
        sha, changed, seen = self.stage(output.path, data)
        self.record(output.path, output.key, sha, changed, seen)

    def stage(self, path: str, data: bytes) -> tuple[str, bool, Seen]:
        """Write ``data`` into the staging folder unless the last build left these bytes at
        ``path``: (their hash, whether written, the stat of the file left if it was
        compared byte for byte). Records nothing, so a worker process may call it (pages)
        and send back only what it returns."""
        sha = digest(data)
        same = self._unchanged(path, sha, data)
        if same:
            return sha, False, same if isinstance(same, tuple) else None
        target = os.path.join(self.staging, path)
        folder = os.path.dirname(target)
        if folder not in self.folders:
            os.makedirs(folder, exist_ok=True)
            self.folders.add(folder)
        with open(target, "wb") as file:
            file.write(data)
        return sha, True, None

    def record(self, path: str, key: str, sha: str, changed: bool, seen: Seen = None) -> None:
        """Enter a staged file in the manifest (and in the files to move if it changed)."""
        self.entries[path] = (key, sha)
        if changed:
            self.staged.append(path)
        elif seen is not None:
            self.seen[path] = seen

    def copy(self, output: Output) -> None:
        """site/files/x.pdf is pdf/x.pdf again: a hard link to it (a copy where none can be)."""
        assert output.copy_of is not None
        sha = self.entries[output.copy_of][1]
        self.entries[output.path] = (output.key, sha)
        if self._unchanged(output.path, sha):
            return
        source = self.staging / output.copy_of
        if not source.is_file():
            source = self.out / output.copy_of
            with contextlib.suppress(OSError):
                if os.path.samefile(source, self.out / output.path):
                    return  # still a link to the file left in place
        _link(source, self.staging / output.path)
        self.staged.append(output.path)

    def _unchanged(self, path: str, sha: str, data: bytes | None = None) -> bool | tuple[int, int]:
        """Whether the file the last build left at ``path`` has these bytes. Without a
        manifest entry for it (``--force``, the manifest lost), ``data`` is compared with
        the file there, if any: a file already holding the bytes is left as it is, and
        said so by its (size, mtime_ns), taken before it was read (a change after shows)."""
        previous = self.manifest.entries.get(path)
        if previous is not None and previous[1] != sha:
            return False
        try:
            if previous is None:  # one open and one read (a page: in a worker)
                if data is None:
                    return False
                # a descriptor, not a file object (a third of the cost over 4,500 pages);
                # one byte more than ours: a longer file differs, a short read only costs
                # a write; non-blocking: a FIFO there is not waited on (it differs)
                fd = os.open(os.path.join(self.out, path), os.O_RDONLY | os.O_NONBLOCK)
                try:
                    info = os.fstat(fd)  # for the manifest: no stat of its own in commit()
                    if os.read(fd, len(data) + 1) != data:
                        return False
                    return (info.st_size, info.st_mtime_ns) if S_ISREG(info.st_mode) else True
                finally:
                    os.close(fd)
            target = self.out / path
            info = target.stat()
            if self.manifest.stats.get(path) == (info.st_size, info.st_mtime_ns):
                return True
            return digest(target.read_bytes()) == sha
        except OSError:
            return False


def _copy_downloads(put: _Putter, todo: list[Output]) -> None:
    """Each download's copy on the site (site/files/x.pdf is pdf/x.pdf)."""
    for output in todo:
        if output.copy_of is not None:
            put.copy(output)


def _measure_downloads(
    staging: Path,
    out: Path,
    plan: Plan,
    entries: dict[str, tuple[str, str]],
    keyed: Iterable[Output] = (),
) -> None:
    """Give each download link the size of its file, now that every file is made.

    The ``keyed`` outputs' keys are made first (``Output.keyed``): the views they hash
    hold the downloads, as planned (no size)."""
    if plan.downloads:
        for output in keyed:
            output.key  # noqa: B018  # made now, before the sizes are filled in
    folders = (os.fspath(staging), os.fspath(out))  # str paths: 1,000 downloads at 500 issues
    for download in plan.downloads:
        download.size = None
        if f"site/{download.path}" not in entries:
            continue  # not on the site this time
        for folder in folders:
            try:
                info = os.stat(f"{folder}/site/{download.path}")
            except OSError:
                continue
            if S_ISREG(info.st_mode):
                download.size = info.st_size
                break


def _unknown(out: Path, entries: Collection[str], kept: dict[str, tuple[str, str]]) -> list[str]:
    """Files in the folders this build makes (of ``entries``, but the ``kept`` ones'),
    not in ``entries``: what ``os.walk`` finds there (links to folders are not followed,
    nor named), by one ``scandir`` a folder and no path made twice (8,658 files at 500
    issues, looked for while the workers render)."""
    folders = {p.split("/", 1)[0] for p in entries} - {p.split("/", 1)[0] for p in kept}
    found: list[str] = []
    for folder in sorted(folders):
        _walk(os.path.join(out, folder), f"{folder}/", entries, found)
    return found


def _walk(folder: str, relative: str, entries: Collection[str], found: list[str]) -> None:
    try:
        scanned = os.scandir(folder)
    except OSError:
        return  # (os.walk's default: an unreadable folder is passed over)
    inner = []
    with scanned:
        for entry in scanned:
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                inner.append(entry)
            elif (path := relative + entry.name) not in entries:
                found.append(path)
    for entry in inner:
        try:
            link = entry.is_symlink()
        except OSError:
            link = False
        if not link:
            _walk(entry.path, f"{relative}{entry.name}/", entries, found)


def _link(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


class _Undo:
    """Files put into place or removed under ``out``, and how to put each back: a file
    replaced is kept as a hard link under ``old`` first (a copy where none can be), one
    removed is moved there; the folders made for new files are removed again. Cheap:
    str paths, the caller's strings kept (a cold build moves every file). The old files
    lie side by side in ``old``, numbered: no folders to make there and remove after
    (a folder's removal takes ~4 ms on this machine's disk, a file's a tenth of that)."""

    def __init__(self, out: Path, old: Path) -> None:
        self.out, self.old = os.fspath(out), os.fspath(old)
        self.replaced: list[str] = []  # in order; each kept under old, or new
        self.removed: list[str] = []  # each kept under old
        self.kept: dict[str, str] = {}  # path -> where its old file is kept
        self.made: list[str] = []  # folders made, each after its parent
        self.folders: set[str] = set()  # known to exist
        self.moved: list[tuple[str, str]] = []  # whole folders moved in: (from, to)

    def move_folder(self, new: str, name: str) -> None:
        """Move a staged folder into place whole (nothing there: ``_whole_folders``)."""
        target = os.path.join(self.out, name)
        self.moved.append((new, target))  # first, as replace: Ctrl-C between leaves it known
        os.rename(new, target)

    def replace(self, new: str, path: str) -> None:
        target = os.path.join(self.out, path)
        self._folder(os.path.dirname(target))
        if os.path.lexists(target):
            kept = self._keep(path)
            try:
                os.link(target, kept)
            except OSError:
                shutil.copy2(target, kept)
        self.replaced.append(path)
        os.replace(new, target)

    def remove(self, path: str) -> None:
        """Remove a file no longer made, and the folders it leaves empty (up to ``out``)."""
        target = os.path.join(self.out, path)
        if not os.path.lexists(target):
            return
        os.replace(target, self._keep(path))
        self.removed.append(path)
        folder = os.path.dirname(target)
        while len(folder) > len(self.out) and folder.startswith(self.out + os.sep):
            try:
                os.rmdir(folder)
            except OSError:
                break
            self.folders.discard(folder)
            folder = os.path.dirname(folder)

    def rollback(self) -> None:
        """Put every file and folder back as it was, last change first."""
        for path in reversed(self.removed):
            with contextlib.suppress(OSError):
                target = os.path.join(self.out, path)
                os.makedirs(os.path.dirname(target), exist_ok=True)
                os.replace(self.kept[path], target)
        for path in reversed(self.replaced):
            with contextlib.suppress(OSError):
                kept = self.kept.get(path)
                if kept is not None and os.path.lexists(kept):
                    os.replace(kept, os.path.join(self.out, path))
                else:  # a new file
                    os.unlink(os.path.join(self.out, path))
        for folder in reversed(self.made):
            with contextlib.suppress(OSError):
                os.rmdir(folder)
        for new, target in reversed(self.moved):
            with contextlib.suppress(OSError):
                os.rename(target, new)

    def _keep(self, path: str) -> str:
        """Where the old file at ``path`` is kept (``old`` made with the first)."""
        if not self.kept:
            os.makedirs(self.old, exist_ok=True)
        kept = self.kept[path] = os.path.join(self.old, str(len(self.kept)))
        return kept

    def _folder(self, folder: str) -> None:
        if folder in self.folders:
            return
        missing = []
        up = folder
        while len(up) > len(self.out) and not os.path.isdir(up):
            missing.append(up)
            up = os.path.dirname(up)
        os.makedirs(folder, exist_ok=True)
        self.folders.add(folder)
        self.made += reversed(missing)
