"""The site's pages in the worker pool: who renders them, errors across the fork, the plan."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import ybbulletin.build.outputs
import ybbulletin.build.workers
from ybbulletin.build import build, make_plan
from ybbulletin.build.outputs import PAGES, Output
from ybbulletin.build.workers import PAGES_PER_TASK, batches
from ybbulletin.cache import Manifest
from ybbulletin.errors import ContentError
from ybbulletin.project import load_archive
from ybbulletin.views import Page


@pytest.mark.slow  # starts the worker pool (other processes)
def test_pages_render_in_the_workers_with_two_jobs(
    demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = tmp_path / "pids"
    original = ybbulletin.build.outputs.render_page

    def spy(env: object, page: Page) -> str:
        with seen.open("a", encoding="utf-8") as log:  # the workers are other processes
            log.write(f"{os.getpid()} {page.path}\n")
        return original(env, page)  # type: ignore[arg-type]

    monkeypatch.setattr(ybbulletin.build.outputs, "render_page", spy)
    build(demo, demo / "build", formats=("html",), jobs=2)
    lines = [line.split() for line in seen.read_text(encoding="utf-8").splitlines()]
    pages = [path for _pid, path in lines]
    assert len(pages) == len(set(pages))  # each page once
    assert "2025/12/01.html" in pages
    assert {int(pid) for pid, _path in lines} - {os.getpid()}  # not all in this process
    seen.unlink()
    build(demo, demo / "serial", formats=("html",), jobs=1, force=True)
    assert {int(line.split()[0]) for line in seen.read_text().splitlines()} == {os.getpid()}


@pytest.mark.slow  # starts the worker pool (other processes)
def test_a_template_error_in_a_worker_is_located_and_changes_nothing(demo: Path) -> None:
    out = demo / "build"
    build(demo, out, formats=("html",), jobs=2)
    before = sorted(p.relative_to(out).as_posix() for p in out.rglob("*"))
    folder = demo / "templates/site"
    folder.mkdir(parents=True)
    (folder / "_masthead.html").write_text("<div>\n<p>{{ publication.nmae }}</p>\n", "utf-8")
    with pytest.raises(ContentError) as caught:
        build(demo, out, formats=("html",), jobs=2)
    [diagnostic] = caught.value.diagnostics.errors
    assert str(diagnostic.location) == "templates/site/_masthead.html:2:1"
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == before


def test_pages_go_to_the_workers_in_batches_the_rest_stays() -> None:
    count = 2 * PAGES_PER_TASK + PAGES_PER_TASK // 2
    pages = [Output(f"site/{n}.html", "k", lambda: b"", batch=PAGES) for n in range(count)]
    feed = Output("site/feed.xml", "k", lambda: b"", batch="feed.xml")
    index = Output("site/search/index.js", "k", lambda: b"")  # no batch: made here
    found, here = batches([*pages[:50], index, feed, *pages[50:]])
    assert here == [index]
    # the whole-archive file first (the longest task), then the pages
    assert [len(b) for b in found] == [1, PAGES_PER_TASK, PAGES_PER_TASK, PAGES_PER_TASK // 2]
    assert found[0] == [feed]
    assert [o for b in found[1:] for o in b] == pages


def test_formats_not_asked_for_and_never_built_are_not_planned(demo: Path) -> None:
    archive = load_archive(demo)
    plan, _views = make_plan(archive, ("html",), demo / "build", Manifest(), ())
    assert plan.keys == {}
    assert not [o for o in plan.outputs if not o.path.startswith("site/")]
    assert not plan.downloads
    # a PDF kept from the last build is still linked, with the key of what it is made from
    kept = demo / "build/pdf/nxyb-2025-12.pdf"
    kept.parent.mkdir(parents=True)
    kept.write_bytes(b"%PDF-1.7")
    manifest = Manifest({"pdf/nxyb-2025-12.pdf": ("key", "sha")})
    plan, _views = make_plan(archive, ("html",), demo / "build", manifest, ())
    assert [d.path for d in plan.downloads] == ["files/nxyb-2025-12.pdf"]
    assert set(plan.keys) == {("pdf", view.dir) for view in plan.issues}


def test_a_search_text_goes_with_its_article_page() -> None:
    pages = [Output(f"site/{n}.html", "k", lambda: b"", batch=PAGES) for n in range(3)]
    texts = [
        Output(f"site/search/text/{n}.js", "k", lambda: b"", batch=PAGES, beside=f"site/{n}.html")
        for n in (2, 0, 9)  # 9: its page is not made this time
    ]
    found, here = batches([*pages, *texts])
    assert here == []
    assert found == [[pages[0], texts[1], pages[1], pages[2], texts[0], texts[2]]]


@pytest.mark.slow  # over 0.3 s: the full suite runs it, not the edit loop
def test_force_leaves_a_file_holding_its_bytes_and_mends_one_that_does_not(demo: Path) -> None:
    out = demo / "build"
    build(demo, out, formats=("html",), jobs=2)
    page = out / "site/2025/12/01.html"
    text = out / "site/search/text/2025/12/01.js"
    inode = page.stat().st_ino
    original = text.read_bytes()
    before = text.stat()
    text.write_bytes(original.replace(b"2025", b"2024", 1))  # same size, same time
    os.utime(text, ns=(before.st_atime_ns, before.st_mtime_ns))
    build(demo, out, formats=("html",), jobs=2, force=True)
    assert page.stat().st_ino == inode  # left as it was, not written again
    assert text.read_bytes() == original  # --force looks at the bytes, not the time


@pytest.mark.slow  # starts the worker pool (other processes)
def test_no_more_site_workers_than_tasks(
    demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = tmp_path / "pids"
    tasks: list[int] = []
    original_batches = ybbulletin.build.workers.batches
    original_install = ybbulletin.build.workers._install

    def counted(site: list[Output]) -> tuple[list[list[Output]], list[Output]]:
        found, here = original_batches(site)
        tasks.append(len(found))
        return found, here

    def install(state: object) -> None:
        with seen.open("a", encoding="utf-8") as log:  # the workers are other processes
            log.write(f"{os.getpid()}\n")
        original_install(state)  # type: ignore[arg-type]

    monkeypatch.setattr(ybbulletin.build.workers, "batches", counted)
    monkeypatch.setattr(ybbulletin.build.workers, "_install", install)
    jobs = 16
    build(demo, demo / "build", formats=("html",), jobs=jobs)
    [count] = tasks
    assert 1 < count < jobs  # the demo's site is a few tasks: fewer than the jobs asked for
    assert len(set(seen.read_text(encoding="utf-8").split())) == count


def test_a_page_listing_every_issue_is_a_task_of_its_own_before_the_batches(demo: Path) -> None:
    pages = [Output(f"site/{n}.html", "k", lambda: b"", batch=PAGES) for n in range(3)]
    listing = Output("site/cases/index.html", "k", lambda: b"", batch=f"{PAGES} cases/index.html")
    feed = Output("site/feed.xml", "k", lambda: b"", batch="feed.xml")
    found, here = batches([pages[0], listing, *pages[1:], feed])
    assert here == []
    assert found == [[feed], [listing], pages]  # whole-archive files, listing pages, batches
    # the plan names them so: 往期, each 栏目, 案例库 and 网站地图 (the longest pages)
    plan, _views = make_plan(load_archive(demo), ("html",), demo / "build", Manifest(), ())
    alone = {o.path for o in plan.outputs if (o.batch or "").startswith(f"{PAGES} ")}
    assert {"site/archive/index.html", "site/cases/index.html", "site/sitemap/index.html"} < alone
    assert all(
        o.batch == f"{PAGES} {o.path.removeprefix('site/')}"
        for o in plan.outputs
        if o.path in alone
    )
    assert "site/2025/12/01.html" not in alone
