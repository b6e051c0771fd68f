"""The issue formats' worker processes: forked from a small server, one issue per task.

A worker forked from the build's main process starts out holding every page the
main process holds (the archive, its views, the plan: hundreds of MB on a large
archive) on top of what WeasyPrint needs. The issue formats' workers come instead
from a ``forkserver``: a fresh interpreter that imported only what the formats'
``warm_up`` loads (WeasyPrint and the fonts, python-docx). Each task carries one
detached issue view (:func:`ybbulletin.views.detached`: the issue's model and
texts, nothing of the other issues) and the files of the images it shows.

Each worker keeps one :class:`RenderContext` for its lifetime, so what a format
keeps in ``context.memo`` (the Word template, the print templates) is made once per
worker; a worker is replaced after ``recycle`` tasks, as the forked ones are. The
server is started for a build and stopped after it.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.forkserver
import multiprocessing.pool
import os
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from ybbulletin.model import Publication
from ybbulletin.render.registry import FORMATS, IssueFormat, RenderContext, Rendered
from ybbulletin.views import IssueView

__all__ = ["WARM_UP", "Images", "IssueTask", "issue_pool", "render_detached", "warm_up"]

#: The environment variable naming the formats the server warms up (``pdf,docx``).
WARM_UP = "YBBULLETIN_WARM_UP"
#: (format name, detached issue view, content path -> file of each image it shows)
IssueTask = tuple[str, IssueView, Mapping[str, Path]]

_BY_NAME = {fmt.name: fmt for fmt in FORMATS if isinstance(fmt, IssueFormat)}


class Images(Mapping[str, bytes]):
    """The images of the issue being rendered, read when asked for."""

    def __init__(self) -> None:
        self.files: Mapping[str, Path] = {}

    def __getitem__(self, path: str) -> bytes:
        return self.files[path].read_bytes()

    def __contains__(self, path: object) -> bool:
        return path in self.files

    def __iter__(self) -> Iterator[str]:
        return iter(self.files)

    def __len__(self) -> int:
        return len(self.files)


# In a worker process only: its render context and the images of its current task.
_CONTEXT: list[RenderContext] = []
_IMAGES = Images()


def _install(root: Path, publication: Publication) -> None:
    _CONTEXT[:] = [RenderContext(root, publication, lambda: _IMAGES)]


def render_detached(task: IssueTask) -> Rendered:
    """Render one issue format of one detached view, in a worker."""
    name, view, images = task
    _IMAGES.files = images
    return _BY_NAME[name].render(_CONTEXT[0], view)


def warm_up() -> None:
    """What the server imports: each format named in ``WARM_UP`` warmed up once."""
    for name in os.environ.get(WARM_UP, "").split(","):
        fmt = _BY_NAME.get(name)
        if fmt is not None and fmt.warm_up is not None:
            fmt.warm_up()


@contextlib.contextmanager
def issue_pool(
    root: Path, publication: Publication, formats: Sequence[str], jobs: int, recycle: int
) -> Iterator[multiprocessing.pool.Pool]:
    """A pool of ``jobs`` workers for :func:`render_detached`, from a server of its own."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["ybbulletin.build.warm"])
    # the module's server; ``_stop`` (no public way to stop it) closes its pipe and waits
    server: Any = multiprocessing.forkserver._forkserver
    before = os.environ.get(WARM_UP)
    os.environ[WARM_UP] = ",".join(formats)
    try:
        server._stop()  # one started by an earlier build warmed up other formats
        server.ensure_running()
    finally:
        if before is None:
            del os.environ[WARM_UP]
        else:
            os.environ[WARM_UP] = before
    try:
        with context.Pool(
            processes=jobs,
            initializer=_install,
            initargs=(root, publication),
            maxtasksperchild=recycle,
        ) as pool:
            yield pool
    finally:
        server._stop()
