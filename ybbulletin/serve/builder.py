"""Builds for the preview: the site after each change, an issue's PDF or Word file when asked.

The first build, and any change but to issue files (settings, templates, images),
goes through :func:`ybbulletin.build.build` into the preview folder (never the
project's ``build/``), with the same incremental keys. A save of issue files then
goes through :mod:`ybbulletin.serve.incremental`, which keeps what the folder was
made from and writes the saved issue's pages first, in place; both make the same
files. A PDF is rendered again only when its issue changed. One lock: a site
rebuild and a PDF asked for by a click never write into the folder at the same time.
"""

from __future__ import annotations

import gc
import sys
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ybbulletin.build import build
from ybbulletin.cache import Manifest
from ybbulletin.errors import ContentError, Diagnostic, Diagnostics, Location, UsageError
from ybbulletin.serve.incremental import Incremental
from ybbulletin.serve.quick import quick_pages
from ybbulletin.serve.recording import Cancelled, Recording
from ybbulletin.serve.state import PreviewState

__all__ = ["SITE_FOLDER", "WECHAT_FOLDER", "Builder", "Download", "issue_file"]

SITE_FOLDER = "site"
#: Site files a save does not wait for: the search index segments every article (seconds
#: on a large archive); it is made when the search page asks for it.
LATER = ("search",)
SITE_FORMAT = "html"
#: Seconds between writing the saved issue's pages and updating the rest: the open page
#: reloads first, without the update competing with it for the interpreter.
UPDATE_AFTER = 1.0
#: Shown beside the site under /wechat/ (the 公众号 copy pages: cheap, no PDF work).
WECHAT_FOLDER = WECHAT_FORMAT = "wechat"


@dataclass(frozen=True)
class Download:
    """An issue's PDF or Word file, as the site links it: ``files/<name>``."""

    format: str
    folder: str
    slug: str


@dataclass(frozen=True)
class Made:
    """A download that was asked for: the file, or the diagnostics of why there is none."""

    path: Path | None
    diagnostics: list[Diagnostic]


