"""Shared fixtures: a copy of the demo project, one demo build per session, a real nginx."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import settings

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

REPO = Path(__file__).resolve().parent.parent
# Tests do not time things: no Hypothesis example fails for taking over its 200 ms default
# deadline on a loaded 2-core machine (test_justify's did, its code unchanged)
settings.register_profile("ybbulletin", deadline=None)
settings.load_profile("ybbulletin")
#: Fixtures that render the whole demo (PDF and Word included): their tests are slow.
SLOW_FIXTURES = {"built_demo", "nginx"}
#: Set under ``-m "not slow"`` (the edit loop): see :func:`examples`.
_EDIT_LOOP = False


def examples(count: int) -> int:
    """A property test's Hypothesis examples: ``count`` in the full suite, a third of them
    (at least 25) in the edit loop, as Hypothesis advises (fewer while developing, all in
    CI). Its database replays a failure found once first, whatever the count."""
    return max(25, count // 3) if _EDIT_LOOP else count


def pytest_configure(config: pytest.Config) -> None:
    global _EDIT_LOOP
    _EDIT_LOOP = config.getoption("markexpr") == "not slow"


@pytest.hookimpl(wrapper=True)
def pytest_timeout_set_timer(item: pytest.Item, settings: Any) -> Iterator[object]:
    """pytest-timeout's limit, and before it fails a test: every Python process this one
    started writes its threads' stacks to standard error (workers and servers register
    SIGUSR1 for it: ``interrupt.stacks_on_request``), shown with the test's failure, so
    that a hang in a worker says where it is."""
    result = yield
    handler = signal.getsignal(signal.SIGALRM)
    if callable(handler):

        def asked_first(signum: int, frame: FrameType | None) -> None:
            __tracebackhide__ = True
            if _ask_for_stacks(os.getpid()):
                time.sleep(1)  # (they write meanwhile)
            handler(signum, frame)

        signal.signal(signal.SIGALRM, asked_first)
    return result


def _ask_for_stacks(parent: int) -> int:
    """SIGUSR1 to every Python process under ``parent``; how many were asked."""
    from tests.processes import processes

    found = processes()
    children: dict[int, list[int]] = {}
    for pid, (ppid, _sid, _cmd) in found.items():
        children.setdefault(ppid, []).append(pid)
    asked, todo = 0, list(children.get(parent, []))
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        if "python" in found[pid][2]:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGUSR1)
                asked += 1
    return asked


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    from tests.goldens import REGENERATED

    if REGENERATED:
        terminalreporter.write_line(
            f"YB_REGENERATE: regenerated {len(REGENERATED)} file{'s' * (len(REGENERATED) != 1)}, "
            "review the diff "
            "(git diff --stat tests/), then run again without YB_REGENERATE",
            red=True,
        )


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """Under ``-m "not slow"`` tests/e2e/ is not even imported (Playwright, pdfplumber …):
    every test in it is slow, so none would be selected anyway."""
    if config.getoption("markexpr") == "not slow" and collection_path == REPO / "tests" / "e2e":
        return True
    return None


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark as ``slow`` the end-to-end tests and whatever needs the full demo build."""
    e2e = REPO / "tests" / "e2e"
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if item.path.is_relative_to(e2e) or fixtures & SLOW_FIXTURES:
            item.add_marker(pytest.mark.slow)


def edit(root: Path, relpath: str, old: str, new: str) -> None:
    """Replace the first ``old`` in a project file with ``new`` (it must be there)."""
    path = root / relpath
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def copy_project(source: Path, target: Path) -> Path:
    target.mkdir(parents=True)
    shutil.copy(source / "ybbulletin.yaml", target)
    shutil.copytree(source / "content", target / "content")
    if (source / "templates").is_dir():
        shutil.copytree(source / "templates", target / "templates")
    return target


def pdf_pages(pdf: Path) -> int:
    """The page count pdfinfo reports."""
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    found = re.search(r"Pages:\s+(\d+)", info)
    assert found is not None, info
    return int(found.group(1))


def page_png(pdf: Path, page: int, stem: Path) -> Path:
    """One page as a 60 dpi PNG (pdftoppm), for a person to look at; returns the file."""
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "60",
            "-f",
            str(page),
            "-l",
            str(page),
            "-singlefile",
            str(pdf),
            str(stem),
        ],
        check=True,
    )
    return stem.with_suffix(".png")


@dataclass(frozen=True)
class Ink:
    """Pixels of one colour class in an image (or a part of it)."""

    count: int
    box: tuple[int, int, int, int] | None  # left, top, right, bottom of those pixels
    area: int  # of the part looked at


def ink(png: Path, colour: str, box: tuple[float, float, float, float] | None = None) -> Ink:
    """The red (R > 150, G and B < 90) or dark (grey < 128) pixels of a PNG, within ``box``."""
    from PIL import Image, ImageChops

    with Image.open(png) as image:
        rgb = image.convert("RGB")
    if box is not None:
        rgb = rgb.crop(tuple(round(v) for v in box))
    if colour == "red":
        r, g, b = rgb.split()
        mask = ImageChops.multiply(
            r.point(lambda v: 255 if v > 150 else 0),
            ImageChops.multiply(
                g.point(lambda v: 255 if v < 90 else 0), b.point(lambda v: 255 if v < 90 else 0)
            ),
        )
    else:
        mask = rgb.convert("L").point(lambda v: 255 if v < 128 else 0)
    return Ink(mask.histogram()[255], mask.getbbox(), rgb.width * rgb.height)


