"""The search index's terms kept in a file between runs: a later run segments only what changed."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO
from ybbulletin.plan import build_views
from ybbulletin.project import load_archive
from ybbulletin.render import search
from ybbulletin.render.search import SearchDoc, TermMemo, postings, search_docs
from ybbulletin.render.segment import index_terms


@pytest.fixture(scope="module")
def docs() -> list[SearchDoc]:
    archive = load_archive(REPO)
    return search_docs(build_views(archive))[1]


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    real = index_terms

    def counted(text: str) -> Iterator[str]:
        calls.append(text)
        return real(text)

    monkeypatch.setattr(search, "index_terms", counted)
    return calls


def _run(path: Path, docs: list[SearchDoc], read: bool = True) -> dict[str, list[int]]:
    """One build's use of the memo, in a fresh process (a new memo)."""
    memo = TermMemo()
    memo.keep_in(path, read=read)
    found = postings(docs, memo)
    memo.save()
    return found


def test_a_second_run_segments_nothing(
    tmp_path: Path, docs: list[SearchDoc], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "build" / search.TERMS_FILE
    first = _run(path, docs)
    assert path.is_file()
    calls = _counting(monkeypatch)
    assert _run(path, docs) == first  # the same index, read back
    assert calls == []
    edited = [dataclasses.replace(docs[0], title=docs[0].title + "（修订）"), *docs[1:]]
    _run(path, edited)
    assert calls == [docs[0].text, docs[0].title + "（修订）", docs[0].extra]


def test_only_the_last_runs_articles_are_kept(tmp_path: Path, docs: list[SearchDoc]) -> None:
    path = tmp_path / search.TERMS_FILE
    _run(path, docs)
    whole = path.stat().st_size
    _run(path, docs[:1])
    assert path.stat().st_size < whole


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[:-7],  # cut short
        lambda data: b"ybbulletin search terms 1 other code\n" + data.split(b"\n", 1)[1],
        lambda data: b"",
    ],
)
def test_a_damaged_or_foreign_file_is_segmented_again(
    tmp_path: Path, docs: list[SearchDoc], monkeypatch: pytest.MonkeyPatch, damage: object
) -> None:
    path = tmp_path / search.TERMS_FILE
    first = _run(path, docs)
    path.write_bytes(damage(path.read_bytes()))  # type: ignore[operator]
    calls = _counting(monkeypatch)
    assert _run(path, docs) == first
    assert len(calls) == 3 * len(docs)


def test_force_does_not_read_the_file(
    tmp_path: Path, docs: list[SearchDoc], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / search.TERMS_FILE
    _run(path, docs)
    calls = _counting(monkeypatch)
    _run(path, docs, read=False)
    assert len(calls) == 3 * len(docs)


def test_a_build_keeps_the_terms_beside_its_outputs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ybbulletin.build import build

    out = tmp_path / "build"
    monkeypatch.setattr(search, "MEMO", TermMemo())  # a fresh process
    build(REPO, out, formats=("html",), jobs=1)
    assert (out / search.TERMS_FILE).is_file()
    first = (out / "site/search/shards/0.js").read_bytes()
    monkeypatch.setattr(search, "MEMO", TermMemo())  # and another
    calls = _counting(monkeypatch)
    build(REPO, out, formats=("html",), jobs=1, force=False)
    (out / "site/search/shards/0.js").unlink()  # the index is made again, from the file
    build(REPO, out, formats=("html",), jobs=1)
    assert calls == []
    assert (out / "site/search/shards/0.js").read_bytes() == first
