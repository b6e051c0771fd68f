"""Stage 8: stage new and reused files in a folder inside ``build/``, then swap folders in.

New files are written, reused ones hard-linked, into a staging folder; its top folders
(``site/``, ``pdf/`` …) replace the old ones by rename only when everything rendered, and
the manifest is written last. A failure or Ctrl-C leaves the previous output as it was.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from ybbulletin.build.outputs import Output, Plan
from ybbulletin.build.workers import RenderState, run_tasks
from ybbulletin.cache import Manifest, digest
from ybbulletin.project import Archive

__all__ = ["write"]

log = logging.getLogger("ybbulletin.build")


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
) -> tuple[list[tuple[str, str]], int]:
    """Render ``todo``, write the build; (font substitutions, files changed).

    ``check`` runs after rendering and before anything is swapped in (``--strict``).
    """
    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".new-", dir=out))
    staging.chmod(0o755)  # mkdtemp makes it private; the web server must read the site
    entries: dict[str, tuple[str, str]] = dict(kept)
    substitutions: dict[tuple[str, str], None] = {}
    changed = 0
    try:
        fresh = {o.path for o in todo}
        by_task: dict[tuple[str, str], list[Output]] = {}
        for output in todo:
            if output.task:
                by_task.setdefault(output.task, []).append(output)
        for output in plan.outputs:  # reused files: hard links, no copying
            if output.path not in fresh:
                _link(out / output.path, staging / output.path)
                entries[output.path] = manifest.entries[output.path]
        if not by_task:  # no PDF or Word file to make: the downloads' sizes are known now
            changed += _copy_downloads(staging, todo, manifest, entries)
            _measure_downloads(staging, plan)
        made = [o for o in todo if o.make is not None]
        now = [o for o in made if not o.late or not by_task]
        by_path = {o.path: o for o in now}
        for task, result in run_tasks(state, sorted(by_task), jobs, progress, now):
            # site files come back by their paths, a task's files by their names
            outputs = by_task.get(task) or [by_path[path] for path in result.files]
            for output in outputs:
                data = result.files[output.name or output.path]
                changed += _put(staging, out, output, data, manifest, entries)
            archive.diagnostics.extend(result.diagnostics)
            substitutions.update(dict.fromkeys(result.substitutions))
        if by_task:
            changed += _copy_downloads(staging, todo, manifest, entries)
            _measure_downloads(staging, plan)
            for output in made:
                if output.late:
                    assert output.make is not None
                    changed += _put(staging, out, output, output.make(), manifest, entries)
        check()
        log.info("8. write: %d changed, %d unchanged", changed, len(plan.outputs) - changed)
        _swap(
            staging,
            out,
            {path.split("/", 1)[0] for path in entries} - {p.split("/", 1)[0] for p in kept},
        )
        written = Manifest(entries)
        written.record_stats(out)
        written.save(out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return list(substitutions), changed


def _copy_downloads(
    staging: Path, todo: list[Output], manifest: Manifest, entries: dict[str, tuple[str, str]]
) -> int:
    """Link each download's copy on the site (site/files/x.pdf is pdf/x.pdf); files changed."""
    changed = 0
    for output in todo:
        if output.copy_of is not None:
            _link(staging / output.copy_of, staging / output.path)
            entries[output.path] = (output.key, entries[output.copy_of][1])
            previous = manifest.entries.get(output.path)
            changed += previous is None or previous[1] != entries[output.path][1]
    return changed


def _measure_downloads(staging: Path, plan: Plan) -> None:
    """Give each download link the size of its file, now that every file is staged."""
    for download in plan.downloads:
        path = staging / "site" / download.path
        download.size = path.stat().st_size if path.is_file() else None


def _put(
    staging: Path,
    out: Path,
    output: Output,
    data: bytes,
    manifest: Manifest,
    entries: dict[str, tuple[str, str]],
) -> int:
    """Stage a rendered file; if its bytes are what the last build wrote, keep that file (0)."""
    sha = digest(data)
    entries[output.path] = (output.key, sha)
    previous = manifest.entries.get(output.path)
    if previous is not None and previous[1] == sha and _intact(out / output.path, sha):
        _link(out / output.path, staging / output.path)
        return 0
    path = staging / output.path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return 1


def _intact(path: Path, sha: str) -> bool:
    try:
        return digest(path.read_bytes()) == sha
    except OSError:
        return False


def _link(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _swap(staging: Path, out: Path, folders: set[str]) -> None:
    """Rename each staged folder into place; the old one goes only once the new one is in."""
    for folder in sorted(folders):
        target = out / folder
        old = None
        if target.exists():
            old = out / f".old-{folder}-{os.getpid()}"
            os.replace(target, old)
        os.replace(staging / folder, target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
