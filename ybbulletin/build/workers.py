"""Stage 7: render tasks and the site's files, serially or in worker processes.

The site's pages go to workers forked after the archive is loaded and planned, so
they share the views without pickling them; they receive them through the pool's
initializer (only the worker process keeps them). With more than one job they take
a few dozen files per task (``Output.batch``; the templates are compiled before the
fork); a worker writes them into the staging folder itself and sends back only
their hashes. What has no batch (the search index, whose kept terms this process
saves; assets) is made here meanwhile.

The issue formats (PDF, Word, 公众号) render beside them in workers that never held
the archive (``issue_pool``: forked from a small server, one detached issue view per
task): a forked worker would start out with every page this process holds. Those
workers are replaced after RECYCLE_AFTER tasks, which bounds what WeasyPrint and
Pango keep between documents.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ybbulletin import collector
from ybbulletin.build.issue_pool import issue_pool, start_server
from ybbulletin.build.outputs import PAGES, Output
from ybbulletin.interrupt import deferred, worker_signals
from ybbulletin.pools import Parcels, Watched, parcels, running
from ybbulletin.render import text_memo
from ybbulletin.render.detached import IssueTask, render_detached
from ybbulletin.render.registry import FORMATS, ArchiveFormat, IssueFormat, RenderContext, Rendered
from ybbulletin.views import IssueView, detached

if TYPE_CHECKING:
    from ybbulletin.build.keys import MediaFile
    from ybbulletin.render.text_memo import Kept

__all__ = [
    "IN_PROCESS_TASKS",
    "PAGES_PER_TASK",
    "RECYCLE_AFTER",
    "SITE_TASK",
    "RenderState",
    "Seen",
    "Stage",
    "Staged",
    "render_task",
    "rendering",
    "site_workers",
]

# Serial builds of a few files render in this process; everything else in worker processes.
IN_PROCESS_TASKS = 8
RECYCLE_AFTER = 100
# Site files per worker task (a page and its search text count two): enough to make a
# task's overhead small, few enough to share the pages out evenly between the workers,
# and few tasks, so that a worker lives through the site (RECYCLE_AFTER): a fresh one
# has none of the texts parsed (the feed reads every article's).
PAGES_PER_TASK = 100
# The name of a task that makes a batch of site files: (SITE_TASK, index of the batch).
SITE_TASK = "site"

Task = tuple[str, str]  # (format name, issue slug or "" for an archive format)
_BY_NAME = {fmt.name: fmt for fmt in FORMATS}
# (size, mtime_ns) of a file left as it was, taken before it was read, or None
Seen = tuple[int, int] | None
# Writes a made file into the staging folder: (path under build/, bytes) -> (hash,
# written, what the file there was seen as if it was compared with and left).
Stage = Callable[[str, bytes], tuple[str, bool, Seen]]


def _not_staged(path: str, data: bytes) -> tuple[str, bool, Seen]:
    raise AssertionError(f"{path}: no staging folder to write it to")


@dataclass
class Staged:
    """Site files staged where they were made (in a worker: no bytes sent back).

    Path under ``build/`` -> (hash of the bytes, whether written: False if the last
    build left these bytes there, the stat of the file left if it was read to say so:
    ``--force``; the manifest records it without a stat of its own).
    """

    files: dict[str, tuple[str, bool, Seen]]
    # what the worker made of texts for these files (``render/text_memo.py``), to keep
    memo: Kept = field(default_factory=dict)


@dataclass
class RenderState:
    """What render tasks read: the render context and the issue views (chronological)."""

    context: RenderContext
    issues: list[IssueView]
    # the images the bodies show (``keys.media``): each issue's go to the workers that
    # render it (``issue_pool``: they never held the archive), with its detached view
    media: Callable[[], Mapping[str, MediaFile]]
    batches: list[list[Output]] = field(default_factory=list)  # site files, for the workers
    stage: Stage = _not_staged  # how a worker writes them (set by ``rendering``)
    # run when the site's workers are done, while the issue formats' renders end
    meanwhile: Callable[[], None] = lambda: None

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


def pooled(tasks: list[Task], jobs: int) -> bool:
    return (len(tasks) > 1 and jobs > 1) or len(tasks) > IN_PROCESS_TASKS


# In a worker process only: the state it was forked with.
_STATE: list[RenderState] = []


def _install(state: RenderState) -> None:
    worker_signals()  # Ctrl-C is the main process's: it ends the pool
    _STATE[:] = [state]
    text_memo.MEMO.taken()  # what this process made before the fork is not the worker's


def _pooled_task(task: Task) -> tuple[Task, Staged]:
    _name, index = task
    # no cyclic collection while a batch renders: the collector would walk the texts
    # parsed for its pages again and again (15 % of a worker's time); once after it
    with collector.paused():
        made = _made(_STATE[0].batches[int(index)], _STATE[0].stage)
        made.memo = text_memo.MEMO.taken()
        return task, made


def _made(outputs: Sequence[Output], stage: Stage) -> Staged:
    """Make site files and stage them."""
    files = {}
    for output in outputs:
        assert output.make is not None
        files[output.path] = stage(output.path, output.make())
    return Staged(files)


def site_workers(jobs: int, tasks: int) -> int:
    """How many workers make the site's files: ``jobs``, but no more than there are
    tasks (a worker with nothing to do costs a fork and its start)."""
    return max(1, min(jobs, tasks))


def batches(site: Sequence[Output]) -> tuple[list[list[Output]], list[Output]]:
    """The site files for the workers, in tasks, and those this process makes."""
    groups: dict[str, list[Output]] = {}
    here = []
    beside: dict[str, list[Output]] = {}  # page -> files made with it
    for output in site:
        if output.batch is None:
            here.append(output)
        elif output.beside is not None:
            beside.setdefault(output.beside, []).append(output)
        else:
            groups.setdefault(output.batch, []).append(output)
    if beside:  # each right after its page (one whose page is not made: at the end)
        pages = groups.get(PAGES, [])
        groups[PAGES] = [o for page in pages for o in (page, *beside.pop(page.path, ()))]
        groups[PAGES] += [o for rest in beside.values() for o in rest]
    # the files made from the whole archive (feed, sitemap, case register: one task each,
    # the longest ones) first, then the pages listing every issue (one task each), the
    # pages' batches after: those even out the workers' ends
    found = [group for name, group in groups.items() if not name.startswith(PAGES)]
    found += [group for name, group in groups.items() if name.startswith(f"{PAGES} ")]
    pages = groups.get(PAGES, [])
    found.extend(
        pages[start : start + PAGES_PER_TASK] for start in range(0, len(pages), PAGES_PER_TASK)
    )
    return found, here


@contextlib.contextmanager
def rendering(
    state: RenderState,
    tasks: list[Task],
    jobs: int,
    progress: bool,
    site: Sequence[Output] = (),
    stage: Stage = _not_staged,
) -> Iterator[Iterator[tuple[Task, Rendered | Staged]]]:
    """Render ``tasks``, and make the ``site`` files (outputs with ``make``) and ``stage`` them.

    Gives what yields each task with what it rendered; site files come as
    ``(SITE_TASK, …)`` with what ``stage`` said of each. The worker pools live as long
    as the ``with`` block: when it ends, however it ends (an error, Ctrl-C), the issue
    formats' workers and then the site's are ended and waited for.
    """
    state.batches, here = batches(site) if jobs > 1 else ([], list(site))
    state.stage = stage
    with contextlib.ExitStack() as stack:
        bar = _progress(len(tasks), progress)
        stack.callback(bar.close)
        if not pooled(tasks, jobs) and not state.batches:
            yield _serial(state, tasks, here, bar)
            return
        for prepare in dict.fromkeys(o.prepare for o in site if o.prepare is not None):
            prepare()
        detached = [t for t in tasks if _is_issue_task(t)]
        formats = list(dict.fromkeys(name for name, _slug in detached))
        if detached:  # its preload runs meanwhile; started before any pool has threads
            start_server(formats)
        # what prepare() made (templates, tokens) is shared with the workers too: their
        # collector leaves it alone (build() froze the archive and unfreezes it all after)
        gc.freeze()
        pages = None
        if state.batches:  # forked before the other pool starts its threads
            fork = multiprocessing.get_context("fork")
            # forked, not pickled: the state; a worker lives through the site's files
            workers = site_workers(jobs, len(state.batches))
            pages = stack.enter_context(running(lambda: Watched(fork, workers, _install, (state,))))
        rendered: Iterator[tuple[Task, Rendered]] = iter(())
        if detached:
            sent = stack.enter_context(parcels())  # removed after the pool ended
            pool = stack.enter_context(
                issue_pool(
                    state.context.root,
                    state.context.publication,
                    formats,
                    max(1, jobs),
                    RECYCLE_AFTER,
                )
            )
            rendered = _detached_results(pool, sent, state, detached)
        rest = [t for t in tasks if not _is_issue_task(t)]  # archive formats: made here
        yield _pooled(state, pages, rendered, here, rest, bar)


def _serial(
    state: RenderState, tasks: list[Task], here: list[Output], bar: Any
) -> Iterator[tuple[Task, Rendered | Staged]]:
    for output in here:
        yield (SITE_TASK, ""), _made([output], state.stage)
    yield from _counted((render_task(state, task) for task in tasks), bar)


def _pooled(
    state: RenderState,
    pages: Watched | None,
    rendered: Iterator[tuple[Task, Rendered]],
    here: list[Output],
    rest: list[Task],
    bar: Any,
) -> Iterator[tuple[Task, Rendered | Staged]]:
    made: Iterator[tuple[Task, Rendered | Staged]] = iter(())
    if pages is not None:
        ahead = [(SITE_TASK, str(index)) for index in range(len(state.batches))]
        made = pages.watched(pages.imap(_pooled_task, ahead, chunksize=1))
    for output in here:  # while the workers render
        yield (SITE_TASK, ""), _made([output], state.stage)
    yield from _counted((render_task(state, task) for task in rest), bar)
    for task, staged in made:
        assert isinstance(staged, Staged)
        text_memo.MEMO.add(staged.memo)  # what the worker made of texts, to keep
        yield task, staged
    if pages is not None:
        with deferred():  # done: its workers hold what this process held
            pages.terminate()
            pages.join()
    state.meanwhile()
    yield from _counted(rendered, bar)


def _counted(
    results: Iterator[tuple[Task, Rendered | Staged]], bar: Any
) -> Iterator[tuple[Task, Rendered | Staged]]:
    for task, result in results:
        yield task, result
        bar.update(1)


def _is_issue_task(task: Task) -> bool:
    return isinstance(_BY_NAME.get(task[0]), IssueFormat)


def _detached_results(
    pool: Watched, sent: Parcels, state: RenderState, tasks: list[Task]
) -> Iterator[tuple[Task, Rendered]]:
    """Issue format tasks rendered by workers that never held the archive (``issue_pool``)."""
    files: dict[str, dict[str, Path]] = {}
    for site_path, found in state.media().items():
        for issue_path in found.issues:
            files.setdefault(issue_path, {})[site_path.removeprefix("media/")] = found.path

    def payload(task: Task) -> str:  # made as the pool sends it, in a file (``pools``)
        name, slug = task
        view = state.by_slug[slug]
        issue: IssueTask = (name, detached(view), files.get(view.archive_issue.path, {}))
        return sent.packed(issue)

    results = pool.imap(render_detached, map(payload, tasks), chunksize=1)
    return zip(tasks, pool.watched(results), strict=True)


class _NoBar:
    """The progress bar when none is shown (tqdm not imported: before the fork)."""

    def update(self, count: int) -> None:
        pass

    def close(self) -> None:
        pass


def _progress(total: int, enabled: bool) -> Any:
    if not enabled or total < 2:
        return _NoBar()
    from tqdm import tqdm

    return tqdm(
        total=total,
        desc="生成 PDF/Word",
        unit="个",
        file=sys.stderr,
        leave=False,
    )
