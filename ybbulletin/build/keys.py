"""Cache keys from what a render function receives: its views, hashed, plus template sources.

:class:`ViewKeys` walks the arguments of a render call (views, models, tokens, page
contexts) and hashes all of their data, so an output is rendered again whenever
anything it is given changes, whatever its template shows of it. Three cuts keep one
edit from reaching every file:

- a field marked ``key="ref"`` (``ArticleView.previous``/``next``) is hashed as the
  referenced view's ``ref()`` (path, title, 栏目): of a neighbour, templates show
  only that (``tests/unit/test_view_keys.py`` checks the templates);
- a field marked ``key="up"`` (``ArticleView.issue``) is hashed with the views it
  holds as their ``ref()``;
- the position tables (``Located``) are not content: only diagnostics use them.

The bytes of the images an issue shows are added to its ``ArchiveIssue``. Hashes
of models, token lists and views are kept per object for the one planning pass.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from markdown_it.token import Token
from pydantic import BaseModel

from ybbulletin.cache import digest, fingerprint
from ybbulletin.loaded import Texts
from ybbulletin.located import Located
from ybbulletin.markdown import IMAGE_SUFFIXES
from ybbulletin.model import ArchiveIssue
from ybbulletin.project import Archive
from ybbulletin.render.html import media_path

__all__ = ["ViewKeys", "issue_images", "media", "media_files"]


class ViewKeys:
    """Hashes of render arguments; ``images`` maps an issue file to its images' hashes."""

    def __init__(self, images: Mapping[str, list[object]]) -> None:
        self.images = images
        self._memo: dict[tuple[int, str], tuple[object, object]] = {}

    def of(self, *parts: object) -> str:
        """The key of an output rendered from ``parts`` (names, code keys, views …)."""
        return fingerprint([self.data(part) for part in parts])

    def data(self, value: object, mode: str = "full") -> object:
        """``value`` as strings, bytes and lists for :func:`fingerprint`."""
        if value is None or isinstance(value, str | bytes | bool | int | float):
            return value
        if isinstance(value, datetime.date | Decimal | Path):
            return str(value)
        if isinstance(value, Located):
            return None
        if isinstance(value, BaseModel):
            return self._once(value, "model", lambda: digest(value.model_dump_json().encode()))
        if isinstance(value, Texts):  # hashed by their source: tokens follow from it and
            return self._once(value, "texts", value.sources)  # the code key, unparsed
        if isinstance(value, Mapping):
            return [[str(k), self.data(v, mode)] for k, v in value.items()]
        if isinstance(value, list | tuple):
            if value and all(isinstance(item, Token) for item in value):
                return self._once(value, "tokens", lambda: _tokens(value))
            return [self.data(item, mode) for item in value]
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            if mode == "ref" and hasattr(value, "ref"):
                return ["ref", self.data(value.ref())]
            return self._once(value, mode, lambda: self._fields(value, mode))
        raise TypeError(f"no cache key for {type(value).__name__}")  # teach ViewKeys the type

    def _fields(self, value: Any, mode: str) -> object:
        found: list[object] = [type(value).__name__]
        for item in dataclasses.fields(value):
            how = item.metadata.get("key")
            inner = getattr(value, item.name)
            if how == "ref":
                found.append(None if inner is None else ["ref", self.data(inner.ref())])
            elif how == "up":
                found.append(self._once(inner, "up", lambda v=inner: self._fields(v, "ref")))
            else:
                found.append(self.data(inner, mode))
        if isinstance(value, ArchiveIssue):
            found.append(self.images.get(value.path, []))
        return fingerprint(found)

    def _once(self, value: object, mode: str, make: Any) -> object:
        key = (id(value), mode)
        hit = self._memo.get(key)
        if hit is None:
            hit = (value, make())  # holding the value keeps its id from being reused
            self._memo[key] = hit
        return hit[1]


def _tokens(tokens: list[Token] | tuple[Token, ...]) -> str:
    """Block tokens: an inline token's content is the source of its children."""
    return fingerprint(
        [
            [t.type, t.tag, t.content, t.info, sorted((k, str(v)) for k, v in t.attrs.items())]
            for t in tokens
        ]
    )


def media(archive: Archive) -> dict[str, tuple[str, bytes]]:
    """The images the bodies use: site path -> (issue file, bytes). Validation checked each."""
    content = archive.root / "content"
    found: dict[str, tuple[str, bytes]] = {}
    for issue_path, texts in archive.images.items():  # known without parsing the texts
        issue_dir = Path(issue_path).parent.relative_to("content").as_posix()
        for src in (src for sources in texts.values() for src in sources):
            # markdown-it percent-encodes the src it keeps; files have the real name.
            site_path = unquote(media_path(issue_dir, src))
            source = content / site_path.removeprefix("media/")
            if source.suffix.lower() in IMAGE_SUFFIXES and site_path not in found:
                found[site_path] = (issue_path, source.read_bytes())
    return found


def media_files(archive: Archive) -> dict[str, bytes]:
    """The images the bodies use, keyed by their site path (media/issues/2025/images/x.png)."""
    return {path: data for path, (_issue, data) in media(archive).items()}


def issue_images(found: Mapping[str, tuple[str, bytes]]) -> dict[str, list[object]]:
    """For each issue file: the images it shows, with their bytes' hashes."""
    images: dict[str, list[object]] = {}
    for site_path, (issue_path, data) in found.items():
        images.setdefault(issue_path, []).extend([site_path, digest(data)])
    return images
