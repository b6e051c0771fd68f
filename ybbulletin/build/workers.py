"""Stage 7 for the issue and archive formats: render tasks, serially or in forked workers.

A worker process is forked after the archive is loaded and planned, so it shares
the views without pickling them; it receives them through the pool's initializer
(only the worker process keeps them). Each worker is replaced after RECYCLE_AFTER
renders, which bounds what WeasyPrint and Pango keep between documents (one
long-lived process grows past 500 MB on 500 PDFs).
"""

from __future__ import annotations

import multiprocessing
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ybbulletin.render.registry import FORMATS, ArchiveFormat, IssueFormat, RenderContext, Rendered
from ybbulletin.views import IssueView

__all__ = ["IN_PROCESS_TASKS", "RECYCLE_AFTER", "RenderState", "render_task", "run_tasks"]

# Serial builds of a few files render in this process; everything else in worker processes.
IN_PROCESS_TASKS = 8
RECYCLE_AFTER = 100

Task = tuple[str, str]  # (format name, issue slug or "" for an archive format)
_BY_NAME = {fmt.name: fmt for fmt in FORMATS}


@dataclass
class RenderState:
    """What render tasks read: the render context and the issue views (chronological)."""

    context: RenderContext
    issues: list[IssueView]

    def __post_init__(self) -> None:
        self.by_slug = {view.dir: view for view in self.issues}


def render_task(state: RenderState, task: Task) -> tuple[Task, Rendered]:
    """Render one task of an issue or archive format."""
    name, slug = task
    fmt = _BY_NAME[name]
    if isinstance(fmt, IssueFormat):
        return task, fmt.render(state.context, state.by_slug[slug])
    assert isinstance(fmt, ArchiveFormat)
    return task, fmt.render(state.context, state.issues)


def warm_up(tasks: list[Task]) -> None:
    """Load what the formats' renders share once, so forked workers inherit it."""
    for name in dict.fromkeys(name for name, _slug in tasks):
        fmt = _BY_NAME[name]
        if isinstance(fmt, IssueFormat) and fmt.warm_up is not None:
            fmt.warm_up()


def pooled(tasks: list[Task], jobs: int) -> bool:
    return (len(tasks) > 1 and jobs > 1) or len(tasks) > IN_PROCESS_TASKS


# In a worker process only: the state it was forked with.
_STATE: list[RenderState] = []


def _install(state: RenderState) -> None:
    _STATE[:] = [state]


def _pooled_task(task: Task) -> tuple[Task, Rendered]:
    return render_task(_STATE[0], task)


def run_tasks(
    state: RenderState, tasks: list[Task], jobs: int, progress: bool
) -> Iterator[tuple[Task, Rendered]]:
    bar = _progress(len(tasks), progress)
    try:
        if not pooled(tasks, jobs):
            for task in tasks:
                yield render_task(state, task)
                bar.update(1)
            return
        warm_up(tasks)
        context = multiprocessing.get_context("fork")
        with context.Pool(
            processes=max(1, jobs),
            initializer=_install,
            initargs=(state,),  # forked, not pickled
            maxtasksperchild=RECYCLE_AFTER,
        ) as pool:
            for result in pool.imap(_pooled_task, tasks, chunksize=1):
                yield result
                bar.update(1)
    finally:
        bar.close()


def _progress(total: int, enabled: bool) -> Any:
    from tqdm import tqdm

    return tqdm(
        total=total,
        desc="生成 PDF/Word",
        unit="个",
        disable=not enabled or total < 2,
        file=sys.stderr,
        leave=False,
    )
