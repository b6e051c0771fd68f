"""Request target -> a file inside the preview folder, or nothing (the server answers 404).

The preview must serve the preview folder and nothing else, whatever the request
says: ``..`` in any spelling (``%2e%2e``, ``%2f`` inside a segment), absolute-form
targets, empty segments (``//etc/passwd``), NUL and backslashes, and symlinks that
lead out of the folder all resolve to nothing. Folders are never listed: a folder
is its ``index.html`` or nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

__all__ = ["Resolved", "resolve_request"]


@dataclass(frozen=True)
class Resolved:
    """What a request target names: a file to send, or a folder to redirect to with a slash."""

    file: Path | None = None
    redirect: str | None = None  # the path with a trailing slash (relative links need it)


def resolve_request(folder: Path, target: str) -> Resolved | None:
    """The file ``target`` names under ``folder``; None for anything that is not one."""
    # origin-form (/a/b?q) as is; absolute-form (http://host/a/b) by its path
    path = target if target.startswith("/") else urlsplit(target).path
    path = path.split("?", 1)[0].split("#", 1)[0]
    try:
        decoded = unquote(path, errors="strict")
    except (ValueError, UnicodeDecodeError):
        return None
    if not decoded.startswith("/") or "\x00" in decoded or "\\" in decoded:
        return None
    segments = decoded.split("/")[1:]
    if any(part in (".", "..") for part in segments) or "" in segments[:-1]:
        return None
    base = folder.resolve()
    try:
        real = base.joinpath(*segments).resolve(strict=True)
    except (OSError, RuntimeError):  # missing, a symlink loop, a name too long
        return None
    if not real.is_relative_to(base):
        return None
    if real.is_dir():
        index = real / "index.html"
        if not index.is_file() or not index.resolve().is_relative_to(base):
            return None
        if segments[-1] != "":
            return Resolved(redirect=path + "/")
        return Resolved(file=index.resolve())
    return Resolved(file=real) if real.is_file() else None
