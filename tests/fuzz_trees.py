"""Project and output trees for ``tests/fuzz_run.py``: snapshots of the project (to undo
an edit and show it as a diff) and the comparison of two output folders."""

from __future__ import annotations

import difflib
import hashlib
from pathlib import Path

from tests.conftest import BOOKKEEPING

__all__ = ["compare", "restore", "snapshot", "text_diff", "tree"]


def snapshot(root: Path) -> dict[str, bytes]:
    files = [
        root / "ybbulletin.yaml",
        *(root / "content").rglob("*"),
        *(root / "templates").rglob("*"),
    ]
    return {f.relative_to(root).as_posix(): f.read_bytes() for f in files if f.is_file()}


def restore(root: Path, state: dict[str, bytes]) -> None:
    for name in set(snapshot(root)) - set(state):
        (root / name).unlink()
    for name, data in state.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)


def text_diff(before: dict[str, bytes], after: dict[str, bytes], context: int = 1) -> str:
    out: list[str] = []
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name), after.get(name)
        if old == new:
            continue
        if name.endswith((".yaml", ".html", ".css")):
            out += difflib.unified_diff(
                (old or b"").decode().splitlines(),
                (new or b"").decode().splitlines(),
                f"a/{name}",
                f"b/{name}",
                n=context,
                lineterm="",
            )
        else:
            change = "added" if old is None else "removed" if new is None else "changed"
            out.append(f"binary {name}: {change}")
    return "\n".join(out)


def tree(out: Path) -> dict[str, str]:
    return {
        path.relative_to(out).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(out.rglob("*"))
        if path.is_file() and path.name not in BOOKKEEPING
    }


def compare(a: Path, b: Path) -> tuple[list[str], str]:
    """Files that differ or that only one tree has, and a diff of the first text one."""
    ta, tb = tree(a), tree(b)
    files = sorted(name for name in set(ta) | set(tb) if ta.get(name) != tb.get(name))
    detail = ""
    for name in files:
        if name in ta and name in tb and name.endswith((".html", ".xml", ".json", ".csv", ".txt")):
            detail = "\n".join(
                list(
                    difflib.unified_diff(
                        (b / name).read_text(errors="replace").splitlines(),
                        (a / name).read_text(errors="replace").splitlines(),
                        f"fresh/{name}",
                        f"incremental/{name}",
                        n=0,
                        lineterm="",
                    )
                )[:30]
            )
            break
    only = [
        f"{n} (only {'incremental' if n in ta else 'fresh'})"
        for n in files
        if (n in ta) != (n in tb)
    ]
    return files, detail + ("\n" + "\n".join(only[:10]) if only else "")
