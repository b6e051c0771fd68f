"""The preview server's parts that need no browser: paths, events, litter, ports, host warning."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from ybbulletin.errors import Diagnostics, Location
from ybbulletin.serve import _warn_if_public
from ybbulletin.serve.paths import Resolved, resolve_request
from ybbulletin.serve.server import bind, inject
from ybbulletin.serve.state import PreviewState, site_path
from ybbulletin.serve.watch import is_litter


@pytest.fixture
def site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "2025" / "12").mkdir(parents=True)
    (site / "index.html").write_text("home", encoding="utf-8")
    (site / "2025" / "12" / "index.html").write_text("issue", encoding="utf-8")
    (site / "2025" / "12" / "01.html").write_text("article", encoding="utf-8")
    (site / "媒体.png").write_bytes(b"png")
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    (site / "out.txt").symlink_to(tmp_path / "secret.txt")
    (site / "out-folder").symlink_to(tmp_path)
    (site / "in.html").symlink_to(site / "index.html")
    (site / "loop").symlink_to(site / "loop")
    return site


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/", "index.html"),
        ("/index.html", "index.html"),
        ("/index.html?q=医保#top", "index.html"),
        ("/2025/12/", "2025/12/index.html"),
        ("/2025/12/01.html", "2025/12/01.html"),
        ("/%E5%AA%92%E4%BD%93.png", "媒体.png"),
        ("/in.html", "index.html"),  # a symlink that stays inside is fine
        ("http://127.0.0.1:8000/2025/12/01.html", "2025/12/01.html"),  # absolute-form
    ],
)
def test_files_inside_are_served(site: Path, target: str, expected: str) -> None:
    assert resolve_request(site, target) == Resolved(file=(site / expected).resolve())


@pytest.mark.parametrize(
    "target",
    [
        "/../secret.txt",
        "/2025/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/secret.txt",
        "/..%2fsecret.txt",
        "/2025/..%2F..%2Fsecret.txt",
        "/%252e%252e/secret.txt",  # double-encoded: a name that does not exist
        "/./index.html",
        "//etc/passwd",
        "/%2fetc/passwd",
        "http://example.com/../secret.txt",
        "/out.txt",  # symlink out of the folder
        "/out-folder/secret.txt",
        "/loop",
        "/2025/",  # a folder without index.html is not listed
        "/missing.html",
        "/index.html%00.png",
        "/..\\secret.txt",
        "/%ff",  # not UTF-8
        "index.html",  # not a path
        "*",
    ],
)
def test_anything_else_is_nothing(site: Path, target: str) -> None:
    assert resolve_request(site, target) is None


def test_a_folder_without_its_slash_is_redirected(site: Path) -> None:
    assert resolve_request(site, "/2025/12") == Resolved(redirect="/2025/12/")


def test_the_script_goes_before_the_end_of_body() -> None:
    page = b"<html><body><p>x</p></body></html>"
    assert inject(page, 7) == (
        b'<html><body><p>x</p><script src="/__ybbulletin/live.js" data-generation="7">'
        b"</script>\n</body></html>"
    )
    assert inject(b"<p>no body</p>", 1).startswith(b"<p>no body</p><script ")


def _diagnostics(error: bool) -> Diagnostics:
    diags = Diagnostics()
    diags.warning(Location("content/issues/2025/12.yaml", 30, 5), "字重复：“为为”", "删去一个")
    if error:
        diags.error(Location("content/issues/2025/12.yaml", 8, 7), "日期“2025-08-43”不存在", "检查")
    return diags


def test_pages_reload_only_when_they_changed() -> None:
    state = PreviewState()
    state.finished(_diagnostics(False), ["index.html", "2025/12/01.html"], ok=True)
    first = state.report
    assert first.generation == 1
    assert first.for_page("2025/12/01.html", 0)["reload"] is True  # served before it was built
    assert first.for_page("2025/12/01.html", 1)["reload"] is False
    state.finished(_diagnostics(False), ["2025/12/01.html"], ok=True)
    assert state.report.for_page("2025/12/01.html", 1)["reload"] is True
    # the page alone changed: its new body can be put in place (live.js)
    assert state.report.for_page("2025/12/01.html", 1)["everything"] is False
    assert state.report.for_page("index.html", 1)["reload"] is False
    state.finished(_diagnostics(False), ["assets/site.css"], ok=True)
    assert state.report.for_page("index.html", 2)["reload"] is True  # what every page uses
    # so every page is reloaded whole (a new body would keep the old stylesheet)
    assert state.report.for_page("index.html", 2)["everything"] is True
    assert state.report.for_page("2025/12/01.html", 2)["everything"] is True


def test_errors_are_told_with_the_text_check_prints_and_keep_the_pages() -> None:
    state = PreviewState()
    state.finished(_diagnostics(False), ["index.html"], ok=True)
    state.finished(_diagnostics(True), [], ok=False)
    event = state.report.for_page("index.html", 1)
    assert event["reload"] is False
    assert [e["text"] for e in event["errors"]] == [
        "content/issues/2025/12.yaml:8:7: 错误: 日期“2025-08-43”不存在\n    提示: 检查"
    ]
    assert [e["location"] for e in event["warnings"]] == ["content/issues/2025/12.yaml:30:5"]
    assert state.report.built
    state.finished(_diagnostics(False), [], ok=True)  # fixed back to what it was
    assert state.report.for_page("index.html", 1) | {"warnings": []} == {
        "generation": 3,
        "building": False,
        "errors": [],
        "warnings": [],
        "failure": "",
        "reload": False,
        "everything": False,
    }


def test_a_missing_page_reloads_once_there_is_a_good_build() -> None:
    state = PreviewState()
    assert state.report.for_page("index.html", 0)["reload"] is False
    state.finished(_diagnostics(True), [], ok=False)
    assert state.report.for_page("index.html", 0)["reload"] is False
    state.finished(_diagnostics(False), ["index.html"], ok=True)
    assert state.report.for_page("index.html", 0)["reload"] is True
    # the page served was the stand-in (no stylesheet of the site's): reloaded whole
    assert state.report.for_page("404.html", 0)["everything"] is True


def test_waiting_for_the_next_report() -> None:
    state = PreviewState()
    seen = state.wait(None, 0.01)
    assert seen is not None
    assert state.wait(seen, 0.01) is None  # nothing new
    state.building()
    assert state.wait(seen, 0.01) is not seen
    state.close()
    assert state.wait(None, 0.01) is None


@pytest.mark.parametrize(
    ("url", "page"),
    [("/", "index.html"), ("/2025/12/", "2025/12/index.html"), ("/a%20b.html", "a b.html")],
)
def test_site_path(url: str, page: str) -> None:
    assert site_path(url) == page


@pytest.mark.parametrize(
    "name",
    [".12.yaml.swp", "12.yaml~", "#12.yaml#", ".#12.yaml", "4913", "12.yaml.tmp", "12.yaml.swx"],
)
def test_editor_litter_is_ignored(name: str) -> None:
    assert is_litter(name)


@pytest.mark.parametrize("name", ["12.yaml", "zengkan-01.yaml", "ybbulletin.yaml", "article.html"])
def test_real_files_are_watched(name: str) -> None:
    assert not is_litter(name)


def test_a_taken_port_moves_to_the_next_free_one() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        server, moved = bind("127.0.0.1", port)
        try:
            assert moved
            assert server.server_address[1] > port
        finally:
            server.server_close()


def test_a_public_host_is_warned_about(capsys: pytest.CaptureFixture[str]) -> None:
    _warn_if_public("127.0.0.1")
    _warn_if_public("localhost")
    _warn_if_public("::1")
    assert capsys.readouterr().out == ""
    _warn_if_public("0.0.0.0")
    assert "可以从网络上的其他电脑访问" in capsys.readouterr().out
