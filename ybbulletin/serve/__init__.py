"""``ybbulletin serve``: live preview — build on save, reload the page, errors shown in it.

The pieces, each in its module::

    watch.Watcher      ybbulletin.yaml, content/, templates/ -> batches of changed paths
    builder.Builder    build() into a temporary preview folder; PDF/Word on a click
    state.PreviewState each build's outcome, and which pages it changed
    server             the preview folder over HTTP (strict paths), the reload script
                       and its event stream (server-sent events)

The main thread runs the builds (so Ctrl-C stops a build the way it stops
``ybbulletin build``: staging removed, nothing half-written); the server runs in
its own thread. On the way out the watcher and server stop and the preview folder
is removed: no process and no temporary folder is left behind.
"""

from __future__ import annotations

import datetime
import ipaddress
import queue
import shutil
import sys
import tempfile
import threading
import time
import webbrowser
from pathlib import Path

from ybbulletin.errors import UsageError, excerpt
from ybbulletin.interrupt import handled
from ybbulletin.oserrors import reason
from ybbulletin.serve.builder import Builder, issue_file
from ybbulletin.serve.server import bind
from ybbulletin.serve.state import PreviewState
from ybbulletin.serve.watch import Watcher

__all__ = ["serve"]

#: A burst of changes coming in over separate batches (two watchers) is built once. Not
#: waited for when a batch holds issue files only (a save, the editor waiting on its page):
#: the root watcher's news of the settings, if any, follows and builds everything anyway.
SETTLE_SECONDS = 0.02
#: How long a thread holds the interpreter before another one waiting gets it.
SWITCH_SECONDS = 0.001


def _say(text: str) -> None:
    print(f"[{datetime.datetime.now():%H:%M:%S}] {text}", flush=True)


def serve(
    root: Path, *, host: str = "127.0.0.1", port: int = 8000, open_browser: bool = False
) -> int:
    """Serve a live preview of the project at ``root`` until Ctrl-C; return the exit code."""
    if not (root / "ybbulletin.yaml").is_file():
        raise UsageError(
            f"{root} 中没有 ybbulletin.yaml：请在内容项目的根目录运行，或用 --project 指定"
        )
    try:
        server, moved = bind(host, port)
    except OSError as exc:
        raise UsageError(f"无法在 {excerpt(host)}:{port} 上启动预览：{reason(exc)}") from None
    except (UnicodeError, TypeError):  # a name no resolver takes (a label over 63 characters)
        raise UsageError(
            f"无法在 {excerpt(host)}:{port} 上启动预览：找不到这个地址"
            "（--host 应为本机的 IP 地址，如 127.0.0.1 或 0.0.0.0）"
        ) from None
    preview = Path(tempfile.mkdtemp(prefix="ybbulletin-preview-"))
    state = PreviewState()
    builder = Builder(root, preview, state, _say)
    server.builder, server.state = builder, state
    watcher = Watcher(root)
    thread = threading.Thread(target=server.serve_forever, args=(0.2,), name="preview-server")
    # SIGTERM stops as cleanly as Ctrl-C; SIGINT too when a shell started us in the background
    with handled():
        # the update after a save runs in a thread beside the server's: switch sooner than the
        # default 5 ms, so that serving the reloaded page does not wait on it for long
        switching = sys.getswitchinterval()
        sys.setswitchinterval(SWITCH_SECONDS)
        try:
            actual = server.server_address[1]
            if moved:
                _say(f"端口 {port} 已被占用，改用 {actual}")
            _warn_if_public(host)
            url = f"http://{_shown_host(host)}:{actual}/"
            thread.start()
            watcher.start()
            _say(f"预览地址：{url}（按 Ctrl-C 停止）")
            builder.rebuild()
            if open_browser:
                webbrowser.open(url)
            _loop(watcher, builder)
        except KeyboardInterrupt:
            pass
        finally:
            sys.setswitchinterval(switching)
            state.close()
            watcher.close()
            builder.stop()
            if thread.is_alive():
                server.shutdown()
                thread.join(timeout=5)
            server.server_close()
            with builder.lock:  # a PDF being made for a click finishes first
                shutil.rmtree(preview, ignore_errors=True)
            _say("预览已停止")
    return 0


def _loop(watcher: Watcher, builder: Builder) -> None:
    while True:
        try:
            changed = watcher.changes.get(timeout=0.5)
        except queue.Empty:
            continue
        if not all(map(issue_file, changed)):
            time.sleep(SETTLE_SECONDS)
        while True:
            try:
                changed |= watcher.changes.get_nowait()
            except queue.Empty:
                break
        shown = "、".join(sorted(changed)[:3]) + ("等" if len(changed) > 3 else "")
        _say(f"{shown} 有改动，重新生成")
        builder.rebuild(changed)


def _warn_if_public(host: str) -> None:
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = host == "localhost"
    if not loopback:
        _say(
            f"注意：--host {host} 使预览可以从网络上的其他电脑访问（包括尚未签发的内容）；"
            "只在本机预览时请用默认的 127.0.0.1"
        )


def _shown_host(host: str) -> str:
    if host in ("0.0.0.0", "::", ""):
        return "127.0.0.1"
    return f"[{host}]" if ":" in host else host
