"""Publishing under load: nginx (with docs/nginx.conf) serving DIR/current while releases switch.

- A bounded loop of requests for every page runs while 20 publishes and 5 rollbacks
  happen: no 404, no 5xx, and every body is one release's file, byte for byte.
- A publish killed with SIGKILL mid-copy leaves ``current`` serving the previous
  release byte-identical; the next run cleans up the half-copied folder.
"""

from __future__ import annotations

import http.client
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import REPO, copy_project, free_port, nginx_conf, resign
from ybbulletin.build import build
from ybbulletin.cli import main
from ybbulletin.publish import PARTIAL, checksums, read_sums

MAX_REQUESTS = 200_000  # the loop's bound, should the publishes hang
PROBE = "/readiness-probe"
EDITED = "2025/12/01.html"  # the page whose text differs between the two builds


@dataclass(frozen=True)
class Sites:
    """Two builds of the demo that differ in one paragraph (same pages, other bytes)."""

    a: Path
    b: Path
    pages: list[str]

    def body(self, which: Path, path: str) -> bytes:
        return (which / "build/site" / path).read_bytes()


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Sites:
    base = tmp_path_factory.mktemp("publish")
    a = copy_project(REPO, base / "a")
    b = copy_project(REPO, base / "b")
    issue = b / "content/issues/2025/12.yaml"
    text = issue.read_text(encoding="utf-8")
    issue.write_text(text.replace("今年以来", "2025年以来", 1), encoding="utf-8")
    resign(b, "2025/12")
    for root in (a, b):
        build(root, root / "build", jobs=2)
    pages = sorted(checksums(a / "build/site"))
    assert pages == sorted(checksums(b / "build/site"))
    assert any(path.startswith("files/") and path.endswith(".pdf") for path in pages)
    return Sites(a, b, pages)


@dataclass
class Server:
    url_host: str
    port: int
    access_log: Path
    process: subprocess.Popen[bytes]


def nginx_config(prefix: Path, target: Path, port: int) -> str:
    """docs/nginx.conf inside a minimal http block, with this test's port and folder."""
    server = (REPO / "docs/nginx.conf").read_text(encoding="utf-8")
    for old, new in (
        ("listen 80;", f"listen 127.0.0.1:{port};"),
        ("server_name www.example.gov.cn;", "server_name localhost;"),
        ("root /srv/ybxx/current;", f"root {target}/current;"),
    ):
        assert server.count(old) == 1, old  # the documented file is the one under test
        server = server.replace(old, new)
    types = """text/html html; text/css css; application/javascript js; image/png png;
          image/jpeg jpg jpeg; image/svg+xml svg; application/atom+xml xml;
          application/json json; text/csv csv; application/pdf pdf;
          application/vnd.openxmlformats-officedocument.wordprocessingml.document docx;"""
    server = "  default_type application/octet-stream;\n" + server
    return nginx_conf(prefix, types, server, workers=2, connections=256)


@pytest.fixture
def target(tmp_path: Path) -> Path:
    return tmp_path / "www"


