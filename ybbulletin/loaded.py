"""What stages 2, 3 and 5 make of one issue file, and the archive's texts parsed on first use.

``project.load_archive`` runs the stages per issue file into a :class:`FileResult`;
an :class:`IssueCache` (``archive_cache.ArchiveCache``) may keep results between
runs. Parsed tokens are not kept: :class:`Bodies` parses a text when it is first
read (markdown-it gives the same tokens every time) and keeps it, so ``check``
and a build that renders nothing parse nothing the cache vouched for.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from markdown_it.token import Token

from ybbulletin.errors import Diagnostic, Location, Severity
from ybbulletin.located import KeyPath, Located
from ybbulletin.markdown import BodyParser
from ybbulletin.model import Issue, entry_texts

__all__ = [
    "HASHES",
    "Bodies",
    "FileHashes",
    "FileResult",
    "IssueCache",
    "Texts",
    "diagnostic_of_plain",
    "digest",
    "image_sources",
    "markdown_fields",
    "plain_diagnostic",
    "plain_result",
    "result_of_plain",
]

_SEVERITIES = {severity.value: severity for severity in Severity}

#: (size, mtime in ns, inode, ctime in ns) of a file: read again when any of them changes.
FileState = tuple[int, int, int, int]


def digest(data: bytes) -> str:
    """The hex sha256 of ``data``: the project's one hash of bytes (files, output keys,
    sign-off digests); ``ybbulletin.cache`` re-exports it."""
    return hashlib.sha256(data).hexdigest()


#: A file written this recently may change again within its timestamps' resolution:
#: its hash is not kept (git's "racily clean" rule).
RACY_NS = 2_000_000_000


@dataclass
class FileResult:
    """Stages 2, 3 and 5 of one issue file: None where a stage stopped it, and its diagnostics.

    ``tokens`` holds the texts parsed so far (all of them after stage 5, none when
    the result came from the cache); ``images`` the image sources of each text.
    """

    located: Located | None
    issue: Issue | None
    tokens: dict[KeyPath, list[Token]] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    images: dict[KeyPath, list[str]] = field(default_factory=dict)


class IssueCache(Protocol):
    """Keeps :class:`FileResult` between runs."""

    def get(self, relpath: str, raw: bytes, settings: str, issue_dir: Path) -> FileResult | None:
        """The result kept for these bytes and settings, if it still holds."""

    def put(
        self, relpath: str, raw: bytes, settings: str, issue_dir: Path, result: FileResult
    ) -> None:
        """Keep a fresh result."""


def markdown_fields(issue: Issue) -> list[tuple[KeyPath, str]]:
    """Every Markdown text of an issue with its path in the file."""
    found: list[tuple[KeyPath, str]] = []
    for i, entry in enumerate(issue.entries):
        for keypath, text in entry_texts(entry):
            found.append((("entries", i, *keypath), text))
    return found


def image_sources(tokens: Mapping[KeyPath, list[Token]]) -> dict[KeyPath, list[str]]:
    """Each text's image sources in order, as markdown-it keeps them (percent-encoded)."""
    found: dict[KeyPath, list[str]] = {}
    for keypath, parsed in tokens.items():
        sources = [
            str(child.attrGet("src") or "")
            for token in parsed
            for child in token.children or []
            if child.type == "image"
        ]
        if sources:
            found[keypath] = sources
    return found


class Bodies(Mapping[tuple[str, KeyPath], list[Token]]):
    """(issue file, key path) -> the text's tokens, parsed when first read and kept."""

    def __init__(self, files: Mapping[str, FileResult]) -> None:
        self._files = files
        self._parser = BodyParser()
        self._texts: dict[tuple[str, KeyPath], str] = {
            (path, keypath): text
            for path, result in files.items()
            if result.issue is not None
            for keypath, text in markdown_fields(result.issue)
        }

    def __getitem__(self, key: tuple[str, KeyPath]) -> list[Token]:
        path, keypath = key
        text = self._texts[key]
        kept = self._files[path].tokens
        tokens = kept.get(keypath)
        if tokens is None:
            tokens, _refused = self._parser.parse(text)  # stage 5 reported what it refused
            kept[keypath] = tokens
        return tokens

    def __contains__(self, key: object) -> bool:  # Mapping's would parse the text
        return key in self._texts

    def __iter__(self) -> Iterator[tuple[str, KeyPath]]:
        return iter(self._texts)

    def __len__(self) -> int:
        return len(self._texts)

    def of_files(self, paths: Collection[str]) -> Bodies:
        """The texts of these issue files only (parsed ones stay parsed)."""
        return Bodies({path: result for path, result in self._files.items() if path in paths})

    def images(self, path: str, keypath: KeyPath) -> list[str]:
        """The image sources of one text, as markdown-it keeps them."""
        return self._files[path].images.get(keypath, [])

    def source(self, key: tuple[str, KeyPath]) -> str:
        """The Markdown text the tokens of ``key`` are parsed from."""
        return self._texts[key]


