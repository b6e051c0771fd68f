"""A file of kept tables that a run appends its changes to (``appendable.py``): read back as
written, appended while the file is as read and small, written whole otherwise; a frame cut
short or damaged ends the reading where it starts (what came before stands)."""

from __future__ import annotations

import marshal
import os
import tracemalloc
from pathlib import Path

from ybbulletin.appendable import Appendable

HEADER = b"test tables 1\nabc"


def first(path: Path) -> tuple[Appendable, dict[str, dict[object, object]]]:
    tables: dict[str, dict[object, object]] = {"a": {f"k{n}": "v" * 100 for n in range(100)}}
    store = Appendable(path, HEADER)
    store.read()
    store.write(tables, {"a": (tables["a"], ())})
    return store, tables


def test_a_change_is_appended_and_read_back_with_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "kept"
    store, tables = first(path)
    inode, size = path.stat().st_ino, path.stat().st_size
    assert Appendable(path, HEADER).read() == tables
    store = Appendable(path, HEADER)
    tables = store.read()
    tables["a"]["k1"] = "new"
    del tables["a"]["k2"]
    tables.setdefault("b", {})[(1, "x")] = [1, 2]
    store.write(tables, {"a": (["k1"], ["k2"]), "b": ([(1, "x")], [])})
    assert path.stat().st_ino == inode  # appended, not replaced
    assert size < path.stat().st_size < size + 200
    assert Appendable(path, HEADER).read() == tables


def test_frames_grown_to_a_quarter_of_the_file_are_written_whole(tmp_path: Path) -> None:
    path = tmp_path / "kept"
    store, tables = first(path)
    inodes = set()
    for n in range(30):
        tables["a"][f"k{n % 100}"] = f"w{n}" * 50
        store.write(tables, {"a": ([f"k{n % 100}"], [])})
        inodes.add(path.stat().st_ino)
        assert path.stat().st_size < 1.25 * 100 * 200 + 500  # the tables once, a few frames
    assert len(inodes) > 1  # written whole again on the way
    assert Appendable(path, HEADER).read() == tables


def test_a_file_changed_since_it_was_read_is_written_whole(tmp_path: Path) -> None:
    path = tmp_path / "kept"
    store, tables = first(path)
    other = Appendable(path, HEADER)
    other_tables = other.read()
    other_tables["a"]["k5"] = "other"
    other.write(other_tables, {"a": (["k5"], [])})
    tables["a"]["k6"] = "ours"
    inode = path.stat().st_ino
    store.write(tables, {"a": (["k6"], [])})  # the file is not as this store read it
    assert path.stat().st_ino != inode
    assert Appendable(path, HEADER).read() == tables


def test_a_frame_cut_short_or_damaged_ends_the_reading_there(tmp_path: Path) -> None:
    path = tmp_path / "kept"
    store, tables = first(path)
    before = {name: dict(table) for name, table in tables.items()}
    tables["a"]["k1"] = "new"
    store.write(tables, {"a": (["k1"], [])})
    whole = path.read_bytes()
    path.write_bytes(whole[:-3])  # a crash while appending
    damaged = Appendable(path, HEADER)
    assert damaged.read() == before
    damaged.write(before, {"a": ([], [])})  # after a damaged frame: written whole
    assert Appendable(path, HEADER).read() == before
    flipped = bytearray(whole)
    flipped[-1] ^= 1
    path.write_bytes(bytes(flipped))
    assert Appendable(path, HEADER).read() == before


def test_another_header_or_no_file_reads_as_nothing(tmp_path: Path) -> None:
    path = tmp_path / "kept"
    assert Appendable(path, HEADER).read() == {}
    first(path)
    assert Appendable(path, b"test tables 2\nabc").read() == {}
    os.truncate(path, len(HEADER))
    assert Appendable(path, HEADER).read() == {}


def test_a_whole_write_holds_the_tables_bytes_once(tmp_path: Path) -> None:
    """Memory (issue 17 goal 4): a run that read no file (a build from nothing) writes
    whole without first dumping the frame of its changes, and the whole tables' bytes are
    not copied to join them to the header (each copy was 20 MB at 500 issues)."""
    path = tmp_path / "kept"
    tables: dict[str, dict[object, object]] = {"a": {f"k{n}": f"{n}" * 200 for n in range(10_000)}}
    size = len(marshal.dumps({"a": (tables["a"], [])}))
    store = Appendable(path, HEADER)
    tracemalloc.start()
    try:
        store.write(tables, {"a": (tables["a"], ())})
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 1.5 * size
    assert Appendable(path, HEADER).read() == tables


def test_a_read_holds_no_copy_of_the_file_and_leaves_it_unmapped(tmp_path: Path) -> None:
    """The file is mapped, not read into a buffer (half the page faults of reading the
    site's texts in every worker): a read's peak is the tables, not the tables and the
    file's bytes beside them; the mapping is gone once read; an empty file reads as
    nothing (it cannot be mapped)."""
    path = tmp_path / "kept"
    tables: dict[str, dict[object, object]] = {"a": {f"k{n}": f"{n}" * 200 for n in range(10_000)}}
    Appendable(path, HEADER).write(tables, {"a": (tables["a"], ())})
    size = path.stat().st_size
    tracemalloc.start()
    try:
        read = Appendable(path, HEADER).read()
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert read == tables
    assert peak < 1.5 * size
    assert str(path) not in Path("/proc/self/maps").read_text(encoding="utf-8")
    path.write_bytes(b"")
    assert Appendable(path, HEADER).read() == {}


def test_a_file_touched_by_its_reader_stays_appendable_and_newer(tmp_path: Path) -> None:
    path = tmp_path / "kept"
    store, tables = first(path)
    os.utime(path, ns=(10**18, 10**18))  # (written long ago)
    store = Appendable(path, HEADER)
    tables = store.read()
    inode, data = path.stat().st_ino, path.read_bytes()
    store.touch()
    assert path.stat().st_mtime_ns > 10**18
    assert path.read_bytes() == data
    tables["a"]["k1"] = "new"
    store.write(tables, {"a": (["k1"], [])})
    assert path.stat().st_ino == inode  # appended: the touch was its own
    assert Appendable(path, HEADER).read() == tables
