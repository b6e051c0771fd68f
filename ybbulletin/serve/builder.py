"""Builds for the preview: the site after each change, an issue's PDF or Word file when asked.

Everything goes through :func:`ybbulletin.build.build` into the preview folder
(never the project's ``build/``), so the preview shows exactly what ``build``
makes, with the same incremental keys: a change re-renders what it affects, and a
PDF is rendered again only when its issue changed. One lock: a site rebuild and
a PDF asked for by a click never write into the folder at the same time.
"""

from __future__ import annotations

import sys
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ybbulletin.archive_cache import ArchiveCache
from ybbulletin.build import build
from ybbulletin.cache import Manifest
from ybbulletin.errors import ContentError, Diagnostic, Diagnostics, Location, UsageError
from ybbulletin.serve.state import PreviewState

__all__ = ["SITE_FOLDER", "WECHAT_FOLDER", "Builder", "Download"]

SITE_FOLDER = "site"
#: Site files a save does not wait for: the search index segments every article (seconds
#: on a large archive); it is made when the search page asks for it.
LATER = ("search",)
SITE_FORMAT = "html"
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
        self.cache = ArchiveCache()
        self._complete = -1  # the build generation the search index was last made at

    @property
    def site(self) -> Path:
        return self.preview / SITE_FOLDER

    @property
    def wechat(self) -> Path:
        return self.preview / WECHAT_FOLDER

    def rebuild(self) -> None:
        """Build the site; publish what changed, or the errors (the last good pages stay)."""
        self.state.building()
        started = time.perf_counter()
        with self.lock:
            before = _hashes(self.preview)
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
            after = _hashes(self.preview)
        changed = sorted(
            path.removeprefix(f"{SITE_FOLDER}/")
            for path in set(before) | set(after)
            if path.startswith(f"{SITE_FOLDER}/") and before.get(path) != after.get(path)
        )
        self.state.finished(result.diagnostics, changed, ok=True)
        seconds = time.perf_counter() - started
        warnings = len(result.diagnostics.warnings)
        self.say(
            f"已更新预览：{len(changed)} 个文件有变化，用时 {seconds:.2f} 秒"
            + (f"，{warnings} 个校对提示" if warnings else "")
        )

    def complete(self) -> None:
        """Make what rebuilds leave for later (the search index) if the content changed."""
        with self.lock:
            generation = self.state.report.generation
            if generation == self._complete:
                return
            started = time.perf_counter()
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
        if result.written:  # else the file made for an earlier click is still current
            self.say(f"已生成 {name}（{result.seconds:.1f} 秒）")
        return Made(self.preview / download.folder / name, [])


def _internal(text: str) -> Diagnostic:
    diags = Diagnostics()
    diags.error(Location("ybbulletin"), f"内部错误：{text}")
    return diags.items[0]


def _hashes(preview: Path) -> dict[str, str]:
    """Output path -> hash of its bytes, as the last build's manifest records them."""
    return {path: entry[1] for path, entry in Manifest.load(preview).entries.items()}
