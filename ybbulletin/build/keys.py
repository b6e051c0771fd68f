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

The first two cuts hold for the package's templates only. A project with templates
of its own may show anything of a neighbour: given ``whole`` (the archive), every
ref also carries a hash of every issue's content, so a page showing a neighbour is
made again on any edit of the archive (slower, never stale).

The bytes of the images an issue shows are added to its ``ArchiveIssue``. Hashes
of models, token lists and views are kept per object for the one planning pass.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import hashlib
import marshal
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import unquote

from markdown_it.token import Token
from pydantic import BaseModel

from ybbulletin.cache import digest
from ybbulletin.loaded import HASHES, Texts
from ybbulletin.located import KeyPath, Located
from ybbulletin.markdown import IMAGE_SUFFIXES
from ybbulletin.model import ArchiveIssue, Issue
from ybbulletin.project import Archive
from ybbulletin.render.html import media_path
from ybbulletin.views import IssueView

__all__ = [
    "KeyMemo",
    "MediaBytes",
    "MediaFile",
    "ViewKeys",
    "issue_images",
    "media",
    "plain_hash",
]

# Bump when what ``prime`` hashes for an issue changes meaning.
_PRIME = "issue views 1"
# Bump when what ``per_issue`` keeps for an issue changes meaning.
_PER_ISSUE = "per issue 1"


class KeyMemo(Protocol):
    """Keeps the digests of an issue's views between runs (``archive_cache.ArchiveCache``)."""

    def source(self, relpath: str, issue: Issue) -> str | None:
        """The key of the issue file ``issue`` was loaded from (bytes, path, settings)."""

    def recall_views(self, key: str) -> list[str] | None:
        """The digests kept under ``key``."""

    def remember_views(self, key: str, digests: list[str]) -> None:
        """Keep the digests of an issue's views."""


