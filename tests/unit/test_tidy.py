"""The staging folder's end: a commit keeps the old files side by side (no folders to
remove after), moves a top folder the build folder lacks in whole, puts everything back
when it fails, and the folder is removed in a thread that has finished when the build's
block ends (build/tidy.py)."""

from __future__ import annotations

import importlib
import shutil
import threading
from pathlib import Path

import pytest

from ybbulletin.build.tidy import Tidy
from ybbulletin.cache import Manifest

write = importlib.import_module("ybbulletin.build.write")  # ybbulletin.build.write: a function
tidy_module = importlib.import_module("ybbulletin.build.tidy")

OLD = {"site/2025/12/01.html": b"old page", "site/search/text/2025/12/01.js": b"old text"}
NEW = {"site/2025/12/01.html": b"new page", "site/2026/01/index.html": b"a new issue"}
GONE = ["site/search/text/2025/12/01.js"]


def tree(folder: Path) -> dict[str, bytes]:
    """The files under ``folder``, the staging folder's and the manifest left out."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.relative_to(folder).as_posix().startswith((".new-", ".yb"))
    }


def folders(folder: Path) -> list[str]:
    return sorted(
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_dir() and not p.relative_to(folder).as_posix().startswith(".new-")
    )


def staged(tmp_path: Path) -> tuple[Path, Path]:
    out, staging = tmp_path / "build", tmp_path / "build/.new-x"
    for path, data in OLD.items():
        (out / path).parent.mkdir(parents=True, exist_ok=True)
        (out / path).write_bytes(data)
    for path, data in NEW.items():
        (staging / path).parent.mkdir(parents=True, exist_ok=True)
        (staging / path).write_bytes(data)
    return out, staging


def cut_short(
    monkeypatch: pytest.MonkeyPatch, staging: Path, out: Path, new: list[str], gone: list[str]
) -> None:
    """A commit interrupted (Ctrl-C) as it saves the manifest, its last step."""

    def fail(self: Manifest, out: Path) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(Manifest, "save", fail)
    with pytest.raises(KeyboardInterrupt):
        write.commit(staging, out, new, gone, Manifest(), Manifest())


def test_a_commit_keeps_the_old_files_side_by_side(tmp_path: Path) -> None:
    out, staging = staged(tmp_path)
    entries = {path: ("key", "sha") for path in NEW}
    write.commit(staging, out, list(NEW), GONE, Manifest(entries), Manifest())
    assert tree(out) == NEW
    assert sorted((staging / ".old").iterdir()) == [staging / ".old/0", staging / ".old/1"]
    assert {p.read_bytes() for p in (staging / ".old").iterdir()} == set(OLD.values())
    assert not [f for f in folders(staging) if f.startswith(".old/")]  # no folder in it


def test_a_commit_that_fails_puts_every_file_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out, staging = staged(tmp_path)
    before, made_before = tree(out), folders(out)
    cut_short(monkeypatch, staging, out, list(NEW), GONE)
    shutil.rmtree(staging)
    assert tree(out) == before
    assert folders(out) == made_before  # site/2026 made for the new issue, removed again


FIRST = {
    "site/index.html": b"home",
    "site/2025/12/01.html": b"page",
    "site/search/text/2025/12/01.js": b"text",
    "pdf/2025-12.pdf": b"pdf",
}


def first_build(tmp_path: Path) -> tuple[Path, Path]:
    """A build folder with no site/ yet (a first build; pdf/ there already), and its staging."""
    out, staging = tmp_path / "build", tmp_path / "build/.new-x"
    (out / "pdf").mkdir(parents=True)
    (out / "pdf/2025-12.pdf").write_bytes(b"old pdf")
    for path, data in FIRST.items():
        (staging / path).parent.mkdir(parents=True, exist_ok=True)
        (staging / path).write_bytes(data)
    return out, staging


def test_a_top_folder_the_build_lacks_is_moved_in_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out, staging = first_build(tmp_path)
    replaced: list[str] = []
    real = write.os.replace

    def counted(source: str, target: str) -> None:
        replaced.append(str(Path(target).relative_to(out)))
        real(source, target)

    monkeypatch.setattr(write.os, "replace", counted)
    entries = {path: ("key", "sha") for path in FIRST}
    write.commit(staging, out, list(FIRST), [], Manifest(entries), Manifest())
    assert tree(out) == FIRST
    assert replaced[:-1] == ["pdf/2025-12.pdf"]  # site/ in one rename; the manifest last
    assert not (staging / "site").exists()
    saved = Manifest.load(out)
    assert set(saved.stats) == set(FIRST)  # each moved file's stat taken for the manifest


def test_a_folder_holding_a_file_not_staged_is_moved_file_by_file(tmp_path: Path) -> None:
    out, staging = first_build(tmp_path)
    (staging / "site/stray.html").write_bytes(b"not the build's")
    staged = [path for path in FIRST if path.startswith("site/")]
    write.commit(staging, out, staged, [], Manifest(), Manifest())
    assert not (out / "site/stray.html").exists()
    assert (out / "site/2025/12/01.html").read_bytes() == b"page"


def test_a_commit_that_fails_moves_the_whole_folder_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out, staging = first_build(tmp_path)
    before, made_before = tree(out), folders(out)
    cut_short(monkeypatch, staging, out, list(FIRST), [])
    assert tree(out) == before
    assert folders(out) == made_before  # no site/ left
    assert (staging / "site/2025/12/01.html").read_bytes() == b"page"  # back where it was


def test_tidy_removes_in_a_thread_and_is_done_when_the_block_ends(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    removed_by: list[threading.Thread] = []
    rmtree = shutil.rmtree

    def slow(path: Path, **options: bool) -> None:
        removed_by.append(threading.current_thread())
        threading.Event().wait(0.05)  # still at it when the block ends
        rmtree(path, **options)

    monkeypatch.setattr(tidy_module.shutil, "rmtree", slow)
    _, staging = staged(tmp_path)
    with Tidy() as tidy:
        tidy.remove(staging)
    assert not staging.exists()
    assert removed_by
    assert removed_by[0] is not threading.main_thread()
