"""The pipeline top to bottom: load the archive, plan, render, then write atomically.

Stages 1–5 (discover, load, validate, number, parse bodies) are
``project.load_archive``; this module adds 6. plan, 7. render and 8. write.
Nothing is written until every page rendered: outputs go to a temporary
folder beside the target, which replaces ``build/site`` only at the end, so a
failed or interrupted build leaves the previous output exactly as it was.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from ybbulletin.errors import Diagnostics, Location
from ybbulletin.markdown import IMAGE_SUFFIXES
from ybbulletin.project import SETTINGS_FILE, Archive, load_archive
from ybbulletin.render.html import media_path
from ybbulletin.render.pages import PACKAGE_TEMPLATES, make_environment, render_page
from ybbulletin.site import build_views, plan_site

__all__ = ["BuildResult", "build"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BuildResult:
    """What a build did, for the summary line."""

    issues: int
    files: int
    seconds: float
    diagnostics: Diagnostics


def build(root: Path, out: Path, *, strict: bool = False) -> BuildResult:
    """Build the website of the project at ``root`` into ``out/site``."""
    started = time.perf_counter()
    archive = load_archive(root, strict=strict)
    files = render_site(archive)
    log.info("8. write: %d files to %s", len(files), out / "site")
    write_tree(out / "site", files)
    return BuildResult(
        len(archive.issues), len(files), time.perf_counter() - started, archive.diagnostics
    )


def render_site(archive: Archive) -> dict[str, bytes]:
    """Stages 6 and 7: every file of the site as bytes, keyed by its site-relative path."""
    from ybbulletin.render.feeds import atom_feed, sitemap

    log.info("6. plan")
    pages = plan_site(archive)
    log.info("7. render: %d pages", len(pages))
    env = make_environment(archive.root)
    files: dict[str, bytes] = {}
    for page in pages:
        files[page.path] = render_page(env, page).encode("utf-8")
    files.update(site_assets(archive.root))
    files.update(media_files(archive))
    publication = archive.publication
    if publication.base_url:
        issues = build_views(archive)
        files["feed.xml"] = atom_feed(publication, issues)
        files["sitemap.xml"] = sitemap(publication, pages, issues)
    else:
        archive.diagnostics.warning(
            Location(SETTINGS_FILE),
            "没有设置 base_url，不生成 feed.xml 和 sitemap.xml",
            "在 ybbulletin.yaml 中写网站的正式地址，例如 base_url: https://www.example.gov.cn/ybxx/",
        )
    return files


def site_assets(root: Path) -> dict[str, bytes]:
    """Stylesheet and script: the package's, each replaceable by the project's file of that name."""
    found: dict[str, bytes] = {}
    for folder in (PACKAGE_TEMPLATES / "site" / "assets", root / "templates" / "site" / "assets"):
        if folder.is_dir():
            for path in sorted(folder.iterdir()):
                if path.is_file():
                    found[f"assets/{path.name}"] = path.read_bytes()
    return found


def media_files(archive: Archive) -> dict[str, bytes]:
    """The images the bodies use, copied under media/ (validation checked each one)."""
    content = archive.root / "content"
    found: dict[str, bytes] = {}
    for (issue_path, _keypath), tokens in archive.tokens.items():
        issue_dir = str(Path(issue_path).parent.relative_to("content").as_posix())
        for token in tokens:
            for child in token.children or []:
                if child.type != "image":
                    continue
                # markdown-it percent-encodes the src it keeps; files have the real name.
                site_path = unquote(media_path(issue_dir, str(child.attrGet("src") or "")))
                source = content / site_path.removeprefix("media/")
                if source.suffix.lower() in IMAGE_SUFFIXES:
                    found[site_path] = source.read_bytes()
    return found


def write_tree(target: Path, files: dict[str, bytes]) -> None:
    """Write ``files`` into a fresh folder beside ``target``, then swap it into place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    try:
        staging.chmod(0o755)  # mkdtemp makes it private; the web server must read the site
        for relpath, data in sorted(files.items()):
            path = staging / relpath
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        old = None
        if target.exists():
            old = target.parent / f".{target.name}.old-{os.getpid()}"
            os.replace(target, old)
        os.replace(staging, target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