class ViewKeys:
    """Hashes of render arguments; ``images`` maps an issue file to its images' hashes."""

    def __init__(
        self,
        images: Mapping[str, list[object]],
        memo: KeyMemo | None = None,
        whole: Archive | None = None,
    ) -> None:
        self.images = images
        self._memo: dict[tuple[int, str], tuple[object, object]] = {}
        self._keep = memo
        self._whole = whole
        self._primed: dict[int, tuple[IssueView, str]] = {}  # id(view): (view, primed key)
        self.primed = self.hashed = 0  # issues whose views' digests were recalled / made

    def _ref(self, value: Any) -> list[object]:
        """A neighbour as its key holds it: its ref(), and with ``whole`` the archive's
        content as well (a project's own templates may show more than the ref)."""
        if self._whole is None:
            return ["ref", self.data(value.ref())]
        whole = self._whole
        every = self._once(whole, "whole", lambda: _hash([self.data(a) for a in whole.issues]))
        return ["ref", self.data(value.ref()), every]

    def prime(self, views: Sequence[IssueView]) -> list[str | None]:
        """Recall (or make and keep) the digests of each issue view and its articles.

        They are kept under a key of everything they are made from: the issue file as
        loaded (bytes, path, settings: so its model, texts, 栏目 and print order), its
        running number, its images' hashes, its downloads, its mark (草稿 …) and the
        refs of the neighbours its first and last articles link to. The code is the
        archive cache's header. Nothing else reaches an issue's views (``_fields``).
        Returns each view's key (None where the memo does not know its issue file).
        """
        memo = self._keep
        if memo is None:
            return [None] * len(views)
        made: list[str | None] = []
        for view in views:
            archive_issue = view.archive_issue
            source = memo.source(archive_issue.path, archive_issue.issue)
            made.append(source)
            if source is None:
                continue
            articles = view.articles
            first, last = (articles[0], articles[-1]) if articles else (None, None)
            key = _hash(
                _PRIME,
                source,
                archive_issue.total,
                self.images.get(archive_issue.path, []),
                self.data(view.downloads),
                view.mark,
                self._ref(first.previous) if first and first.previous else None,
                self._ref(last.next) if last and last.next else None,
            )
            made[-1] = key
            self._primed[id(view)] = (view, key)  # holding the view keeps its id
            kept = memo.recall_views(key)
            if kept is not None and len(kept) == 1 + len(articles):
                self.primed += 1
                for value, found in zip([view, *articles], kept, strict=True):
                    self._memo[(id(value), "full")] = (value, found)
                continue
            self.hashed += 1
            digests = [self.data(view), *(self.data(article) for article in articles)]
            memo.remember_views(key, [str(found) for found in digests])
        return made

    def per_issue(
        self, view: IssueView, name: str, count: int, make: Callable[[], list[str]]
    ) -> list[str]:
        """``make()`` for one issue view (its pages' keys, its articles' search sources
        …): ``count`` strings, kept between builds under ``name`` and the view's primed
        key (``prime``). ``name`` must hold whatever else ``make`` reads. Made each time
        for a view that is not primed."""
        primed = self._primed.get(id(view))
        memo = self._keep
        if primed is None or primed[0] is not view or memo is None:
            return make()
        key = _hash(_PER_ISSUE, name, primed[1])
        kept = memo.recall_views(key)
        if kept is None or len(kept) != count:
            kept = make()
            memo.remember_views(key, kept)
        return kept

    def of(self, *parts: object) -> str:
        """The key of an output rendered from ``parts`` (names, code keys, views …)."""
        return _hash([self.data(part) for part in parts])

    def once(self, value: object, name: str, make: Callable[[], str]) -> str:
        """``make()`` of ``value``, made once per planning pass (what a page shows of it)."""
        found = self._once(value, name, make)
        assert isinstance(found, str)
        return found

    def data(self, value: object, mode: str = "full") -> object:
        """``value`` as strings, numbers, bytes and lists for :func:`_hash`."""
        if value is None or type(value) in _PLAIN:
            return value
        if isinstance(value, str):  # a subclass (an enum's value): its plain value
            return str.__str__(value)
        if isinstance(value, bytes):
            return bytes(value)
        if isinstance(value, int):
            return int(value)
        if isinstance(value, float):
            return float(value)
        if isinstance(value, datetime.date | Decimal | Path):
            return str(value)
        if isinstance(value, Located):
            return None
        if isinstance(value, BaseModel):
            return self._once(value, "model", lambda: digest(value.model_dump_json().encode()))
        if isinstance(value, Texts):  # hashed by their source: tokens follow from it and
            return self._once(value, "texts", value.sources)  # the code key, unparsed
        if isinstance(value, Mapping):  # lists and mappings are shared (a page's common
            # context, an issue's articles): hashed once per planning pass
            return self._once(value, f"{mode}{{}}", lambda: _hash(self._items(value.items(), mode)))
        if isinstance(value, list | tuple):
            if value and all(isinstance(item, Token) for item in value):
                return self._once(value, "tokens", lambda: _tokens(value))
            if isinstance(value, tuple):  # small, and often made on the fly (refs)
                return [self.data(item, mode) for item in value]
            return self._once(
                value, f"{mode}[]", lambda: _hash([self.data(item, mode) for item in value])
            )
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            if mode == "ref" and hasattr(value, "ref"):
                return self._ref(value)
            return self._once(value, mode, lambda: self._fields(value, mode))
        raise TypeError(f"no cache key for {type(value).__name__}")  # teach ViewKeys the type

    def _items(self, items: Any, mode: str) -> list[object]:
        return [[str(k), self.data(v, mode)] for k, v in items]

    def _fields(self, value: Any, mode: str) -> object:
        found: list[object] = [type(value).__name__]
        for item in dataclasses.fields(value):
            how = item.metadata.get("key")
            inner = getattr(value, item.name)
            if how == "none":  # a helper, not data (SiteContext.per_issue)
                found.append(None)
            elif how == "ref":
                found.append(None if inner is None else self._ref(inner))
            elif how == "up":
                found.append(self._once(inner, "up", lambda v=inner: self._fields(v, "ref")))
            else:
                found.append(self.data(inner, mode))
        if isinstance(value, ArchiveIssue):
            found.append(self.images.get(value.path, []))
        return _hash(found)

    def _once(self, value: object, mode: str, make: Any) -> object:
        key = (id(value), mode)
        hit = self._memo.get(key)
        if hit is None:
            hit = (value, make())  # holding the value keeps its id from being reused
            self._memo[key] = hit
        return hit[1]


