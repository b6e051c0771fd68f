"""The terms file written while the last renders run (``TermMemo.save_early``): the file
itself changes only when the build saves, to what a save alone would write; a build that
fails or is stopped in between leaves it as it was."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from tests.conftest import REPO
from ybbulletin.plan import build_views
from ybbulletin.project import load_archive
from ybbulletin.render import search
from ybbulletin.render.search import SearchDoc, TermMemo, postings, search_docs
from ybbulletin.render.search_terms import text_key


@pytest.fixture(scope="module")
def docs() -> list[SearchDoc]:
    return search_docs(build_views(load_archive(REPO)))[1]


def _memo(path: Path, docs: list[SearchDoc]) -> TermMemo:
    """A run's memo that has learnt ``docs`` (in a fresh process: a new memo)."""
    memo = TermMemo()
    memo.keep_in(path)
    postings(docs, memo)
    return memo


def _temporaries(path: Path) -> list[Path]:
    return sorted(p for p in path.parent.iterdir() if p != path)


@pytest.fixture
def files(tmp_path: Path, docs: list[SearchDoc]) -> tuple[Path, bytes, Path]:
    """The terms file of a first run, and (beside) what a plain save of a second writes."""
    path = tmp_path / "a" / search.TERMS_FILE
    _memo(path, docs).save()
    edited = [dataclasses.replace(docs[0], title=docs[0].title + "（修订）"), *docs[1:]]
    plain = tmp_path / "b" / search.TERMS_FILE
    plain.parent.mkdir()
    plain.write_bytes(path.read_bytes())
    _memo(plain, edited).save()
    return path, path.read_bytes(), plain


def test_saved_early_then_saved_is_a_plain_save(
    files: tuple[Path, bytes, Path], docs: list[SearchDoc]
) -> None:
    path, first, plain = files
    memo = _memo(path, [dataclasses.replace(docs[0], title=docs[0].title + "（修订）"), *docs[1:]])
    memo.save_early()
    assert path.read_bytes() == first  # written beside it only
    assert len(_temporaries(path)) == 1
    memo.save()
    assert path.read_bytes() == plain.read_bytes() != first
    assert _temporaries(path) == []


def test_what_the_memo_learns_after_the_early_save_is_saved(
    files: tuple[Path, bytes, Path], docs: list[SearchDoc]
) -> None:
    path, _first, _plain = files
    memo = _memo(path, docs)
    memo.save_early()
    postings([dataclasses.replace(docs[0], title=docs[0].title + "（修订）"), *docs], memo)
    memo.save()  # not the early file: it lacks the new title's terms
    assert _temporaries(path) == []
    again = TermMemo()
    again.keep_in(path)
    again.load()
    edited = dataclasses.replace(docs[0], title=docs[0].title + "（修订）")
    assert again.terms(text_key((edited.title, edited.extra, edited.text))) is not None


def test_a_build_that_ends_badly_leaves_the_file_as_it_was(
    files: tuple[Path, bytes, Path], docs: list[SearchDoc]
) -> None:
    path, first, _plain = files
    memo = _memo(path, [dataclasses.replace(docs[0], title=docs[0].title + "（修订）"), *docs[1:]])
    memo.save_early()
    memo.discard()
    assert path.read_bytes() == first
    assert _temporaries(path) == []
