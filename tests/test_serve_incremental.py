"""The preview's incremental rebuild makes what a fresh build makes, after any sequence of saves.

The builder runs in this process (no server, no watcher): each step edits the
project as an editor would, tells the builder which files changed, and compares
the preview folder with a fresh ``build()`` of the same content, byte for byte.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import jinja2
import pytest

from tests.conftest import REPO, copy_project
from ybbulletin.build import build
from ybbulletin.cache import Manifest
from ybbulletin.errors import Diagnostics
from ybbulletin.serve import incremental
from ybbulletin.serve.builder import Builder
from ybbulletin.serve.quick import quick_pages
from ybbulletin.serve.state import PreviewState
from ybbulletin.views import Page

pytestmark = pytest.mark.slow  # several builds of the demo, each compared with a fresh one

ISSUE = "content/issues/2025/12.yaml"
EARLIER = "content/issues/2025/11.yaml"
LATER = "content/issues/2025/13.yaml"
TITLE = "石嘴山市医保局三举措助力巩固拓展脱贫攻坚成果同乡村振兴有效衔接"
NEW_TITLE = "石嘴山市医保局四举措助力巩固拓展脱贫攻坚成果同乡村振兴有效衔接"
LAST_TITLE = "盐池县医保局用心打造脱贫攻坚与乡村振兴有效衔接暖心纽带"


class Preview:
    """A builder on a copy of the demo with one more issue before 2025/12."""

    def __init__(self, tmp: Path) -> None:
        self.root = copy_project(REPO, tmp / "project")
        self.text = (self.root / ISSUE).read_text(encoding="utf-8")
        (self.root / EARLIER).write_text(self.numbered(11, "2025-07-13"), encoding="utf-8")
        self.out = tmp / "preview"
        self.fresh = tmp / "fresh"
        self.state = PreviewState()
        self.said: list[str] = []
        self.builder = Builder(self.root, self.out, self.state, self.said.append)
        self.builder.rebuild()
        assert self.builder.incremental.ready
        assert self.said[-1].startswith("已更新预览"), self.said

    def numbered(self, number: int, date: str) -> str:
        return (
            self.text.replace("number: 12", f"number: {number}")
            .replace("total: 130", f"total: {118 + number}")
            .replace("date: 2025-08-13", f"date: {date}")
        )

    def edit(self, path: str, old: str, new: str) -> None:
        file = self.root / path
        text = file.read_text(encoding="utf-8")
        assert old in text
        file.write_text(text.replace(old, new, 1), encoding="utf-8")
        self.rebuild(path)

    def rebuild(self, *paths: str) -> None:
        self.said.clear()
        self.builder.rebuild(set(paths))
        self.builder.settle()
        assert self.builder.incremental.ready
        assert "（本期页面" in self.said[-1] or self.state.report.errors, self.said

    def differences(self) -> list[str]:
        """Files that differ from a fresh build's, or that only one of the two has."""
        shutil.rmtree(self.fresh, ignore_errors=True)
        build(
            self.root,
            self.fresh,
            formats=("html", "wechat"),
            jobs=1,
            links=["pdf", "docx"],
            drafts=True,
            later=("search",),
        )
        wanted = set(Manifest.load(self.fresh).entries)
        recorded = set(Manifest.load(self.out).entries)
        on_disk = {
            path.relative_to(self.out).as_posix()
            for top in ("site", "wechat")
            for path in (self.out / top).rglob("*")
            if path.is_file()
        }
        found = sorted(wanted ^ recorded) + sorted(wanted ^ on_disk)
        for path in sorted(wanted & on_disk):
            if (self.fresh / path).read_bytes() != (self.out / path).read_bytes():
                found.append(path)
        return found


@pytest.fixture
def preview(tmp_path: Path) -> Preview:
    return Preview(tmp_path)


def _page(preview: Preview, path: str) -> str:
    return (preview.out / "site" / path).read_text(encoding="utf-8")