_PLAIN = frozenset({str, bytes, bool, int, float})


def _hash(*parts: object) -> str:
    """A stable hash of strings, numbers, None and nested lists of them, several times
    quicker than :func:`fingerprint`: marshal's format 2 (no references, so the same value
    gives the same bytes however its strings were made) writes each value's type and
    length, so two values give the same bytes only when they are equal."""
    data = marshal.dumps(parts, 2)  # type: ignore[arg-type]  # nested: mypy cannot tell
    return hashlib.sha256(data).hexdigest()


def plain_hash(*parts: object) -> str:
    """The hash :class:`ViewKeys` makes of plain data (strings, numbers, None, lists)."""
    return _hash(*parts)


def _tokens(tokens: list[Token] | tuple[Token, ...]) -> str:
    """Block tokens: an inline token's content is the source of its children."""
    return _hash(
        [
            [t.type, t.tag, t.content, t.info, sorted((k, str(v)) for k, v in t.attrs.items())]
            for t in tokens
        ]
    )


@dataclass(frozen=True)
class MediaFile:
    """An image the bodies use: the issue files that show it, its file and its hash."""

    issues: tuple[str, ...]
    path: Path
    sha: str  # of the bytes when planned; the file is read when it is written

    def read(self) -> bytes:
        return self.path.read_bytes()


def media(archive: Archive) -> dict[str, MediaFile]:
    """The images the bodies use, by site path. Validation checked each. Hashes come from
    ``loaded.HASHES`` (kept by each file's size and times): no image is read unchanged."""
    content = archive.root / "content"
    shown: dict[str, list[str]] = {}
    for issue_path, texts in archive.images.items():  # known without parsing the texts
        for site_path in _site_paths(issue_path, texts):
            shown.setdefault(site_path, []).append(issue_path)
    found: dict[str, MediaFile] = {}
    for site_path, issues in shown.items():
        source = content / site_path.removeprefix("media/")
        found[site_path] = MediaFile(tuple(issues), source, HASHES.sha256(source))
    return found


def _site_paths(issue_path: str, texts: Mapping[KeyPath, list[str]]) -> tuple[str, ...]:
    """The site paths of the images an issue shows, in the order it first shows them."""
    return _paths_of(issue_path, tuple(src for sources in texts.values() for src in sources))


@functools.lru_cache(maxsize=4096)
def _paths_of(issue_path: str, sources: tuple[str, ...]) -> tuple[str, ...]:
    # a function of strings alone, kept: a plan asks twice for each issue (media and
    # issue_images; their Path parsing was a third of ``begin`` at 500 issues)
    issue_dir = Path(issue_path).parent.relative_to("content").as_posix()
    found: dict[str, None] = {}
    for src in sources:
        # markdown-it percent-encodes the src it keeps; files have the real name.
        site_path = unquote(media_path(issue_dir, src))
        if Path(site_path).suffix.lower() in IMAGE_SUFFIXES:
            found[site_path] = None
    return tuple(found)


class MediaBytes(Mapping[str, bytes]):
    """The images the bodies use by content path (``issues/2025/images/x.png``), each
    file read when first asked for: a render or check of one issue reads its own."""

    def __init__(self, found: Mapping[str, MediaFile]) -> None:
        self._found = {path.removeprefix("media/"): item for path, item in found.items()}
        self._read: dict[str, bytes] = {}

    def __getitem__(self, path: str) -> bytes:
        data = self._read.get(path)
        if data is None:
            data = self._read[path] = self._found[path].read()
        return data

    def __iter__(self) -> Iterator[str]:
        return iter(self._found)

    def __len__(self) -> int:
        return len(self._found)


def issue_images(
    archive: Archive, found: Mapping[str, MediaFile] | None = None
) -> dict[str, list[object]]:
    """For each issue file: every image it shows (in its order), with the bytes' hash."""
    found = media(archive) if found is None else found
    return {
        issue_path: [item for site_path in paths for item in (site_path, found[site_path].sha)]
        for issue_path, texts in archive.images.items()
        if (paths := [p for p in _site_paths(issue_path, texts) if p in found])
    }
