"""The output formats: each declared once, here; ``build`` and ``--formats`` iterate them.

Three shapes of output:

- :class:`IssueFormat`: files made from one issue (PDF, Word, …), rendered in the
  worker pool, one render call per issue. The first file of a format with a
  ``download`` label is offered on the issue's site pages.
- :class:`ArchiveFormat`: files made from the whole archive into their own folder,
  one render call per build.
- :class:`SiteFile`: one more file of the website (``site/``), made from every issue:
  the feed, the sitemap, the case register's downloads.
- :class:`SiteFileSet`: several files of the website named up front and made
  together from every issue: the search index.

The website itself (pages, assets, images) is the ``html`` entry, planned page by
page by the planner; its extra files are ``SITE_FILES``.

Adding a format is one new module under ``render/`` with its render function, and
one line in ``FORMATS`` (or ``SITE_FILES``). Render functions are referenced with
:func:`lazy`, so ``ybbulletin check`` does not import WeasyPrint or python-docx.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ybbulletin.errors import Diagnostics

if TYPE_CHECKING:
    from ybbulletin.model import Publication
    from ybbulletin.views import IssueView, Page

    #: (issue view, name, count, make) -> ``count`` strings: ``make()``, or what it gave
    #: for that issue and name in an earlier build (``build/keys.py``: ``per_issue``).
    PerIssue = Callable[[IssueView, str, int, Callable[[], list[str]]], list[str]]

__all__ = [
    "FORMATS",
    "SITE_FILES",
    "SITE_FILE_SETS",
    "ArchiveFormat",
    "IssueFormat",
    "RenderContext",
    "Rendered",
    "SiteContext",
    "SiteFile",
    "SiteFileSet",
    "SiteFormat",
    "format_names",
    "issue_file_name",
    "lazy",
    "per_issue_lists",
]


@dataclass
class RenderContext:
    """What a render function may read besides its view; one per process, shared by renders.

    ``images`` maps content paths (``issues/2025/images/x.png``) to the bytes of the
    images the bodies use; it is read on first use. ``memo`` holds what a format
    keeps between renders in one process (a Jinja environment, say), keyed by a
    name the format chooses.
    """

    root: Path
    publication: Publication
    load_images: Callable[[], Mapping[str, bytes]]
    memo: dict[str, Any] = field(default_factory=dict)

    @functools.cached_property
    def images(self) -> Mapping[str, bytes]:
        return self.load_images()


@dataclass
class Rendered:
    """What a render function returns: file name (as its format names it) -> bytes."""

    files: dict[str, bytes]
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    substitutions: list[tuple[str, str]] = field(default_factory=list)  # fonts: (wanted, used)


@dataclass(frozen=True)
class IssueFormat:
    """Files made from one issue.

    ``files(publication, issue)`` names them (relative to ``folder``) before anything is
    rendered; ``render(context, issue)`` returns exactly those names. ``reads`` are
    the project-relative files or folders besides the issue's content that the
    output depends on (its templates); they enter the output's cache key.
    """

    name: str  # what --formats calls it
    folder: str  # under build/
    description: str  # for --help: 印刷版
    files: Callable[[Publication, IssueView], list[str]]
    render: Callable[[RenderContext, IssueView], Rendered]
    reads: tuple[str, ...] = ()
    download: str | None = None  # label of the site's download link (PDF, Word), if offered
    warm_up: Callable[[], None] | None = None  # run once before worker processes fork
    # limits the content must keep for this format (located warnings): run by ``check`` and
    # by every build of the format, so they show even when its files come from the cache
    check: Callable[[RenderContext, IssueView], Diagnostics] | None = None


@dataclass(frozen=True)
class ArchiveFormat:
    """Files made from the whole archive into their own folder (rendered once per build)."""

    name: str
    folder: str
    description: str
    files: Callable[[Publication, Sequence[IssueView]], list[str]]
    render: Callable[[RenderContext, Sequence[IssueView]], Rendered]
    reads: tuple[str, ...] = ()


@dataclass(frozen=True)
class SiteFormat:
    """The website: pages planned by the planner, assets, images and ``SITE_FILES``."""

    name: str
    folder: str
    description: str
    reads: tuple[str, ...] = ()


def per_issue_lists(
    per_issue: PerIssue | None,
    issues: Sequence[IssueView],
    name: str,
    make: Callable[[IssueView, int], list[str]],
) -> list[str]:
    """One string per article of ``issues``, in order: ``make(issue, start)`` gives an issue's
    (``start``: the index of its first article in the whole list), or ``per_issue`` what it
    gave for that issue and ``name`` in an earlier build."""
    found: list[str] = []
    for issue in issues:

        def made(issue: IssueView = issue, start: int = len(found)) -> list[str]:
            return make(issue, start)

        count = len(issue.articles)
        found += made() if per_issue is None else per_issue(issue, name, count, made)
    return found


@dataclass(frozen=True)
class SiteContext:
    """What a site file is made from: every issue and every page of the site."""

    publication: Publication
    issues: Sequence[IssueView]  # chronological
    pages: Sequence[Page]
    # what the build keeps per issue between builds (``ViewKeys.per_issue``), if anything:
    # (view, name, count, make) -> make() or what it gave last time; never in a key
    per_issue: PerIssue | None = field(default=None, compare=False, metadata={"key": "none"})


@dataclass(frozen=True)
class SiteFileSet:
    """Several files of the website made together from every issue (the search index).

    ``paths(site)`` names them (relative to ``site/``) without rendering anything;
    ``render(site)`` returns every one of them (a mapping that may make each when read).
    ``keys(site)``, if given, gives each file a key of its own (what its bytes follow
    from); without it every file is keyed by the whole site. ``beside(path)``, if
    given, names the page a file is made from alone (an article's search text: its
    article page), so that a worker process can make it with that page; files it
    gives None for are made together in the build's main process.
    """

    name: str
    paths: Callable[[SiteContext], list[str]]
    render: Callable[[SiteContext], Mapping[str, bytes]]
    keys: Callable[[SiteContext], Mapping[str, str]] | None = None
    beside: Callable[[str], str | None] | None = None


@dataclass(frozen=True)
class SiteFile:
    """One more file of the website made from every issue (path relative to ``site/``)."""

    path: str
    render: Callable[[SiteContext], bytes]
    needs_base_url: bool = False  # absolute URLs: left out (with a warning) without base_url
    # what ``render`` reads of the site, the input of the file's key (default: all of it)
    shows: Callable[[SiteContext], object] | None = None


def lazy(module: str, name: str) -> Any:
    """A function that imports ``module`` and calls its ``name`` on first use."""

    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(importlib.import_module(module), name)(*args, **kwargs)

    call.__name__ = call.__qualname__ = f"{module}.{name}"
    return call


def issue_file_name(suffix: str) -> Callable[[Publication, IssueView], list[str]]:
    """``nxyb-2025-12<suffix>``: the one file of an issue, named for the publication."""

    def names(publication: Publication, issue: IssueView) -> list[str]:
        return [f"{publication.short_name}-{issue.dir.replace('/', '-')}{suffix}"]

    return names


Format = SiteFormat | IssueFormat | ArchiveFormat

#: The project's layout partials of entry kinds (render/pages.py), read by the site's,
#: the print and the 公众号 templates: in each of their keys.
KINDS = "templates/kinds"

#: Every output format, in the order ``--formats`` lists them. Issue formats render
#: before the site, whose pages link to their downloads.
FORMATS: tuple[Format, ...] = (
    SiteFormat("html", "site", "网站", reads=("templates/site", KINDS)),
    IssueFormat(
        "pdf",
        "pdf",
        "印刷版",
        files=issue_file_name(".pdf"),
        render=lazy("ybbulletin.render.pdf", "render_issue"),
        reads=("templates/print", KINDS),
        download="PDF",
        warm_up=lazy("ybbulletin.render.pdf", "warm_up"),
    ),
    IssueFormat(
        "docx",
        "docx",
        "Word 文件",
        files=issue_file_name(".docx"),
        render=lazy("ybbulletin.render.docx", "render_issue"),
        reads=("templates/docx",),
        download="Word",
        warm_up=lazy("ybbulletin.render.docx", "warm_up"),
    ),
    IssueFormat(
        "wechat",
        "wechat",
        "公众号文章",
        files=lazy("ybbulletin.render.wechat", "issue_files"),
        render=lazy("ybbulletin.render.wechat", "render_issue"),
        reads=("templates/wechat", KINDS),
        check=lazy("ybbulletin.render.wechat", "check_issue"),
    ),
)

#: Files of the website made from every issue, after its pages.
SITE_FILES: tuple[SiteFile, ...] = (
    SiteFile("feed.xml", lazy("ybbulletin.render.feeds", "atom_feed"), needs_base_url=True),
    SiteFile(
        "sitemap.xml",
        lazy("ybbulletin.render.feeds", "sitemap"),
        needs_base_url=True,
        shows=lazy("ybbulletin.render.feeds", "sitemap_shows"),
    ),
    SiteFile(
        "cases/cases.csv",
        lazy("ybbulletin.render.register", "cases_csv"),
        shows=lazy("ybbulletin.render.register", "cases_shows"),
    ),
    SiteFile(
        "cases/cases.xlsx",
        lazy("ybbulletin.render.register", "cases_xlsx"),
        shows=lazy("ybbulletin.render.register", "cases_shows"),
    ),
)

#: Groups of website files made together, after its pages.
SITE_FILE_SETS: tuple[SiteFileSet, ...] = (
    SiteFileSet(
        "search",
        lazy("ybbulletin.render.search", "search_paths"),
        lazy("ybbulletin.render.search", "search_files"),
        lazy("ybbulletin.render.search", "search_keys"),
        lazy("ybbulletin.render.search", "text_page"),
    ),
)


def format_names() -> tuple[str, ...]:
    return tuple(f.name for f in FORMATS)
