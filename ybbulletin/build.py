"""The pipeline top to bottom: load the archive, plan, render, then write atomically.

Stages 1–5 (discover, load, validate, number, parse bodies) are
``project.load_archive``; this module adds 6. plan, 7. render and 8. write.

- Incremental: every planned output has a key (``cache.py``); an output whose
  key and bytes match the last build's manifest is not rendered again. A build
  in which nothing changed writes nothing at all.
- Parallel: PDFs and Word files render in ``jobs`` worker processes (forked
  after the archive is loaded, so they share it); the bytes are the same as a
  serial build's.
- Atomic: new and reused files go to a staging folder inside ``build/``; its
  ``site/``, ``pdf/`` and ``docx/`` replace the old ones only when everything
  rendered. A failure or Ctrl-C leaves the previous output as it was.
"""

from __future__ import annotations

import functools
import logging
import multiprocessing
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from ybbulletin.cache import Manifest, code_key, digest, fingerprint
from ybbulletin.errors import ContentError, Diagnostics, Location, UsageError
from ybbulletin.markdown import IMAGE_SUFFIXES
from ybbulletin.plan import build_views
from ybbulletin.project import SETTINGS_FILE, Archive, load_archive
from ybbulletin.render.html import media_path
from ybbulletin.render.pages import PACKAGE_TEMPLATES, make_environment, render_page
from ybbulletin.render.registry import (
    FORMATS,
    SITE_FILE_SETS,
    SITE_FILES,
    ArchiveFormat,
    IssueFormat,
    RenderContext,
    Rendered,
    SiteContext,
    SiteFileSet,
    SiteFormat,
    format_names,
)
from ybbulletin.signoff import reviews
from ybbulletin.site import plan_site
from ybbulletin.stamp import record_build
from ybbulletin.views import Download, IssueView, Page

__all__ = ["FORMAT_NAMES", "BuildResult", "build", "render_site"]

log = logging.getLogger(__name__)

#: Every output format's name, as --formats takes them.
FORMAT_NAMES = format_names()


@dataclass(frozen=True)
class BuildResult:
    """What a build did, for the summary line."""

    issues: int
    written: int
    unchanged: int
    seconds: float
    diagnostics: Diagnostics
    font_substitutions: list[tuple[str, str]]
    drafts: list[str] = field(default_factory=list)  # issues not yet signed (草稿)

    @property
    def files(self) -> int:
        return self.written + self.unchanged


@dataclass
class Output:
    """A file to produce: its path under ``build/``, its key, and how to make it."""

    path: str
    key: str
    make: Callable[[], bytes] | None = None  # rendered in this process
    task: tuple[str, str] | None = None  # (format, issue slug) for the worker pool
    copy_of: str | None = None  # site/files/x.pdf is pdf/x.pdf again
    name: str = ""  # for a task: the file's name as its format's render function gives it
    late: bool = False  # made after the tasks: a page showing the downloads' sizes


@dataclass
class Plan:
    """Everything the build will write, keyed, before anything is rendered."""

    outputs: list[Output] = field(default_factory=list)

    def add(self, output: Output) -> None:
        self.outputs.append(output)


