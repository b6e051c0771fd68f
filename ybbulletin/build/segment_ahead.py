"""Segmenting started early: in an edit one worker, in a first build a server of workers.

An edit of one issue of a 500-issue archive segments the few articles whose texts
changed (``TermMemo.segment_all``) in a worker forked when the plan reaches the search
index. That worker first fills jieba's router (jieba and jieba-rs imported, jieba's
dictionary given to it: ~0.35 s of CPU, ~1.2 s when it was given line by line, see
``segment._router``) while the main process, its own second of planning done, waits. Started as
soon as the build knows it will plan, the worker below fills it while the main process
plans; ``segment_all`` hands it the texts (a few: pickled to it), and it ends with the
plan. The terms are the same: it runs the same function on the same texts.

Only where it pays: the archive cache gave most issues and missed some (an issue file
changed, so some articles may need segmenting). A build with no issue file changed
(``--force`` after a build, the site's benchmark) starts none, nor one that loads most
issues afresh (a first build: it segments everything in its own pool), nor a build in
one process (the preview's).

A first build (no archive cache: every issue loaded afresh) segments every article
in workers of its own. Forked from the main process when the plan reaches the search
index, each filled jieba's router again (~0.35 s of CPU, ~1.2 s before, imports included)
and held a copy of the whole archive it never reads. The server below is forked
before the archive is loaded, fills the router once while the issue files load, and
forks the segmenting workers from itself: they inherit the router, and only what the
server holds. The texts are pickled to it; their terms come back in parts as the
workers make them (``TermMemo.server``): the same function on the same texts.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.connection
import multiprocessing.process
import os
import signal
from collections.abc import Iterator, Sequence
from types import FrameType
from typing import cast

from ybbulletin.errors import WorkerLost
from ybbulletin.interrupt import deferred, worker_signals
from ybbulletin.pools import Span, Watched, forked, running
from ybbulletin.render import segment
from ybbulletin.render.search_terms import CHUNK, Texts, segment_texts

__all__ = ["MOST", "Ahead", "Server", "segmenting_ahead", "serving", "wanted"]

#: At most this many texts go to the early worker; more are segment_all's own pool's
#: (every worker; each fills its own router, which more texts pay for).
MOST = 64


def wanted(hits: int, misses: int, jobs: int, site: bool) -> bool:
    """Whether a build starts the early worker: some issue files changed in an archive
    mostly loaded from its cache, in a build with workers that makes the site."""
    return site and jobs > 1 and 0 < misses <= hits


class Ahead:
    """The early worker: the packed terms of a few articles' texts."""

    def __init__(self, pool: Watched) -> None:
        self.pool = pool

    def __call__(self, texts: Sequence[Texts]) -> list[str] | None:
        """Each text's packed terms, in order; None if there are too many for one worker."""
        if len(texts) > MOST:
            return None
        return list(self.pool.watched(self.pool.imap(segment_texts, texts, chunksize=1)))


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
    with running(lambda: Watched(fork, 1, worker_signals)) as pool:
        pool.apply_async(_fill)
        yield Ahead(pool)


class Server:
    """The first build's segmenting server: each text's packed terms, in parts as they come."""

    def __init__(
        self,
        connection: multiprocessing.connection.Connection,
        process: multiprocessing.process.BaseProcess,
    ) -> None:
        self.connection = connection
        self.process = process

    def close(self) -> None:
        """End the server (and its workers, if at work); again: nothing."""
        with deferred():
            self.connection.close()  # an idle server reads the end of its texts and ends
            self.process.terminate()  # (one at work ends its workers first: see _serve)
            self.process.join()

    @contextlib.contextmanager
    def __call__(self, texts: Sequence[Texts]) -> Iterator[Iterator[list[str]]]:
        # sent as UTF-8 bytes: pickling a str leaves a UTF-8 copy of it cached on the str
        # (CPython), as long as the text lives, and the search index keeps them all (14 MB
        # of a cold 500-issue build's main process); encoding leaves none
        try:
            self.connection.send([tuple(map(_encoded, text)) for text in texts])
        except (BrokenPipeError, ConnectionResetError):
            raise self._lost() from None
        yield self._parts()

    def _lost(self) -> WorkerLost:
        """The server died (killed; or its error is on its standard error)."""
        self.process.join()
        return WorkerLost(self.process.exitcode or 1)

    def _parts(self) -> Iterator[list[str]]:
        while True:
            try:
                part = self.connection.recv()
            except EOFError:  # (its workers end as their task pipe does)
                raise self._lost() from None
            if part is None:
                return
            if isinstance(part, WorkerLost):  # one of its workers died
                raise part
            yield part


@contextlib.contextmanager
def serving(start: bool, jobs: int) -> Iterator[Server | None]:
    """The segmenting server while the block runs (None unless ``start``), with ``jobs``
    workers; ended after it, however it ends."""
    if not start:
        yield None
        return
    fork = multiprocessing.get_context("fork")
    ours, theirs = fork.Pipe()
    server = None
    try:
        with deferred():
            process = fork.Process(target=_serve, args=(theirs, jobs), name="ybbulletin-segment")
            try:
                process.start()
            finally:
                theirs.close()  # (the server's end: here, a dead server's pipe would not end)
            server = Server(ours, process)
        yield server
    finally:
        if server is not None:
            server.close()
        ours.close()


def _serve(connection: multiprocessing.connection.Connection, jobs: int) -> None:
    """In the server: the router filled, then each list of texts segmented by ``jobs``
    workers forked from here, their parts sent on as they come, then None."""
    worker_signals()
    server = os.getpid()

    def ended(signum: int, frame: FrameType | None) -> None:
        if os.getpid() == server:  # (a worker before its initializer: as worker_signals)
            raise SystemExit(0)  # its pool's workers ended as the block below unwinds
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)

    signal.signal(signal.SIGTERM, ended)
    _fill()
    while True:
        try:
            sent: list[tuple[bytes, ...]] | None = connection.recv()
        except EOFError:
            return
        if sent is None:
            return
        texts = [cast(Texts, tuple(map(_decoded, text))) for text in sent]

        def work(span: Span, texts: list[Texts] = texts) -> list[str]:
            return [segment_texts(texts[i]) for i in range(*span)]

        try:
            with forked(work, len(texts), jobs, chunk=CHUNK, start=worker_signals) as parts:
                for part in parts:
                    connection.send(part)
        except WorkerLost as lost:
            connection.send(lost)
            return
        connection.send(None)


def _encoded(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")  # (as pickle writes a str)


def _decoded(data: bytes) -> str:
    return data.decode("utf-8", "surrogatepass")
