"""Stages 2, 3 and 5 of many issue files on every core, with the results of one process.

A cold ``check`` or build loads, validates, parses and proofreads every issue file:
seconds of work per 500 issues, each file on its own (``project._run_stages``). When
the archive cache misses enough files, :func:`run_stages` gives them to ``jobs``
forked worker processes. A worker sends each file's :class:`FileResult` back as
plain data (:mod:`marshal`: what the archive cache keeps of it, plus the parsed
tokens), and the main process makes of it what a cache hit makes (``Located.kept``,
the issue validated again from the same data) with the tokens rebuilt field by
field, so everything after loading sees the same located data, the same issue, the
same tokens and the same diagnostics in the same order as if this process had run
the stages itself (``tests/unit/test_stage_pool.py`` compares them on every case,
corpus and demo file).

Pickling the results instead would cost more than the stages themselves (pydantic
models and markdown-it tokens are slow to pickle); marshal is ~20 times cheaper.
"""

from __future__ import annotations

import gc
import marshal
import pickle
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from markdown_it.token import Token

from ybbulletin import collector
from ybbulletin.interrupt import worker_signals
from ybbulletin.loaded import FileResult, plain_result, result_of_plain
from ybbulletin.pools import Span, forked

__all__ = ["MIN_POOLED", "pack", "run_stages", "unpack"]

#: Fewer cache misses than this per worker are loaded in the main process: starting
#: the workers would cost more than the stages (~10 ms a file).
MIN_POOLED = 8
_CHUNK = 8  # files a task, at most

#: One file to load: (its bytes, whatever else ``stages`` takes after them).
Todo = tuple[bytes, Any, Path]
Stages = Callable[[bytes, Any, Path], FileResult]


def run_stages(todo: Sequence[Todo], stages: Stages, jobs: int) -> list[FileResult]:
    """``stages(*item)`` for every item, in order: in ``jobs`` forked workers when there
    are enough items, else in this process."""
    workers = min(jobs, len(todo) // MIN_POOLED)
    if workers < 2:
        return [stages(*item) for item in todo]
    results: list[FileResult] = []

    def work(span: Span) -> bytes:  # in a worker, which inherits ``todo`` and ``stages``
        return _packed([stages(*todo[i]) for i in range(*span)])

    # every object made here is kept: nothing for the collector to find
    with (
        collector.paused(),
        forked(work, len(todo), workers, chunk=_CHUNK, start=_worker_start) as parts,
    ):
        for part in parts:  # made while the workers go on
            items = marshal.loads(part[1:]) if part[:1] == b"M" else pickle.loads(part[1:])
            results.extend(unpack(item, todo[len(results)][0]) for item in items)
    return results


def _worker_start() -> None:
    """A worker's signals as every pool's; no cyclic garbage collection (it would walk
    the objects inherited from the main process, copying their pages)."""
    worker_signals()
    gc.disable()  # (the stages make no cyclic garbage to speak of: a worker ends soon)


def _packed(results: list[FileResult]) -> bytes:
    """In a worker: these results packed (marshal, or pickle if a token holds what
    marshal cannot write)."""
    items = [pack(result) for result in results]
    try:
        return b"M" + marshal.dumps(items)
    except ValueError:  # a plugin's object in some token's meta
        return b"P" + pickle.dumps(items, protocol=pickle.HIGHEST_PROTOCOL)


def pack(result: FileResult) -> tuple[Any, ...]:
    """A file's result as plain data (``unpack`` makes it again)."""
    tokens = {keypath: _pack_tokens(parsed) for keypath, parsed in result.tokens.items()}
    return (*plain_result(result), tokens)


def unpack(item: tuple[Any, ...], raw: bytes) -> FileResult:
    """The result ``pack`` gave, for the file of bytes ``raw`` (its lines are made of them
    when first read, as for a result from the archive cache)."""
    data, validated, diagnostics, images, tokens = item
    unpacked = {keypath: _unpack_tokens(parsed) for keypath, parsed in tokens.items()}
    return result_of_plain(raw, data, validated, diagnostics, images, unpacked)


def _pack_tokens(tokens: list[Token]) -> list[tuple[Any, ...]]:
    # empty attrs and meta (most tokens') as None: marshal makes no dict for them in the
    # main process (~20 % of unpacking the tokens); Token makes attrs {} of None itself
    return [
        (
            t.type,
            t.tag,
            t.nesting,
            t.attrs or None,
            t.map,
            t.level,
            None if t.children is None else _pack_tokens(t.children),
            t.content,
            t.markup,
            t.info,
            t.meta or None,
            t.block,
            t.hidden,
        )
        for t in tokens
    ]


def _unpack_tokens(packed: list[tuple[Any, ...]]) -> list[Token]:
    return [
        Token(
            kind,
            tag,
            nesting,
            attrs,
            where,
            level,
            None if children is None else _unpack_tokens(children),
            content,
            markup,
            info,
            {} if meta is None else meta,
            block,
            hidden,
        )
        for (
            kind,
            tag,
            nesting,
            attrs,
            where,
            level,
            children,
            content,
            markup,
            info,
            meta,
            block,
            hidden,
        ) in packed
    ]
