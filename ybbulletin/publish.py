"""``ybbulletin publish``: copy the built site into a release folder and switch to it atomically.

The switch is a new symlink renamed over ``DIR/current`` (``rename(2)`` is atomic), so a
request sees either the old release or the new one, each complete (the folder's layout:
:mod:`ybbulletin.releases`). A release is written only once and never changed. The checks
(content errors, stale build, drafts, foreign target) all run before anything is written.
The steps: ``refusals`` -> ``copy_release`` -> ``Target.switch`` -> ``Target.prune``.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import shutil
import signal
import sys
import zipfile
from pathlib import Path
from typing import IO, Any

from ybbulletin.atomic import fsync_dir, replaced
from ybbulletin.errors import ContentError, Diagnostics, UsageError
from ybbulletin.oserrors import LOOP, real
from ybbulletin.project import load_archive
from ybbulletin.releases import (
    PARTIAL,
    RELEASE_MARK,
    SUMS,
    TARGET_MARK,
    Refused,
    Release,
    Target,
    checksums,
    file_sha256,
    read_sums,
    sums_text,
)
from ybbulletin.signoff import check_signoffs
from ybbulletin.stamp import ISSUE_FORMATS, Stamp, inputs

__all__ = [
    "PARTIAL",
    "RELEASE_MARK",
    "SUMS",
    "Refused",
    "checksums",
    "copy_release",
    "differences",
    "read_sums",
    "refusals",
    "run_publish",
    "write_zip",
]

_ZIP_TIME = (2000, 1, 1, 0, 0, 0)  # fixed, so the same release zips to the same bytes


# --- the steps ---------------------------------------------------------------------------------


def refusals(root: Path, out: Path, *, allow_drafts: bool) -> Path:
    """Every reason not to publish ``out/site``; returns the site folder when there is none."""
    diags = Diagnostics()
    try:
        archive = load_archive(root, diags=diags)
    except ContentError:
        _print(diags)
        raise Refused("内容有错误", "改正上面的错误，重新运行 ybbulletin build") from None
    check_signoffs(archive, archive.diagnostics)
    if archive.diagnostics.has_errors():
        _print(archive.diagnostics)
        raise Refused("内容有错误", "改正上面的错误，重新运行 ybbulletin build")
    site = out / "site"
    stamp = Stamp.load(out)
    if not site.is_dir() or stamp is None or stamp.site is None:
        raise Refused(f"还没有生成网站（{site}）", "先运行 ybbulletin build")
    now = inputs(archive)
    stale = "内容、设置或模板在上次生成之后有改动，生成的网站不是最新的"
    if stamp.site != now.site:
        raise Refused(stale, "先运行 ybbulletin build，再发布")
    in_site = {a.slug for a in archive.issues}
    for fmt, label in ISSUE_FORMATS.items():
        for slug, recorded in stamp.issues.get(fmt, {}).items():
            if slug in in_site and recorded != now.issues.get(slug):
                raise Refused(
                    f"{slug} 的 {label} 文件不是最新的（上次只生成了部分格式或部分期）",
                    "运行 ybbulletin build（不加 --only、--formats），再发布",
                )
    if stamp.site_drafts and not allow_drafts:
        raise Refused(
            f"网站中有未签发的期：{'、'.join(stamp.site_drafts)}",
            "签发后（ybbulletin sign … --role 签发）运行 ybbulletin build（不加 --drafts）再发布",
        )
    return site


def _print(diags: Diagnostics) -> None:
    for diagnostic in diags.sorted():
        print(diagnostic.format(), file=sys.stderr)


def _copy_one(source: Path, target: Path) -> str:
    """Copy one file and flush it to the disk, returning the sha256 of the bytes written."""
    hasher = hashlib.sha256()
    with source.open("rb") as reader, target.open("xb") as writer:
        for block in iter(lambda: reader.read(1 << 20), b""):
            hasher.update(block)
            writer.write(block)
        _flush(writer)
    target.chmod(0o644)
    return hasher.hexdigest()


def _write_new(target: Path, text: str) -> None:
    """Write a new file (never an existing one) and flush it to the disk."""
    with target.open("x", encoding="utf-8") as writer:
        writer.write(text)
        _flush(writer)


def _flush(writer: IO[Any]) -> None:
    writer.flush()
    os.fsync(writer.fileno())


def _fsync_tree(folder: Path) -> None:
    """Flush the entries of ``folder`` and of every folder under it, deepest first."""
    for path in sorted((p for p in folder.rglob("*") if p.is_dir()), key=lambda p: -len(p.parts)):
        fsync_dir(path)
    fsync_dir(folder)


def copy_release(
    target: Target, site: Path, sums: dict[str, str], now: datetime.datetime
) -> Release:
    """Copy the site into a partial folder, check it, then rename it to its release name."""
    target.releases.mkdir(parents=True, exist_ok=True)
    existing = target.all()
    sequence = (existing[-1].sequence if existing else 0) + 1
    short = hashlib.sha256(sums_text(sums).encode("utf-8")).hexdigest()[:8]
    name = f"{now.strftime('%Y%m%dT%H%M%SZ')}-{short}"
    if (target.releases / name).exists():
        name = f"{name}-{sequence}"
    partial = target.releases / f"{PARTIAL}{name}"
    partial.mkdir(mode=0o755)
    try:
        mark = {"sequence": sequence, "name": name, "published": now.isoformat()}
        _write_new(partial / RELEASE_MARK, json.dumps(mark, ensure_ascii=False))
        for path, sha in sorted(sums.items()):
            destination = partial / path
            destination.parent.mkdir(parents=True, exist_ok=True, mode=0o755)
            if _copy_one(site / path, destination) != sha:
                raise Refused(f"{site / path} 在发布时被改动", "等生成结束后重新发布")
        _write_new(partial / SUMS, sums_text(sums))
        os.chmod(partial, 0o755)
        # every byte and every name on the disk before the rename: after a power cut the
        # release is there whole or not at all (and current, switched after, points at it)
        _fsync_tree(partial)
        release = Release(target.releases / name, sequence)
        os.replace(partial, release.path)
    except BaseException:  # Ctrl-C or a failed copy: current was never touched
        shutil.rmtree(partial, ignore_errors=True)
        raise
    fsync_dir(target.releases)
    return release


def write_zip(site: Path, sums: dict[str, str], destination: Path) -> str:
    """The release as a zip (files at the top level, SHA256SUMS included); returns its sha256."""
    with (
        replaced(destination, durable=True) as stream,
        zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive,
    ):
        for path in sorted(sums):
            info = zipfile.ZipInfo(path, _ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, (site / path).read_bytes())
        info = zipfile.ZipInfo(SUMS, _ZIP_TIME)
        info.external_attr = 0o644 << 16
        archive.writestr(info, sums_text(sums))
    return file_sha256(destination)


def differences(old: dict[str, str], new: dict[str, str]) -> tuple[list[str], list[str], list[str]]:
    """(added, changed, removed) paths."""
    added = sorted(set(new) - set(old))
    changed = sorted(p for p in set(new) & set(old) if new[p] != old[p])
    removed = sorted(set(old) - set(new))
    return added, changed, removed


# --- the command --------------------------------------------------------------------------------


def run_publish(root: Path, args: argparse.Namespace) -> int:
    """``ybbulletin publish``; prints what it did, returns the exit code."""
    try:
        return _run(root, args)
    except KeyboardInterrupt as exc:  # Ctrl-C or SIGTERM (``interrupt.Interrupted``)
        print("ybbulletin: 发布已中断，线上的版本没有改变。", file=sys.stderr)
        return 128 + getattr(exc, "signum", signal.SIGINT)
    except Refused as exc:
        print(f"ybbulletin: 未发布：{exc}", file=sys.stderr)
        if exc.hint:
            print(f"    提示: {exc.hint}", file=sys.stderr)
        return 1


def _check_outside(to: Path, root: Path, out: Path) -> None:
    """The publish folder lies outside what build and check own: inside build/ the next
    build would remove the releases as files it did not make; inside content/ they would be
    read as content."""
    where = real(to)
    if where is None:
        raise Refused(f"发布目录 {to} 的{LOOP[0]}", LOOP[1])
    for owned, name in ((out, "生成目录"), (root / "content", "内容目录")):
        if where.is_relative_to(owned.resolve()):
            shown = to.relative_to(root) if to.is_relative_to(root) else to
            raise Refused(
                f"发布目录 {shown.as_posix()} 在{name}之内",
                "发布到项目之外的目录（网站服务器的目录），例如 --to /srv/www/ybxx",
            )


def _check_zip_target(path: Path) -> None:
    """--zip replaces only a zip: never a folder, a settings or content file, any other file
    (``--zip ybbulletin.yaml`` replaced the settings with the site's zip)."""
    if path.is_dir():
        raise Refused(f"--zip 指定的 {path} 是一个文件夹", "写出 zip 文件名，例如 --zip site.zip")
    if path.exists() and not zipfile.is_zipfile(path):
        raise Refused(
            f"{path} 已存在，不是 zip 文件，不会覆盖",
            "换一个文件名（例如 site.zip），或先移走这个文件",
        )


def _run(root: Path, args: argparse.Namespace) -> int:
    to: Path | None = args.to and (root / args.to)
    zip_file: Path | None = args.zip and (root / args.zip)
    if args.rollback:
        if to is None or zip_file is not None:
            raise UsageError("回退要用 --to 指定发布目录（不能和 --zip 一起用）")
        return _rollback(Target(to), dry_run=args.dry_run)
    if to is None and zip_file is None:
        raise UsageError("请用 --to 指定发布目录，或用 --zip 指定要生成的 zip 文件")
    if zip_file is not None:
        _check_zip_target(zip_file)
    if to is not None:
        _check_outside(to, root, root / args.out)
    target = Target(to) if to is not None else None
    if target is not None:
        target.check()
    site = refusals(root, root / args.out, allow_drafts=args.allow_drafts)
    sums = checksums(site)
    if args.dry_run:
        return _dry_run(target, sums)
    if zip_file is not None:
        sha = write_zip(site, sums, zip_file)
        print(f"已生成 {zip_file}（{len(sums)} 个文件，含 {SUMS}；sha256 {sha}）。")
    if target is None:
        return 0
    with target.lock():
        target.check()
        for name in target.clean_partial():
            print(f"已清除上次中断的发布：releases/{name}")
        live = target.live()
        if live is not None and read_sums(live.path) == sums:
            print(f"网站与当前发布的版本（{live.name}）相同，没有发布新版本。")
            return 0
        (target.root / TARGET_MARK).write_text(
            "此目录由 ybbulletin publish 管理：网站根目录指向 current。\n", encoding="utf-8"
        )
        now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
        release = copy_release(target, site, sums, now)
        target.switch(release)
        pruned = target.prune(args.keep)
    print(f"已发布 releases/{release.name}（{len(sums)} 个文件），current 已切换到这个版本。")
    if pruned:
        print(f"删除了较早的版本：{'、'.join(pruned)}（保留最近 {args.keep} 个）。")
    return 0


def _dry_run(target: Target | None, sums: dict[str, str]) -> int:
    live = target.live() if target is not None else None
    old = read_sums(live.path) if live is not None else {}
    added, changed, removed = differences(old, sums)
    against = f"与当前版本 {live.name} 相比" if live is not None else "（还没有发布过）"
    for sign, paths in (("+", added), ("~", changed), ("-", removed)):
        for path in paths:
            print(f"{sign} {path}")
    print(
        f"试运行{against}：新增 {len(added)} 个文件，修改 {len(changed)} 个，"
        f"删除 {len(removed)} 个；没有发布。"
    )
    return 0


def _rollback(target: Target, *, dry_run: bool) -> int:
    target.check()
    live = target.live()
    if live is None:
        raise Refused(f"{target.root} 还没有发布过，无法回退")
    older = [r for r in target.all() if r.sequence < live.sequence]
    if not older:
        raise Refused(f"没有比当前版本 {live.name} 更早的版本，无法回退")
    previous = older[-1]
    if dry_run:
        print(f"试运行：将从 {live.name} 回退到 {previous.name}；没有改动。")
        return 0
    with target.lock():
        target.clean_partial()
        target.switch(previous)
    print(f"已回退：current 从 {live.name} 切换到 {previous.name}。")
    return 0
