"""The front of the pipeline: discover -> load -> validate -> number -> parse bodies.

``load_archive`` runs these stages over a content project and returns an
:class:`Archive` (or raises :class:`ContentError` with every diagnostic). The
``check`` command stops here; ``build`` plans and renders from the archive.
"""

from __future__ import annotations

import functools
import logging
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from stat import S_ISDIR, S_ISLNK, S_ISREG

from markdown_it.token import Token

from ybbulletin.characters import decode
from ybbulletin.errors import ContentError, Diagnostics, Location, excerpt
from ybbulletin.loaded import Bodies, FileResult, IssueCache, image_sources, markdown_fields
from ybbulletin.located import KeyPath, Located, load_file, load_text
from ybbulletin.markdown import BodyParser, ImageRules, Locate, check_body
from ybbulletin.model import ArchiveIssue, Issue, Publication
from ybbulletin.numbering import Stub, number_archive
from ybbulletin.oserrors import LOOP, real
from ybbulletin.stage_pool import run_stages
from ybbulletin.validate import validate_issue, validate_publication

__all__ = [
    "SETTINGS_FILE",
    "Archive",
    "IssueFile",
    "discover",
    "load_archive",
    "load_issue",
    "markdown_fields",
]

log = logging.getLogger(__name__)

SETTINGS_FILE = "ybbulletin.yaml"
ISSUES_DIR = "content/issues"
TEMPLATES_DIR = "templates"
# ASCII digits only: \d also takes 全角 １３, whose int() is 13 (a file the editor cannot see as 13)
ISSUE_NAME = re.compile(r"^(?:(zengkan|zhuankan)-)?([0-9]{2,3})\.yaml$")
_EDITOR_LITTER = re.compile(r"^(\.|~|#)|(~|\.swp|\.swo|\.tmp|\.bak|#)$")
_YEAR_DIR = re.compile(r"^[0-9]{4}$")


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
    #: (issue file, key path) -> parsed tokens of a Markdown text, parsed when first read
    tokens: Bodies = field(default_factory=lambda: Bodies({}))
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    #: issue file -> key path of a text -> the image sources it shows, in order (as
    #: markdown-it keeps them: percent-encoded), known without parsing the texts
    images: dict[str, dict[KeyPath, list[str]]] = field(default_factory=dict)


def discover(root: Path, diags: Diagnostics) -> list[IssueFile]:
    """Stage 1: find the issue files under content/issues/<year>/."""
    issues_dir = root / ISSUES_DIR
    if not root.is_dir():
        return []  # load_publication says so
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
                "例如 content/issues/2025/（半角数字）",
            )
            continue
        folder: list[Path | None] = []  # the year folder resolved, once
        for path in sorted(year_dir.iterdir()):
            relpath = f"{rel_dir}/{path.name}"
            if _EDITOR_LITTER.search(path.name):
                continue
            # a file that is no link: its lstat tells all the checks below (its real path is
            # its folder's): one system call, not a resolve of every part and two stats
            mode = _mode_unless_link(path)
            if path.is_dir() if mode is None else S_ISDIR(mode):
                continue
            if not ISSUE_NAME.match(path.name):
                if path.suffix in (".yaml", ".yml"):
                    diags.warning(
                        Location(relpath),
                        "文件名不是期刊文件名，未读取",
                        "应为 NN.yaml（如 12.yaml）、zengkan-NN.yaml 或 zhuankan-NN.yaml，"
                        "数字用半角",
                    )
                continue
            if mode is not None and not folder:
                folder.append(real(year_dir))
            resolved = real(path) if mode is None or folder[0] is None else folder[0] / path.name
            if resolved is None:
                diags.error(Location(relpath), *LOOP)
                continue
            if not resolved.is_relative_to(real_root):
                diags.error(Location(relpath), "文件链接到内容项目之外，未读取")
                continue
            # a pipe or a device would block or never end
            if not (path.is_file() if mode is None else S_ISREG(mode)):
                diags.error(
                    Location(relpath),
                    "不是普通文件（管道、设备或无效的链接），未读取",
                    "删除它，或换成用编辑器保存的 .yaml 文件",
                )
                continue
            found.append(IssueFile(path, relpath, year_dir.name, path.name.removesuffix(".yaml")))
    return found


def _mode_unless_link(path: Path) -> int | None:
    """The file's mode from its lstat; None if it is a link or cannot be looked at."""
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return None
    return None if S_ISLNK(mode) else mode


