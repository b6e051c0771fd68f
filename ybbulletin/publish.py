"""``ybbulletin publish``: copy the built site into a release folder and switch to it atomically.

Layout of the target ``DIR`` (the web server's root is ``DIR/current``)::

    DIR/.ybbulletin-publish        marks DIR as ours (written on the first publish)
    DIR/current -> releases/<name>  the live release (a relative symlink)
    DIR/releases/<name>/           <UTC date-time>-<short hash>: the site, SHA256SUMS and
                                   .ybbulletin-release (our marker, with a sequence number)
    DIR/releases/.partial-*/       a copy in progress; removed by the next run if it was killed

The switch is a new symlink renamed over ``current`` (``rename(2)`` is atomic), so a
request sees either the old release or the new one, each complete. A release is
written only once and never changed; only folders carrying our marker are ever
deleted or switched to. The checks (content errors, stale build, drafts, foreign
target) all run before anything is written. The steps: ``refusals`` -> ``copy`` ->
``switch`` -> ``prune``.
"""

from __future__ import annotations

import argparse
import datetime
import fcntl
import hashlib
import json
import os
import shutil
import sys
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ybbulletin.errors import ContentError, Diagnostics, UsageError, YbError
from ybbulletin.project import load_archive
from ybbulletin.signoff import check_signoffs
from ybbulletin.stamp import ISSUE_FORMATS, Stamp, inputs

__all__ = ["Refused", "Release", "Target", "checksums", "run_publish"]

TARGET_MARK = ".ybbulletin-publish"
RELEASE_MARK = ".ybbulletin-release"
SUMS = "SHA256SUMS"
PARTIAL = ".partial-"
_LOCK = ".ybbulletin-publish.lock"
_ZIP_TIME = (2000, 1, 1, 0, 0, 0)  # fixed, so the same release zips to the same bytes


