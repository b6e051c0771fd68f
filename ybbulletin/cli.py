"""The ``ybbulletin`` command: ``main(argv)`` returns the exit code; no tracebacks for content.

Exit codes: 0 ok, 1 content errors (or warnings under ``--strict``), 2 usage
errors, 3 an internal error (a bug; ``--debug`` shows the traceback).
"""

from __future__ import annotations

import argparse
import datetime
import logging
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ybbulletin import __version__
from ybbulletin.cli_parser import ChineseParser
from ybbulletin.errors import ContentError, Diagnostics, UsageError
from ybbulletin.render.registry import FORMATS

__all__ = ["main", "run"]

EXIT_OK, EXIT_CONTENT, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"日期“{text}”应写成 YYYY-MM-DD，例如 2025-08-13"
        ) from None


def build_parser() -> argparse.ArgumentParser:
    common = ChineseParser(add_help=False)
    common.add_argument(
        "--project",
        type=Path,
        default=argparse.SUPPRESS,
        metavar="PATH",
        help="内容项目的根目录（含 ybbulletin.yaml），默认为当前目录",
    )
    common.add_argument(
        "-v", "--verbose", action="store_true", default=argparse.SUPPRESS, help="显示各处理步骤"
    )
    common.add_argument(
        "--debug", action="store_true", default=argparse.SUPPRESS, help="出现内部错误时显示调试信息"
    )

    parser = ChineseParser(
        prog="ybbulletin",
        description="医保信息简报排版工具：用 YAML 写每一期，生成网站、印刷版 PDF 和 Word 文件。",
        epilog="在内容项目根目录运行，或用 --project 指定。每个命令的说明：ybbulletin 命令 --help",
        parents=[common],
    )
    # Options may stand before or after the command: SUPPRESS keeps a sub-command's
    # unset option from overwriting the value given before it (read with getattr).
    parser.add_argument(
        "--version", action="version", version=f"ybbulletin {__version__}", help="显示版本号并退出"
    )
    commands = parser.add_subparsers(
        dest="command", title="命令", metavar="<命令>", help="可用的命令："
    )

    check = commands.add_parser(
        "check",
        parents=[common],
        help="检查全部内容，列出所有错误和警告",
        description="检查 ybbulletin.yaml 和 content/issues 下的每一期："
        "格式、字段、期号、日期、正文中的链接和图片。有错误时退出码为 1。",
    )
    check.add_argument("--strict", action="store_true", help="把警告也当作错误（退出码 1）")
    check.add_argument(
        "--fix",
        action="store_true",
        help="先自动改正安全的问题（汉字旁的半角标点、汉字之间的空格），保留注释和排版，再检查",
    )

    new = commands.add_parser(
        "new",
        parents=[common],
        help="新建下一期的文件（期号自动填写）",
        description="在 content/issues/<年份>/ 下新建下一期的文件，"
        "自动填好年份、期号、总期数和日期，并附上各字段的填写说明。已存在的文件不会被覆盖。",
    )
    new.add_argument(
        "--date", type=_date, default=None, metavar="YYYY-MM-DD", help="印发日期，默认为今天"
    )
    new.add_argument(
        "--kind",
        choices=["regular", "supplement", "special"],
        default="regular",
        help="期刊类型：regular 正刊（默认）、supplement 增刊、special 专刊",
    )
    importer = commands.add_parser(
        "import",
        parents=[common],
        help="把已有的简报或来稿（文本、Word、WPS、PDF、网页）导入为一期的草稿",
        description="读取 .txt、.docx、.doc、.wps、.pdf 或 .html 格式的简报或文章，生成 "
        "content/issues/<年份>/<期号>.yaml 草稿：识别期号、栏目、标题、来源、记者通讯员、按语和案例"
        "（当事方、金额、法律依据、处理措施），清理复制时带来的半角标点、多余空格和网页栏目。"
        "原文的每一段都会进入条目，或整段写在“# 请核对”注释里。已存在的文件不会被覆盖。",
    )
    importer.add_argument(
        "file",
        type=Path,
        metavar="FILE",
        help="要导入的 .txt、.docx、.doc、.wps、.pdf 或 .html 文件",
    )
    importer.add_argument(
        "--year", type=int, default=None, help="年份（文件中没有期号、也没有发布日期时必须指定）"
    )
    importer.add_argument(
        "--number", type=int, default=None, help="期号（文件中没有期号时必须指定）"
    )
    importer.add_argument(
        "--date",
        type=_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="印发日期（文件中没有时使用）",
    )

    serve = commands.add_parser(
        "serve",
        parents=[common],
        help="本地预览：保存后自动重新生成并刷新页面，错误显示在页面上",
        description="把网站生成到临时的预览目录（不动 build/）并在本机提供访问。"
        "修改 ybbulletin.yaml、content/ 或 templates/ 并保存后自动重新生成、刷新打开的页面；"
        "内容有错误时页面上列出每个错误的位置和改法，仍显示上一次成功的结果。"
        "每期页面上的 PDF、Word 链接在点击时才生成。按 Ctrl-C 停止。",
    )
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help="监听地址，默认 127.0.0.1（只有本机能访问）；0.0.0.0 会让网络上的其他电脑也能访问",
    )
    serve.add_argument(
        "--port", type=_port, default=8000, help="端口，默认 8000；被占用时自动改用下一个"
    )
    serve.add_argument("--open", action="store_true", help="启动后在浏览器中打开预览")

    schema = commands.add_parser(
        "schema",
        parents=[common],
        help="生成供编辑器使用的 JSON Schema（字段补全和即时检查）",
        description="生成 ybbulletin.yaml 和每期文件的 JSON Schema（draft-07）。"
        "VS Code 的 YAML 扩展等编辑器读取文件第一行的 "
        "“# yaml-language-server: $schema=…”后，输入时会提示字段、说明和错误。",
    )
    schema.add_argument(
        "--out", type=Path, default=None, metavar="DIR", help="输出目录，默认为项目中的 schema/"
    )

    build = commands.add_parser(
        "build",
        parents=[common],
        help="生成网站（以及各期的 PDF 和 Word 文件）",
        description="先检查全部内容，有错误时不生成任何文件；没有错误时生成到输出目录"
        "（默认 build/）。生成失败时，原有的输出保持不变。",
    )
    build.add_argument(
        "--out", type=Path, default=Path("build"), metavar="DIR", help="输出目录，默认为 build"
    )
    build.add_argument("--strict", action="store_true", help="有警告时也不生成")
    build.add_argument(
        "--formats",
        type=_formats,
        default=None,
        metavar=",".join(f.name for f in FORMATS),
        help="要生成的格式，逗号分隔："
        + "、".join(f"{f.name} {f.description}" for f in FORMATS)
        + "；默认全部",
    )
    build.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="年/期",
        help="只重新生成这一期的 PDF 和 Word 文件（如 2025/12、2025/zengkan-01；可写多次）",
    )
    build.add_argument(
        "--jobs",
        "-j",
        type=_positive,
        default=None,
        metavar="N",
        help="同时生成 PDF 和 Word 的进程数，默认为 CPU 核数",
    )
    build.add_argument("--force", action="store_true", help="不用缓存，全部重新生成")
    build.add_argument(
        "--drafts",
        action="store_true",
        help="网站中也收入未签发的期（标为草稿，供审阅；这样生成的网站不能发布）",
    )
    _add_release_commands(commands, common)
    return parser


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"“{text}”不是有效的端口号（0–65535）")
    return value