def test_saves_give_what_a_fresh_build_gives(preview: Preview) -> None:
    # a title: its article page first, then the issue, the 栏目 and home pages, the
    # neighbouring article in the issue before, the 公众号 copy …
    preview.edit(ISSUE, TITLE, NEW_TITLE)
    assert "四举措" in _page(preview, "2025/12/01.html")
    assert "四举措" in _page(preview, "2025/11/05.html")  # 下一篇
    assert preview.differences() == []

    # broken: the errors are told, nothing is written; fixed: up to date again
    preview.edit(ISSUE, "date: 2025-08-13", "date: 2025-08-43")
    assert [e["location"] for e in preview.state.report.errors] == [f"{ISSUE}:8:7"]
    assert "四举措" in _page(preview, "2025/12/01.html")
    preview.edit(ISSUE, "四举措", "五举措")  # still broken: the last good pages stay
    assert "四举措" in _page(preview, "2025/12/01.html")
    preview.edit(ISSUE, "date: 2025-08-43", "date: 2025-08-13")
    assert not preview.state.report.errors
    assert preview.differences() == []

    # an added article: every article after it moves one page on
    preview.edit(
        ISSUE,
        "entries:\n",
        "entries:\n  - kind: news\n    title: 新增的一篇\n    source: 自治区医疗保障局\n"
        "    body: |\n      新增的正文。\n\n",
    )
    assert "新增的一篇" in _page(preview, "2025/12/index.html")
    assert preview.differences() == []

    # the last article of the issue before: the next issue's first page shows it (上一篇)
    preview.edit(EARLIER, LAST_TITLE, "盐池县医保局精心打造脱贫攻坚与乡村振兴有效衔接暖心纽带")
    assert preview.differences() == []


def test_issues_added_and_removed(preview: Preview) -> None:
    (preview.root / LATER).write_text(preview.numbered(13, "2025-09-13"), encoding="utf-8")
    preview.rebuild(LATER)
    assert (preview.out / "site/2025/13/01.html").is_file()
    assert preview.differences() == []

    (preview.root / EARLIER).unlink()
    preview.rebuild(EARLIER)
    assert not (preview.out / "site/2025/11").exists()
    assert not (preview.out / "wechat/2025/11").exists()
    assert preview.differences() == []


def test_a_save_coming_in_stops_the_update_until_the_next_one(preview: Preview) -> None:
    told = False

    def publish(changed: list[str], diagnostics: Diagnostics) -> None:
        nonlocal told
        told = True

    def cancelled() -> bool:  # the next save comes in once the first report is out
        return told

    file = preview.root / ISSUE
    file.write_text(file.read_text(encoding="utf-8").replace(TITLE, NEW_TITLE), encoding="utf-8")
    paths = quick_pages(preview.builder.incremental, {ISSUE})
    assert "2025/12/01.html" in paths  # the saved issue's pages, before anything else
    assert NEW_TITLE in _page(preview, "2025/12/01.html")
    assert NEW_TITLE not in _page(preview, "2025/11/05.html")
    outcome = preview.builder.incremental.update(cancelled, preview.builder.lock, publish)
    assert outcome is not None
    assert outcome.interrupted
    assert NEW_TITLE not in _page(preview, "2025/11/05.html")  # 下一篇: not yet
    assert preview.differences() != []

    preview.rebuild(ISSUE)  # the next save (of nothing new) does the rest
    assert NEW_TITLE in _page(preview, "2025/11/05.html")
    assert preview.differences() == []


def test_a_full_build_after_incremental_ones_keeps_the_files(preview: Preview) -> None:
    preview.edit(ISSUE, TITLE, NEW_TITLE)
    settings = preview.root / "ybbulletin.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    preview.said.clear()
    preview.builder.rebuild({"ybbulletin.yaml"})  # not an issue file: the full build
    assert "（本期页面" not in preview.said[-1]
    assert preview.builder.incremental.ready
    assert preview.differences() == []
    preview.edit(ISSUE, "四举措", "五举措")
    assert preview.differences() == []


def test_a_title_renders_only_the_archive_wide_pages_that_show_it(
    preview: Preview, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Of the pages made from every issue, a title reaches its 栏目 page; 往期, 案例库 and
    网站地图 show no title and are not rendered again (keyed as a build keys them). (A
    signed issue's edit changes its mark, which 往期 shows.)"""
    rendered: list[str] = []
    render = incremental._page

    def recording(env: jinja2.Environment, page: Page) -> bytes:
        rendered.append(page.template)
        return render(env, page)

    monkeypatch.setattr(incremental, "_page", recording)
    preview.edit(EARLIER, TITLE, NEW_TITLE)  # a draft: its mark (草稿) stays
    assert "section.html" in rendered
    assert not {"archive.html", "cases.html", "sitemap.html"} & set(rendered)
    assert preview.differences() == []