def build(
    root: Path,
    out: Path,
    *,
    strict: bool = False,
    formats: Sequence[str] = FORMAT_NAMES,
    only: Sequence[str] = (),
    jobs: int | None = None,
    force: bool = False,
    progress: bool = False,
    links: Sequence[str] = (),
    drafts: bool = False,
) -> BuildResult:
    """Build the project at ``root`` into ``out`` (``site/``, ``pdf/``, ``docx/``).

    ``links``: formats whose download links the site shows although this build does
    not make their files (the preview server makes them when a link is clicked).
    Issues not yet signed (drafts) are left out of the site unless ``drafts``.
    """
    started = time.perf_counter()
    archive = load_archive(root, strict=strict)
    unsigned = sorted(slug for slug, item in reviews(archive).items() if item.draft)
    hidden = frozenset() if drafts else frozenset(unsigned)
    slugs = {a.slug for a in archive.issues}
    unknown = [slug for slug in only if slug not in slugs]
    if unknown:
        raise UsageError(f"没有这一期：{'、'.join(unknown)}（--only 的写法如 2025/12）")
    log.info("6. plan")
    manifest = Manifest() if force else Manifest.load(out)
    plan, views = make_plan(archive, formats, out, manifest, only, links, hidden)
    check_formats(archive, formats, [v for v in views if not only or v.dir in only])
    log.info("7. render")
    todo = [o for o in plan.outputs if manifest.reusable(out, o.path, o.key) is None]
    paths = {o.path for o in plan.outputs}
    folders = {o.path.split("/", 1)[0] for o in plan.outputs}
    # folders this build does not make (site/ under --formats pdf) stay as they are
    kept = {
        p: e
        for p, e in manifest.entries.items()
        if p.split("/", 1)[0] not in folders and (out / p).is_file()
    }
    if not todo and paths == set(manifest.entries) - set(kept):
        log.info("8. write: nothing changed")
        _check_strict(archive, strict)
        record_build(archive, out, formats, only, sorted(set(unsigned) - hidden))
        elapsed = time.perf_counter() - started
        return BuildResult(
            len(archive.issues), 0, len(paths), elapsed, archive.diagnostics, [], unsigned
        )
    substitutions, changed = _write(
        archive, views, plan, todo, kept, manifest, out, jobs, progress, strict
    )
    record_build(archive, out, formats, only, sorted(set(unsigned) - hidden))
    elapsed = time.perf_counter() - started
    return BuildResult(
        len(archive.issues),
        changed,
        len(paths) - changed,
        elapsed,
        archive.diagnostics,
        substitutions,
        unsigned,
    )


def check_formats(
    archive: Archive,
    formats: Sequence[str] = FORMAT_NAMES,
    views: Sequence[IssueView] | None = None,
) -> None:
    """Each format's own limits (the 公众号's lengths …), added to the archive's diagnostics."""
    checks = [f for f in FORMATS if isinstance(f, IssueFormat) and f.check and f.name in formats]
    if not checks:
        return
    context = render_context(archive)
    for view in build_views(archive) if views is None else views:
        for fmt in checks:
            assert fmt.check is not None
            archive.diagnostics.extend(fmt.check(context, view))


def render_context(archive: Archive) -> RenderContext:
    """What render functions read besides their views (images loaded on first use)."""
    return RenderContext(
        archive.root,
        archive.publication,
        lambda: {p.removeprefix("media/"): d for p, d in media_files(archive).items()},
    )


def _check_strict(archive: Archive, strict: bool) -> None:
    if archive.diagnostics.has_errors(strict=strict):
        raise ContentError(archive.diagnostics)


# Site pages that show the sizes of the PDF and Word downloads (rendered after those).
PAGES_WITH_DOWNLOAD_SIZES = frozenset({"index.html", "issue.html"})

# --- 6. plan --------------------------------------------------------------------


def make_plan(
    archive: Archive,
    formats: Sequence[str],
    out: Path,
    manifest: Manifest,
    only: Sequence[str],
    links: Sequence[str] = (),
    hidden: frozenset[str] = frozenset(),
) -> tuple[Plan, list[IssueView]]:
    """Every output with its key. Download links name only files that will exist.

    ``hidden`` issues (drafts) get their PDF and Word files but no place on the site.
    """
    publication = archive.publication
    root = archive.root
    settings = publication.model_dump_json()
    images = _issue_images(archive)
    issue_keys = {
        a.slug: fingerprint(a.path, a.label, a.issue.model_dump_json(), images.get(a.path, []))
        for a in archive.issues
    }
    plan = Plan()
    downloads: dict[str, list[Download]] = {}
    chronological = build_views(archive)
    for fmt in FORMATS:
        if isinstance(fmt, IssueFormat):
            code = code_key(*(root / path for path in fmt.reads))
            for view in chronological:
                wanted = fmt.name in formats and (not only or view.dir in only)
                key = fingerprint(fmt.name, code, settings, issue_keys[view.dir])
                names = fmt.files(publication, view)
                planned = _plan_files(plan, manifest, out, fmt, names, key, view.dir, wanted)
                if not planned and fmt.name not in links:
                    continue  # never built: no file, so no link either
                if fmt.download:
                    name = names[0]
                    downloads.setdefault(view.dir, []).append(
                        Download(fmt.download, f"files/{name}", key)
                    )
                    if "html" in formats and planned and view.dir not in hidden:
                        plan.add(Output(f"site/files/{name}", key, copy_of=f"{fmt.folder}/{name}"))
        elif isinstance(fmt, ArchiveFormat):
            code = code_key(*(root / path for path in fmt.reads))
            key = fingerprint(fmt.name, code, settings, sorted(issue_keys.items()))
            names = fmt.files(publication, chronological)
            _plan_files(plan, manifest, out, fmt, names, key, "", fmt.name in formats and not only)
    views = build_views(archive, downloads)
    site = next(f for f in FORMATS if isinstance(f, SiteFormat))
    if site.name in formats:
        shown = without(archive, hidden)
        site_views = build_views(shown, downloads) if hidden else views
        _plan_site(plan, shown, site_views, issue_keys, settings, images, site)
    return plan, views


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


