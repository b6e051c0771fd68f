"""The outputs' stats taken ahead in a thread (``Manifest.look_ahead``) give ``reusable``
the answers it gives without: a file as written is reused, a touched one with the same
bytes is reused, a changed or missing one is not."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

import ybbulletin.cache
from ybbulletin.cache import Manifest, digest


def _built(out: Path) -> Manifest:
    """A manifest of four files as a build wrote them."""
    entries, stats = {}, {}
    for name in ("same", "touched", "changed", "gone"):
        path = out / "site" / f"{name}.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(name.encode())
        os.utime(path, ns=(10**18, 10**18))  # written long ago (not racy)
        info = path.stat()
        entries[f"site/{name}.html"] = ("key", digest(name.encode()))
        stats[f"site/{name}.html"] = (info.st_size, info.st_mtime_ns)
    (out / "site/touched.html").touch()  # same bytes, a new mtime
    (out / "site/changed.html").write_bytes(b"other")
    (out / "site/gone.html").unlink()
    return Manifest(entries, stats)


def _answers(manifest: Manifest, out: Path) -> dict[str, str | None]:
    return {path: manifest.reusable(out, path, "key") for path in sorted(manifest.entries)}


def test_stats_taken_ahead_give_the_same_answers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = _built(tmp_path / "a")
    expected = _answers(plain, tmp_path / "a")
    assert expected == {
        "site/changed.html": None,
        "site/gone.html": None,
        "site/same.html": digest(b"same"),
        "site/touched.html": digest(b"touched"),
    }
    ahead = _built(tmp_path / "b")
    ahead.look_ahead(tmp_path / "b")
    main = threading.get_ident()
    real = os.stat
    asked: list[str] = []

    def stat(path: str, *args: object, **kwargs: object) -> os.stat_result:
        if threading.get_ident() == main:
            asked.append(str(path))
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ybbulletin.cache.os, "stat", stat)
    assert _answers(ahead, tmp_path / "b") == expected
    assert not [path for path in asked if path.endswith(".html")]  # taken by the thread
