"""The archive cache: a warm load is the cold load, and only what changed is loaded again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ybbulletin.archive_cache import CACHE_FILE, ArchiveCache
from ybbulletin.cli import main
from ybbulletin.errors import ContentError
from ybbulletin.project import Archive, load_archive

ISSUE = "content/issues/2025/12.yaml"


def _summary(archive: Archive) -> dict[str, Any]:
    """Everything a load gives, in comparable form (tokens parsed and flattened)."""
    return {
        "issues": [
            (a.path, a.total, a.issue, a.located.values, a.located.keys) for a in archive.issues
        ],
        "diagnostics": [d.format() for d in archive.diagnostics.sorted()],
        "tokens": {key: [t.as_dict() for t in archive.tokens[key]] for key in archive.tokens},
        "images": archive.images,
    }


def _load(project: Path) -> tuple[Archive, ArchiveCache]:
    cache = ArchiveCache.load(project / "build" / CACHE_FILE)
    try:
        return load_archive(project, cache=cache), cache
    finally:
        cache.save()


def test_a_warm_load_is_the_cold_load(demo: Path) -> None:
    cold, cache = _load(demo)
    assert (cache.hits, cache.misses) == (0, 2)
    warm, cache = _load(demo)
    assert (cache.hits, cache.misses) == (2, 0)
    assert _summary(warm) == _summary(cold) == _summary(load_archive(demo))


def test_only_the_edited_file_is_loaded_again(demo: Path) -> None:
    _load(demo)
    issue = demo / ISSUE
    issue.write_text(issue.read_text(encoding="utf-8") + "# 注释\n", encoding="utf-8")
    _archive, cache = _load(demo)
    assert (cache.hits, cache.misses) == (1, 1)


@pytest.mark.slow  # over 0.3 s: the full suite runs it, not the edit loop
def test_an_edit_appends_its_file_s_results_to_the_cache(demo: Path) -> None:
    """The cache file is not written whole for one edited issue: its new results are
    appended (appendable.py), read back with the rest; cut off, they are made again."""
    first = (demo / "content/issues/2021/01.yaml").read_text(encoding="utf-8")
    for number in range(2, 10):  # an archive in which one issue is a small part
        copy = demo / f"content/issues/2021/{number:02d}.yaml"
        copy.write_text(first.replace("number: 1\n", f"number: {number}\n"), encoding="utf-8")
    _load(demo)
    path = demo / "build" / CACHE_FILE
    before = path.stat()
    issue = demo / ISSUE
    issue.write_text(issue.read_text(encoding="utf-8") + "# 注释\n", encoding="utf-8")
    edited, _cache = _load(demo)
    after = path.stat()
    assert after.st_ino == before.st_ino  # appended, not replaced
    assert before.st_size < after.st_size < 2 * before.st_size
    warm, cache = _load(demo)
    assert (cache.hits, cache.misses) == (10, 0)
    assert _summary(warm) == _summary(edited)
    with path.open("r+b") as stream:  # a crash while appending: the frame cut short
        stream.truncate(after.st_size - 10)
    again, cache = _load(demo)
    assert (cache.hits, cache.misses) == (9, 1)
    assert _summary(again) == _summary(edited)


def test_other_settings_load_everything_again(demo: Path) -> None:
    _load(demo)
    settings = demo / "ybbulletin.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace("print_run: 120", "print_run: 121"),
        encoding="utf-8",
    )
    _archive, cache = _load(demo)
    assert (cache.hits, cache.misses) == (0, 2)


def test_errors_and_warnings_come_back_from_the_cache(demo: Path) -> None:
    issue = demo / ISSUE
    issue.write_text(
        issue.read_text(encoding="utf-8").replace("date: 2025-08-13", "date: 2025-08-43"),
        encoding="utf-8",
    )
    messages = []
    for _ in range(2):
        cache = ArchiveCache.load(demo / "build" / CACHE_FILE)
        with pytest.raises(ContentError) as raised:
            load_archive(demo, cache=cache)
        cache.save()
        messages.append([d.format() for d in raised.value.diagnostics.sorted()])
    assert cache.hits == 2
    assert messages[0] == messages[1]
    assert any("日期“2025-08-43”不存在" in text for text in messages[1])


def test_a_changed_image_is_checked_again(demo: Path) -> None:
    issue = demo / ISSUE
    images = demo / "content/issues/2025/images"
    images.mkdir(exist_ok=True)
    from PIL import Image

    Image.new("RGB", (20, 10), "red").save(images / "图.png")
    text = issue.read_text(encoding="utf-8")
    issue.write_text(
        text.replace("    body: |\n", "    body: |\n      ![图](images/图.png)\n\n", 1),
        encoding="utf-8",
    )
    archive, _cache = _load(demo)
    assert list(archive.images[ISSUE].values()) == [["images/%E5%9B%BE.png"]]
    (images / "图.png").write_bytes(b"not a png any more")
    cache = ArchiveCache.load(demo / "build" / CACHE_FILE)
    with pytest.raises(ContentError) as raised:
        load_archive(demo, cache=cache)
    assert (cache.hits, cache.misses) == (1, 1)
    assert any("已损坏或不是图片文件" in d.message for d in raised.value.diagnostics.errors)


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"not a cache",
        b"ybbulletin archive cache 5\nsome other code\n",
        None,  # the right header, then garbage
    ],
)
def test_a_damaged_cache_costs_a_fresh_load(demo: Path, damage: bytes | None) -> None:
    cold, _cache = _load(demo)
    path = demo / "build" / CACHE_FILE
    data = path.read_bytes()
    header = b"".join(data.splitlines(keepends=True)[:2])
    path.write_bytes(header + b"\x00garbage" if damage is None else damage)
    warm, cache = _load(demo)
    assert cache.misses == 2
    assert _summary(warm) == _summary(cold)


def test_check_keeps_the_cache_in_build(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--project", str(demo), "check"]) == 0
    first = capsys.readouterr()
    assert (demo / "build" / CACHE_FILE).is_file()
    assert main(["--project", str(demo), "check"]) == 0
    assert capsys.readouterr() == first


@pytest.mark.parametrize(
    "src",
    [
        "img/a.png",
        "./img/a.png",
        "img//a.png",
        "img/%61.png",
        "img",
        "",
        "link/b.png",  # a folder that is a link
        "img/l.png",  # a file that is a link
        "../other/b.png",
        "img/../img/a.png",
        "link/../d/img/a.png",  # .. after a link: the link's parent
        "missing.png",
        "file/x.png",
    ],
)
def test_an_image_s_state_is_realpath_s(tmp_path: Path, src: str) -> None:
    """An image's state (real path, size, time) as os.path.realpath and os.stat give it,
    though found with one lstat a part below the issue's folder where no link is crossed."""
    import os

    from ybbulletin.archive_cache import _image_state

    root = Path(os.path.realpath(tmp_path))
    (root / "d/img").mkdir(parents=True)
    (root / "d/img/a.png").write_bytes(b"x")
    (root / "d/file").write_bytes(b"z")
    (root / "other").mkdir()
    (root / "other/b.png").write_bytes(b"yy")
    (root / "d/link").symlink_to(root / "other")
    (root / "d/img/l.png").symlink_to(root / "other/b.png")
    folder = root / "d"
    path = os.path.join(folder, src.replace("%61", "a"))
    try:
        real = os.path.realpath(path)
        info = os.stat(real)
        expected = (src, real, info.st_size, info.st_mtime_ns)
    except OSError:
        expected = (src, "", -1, -1)
    assert _image_state(folder, src) == expected