def without(archive: Archive, hidden: frozenset[str]) -> Archive:
    """The archive as the site shows it: the ``hidden`` issues (drafts) left out."""
    if not hidden:
        return archive
    issues = [a for a in archive.issues if a.slug not in hidden]
    paths = {a.path for a in issues}
    tokens = {key: value for key, value in archive.tokens.items() if key[0] in paths}
    return Archive(archive.root, archive.publication, issues, tokens, archive.diagnostics)


def _previous(manifest: Manifest, out: Path, path: str) -> bool:
    return path in manifest.entries and (out / path).is_file()


def _issue_images(archive: Archive) -> dict[str, list[object]]:
    """For each issue file: the images it shows, with their bytes' hashes."""
    found: dict[str, list[object]] = {}
    for site_path, (issue_path, data) in _media(archive).items():
        found.setdefault(issue_path, []).extend([site_path, digest(data)])
    return found


def _plan_site(
    plan: Plan,
    archive: Archive,
    views: list[IssueView],
    issue_keys: dict[str, str],
    settings: str,
    images: dict[str, list[object]],
    site: SiteFormat,
) -> None:
    env = make_environment(archive.root)
    site_code = code_key(*(archive.root / path for path in site.reads))
    everything = fingerprint(
        site_code,
        settings,
        sorted(issue_keys.items()),
        [(v.dir, [(d.label, d.path, d.key) for d in v.downloads]) for v in views],
    )

    def renderer(page: Page) -> Callable[[], bytes]:
        return lambda: render_page(env, page).encode("utf-8")

    pages = plan_site(archive.publication, views)
    for page in pages:
        if page.template == "article.html":
            article = page.context["article"]
            neighbours = [
                (a.path, a.title) if a else None for a in (article.previous, article.next)
            ]
            # the article's own text and what the page shows of its issue and neighbours
            key = fingerprint(
                site_code,
                settings,
                article.entry.model_dump_json(),
                article.section_label,
                article.issue.label,
                article.issue.date.isoformat(),
                images.get(article.issue.archive_issue.path, []),
                page.path,
                neighbours,
                [(d.label, d.path) for d in article.issue.downloads],
            )
        elif page.template == "issue.html":
            issue = page.context["issue"]
            key = fingerprint(
                site_code,
                settings,
                issue_keys[issue.dir],
                page.path,
                [(d.label, d.path, d.key) for d in issue.downloads],
            )
        else:
            key = fingerprint(everything, page.path)
        late = page.template in PAGES_WITH_DOWNLOAD_SIZES
        plan.add(Output(f"site/{page.path}", key, make=renderer(page), late=late))
    for path, data in site_assets(archive.root).items():
        plan.add(Output(f"site/{path}", digest(data), make=_constant(data)))
    for path, (_issue, data) in _media(archive).items():
        plan.add(Output(f"site/{path}", digest(data), make=_constant(data)))
    context = SiteContext(archive.publication, views, pages)
    skipped = []
    for site_file in SITE_FILES:
        if site_file.needs_base_url and not archive.publication.base_url:
            skipped.append(site_file.path)
            continue
        plan.add(
            Output(
                f"site/{site_file.path}",
                fingerprint(everything, site_file.path),
                make=functools.partial(site_file.render, context),
            )
        )
    for file_set in SITE_FILE_SETS:
        _plan_set(plan, file_set, context, everything)
    if skipped:
        archive.diagnostics.warning(
            Location(SETTINGS_FILE),
            f"没有设置 base_url，不生成 {' 和 '.join(skipped)}",
            "在 ybbulletin.yaml 中写网站的正式地址，例如 base_url: https://www.example.gov.cn/ybxx/",
        )


