"""The search index's terms kept in a file between runs: a later run segments only what changed."""

from __future__ import annotations

import dataclasses
import io
import marshal
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO
from ybbulletin.plan import build_views
from ybbulletin.project import load_archive
from ybbulletin.render import search, segment
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

    monkeypatch.setattr(segment, "index_terms", counted)
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


def test_the_head_alone_is_read_until_more_is_needed(
    tmp_path: Path, docs: list[SearchDoc], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build whose index is as kept reads the file's head, not its terms (most of it);
    they are read when asked for, from the file whose head was read."""
    path = tmp_path / search.TERMS_FILE
    first = _run(path, docs)
    memo = TermMemo()
    memo.keep_in(path)
    before = _bytes_read()
    memo.load_head()
    assert _bytes_read() - before < path.stat().st_size // 2
    calls = _counting(monkeypatch)
    assert postings(docs, memo) == first
    assert calls == []  # every article's terms read back


def _bytes_read() -> int:
    """What this process has read with system calls so far (Linux's ``rchar``)."""
    for line in Path("/proc/self/io").read_text(encoding="ascii").splitlines():
        if line.startswith("rchar:"):
            return int(line.split()[1])
    raise AssertionError("no rchar in /proc/self/io")


def test_a_file_replaced_after_its_head_was_read_is_not_mixed_in(
    tmp_path: Path, docs: list[SearchDoc]
) -> None:
    path = tmp_path / search.TERMS_FILE
    first = _run(path, docs)
    memo = TermMemo()
    memo.keep_in(path)
    memo.load_head()
    # another run replaces the file meanwhile: a head of the same size (as many articles,
    # one of them edited), so its terms and postings start where the first file's did
    edited = [dataclasses.replace(docs[0], title=docs[0].title + "（修订）"), *docs[1:]]
    _run(path, edited)
    memo.load()
    assert memo.entries == {}  # nothing read from the other file
    assert postings(docs, memo) == first


@pytest.mark.slow  # whole site builds of the demo, two or three of them
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


@pytest.mark.slow  # whole site builds of the demo, two or three of them
def test_every_folder_built_gets_its_terms_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One process building into a second folder (tests, a build beside the preview): the
    index it already holds must not keep that folder's file from being written."""
    from ybbulletin.build import build

    monkeypatch.setattr(search, "MEMO", TermMemo())
    for name in ("one", "two", "one"):
        build(REPO, tmp_path / name, formats=("html",), jobs=1)
        assert (tmp_path / name / search.TERMS_FILE).is_file(), name
    assert _site_search(tmp_path / "one") == _site_search(tmp_path / "two")


def _site_search(out: Path) -> dict[str, bytes]:
    folder = out / "site/search"
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*.js")}


@pytest.mark.slow  # whole site builds of the demo, two or three of them
def test_an_edit_makes_again_only_what_it_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.conftest import copy_project
    from ybbulletin.build import build
    from ybbulletin.cache import Manifest

    root = copy_project(REPO, tmp_path / "demo")
    out = tmp_path / "build"
    monkeypatch.setattr(search, "MEMO", TermMemo())
    # drafts: an edit takes the issue's sign-off away, and with it its place on the site
    build(root, out, formats=("html",), jobs=1, drafts=True)
    before = Manifest.load(out).entries
    issue = root / "content/issues/2025/12.yaml"
    text = issue.read_text(encoding="utf-8")
    issue.write_text(text.replace("今年以来，石嘴山市医保局", "今年以来，石嘴山市医保局积极", 1))
    monkeypatch.setattr(search, "MEMO", TermMemo())  # a fresh process
    calls = _counting(monkeypatch)
    build(root, out, formats=("html",), jobs=1, drafts=True)
    after = Manifest.load(out).entries
    changed = {p for p in after if p.startswith("site/search/") and after[p] != before.get(p)}
    assert changed == {
        "site/search/index.js",
        "site/search/shards/0.js",  # the demo's 14 articles fit one shard
        "site/search/text/2025/12/01.js",
    }
    assert len(calls) == 3  # title, extra fields and text of the one article edited
    fresh = tmp_path / "fresh"
    monkeypatch.setattr(search, "MEMO", TermMemo())
    build(root, fresh, formats=("html",), jobs=1, drafts=True)
    assert _site_search(out) == _site_search(fresh)


@pytest.mark.slow  # whole site builds of the demo, two or three of them
def test_other_code_reads_the_texts_again_but_keeps_their_terms(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ybbulletin.build import build

    out = tmp_path / "build"
    monkeypatch.setattr(search, "MEMO", TermMemo())
    build(REPO, out, formats=("html",), jobs=1)
    first = _site_search(out)
    path = out / search.TERMS_FILE
    stream = io.BytesIO(path.read_bytes())
    header = stream.readline()
    parts = [marshal.load(stream) for _ in range(5)]  # code, index, sources, terms, postings
    parts[0] = "other code"
    path.write_bytes(header + b"".join(marshal.dumps(part, 2) for part in parts))
    monkeypatch.setattr(search, "MEMO", TermMemo())
    (out / ".ybbulletin-manifest").unlink()
    calls = _counting(monkeypatch)
    build(REPO, out, formats=("html",), jobs=1)
    assert calls == []  # the texts' hashes found their terms
    assert _site_search(out) == first