class Texts(Mapping[str, list[Token]]):
    """The Markdown fields of one entry by name (body, note, cases.0.body …), parsed when read.

    Cache keys hash :meth:`sources`, not the tokens: the tokens follow from the text
    and the code, so a build that renders nothing parses nothing.
    """

    def __init__(self, bodies: Bodies, path: str, keypaths: Mapping[str, KeyPath]) -> None:
        self._bodies, self._path, self._keypaths = bodies, path, keypaths

    def __getitem__(self, name: str) -> list[Token]:
        return self._bodies[(self._path, self._keypaths[name])]

    def __contains__(self, name: object) -> bool:  # Mapping's would parse the text
        return name in self._keypaths

    def __iter__(self) -> Iterator[str]:
        return iter(self._keypaths)

    def __len__(self) -> int:
        return len(self._keypaths)

    def images(self, name: str) -> list[str]:
        """The image sources of field ``name`` in order (known without parsing it)."""
        return self._bodies.images(self._path, self._keypaths[name])

    def sources(self) -> list[list[str]]:
        """[name, Markdown text] of each field."""
        return [
            [name, self._bodies.source((self._path, keypath))]
            for name, keypath in self._keypaths.items()
        ]


class FileHashes:
    """sha256 of files (images), kept by (path, size, mtime, inode, ctime) and read again
    only when one of those changes. A file modified in the last two seconds is hashed
    every time (its timestamp could hide a second write of the same size)."""

    def __init__(self) -> None:
        self._kept: dict[str, tuple[FileState, str]] = {}
        self._used: set[str] = set()

    def sha256(self, path: Path) -> str:
        """The hex sha256 of the file's bytes; OSError if it cannot be read."""
        name = os.fspath(path)
        info = os.stat(name)
        state = (info.st_size, info.st_mtime_ns, info.st_ino, info.st_ctime_ns)
        kept = self._kept.get(name)
        self._used.add(name)
        if kept is not None and kept[0] == state:
            return kept[1]
        with open(name, "rb") as stream:
            data = stream.read()
        sha = digest(data)
        settled = time.time_ns() - RACY_NS
        after = os.stat(name)
        if (after.st_size, after.st_mtime_ns, after.st_ino, after.st_ctime_ns) == state and (
            max(info.st_mtime_ns, info.st_ctime_ns) < settled
        ):
            self._kept[name] = (state, sha)
        else:
            self._kept.pop(name, None)
        return sha

    def seed(self, kept: Mapping[str, tuple[FileState, str]]) -> None:
        """Take hashes kept by an earlier run (ours win: they were made in this process)."""
        for name, (state, sha) in kept.items():
            self._kept.setdefault(name, (tuple(state), str(sha)))  # type: ignore[arg-type]

    def used(self) -> dict[str, tuple[FileState, str]]:
        """The hashes of the files looked at since the last call, to keep for the next run."""
        found = {name: self._kept[name] for name in sorted(self._used) if name in self._kept}
        self._used = set()
        return found


#: The process's file hashes (a hash kept by the file's state cannot be wrong).
HASHES = FileHashes()


def plain_result(result: FileResult) -> tuple[Any, bool, list[tuple[Any, ...]], Any]:
    """A file's result as plain data, its tokens left out (:func:`result_of_plain` makes
    it again): the document without its lines (the file's text, read again), whether it
    validated, its diagnostics, its texts' image sources."""
    located = result.located
    data = None
    if located is not None:
        # (a document made from plain data gives the very tables it was made from: the
        # archive cache's record of a file a stage worker loaded shares them, and its lines
        # and spans are not made in this process unless a diagnostic needs them)
        data = (located.path, located.data, located.kept_tables())
    diagnostics = [plain_diagnostic(d) for d in result.diagnostics]
    return (data, result.issue is not None, diagnostics, result.images)


def result_of_plain(
    raw: bytes,
    data: Any,
    validated: bool,
    diagnostics: list[tuple[Any, ...]],
    images: Any,
    tokens: dict[Any, Any] | None = None,
) -> FileResult:
    """The result :func:`plain_result` gave, for the file of bytes ``raw`` (its lines are
    made of them when first read)."""
    located = None
    if data is not None:
        path, plain, tables = data
        located = Located.kept(path, plain, raw, tables)
    issue = Issue.model_validate(located.data) if validated and located is not None else None
    return FileResult(
        located,
        issue,
        tokens or {},
        [diagnostic_of_plain(*item) for item in diagnostics],
        images,
    )


def plain_diagnostic(d: Diagnostic) -> tuple[Any, ...]:
    where = d.location
    return (where.path, where.line, where.column, d.severity.value, d.message, d.hint)


def diagnostic_of_plain(
    path: str, line: int, column: int, severity: str, message: str, hint: str | None
) -> Diagnostic:
    return Diagnostic(Location(path, line, column), _SEVERITIES[severity], message, hint)
