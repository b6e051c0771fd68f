"""The files a --force build removes (``write._unknown``): what ``os.walk`` finds in the
folders it makes and the plan does not name, links to folders neither followed nor named."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ybbulletin.build.write import _unknown


def walked(out: Path, entries: set[str], kept: dict[str, tuple[str, str]]) -> list[str]:
    """The reference: os.walk, as _unknown did before it scanned by itself."""
    folders = {p.split("/", 1)[0] for p in entries} - {p.split("/", 1)[0] for p in kept}
    found = []
    for folder in sorted(folders):
        for directory, _dirs, files in os.walk(os.path.join(out, folder)):
            relative = os.path.relpath(directory, out).replace(os.sep, "/")
            found += [f"{relative}/{name}" for name in files if f"{relative}/{name}" not in entries]
    return found


def test_unknown_files_are_os_walks(tmp_path: Path) -> None:
    out = tmp_path / "build"
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "inner").mkdir(parents=True)
    (elsewhere / "inner" / "x.html").write_text("x")
    for path in ["site/index.html", "site/a/b/c.html", "site/a/stray.html", "site/stray.js"]:
        (out / path).parent.mkdir(parents=True, exist_ok=True)
        (out / path).write_text(path)
    (out / "site/a/empty").mkdir()
    (out / "pdf").mkdir()
    (out / "pdf/x.pdf").write_text("pdf")
    (out / "pdf/old.pdf").write_text("pdf")
    (out / "docx").mkdir()
    (out / "docx/kept.docx").write_text("docx")
    (out / "docx/stray.docx").write_text("docx")
    os.symlink(elsewhere, out / "site/linked")  # a link to a folder: not followed
    os.symlink(elsewhere / "inner/x.html", out / "site/a/link.html")  # a link to a file
    os.symlink(tmp_path / "nothing", out / "site/dangling")  # a link to nothing
    os.mkfifo(out / "site/a/fifo")
    entries = {"site/index.html", "site/a/b/c.html", "pdf/x.pdf"}
    kept = {"docx/kept.docx": ("key", "sha")}
    found = _unknown(out, entries | set(kept), kept)
    assert found == walked(out, entries | set(kept), kept)
    assert sorted(found) == [
        "pdf/old.pdf",
        "site/a/fifo",
        "site/a/link.html",
        "site/a/stray.html",
        "site/dangling",
        "site/stray.js",
    ]


def test_an_unreadable_folder_is_passed_over_as_os_walk_does(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads every folder")
    out = tmp_path / "build"
    (out / "site/locked").mkdir(parents=True)
    (out / "site/locked/x.html").write_text("x")
    (out / "site/y.html").write_text("y")
    (out / "site/locked").chmod(0)
    try:
        assert _unknown(out, {"site/z.html"}, {}) == walked(out, {"site/z.html"}, {})
    finally:
        (out / "site/locked").chmod(0o755)
