"""The pipeline top to bottom: load the archive, plan, render, then write atomically.

Stages 1–5 (discover, load, validate, number, parse bodies) are
``project.load_archive``; this module adds 6. plan, 7. render and 8. write.
Nothing is written until every page and PDF rendered: outputs go to a staging
folder inside ``build/``, whose folders replace ``build/site`` and ``build/pdf``
only at the end, so a failed or interrupted build leaves the previous output
exactly as it was.
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

from ybbulletin.errors import ContentError, Diagnostics, Location
from ybbulletin.markdown import IMAGE_SUFFIXES
from ybbulletin.project import SETTINGS_FILE, Archive, load_archive
from ybbulletin.render.html import media_path
from ybbulletin.render.pages import PACKAGE_TEMPLATES, make_environment, render_page
from ybbulletin.site import Download, build_views, plan_site

__all__ = ["BuildResult", "build"]

log = logging.getLogger(__name__)


#: Every output format, in the order they are made.
FORMATS = ("html", "pdf", "docx")


@dataclass(frozen=True)
class BuildResult:
    """What a build did, for the summary line."""

    issues: int
    files: int
    seconds: float
    diagnostics: Diagnostics
    font_substitutions: list[tuple[str, str]]


def build(
    root: Path, out: Path, *, strict: bool = False, formats: tuple[str, ...] = FORMATS
) -> BuildResult:
    """Build the project at ``root`` into ``out``: ``site/``, ``pdf/`` and ``docx/``."""
    started = time.perf_counter()
    archive = load_archive(root, strict=strict)
    outputs: dict[str, dict[str, bytes]] = {}
    substitutions: list[tuple[str, str]] = []
    downloads: dict[str, list[Download]] = {}
    if "pdf" in formats:
        pdfs, substitutions = render_pdfs(archive)
        outputs["pdf"] = {name: data for (_slug, name), data in pdfs.items()}
        for slug, name in sorted(pdfs):
            downloads.setdefault(slug, []).append(Download("PDF", f"files/{name}"))
    if "docx" in formats:
        documents = render_docxs(archive)
        outputs["docx"] = {name: data for (_slug, name), data in documents.items()}
        for slug, name in sorted(documents):
            downloads.setdefault(slug, []).append(Download("Word", f"files/{name}"))
    if "html" in formats:
        site = render_site(archive, downloads)
        for folder in ("pdf", "docx"):
            site.update({f"files/{name}": data for name, data in outputs.get(folder, {}).items()})
        outputs["site"] = site
    if archive.diagnostics.has_errors(strict=strict):
        raise ContentError(archive.diagnostics)
    count = sum(len(files) for files in outputs.values())
    log.info("8. write: %d files to %s", count, out)
    write_outputs(out, outputs)
    elapsed = time.perf_counter() - started
    return BuildResult(len(archive.issues), count, elapsed, archive.diagnostics, substitutions)


def render_pdfs(
    archive: Archive,
) -> tuple[dict[tuple[str, str], bytes], list[tuple[str, str]]]:
    """Stage 7 for print: each issue's PDF keyed by (slug, file name), and the font stand-ins."""
    from ybbulletin.render.pdf import check_pdf, pdf_name, print_html, render_pdf

    env = make_environment(archive.root, "print")
    pdfs: dict[tuple[str, str], bytes] = {}
    substitutions: dict[tuple[str, str], None] = {}
    for issue in build_views(archive):
        name = pdf_name(archive.publication, issue)
        log.info("7. render: %s", name)
        html = print_html(env, archive.publication, issue)
        result = render_pdf(html, archive.root)
        check_pdf(result, issue, archive.diagnostics)
        pdfs[(issue.dir, name)] = result.data
        substitutions.update(dict.fromkeys(result.substitutions))
    return pdfs, list(substitutions)


def render_docxs(archive: Archive) -> dict[tuple[str, str], bytes]:
    """Stage 7 for Word: each issue's .docx keyed by (slug, file name)."""
    from ybbulletin.render.docx import docx_name, render_docx
    from ybbulletin.render.pdf import title_lines

    images = {path.removeprefix("media/"): data for path, data in media_files(archive).items()}
    reference = archive.root / "templates" / "docx" / "reference.docx"
    documents: dict[tuple[str, str], bytes] = {}
    for issue in build_views(archive):
        name = docx_name(archive.publication, issue)
        log.info("7. render: %s", name)
        data = render_docx(
            archive.publication,
            issue,
            images,
            title_lines,
            reference if reference.is_file() else None,
        )
        documents[(issue.dir, name)] = data
    return documents


def render_site(
    archive: Archive, downloads: dict[str, list[Download]] | None = None
) -> dict[str, bytes]:
    """Stages 6 and 7: every file of the site as bytes, keyed by its site-relative path."""
    from ybbulletin.render.feeds import atom_feed, sitemap

    log.info("6. plan")
    pages = plan_site(archive, downloads)
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


def write_outputs(out: Path, outputs: dict[str, dict[str, bytes]]) -> None:
    """Write every output folder (site/, pdf/ …) into staging beside ``out``, then swap them in.

    Nothing under ``out`` changes until every file is written; the swaps are renames.
    """
    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".new-", dir=out))
    try:
        staging.chmod(0o755)  # mkdtemp makes it private; the web server must read the site
        for folder, files in outputs.items():
            (staging / folder).mkdir()
            for relpath, data in sorted(files.items()):
                path = staging / folder / relpath
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
        for folder in outputs:
            target = out / folder
            old = None
            if target.exists():
                old = out / f".old-{folder}-{os.getpid()}"
                os.replace(target, old)
            os.replace(staging / folder, target)
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