@pytest.fixture
def server(tmp_path: Path, target: Path) -> Iterator[Server]:
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(binary).exists():
        pytest.fail("nginx is not installed: run `make test`, which installs it")
    prefix = tmp_path / "nginx"
    prefix.mkdir()
    port = free_port()
    (prefix / "nginx.conf").write_text(nginx_config(prefix, target, port), encoding="utf-8")
    with (prefix / "output.log").open("wb") as sink:
        process = subprocess.Popen(
            [binary, "-p", str(prefix), "-c", str(prefix / "nginx.conf")],
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 10
    while True:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            connection.request("GET", PROBE)  # a 404 (nothing published yet), left out below
            connection.getresponse().read()
            connection.close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail((prefix / "output.log").read_text(errors="replace"))
            time.sleep(0.1)
    try:
        yield Server("127.0.0.1", port, prefix / "access.log", process)
    finally:
        process.terminate()
        process.wait(timeout=10)


def publish(root: Path, target: Path, *argv: str) -> int:
    return main(["--project", str(root), "publish", "--to", str(target), *argv])


def fetch_all(server: Server, pages: list[str]) -> dict[str, tuple[int, bytes]]:
    connection = http.client.HTTPConnection(server.url_host, server.port, timeout=10)
    found = {}
    for path in pages:
        connection.request("GET", "/" + path)
        response = connection.getresponse()
        found[path] = (response.status, response.read())
    connection.close()
    return found


@dataclass
class Load:
    """Requests for every page, in a loop, until told to stop (or MAX_REQUESTS)."""

    server: Server
    sites: Sites
    stop: threading.Event = field(default_factory=threading.Event)
    statuses: Counter[int] = field(default_factory=Counter)
    wrong: list[str] = field(default_factory=list)
    seen: Counter[str] = field(default_factory=Counter)  # which release the edited page came from
    count: int = 0

    def run(self) -> None:
        expected = {
            path: {self.sites.body(self.sites.a, path), self.sites.body(self.sites.b, path)}
            for path in self.sites.pages
        }
        connection = http.client.HTTPConnection(self.server.url_host, self.server.port, timeout=10)
        while not self.stop.is_set() and self.count < MAX_REQUESTS:
            for path in self.sites.pages:
                connection.request("GET", "/" + path)
                response = connection.getresponse()
                body = response.read()
                self.count += 1
                self.statuses[response.status] += 1
                if response.status != 200 or body not in expected[path]:
                    self.wrong.append(f"{response.status} /{path} ({len(body)} bytes)")
                elif path == EDITED:
                    self.seen["a" if body == self.sites.body(self.sites.a, path) else "b"] += 1
        connection.close()


def test_no_404_or_5xx_while_publishing_and_rolling_back(
    sites: Sites, server: Server, target: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert publish(sites.a, target) == 0
    load = Load(server, sites)
    worker = threading.Thread(target=load.run)
    worker.start()
    sums = {root: checksums(root / "build/site") for root in (sites.a, sites.b)}
    publishes = rollbacks = 0
    try:
        while publishes < 20:
            live = read_sums((target / "current").resolve())
            other = sites.b if live == sums[sites.a] else sites.a
            assert publish(other, target) == 0
            assert "已发布" in capsys.readouterr().out
            publishes += 1
            if publishes % 4 == 0:
                assert publish(other, target, "--rollback") == 0
                rollbacks += 1
                time.sleep(0.05)  # let the loop see the rolled-back release
    finally:
        load.stop.set()
        worker.join(timeout=120)
    assert (publishes, rollbacks) == (20, 5)
    with capsys.disabled():
        print(
            f"\n{load.count} requests during {publishes} publishes and {rollbacks} rollbacks: "
            f"{dict(load.statuses)}; the edited page from each release: {dict(load.seen)}"
        )
    assert load.wrong == []
    assert set(load.statuses) == {200}
    assert load.count >= len(sites.pages)
    assert set(load.seen) == {"a", "b"}  # the loop did run across the switches
    logged = Counter(
        line.split(" ", 1)[0]
        for line in server.access_log.read_text(encoding="utf-8").splitlines()
        if not line.endswith(PROBE)
    )
    assert logged == {"200": load.count}  # nginx saw the same: every request a 200
    assert len(list((target / "releases").iterdir())) == 5  # --keep 5


def test_headers_from_the_documented_config(sites: Sites, server: Server, target: Path) -> None:
    assert publish(sites.a, target) == 0
    connection = http.client.HTTPConnection(server.url_host, server.port, timeout=10)
    pdf = next(p for p in sites.pages if p.startswith("files/") and p.endswith(".pdf"))
    for path, cache, disposition in (
        ("/", "no-cache", None),
        ("/assets/site.css", "public, max-age=3600", None),
        (f"/{pdf}", "no-cache", "attachment"),
    ):
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        assert response.status == 200, path
        assert response.getheader("Cache-Control") == cache, path
        assert response.getheader("Content-Disposition") == disposition, path
    connection.request("GET", "/.ybbulletin-release")
    response = connection.getresponse()
    response.read()
    assert response.status == 404  # the release marker is not served
    connection.close()


KILLED_PUBLISH = """
import sys, time
from pathlib import Path
import ybbulletin.publish as publish
from ybbulletin.cli import main

copied = 0
original = publish._copy_one

def slow(source, target):
    global copied
    result = original(source, target)
    copied += 1
    if copied == 5:
        Path(sys.argv[3]).write_text("copying")
        time.sleep(600)  # the test kills us here, mid-copy
    return result

publish._copy_one = slow
sys.exit(main(["--project", sys.argv[1], "publish", "--to", sys.argv[2]]))
"""


def test_sigkill_mid_copy_leaves_the_previous_release_serving(
    sites: Sites, server: Server, target: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert publish(sites.a, target) == 0
    before = fetch_all(server, sites.pages)
    assert all(status == 200 for status, _body in before.values())
    ready = tmp_path / "ready"
    process = subprocess.Popen(
        [sys.executable, "-c", KILLED_PUBLISH, str(sites.b), str(target), str(ready)],
        cwd=REPO,
    )
    deadline = time.monotonic() + 60
    while not ready.exists():
        assert process.poll() is None, "the publish ended before it was killed"
        assert time.monotonic() < deadline
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=10)
    partial = [p for p in (target / "releases").iterdir() if p.name.startswith(PARTIAL)]
    assert len(partial) == 1  # killed halfway: a half-copied release is left
    after = fetch_all(server, sites.pages)
    assert after == before  # current serves the previous release, byte for byte
    for path, (_status, body) in after.items():
        assert body == sites.body(sites.a, path)
    capsys.readouterr()
    assert publish(sites.b, target) == 0  # the next run cleans up and publishes
    out = capsys.readouterr().out
    assert f"已清除上次中断的发布：releases/{partial[0].name}" in out
    assert not partial[0].exists()
    for path, (status, body) in fetch_all(server, sites.pages).items():
        assert (status, body) == (200, sites.body(sites.b, path))
    assert publish(sites.b, target, "--rollback") == 0
    assert fetch_all(server, sites.pages) == before  # rollback: byte-identical
