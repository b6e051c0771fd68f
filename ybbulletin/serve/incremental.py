"""The preview's rebuild after a save of issue files: what changed, written in place, page first.

A full ``build()`` plans and keys every output of the archive and swaps the whole
site in; the server is long-lived, so after the first build it keeps what the
folder was made from (:class:`~ybbulletin.serve.shown.Shown`) and a save costs
what it changed:

1. load the archive (the archive cache, in memory, re-reads only the saved file),
   plan the views and pages (cheap), run the 公众号 checks of changed issues;
2. render the pages of the issues whose file changed, write them in place and tell
   the open pages (the page the editor looks at reloads now);
3. then, unless another save is already waiting, the rest, unit by unit: issues
   whose neighbours, number or mark changed, the pages made from every issue
   (home, archive, 栏目, cases, feed, sitemap …), images, the 公众号 files of
   changed issues, and files no longer made are removed. A save that comes in the
   meantime stops the rest; the next rebuild starts with it and does the rest then
   (what was written is recorded as it is written, so nothing is lost or stale).

After any sequence of rebuilds the folder holds what a fresh build makes
(``tests/test_serve_incremental.py``). Changes to the settings, templates, images
or anything but issue files go through the full build.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from ybbulletin.archive_cache import ArchiveCache
from ybbulletin.build import render_context
from ybbulletin.build.keys import media
from ybbulletin.build.outputs import site_assets
from ybbulletin.errors import ContentError, Diagnostic, Diagnostics
from ybbulletin.plan import build_views
from ybbulletin.project import Archive, load_archive
from ybbulletin.render.pages import make_environment, render_page
from ybbulletin.render.registry import (
    FORMATS,
    SITE_FILE_SETS,
    SITE_FILES,
    IssueFormat,
    RenderContext,
    SiteContext,
    SiteFile,
)
from ybbulletin.serve.disk import Folder
from ybbulletin.serve.shown import Shown, signature, site_signature
from ybbulletin.site import plan_site
from ybbulletin.views import Download, IssueView, Page

__all__ = ["Incremental", "Outcome", "no_base_url"]

OWN_PAGES = ("issue.html", "article.html")
Publish = Callable[[list[str], Diagnostics], None]


@dataclass
class Outcome:
    """What one rebuild did: site paths changed, files written, whether the rest was put off."""

    changed: list[str] = field(default_factory=list)
    written: int = 0
    first: float = 0.0  # seconds until the edited issue's pages were written
    published: int = 0  # how many of ``changed`` were told to the pages right then
    interrupted: bool = False
    diagnostics: Diagnostics = field(default_factory=Diagnostics)


@dataclass
class _Cycle:
    """One rebuild's archive, views and plan."""

    archive: Archive
    plain: list[IssueView]  # as the issue formats see them: no download links
    views: list[IssueView]
    copies: dict[str, str]  # site/files/x.pdf -> pdf/x.pdf, for the files made so far
    context: RenderContext
    pages: list[Page]
    site_files: list[SiteFile]