def _add_release_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    """sign, status and publish (their logic: signoff.py, status.py, publish.py)."""
    sign = commands.add_parser(
        "sign",
        parents=[common],
        help="记录一期的审核或签发（签名与内容绑定）",
        description="在这一期的文件末尾写入审核或签发记录（姓名、日期和内容校验码），"
        "文件中的注释和排版保持不变。内容有错误时不能签。签发后再改动内容，"
        "ybbulletin check 会指出改动的文章，需要重新签发。",
    )
    sign.add_argument("issue", metavar="年/期", help="哪一期，如 2025/12、2025/zengkan-01")
    sign.add_argument("--role", required=True, choices=["审核", "签发"], help="审核或签发")
    sign.add_argument("--name", required=True, metavar="姓名", help="签名人的姓名")
    sign.add_argument(
        "--date", type=_date, default=None, metavar="YYYY-MM-DD", help="签名日期，默认为今天"
    )
    commands.add_parser(
        "status",
        parents=[common],
        help="列出每一期的状态：草稿、已审核、已签发、签发后有改动",
        description="列出每一期的状态、审核和签发人及日期，以及网站、PDF 和 Word 文件是否已生成、"
        "是否是最新的。",
    ).add_argument(
        "--out", type=Path, default=Path("build"), metavar="DIR", help="生成目录，默认为 build"
    )
    publish = commands.add_parser(
        "publish",
        parents=[common],
        help="把生成的网站发布到网站目录（可回退）",
        description="把 build/site 复制为 DIR/releases/ 下的一个新版本，再把 DIR/current"
        "（网站服务器的根目录指向它）一次切换过去；保留最近几个版本，可以回退。"
        "网站不是最新生成的、内容有错误或网站中有未签发的期时不发布。",
    )
    publish.add_argument("--to", type=Path, default=None, metavar="DIR", help="发布目录")
    publish.add_argument(
        "--out", type=Path, default=Path("build"), metavar="DIR", help="生成目录，默认为 build"
    )
    publish.add_argument(
        "--keep", type=_positive, default=5, metavar="N", help="保留的版本数，默认 5"
    )
    publish.add_argument(
        "--dry-run", action="store_true", help="只列出新增、修改和删除的页面，不发布"
    )
    publish.add_argument("--rollback", action="store_true", help="切换回上一个版本")
    publish.add_argument(
        "--zip",
        type=Path,
        default=None,
        metavar="FILE",
        help="同时把这个版本打包为 zip（含校验文件），供集约化平台上传",
    )
    publish.add_argument(
        "--allow-drafts", action="store_true", help="允许发布含有未签发期的网站（不建议）"
    )


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"“{text}”应为正整数")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return the exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits on --help, --version and usage errors
        return int(exc.code or 0)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    verbose, debug = getattr(args, "verbose", False), getattr(args, "debug", False)
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(message)s")
    for noisy in ("weasyprint", "fontTools"):  # their progress is not the editor's business
        logging.getLogger(noisy).setLevel(logging.ERROR)
    root = (getattr(args, "project", None) or Path.cwd()).absolute()
    try:
        if args.command == "check":
            return _check(root, strict=args.strict, fix=args.fix)
        if args.command == "new":
            return _new(root, args.kind, args.date or datetime.date.today())
        if args.command == "import":
            return _import(root, args)
        if args.command == "build":
            return _build(root, args)
        if args.command == "schema":
            return _schema(root, args.out)
        if args.command == "serve":
            from ybbulletin.serve import serve

            return serve(root, host=args.host, port=args.port, open_browser=args.open)
        if args.command == "sign":
            return _sign(root, args)
        if args.command == "status":
            from ybbulletin.status import run_status

            return run_status(root, root / args.out)
        if args.command == "publish":
            from ybbulletin.publish import run_publish

            return run_publish(root, args)
    except UsageError as exc:
        print(f"ybbulletin: 用法错误: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except ContentError as exc:
        _print_diagnostics(exc.diagnostics)
        return EXIT_CONTENT
    except Exception:
        if debug:
            traceback.print_exc()
        else:
            kind, value, _ = sys.exc_info()
            print(
                f"ybbulletin: 内部错误（{kind.__name__ if kind else '?'}: {value}）。"
                "这不是内容的问题；请加 --debug 重新运行，并把输出发给维护人员。",
                file=sys.stderr,
            )
        return EXIT_INTERNAL
    raise AssertionError(args.command)  # pragma: no cover


def _print_diagnostics(diags: Diagnostics) -> None:
    for diagnostic in diags.sorted():
        print(diagnostic.format(), file=sys.stderr)
    errors, warnings = len(diags.errors), len(diags.warnings)
    if errors:
        print(f"发现 {errors} 个错误，{warnings} 个警告。", file=sys.stderr)
    elif warnings:
        print(f"发现 {warnings} 个警告。", file=sys.stderr)


def _check(root: Path, *, strict: bool, fix: bool = False) -> int:
    from ybbulletin.project import discover, load_archive

    if fix:
        from ybbulletin.proofread import fix_file

        changed = 0
        for issue_file in discover(root, Diagnostics()):
            for item in fix_file(issue_file.path, issue_file.relpath):
                changed += 1
                print(
                    f"{item.location}: 已改正：“{item.old}” → “{item.new}”"
                    if item.new
                    else f"{item.location}: 已删除多余的空格"
                )
        print(f"自动改正了 {changed} 处。" if changed else "没有需要自动改正的地方。")
    from ybbulletin.archive_cache import CACHE_FILE, ArchiveCache
    from ybbulletin.signoff import check_signoffs

    # the archive cache the build keeps: an unchanged file is not read again
    cache = ArchiveCache.load(root / "build" / CACHE_FILE)
    try:
        archive = load_archive(root, strict=strict, cache=cache)
        from ybbulletin.build import check_formats

        check_formats(archive, memo=cache)  # the outputs' own limits (公众号 title lengths …)
    finally:
        cache.save()  # what it learnt about files with errors too
    check_signoffs(archive, archive.diagnostics)
    if archive.diagnostics.has_errors(strict=strict):
        raise ContentError(archive.diagnostics)
    _print_diagnostics(archive.diagnostics)
    entries = sum(len(a.issue.entries) for a in archive.issues)
    print(f"检查通过：{len(archive.issues)} 期，{entries} 篇文章。")
    return EXIT_OK


def _new(root: Path, kind: str, date: datetime.date) -> int:
    from ybbulletin.project import load_archive
    from ybbulletin.scaffold import new_issue

    archive = load_archive(root)
    diags = Diagnostics()
    path = new_issue(archive, kind, date, diags)
    if path is None:
        raise ContentError(diags)
    print(f"已新建 {path.relative_to(root).as_posix()}，请填写内容后运行“ybbulletin check”。")
    from ybbulletin.schema import SCHEMA_DIR, write_schemas

    # the new file's first line points the editor at schema/: keep it there and current
    for written in write_schemas(root / SCHEMA_DIR):
        print(f"已更新 {written.relative_to(root).as_posix()}（编辑器据此提示字段和错误）")
    return EXIT_OK


def _import(root: Path, args: argparse.Namespace) -> int:
    from ybbulletin.importer import import_file

    diags = Diagnostics()
    target = import_file(
        args.file.absolute(), root, year=args.year, number=args.number, date=args.date, diags=diags
    )
    if target is None:
        raise ContentError(diags)
    _print_diagnostics(diags)  # warnings: articles without a title, text only in comments
    relpath = target.relative_to(root).as_posix()
    guesses = target.read_text(encoding="utf-8").count("# 请核对")
    print(f"已导入为 {relpath}，有 {guesses} 处需要核对（标有“# 请核对”）。")
    from ybbulletin.project import load_archive

    try:
        archive = load_archive(root)
    except ContentError as exc:
        _print_diagnostics(exc.diagnostics)
        print("草稿还有错误，请按上面的提示修改后再运行 ybbulletin check。")
        return EXIT_CONTENT
    _print_diagnostics(archive.diagnostics)
    print("草稿已通过检查（ybbulletin check），警告供校对参考。")
    return EXIT_OK


def _schema(root: Path, out: Path | None) -> int:
    from ybbulletin.schema import SCHEMA_DIR, schema_texts, write_schemas

    folder = root / (out or Path(SCHEMA_DIR))
    changed = write_schemas(folder)
    for name in schema_texts():
        path = folder / name
        shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
        print(f"{'已写入' if path in changed else '未变'} {shown}")
    print(
        "在 YAML 文件第一行写 “# yaml-language-server: $schema=<到此文件的相对路径>”，"
        "编辑器即可提示字段和错误（见 docs/editor-guide.md）。"
    )
    return EXIT_OK


def _formats(text: str) -> tuple[str, ...]:
    names = [fmt.name for fmt in FORMATS]
    chosen = tuple(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
    unknown = [part for part in chosen if part not in names]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(
            f"不认识的格式“{'、'.join(unknown) or text}”，可选：{'、'.join(names)}"
        )
    return chosen


def _build(root: Path, args: argparse.Namespace) -> int:
    from ybbulletin.build import FORMAT_NAMES, build

    result = build(
        root,
        root / args.out,
        strict=args.strict,
        formats=args.formats or FORMAT_NAMES,
        only=[part.strip().strip("/") for value in args.only for part in value.split(",")],
        jobs=args.jobs,
        force=args.force,
        progress=sys.stderr.isatty(),
        drafts=args.drafts,
    )
    _print_diagnostics(result.diagnostics)
    for office, stand_in in result.font_substitutions:
        print(f"字体替代：{office} → {stand_in}")
    print(
        f"已生成 {result.issues} 期：写入 {result.written} 个文件，{result.unchanged} 个未变"
        f"（{args.out}），用时 {result.seconds:.1f} 秒，{len(result.diagnostics.warnings)} 个警告。"
    )
    if result.drafts:
        where = "网站中已收入并标为草稿" if args.drafts else "网站中未收入（加 --drafts 可预览）"
        print(
            f"未签发的期：{'、'.join(result.drafts)}：{where}，"
            "PDF 和 Word 文件带“草稿”或“送审稿”标记。"
        )
    return EXIT_OK


def _sign(root: Path, args: argparse.Namespace) -> int:
    from ybbulletin.signoff import sign

    date = args.date or datetime.date.today()
    result = sign(root, args.issue, args.role, args.name, date)
    _print_diagnostics(result.diagnostics)
    print(
        f"已记录{result.label}的{args.role}：{args.name.strip()}，{date.isoformat()}"
        f"（{result.path.relative_to(root).as_posix()}）。"
    )
    return EXIT_OK


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
