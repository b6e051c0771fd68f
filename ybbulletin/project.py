"""The front of the pipeline: discover -> load -> validate -> number -> parse bodies.

``load_archive`` runs these stages over a content project and returns an
:class:`Archive` (or raises :class:`ContentError` with every diagnostic). The
``check`` command stops here; ``build`` plans and renders from the archive.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from markdown_it.token import Token

from ybbulletin.errors import ContentError, Diagnostics, Location
from ybbulletin.markdown import BodyParser, ImageRules, Locate, check_body
from ybbulletin.model import ArchiveIssue, Issue, Publication, entry_texts
from ybbulletin.numbering import Stub, number_archive
from ybbulletin.proofread import proofread
from ybbulletin.source import KeyPath, Located, load_file
from ybbulletin.validate import validate_issue, validate_publication

__all__ = ["SETTINGS_FILE", "Archive", "IssueFile", "discover", "load_archive"]

log = logging.getLogger(__name__)

SETTINGS_FILE = "ybbulletin.yaml"
ISSUES_DIR = "content/issues"
ISSUE_NAME = re.compile(r"^(?:(zengkan|zhuankan)-)?(\d{2,3})\.yaml$")
_EDITOR_LITTER = re.compile(r"^(\.|~|#)|(~|\.swp|\.swo|\.tmp|\.bak|#)$")
_YEAR_DIR = re.compile(r"^\d{4}$")


@dataclass(frozen=True)
class IssueFile:
    """A file that discovery took for an issue."""

    path: Path
    relpath: str
    year_dir: str
    stem: str


@dataclass
class Archive:
    """Everything the renderers need: settings, numbered issues, parsed bodies."""

    root: Path
    publication: Publication
    issues: list[ArchiveIssue]
    tokens: dict[tuple[str, KeyPath], list[Token]] = field(default_factory=dict)
    diagnostics: Diagnostics = field(default_factory=Diagnostics)


def discover(root: Path, diags: Diagnostics) -> list[IssueFile]:
    """Stage 1: find the issue files under content/issues/<year>/."""
    issues_dir = root / ISSUES_DIR
    if not issues_dir.is_dir():
        diags.warning(
            Location(ISSUES_DIR),
            "还没有任何一期（找不到 content/issues 目录）",
            "用“ybbulletin new”生成第一期",
        )
        return []
    real_root = root.resolve()
    found: list[IssueFile] = []
    for year_dir in sorted(issues_dir.iterdir()):
        rel_dir = f"{ISSUES_DIR}/{year_dir.name}"
        if _EDITOR_LITTER.search(year_dir.name):
            continue
        if not year_dir.is_dir():
            if year_dir.suffix in (".yaml", ".yml"):
                diags.warning(
                    Location(rel_dir),
                    "期刊文件应放在年份目录中，未读取",
                    f"移到 {ISSUES_DIR}/<年份>/ 下",
                )
            continue
        if not _YEAR_DIR.match(year_dir.name):
            diags.warning(
                Location(rel_dir),
                "目录名应为四位年份，其中的文件未读取",
                "例如 content/issues/2025/",
            )
            continue
        for path in sorted(year_dir.iterdir()):
            relpath = f"{rel_dir}/{path.name}"
            if _EDITOR_LITTER.search(path.name) or path.is_dir():
                continue
            if not ISSUE_NAME.match(path.name):
                if path.suffix in (".yaml", ".yml"):
                    diags.warning(
                        Location(relpath),
                        "文件名不是期刊文件名，未读取",
                        "应为 NN.yaml（如 12.yaml）、zengkan-NN.yaml 或 zhuankan-NN.yaml",
                    )
                continue
            if not path.resolve().is_relative_to(real_root):
                diags.error(Location(relpath), "文件链接到内容项目之外，未读取")
                continue
            found.append(IssueFile(path, relpath, year_dir.name, path.name.removesuffix(".yaml")))
    return found


def load_publication(root: Path, diags: Diagnostics) -> Publication | None:
    path = root / SETTINGS_FILE
    if not path.is_file():
        diags.error(
            Location(SETTINGS_FILE),
            "找不到 ybbulletin.yaml",
            "请在内容项目的根目录运行，或用 --project 指定目录",
        )
        return None
    located = load_file(path, SETTINGS_FILE, diags)
    return validate_publication(located, diags) if located else None


def load_archive(root: Path, *, diags: Diagnostics | None = None, strict: bool = False) -> Archive:
    """Run discover, load, validate, number and parse; raise ContentError on errors."""
    diags = diags if diags is not None else Diagnostics()
    log.info("1. discover")
    publication = load_publication(root, diags)
    files = discover(root, diags)
    log.info("2. load and 3. validate: %d issue files", len(files))
    loaded: list[tuple[IssueFile, Located, Issue]] = []
    for issue_file in files:
        located = load_file(issue_file.path, issue_file.relpath, diags)
        if located is None:
            continue
        issue = validate_issue(located, diags, publication, issue_file.year_dir, issue_file.stem)
        if issue is not None:
            loaded.append((issue_file, located, issue))
    log.info("4. number")
    stubs = [stub_of(f.relpath, located, issue) for f, located, issue in loaded]
    first_total = publication.numbering.first_total if publication else None
    totals = number_archive(stubs, first_total, diags, settings_ok=publication is not None)
    issues = [
        ArchiveIssue(f.relpath, issue, totals.get(f.relpath), located)
        for f, located, issue in loaded
    ]
    log.info("5. parse bodies")
    tokens: dict[tuple[str, KeyPath], list[Token]] = {}
    content_root = (root / "content").resolve()
    parser = BodyParser()
    for (issue_file, _located, _issue), archive_issue in zip(loaded, issues, strict=True):
        images = ImageRules(issue_file.path.parent.resolve(), content_root, root.resolve())
        for keypath, text in markdown_fields(archive_issue.issue):
            locate = _locator(archive_issue.source, keypath)
            tokens[(archive_issue.path, keypath)] = check_body(text, locate, diags, images, parser)
    log.info("5. parse bodies: 校对")
    for archive_issue in issues:
        proofread(archive_issue, diags)
    if publication is None or diags.has_errors(strict=strict):
        raise ContentError(diags)
    issues.sort(
        key=lambda a: (a.issue.year, a.issue.kind != "regular", a.issue.kind, a.issue.number)
    )
    return Archive(root, publication, issues, tokens, diags)


def _locator(located: Located, keypath: KeyPath) -> Locate:
    def locate(line: int, column: int) -> Location:
        return located.text_location(keypath, line, column)

    return locate


def stub_of(relpath: str, located: Located, issue: Issue) -> Stub:
    where = {
        name: located.location((name,)) for name in ("year", "number", "total", "date", "kind")
    }
    return Stub(relpath, issue.year, issue.kind, issue.number, issue.date, issue.total, where)


def markdown_fields(issue: Issue) -> list[tuple[KeyPath, str]]:
    """Every Markdown text of an issue with its path in the file."""
    found: list[tuple[KeyPath, str]] = []
    for i, entry in enumerate(issue.entries):
        for keypath, text in entry_texts(entry):
            found.append((("entries", i, *keypath), text))
    return found
