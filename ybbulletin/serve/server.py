"""The preview's HTTP server: the preview folder, the reload script and its event stream.

The standard library's ``ThreadingHTTPServer`` (one thread per connection, so an
open event stream never blocks a page) with a handler that serves only what
:func:`resolve_request` finds inside the preview's ``site/``. Reserved paths
under ``/__ybbulletin/`` give the reload script and the event stream, which sends
nothing but each build's outcome. A failing request never stops the server.
"""

from __future__ import annotations

import contextlib
import errno
import html
import json
import mimetypes
import socket
import sys
import traceback
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from ybbulletin.errors import Diagnostic
from ybbulletin.serve.builder import Builder
from ybbulletin.serve.paths import resolve_request
from ybbulletin.serve.state import PreviewState, Report, site_path

__all__ = ["PORT_TRIES", "PreviewServer", "bind"]

PREFIX = "/__ybbulletin/"
WECHAT_PREFIX = "/wechat/"
LIVE_SCRIPT = Path(__file__).resolve().parent / "live.js"
HEARTBEAT_SECONDS = 10.0
PORT_TRIES = 20


class PreviewServer(ThreadingHTTPServer):
    """One preview: its builder (which knows the folder) and the state pages are told."""

    daemon_threads = True  # an open event stream must not hold up the exit
    builder: Builder
    state: PreviewState
    verbose: bool = False


class _V6Server(PreviewServer):
    address_family = socket.AF_INET6


def bind(host: str, port: int) -> tuple[PreviewServer, bool]:
    """A server on ``host``: on ``port``, or the next free one (True if it had to move)."""
    cls = _V6Server if ":" in host else PreviewServer
    for candidate in range(port, port + PORT_TRIES):
        try:
            return cls((host, candidate), _Handler), candidate != port
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE or port == 0:
                raise
    raise OSError(errno.EADDRINUSE, f"端口 {port}–{port + PORT_TRIES - 1} 都已被占用")


