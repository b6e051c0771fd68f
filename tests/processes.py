"""What tests of worker pools and interruptions look at: live processes and file trees."""

from __future__ import annotations

from pathlib import Path


def processes() -> dict[int, tuple[int, int, str]]:
    """pid -> (parent pid, session id, command line) of every live (not zombie) process."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()  # after "pid (name) "
        if fields[0] != "Z":
            found[int(entry.name)] = (int(fields[1]), int(fields[3]), cmdline)
    return found


def snapshot(root: Path) -> dict[str, bytes | None]:
    """Every file's bytes and every folder (None) under ``root``."""
    return {
        p.relative_to(root).as_posix(): None if p.is_dir() else p.read_bytes()
        for p in sorted(root.rglob("*"))
    }