class Builder:
    """Runs the builds of one preview and tells :class:`PreviewState` how they went."""

    def __init__(
        self,
        root: Path,
        preview: Path,
        state: PreviewState,
        say: Callable[[str], None],
    ) -> None:
        self.root = root
        self.preview = preview
        self.state = state
        self.say = say
        self.lock = threading.Lock()
        # kept in memory for the life of the server: a save re-reads only the saved file
        self.cache = Recording()
        self._complete = -1  # the build generation the search index was last made at
        links = [name for name, _folder in self.download_formats()]
        self.incremental = Incremental(root, preview, self.cache, (WECHAT_FORMAT,), links)
        self._handle = threading.Lock()  # guards the update thread's handle
        self._thread: threading.Thread | None = None
        self._cancel = threading.Event()

    @property
    def site(self) -> Path:
        return self.preview / SITE_FOLDER

    @property
    def wechat(self) -> Path:
        return self.preview / WECHAT_FOLDER

    def rebuild(self, changed: set[str] | None = None) -> None:
        """Bring the preview up to date after ``changed`` (project paths; None: anything)
        and tell the open pages; on errors they show them and the last good pages stay."""
        started = time.perf_counter()
        report = self.state.report
        if changed and self.incremental.ready and all(map(issue_file, changed)):
            self._cancel.set()  # an update under way writes nothing more
            paths: list[str] = []
            if not report.errors and not report.failure:  # else the last good pages stay
                with self.lock:
                    try:
                        paths = quick_pages(self.incremental, changed)
                    except Exception:  # the update that follows finds and says what is wrong
                        paths = []
            if paths:  # the saved issue's pages: the editor's page reloads now
                self.state.pages_changed(paths)
                seconds = time.perf_counter() - started
                self.say(f"已更新本期页面：{len(paths)} 个文件，用时 {seconds:.2f} 秒")
            self.state.building()  # the rest of the site follows
            self._start_update(started, time.perf_counter() - started)
            return
        self.state.building()
        self.stop()
        self._build_all(started)

    def stop(self) -> None:
        """Stop the update under way, if any (it stops before it writes again)."""
        self._cancel.set()
        self.settle()

    def settle(self) -> None:
        """Wait for the update under way, if any, to finish (tests and benchmarks)."""
        with self._handle:
            if self._thread is not None:
                self._thread.join()
                self._thread = None

    def _start_update(self, started: float, first: float) -> None:
        with self._handle:
            self._cancel.set()
            if self._thread is not None:
                self._thread.join()
            self._cancel = cancel = threading.Event()
            self._thread = threading.Thread(
                target=self._update, args=(cancel, started, first), name="preview-update"
            )
            self._thread.start()

    def _update(self, cancel: threading.Event, started: float, first: float) -> None:
        """The update after a save (in its own thread: the next save never waits for it)."""
        if cancel.wait(UPDATE_AFTER):  # a newer save came in: its update does this one's
            return
        try:
            outcome = self.incremental.update(cancel.is_set, self.lock, self._publish)
        except Cancelled:
            return
        except (ContentError, UsageError) as exc:
            if not cancel.is_set():  # else the next update says it
                if isinstance(exc, ContentError):
                    self._errors(exc.diagnostics)
                else:
                    self._failed(str(exc))
            return
        except Exception:  # a bug: say it, and let the next change build everything
            with self.lock:
                self.incremental.invalidate()
            self._failed(traceback.format_exc())
            return
        if outcome is None:  # the settings changed: the watcher's news of it builds all
            with self.lock:
                self.incremental.invalidate()
            return
        rest = outcome.changed[outcome.published :]
        if outcome.interrupted:
            if rest:
                self.state.pages_changed(rest)
            return
        self.state.finished(outcome.diagnostics, rest, ok=True)
        self._done(started, outcome.written, outcome.diagnostics, first)

    def _build_all(self, started: float) -> None:
        with self.lock:
            self.incremental.folder.save()
            before = _hashes(self.preview)
            self.cache.seen.clear()
            try:
                result = build(
                    self.root,
                    self.preview,
                    formats=(SITE_FORMAT, WECHAT_FORMAT),
                    jobs=1,
                    links=[name for name, _folder in self.download_formats()],
                    drafts=True,  # the preview shows unsigned issues, marked 草稿/送审稿
                    cache=self.cache,
                    later=LATER,
                )
            except ContentError as exc:
                self._errors(exc.diagnostics)
                return
            except UsageError as exc:
                self._failed(str(exc))
                return
            except Exception:  # a bug: say it in the page and the terminal, keep serving
                self._failed(traceback.format_exc())
                return
            finally:
                self.incremental.folder.forget()
            after = _hashes(self.preview)
            self.incremental.after_build(self.cache.seen, self.cache.settings)
            _keep()
        paths = sorted(
            path.removeprefix(f"{SITE_FOLDER}/")
            for path in set(before) | set(after)
            if path.startswith(f"{SITE_FOLDER}/") and before.get(path) != after.get(path)
        )
        self.state.finished(result.diagnostics, paths, ok=True)
        self._done(started, len(paths), result.diagnostics)

    def _publish(self, changed: list[str], diagnostics: Diagnostics) -> None:
        self.state.finished(diagnostics, changed, ok=True)

    def _done(
        self, started: float, changed: int, diagnostics: Diagnostics, first: float | None = None
    ) -> None:
        seconds = time.perf_counter() - started
        warnings = len(diagnostics.warnings)
        self.say(
            f"已更新预览：{changed} 个文件有变化，用时 {seconds:.2f} 秒"
            + (f"（本期页面 {first:.2f} 秒）" if first is not None else "")
            + (f"，{warnings} 个校对提示" if warnings else "")
        )

    def complete(self) -> None:
        """Make what rebuilds leave for later (the search index) if the content changed."""
        if self.state.report.generation == self._complete:
            return
        self.stop()  # the full build below makes what the update would have
        with self.lock:
            generation = self.state.report.generation
            if generation == self._complete:  # made while this request waited
                return
            started = time.perf_counter()
            self.incremental.folder.save()
            self.cache.seen.clear()
            try:
                build(
                    self.root,
                    self.preview,
                    formats=(SITE_FORMAT, WECHAT_FORMAT),
                    jobs=1,
                    links=[name for name, _folder in self.download_formats()],
                    drafts=True,
                    cache=self.cache,
                )
            except Exception:  # errors show in the pages already; the old index stays
                return
            finally:
                self.incremental.folder.forget()
            self.incremental.after_build(self.cache.seen, self.cache.settings)
            _keep()
            self._complete = generation
        self.say(f"已生成搜索索引（{time.perf_counter() - started:.1f} 秒）")

    def _errors(self, diagnostics: Diagnostics) -> None:
        self.state.finished(diagnostics, [], ok=False)
        for diagnostic in diagnostics.sorted():
            print(diagnostic.format(), file=sys.stderr)
        self.say(f"内容有 {len(diagnostics.errors)} 个错误，页面上显示错误，预览保持上一次的结果")

    def _failed(self, text: str) -> None:
        self.state.failed(text)
        print(text, file=sys.stderr)
        self.say("生成预览时出现内部错误（见上），预览保持上一次的结果")

    @staticmethod
    def download_formats() -> list[tuple[str, str]]:
        """(name, folder) of the formats the site offers for download (PDF, Word)."""
        from ybbulletin.render.registry import FORMATS, IssueFormat

        return [(f.name, f.folder) for f in FORMATS if isinstance(f, IssueFormat) and f.download]

    def downloads(self) -> dict[str, Download]:
        """File name -> the issue and format it is made from, for every download link."""
        from ybbulletin.project import load_archive
        from ybbulletin.render.registry import FORMATS, IssueFormat
        from ybbulletin.site import build_views

        archive = load_archive(self.root, cache=self.cache)
        found: dict[str, Download] = {}
        for fmt in FORMATS:
            if isinstance(fmt, IssueFormat) and fmt.download:
                for view in build_views(archive):
                    names = fmt.files(archive.publication, view)
                    found[names[0]] = Download(fmt.name, fmt.folder, view.dir)
        return found

    def make(self, name: str) -> Made | None:
        """Make ``files/<name>`` unless it is current; None if no issue has such a file."""
        with self.lock:
            try:
                download = self.downloads().get(name)
                if download is None:
                    return None
                self.incremental.folder.save()
                result = build(
                    self.root,
                    self.preview,
                    formats=(download.format,),
                    only=[download.slug],
                    jobs=1,
                    drafts=True,
                    cache=self.cache,
                )
            except ContentError as exc:
                errors = exc.diagnostics.errors
                return Made(None, sorted(errors, key=Diagnostic.sort_key))
            except UsageError as exc:
                return Made(None, [_internal(str(exc))])
            except Exception:
                return Made(None, [_internal(traceback.format_exc())])
            finally:  # the site and 公众号 files are as they were; the manifest is new
                self.incremental.folder.forget()
        if result.written:  # else the file made for an earlier click is still current
            self.say(f"已生成 {name}（{result.seconds:.1f} 秒）")
        return Made(self.preview / download.folder / name, [])


def _keep() -> None:
    """After a full build: what the server keeps (the loaded archive, its parsed texts …)
    is left out of the garbage collector's full passes, which would otherwise walk it
    for a second or more in the middle of an update (and hold every thread meanwhile)."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def issue_file(path: str) -> bool:
    """An issue file (or one taken for it): what the incremental rebuild handles."""
    return path.startswith("content/issues/") and path.endswith((".yaml", ".yml"))


def _internal(text: str) -> Diagnostic:
    diags = Diagnostics()
    diags.error(Location("ybbulletin"), f"内部错误：{text}")
    return diags.items[0]


def _hashes(preview: Path) -> dict[str, str]:
    """Output path -> hash of its bytes, as the last build's manifest records them."""
    return {path: entry[1] for path, entry in Manifest.load(preview).entries.items()}
