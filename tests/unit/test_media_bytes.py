"""The images given to render functions and checks (``RenderContext.images``): the bytes
the image files hold, each file read only when asked for (an edit's check of one issue
no longer reads every image of the archive)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.test_kept_keys import ISSUE, add_image
from ybbulletin.build import render_context
from ybbulletin.build.keys import MediaBytes, MediaFile, media
from ybbulletin.project import load_archive


def test_images_are_read_when_asked_for(demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    add_image(demo, ISSUE, "图.png")
    add_image(demo, "content/issues/2021/01.yaml", "旧.png")
    archive = load_archive(demo)
    whole = {path.removeprefix("media/"): f.read() for path, f in media(archive).items()}
    assert len(whole) >= 2
    read: list[Path] = []
    original = MediaFile.read

    def counted(self: MediaFile) -> bytes:
        read.append(self.path)
        return original(self)

    monkeypatch.setattr(MediaFile, "read", counted)
    images = render_context(archive, media(archive)).images
    assert isinstance(images, MediaBytes)
    assert read == []
    first = sorted(whole)[0]
    assert images[first] == whole[first]
    assert images.get(first) == whole[first]
    assert len(read) == 1  # that one file, once
    assert dict(images) == whole
    assert images.get("issues/none.png") is None