def load_publication(root: Path, diags: Diagnostics) -> Publication | None:
    path = root / SETTINGS_FILE
    if not root.is_dir():
        diags.error(
            Location(SETTINGS_FILE),
            f"找不到项目目录 {excerpt(str(root), 200)}（不存在，或不是文件夹）",
            "检查 --project 指定的路径，或在内容项目的根目录运行",
        )
        return None
    resolved = real(path)
    if resolved is None:
        diags.error(Location(SETTINGS_FILE), *LOOP)
        return None
    if path.exists() and not resolved.is_relative_to(root.resolve()):
        diags.error(
            Location(SETTINGS_FILE),
            "ybbulletin.yaml 链接到内容项目之外，未读取",
            "把设置文件复制到项目中，不用符号链接",
        )
        return None
    if path.exists() and not path.is_file():
        diags.error(
            Location(SETTINGS_FILE),
            "ybbulletin.yaml 不是普通文件（文件夹、管道或设备），未读取",
            "删除它，换成用编辑器保存的设置文件",
        )
        return None
    if not path.is_file():
        diags.error(
            Location(SETTINGS_FILE),
            "找不到 ybbulletin.yaml",
            "请在内容项目的根目录运行，或用 --project 指定目录",
        )
        return None
    located = load_file(path, SETTINGS_FILE, diags)
    return validate_publication(located, diags) if located else None


def templates_inside(root: Path, diags: Diagnostics) -> None:
    """The project's ``templates/`` (its layouts, reference.docx) must lie in the project:
    the renderers follow links, so a link out of it is refused here, before anything is
    rendered from it."""
    folder = root / TEMPLATES_DIR
    if not folder.is_dir() or not root.is_dir():
        return
    real_root = root.resolve()
    for path in [folder, *sorted(folder.rglob("*"))]:
        if not path.is_symlink():
            continue
        resolved = real(path)
        if resolved is None:
            diags.error(Location(path.relative_to(root).as_posix()), *LOOP)
            continue
        if not resolved.is_relative_to(real_root):
            diags.error(
                Location(path.relative_to(root).as_posix()),
                "模板链接到内容项目之外，未读取",
                "把模板文件复制到项目的 templates/ 中，不用符号链接",
            )
            if path == folder:
                return


def load_archive(
    root: Path,
    *,
    diags: Diagnostics | None = None,
    strict: bool = False,
    cache: IssueCache | None = None,
    jobs: int = 1,
) -> Archive:
    """Run discover, load, validate, number and parse; raise ContentError on errors.

    Stages 2, 3 and 5 depend on one issue file each (and the settings): with a
    ``cache`` they run only for files it holds no result for (see archive_cache);
    with ``jobs`` > 1, in that many worker processes when it misses many
    (``stage_pool``: the same results, in the same order).
    """
    diags = diags if diags is not None else Diagnostics()
    log.info("1. discover")
    publication = load_publication(root, diags)
    templates_inside(root, diags)
    files = discover(root, diags)
    log.info("2. load, 3. validate, 5. parse bodies and 校对: %d issue files", len(files))
    context = _Context(
        publication,
        publication.model_dump_json() if publication else "",
        (root / "content").resolve(),
        root.resolve(),
        BodyParser(),
    )
    loaded: list[tuple[IssueFile, Located, Issue, FileResult]] = []
    for issue_file, result in zip(files, _all_stages(files, context, cache, jobs), strict=True):
        diags.extend(result.diagnostics)
        if result.located is not None and result.issue is not None:
            loaded.append((issue_file, result.located, result.issue, result))
    log.info("4. number")
    stubs = [stub_of(f.relpath, located, issue) for f, located, issue, _result in loaded]
    first_total = publication.numbering.first_total if publication else None
    totals = number_archive(stubs, first_total, diags, settings_ok=publication is not None)
    issues = [
        ArchiveIssue(f.relpath, issue, totals.get(f.relpath), located)
        for f, located, issue, _result in loaded
    ]
    tokens = Bodies({f.relpath: result for f, _located, _issue, result in loaded})
    images = {f.relpath: result.images for f, _located, _issue, result in loaded if result.images}
    if publication is None or diags.has_errors(strict=strict):
        raise ContentError(diags)
    issues.sort(
        key=lambda a: (a.issue.year, a.issue.kind != "regular", a.issue.kind, a.issue.number)
    )
    return Archive(root, publication, issues, tokens, diags, images)


def load_issue(
    root: Path, relpath: str, publication: Publication, cache: IssueCache | None = None
) -> FileResult:
    """Stages 2, 3 and 5 of one issue file that discovery found before, as ``load_archive``
    runs them (numbering aside: it needs every issue). The preview reads a saved file so."""
    path = root / relpath
    issue_file = IssueFile(path, relpath, path.parent.name, path.name.removesuffix(".yaml"))
    context = _Context(
        publication,
        publication.model_dump_json(),
        (root / "content").resolve(),
        root.resolve(),
        BodyParser(),
    )
    return _issue_stages(issue_file, context, cache)


