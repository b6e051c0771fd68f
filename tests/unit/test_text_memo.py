"""The site's texts kept between builds: a text is rendered again when, and only when,
what it is made from changed; a damaged or foreign memo costs a render, never a page."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import REPO, copy_project
from ybbulletin.build.outputs import render_site
from ybbulletin.project import load_archive
from ybbulletin.render import feeds, html, search, text_memo
from ybbulletin.render.text_memo import MEMO_FILE, TextMemo

Site = dict[str, bytes]


@pytest.fixture
def made(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How many texts were made (rendered, summarised, made plain) since the test began."""
    counts = {"html": 0, "summary": 0, "search": 0}

    def counting(name: str, real: Callable[..., object]) -> Callable[..., object]:
        def counted(*args: object, **kwargs: object) -> object:
            counts[name] += 1
            return real(*args, **kwargs)

        return counted

    monkeypatch.setattr(html, "render_markdown", counting("html", html.render_markdown))
    monkeypatch.setattr(feeds, "_plain_summary", counting("summary", feeds._plain_summary))
    monkeypatch.setattr(search, "_article_text", counting("search", search._article_text))
    return counts


def _run(root: Path, path: Path | None, monkeypatch: pytest.MonkeyPatch) -> Site:
    """One build's site in a fresh process (a new memo, kept in ``path``), saved after."""
    memo = TextMemo()
    if path is not None:
        memo.keep_in(path, code="code")
    monkeypatch.setattr(text_memo, "MEMO", memo)
    archive = load_archive(root)
    site = render_site(archive)
    memo.save({a.path for a in archive.issues})
    return site


def test_a_second_run_makes_nothing_again_and_gives_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, made: dict[str, int]
) -> None:
    path = tmp_path / MEMO_FILE
    first = _run(REPO, path, monkeypatch)
    assert path.is_file()
    assert min(made.values()) > 0
    made.update(html=0, summary=0, search=0)
    assert _run(REPO, path, monkeypatch) == first
    assert made == {"html": 0, "summary": 0, "search": 0}


def test_an_edited_text_is_made_again_and_only_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, made: dict[str, int]
) -> None:
    root = copy_project(REPO, tmp_path / "demo")
    path = tmp_path / MEMO_FILE
    _run(root, path, monkeypatch)
    issue = root / "content/issues/2025/12.yaml"
    text = issue.read_text(encoding="utf-8")
    # the first paragraph of one article: its page, summary and search text change
    edited = text.replace("切实筑牢民生保障底线。", "切实筑牢民生保障底线。新增一句。", 1)
    assert edited != text
    issue.write_text(edited, encoding="utf-8")
    made.update(html=0, summary=0, search=0)
    site = _run(root, path, monkeypatch)
    assert made == {"html": 1, "summary": 1, "search": 1}
    assert site == _run(root, None, monkeypatch)  # as made without any memo
    assert any("新增一句" in data.decode() for name, data in site.items() if name.endswith(".html"))


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[:-9],  # cut short
        lambda data: data.replace(b"code", b"edoc", 1),  # of other code
        lambda data: b"",
        lambda data: b"ybbulletin site texts 1\n\xff\x00garbage",
    ],
)
def test_a_damaged_or_foreign_file_costs_a_render(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    made: dict[str, int],
    damage: Callable[[bytes], bytes],
) -> None:
    path = tmp_path / MEMO_FILE
    first = _run(REPO, path, monkeypatch)
    counts = dict(made)
    path.write_bytes(damage(path.read_bytes()))
    made.update(html=0, summary=0, search=0)
    assert _run(REPO, path, monkeypatch) == first
    assert made == counts


def test_a_kept_result_is_used_only_for_the_same_inputs(tmp_path: Path) -> None:
    memo = TextMemo()
    memo.keep_in(tmp_path / MEMO_FILE, code="code")
    assert memo.remembered("a.yaml\0x", ["one", "two"], lambda: "1") == "1"
    assert memo.remembered("a.yaml\0x", ["one", "two"], lambda: "2") == "1"
    # the same text joined otherwise is other inputs
    assert memo.remembered("a.yaml\0x", ["one\03\x00two"], lambda: "3") == "3"
    assert memo.remembered("a.yaml\0x", ["one", "two"], lambda: "4") == "4"


def test_slots_of_files_no_longer_in_the_archive_are_dropped(tmp_path: Path) -> None:
    path = tmp_path / MEMO_FILE
    memo = TextMemo()
    memo.keep_in(path, code="code")
    memo.remembered("a.yaml\0x", ["1"], lambda: "a")
    memo.remembered("b.yaml\0x", ["1"], lambda: "b")
    memo.save({"a.yaml"})
    again = TextMemo()
    again.keep_in(path, code="code")
    assert again.remembered("a.yaml\0x", ["1"], lambda: "new") == "a"
    assert again.remembered("b.yaml\0x", ["1"], lambda: "new") == "new"


def test_results_a_worker_made_are_saved_by_the_build(tmp_path: Path) -> None:
    path = tmp_path / MEMO_FILE
    worker = TextMemo()
    worker.keep_in(path, code="code")
    worker.remembered("a.yaml\0x", ["1"], lambda: "a")
    main = TextMemo()
    main.keep_in(path, code="code")
    main.add(worker.taken())
    assert worker.taken() == {}
    main.save({"a.yaml"})
    again = TextMemo()
    again.keep_in(path, code="code")
    assert again.remembered("a.yaml\0x", ["1"], lambda: "new") == "a"


def test_without_a_file_nothing_is_kept() -> None:
    memo = TextMemo()
    assert memo.remembered("a.yaml\0x", ["1"], lambda: "a") == "a"
    assert memo.remembered("a.yaml\0x", ["1"], lambda: "b") == "b"
