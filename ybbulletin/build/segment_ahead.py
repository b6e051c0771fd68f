"""One segmenting worker started early in an edit: jieba's router filled while the plan runs.

An edit of one issue of a 500-issue archive segments the few articles whose texts
changed (``TermMemo.segment_all``) in a worker forked when the plan reaches the search
index. That worker first fills jieba's router (jieba-rs from dict.txt, the HMM: ~0.9 s
of CPU) while the main process, its own second of planning done, waits. Started as
soon as the build knows it will plan, the worker below fills it while the main process
plans; ``segment_all`` hands it the texts (a few: pickled to it), and it ends with the
plan. The terms are the same: it runs the same function on the same texts.

Only where it pays: the archive cache gave most issues and missed some (an issue file
changed, so some articles may need segmenting). A build with no issue file changed
(``--force`` after a build, the site's benchmark) starts none, nor one that loads most
issues afresh (a first build: it segments everything in its own pool), nor a build in
one process (the preview's).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.pool
from collections.abc import Iterator, Sequence

from ybbulletin.interrupt import worker_signals
from ybbulletin.pools import running
from ybbulletin.render import segment
from ybbulletin.render.search_terms import Texts, segment_texts

__all__ = ["MOST", "Ahead", "segmenting_ahead", "wanted"]

#: At most this many texts go to the early worker; more are segment_all's own pool's
#: (every worker; each fills its own router, which more texts pay for).
MOST = 64


def wanted(hits: int, misses: int, jobs: int, site: bool) -> bool:
    """Whether a build starts the early worker: some issue files changed in an archive
    mostly loaded from its cache, in a build with workers that makes the site."""
    return site and jobs > 1 and 0 < misses <= hits


class Ahead:
    """The early worker: the packed terms of a few articles' texts."""

    def __init__(self, pool: multiprocessing.pool.Pool) -> None:
        self.pool = pool

    def __call__(self, texts: Sequence[Texts]) -> list[str] | None:
        """Each text's packed terms, in order; None if there are too many for one worker."""
        if len(texts) > MOST:
            return None
        return self.pool.map(segment_texts, texts, chunksize=1)


def _fill() -> None:
    """In the worker: jieba's router filled, as the first segmentation would."""
    list(segment.index_terms("医疗保障"))


@contextlib.contextmanager
def segmenting_ahead(start: bool) -> Iterator[Ahead | None]:
    """The early worker while the block runs (None unless ``start``), ended after it."""
    if not start:
        yield None
        return
    fork = multiprocessing.get_context("fork")
    with running(lambda: fork.Pool(1, worker_signals)) as pool:
        pool.apply_async(_fill)
        yield Ahead(pool)
