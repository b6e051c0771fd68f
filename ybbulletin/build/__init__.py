"""The pipeline top to bottom: load the archive, plan, render, then write atomically.

Stages 1–5 (discover, load, validate, number, parse bodies) are
``project.load_archive``; this package adds 6. plan (``outputs``: every output and
its key, from ``keys``), 7. render (``workers``) and 8. write (``write``).

- Incremental: every planned output has a key; an output whose key and bytes match
  the last build's manifest is not rendered again. A build in which nothing
  changed writes nothing at all.
- Parallel: the site's pages render in ``jobs`` worker processes forked after the
  archive is loaded (they share it); PDF, Word and 公众号 files in ``jobs`` workers
  that never held it (one detached issue view a task); the bytes are the same as a
  serial build's.
- Atomic: new and reused files go to a staging folder inside ``build/``; its
  ``site/``, ``pdf/`` and ``docx/`` replace the old ones only when everything
  rendered. A failure or Ctrl-C leaves the previous output as it was.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ybbulletin import collector, heap
from ybbulletin.archive_cache import CACHE_FILE, ArchiveCache
from ybbulletin.build import segment_ahead
from ybbulletin.build.issue_pool import likely_needed, start_server
from ybbulletin.build.keys import MediaBytes, MediaFile, ViewKeys, issue_images, media
from ybbulletin.build.outputs import (
    begin,
    make_plan,
    render_site,
    site_assets,
    warn_without_base_url,
    whole_archive,
    without_base_url,
)
from ybbulletin.build.tidy import Tidy
from ybbulletin.build.unchanged import plan_key, unchanged
from ybbulletin.build.workers import RenderState
from ybbulletin.build.write import write
from ybbulletin.cache import Manifest, code_key
from ybbulletin.errors import ContentError, Diagnostics, UsageError, excerpt
from ybbulletin.loaded import IssueCache
from ybbulletin.plan import build_views
from ybbulletin.pools import cpus
from ybbulletin.project import Archive, load_archive
from ybbulletin.render import search, text_memo
from ybbulletin.render.registry import FORMATS, IssueFormat, RenderContext, format_names
from ybbulletin.signoff import reviews
from ybbulletin.stamp import record_build
from ybbulletin.views import IssueView

__all__ = [
    "FORMAT_NAMES",
    "BuildResult",
    "build",
    "check_formats",
    "make_plan",
    "render_site",
    "site_assets",
]

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
    cache: IssueCache | None = None,
    later: Sequence[str] = (),
) -> BuildResult:
    """Build the project at ``root`` into ``out`` (``site/``, ``pdf/``, ``docx/``).

    ``links``: formats whose download links the site shows although this build does
    not make their files (the preview server makes them when a link is clicked).
    Issues not yet signed (drafts) are left out of the site unless ``drafts``.
    ``cache``: the archive cache to use (default: the one kept in ``out``, saved only
    when the build succeeds). ``force`` renders every output again, but still reads the
    archive cache and the search terms: they are keyed on the content's bytes, the
    settings and the code, so they cannot be stale. ``later``: groups of site files
    (``search``) this build leaves out; the preview makes them when asked for.
    """
    # a first build's segmenting server, forked while this process is small (see its module)
    first = cache is None and not (out / CACHE_FILE).exists()
    site = "html" in formats and "search" not in later
    workers = jobs or cpus()
    # the issue formats' server, preloading while the archive loads if it will be needed
    issue_formats = [f.name for f in FORMATS if isinstance(f, IssueFormat) and f.name in formats]
    early = cache is None and bool(issue_formats) and workers > 1
    early = early and likely_needed(root, out / CACHE_FILE, force)
    if early:
        start_server(issue_formats)
    with (
        collector.long_lived() as rendering,
        segment_ahead.serving(first and site and workers > 1, workers) as server,
    ):
        search.MEMO.server = server
        try:
            return _build(
                root,
                out,
                strict,
                formats,
                only,
                jobs,
                force,
                progress,
                links,
                drafts,
                cache,
                later,
                rendering,
                early and not force,
            )
        finally:
            search.MEMO.server = None


def _build(
    root: Path,
    out: Path,
    strict: bool,
    formats: Sequence[str],
    only: Sequence[str],
    jobs: int | None,
    force: bool,
    progress: bool,
    links: Sequence[str],
    drafts: bool,
    cache: IssueCache | None,
    later: Sequence[str],
    rendering: Callable[[], None],
    guessed: bool = False,
) -> BuildResult:
    started = time.perf_counter()
    own_cache = None
    if cache is None:
        cache = own_cache = ArchiveCache.load(out / CACHE_FILE)
    archive = load_archive(root, strict=strict, cache=cache, jobs=jobs or cpus())
    if guessed and own_cache is not None and not own_cache.misses:
        own_cache.touch()  # issue files newer than the cache, their bytes as kept (see build)
    unsigned = sorted(slug for slug, item in reviews(archive).items() if item.draft)
    hidden = frozenset() if drafts else frozenset(unsigned)
    slugs = {a.slug for a in archive.issues}
    unknown = [slug for slug in only if slug not in slugs]
    if unknown:
        raise UsageError(f"没有这一期：{excerpt('、'.join(unknown))}（--only 的写法如 2025/12）")
    log.info("6. plan")
    manifest = Manifest() if force else Manifest.load(out)
    memo = cache if isinstance(cache, ArchiveCache) else None
    # the issue files' hashes as loaded, for the stamp (read again where not known)
    files = {
        a.path: found
        for a in archive.issues
        if memo is not None and (found := memo.loaded(a.path, a.issue)) is not None
    }
    start = begin(archive, memo)
    images, keys, chronological, primed = start
    options = (formats, only, links, hidden, later, manifest)
    planned = plan_key(archive, chronological, primed, *options) if memo else None

    def nothing_made(count: int) -> BuildResult:
        _check_strict(archive, strict)
        record_build(archive, out, formats, only, sorted(set(unsigned) - hidden), files)
        if own_cache is not None:
            own_cache.save()  # only if it learnt something
        elapsed = time.perf_counter() - started
        issues = len(archive.issues)
        return BuildResult(issues, 0, count, elapsed, archive.diagnostics, [], unsigned)

    if unchanged(planned, manifest, out):
        # the last build planned from the same everything and its files are as it left them
        log.info("8. write: nothing changed (planned as last time)")
        checked = [v for v in chronological if not only or v.dir in only]
        check_formats(archive, formats, checked, memo, keys=keys, images=images)
        if "html" in formats:  # planning the site would have said so (--strict fails on it)
            warn_without_base_url(archive, without_base_url(archive))
        return nothing_made(len(manifest.entries))
    workers = jobs or cpus()
    # an edit's few new texts segmented by a worker that fills jieba's router meanwhile
    site = "html" in formats and "search" not in later
    early = memo is not None and segment_ahead.wanted(memo.hits, memo.misses, workers, site)
    with segment_ahead.segmenting_ahead(early) as ahead:
        manifest.look_ahead(out)  # the outputs' stats, taken while the plan waits for workers
        # the search index's terms of each article, kept beside the outputs like the archive
        # cache; read by the plan (the shards' keys follow from the terms)
        search.MEMO.keep_in(out / search.TERMS_FILE, jobs=workers, code=code_key())
        # the site's texts; learnt only from a build that loaded most issues from the archive
        # cache: one that parsed them all holds every token here (its memory peak), and the
        # texts sent back by the workers would come on top of it (~40 MB at 500 issues)
        learn = memo is not None and memo.misses <= memo.hits
        text_memo.MEMO.keep_in(out / text_memo.MEMO_FILE, code=code_key(), learn=learn)
        if memo is not None:
            memo.planned = "html" in formats  # the site's views are planned too
        search.MEMO.ahead = ahead
        try:
            plan, _views = make_plan(
                archive, formats, out, manifest, only, links, hidden, later, memo, start, workers
            )
        finally:
            search.MEMO.ahead = None
            if isinstance(search.MEMO.server, segment_ahead.Server):  # (every text segmented)
                search.MEMO.server.close()  # the first build's server ends now
                search.MEMO.server = None
    checked = [v for v in plan.issues if not only or v.dir in only]
    check_formats(archive, formats, checked, memo, plan.keys, images=images)
    log.info("7. render")
    # (a site page's key is made only if the manifest has the page: else while rendering)
    todo = [
        o
        for o in plan.outputs
        if o.path not in manifest.entries or manifest.reusable(out, o.path, o.key) is None
    ]
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
        if planned is not None and (not manifest.planned_from(planned) or manifest.restated):
            manifest.key = planned  # next time, known without planning
            manifest.save(out)  # (and files touched but the same, by their new stat)
        return nothing_made(len(paths))
    rendering()  # the archive, its views and the plan live till the end
    context = render_context(archive, images)
    state = RenderState(context, plan.issues, media=lambda: images)
    if learn:  # the terms file written while the PDFs end (not with every token held:
        state.meanwhile = search.MEMO.save_early  # a cold build's is the memory peak)
    # the staging folder removed while the build is recorded and the caches saved
    with Tidy() as tidy:
        try:
            substitutions, changed = write(
                archive,
                plan,
                todo,
                kept,
                manifest,
                out,
                state,
                jobs or cpus(),
                progress,
                functools.partial(_check_strict, archive, strict),
                planned or "",
                tidy,
            )
            record_build(archive, out, formats, only, sorted(set(unsigned) - hidden), files)
            heap.give_back()  # what rendering freed, before the saves' buffers (memory peak)
            search.MEMO.save()
        finally:
            search.MEMO.discard()  # what save_early wrote, if the build did not get to save
        text_memo.MEMO.save({a.path for a in archive.issues})
        if own_cache is not None:
            heap.give_back()
            own_cache.save()
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
    memo: ArchiveCache | None = None,
    known: Mapping[tuple[str, str], str] | None = None,
    keys: ViewKeys | None = None,
    images: Mapping[str, MediaFile] | None = None,
) -> None:
    """Each format's own limits (the 公众号's lengths …), added to the archive's diagnostics.

    With ``memo``, what a check said of an issue is kept under the key of what it was
    given (the key of the format's output for that issue, ``known`` when the plan made
    it), so an unchanged issue is not checked again. ``keys``: the views' keys, primed.
    ``images``: the archive's images (``keys.media``), if known.
    """
    checks = [f for f in FORMATS if isinstance(f, IssueFormat) and f.check and f.name in formats]
    if not checks:
        return
    context = render_context(archive, images)
    views = build_views(archive) if views is None else views
    if keys is None and memo is not None and not known:
        keys = ViewKeys(issue_images(archive), memo, whole_archive(archive))
        keys.prime(views)
    codes = {f.name: code_key(*(archive.root / path for path in f.reads)) for f in checks}
    for view in views:
        for fmt in checks:
            assert fmt.check is not None
            # what the check is given decides what it says: the output's key names that
            key = (known or {}).get((fmt.name, view.dir))
            if key is None and keys is not None:
                key = keys.of(fmt.name, codes[fmt.name], archive.publication, view)
            if key is None or memo is None:
                archive.diagnostics.extend(fmt.check(context, view))
                continue
            said = memo.recall(key)
            if said is None:
                said = list(fmt.check(context, view))
                memo.remember(key, said)
            archive.diagnostics.extend(said)


def render_context(archive: Archive, found: Mapping[str, MediaFile] | None = None) -> RenderContext:
    """What render functions read besides their views (each image read on first use;
    ``found``: the archive's images, ``keys.media``, if known)."""
    return RenderContext(
        archive.root,
        archive.publication,
        lambda: MediaBytes(media(archive) if found is None else found),
    )


def _check_strict(archive: Archive, strict: bool) -> None:
    if archive.diagnostics.has_errors(strict=strict):
        raise ContentError(archive.diagnostics)
