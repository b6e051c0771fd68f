"""An edit's few new texts are segmented by a worker started before the plan
(build/segment_ahead.py): the same terms, the same files as a build from nothing, and
no such worker where nothing is to be segmented or a first build segments everything."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from tests.conftest import BOOKKEEPING, edit
from ybbulletin.build import build
from ybbulletin.build.segment_ahead import MOST, Ahead, segmenting_ahead, wanted
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
