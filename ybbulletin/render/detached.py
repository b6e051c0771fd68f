"""The issue formats' worker side: render one detached issue view, in a worker process.

The workers come from a fork server that imported this module and the warm-ups of
the build's formats (``render/warm/``: WeasyPrint and the fonts, python-docx) and
nothing of the build pipeline (``build/issue_pool.py`` is the main process's side).
Each task carries one detached issue view (:func:`ybbulletin.views.detached`: the
issue's model and texts, nothing of the other issues) and the files of the images it
shows. Each worker keeps one :class:`RenderContext` for its lifetime, so what a format
keeps in ``context.memo`` (the Word template, the print templates) is made once per
worker.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from pathlib import Path

from ybbulletin import heap
from ybbulletin.interrupt import worker_signals
from ybbulletin.model import Publication
from ybbulletin.pools import unpacked
from ybbulletin.render.registry import FORMATS, IssueFormat, RenderContext, Rendered
from ybbulletin.views import IssueView

__all__ = ["Images", "IssueTask", "install", "render_detached", "warm"]

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


def install(root: Path, publication: Publication) -> None:
    """A worker's initializer: its signals (the main process stops the pool) and context."""
    worker_signals()
    heap.keep_freed()  # one render after another: what one frees, the next uses
    _CONTEXT[:] = [RenderContext(root, publication, lambda: _IMAGES)]


def render_detached(parcel: str) -> Rendered:
    """Render one issue format of one detached view (an :data:`IssueTask` in the file
    ``parcel``: a view is too big to send through the pool's pipe), in a worker."""
    name, view, images = unpacked(parcel)
    _IMAGES.files = images
    return _BY_NAME[name].render(_CONTEXT[0], view)


def warm(name: str) -> None:
    """Load what the renders of format ``name`` share, once, in the server. A warm-up that
    fails here fails again, reported, where the format renders."""
    fmt = _BY_NAME[name]
    if fmt.warm_up is not None:
        with contextlib.suppress(Exception):
            fmt.warm_up()
