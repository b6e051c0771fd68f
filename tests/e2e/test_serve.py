"""`ybbulletin serve` end to end: a real server process, real file edits, headless Chromium."""

from __future__ import annotations

import http.client
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.conftest import REPO, free_port, open_page

ISSUE = "content/issues/2025/12.yaml"
TITLE = "石嘴山市医保局三举措助力巩固拓展脱贫攻坚成果同乡村振兴有效衔接"
NEW_TITLE = "石嘴山市医保局四举措助力巩固拓展脱贫攻坚成果同乡村振兴有效衔接"
TIMEOUT_MS = 30_000


@dataclass
class Preview:
    url: str
    port: int
    process: subprocess.Popen[bytes]
    project: Path
    tmpdir: Path
    log: Path

    def edit(self, old: str, new: str) -> None:
        """Change the issue file the way an editor's save does (write, then rename over)."""
        path = self.project / ISSUE
        text = path.read_text(encoding="utf-8")
        assert old in text
        staging = path.with_name(".12.yaml.swp")
        staging.write_text(text.replace(old, new, 1), encoding="utf-8")
        staging.replace(path)

    def folder(self) -> Path:
        (found,) = self.tmpdir.glob("ybbulletin-preview-*")
        return found

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def _running(marker: str) -> list[str]:
    """Processes whose command line mentions ``marker``."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            if marker in cmdline:
                found.append(f"{entry.name}: {cmdline}")
    return found


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[Preview]:
    from tests.conftest import copy_project

    project = copy_project(REPO, tmp_path / "project")
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    port = free_port()
    log = tmp_path / "serve.log"
    env = {**os.environ, "TMPDIR": str(tmpdir), "PYTHONUNBUFFERED": "1"}
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [
                *(sys.executable, "-m", "ybbulletin", "--project", str(project)),
                *("serve", "--port", str(port)),
            ],
            stdout=sink,
            stderr=subprocess.STDOUT,
            env=env,
        )
    running = Preview(f"http://127.0.0.1:{port}/", port, process, project, tmpdir, log)
    deadline = time.monotonic() + 60
    while "已更新预览" not in running.output():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"serve did not start: {running.output()}")
        time.sleep(0.1)
    try:
        yield running
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    with open_page(browser, 1000, 600, accept_downloads=True) as page:
        page.set_default_timeout(TIMEOUT_MS)
        yield page


def _raw_status(port: int, target: str) -> int:
    """The status for a request target sent exactly as written (no client normalisation)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.putrequest("GET", target, skip_host=False, skip_accept_encoding=True)
        connection.endheaders()
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def test_edit_reload_errors_fix_pdf_and_a_clean_stop(preview: Preview, page: Page) -> None:
    page.goto(preview.url + "2025/12/01.html")
    title = page.locator("h1.article-title")
    expect(title).to_have_text(TITLE)
    page.evaluate("window.scrollTo(0, 300)")

    # save a new title: the page shows it by itself, at the same scroll position. Only the
    # page changed, so its new body was fetched and put in place (no reload of the whole
    # page, which costs the browser several times as much), and the site's script ran on it
    page.evaluate("window.notReloaded = true; window.oldBody = document.body")
    preview.edit(TITLE, NEW_TITLE)
    expect(title).to_have_text(NEW_TITLE)
    assert NEW_TITLE in page.title()
    assert page.evaluate("window.oldBody !== document.body")
    assert page.evaluate("window.notReloaded === true")
    expect(page.locator("[data-print]")).to_be_visible()  # site.js shows it
    assert page.evaluate("window.scrollY") == 300
    # and binds the new body's controls: the 字号 control works on the swapped page
    page.locator('.font-size [data-size="l"]').click()
    expect(page.locator("html")).to_have_class("js size-l")
    expect(page.locator('.font-size [data-size="l"]')).to_have_attribute("aria-pressed", "true")
    page.locator('.font-size [data-size="m"]').click()
    expect(page.locator("html")).to_have_class("js")

    # break the file: every open page shows the located error; the last good page stays
    preview.edit("date: 2025-08-13", "date: 2025-08-43")
    overlay = page.locator("#ybbulletin-overlay")
    expect(overlay).to_be_visible()
    expect(overlay).to_contain_text("content/issues/2025/12.yaml:8:7: 错误: 日期“2025-08-43”不存在")
    expect(overlay).to_contain_text("提示: 检查月份（1–12）和这个月的天数")
    expect(title).to_have_text(NEW_TITLE)
    # a page opened now shows it too, and the 校对 warnings panel beside it
    other = page.context.new_page()
    other.goto(preview.url + "index.html")
    expect(other.locator("#ybbulletin-overlay")).to_contain_text("2025-08-43")
    expect(other.locator("#ybbulletin-warnings summary")).to_contain_text("校对提示")
    other.get_by_role("button", name="暂时隐藏").click()
    other.locator("#ybbulletin-warnings summary").click()  # listed when opened
    expect(other.locator("#ybbulletin-warnings li").first).to_contain_text("警告")
    # the PDF link of an issue with errors says why there is no PDF, in the page
    other.goto(preview.url + "2025/12/index.html")
    other.get_by_role("button", name="暂时隐藏").click()
    other.locator(".downloads a", has_text="PDF").click()
    expect(other.locator("h1")).to_have_text("无法生成 nxyb-2025-12.pdf")
    expect(other.locator("pre.yb-errors")).to_contain_text(
        "content/issues/2025/12.yaml:8:7: 错误: 日期“2025-08-43”不存在"
    )
    other.close()

    # fix it: the overlay goes away
    preview.edit("date: 2025-08-43", "date: 2025-08-13")
    expect(overlay).to_have_count(0)

    # the issue page's PDF link renders the PDF when clicked
    page.goto(preview.url + "2025/12/index.html")
    with page.expect_download() as download:
        page.locator(".downloads a", has_text="PDF").click()
    assert download.value.suggested_filename == "nxyb-2025-12.pdf"
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF-")
    # made once (the click asks first, then downloads), kept until the issue changes
    assert preview.output().count("已生成 nxyb-2025-12.pdf") == 1

    # the search index is left out of rebuilds (a save does not wait for it) and made
    # when the search asks for it, once per change
    assert "已生成搜索索引" not in preview.output()
    index = page.request.get(preview.url + "search/index.js")
    assert index.status == 200
    assert NEW_TITLE in index.text()
    assert page.request.get(preview.url + "search/index.js").status == 200
    assert preview.output().count("已生成搜索索引") == 1

    # only the preview folder is served
    folder = preview.folder()
    outside = preview.project.parent / "secret.txt"
    outside.write_text("secret", encoding="utf-8")
    (folder / "site" / "link.txt").symlink_to(outside)
    (folder / "site" / "linked-folder").symlink_to(preview.project)
    assert _raw_status(preview.port, "/index.html") == 200
    for target in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2e%2e/etc/passwd",
        "/2025/..%2f..%2fsecret.txt",
        "//etc/passwd",
        "/%2fetc/passwd",
        f"http://127.0.0.1:{preview.port}/../secret.txt",
        "/link.txt",
        "/linked-folder/ybbulletin.yaml",
        "/2025/",  # a folder without index.html: no listing
        "/assets/",
        "/__ybbulletin/../secret.txt",
        "/%00",
        "/..\\secret.txt",
    ]:
        assert _raw_status(preview.port, target) == 404, target

    # Ctrl-C: exit 0, nothing left behind
    preview.process.send_signal(signal.SIGINT)
    assert preview.process.wait(timeout=30) == 0
    assert "预览已停止" in preview.output()
    # no folder left (jieba, which segments the search index, keeps its dictionary cache file)
    assert [p.name for p in preview.tmpdir.iterdir() if p.name != "jieba.cache"] == []
    assert _running(str(preview.project)) == []
    with pytest.raises(urllib.error.URLError, match="Connection refused"):
        urllib.request.urlopen(preview.url, timeout=2)
