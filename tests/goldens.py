"""Golden files: compare output with the reviewed copy under ``tests/``.

``YB_REGENERATE=1`` rewrites the golden files that differ (and deletes those no longer made),
then FAILS the test that did it with "regenerated N files, review the diff": a run that
regenerates never passes, so an unintended change cannot slip in as a green run. Run again
without the variable after reading ``git diff tests/``.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Mapping
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
#: Files rewritten in this session (reported at the end by conftest.py).
REGENERATED: list[Path] = []


def regenerating() -> bool:
    return bool(os.environ.get("YB_REGENERATE"))


def _shown(path: Path) -> str:
    return path.relative_to(REPO).as_posix() if path.is_relative_to(REPO) else str(path)


def check_golden(golden: Path, actual: str) -> None:
    """One golden text file."""
    check_files({golden: actual})


def check_tree(
    folder: Path, actual: Mapping[str, str], also: Mapping[Path, str] | None = None
) -> None:
    """A golden folder holding exactly ``actual`` (relative path -> text), no more, no less;
    ``also``: more golden files checked (and regenerated) with it."""
    stale: dict[Path, str | None] = {
        path: None
        for path in (sorted(folder.rglob("*")) if folder.is_dir() else [])
        if path.is_file() and path.relative_to(folder).as_posix() not in actual
    }
    check_files({**{folder / name: text for name, text in actual.items()}, **stale, **(also or {})})


def check_files(files: Mapping[Path, str | None]) -> None:
    """Golden path -> the text it must hold (None: the file must not exist)."""
    differing = {
        path: text
        for path, text in files.items()
        if (path.read_text(encoding="utf-8") if path.is_file() else None) != text
    }
    if not differing:
        return
    if regenerating():
        for path, text in differing.items():
            if text is None:
                path.unlink()
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
        REGENERATED.extend(differing)
        names = ", ".join(_shown(p) for p in list(differing)[:5])
        more = f" and {len(differing) - 5} more" if len(differing) > 5 else ""
        pytest.fail(
            f"regenerated {len(differing)} file{'s' * (len(differing) != 1)}, "
            f"review the diff ({names}{more}); "
            "then run again without YB_REGENERATE",
            pytrace=False,
        )
    report = []
    for path, text in differing.items():
        name = _shown(path)
        if text is None:
            report.append(f"{name}: golden file no longer made (stale)")
        elif not path.is_file():
            report.append(f"{name}: no golden file")
        else:
            expected = path.read_text(encoding="utf-8")
            report.append(
                "".join(
                    difflib.unified_diff(
                        expected.splitlines(True),
                        text.splitlines(True),
                        f"golden/{name}",
                        f"actual/{name}",
                    )
                )
            )
    pytest.fail(
        f"{len(differing)} golden files differ (after an intended change: "
        "YB_REGENERATE=1, then review the diff)\n" + "\n".join(report),
        pytrace=False,
    )