def _plan_set(plan: Plan, file_set: SiteFileSet, context: SiteContext, everything: str) -> None:
    """Plan the files of a set; the first one made renders them all, once."""
    made = functools.cache(lambda: file_set.render(context))
    for path in file_set.paths(context):
        plan.add(
            Output(
                f"site/{path}", fingerprint(everything, file_set.name, path), make=_part(made, path)
            )
        )


def _part(files: Callable[[], dict[str, bytes]], path: str) -> Callable[[], bytes]:
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


def _media(archive: Archive) -> dict[str, tuple[str, bytes]]:
    """The images the bodies use: site path -> (issue file, bytes). Validation checked each."""
    content = archive.root / "content"
    found: dict[str, tuple[str, bytes]] = {}
    for (issue_path, _keypath), tokens in archive.tokens.items():
        issue_dir = Path(issue_path).parent.relative_to("content").as_posix()
        for token in tokens:
            for child in token.children or []:
                if child.type != "image":
                    continue
                # markdown-it percent-encodes the src it keeps; files have the real name.
                site_path = unquote(media_path(issue_dir, str(child.attrGet("src") or "")))
                source = content / site_path.removeprefix("media/")
                if source.suffix.lower() in IMAGE_SUFFIXES and site_path not in found:
                    found[site_path] = (issue_path, source.read_bytes())
    return found


def media_files(archive: Archive) -> dict[str, bytes]:
    """The images the bodies use, keyed by their site path (media/issues/2025/images/x.png)."""
    return {path: data for path, (_issue, data) in _media(archive).items()}


def render_site(
    archive: Archive, downloads: dict[str, list[Download]] | None = None
) -> dict[str, bytes]:
    """Every file of the site as bytes, in memory (for tests and tools; the build streams)."""
    views = build_views(archive, downloads)
    plan = Plan()
    issue_keys = {a.slug: a.slug for a in archive.issues}
    site = next(f for f in FORMATS if isinstance(f, SiteFormat))
    _plan_site(plan, archive, views, issue_keys, "", {}, site)
    return {o.path.removeprefix("site/"): o.make() for o in plan.outputs if o.make}


# --- 7. render and 8. write -------------------------------------------------------------

# Serial builds of a few files render in this process; everything else in worker processes.
IN_PROCESS_TASKS = 8
RECYCLE_AFTER = 100

# What a forked worker renders from (set before the pool starts): the render context,
# the issue views by slug and in order.
_WORKER: dict[str, Any] = {}
_BY_NAME = {fmt.name: fmt for fmt in FORMATS}


def _render_task(task: tuple[str, str]) -> tuple[tuple[str, str], Rendered]:
    """Render one task of an issue or archive format; runs in a worker or in this process."""
    name, slug = task
    fmt = _BY_NAME[name]
    context: RenderContext = _WORKER["context"]
    if isinstance(fmt, IssueFormat):
        return task, fmt.render(context, _WORKER["views"][slug])
    assert isinstance(fmt, ArchiveFormat)
    return task, fmt.render(context, _WORKER["chronological"])


def _run_tasks(
    tasks: list[tuple[str, str]], jobs: int, progress: bool
) -> Iterator[tuple[tuple[str, str], Rendered]]:
    bar = _progress(len(tasks), progress)
    try:
        if len(tasks) <= 1 or (jobs <= 1 and len(tasks) <= IN_PROCESS_TASKS):
            for task in tasks:
                yield _render_task(task)
                bar.update(1)
            return
        # Workers are forked after the archive is loaded, so they share it; each is
        # replaced after RECYCLE_AFTER renders, which bounds what WeasyPrint and Pango
        # keep between documents (one long-lived process grows past 500 MB on 500 PDFs).
        context = multiprocessing.get_context("fork")
        with context.Pool(processes=max(1, jobs), maxtasksperchild=RECYCLE_AFTER) as pool:
            for result in pool.imap(_render_task, tasks, chunksize=1):
                yield result
                bar.update(1)
    finally:
        bar.close()


def _progress(total: int, enabled: bool) -> Any:
    from tqdm import tqdm

    return tqdm(
        total=total,
        desc="生成 PDF/Word",
        unit="个",
        disable=not enabled or total < 2,
        file=sys.stderr,
        leave=False,
    )


