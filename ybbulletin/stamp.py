"""The build stamp: what the last build's outputs were made from, so that publish and
status can tell a fresh build from a stale one.

``build/.ybbulletin-stamp.json`` records, after every successful build, a
fingerprint of the inputs of each output: for the site, everything (settings,
templates, ybbulletin itself, every issue file and image) and which draft
issues it includes; for each issue's PDF and Word file, that issue's inputs.
A format the build did not make keeps its previous record, so
``build --formats html`` after an edit leaves the PDFs stale, as they are.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ybbulletin.atomic import write_atomic
from ybbulletin.cache import code_key, digest, fingerprint
from ybbulletin.project import SETTINGS_FILE, Archive
from ybbulletin.render.registry import FORMATS, IssueFormat
from ybbulletin.signoff import images_of

__all__ = ["STAMP", "Inputs", "Stamp", "inputs", "record_build"]

STAMP = ".ybbulletin-stamp.json"
_FORMAT = 1
#: Issue formats the site offers for download (their files are part of a release): name -> label.
ISSUE_FORMATS = {f.name: f.download for f in FORMATS if isinstance(f, IssueFormat) and f.download}


@dataclass(frozen=True)
class Inputs:
    """Fingerprints of what the outputs are made from, as the content is now."""

    site: str
    issues: dict[str, str]


@dataclass
class Stamp:
    """The record the last builds left: site inputs and drafts, issue files' inputs."""

    site: str | None = None
    site_drafts: list[str] = field(default_factory=list)
    issues: dict[str, dict[str, str]] = field(default_factory=dict)  # format -> slug -> fp

    @classmethod
    def load(cls, out: Path) -> Stamp | None:
        try:
            raw = json.loads((out / STAMP).read_text(encoding="utf-8"))
            if raw.get("format") != _FORMAT:
                return None
            site = raw.get("site") or {}
            return cls(
                site.get("inputs"),
                [str(s) for s in site.get("drafts", [])],
                {str(k): {str(s): str(f) for s, f in v.items()} for k, v in raw["issues"].items()},
            )
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def save(self, out: Path) -> None:
        """Write the stamp (atomically); an unchanged stamp is not touched."""
        data = {
            "format": _FORMAT,
            "site": {"inputs": self.site, "drafts": self.site_drafts},
            "issues": {fmt: dict(sorted(record.items())) for fmt, record in self.issues.items()},
        }
        encoded = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
        target = out / STAMP
        try:  # bytes: a damaged stamp (not UTF-8) is simply replaced
            if target.read_bytes() == encoded:
                return  # a build that changed nothing writes nothing
        except OSError:
            pass
        write_atomic(target, encoded)


def inputs(archive: Archive, files: Mapping[str, tuple[str, str]] | None = None) -> Inputs:
    """Fingerprints of the current content: per issue, and for the whole site.

    ``files``: issue file -> (sha256 of its bytes as loaded, …), from the archive cache;
    a file it does not name is read again. Images' hashes are kept by their state
    (``loaded.HASHES``).
    """
    root = archive.root
    common = fingerprint(code_key(root / "templates"), (root / SETTINGS_FILE).read_bytes())
    known = files or {}

    def content(relpath: str) -> str:
        found = known.get(relpath)
        return found[0] if found is not None else digest((root / relpath).read_bytes())

    issues = {
        a.slug: fingerprint(
            common,
            a.path,
            a.label,
            content(a.path),
            [list(image) for image in images_of(archive, a)],
        )
        for a in archive.issues
    }
    return Inputs(fingerprint(common, sorted(issues.items())), issues)


def record_build(
    archive: Archive,
    out: Path,
    formats: Iterable[str],
    only: Sequence[str],
    site_drafts: Sequence[str],
    files: Mapping[str, tuple[str, str]] | None = None,
) -> None:
    """After a successful build: note what each output it made was made from."""
    now = inputs(archive, files)
    stamp = Stamp.load(out) or Stamp()
    formats = set(formats)
    if "html" in formats:
        stamp.site = now.site
        stamp.site_drafts = sorted(site_drafts)
    for fmt in ISSUE_FORMATS:
        record = {s: f for s, f in stamp.issues.get(fmt, {}).items() if s in now.issues}
        if fmt in formats:
            record.update({s: f for s, f in now.issues.items() if not only or s in only})
        stamp.issues[fmt] = record
    stamp.save(out)


def freshness(stamp: Stamp | None, now: Inputs, fmt: str, slug: str) -> str:
    """未生成 / 最新 / 已过期 for one issue's PDF or Word file."""
    recorded = (stamp.issues.get(fmt, {}) if stamp else {}).get(slug)
    if recorded is None:
        return "未生成"
    return "最新" if recorded == now.issues.get(slug) else "已过期"
