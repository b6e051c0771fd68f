"""What each command does once its options are parsed: one ``run_*`` per command.

Each returns the exit code or raises ``ContentError`` / ``UsageError`` for ``main``.
"""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path

from ybbulletin.errors import ContentError, Diagnostics, excerpt
from ybbulletin.pools import cpus

__all__ = [
    "EXIT_CONTENT",
    "EXIT_INTERNAL",
    "EXIT_OK",
    "EXIT_USAGE",
    "print_diagnostics",
    "run_build",
    "run_check",
    "run_import",
    "run_new",
    "run_schema",
    "run_sign",
]

EXIT_OK, EXIT_CONTENT, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


def print_diagnostics(diags: Diagnostics) -> None:
    """Every diagnostic in file order, then the count: one write (a 500-issue build has
    thousands of warnings; a print each was a write each)."""
    lines = [diagnostic.format() for diagnostic in diags.sorted()]
    errors, warnings = len(diags.errors), len(diags.warnings)
    if errors:
        lines.append(f"发现 {errors} 个错误，{warnings} 个警告。")
    elif warnings:
        lines.append(f"发现 {warnings} 个警告。")
    if lines:
        sys.stderr.write("\n".join(lines) + "\n")
        sys.stderr.flush()


def run_check(root: Path, *, strict: bool, fix: bool = False) -> int:
    from ybbulletin.project import discover, load_archive

    if fix:
        from ybbulletin.fixes import fix_file

        changed = 0
        for issue_file in discover(root, Diagnostics()):
            for item in fix_file(issue_file.path, issue_file.relpath):
                changed += 1
                print(
                    f"{item.location}: 已改正：“{excerpt(item.old)}” → “{excerpt(item.new)}”"
                    if item.new
                    else f"{item.location}: 已删除多余的空格"
                )
        print(f"自动改正了 {changed} 处。" if changed else "没有需要自动改正的地方。")
    from ybbulletin.archive_cache import CACHE_FILE, ArchiveCache
    from ybbulletin.collector import long_lived
    from ybbulletin.signoff import check_signoffs

    # the archive cache the build keeps: an unchanged file is not read again
    cache = ArchiveCache.load(root / "build" / CACHE_FILE)
    # as a build: no collector walking the archive while it is made, nor after (it is
    # all kept till the end)
    with long_lived() as settled:
        try:
            archive = load_archive(root, strict=strict, cache=cache, jobs=cpus())
            settled()
            from ybbulletin.build import check_formats

            check_formats(archive, memo=cache)  # the outputs' own limits (公众号 titles …)
        except Exception:
            cache.save()  # what it learnt about files with errors too (not when interrupted)
            raise
    cache.save()
    check_signoffs(archive, archive.diagnostics)
    if archive.diagnostics.has_errors(strict=strict):
        raise ContentError(archive.diagnostics)
    print_diagnostics(archive.diagnostics)
    entries = sum(len(a.issue.entries) for a in archive.issues)
    print(f"检查通过：{len(archive.issues)} 期，{entries} 篇文章。")
    return EXIT_OK


def run_new(root: Path, kind: str, date: datetime.date) -> int:
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


def run_import(root: Path, args: argparse.Namespace) -> int:
    from ybbulletin.importer import import_file

    diags = Diagnostics()
    target = import_file(
        args.file.absolute(), root, year=args.year, number=args.number, date=args.date, diags=diags
    )
    if target is None:
        raise ContentError(diags)
    print_diagnostics(diags)  # warnings: articles without a title, text only in comments
    relpath = target.relative_to(root).as_posix()
    guesses = target.read_text(encoding="utf-8").count("# 请核对")
    print(f"已导入为 {relpath}，有 {guesses} 处需要核对（标有“# 请核对”）。")
    from ybbulletin.project import load_archive

    try:
        archive = load_archive(root)
    except ContentError as exc:
        print_diagnostics(exc.diagnostics)
        print("草稿还有错误，请按上面的提示修改后再运行 ybbulletin check。")
        return EXIT_CONTENT
    print_diagnostics(archive.diagnostics)
    print("草稿已通过检查（ybbulletin check），警告供校对参考。")
    return EXIT_OK


def run_schema(root: Path, out: Path | None) -> int:
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


def run_build(root: Path, args: argparse.Namespace) -> int:
    from ybbulletin.atomic import undone_if_failed
    from ybbulletin.build import FORMAT_NAMES, build

    with undone_if_failed(root / args.out):  # a failed build leaves no output folder it made
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
    print_diagnostics(result.diagnostics)
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


def run_sign(root: Path, args: argparse.Namespace) -> int:
    from ybbulletin.signoff import sign

    date = args.date or datetime.date.today()
    result = sign(root, args.issue, args.role, args.name, date)
    print_diagnostics(result.diagnostics)
    print(
        f"已记录{result.label}的{args.role}：{args.name.strip()}，{date.isoformat()}"
        f"（{result.path.relative_to(root).as_posix()}）。"
    )
    return EXIT_OK
