"""Files replaced whole (``ybbulletin.atomic``), and a published release flushed to the disk."""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import pytest

from ybbulletin.atomic import replaced, write_atomic
from ybbulletin.publish import copy_release
from ybbulletin.releases import RELEASE_MARK, SUMS, Target, checksums


def _events(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What is flushed (the path of each ``os.fsync``) and renamed, in order."""
    events: list[str] = []
    fsync, replace = os.fsync, os.replace

    def flushed(handle: int) -> None:
        events.append(os.readlink(f"/proc/self/fd/{handle}"))
        fsync(handle)

    def renamed(source: str | Path, target: str | Path) -> None:
        events.append(f"{source} -> {target}")
        replace(source, target)

    monkeypatch.setattr(os, "fsync", flushed)
    monkeypatch.setattr(os, "replace", renamed)
    return events


def test_the_new_bytes_replace_the_old_with_the_mode_asked(tmp_path: Path) -> None:
    target = tmp_path / "made" / "a.json"  # the folder is made
    write_atomic(target, b"one")
    assert target.read_bytes() == b"one"
    assert target.stat().st_mode & 0o777 == 0o644  # not mkstemp's 0o600
    write_atomic(target, b"two", 0o640)
    assert (target.read_bytes(), target.stat().st_mode & 0o777) == (b"two", 0o640)
    assert os.listdir(target.parent) == ["a.json"]  # no temporary file left


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "a.json"
    target.write_bytes(b"old")

    def interrupted() -> None:
        with replaced(target) as stream:
            stream.write(b"half of the new")
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        interrupted()
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["a.json"]


def test_durable_flushes_the_bytes_before_the_rename_and_the_folder_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events = _events(monkeypatch)
    target = tmp_path / "a.zip"
    write_atomic(target, b"x", durable=True)
    [temporary, rename, folder] = events
    assert temporary.startswith(str(tmp_path / ".a.zip."))
    assert rename == f"{temporary} -> {target}"
    assert folder == str(tmp_path)
    events.clear()
    write_atomic(target, b"y")  # a cache, made again if lost: no flush
    assert len(events) == 1
    assert events[0].endswith(f" -> {target}")


def test_a_release_is_on_the_disk_before_it_is_renamed_into_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    files = {"index.html": "首页", "2025/12/01.html": "文章", "css/site.css": "a{}"}
    for name, text in files.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(text, encoding="utf-8")
    target = Target(tmp_path / "publish")
    events = _events(monkeypatch)
    now = datetime.datetime(2025, 12, 1, tzinfo=datetime.UTC)
    release = copy_release(target, site, checksums(site), now)
    [rename] = [i for i, event in enumerate(events) if event.endswith(f" -> {release.path}")]
    partial = Path(events[rename].split(" -> ")[0])
    names = [RELEASE_MARK, SUMS, "index.html", "2025/12/01.html", "css/site.css"]
    folders = ["", "2025", "2025/12", "css"]
    flushed = set(events[:rename])
    assert {str(partial / name) for name in names} <= flushed  # the bytes
    assert {str(partial / folder).rstrip("/") for folder in folders} <= flushed  # the names
    assert events[rename + 1] == str(target.releases)  # and the rename itself
    assert (release.path / "2025/12/01.html").read_text(encoding="utf-8") == "文章"
