"""One update's plan: the archive, its views and pages, and every file a fresh build makes.

What :func:`ybbulletin.build.outputs.make_plan` decides for the preview's build
(site and 公众号, PDF and Word offered as links made on a click, drafts shown, the
search index left for later), worked out again without keying every output.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ybbulletin.build.keys import media
from ybbulletin.build.outputs import site_assets
from ybbulletin.model import Publication
from ybbulletin.project import Archive
from ybbulletin.render.registry import (
    FORMATS,
    SITE_FILE_SETS,
    IssueFormat,
    RenderContext,
    SiteContext,
    SiteFile,
)
from ybbulletin.serve.disk import Folder
from ybbulletin.views import Download, IssueView, Page

__all__ = ["Cycle", "downloads", "issue_formats", "planned"]


@dataclass
class Cycle:
    """One update's archive, views and pages."""

    archive: Archive
    plain: list[IssueView]  # as the issue formats see them: no download links
    views: list[IssueView]
    copies: dict[str, str]  # site/files/x.pdf -> pdf/x.pdf, for the files made so far
    context: RenderContext
    pages: list[Page]
    site_files: list[SiteFile]


def issue_formats(formats: Sequence[str]) -> list[IssueFormat]:
    return [f for f in FORMATS if isinstance(f, IssueFormat) and f.name in formats]


def downloads(
    folder: Folder, publication: Publication, plain: list[IssueView], links: Sequence[str]
) -> tuple[dict[str, list[Download]], dict[str, str]]:
    """Each issue's download links as the full build gives them, and the copies in
    site/files/ of the files made so far (a link shows its size once its file exists)."""
    found: dict[str, list[Download]] = {}
    copies: dict[str, str] = {}
    for fmt in FORMATS:
        if not isinstance(fmt, IssueFormat) or not fmt.download or fmt.name not in links:
            continue
        for view in plain:
            name = fmt.files(publication, view)[0]
            source = f"{fmt.folder}/{name}"
            size = None
            if folder.has(source):
                copies[f"site/files/{name}"] = source
                size = (folder.out / source).stat().st_size
            # the key is the file's, which pages do not show: only label, path and size
            found.setdefault(view.dir, []).append(Download(fmt.download, f"files/{name}", "", size))
    return found, copies


def planned(cycle: Cycle, root: Path, formats: Sequence[str]) -> set[str]:
    """Every file the full build would make (or keep: the search index left for later)."""
    wanted = {f"site/{page.path}" for page in cycle.pages}
    wanted |= {f"site/{path}" for path in site_assets(root)}
    wanted |= {f"site/{path}" for path in media(cycle.archive)}
    wanted |= {f"site/{f.path}" for f in cycle.site_files}
    wanted |= set(cycle.copies)
    context = SiteContext(cycle.archive.publication, cycle.views, cycle.pages)
    for file_set in SITE_FILE_SETS:
        wanted |= {f"site/{path}" for path in file_set.paths(context)}
    publication = cycle.archive.publication
    for fmt in issue_formats(formats):
        for view in cycle.plain:
            wanted |= {f"{fmt.folder}/{name}" for name in fmt.files(publication, view)}
    return wanted
