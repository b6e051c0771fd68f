"""A build that would change nothing, told without planning: the plan's key.

Planning keys every output (some 16,000 at 500 issues: pages, search files, each
issue's PDF, Word and 公众号 files); a build in which nothing changed would then only
find every key in the manifest. :func:`plan_key` is one hash of everything the plan
(its paths and keys) is made from: each issue's views' key (``ViewKeys.prime``: the
issue file as loaded, its number, images, mark and neighbours), the code and the
project's templates of every format, the settings, the search segmenter's version, the
build's options (formats, --only, drafts shown, the preview's links and later files)
and the folders the last build made of formats this one may not make for every issue.

The manifest keeps a record of the build that wrote it: its plan key hashed with the
body it wrote (``Manifest.planned_from``: a manifest changed since does not match).
When this build's key matches the record and every file the manifest lists is on disk
as written, the plan would be the manifest's own entries: nothing to render or write.
Anything else (a key unknown, a file touched or missing, a manifest written by the
preview or an older ybbulletin) plans and renders as before, so a stale or corrupt
record costs that, never a file left stale.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ybbulletin.build.keys import plain_hash
from ybbulletin.cache import Manifest, code_key
from ybbulletin.project import Archive
from ybbulletin.render.registry import FORMATS, IssueFormat
from ybbulletin.render.search_terms import segmenter_key
from ybbulletin.views import IssueView

__all__ = ["plan_key", "unchanged"]

# Bump when what the plan is made from changes (a new input of make_plan).
_PLAN = "plan 1"


def plan_key(
    archive: Archive,
    views: Sequence[IssueView],
    primed: Sequence[str | None],
    formats: Sequence[str],
    only: Sequence[str],
    links: Sequence[str],
    hidden: frozenset[str],
    later: Sequence[str],
    manifest: Manifest,
) -> str | None:
    """The key of the plan a build with these options makes of ``views`` (chronological,
    ``primed`` their keys); None if an issue's key is unknown."""
    if any(key is None for key in primed):
        return None
    root = archive.root
    return plain_hash(
        _PLAN,
        [[fmt.name, code_key(*(root / path for path in fmt.reads))] for fmt in FORMATS],
        archive.publication.model_dump_json(),
        segmenter_key().decode(),
        sorted(formats),
        sorted(only),
        sorted(links),
        sorted(hidden),
        sorted(later),
        _kept_folders(formats, only, manifest),
        [[view.dir, key] for view, key in zip(views, primed, strict=True)],
    )


def _kept_folders(formats: Sequence[str], only: Sequence[str], manifest: Manifest) -> list[str]:
    """The folders of issue formats the last build made that this one may not make for
    every issue: their files are planned as the manifest has them (``make_plan``)."""
    built = {path.split("/", 1)[0] for path in manifest.entries}
    return sorted(
        fmt.folder
        for fmt in FORMATS
        if isinstance(fmt, IssueFormat)
        and fmt.folder in built
        and (fmt.name not in formats or only)
    )


def unchanged(key: str | None, manifest: Manifest, out: Path) -> bool:
    """Whether the build that wrote ``manifest`` planned from the same inputs (``key``)
    and every file it lists is on disk as it was written: then nothing is to be made."""
    return key is not None and manifest.planned_from(key) and manifest.intact(out)
