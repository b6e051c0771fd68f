"""An edit's few new texts are segmented by a worker started before the plan, a first
build's texts by a server of workers started before the archive is loaded
(build/segment_ahead.py): the same terms, the same files as a build in one process, and
neither where nothing is to be segmented."""

from __future__ import annotations

import contextlib
import importlib
import os
import signal
import sys
from pathlib import Path

import pytest

from tests.conftest import BOOKKEEPING, edit
from tests.processes import processes
from ybbulletin.build import build
from ybbulletin.build.segment_ahead import MOST, Ahead, Server, segmenting_ahead, serving, wanted
from ybbulletin.errors import WorkerLost
from ybbulletin.render.search_terms import segment_texts

pytestmark = pytest.mark.slow  # forks a worker that fills jieba's router; builds the demo

segment_ahead = importlib.import_module("ybbulletin.build.segment_ahead")

FORMATS = ("html",)
ISSUE = "content/issues/2025/12.yaml"
TEXTS = [
    ("医保基金监管", "", "打击欺诈骗保，维护医保基金安全。"),
    ("标题", "附件", "异地就医直接结算。"),
]


def test_the_worker_gives_the_terms_segment_all_would_and_ends_with_the_block() -> None:
    with segmenting_ahead(True) as ahead:
        assert ahead is not None
        assert ahead(TEXTS) == [segment_texts(texts) for texts in TEXTS]
        assert ahead(TEXTS * MOST) is None  # too many for one worker: segment_all's pool
        workers = list(ahead.pool._pool)  # type: ignore[attr-defined]
    assert workers
    assert not [w for w in workers if w.is_alive()]


def test_only_an_edit_of_a_cached_archive_with_workers_and_a_site_starts_one() -> None:
    assert wanted(hits=499, misses=1, jobs=2, site=True)
    assert not wanted(hits=500, misses=0, jobs=2, site=True)  # nothing new (--force)
    assert not wanted(hits=0, misses=1, jobs=2, site=True)  # a first build
    assert not wanted(hits=499, misses=1, jobs=1, site=True)  # one process (the preview)
    assert not wanted(hits=499, misses=1, jobs=2, site=False)  # no search index


def files(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.name not in BOOKKEEPING
    }


def test_an_edit_segments_its_new_text_in_the_early_worker(
    demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = demo / "build"
    build(demo, out, formats=FORMATS, jobs=2, drafts=True)
    asked: list[int] = []
    call = Ahead.__call__

    def counted(self: Ahead, texts: list[tuple[str, str, str]]) -> list[str] | None:
        asked.append(len(texts))
        return call(self, texts)

    monkeypatch.setattr(segment_ahead.Ahead, "__call__", counted)
    build(demo, out, formats=FORMATS, jobs=2, drafts=True, force=True)
    assert asked == []  # nothing new: no worker asked (none started)
    # a text no other test makes: the terms memo lives on in the process between builds
    edit(demo, ISSUE, "从源头消除因病致贫风险。", "从源头消除因病致贫风险，分词先行。")
    build(demo, out, formats=FORMATS, jobs=2, drafts=True)
    assert asked == [1]  # the edited article's text
    fresh = tmp_path / "fresh"
    build(demo, fresh, formats=FORMATS, jobs=2, drafts=True)
    assert files(out) == files(fresh)


def test_the_server_gives_the_terms_segment_texts_would_and_ends_with_the_block() -> None:
    texts = [(title, extra, f"{text}第{n}段。") for n in range(40) for title, extra, text in TEXTS]
    with serving(True, 2) as server:
        assert server is not None
        for _ in range(2):  # (a server takes any number of lists, each in its own pool)
            with server(texts) as parts:
                got = [terms for part in parts for terms in part]
                assert got == list(map(segment_texts, texts))
        process = server.process
    assert not process.is_alive()
    with serving(False, 2) as server:
        assert server is None


@pytest.mark.timeout(120)
@pytest.mark.parametrize("victim", ["server", "worker"])
def test_a_killed_server_or_worker_is_a_lost_worker_not_a_wait(victim: str) -> None:
    """The server killed (out of memory: it holds jieba's router), or one of its workers:
    WorkerLost, not a build waiting for ever for terms."""
    texts = [
        (title, extra, f"{text}第{n}段。" * 200) for n in range(400) for title, extra, text in TEXTS
    ]
    with serving(True, 2) as server:
        assert server is not None
        if victim == "server":
            os.kill(server.process.pid, signal.SIGKILL)  # type: ignore[arg-type]
        with pytest.raises(WorkerLost) as lost:
            segmented(server, texts, kill_workers=victim == "worker")
        assert lost.value.exitcode == -signal.SIGKILL


def segmented(server: Server, texts: list[tuple[str, str, str]], kill_workers: bool) -> None:
    """The server's parts for ``texts``; its workers killed after the first if asked."""
    with server(texts) as parts:
        for _ in parts:
            if kill_workers:
                for pid, (ppid, _sid, _cmd) in processes().items():
                    if ppid == server.process.pid:
                        # (gone since listed: the server ends its other workers as soon as
                        # it learns of the first one's death)
                        with contextlib.suppress(ProcessLookupError):
                            os.kill(pid, signal.SIGKILL)


def test_texts_sent_to_the_server_keep_no_utf8_copy() -> None:
    # pickling a str caches its UTF-8 form on the str (CPython) as long as it lives: the
    # build keeps every text it sends (the search index), so they go as bytes
    texts = [("标题" * 50, "", "医保基金监管" * n) for n in range(100, 110)]
    sizes = [sys.getsizeof(part) for text in texts for part in text]
    with serving(True, 2) as server:
        assert server is not None
        with server(texts) as parts:
            got = [terms for part in parts for terms in part]
    assert got == list(map(segment_texts, texts))
    assert [sys.getsizeof(part) for text in texts for part in text] == sizes


def test_a_first_build_segments_in_the_server_and_makes_the_files_of_one_process(
    demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[int] = []
    call = Server.__call__

    def counted(self: Server, texts: list[tuple[str, str, str]]) -> object:
        asked.append(len(texts))
        return call(self, texts)

    monkeypatch.setattr(segment_ahead.Server, "__call__", counted)
    # a text no other test makes: the terms memo lives on in the process between builds
    edit(demo, ISSUE, "从源头消除因病致贫风险。", "从源头消除因病致贫风险，服务先行。")
    out = demo / "build"
    build(demo, out, formats=FORMATS, jobs=2, drafts=True)
    assert len(asked) == 1  # once: the articles not segmented in this process yet
    assert asked[0] >= 1  # (the edited one at least)
    build(demo, out, formats=FORMATS, jobs=2, drafts=True, force=True)
    assert len(asked) == 1  # not a first build: no server
    alone = tmp_path / "alone"
    build(demo, alone, formats=FORMATS, jobs=1, drafts=True)
    assert len(asked) == 1  # one process: no server
    assert files(out) == files(alone)
