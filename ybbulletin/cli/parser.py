"""The command line's argparse wiring: every command, its options and the option types."""

from __future__ import annotations

import argparse
import datetime
from pathlib import Path
from typing import Any

from ybbulletin import __version__
from ybbulletin.cli_parser import ChineseParser
from ybbulletin.errors import excerpt
from ybbulletin.render.registry import FORMATS

__all__ = ["build_parser"]


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"日期“{excerpt(text)}”应写成 YYYY-MM-DD，例如 2025-08-13"
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
        type=_jobs,
        default=None,
        metavar="N",
        help="同时生成 PDF 和 Word 的进程数，默认为 CPU 核数",
    )
    build.add_argument(
        "--force",
        action="store_true",
        help="所有文件重新生成，不沿用上次的记录，与输出目录中已有的文件逐字节比较，"
        "不同的才写入（内容缓存照常使用；要彻底重来，删除 build/.ybbulletin-* 文件）",
    )
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
        raise argparse.ArgumentTypeError(f"“{excerpt(text)}”不是有效的端口号（0–65535）")
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
        raise argparse.ArgumentTypeError(f"“{excerpt(text)}”应为正整数")
    return value


#: More processes than this only cost memory and start-up (each worker is a Python process
#: of some 100 MB); --jobs 100000 forked until the machine ran out.
MAX_JOBS = 64


def _jobs(text: str) -> int:
    value = _positive(text)
    if value > MAX_JOBS:
        raise argparse.ArgumentTypeError(
            f"“{excerpt(text)}”太多：最多 {MAX_JOBS} 个进程（一般用 CPU 核数，不写即是）"
        )
    return value


def _formats(text: str) -> tuple[str, ...]:
    names = [fmt.name for fmt in FORMATS]
    chosen = tuple(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
    unknown = [part for part in chosen if part not in names]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(
            f"不认识的格式“{excerpt('、'.join(unknown) or text)}”，可选：{'、'.join(names)}"
        )
    return chosen