class Refused(YbError):
    """Publishing was refused; nothing was changed. The message (and hint) are for the user."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint


@dataclass(frozen=True)
class Release:
    """A release folder we wrote: its name and its place in the publishing order."""

    path: Path
    sequence: int

    @property
    def name(self) -> str:
        return self.path.name


# --- the site's files and their checksums -------------------------------------------------


def _files(site: Path) -> list[str]:
    found = []
    for folder, dirs, names in os.walk(site):
        dirs.sort()
        for name in sorted(names):
            path = Path(folder, name)
            if path.is_file():
                found.append(path.relative_to(site).as_posix())
    return sorted(found)


def _sha256(path: Path) -> str:
    hasher = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            hasher.update(block)
    return hasher.hexdigest()


def checksums(site: Path) -> dict[str, str]:
    """Relative path -> sha256 of every file of a site (our marker and SHA256SUMS left out)."""
    return {p: _sha256(site / p) for p in _files(site) if p not in (SUMS, RELEASE_MARK)}


def sums_text(sums: dict[str, str]) -> str:
    """The ``sha256sum -c`` format: ``<hash>  <path>`` per line, sorted by path."""
    return "".join(f"{sha}  {path}\n" for path, sha in sorted(sums.items()))


def read_sums(release: Path) -> dict[str, str]:
    """The checksum list a release carries (or its files' checksums if it has none)."""
    try:
        text = (release / SUMS).read_text(encoding="utf-8")
    except OSError:
        return checksums(release)
    found = {}
    for line in text.splitlines():
        sha, _, path = line.partition("  ")
        if path:
            found[path] = sha
    return found


# --- the target folder -------------------------------------------------------------------------


class Target:
    """A publishing folder: its releases and its ``current`` link."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.releases = root / "releases"
        self.current = root / "current"

    def check(self) -> None:
        """Refuse a folder that holds things we did not write."""
        root = self.root
        if root.exists() and not root.is_dir():
            raise Refused(f"发布目录 {root} 不是一个目录")
        ours = {TARGET_MARK, _LOCK}
        foreign = root.is_dir() and any(p.name not in ours for p in root.iterdir())
        if foreign and not (root / TARGET_MARK).is_file():
            raise Refused(
                f"{root} 不是 ybbulletin 的发布目录（里面已有别的文件），没有写入任何内容",
                "请指定一个新的空目录，或此前用 ybbulletin publish 发布过的目录",
            )
        if self.current.exists() or self.current.is_symlink():
            if not self.current.is_symlink():
                raise Refused(
                    f"{self.current} 不是符号链接，不是 ybbulletin 发布的版本，没有改动",
                    "网站服务器的根目录应指向 DIR/current，它由 ybbulletin publish 管理",
                )
            if self.live() is None:
                raise Refused(
                    f"{self.current} 指向 {os.readlink(self.current)}，不是 ybbulletin 发布的版本",
                    "为安全起见没有改动；请检查这个目录",
                )

    def all(self) -> list[Release]:
        """Our complete releases, oldest first (folders without our marker are not ours)."""
        found = []
        if self.releases.is_dir():
            for path in self.releases.iterdir():
                if path.name.startswith(".") or not path.is_dir() or path.is_symlink():
                    continue
                try:
                    mark = json.loads((path / RELEASE_MARK).read_text(encoding="utf-8"))
                    found.append(Release(path, int(mark["sequence"])))
                except (OSError, ValueError, KeyError, TypeError):
                    continue
        return sorted(found, key=lambda r: (r.sequence, r.name))

    def live(self) -> Release | None:
        """The release ``current`` points at, if it is one of ours."""
        if not self.current.is_symlink():
            return None
        link = os.readlink(self.current)
        parts = Path(link).parts
        if len(parts) != 2 or parts[0] != "releases":
            return None
        return next((r for r in self.all() if r.name == parts[1]), None)

    @contextmanager
    def lock(self) -> Iterator[None]:
        """One publish at a time in this folder (the lock goes with the process, even killed)."""
        self.root.mkdir(parents=True, exist_ok=True)
        with (self.root / _LOCK).open("a") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise Refused("另一个发布正在进行，请稍后再试") from None
            yield

    def clean_partial(self) -> list[str]:
        """Remove what a killed publish left: half-copied releases and temporary links."""
        removed = []
        if self.releases.is_dir():
            for path in self.releases.iterdir():
                ours = path.name.startswith(PARTIAL) and path.is_dir() and not path.is_symlink()
                # the marker is the first file written; an empty folder is a kill before it
                if ours and ((path / RELEASE_MARK).is_file() or not any(path.iterdir())):
                    shutil.rmtree(path)
                    removed.append(path.name)
        for path in self.root.glob(".current-*"):
            if path.is_symlink():
                path.unlink()
        return removed

    def switch(self, release: Release) -> None:
        """Point ``current`` at ``release``: a new link renamed over the old one (atomic)."""
        temporary = self.root / f".current-{os.getpid()}"
        temporary.unlink(missing_ok=True)
        os.symlink(f"releases/{release.name}", temporary)
        os.replace(temporary, self.current)
        _fsync_dir(self.root)

    def prune(self, keep: int) -> list[str]:
        """Delete our oldest releases beyond ``keep`` (never the live one)."""
        live = self.live()
        releases = self.all()
        doomed = [r for r in releases[: max(0, len(releases) - keep)] if r != live]
        for release in doomed:
            shutil.rmtree(release.path)
        return [r.name for r in doomed]


def _fsync_dir(path: Path) -> None:
    handle = os.open(path, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


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
    """Copy one file, returning the sha256 of the bytes written."""
    hasher = hashlib.sha256()
    with source.open("rb") as reader, target.open("xb") as writer:
        for block in iter(lambda: reader.read(1 << 20), b""):
            hasher.update(block)
            writer.write(block)
    target.chmod(0o644)
    return hasher.hexdigest()


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
        (partial / RELEASE_MARK).write_text(json.dumps(mark, ensure_ascii=False), "utf-8")
        for path, sha in sorted(sums.items()):
            destination = partial / path
            destination.parent.mkdir(parents=True, exist_ok=True, mode=0o755)
            if _copy_one(site / path, destination) != sha:
                raise Refused(f"{site / path} 在发布时被改动", "等生成结束后重新发布")
        (partial / SUMS).write_text(sums_text(sums), encoding="utf-8")
        os.chmod(partial, 0o755)
        release = Release(target.releases / name, sequence)
        os.replace(partial, release.path)
    except BaseException:  # Ctrl-C or a failed copy: current was never touched
        shutil.rmtree(partial, ignore_errors=True)
        raise
    _fsync_dir(target.releases)
    return release


def write_zip(site: Path, sums: dict[str, str], destination: Path) -> str:
    """The release as a zip (files at the top level, SHA256SUMS included); returns its sha256."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    temporary = destination.with_name(f".{destination.name}.{os.getpid()}.tmp")
    try:
        with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(sums):
                info = zipfile.ZipInfo(path, _ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, (site / path).read_bytes())
            info = zipfile.ZipInfo(SUMS, _ZIP_TIME)
            info.external_attr = 0o644 << 16
            archive.writestr(info, sums_text(sums))
        os.replace(temporary, destination)
    finally:
        temporary.unlink(missing_ok=True)
    return _sha256(destination)


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
    except KeyboardInterrupt:
        print("ybbulletin: 发布已中断，线上的版本没有改变。", file=sys.stderr)
        return 130
    except Refused as exc:
        print(f"ybbulletin: 未发布：{exc}", file=sys.stderr)
        if exc.hint:
            print(f"    提示: {exc.hint}", file=sys.stderr)
        return 1


def _run(root: Path, args: argparse.Namespace) -> int:
    to: Path | None = args.to and (root / args.to)
    zip_file: Path | None = args.zip and (root / args.zip)
    if args.rollback:
        if to is None or zip_file is not None:
            raise UsageError("回退要用 --to 指定发布目录（不能和 --zip 一起用）")
        return _rollback(Target(to), dry_run=args.dry_run)
    if to is None and zip_file is None:
        raise UsageError("请用 --to 指定发布目录，或用 --zip 指定要生成的 zip 文件")
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