class Incremental:
    """Rebuilds of one preview folder after a full build made it (see the module text)."""

    def __init__(
        self,
        root: Path,
        out: Path,
        cache: ArchiveCache,
        formats: Sequence[str],
        links: Sequence[str],
    ) -> None:
        self.root = root
        self.cache = cache
        self.formats = formats
        self.links = links
        self.folder = Folder(out)
        self.shown: Shown | None = None
        # the 公众号 checks of each issue: (its signature, its positions, what they said)
        self._checks: dict[str, tuple[object, object, list[Diagnostic]]] = {}
        self._env: jinja2.Environment | None = None

    @property
    def ready(self) -> bool:
        return self.shown is not None

    def invalidate(self) -> None:
        """Forget what the folder holds: the next change goes through a full build."""
        self.shown = None
        self._env = None
        self.folder.forget()

    def after_build(self, seen: Mapping[str, object], settings: str | None) -> None:
        """A full build made the folder from the issues ``seen`` (file -> validated issue):
        learn their signatures, if the archive as loaded now is still that one."""
        self.invalidate()
        try:
            cycle = self._plan()
        except ContentError:
            return
        archive = cycle.archive
        if settings != archive.publication.model_dump_json() or set(seen) != {
            a.path for a in archive.issues
        }:
            return
        if any(seen[a.path] is not a.issue for a in archive.issues):
            return  # a file changed while it was built: its change is on the way
        self._run_checks(cycle)
        self.shown = Shown(
            archive.publication.model_dump_json(),
            {view.dir: site_signature(view) for view in cycle.views},
            {view.dir: signature(view) for view in cycle.plain},
            Shown.of_whole(cycle.views),
        )

    def update(self, pending: Callable[[], bool], publish: Publish) -> Outcome | None:
        """Bring the folder up to the content; None if only a full build can (settings)."""
        shown = self.shown
        assert shown is not None
        started = time.perf_counter()
        cycle = self._plan()
        archive = cycle.archive
        if archive.publication.model_dump_json() != shown.settings:
            return None
        self._run_checks(cycle)
        no_base_url(archive, len(cycle.site_files) < len(SITE_FILES))
        if archive.diagnostics.has_errors():
            raise ContentError(archive.diagnostics)
        outcome = Outcome(diagnostics=archive.diagnostics)
        try:
            own = self._first(cycle, shown, outcome)
            outcome.first = time.perf_counter() - started
            if outcome.changed:  # the page the editor looks at reloads now
                publish(list(outcome.changed), archive.diagnostics)
                outcome.published = len(outcome.changed)
            self._rest(cycle, shown, outcome, own, pending)
        finally:
            self.folder.save()
        return outcome

    # --- the steps --------------------------------------------------------------------

    def _plan(self) -> _Cycle:
        archive = load_archive(self.root, cache=self.cache)
        publication = archive.publication
        plain = build_views(archive)
        downloads, copies = self._downloads(archive, plain)
        views = build_views(archive, downloads)
        site_files = [f for f in SITE_FILES if publication.base_url or not f.needs_base_url]
        pages = plan_site(publication, views)
        return _Cycle(archive, plain, views, copies, render_context(archive), pages, site_files)

    def _first(self, cycle: _Cycle, shown: Shown, outcome: Outcome) -> dict[str, list[Page]]:
        """Write the pages of the issues whose file changed; the pages of every issue."""
        own: dict[str, list[Page]] = {}
        for page in cycle.pages:
            if page.template in OWN_PAGES:
                holder = page.context["issue" if page.template == "issue.html" else "article"]
                issue = holder if isinstance(holder, IssueView) else holder.issue
                own.setdefault(issue.dir, []).append(page)
        edited = [
            view
            for view in cycle.views
            if view.dir not in shown.site or shown.site[view.dir][1] is not view.archive_issue.issue
        ]
        if edited:
            env = self._environment()
            made = {
                f"site/{page.path}": render_page(env, page).encode("utf-8")
                for view in edited
                for page in own.get(view.dir, [])
            }
            for path, data in made.items():
                self._put(outcome, path, data)
            for view in edited:
                shown.site[view.dir] = site_signature(view)
        return own

    def _rest(
        self,
        cycle: _Cycle,
        shown: Shown,
        outcome: Outcome,
        own: dict[str, list[Page]],
        pending: Callable[[], bool],
    ) -> None:
        units = self._units(cycle, shown, outcome, own)
        for unit in units:
            if pending():
                outcome.interrupted = True
                return
            unit()
        self._remove_stale(cycle)
        for mapping in (shown.site, shown.wechat):
            for slug in set(mapping) - {view.dir for view in cycle.views}:
                del mapping[slug]

    def _units(
        self, cycle: _Cycle, shown: Shown, outcome: Outcome, own: dict[str, list[Page]]
    ) -> list[Callable[[], None]]:
        """What is left to bring up to date, each a step a waiting save may come before."""
        units: list[Callable[[], None]] = []
        env = self._environment()

        def pages_of(view: IssueView) -> Callable[[], None]:
            def unit() -> None:
                for page in own.get(view.dir, []):
                    self._put(outcome, f"site/{page.path}", render_page(env, page).encode())
                shown.site[view.dir] = site_signature(view)

            return unit

        for view in cycle.views:
            if shown.site.get(view.dir) != site_signature(view):
                units.append(pages_of(view))
        whole = Shown.of_whole(cycle.views)
        if shown.whole != whole:
            units += self._whole(cycle, outcome, env)

            def done() -> None:
                shown.whole = whole

            units.append(done)
        for view in cycle.plain:
            if shown.wechat.get(view.dir) != signature(view):
                units.append(self._wechat(cycle, shown, outcome, view))
        return units

    def _whole(
        self, cycle: _Cycle, outcome: Outcome, env: jinja2.Environment
    ) -> list[Callable[[], None]]:
        """The files made from every issue, and the images and stylesheets beside them."""
        units: list[Callable[[], None]] = []
        for page in cycle.pages:
            if page.template not in OWN_PAGES:
                units.append(
                    lambda page=page: self._put(  # type: ignore[misc]
                        outcome, f"site/{page.path}", render_page(env, page).encode()
                    )
                )
        context = SiteContext(cycle.archive.publication, cycle.views, cycle.pages)
        for site_file in cycle.site_files:
            units.append(
                lambda f=site_file: self._put(  # type: ignore[misc]
                    outcome, f"site/{f.path}", f.render(context)
                )
            )

        def files() -> None:
            for path, data in site_assets(self.root).items():
                self._put(outcome, f"site/{path}", data)
            for path, (_issue, data) in media(cycle.archive).items():
                self._put(outcome, f"site/{path}", data)
            for path, source in cycle.copies.items():
                if self.folder.link(path, source):
                    outcome.written += 1
                    outcome.changed.append(path.removeprefix("site/"))

        units.append(files)
        return units

    def _wechat(
        self, cycle: _Cycle, shown: Shown, outcome: Outcome, view: IssueView
    ) -> Callable[[], None]:
        def unit() -> None:
            for fmt in self._issue_formats():
                rendered = fmt.render(cycle.context, view)
                for name, data in rendered.files.items():
                    self._put(outcome, f"{fmt.folder}/{name}", data)
                outcome.diagnostics.extend(rendered.diagnostics)
            shown.wechat[view.dir] = signature(view)

        return unit

    def _remove_stale(self, cycle: _Cycle) -> None:
        """Remove what a fresh build would not make (pages of a removed article …)."""
        planned = {f"site/{page.path}" for page in cycle.pages}
        planned |= {f"site/{path}" for path in site_assets(self.root)}
        planned |= {f"site/{path}" for path in media(cycle.archive)}
        planned |= {f"site/{f.path}" for f in cycle.site_files}
        planned |= set(cycle.copies)
        context = SiteContext(cycle.archive.publication, cycle.views, cycle.pages)
        for file_set in SITE_FILE_SETS:  # left for later (the search index): kept as made
            planned |= {f"site/{path}" for path in file_set.paths(context)}
        publication = cycle.archive.publication
        tops = ["site"]
        for fmt in self._issue_formats():
            tops.append(fmt.folder)
            for view in cycle.plain:
                planned |= {f"{fmt.folder}/{name}" for name in fmt.files(publication, view)}
        for path in self.folder.paths(*tops):
            if path not in planned:
                self.folder.remove(path)

    # --- helpers ----------------------------------------------------------------------

    def _put(self, outcome: Outcome, path: str, data: bytes) -> None:
        if self.folder.put(path, data):
            outcome.written += 1
            if path.startswith("site/"):
                outcome.changed.append(path.removeprefix("site/"))

    def _environment(self) -> jinja2.Environment:
        if self._env is None:
            self._env = make_environment(self.root)
        return self._env

    def _issue_formats(self) -> list[IssueFormat]:
        return [f for f in FORMATS if isinstance(f, IssueFormat) and f.name in self.formats]

    def _downloads(
        self, archive: Archive, plain: list[IssueView]
    ) -> tuple[dict[str, list[Download]], dict[str, str]]:
        """The download links of each issue, as the full build gives them, and the copies
        in site/files/ of the files made so far (a link's size shows once its file exists)."""
        found: dict[str, list[Download]] = {}
        copies: dict[str, str] = {}
        for fmt in FORMATS:
            if not isinstance(fmt, IssueFormat) or not fmt.download or fmt.name not in self.links:
                continue
            for view in plain:
                name = fmt.files(archive.publication, view)[0]
                source = f"{fmt.folder}/{name}"
                size = None
                if self.folder.has(source):
                    copies[f"site/files/{name}"] = source
                    size = (self.folder.out / source).stat().st_size
                found.setdefault(view.dir, []).append(
                    Download(fmt.download, f"files/{name}", "", size)
                )
        return found, copies

    def _run_checks(self, cycle: _Cycle) -> None:
        """Each format's own checks (the 公众号's limits), kept per issue while it is unchanged."""
        checks = [f for f in self._issue_formats() if f.check is not None]
        diagnostics = cycle.archive.diagnostics
        for view in cycle.plain:
            key, located = signature(view), view.archive_issue.located
            kept = self._checks.get(view.dir)
            if kept is None or kept[0] != key or kept[1] is not located:
                said: list[Diagnostic] = []
                for fmt in checks:
                    assert fmt.check is not None
                    said.extend(fmt.check(cycle.context, view))
                kept = self._checks[view.dir] = (key, located, said)
            diagnostics.extend(kept[2])


def no_base_url(archive: Archive, skipped: bool) -> None:
    """The warning the full build gives when feed and sitemap are left out (no base_url)."""
    if not skipped:
        return
    from ybbulletin.errors import Location
    from ybbulletin.project import SETTINGS_FILE

    paths = [f.path for f in SITE_FILES if f.needs_base_url]
    archive.diagnostics.warning(
        Location(SETTINGS_FILE),
        f"没有设置 base_url，不生成 {' 和 '.join(paths)}",
        "在 ybbulletin.yaml 中写网站的正式地址，例如 base_url: https://www.example.gov.cn/ybxx/",
    )
