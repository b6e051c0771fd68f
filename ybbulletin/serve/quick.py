"""The saved issue's own pages, written before anything else of the rebuild.

On a save the editor looks at the saved issue's pages. Everything else about the
archive is known from the last plan (the other issues, their order and numbers, the
download links), so this re-reads only the saved files, plans their views between
their neighbours from the last plan, renders their issue and article pages and
writes them in place: tens of milliseconds on a 500-issue archive. The full
incremental rebuild (:mod:`ybbulletin.serve.incremental`) follows at once and
corrects anything this could not know, by the same signatures: a page written here
is written again there if, with the whole archive loaded, its signature differs.

It gives up (and leaves everything to that rebuild) when the saved file has errors,
is new or gone, or changes what numbering and order read (year, number, kind,
date, total).
"""

from __future__ import annotations

from ybbulletin.errors import Diagnostics, Severity
from ybbulletin.loaded import Bodies, FileResult
from ybbulletin.model import ArchiveIssue, Issue
from ybbulletin.plan import build_views
from ybbulletin.project import Archive, load_issue
from ybbulletin.render.pages import render_page
from ybbulletin.serve.incremental import OWN_PAGES, Incremental, owner
from ybbulletin.serve.shown import site_signature
from ybbulletin.site import plan_site

__all__ = ["quick_pages"]


def quick_pages(incremental: Incremental, changed: set[str]) -> list[str]:
    """Write the pages of the saved issue files; the site paths that changed ([]: none)."""
    last, shown = incremental.last, incremental.shown
    if last is None or shown is None:
        return []
    archive = last.archive
    position = {view.archive_issue.path: n for n, view in enumerate(last.views)}
    if not changed <= position.keys():
        return []
    edited: dict[str, FileResult] = {}
    for path in changed:
        if not (archive.root / path).is_file():
            return []
        result = load_issue(archive.root, path, archive.publication, incremental.cache)
        before = last.views[position[path]].archive_issue.issue
        if (
            result.issue is None
            or any(d.severity is Severity.ERROR for d in result.diagnostics)
            or _numbering(result.issue) != _numbering(before)
        ):
            return []
        edited[path] = result
    near = {position[path] + step for path in changed for step in (-1, 0, 1)}
    around = sorted(near & set(range(len(last.views))))
    issues: list[ArchiveIssue] = []
    images = {}
    for n in around:
        archive_issue = last.views[n].archive_issue
        saved = edited.get(archive_issue.path)
        if saved is not None:
            assert saved.issue is not None
            assert saved.located is not None
            archive_issue = ArchiveIssue(
                archive_issue.path, saved.issue, archive_issue.total, saved.located
            )
        issues.append(archive_issue)
        found = saved.images if saved is not None else archive.images.get(archive_issue.path)
        if found:
            images[archive_issue.path] = found
    nearby = Archive(
        archive.root, archive.publication, issues, Bodies(edited), Diagnostics(), images
    )
    downloads = {last.views[n].dir: list(last.views[n].downloads) for n in around}
    views = [v for v in build_views(nearby, downloads) if v.archive_issue.path in edited]
    slugs = {view.dir for view in views}
    env = incremental.environment()
    made = {
        f"site/{page.path}": render_page(env, page).encode("utf-8")
        for page in plan_site(archive.publication, views)
        if page.template in OWN_PAGES and owner(page).dir in slugs
    }
    written = [path for path, data in made.items() if incremental.folder.put(path, data)]
    for view in views:
        shown.site[view.dir] = site_signature(view)
    return [path.removeprefix("site/") for path in written]


def _numbering(issue: Issue) -> tuple[object, ...]:
    """What numbering and the archive's order read of an issue."""
    return (issue.year, issue.number, issue.kind, issue.date, issue.total)