@dataclass(frozen=True)
class _Context:
    """What the per-file stages need besides the file."""

    publication: Publication | None
    settings: str  # the settings as the cache key sees them
    content_root: Path
    real_root: Path
    parser: BodyParser


def _issue_stages(issue_file: IssueFile, context: _Context, cache: IssueCache | None) -> FileResult:
    """Stages 2, 3 and 5 of one issue file, from the cache when it has them."""
    return _all_stages([issue_file], context, cache, 1)[0]


def _all_stages(
    files: list[IssueFile], context: _Context, cache: IssueCache | None, jobs: int
) -> list[FileResult]:
    """Stages 2, 3 and 5 of each issue file, in order: from the cache where it has them,
    the others run (in ``jobs`` workers if there are many) and given to the cache."""
    results: list[FileResult | None] = []
    todo: list[tuple[bytes, IssueFile, Path]] = []
    real: dict[Path, Path] = {}  # each year's folder resolved once (50 issues share one)
    for issue_file in files:
        try:
            raw = issue_file.path.read_bytes()
        except OSError as exc:
            diags = Diagnostics()
            diags.error(Location(issue_file.relpath), f"无法读取文件：{exc.strerror or exc}")
            results.append(FileResult(None, None, diagnostics=diags.items))
            continue
        parent = issue_file.path.parent
        issue_dir = real.get(parent) or real.setdefault(parent, parent.resolve())
        found = cache.get(issue_file.relpath, raw, context.settings, issue_dir) if cache else None
        if found is None:
            todo.append((raw, issue_file, issue_dir))
        results.append(found)
    if todo:  # the validators (deferred: a build from the cache needs none) and 校对 (its
        Issue.model_rebuild()  # ~100 patterns compiled at import) only for files not kept:
        import ybbulletin.proofread  # noqa: F401  # once, before the stages' workers fork
    made = run_stages(todo, functools.partial(_run_stages, context=context), jobs)
    for (raw, issue_file, issue_dir), result in zip(todo, made, strict=True):
        if cache is not None:
            cache.put(issue_file.relpath, raw, context.settings, issue_dir, result)
    fresh = iter(made)
    return [found if found is not None else next(fresh) for found in results]


def _run_stages(
    raw: bytes, issue_file: IssueFile, issue_dir: Path, context: _Context
) -> FileResult:
    diags = Diagnostics()
    relpath = issue_file.relpath
    text = decode(raw, relpath, diags)
    located = load_text(text, relpath, diags) if text is not None else None
    if located is None:
        return FileResult(None, None, diagnostics=diags.items)
    issue = validate_issue(
        located, diags, context.publication, issue_file.year_dir, issue_file.stem
    )
    if issue is None:
        return FileResult(located, None, diagnostics=diags.items)
    images = ImageRules(issue_dir, context.content_root, context.real_root)
    tokens: dict[KeyPath, list[Token]] = {}
    for keypath, body in markdown_fields(issue):
        locate = _locator(located, keypath)
        tokens[keypath] = check_body(body, locate, diags, images, context.parser)
    from ybbulletin.proofread import proofread  # (imported by _all_stages)

    # 校对 reads the issue's own text only (its total is not known before numbering)
    proofread(ArchiveIssue(relpath, issue, None, located), diags, tokens)
    return FileResult(located, issue, tokens, diags.items, image_sources(tokens))


def _locator(located: Located, keypath: KeyPath) -> Locate:
    def locate(line: int, column: int) -> Location:
        return located.text_location(keypath, line, column)

    return locate


def stub_of(relpath: str, located: Located, issue: Issue) -> Stub:
    where = _Places(located)
    return Stub(relpath, issue.year, issue.kind, issue.number, issue.date, issue.total, where)


class _Places(Mapping[str, Location]):
    """Where the fields numbering reads stand in an issue file, found when a message needs
    one (a file from the archive cache makes its position tables only then)."""

    NAMES = ("year", "number", "total", "date", "kind")

    def __init__(self, located: Located) -> None:
        self._located = located

    def __getitem__(self, name: str) -> Location:
        if name not in self.NAMES:
            raise KeyError(name)
        return self._located.location((name,))

    def __iter__(self) -> Iterator[str]:
        return iter(self.NAMES)

    def __len__(self) -> int:
        return len(self.NAMES)
