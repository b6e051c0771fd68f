"""The preview's rebuild after a save of issue files: what changed, written in place.

A full ``build()`` plans and keys every output of the archive and swaps the whole
site in; the server is long-lived, so after the first build it keeps what the
folder was made from (:class:`~ybbulletin.serve.shown.Shown`) and a save costs
what it changed. :func:`~ybbulletin.serve.quick.quick_pages` has written the saved
issue's own pages already; :meth:`Incremental.update` (in a thread of its own, so
that the next save is never kept waiting) then

1. loads the archive (the archive cache, in memory, re-reads only the saved file),
   plans the views and pages, runs the 公众号 checks of changed issues and tells
   the open pages the outcome (errors, warnings, pages changed);
2. brings the rest up to date unit by unit: issues whose own file, neighbours,
   number or mark changed, the pages made from every issue (home, archive, 栏目,
   cases, feed, sitemap …), images, the 公众号 files of changed issues; then removes
   the files no longer made.

Each unit renders outside the builder's lock and writes under it, recording what it
wrote as it writes. A save that comes in the meantime cancels the rest (a unit
rendered for older content is not written) and the next update starts over from
what was recorded, so after any sequence of saves the folder holds what a fresh
build makes (``tests/test_serve_incremental.py``). Changes to the settings,
templates, images or anything but issue files go through the full build.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Mapping, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from ybbulletin.archive_cache import ArchiveCache
from ybbulletin.build import render_context
from ybbulletin.build.keys import media
from ybbulletin.build.outputs import site_assets, warn_without_base_url
from ybbulletin.errors import ContentError, Diagnostic, Diagnostics
from ybbulletin.plan import build_views
from ybbulletin.project import load_archive
from ybbulletin.render.pages import make_environment, render_page
from ybbulletin.render.registry import SITE_FILES, SiteContext
from ybbulletin.serve.disk import Folder
from ybbulletin.serve.planned import Cycle, downloads, issue_formats, planned
from ybbulletin.serve.recording import Cancelled, Recording
from ybbulletin.serve.shown import Shown, Signature, signature, site_signature
from ybbulletin.serve.whole import whole_keys
from ybbulletin.site import plan_site
from ybbulletin.views import IssueView, Page

__all__ = ["OWN_PAGES", "Incremental", "Outcome", "owner"]

#: The pages of one issue; every other page is made from every issue.
OWN_PAGES = ("issue.html", "article.html")
Publish = Callable[[list[str], Diagnostics], None]
Commit = Callable[[], None]
Unit = Callable[[], Commit]  # renders, and returns what writes it


def owner(page: Page) -> IssueView:
    """The issue an issue or article page belongs to."""
    if page.template == "issue.html":
        issue: IssueView = page.context["issue"]
        return issue
    return page.context["article"].issue  # type: ignore[no-any-return]


@dataclass
class Outcome:
    """What one update did: site paths changed, files written, whether it was cut short."""

    changed: list[str] = field(default_factory=list)
    written: int = 0
    published: int = 0  # how many of ``changed`` the first report told the pages
    interrupted: bool = False
    diagnostics: Diagnostics = field(default_factory=Diagnostics)


class Incremental:
    """Updates of one preview folder after a full build made it (see the module text)."""

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
        self.last: Cycle | None = None  # the last plan (the saved issue's neighbours …)
        # the 公众号 checks of each issue: (its signature, its positions, what they said)
        self._checks: dict[str, tuple[object, object, list[Diagnostic]]] = {}
        self._env: jinja2.Environment | None = None

    @property
    def ready(self) -> bool:
        return self.shown is not None

    def invalidate(self) -> None:
        """Forget what the folder holds: the next change goes through a full build."""
        self.shown = self.last = self._env = None
        self.folder.forget()

    def environment(self) -> jinja2.Environment:
        if self._env is None:
            self._env = make_environment(self.root)
        return self._env

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
        self.last = cycle
        self.shown = Shown(
            archive.publication.model_dump_json(),
            {view.dir: site_signature(view) for view in cycle.views},
            {view.dir: signature(view) for view in cycle.plain},
            Shown.of_whole(cycle.views),
            whole_keys(cycle),
        )

    def update(
        self, cancelled: Callable[[], bool], lock: threading.Lock, publish: Publish
    ) -> Outcome | None:
        """Bring the folder up to the content; None if only a full build can (settings)."""
        cache = self.cache
        with cache.cancelled_by(cancelled) if isinstance(cache, Recording) else nullcontext():
            cycle = self._plan(cancelled)
        archive = cycle.archive
        with lock:  # a full build (the search index …) may have just relearnt it
            shown = self.shown
        if shown is None or cancelled():
            return Outcome(interrupted=True)
        if archive.publication.model_dump_json() != shown.settings:
            return None
        self.last = cycle
        self._run_checks(cycle)
        warn_without_base_url(archive, [f.path for f in SITE_FILES if f not in cycle.site_files])
        if archive.diagnostics.has_errors():
            raise ContentError(archive.diagnostics)
        outcome = Outcome(diagnostics=archive.diagnostics)
        own: dict[str, list[Page]] = {}
        for page in cycle.pages:
            if page.template in OWN_PAGES:
                own.setdefault(owner(page).dir, []).append(page)
        units = self._units(cycle, shown, outcome, own)
        try:
            for n, unit in enumerate(units):
                commit = unit()
                with lock:
                    if cancelled():
                        outcome.interrupted = True
                        return outcome
                    commit()
                if n == 0:  # the issues whose file changed: errors, warnings, reloads
                    publish(list(outcome.changed), archive.diagnostics)
                    outcome.published = len(outcome.changed)
            with lock:
                if cancelled():
                    outcome.interrupted = True
                    return outcome
                self._remove_stale(cycle)
                for mapping in (shown.site, shown.wechat):
                    for slug in set(mapping) - {view.dir for view in cycle.views}:
                        del mapping[slug]
        finally:
            with lock:
                self.folder.save()
        return outcome

    # --- the units ----------------------------------------------------------------------

    def _plan(self, cancelled: Callable[[], bool] = lambda: False) -> Cycle:
        archive = load_archive(self.root, cache=self.cache)
        publication = archive.publication
        plain = build_views(archive)
        if cancelled():
            raise Cancelled
        found, copies = downloads(self.folder, archive.publication, plain, self.links)
        views = build_views(archive, found)
        if cancelled():
            raise Cancelled
        site_files = [f for f in SITE_FILES if publication.base_url or not f.needs_base_url]
        pages = plan_site(publication, views)
        return Cycle(archive, plain, views, copies, render_context(archive), pages, site_files)

    def _units(
        self, cycle: Cycle, shown: Shown, outcome: Outcome, own: dict[str, list[Page]]
    ) -> list[Unit]:
        """What is left to bring up to date, the issues whose file changed first."""
        env = self.environment()

        def pages_of(view: IssueView) -> Unit:
            def unit() -> Commit:
                made = {f"site/{p.path}": _page(env, p) for p in own[view.dir]}

                def commit() -> None:
                    for path, data in made.items():
                        self._put(outcome, path, data)
                    shown.site[view.dir] = site_signature(view)

                return commit

            return unit

        def edited(view: IssueView) -> bool:
            kept = shown.site.get(view.dir)
            return kept is None or kept[1] is not view.archive_issue.issue

        stale = [v for v in cycle.views if shown.site.get(v.dir) != site_signature(v)]
        units: list[Unit] = [_all([pages_of(v) for v in stale if edited(v)])]
        units += [pages_of(v) for v in stale if not edited(v)]
        whole = Shown.of_whole(cycle.views)
        if shown.whole != whole:
            units += self._whole(cycle, shown, outcome, env, whole)
        for view in cycle.plain:
            if shown.wechat.get(view.dir) != signature(view):
                units.append(self._wechat(cycle, shown, outcome, view))
        return units

    def _whole(
        self,
        cycle: Cycle,
        shown: Shown,
        outcome: Outcome,
        env: jinja2.Environment,
        whole: tuple[Signature, ...],
    ) -> list[Unit]:
        """The files made from every issue, and the images and stylesheets beside them."""
        made: dict[str, Callable[[], bytes]] = {}
        for page in cycle.pages:
            if page.template not in OWN_PAGES:
                made[f"site/{page.path}"] = functools.partial(_page, env, page)
        context = SiteContext(cycle.archive.publication, cycle.views, cycle.pages)
        for site_file in cycle.site_files:
            made[f"site/{site_file.path}"] = functools.partial(site_file.render, context)
        # of the files keyed by what they show of the views, those whose key is not the folder's
        keys = whole_keys(cycle)
        made = {
            path: make
            for path, make in made.items()
            if path not in keys or shown.files.get(path) != keys[path]
        }

        def file(path: str, make: Callable[[], bytes]) -> Unit:
            def unit() -> Commit:
                data = make()

                def commit() -> None:
                    shown.whole = None  # till the last of them is written
                    self._put(outcome, path, data)
                    if path in keys:
                        shown.files[path] = keys[path]

                return commit

            return unit

        def files() -> Commit:
            found = {f"site/{p}": d for p, d in site_assets(self.root).items()}
            found.update(  # an image is read only if the folder does not hold its bytes
                (f"site/{p}", image.read())
                for p, image in media(cycle.archive).items()
                if self.folder.sha(f"site/{p}") != image.sha
            )

            def commit() -> None:
                for path, data in found.items():
                    self._put(outcome, path, data)
                for path, source in cycle.copies.items():
                    if self.folder.link(path, source):
                        outcome.written += 1
                        outcome.changed.append(path.removeprefix("site/"))
                shown.whole = whole

            return commit

        return [*(file(path, make) for path, make in made.items()), files]

    def _wechat(self, cycle: Cycle, shown: Shown, outcome: Outcome, view: IssueView) -> Unit:
        def unit() -> Commit:
            rendered = [(f, f.render(cycle.context, view)) for f in issue_formats(self.formats)]

            def commit() -> None:
                for fmt, result in rendered:
                    for name, data in result.files.items():
                        self._put(outcome, f"{fmt.folder}/{name}", data)
                    outcome.diagnostics.extend(result.diagnostics)
                shown.wechat[view.dir] = signature(view)

            return commit

        return unit

    def _remove_stale(self, cycle: Cycle) -> None:
        """Remove what a fresh build would not make (pages of a removed article …)."""
        wanted = planned(cycle, self.root, self.formats)
        tops = ["site", *(f.folder for f in issue_formats(self.formats))]
        for path in self.folder.paths(*tops):
            if path not in wanted:
                self.folder.remove(path)

    def _put(self, outcome: Outcome, path: str, data: bytes) -> None:
        if self.folder.put(path, data):
            outcome.written += 1
            if path.startswith("site/"):
                outcome.changed.append(path.removeprefix("site/"))

    def _run_checks(self, cycle: Cycle) -> None:
        """Each format's own checks (the 公众号's limits), kept per issue while it is unchanged."""
        checks = [f for f in issue_formats(self.formats) if f.check is not None]
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


def _page(env: jinja2.Environment, page: Page) -> bytes:
    return render_page(env, page).encode("utf-8")


def _all(units: list[Unit]) -> Unit:
    """Several units as one (rendered together, written together)."""

    def unit() -> Commit:
        commits = [each() for each in units]

        def commit() -> None:
            for each in commits:
                each()

        return commit

    return unit
