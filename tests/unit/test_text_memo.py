"""The site's texts kept between builds: a text is rendered again when, and only when,
what it is made from changed; a damaged or foreign memo costs a render, never a page."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from tests.conftest import REPO, copy_project
from ybbulletin.build.outputs import render_site
from ybbulletin.project import load_archive
from ybbulletin.render import feeds, html, search, text_memo
from ybbulletin.render.text_memo import MEMO_FILE, TextMemo
from ybbulletin.render.walk import Place
from ybbulletin.views import SourceTexts

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


@pytest.mark.slow  # over 0.3 s: the full suite runs it, not the edit loop
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


def _article(source: str, content_dir: str, file: str = "content/issues/2025/12.yaml") -> Any:
    """What the body functions read of an article: its issue's folders, path, texts."""
    issue = SimpleNamespace(content_dir=content_dir, archive_issue=SimpleNamespace(path=file))
    return SimpleNamespace(
        issue=issue, index=1, path="2025/12/01.html", texts=SourceTexts({"body": source})
    )


BODY = "# 标题\n\n正文“引号”说明[链接](../2024/01.yaml)，![图](img/a.png)。\n"


@pytest.mark.parametrize(
    "change",
    [
        {"source": BODY.replace("正文", "改过的正文")},
        {"content_dir": "issues/2024"},
        {"place": Place("", "../media/")},
        {"place": Place("", "../../media/", "https://example.gov.cn/")},
        {"place": Place("", "../../media/", "")},
        {"quote_breaks": True},
        {"offset": 2},
    ],
)
def test_every_input_of_a_body_makes_it_again(tmp_path: Path, change: dict[str, Any]) -> None:
    """The HTML kept for a text is used only for the same text, folder, place and options:
    changing any one gives what rendering it without the memo gives."""
    base: dict[str, Any] = {
        "source": BODY,
        "content_dir": "issues/2025",
        "place": Place("", "../../media/"),
        "quote_breaks": False,
        "offset": 1,
    }
    memo = TextMemo()
    memo.keep_in(tmp_path / MEMO_FILE, code="code")

    def shown(values: dict[str, Any], kept: TextMemo | None) -> str:
        functions = html.body_functions(
            values["place"], quote_breaks=values["quote_breaks"], memo=kept
        )
        article = _article(values["source"], values["content_dir"])
        if values["offset"] == 2:  # a case's body, one level down
            case = SimpleNamespace(number=1, texts=SourceTexts({"cases.0.body": values["source"]}))
            return str(functions["case_fragment"](article, case))
        return str(functions["fragment"](article, "body"))

    first = shown(base, memo)
    assert shown(base, memo) == first
    changed = {**base, **change}
    assert shown(changed, memo) == shown(changed, None) != first


@pytest.mark.slow  # four site builds of the demo
def test_a_settings_or_template_change_after_a_build_gives_a_fresh_builds_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ybbulletin.build import build

    root = copy_project(REPO, tmp_path / "demo")
    out = tmp_path / "build"
    monkeypatch.setattr(text_memo, "MEMO", TextMemo())
    build(root, out, formats=("html",), jobs=1)
    # a build that loaded every issue afresh keeps no texts (they would add to the main
    # process's memory at its peak); the next one, from the archive cache, does
    assert not (out / MEMO_FILE).exists()
    monkeypatch.setattr(text_memo, "MEMO", TextMemo())
    build(root, out, formats=("html",), jobs=1, force=True)
    assert (out / MEMO_FILE).is_file()
    settings = root / "ybbulletin.yaml"
    text = settings.read_text(encoding="utf-8")
    edited = text.replace("https://www.example.gov.cn/ybxx/", "https://yb.example.cn/bulletin/")
    assert edited != text
    settings.write_text(edited, encoding="utf-8")
    kinds = root / "templates/kinds"
    kinds.mkdir(parents=True)
    (kinds / "news.html").write_text('<div class="x">{{ fragment(article, "body") }}</div>\n')
    build(root, out, formats=("html",), jobs=1)  # with the memo of the first build
    monkeypatch.setattr(text_memo, "MEMO", TextMemo())
    build(root, tmp_path / "fresh", formats=("html",), jobs=1)
    assert _files(out / "site") == _files(tmp_path / "fresh" / "site")


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_a_build_appends_what_its_workers_made_without_reading_the_file(tmp_path: Path) -> None:
    path = tmp_path / MEMO_FILE
    first = TextMemo()
    first.keep_in(path, code="code")
    for n in range(50):
        first.remembered(f"a.yaml\0{n}", ["1"], lambda: "a" * 200)
    first.save({"a.yaml", "b.yaml"})
    inode, size = path.stat().st_ino, path.stat().st_size
    worker, main = TextMemo(), TextMemo()
    worker.keep_in(path, code="code")
    worker.remembered("b.yaml\0x", ["2"], lambda: "b")
    main.keep_in(path, code="code")
    main.add(worker.taken())
    main.save({"a.yaml", "b.yaml"})
    assert not main._loaded  # appended without reading what the file holds
    assert path.stat().st_ino == inode
    assert size < path.stat().st_size < size + 200
    again = TextMemo()
    again.keep_in(path, code="code")
    assert again.remembered("a.yaml\x0049", ["1"], lambda: "new") == "a" * 200
    assert again.remembered("b.yaml\0x", ["2"], lambda: "new") == "b"


def test_a_memo_that_does_not_learn_makes_and_keeps_nothing(tmp_path: Path) -> None:
    path = tmp_path / MEMO_FILE
    memo = TextMemo()
    memo.keep_in(path, code="code", learn=False)
    assert memo.remembered("a.yaml\0x", ["1"], lambda: "a") == "a"
    memo.add({"a.yaml\0y": (b"k", "b")})
    assert memo.remembered("a.yaml\0x", ["1"], lambda: "again") == "again"
    assert memo.taken() == {}
    memo.save({"a.yaml"})
    assert not path.exists()
