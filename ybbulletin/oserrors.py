"""A file system refusal (full disk, read-only folder, a file where a folder belongs …) told
in Chinese: these are the machine's state, not bugs, and every command meets them the same way.

The writers are atomic (``atomic.py``, the build's staging folder): when one of these stops
a command, the files it was replacing are as they were; the message says what to change.
"""

from __future__ import annotations

import errno
import socket
from pathlib import Path

from ybbulletin.errors import excerpt

__all__ = ["LOOP", "OUTSIDE", "describe_os_error", "leads_outside", "real", "reason"]

#: what a located error says of a symbolic link that leads back to itself
LOOP = ("符号链接形成了循环，未读取", "删除或改正这个符号链接（指向真实的文件或文件夹）")


#: what a located error says of a file a command would write through a symbolic link that
#: leads out of the project (check would then refuse to read it)
OUTSIDE = (
    "这个位置经由符号链接指向内容项目之外，没有写入",
    "把 content/issues 及其中的年份文件夹换成项目中的真实文件夹，不用符号链接",
)


def leads_outside(root: Path, target: Path) -> bool:
    """``target`` (which may not exist yet) resolves out of ``root``, or through a loop."""
    resolved, base = real(target), real(root)
    return resolved is None or base is None or not resolved.is_relative_to(base)


def real(path: Path) -> Path | None:
    """``path`` with its symbolic links resolved; None when they loop (a -> b -> a), which
    ``Path.resolve`` reports as a RuntimeError in Python 3.11, an OSError later."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return None


#: errno -> (what happened, what to do)
_REASONS: dict[int, tuple[str, str]] = {
    errno.ENOSPC: (
        "磁盘空间不足",
        "清理磁盘空间，或换一个空间足够的位置（build 的 --out、publish 的 --to）",
    ),
    errno.EDQUOT: ("磁盘配额已用完", "清理文件或请管理员调整配额"),
    errno.EROFS: (
        "所在的磁盘或文件夹是只读的",
        "换一个可写的位置（build 的 --out、publish 的 --to），或请管理员开放写权限",
    ),
    errno.EACCES: ("没有权限", "检查文件和文件夹的权限，或换一个位置"),
    errno.EPERM: ("操作不被允许", "检查文件和文件夹的权限，或换一个位置"),
    errno.EEXIST: ("已有同名的文件，无法在此建立文件夹", "把这个文件改名或移走，或换一个位置"),
    errno.ENOTDIR: ("路径中有一段是文件而不是文件夹", "把挡路的文件改名或移走，或换一个位置"),
    errno.EISDIR: ("这是一个文件夹，应为文件", "把这个文件夹改名或移走"),
    errno.ENOENT: ("找不到这个文件或文件夹", "检查路径是否写对"),
    errno.ENAMETOOLONG: ("文件名或路径太长", "把项目或输出放到路径较短的位置"),
    errno.ELOOP: ("符号链接形成了循环", "删除或改正这个符号链接"),
    errno.EMFILE: ("同时打开的文件太多", "关闭其他程序后重试，或用 --jobs 1"),
    errno.ENFILE: ("系统同时打开的文件太多", "关闭其他程序后重试，或用 --jobs 1"),
    errno.EIO: ("磁盘读写出错", "检查磁盘或网络盘是否正常"),
    errno.ETXTBSY: ("文件正被其他程序使用", "关闭占用它的程序后重试"),
    errno.EBUSY: ("文件或文件夹正被占用", "关闭占用它的程序后重试"),
    errno.EADDRNOTAVAIL: ("本机没有这个地址", "--host 用本机的地址，例如 127.0.0.1"),
    errno.EADDRINUSE: ("端口已被占用", "换一个端口（--port）"),
}


def reason(exc: OSError) -> str:
    """What went wrong, in Chinese where known (the system's words otherwise)."""
    if isinstance(exc, socket.gaierror):
        return "找不到这个地址（--host 应为本机的 IP 地址，如 127.0.0.1 或 0.0.0.0）"
    known = _REASONS.get(exc.errno or 0)
    return known[0] if known else str(exc.strerror or exc)


def describe_os_error(exc: OSError, root: Path) -> tuple[str, str]:
    """(message, hint) for a file system error, naming the file project-relative if it is."""
    reason, hint = _REASONS.get(
        exc.errno or 0, (exc.strerror or str(exc), "检查磁盘和文件权限后重试")
    )
    if exc.filename is None:
        return f"读写文件时出错：{reason}", hint
    shown = Path(exc.filename)
    if shown.is_absolute() and shown.is_relative_to(root):
        shown = shown.relative_to(root)
    return f"无法读写 {excerpt(shown.as_posix(), 80)}：{reason}", hint