def resign(root: Path, *slugs: str) -> None:
    """Sign edited issues again as they were signed (a signed issue edited is a draft again)."""
    from ybbulletin.project import load_archive
    from ybbulletin.signoff import sign

    archive = load_archive(root)
    for archive_issue in archive.issues:
        if archive_issue.slug in slugs:
            for role, signature in archive_issue.issue.signoff.items():
                sign(root, archive_issue.slug, role, signature.signer, signature.date)


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    """A private copy of the demo project (the repository's own content)."""
    return copy_project(REPO, tmp_path / "demo")


#: Files a build keeps for itself (not outputs): left out when output trees are compared.
BOOKKEEPING = (
    ".ybbulletin-manifest",
    ".ybbulletin-stamp.json",
    ".ybbulletin-archive-cache",
    ".ybbulletin-search-terms",
    ".ybbulletin-site-texts",
)


@pytest.fixture(scope="session")
def built_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo built once per session; returns its build/site folder."""
    from ybbulletin.build import build

    root = copy_project(REPO, tmp_path_factory.mktemp("built") / "demo")
    build(root, root / "build")
    return root / "build" / "site"


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Headless Chromium (the Debian package) under Playwright, one per session."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@contextlib.contextmanager
def open_page(
    browser: Browser, width: int = 1280, height: int = 900, **options: Any
) -> Iterator[Page]:
    """A page in its own browser context (``options`` go to the context); closed after."""
    context = browser.new_context(viewport={"width": width, "height": height}, **options)
    try:
        yield context.new_page()
    finally:
        context.close()


def page_errors(page: Page, dialogs: bool = False) -> list[str]:
    """The list the page's uncaught script errors (and, if asked, its dialogs) are added to."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    if dialogs:
        page.on("dialog", lambda dialog: errors.append(f"dialog: {dialog.message}"))
    return errors


@dataclass(frozen=True)
class Nginx:
    """A running nginx serving one folder on 127.0.0.1."""

    url: str
    access_log: Path
    error_log: Path

    def requests(self) -> list[tuple[int, str]]:
        """(status, path) of every request so far."""
        found = []
        for line in self.access_log.read_text(encoding="utf-8").splitlines():
            status, _, path = line.partition(" ")
            found.append((int(status), path))
        return found


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def nginx(built_demo: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Nginx]:
    """nginx (the Debian package) over the demo site, on a free loopback port."""
    with run_nginx(built_demo, tmp_path_factory.mktemp("nginx")) as server:
        yield server


def nginx_conf(
    prefix: Path, types: str, server: str, workers: int = 1, connections: int = 64
) -> str:
    """A whole nginx.conf around ``server`` (text inside ``http``): in the foreground, every
    file it writes (pid, logs, temp folders) under ``prefix``; the access log is
    "status request-uri" per line."""
    user = "user root;\n" if os.geteuid() == 0 else ""
    return f"""{user}worker_processes {workers};
daemon off;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections {connections}; }}
http {{
  types {{ {types} }}
  log_format status '$status $request_uri';
  access_log {prefix}/access.log status;
  client_body_temp_path {prefix}/body; proxy_temp_path {prefix}/proxy;
  fastcgi_temp_path {prefix}/fastcgi; uwsgi_temp_path {prefix}/uwsgi; scgi_temp_path {prefix}/scgi;
{server}
}}
"""


@contextlib.contextmanager
def run_nginx(folder: Path, prefix: Path, subpath: str = "") -> Iterator[Nginx]:
    """nginx serving ``folder`` on a free loopback port, at ``/`` or under ``/<subpath>/``."""
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(binary).exists():
        pytest.fail("nginx is not installed: run `make test`, which installs it")
    port = free_port()
    where = f"location /{subpath}/ {{ alias {folder}/; }}" if subpath else f"root {folder};"
    types = """text/html html; text/css css; application/javascript js; image/png png;
          image/jpeg jpg jpeg; image/gif gif; image/svg+xml svg;
          application/atom+xml xml; application/pdf pdf; text/csv csv;"""
    server = f"""  server {{
    listen 127.0.0.1:{port};
    {where}
    index index.html;
    charset utf-8;
  }}"""
    (prefix / "nginx.conf").write_text(nginx_conf(prefix, types, server), encoding="utf-8")
    output = prefix / "output.log"
    with output.open("wb") as sink:
        process = subprocess.Popen(
            [binary, "-p", str(prefix), "-c", str(prefix / "nginx.conf")],
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}/" + (f"{subpath}/" if subpath else "")
    deadline = time.monotonic() + 10
    while True:
        try:
            urllib.request.urlopen(url, timeout=1).read()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"nginx did not start: {output.read_text(errors='replace')}")
            time.sleep(0.1)
    # Forget the readiness probe; nginx appends (O_APPEND), so truncating is safe.
    (prefix / "access.log").write_text("", encoding="utf-8")
    try:
        yield Nginx(url, prefix / "access.log", prefix / "error.log")
    finally:
        process.terminate()
        process.wait(timeout=10)