def _write(
    archive: Archive,
    views: list[IssueView],
    plan: Plan,
    todo: list[Output],
    kept: dict[str, tuple[str, str]],
    manifest: Manifest,
    out: Path,
    jobs: int | None,
    progress: bool,
    strict: bool,
) -> tuple[list[tuple[str, str]], int]:
    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".new-", dir=out))
    staging.chmod(0o755)  # mkdtemp makes it private; the web server must read the site
    entries: dict[str, tuple[str, str]] = dict(kept)
    substitutions: dict[tuple[str, str], None] = {}
    changed = 0
    try:
        fresh = {o.path for o in todo}
        by_task: dict[tuple[str, str], list[Output]] = {}
        for output in todo:
            if output.task:
                by_task.setdefault(output.task, []).append(output)
        for output in plan.outputs:  # reused files: hard links, no copying
            if output.path not in fresh:
                _link(out / output.path, staging / output.path)
                entries[output.path] = manifest.entries[output.path]
        for output in todo:
            if output.make is not None and not output.late:
                changed += _put(staging, out, output, output.make(), manifest, entries)
        context = render_context(archive)
        _WORKER.update(context=context, views={v.dir: v for v in views}, chronological=views)
        tasks = sorted(by_task)
        pooled = (len(tasks) > 1 and (jobs or 2) > 1) or len(tasks) > IN_PROCESS_TASKS
        if pooled:
            for name in dict.fromkeys(name for name, _slug in tasks):
                fmt = _BY_NAME[name]
                if isinstance(fmt, IssueFormat) and fmt.warm_up is not None:
                    fmt.warm_up()  # the forked workers inherit it instead of each loading it
        for task, result in _run_tasks(tasks, jobs or os.cpu_count() or 1, progress):
            for output in by_task[task]:
                data = result.files[output.name]
                changed += _put(staging, out, output, data, manifest, entries)
            archive.diagnostics.extend(result.diagnostics)
            substitutions.update(dict.fromkeys(result.substitutions))
        for output in todo:
            if output.copy_of is not None:
                _link(staging / output.copy_of, staging / output.path)
                entries[output.path] = (output.key, entries[output.copy_of][1])
                previous = manifest.entries.get(output.path)
                changed += previous is None or previous[1] != entries[output.path][1]
        _measure_downloads(staging, views)
        for output in todo:
            if output.make is not None and output.late:
                changed += _put(staging, out, output, output.make(), manifest, entries)
        _check_strict(archive, strict)
        log.info("8. write: %d changed, %d unchanged", changed, len(plan.outputs) - changed)
        _swap(
            staging,
            out,
            {path.split("/", 1)[0] for path in entries} - {p.split("/", 1)[0] for p in kept},
        )
        written = Manifest(entries)
        written.record_stats(out)
        written.save(out)
    finally:
        _WORKER.clear()
        shutil.rmtree(staging, ignore_errors=True)
    return list(substitutions), changed


def _measure_downloads(staging: Path, views: list[IssueView]) -> None:
    """Give each download link the size of its file, now that every file is staged."""
    for view in views:
        for download in view.downloads:
            path = staging / "site" / download.path
            download.size = path.stat().st_size if path.is_file() else None


def _put(
    staging: Path,
    out: Path,
    output: Output,
    data: bytes,
    manifest: Manifest,
    entries: dict[str, tuple[str, str]],
) -> int:
    """Stage a rendered file; if its bytes are what the last build wrote, keep that file (0)."""
    sha = digest(data)
    entries[output.path] = (output.key, sha)
    previous = manifest.entries.get(output.path)
    if previous is not None and previous[1] == sha and _intact(out / output.path, sha):
        _link(out / output.path, staging / output.path)
        return 0
    path = staging / output.path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return 1


def _intact(path: Path, sha: str) -> bool:
    try:
        return digest(path.read_bytes()) == sha
    except OSError:
        return False


def _link(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _swap(staging: Path, out: Path, folders: set[str]) -> None:
    """Rename each staged folder into place; the old one goes only once the new one is in."""
    for folder in sorted(folders):
        target = out / folder
        old = None
        if target.exists():
            old = out / f".old-{folder}-{os.getpid()}"
            os.replace(target, old)
        os.replace(staging / folder, target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
