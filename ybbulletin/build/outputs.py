"""Stage 6 for the build: every output file, with its key, before anything is rendered.

Formats come from ``render/registry.py``. An output's key hashes what its render
function receives (``keys.py``) plus the template sources it reads (``code_key``:
ybbulletin's code, the rendering libraries' versions and the project's templates).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ybbulletin.build.keys import KeyMemo, MediaFile, ViewKeys, issue_images, media, plain_hash
from ybbulletin.build.page_keys import PageKeys
from ybbulletin.build.shown import SHOWN, own_site_templates, own_templates
from ybbulletin.cache import Manifest, code_key, digest
from ybbulletin.errors import Location
from ybbulletin.plan import build_views
from ybbulletin.project import SETTINGS_FILE, Archive
from ybbulletin.render.pages import (
    PACKAGE_TEMPLATES,
    compile_templates,
    make_environment,
    render_page,
)
from ybbulletin.render.registry import (
    FORMATS,
    SITE_FILE_SETS,
    SITE_FILES,
    ArchiveFormat,
    IssueFormat,
    SiteContext,
    SiteFile,
    SiteFormat,
)
from ybbulletin.render.templates_ahead import Ahead, compile_ahead
from ybbulletin.site import plan_site
from ybbulletin.views import Download, IssueView, Page

__all__ = [
    "PAGES",
    "Output",
    "Plan",
    "make_plan",
    "render_site",
    "site_assets",
    "warn_without_base_url",
    "whole_archive",
    "without_base_url",
]

# The batch of the site's pages: rendered in the worker pool, a few dozen per task
# (a page listing every issue: a batch of its own, named "pages <its path>").
PAGES = "pages"

# Site pages that show the sizes of the PDF and Word downloads (rendered after those).
PAGES_WITH_DOWNLOAD_SIZES = frozenset({"index.html", "issue.html"})


@dataclass
class Output:
    """A file to produce: its path under ``build/``, its key, and how to make it.

    The key may be given as what makes it (``keyed``), made when first read: a site
    page's is needed only to compare with the last build's manifest, so a build with
    no manifest entry for the page (``--force``, the first build) makes it while the
    workers render (``write``), not before they start. Everything a key is made from
    stays as planned till then, but the downloads' sizes: ``write`` reads the keys
    before it fills them in.
    """

    path: str
    keyed: str | Callable[[], str]
    make: Callable[[], bytes] | None = None  # rendered in this process
    task: tuple[str, str] | None = None  # (format, issue slug) for the worker pool
    copy_of: str | None = None  # site/files/x.pdf is pdf/x.pdf again
    name: str = ""  # for a task: the file's name as its format's render function gives it
    late: bool = False  # made after the tasks: a page showing the downloads' sizes
    # outputs of one batch render together in a worker process (None: in the main process)
    batch: str | None = None
    beside: str | None = None  # made by the worker that makes this page (its texts parsed there)
    # run once before workers fork, so that they share what it loads (templates, tokens)
    prepare: Callable[[], None] | None = None

    @property
    def key(self) -> str:
        """The key (made now if it was planned as what makes it)."""
        keyed = self.keyed
        if not isinstance(keyed, str):
            keyed = self.keyed = keyed()
        return keyed


@dataclass
class Plan:
    """Everything the build will write, keyed, before anything is rendered.

    ``issues`` are the views the issue and archive formats render from (chronological,
    without the site's download links, which they do not show).
    """

    outputs: list[Output] = field(default_factory=list)
    issues: list[IssueView] = field(default_factory=list)
    downloads: list[Download] = field(default_factory=list)  # sized once their files exist
    keys: dict[tuple[str, str], str] = field(default_factory=dict)  # (format, issue): key

    def add(self, output: Output) -> None:
        self.outputs.append(output)


def make_plan(
    archive: Archive,
    formats: Sequence[str],
    out: Path,
    manifest: Manifest,
    only: Sequence[str],
    links: Sequence[str] = (),
    hidden: frozenset[str] = frozenset(),
    later: Sequence[str] = (),
    memo: KeyMemo | None = None,
    start: Start | None = None,
    jobs: int = 1,
) -> tuple[Plan, list[IssueView]]:
    """Every output with its key, and the issues' views. Download links name only files
    that will exist (or that ``links`` says the preview server makes on demand).

    ``hidden`` issues (drafts) get their PDF and Word files but no place on the site.
    ``memo`` keeps the digests of unchanged issues' views between builds. ``start``:
    what :func:`begin` makes, made already (the build asks it first). ``jobs``: the
    build's; with more than one, the site's templates are compiled meanwhile in a child
    (``templates_ahead``), for the site's workers to share.
    """
    publication = archive.publication
    root = archive.root
    ahead = None
    if jobs > 1 and any(isinstance(f, SiteFormat) and f.name in formats for f in FORMATS):
        ahead = compile_ahead(functools.partial(make_environment, root), compile_templates)
    found, keys, chronological, _primed = start or begin(archive, memo)
    plan = Plan(issues=chronological)
    downloads: dict[str, list[Download]] = {}
    built = {path.split("/", 1)[0] for path in manifest.entries}  # folders of the last build
    for fmt in FORMATS:
        if isinstance(fmt, IssueFormat):
            code_of = functools.cache(functools.partial(code_key, *(root / p for p in fmt.reads)))
            for view in chronological:
                wanted = fmt.name in formats and (not only or view.dir in only)
                if not wanted and fmt.name not in links and fmt.folder not in built:
                    continue  # not asked for, never built: no file, so no link either
                key = ""  # a file kept from the last build keeps its key; a link needs one
                if wanted or fmt.download:
                    key = plan.keys[(fmt.name, view.dir)] = keys.of(
                        fmt.name, code_of(), publication, view
                    )
                names = fmt.files(publication, view)
                planned = _plan_files(plan, manifest, out, fmt, names, key, view.dir, wanted)
                if not planned and fmt.name not in links:
                    continue  # never built: no file, so no link either
                if fmt.download:
                    name = names[0]
                    if not wanted and planned:  # the last build's file stays: so do its key,
                        key = manifest.entries[f"{fmt.folder}/{name}"][0]  # copy and size
                    download = Download(fmt.download, f"files/{name}", key)
                    downloads.setdefault(view.dir, []).append(download)
                    plan.downloads.append(download)
                    if "html" in formats and planned and view.dir not in hidden:
                        plan.add(Output(f"site/files/{name}", key, copy_of=f"{fmt.folder}/{name}"))
        elif isinstance(fmt, ArchiveFormat):
            code = code_key(*(root / path for path in fmt.reads))
            key = keys.of(fmt.name, code, publication, chronological)
            names = fmt.files(publication, chronological)
            _plan_files(plan, manifest, out, fmt, names, key, "", fmt.name in formats and not only)
    # with no download to link, the views are the chronological ones (primed already)
    views = build_views(archive, downloads) if downloads else chronological
    site = next(f for f in FORMATS if isinstance(f, SiteFormat))
    if site.name in formats:
        shown = without(archive, hidden)
        site_views = build_views(shown, downloads) if hidden else views
        if site_views is not chronological:
            keys.prime(site_views)
        found = media(shown) if hidden else found

        def previous(path: str) -> str | None:
            return manifest.entries[path][0] if _previous(manifest, out, path) else None

        _plan_site(plan, shown, site_views, keys, site, found, later, previous, ahead)
    return plan, views


#: The images by site path, the view keys and the chronological views, primed.
Start = tuple[dict[str, MediaFile], ViewKeys, list[IssueView], list[str | None]]


def begin(archive: Archive, memo: KeyMemo | None = None) -> Start:
    """The start of a plan: the images, the views (chronological), their keys and each
    issue's primed key (None where unknown)."""
    found = media(archive)
    keys = ViewKeys(issue_images(archive, found), memo, whole_archive(archive))
    chronological = build_views(archive)
    return found, keys, chronological, keys.prime(chronological)


def whole_archive(archive: Archive) -> Archive | None:
    """The archive when its own templates may show more of a neighbour than its ref()."""
    return archive if own_templates(archive.root) else None


def without(archive: Archive, hidden: frozenset[str]) -> Archive:
    """The archive as the site shows it: the ``hidden`` issues (drafts) left out."""
    if not hidden:
        return archive
    issues = [a for a in archive.issues if a.slug not in hidden]
    paths = {a.path for a in issues}
    tokens = archive.tokens.of_files(paths)  # still unparsed
    images = {path: found for path, found in archive.images.items() if path in paths}
    return Archive(archive.root, archive.publication, issues, tokens, archive.diagnostics, images)


def _plan_files(
    plan: Plan,
    manifest: Manifest,
    out: Path,
    fmt: IssueFormat | ArchiveFormat,
    names: list[str],
    key: str,
    slug: str,
    wanted: bool,
) -> bool:
    """Plan the files of one render task; False if not wanted and never built before."""
    paths = [f"{fmt.folder}/{name}" for name in names]
    if not wanted:
        if not all(_previous(manifest, out, path) for path in paths):
            return False
        for path, name in zip(paths, names, strict=True):
            # not asked for this time (--only, --formats): the last build's file stays
            plan.add(Output(path, manifest.entries[path][0], task=(fmt.name, slug), name=name))
        return True
    for path, name in zip(paths, names, strict=True):
        plan.add(Output(path, key, task=(fmt.name, slug), name=name))
    return True


def _previous(manifest: Manifest, out: Path, path: str) -> bool:
    return path in manifest.entries and (out / path).is_file()


def _plan_site(
    plan: Plan,
    archive: Archive,
    views: list[IssueView],
    keys: ViewKeys,
    site: SiteFormat,
    found: dict[str, MediaFile],
    later: Sequence[str] = (),
    previous: Callable[[str], str | None] = lambda path: None,
    ahead: Ahead | None = None,
) -> None:
    env = make_environment(archive.root)
    env.auto_reload = False  # a build renders with the templates it started with: no stat per page
    code = code_key(*(archive.root / path for path in site.reads))
    prepare = functools.partial(compile_templates, env)
    if ahead is not None:  # compiled by a child meanwhile
        prepare = functools.partial(ahead.into, env, compile_templates)

    def renderer(page: Page) -> Callable[[], bytes]:
        return lambda: render_page(env, page).encode("utf-8")

    pages = plan_site(archive.publication, views)
    # render_page(env, page) is given the page: its path, template and context; of the
    # package's own templates, pages listing every issue are keyed by what they show
    narrow = not own_site_templates(archive.root)
    page_keys = PageKeys(keys, site.name, code, narrow, pages)
    for page in pages:
        # made when first read (``Output.keyed``): with no manifest, while the workers render
        key = functools.partial(page_keys.key, page)
        late = page.template in PAGES_WITH_DOWNLOAD_SIZES
        make = renderer(page)
        # a page listing every issue (往期, 栏目, 案例库, 网站地图: the longest pages) is a
        # task of its own, given out before the pages' batches: the workers end together
        group = f"{PAGES} {page.path}" if page.template in SHOWN else PAGES
        plan.add(Output(f"site/{page.path}", key, make, late=late, batch=group, prepare=prepare))
    for path, data in site_assets(archive.root).items():
        plan.add(Output(f"site/{path}", digest(data), make=_constant(data)))
    for path, media_file in found.items():
        plan.add(Output(f"site/{path}", media_file.sha, make=media_file.read))
    context = SiteContext(archive.publication, views, pages, keys.per_issue)
    skipped = without_base_url(archive)
    for site_file in SITE_FILES:
        if site_file.path in skipped:
            continue
        plan.add(
            Output(
                f"site/{site_file.path}",
                functools.partial(_site_file_key, keys, site.name, code, site_file, context),
                make=functools.partial(site_file.render, context),
                batch=site_file.path,
            )
        )
    for file_set in SITE_FILE_SETS:
        if file_set.name in later:  # made when asked for (the preview's search index):
            for path in file_set.paths(context):  # the last one made stays till then
                kept = previous(f"site/{path}")
                if kept is not None:
                    plan.add(Output(f"site/{path}", kept))
            continue
        made = functools.cache(functools.partial(file_set.render, context))
        # (made now: the search index they come from is what the workers' search texts
        # are made with, so it is made before they fork)
        own = file_set.keys(context) if file_set.keys is not None else {}
        for path in file_set.paths(context):
            key = functools.partial(
                _set_key, keys, site.name, code, file_set.name, path, own, context
            )
            made_with = file_set.beside(path) if file_set.beside is not None else None
            batch, beside = (PAGES, f"site/{made_with}") if made_with else (None, None)
            plan.add(Output(f"site/{path}", key, _part(made, path), batch=batch, beside=beside))
    warn_without_base_url(archive, skipped)


def _site_file_key(
    keys: ViewKeys, name: str, code: str, site_file: SiteFile, context: SiteContext
) -> str:
    return keys.of(name, code, site_file.path, _shows(keys, site_file, context))


def _set_key(
    keys: ViewKeys,
    name: str,
    code: str,
    set_name: str,
    path: str,
    own: Mapping[str, str],
    context: SiteContext,
) -> str:
    return keys.of(name, code, set_name, path, own.get(path, context))


def without_base_url(archive: Archive) -> list[str]:
    """The site files (feed, sitemap) not made because the settings have no base_url."""
    if archive.publication.base_url:
        return []
    return [site_file.path for site_file in SITE_FILES if site_file.needs_base_url]


def warn_without_base_url(archive: Archive, skipped: Sequence[str]) -> None:
    """The warning for the site files (feed, sitemap) left out for want of base_url."""
    if skipped:
        archive.diagnostics.warning(
            Location(SETTINGS_FILE),
            f"没有设置 base_url，不生成 {' 和 '.join(skipped)}",
            "在 ybbulletin.yaml 中写网站的正式地址，例如 base_url: https://www.example.gov.cn/ybxx/",
        )


def _shows(keys: ViewKeys, site_file: SiteFile, context: SiteContext) -> object:
    """What a site file's key hashes: what it says it shows (asked once), or the site:
    its settings and views. Its pages follow from those (``plan_site``, whose code the
    key holds): hashing them too (~4,500 at 500 issues) cost more than the feed."""
    shows = site_file.shows
    if shows is None:
        return [context.publication, context.issues]
    name = f"shows {shows.__name__}"  # the CSV and the XLSX ask the same function
    return keys.once(context, name, lambda: plain_hash(keys.data(shows(context))))


def _part(files: Callable[[], Mapping[str, bytes]], path: str) -> Callable[[], bytes]:
    """One file of a set; the first one made renders them all, once."""
    return lambda: files()[path]


def _constant(data: bytes) -> Callable[[], bytes]:
    return lambda: data


def site_assets(root: Path) -> dict[str, bytes]:
    """Stylesheet, script and icon: the package's, each replaceable by the project's file."""
    found: dict[str, bytes] = {}
    for folder in (PACKAGE_TEMPLATES / "site" / "assets", root / "templates" / "site" / "assets"):
        if folder.is_dir():
            for path in sorted(folder.iterdir()):
                if path.is_file():
                    found[f"assets/{path.name}"] = path.read_bytes()
    return found


def render_site(
    archive: Archive, downloads: dict[str, list[Download]] | None = None
) -> dict[str, bytes]:
    """Every file of the site as bytes, in memory (for tests and tools; the build streams)."""
    views = build_views(archive, downloads)
    plan = Plan()
    found = media(archive)
    site = next(f for f in FORMATS if isinstance(f, SiteFormat))
    keys = ViewKeys(issue_images(archive, found), whole=whole_archive(archive))
    _plan_site(plan, archive, views, keys, site, found)
    return {o.path.removeprefix("site/"): o.make() for o in plan.outputs if o.make}