class _Handler(BaseHTTPRequestHandler):
    server: PreviewServer
    server_version = "ybbulletin-preview"
    sys_version = ""

    def do_GET(self) -> None:
        self._handle(head=False)

    def do_HEAD(self) -> None:
        self._handle(head=True)

    def log_message(self, format: str, *args: Any) -> None:
        if self.server.verbose:
            sys.stderr.write(f"{self.address_string()} {format % args}\n")

    def _handle(self, *, head: bool) -> None:
        try:
            path = urlsplit(self.path).path if not self.path.startswith("/") else self.path
            if path.startswith(PREFIX):
                self._internal(path.removeprefix(PREFIX).split("?", 1)[0], head=head)
            elif path.startswith("/files/") and "/" not in path.removeprefix("/files/"):
                self._download(unquote(path.removeprefix("/files/").split("?", 1)[0]), head)
            elif path.startswith(WECHAT_PREFIX):  # the 公众号 copy pages beside the site
                prefix = WECHAT_PREFIX.rstrip("/")
                self._static(head, self.server.builder.wechat, path.removeprefix(prefix), prefix)
            elif path.startswith("/search/") and path.split("?", 1)[0].endswith(".js"):
                self.server.builder.complete()  # the index, made when the search asks
                self._static(head)
            else:
                self._static(head)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the browser went away
        except Exception:  # a bug in handling: answer 500 if possible, keep serving
            traceback.print_exc(file=sys.stderr)
            with contextlib.suppress(OSError):
                self.send_error(HTTPStatus.INTERNAL_SERVER_ERROR)

    # --- the preview folder ---------------------------------------------------------

    def _static(
        self, head: bool, folder: Path | None = None, target: str = "", prefix: str = ""
    ) -> None:
        """A file of the site, or of ``folder`` for ``target`` under ``prefix`` (/wechat)."""
        resolved = resolve_request(folder or self.server.builder.site, target or self.path)
        if resolved is None:
            self._page(HTTPStatus.NOT_FOUND, _missing_page(self.server.state.report), head)
            return
        if resolved.redirect is not None:
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", prefix + resolved.redirect)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        assert resolved.file is not None
        try:
            data = resolved.file.read_bytes()
        except OSError:  # swapped away by a rebuild between resolving and reading
            self._page(HTTPStatus.NOT_FOUND, _missing_page(self.server.state.report), head)
            return
        kind = mimetypes.guess_type(resolved.file.name)[0] or "application/octet-stream"
        if kind == "text/html":
            data = inject(data, self.server.state.report.generation)
        self._send(HTTPStatus.OK, data, kind, head)

    def _download(self, name: str, head: bool) -> None:
        made = self.server.builder.make(name)
        if made is None:
            self._static(head)
        elif made.path is None:
            self._page(HTTPStatus.INTERNAL_SERVER_ERROR, _error_page(name, made.diagnostics), head)
        else:
            kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
            self._send(HTTPStatus.OK, made.path.read_bytes(), kind, head)

    # --- the reload script and its events ---------------------------------------------

    def _internal(self, name: str, *, head: bool) -> None:
        if name == "live.js":
            self._send(HTTPStatus.OK, LIVE_SCRIPT.read_bytes(), "text/javascript", head)
        elif name == "events" and not head:
            self._events()
        else:
            self._page(HTTPStatus.NOT_FOUND, _missing_page(self.server.state.report), head)

    def _events(self) -> None:
        query = parse_qs(urlsplit(self.path).query)
        try:
            since = int(query.get("since", ["0"])[0])
        except ValueError:
            since = 0
        page = site_path(query.get("page", ["/"])[0])
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        seen: Report | None = None
        told: tuple[dict[str, str], ...] | None = None  # the warnings this page has
        state = self.server.state
        while not state.closed:
            report = state.wait(seen, HEARTBEAT_SECONDS)
            if report is None:
                self.wfile.write(b": ping\n\n")  # finds a closed connection
            else:
                seen = report
                event = report.for_page(page, since)
                # thousands of 校对 warnings are sent (and laid out by the page) when they
                # change, not with every event: a reload must not wait behind them
                if told is not None and report.warnings == told:
                    event["warnings"] = None
                told = report.warnings
                data = json.dumps(event, ensure_ascii=False)
                self.wfile.write(f"event: state\ndata: {data}\n\n".encode())
            self.wfile.flush()

    # --- answers ------------------------------------------------------------------------

    def _page(self, status: HTTPStatus, body: str, head: bool) -> None:
        data = inject(body.encode("utf-8"), self.server.state.report.generation)
        self._send(status, data, "text/html", head)

    def _send(self, status: HTTPStatus, data: bytes, kind: str, head: bool) -> None:
        self.send_response(status)
        if kind.startswith("text/") or kind in ("application/javascript", "image/svg+xml"):
            kind += "; charset=utf-8"
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if not head:
            self.wfile.write(data)


def inject(page: bytes, generation: int) -> bytes:
    """The page with the reload script before its ``</body>`` (served, never written)."""
    tag = f'<script src="{PREFIX}live.js" data-generation="{generation}"></script>\n'.encode()
    at = page.rfind(b"</body>")
    return page[:at] + tag + page[at:] if at >= 0 else page + tag


_PAGE = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title>
<style>body{{font:16px/1.7 sans-serif;margin:3em auto;max-width:46em;padding:0 1em}}
pre{{white-space:pre-wrap;background:#f6f6f6;padding:1em}}</style></head>
<body><h1>{title}</h1>{body}</body></html>
"""


def _missing_page(report: Report) -> str:
    if not report.built:
        text = "正在生成预览，完成后本页会自动刷新。"
        if not report.building:
            text = "还没有可以预览的页面：内容有错误，改正后本页会自动刷新。"
        return _PAGE.format(title="ybbulletin 预览", body=f"<p>{text}</p>")
    return _PAGE.format(
        title="找不到这个页面", body='<p>预览中没有这个页面。<a href="/">回到首页</a></p>'
    )


def _error_page(name: str, diagnostics: list[Diagnostic]) -> str:
    items = "\n".join(html.escape(d.format()) for d in diagnostics)
    return _PAGE.format(
        title=html.escape(f"无法生成 {name}"),
        body="<p>生成时出现以下问题，改正后再点一次下载链接。</p>"
        f'<pre class="yb-errors">{items}</pre>',
    )
