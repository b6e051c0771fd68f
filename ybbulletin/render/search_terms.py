"""Each article's weighted search terms, segmented once and kept between runs.

Segmenting is the slow part of the search index (jieba: a few milliseconds an
article, and its dictionary takes most of a second to load). :class:`TermMemo`
keeps two tables:

- ``entries``: a hash of an article's texts (title, extra fields, plain text) ->
  its weighted terms. Valid for as long as the segmenter is the same
  (:func:`segmenter_key`: this code, jieba's version, Python's Unicode tables).
- ``sources``: a hash of the article's *source* (its entry as validated, see
  ``search.source_key``) -> the hash of its texts. Valid for one version of
  ybbulletin's code (``cache.code_key``: the texts follow from the source through
  the Markdown parser and the views). With it a build knows an unchanged article's
  terms without parsing its body.

Beside them the memo keeps the last index made (``search_shards.Index``) so a build
patches the postings instead of computing them again. All of it lives in one file
beside the outputs (``build/.ybbulletin-search-terms``), read when first needed and
written after a successful build; a file of other code, truncated or unreadable is
ignored and costs a segmentation, never a wrong index.

In a build with worker processes, articles are segmented in forked processes of
their own (in parallel when many are new: a cold build), never in the main one.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import itertools
import marshal
import os
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any, BinaryIO

from ybbulletin.atomic import replaced
from ybbulletin.interrupt import deferred, worker_signals
from ybbulletin.pools import Span, forked
from ybbulletin.render import segment
from ybbulletin.render.search_shards import Index

__all__ = [
    "CHUNK",
    "EXTRA_WEIGHT",
    "TERMS_FILE",
    "TITLE_WEIGHT",
    "TermMemo",
    "pack",
    "segmenter_key",
    "text_key",
    "unpack",
    "weights_of",
]

#: The segmented terms of every article, kept beside the outputs.
TERMS_FILE = ".ybbulletin-search-terms"
TITLE_WEIGHT = 5
EXTRA_WEIGHT = 3
CHUNK = 16  # articles segmented per task of a worker pool

Texts = tuple[str, str, str]  # title, extra, plain text
Pairs = list[tuple[str, int]]
#: Segments texts elsewhere: their packed terms in parts, in order, while the block runs.
Server = Callable[[Sequence[Texts]], contextlib.AbstractContextManager[Iterator[list[str]]]]


def weights_of(title: str, extra: str, text: str) -> Counter[str]:
    """Each term of an article with its weight: 1 a use in the text, more in the title."""
    weights = Counter(segment.index_terms(text))  # (counted in C)
    for term in segment.index_terms(title):
        weights[term] += TITLE_WEIGHT
    for term in segment.index_terms(extra):
        weights[term] += EXTRA_WEIGHT
    return weights


def pack(pairs: Iterable[tuple[str, int]]) -> str:
    return "\n".join(f"{term}\t{weight}" for term, weight in pairs)


def unpack(packed: str) -> Pairs:
    """The pairs ``pack`` made (split at once: a cold build unpacks 1.6 million)."""
    fields = packed.replace("\n", "\t").split("\t")
    if len(fields) % 2:  # "" (no terms), or not as ``pack`` writes it
        pairs = (line.partition("\t") for line in packed.split("\n") if line)
        return [(term, int(weight)) for term, _, weight in pairs]
    return list(zip(fields[::2], map(int, fields[1::2]), strict=True))


def _identity(info: os.stat_result) -> tuple[int, ...]:
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)


def text_key(texts: Texts) -> bytes:
    return hashlib.sha256("\x00".join(texts).encode()).digest()[:16]


def segment_texts(texts: Texts) -> str:
    """An article's terms as the memo keeps them (packed; the build's early worker's task too)."""
    return pack(sorted(weights_of(*texts).items()))


class TermMemo:
    """The terms of articles by the hash of their texts, and the texts' hashes by source.

    In one process (the preview server) it is kept in memory; ``keep_in`` also keeps
    it in a file beside the outputs. Bounded: emptied when it holds ``limit`` articles.
    """

    def __init__(self, limit: int = 20_000) -> None:
        self.limit = limit
        self.entries: dict[bytes, str] = {}
        self.sources: dict[bytes, bytes] = {}
        self.index: Index | None = None  # the last index made
        self.path: Path | None = None
        self.jobs = 1
        self.code = ""
        self._loaded = True  # nothing to read until keep_in names a file
        self._used: set[bytes] = set()
        self._used_sources: set[bytes] = set()
        self._changed = False
        self._same_code = False  # the file's sources and index are of this code
        # where the file's sources start, and the file then (read only if needed: a build
        # whose index is as kept reads the head alone, not ~30 MB at 500 issues)
        self._rest: tuple[int, tuple[int, ...]] | None = None
        self._postings: io.BytesIO | None = None  # the file, read up to the postings
        self._edits = 0  # counts what changes what ``save`` writes (``save_early``)
        self._early: tuple[Path, tuple[object, ...]] | None = None  # written, as of what
        self._coming: Iterator[tuple[bytes, str]] = iter(())  # what segmenting workers send
        self._waiting: set[bytes] = set()  # texts' hashes they have not sent yet
        # a worker started ahead by the build (build/segment_ahead.py): the packed terms of
        # a few texts, None for too many
        self.ahead: Callable[[Sequence[Texts]], list[str] | None] | None = None
        # a first build's segmenting server (build/segment_ahead.py): the packed terms of
        # any texts, in parts as they come (else the workers are forked from this process)
        self.server: Server | None
        self.server = None

    def keep_in(self, path: Path, read: bool = True, jobs: int = 1, code: str = "") -> None:
        """Keep the memo in ``path`` (read it when first needed unless ``read`` is false;
        read once per process: later builds into the same folder find it in memory).
        ``code``: what the texts of an article follow from besides its source (a hash of
        ybbulletin's code); the sources' table is kept only for the same."""
        self.jobs = jobs
        self.discard()
        if code != self.code:
            self.code, self.path, self.sources, self.index = code, None, {}, None
        if path != self.path or not read:
            self.path, self._changed, self._loaded = path, True, not read
            self._rest = self._postings = None
            # an index made for another folder is not reused: made again here, it names the
            # articles this folder's file must keep (else that file would not be written)
            self.index = None
            if not read:
                self.entries, self.sources, self.index = {}, {}, None
        self._used, self._used_sources = set(), set()

    def load(self) -> None:
        """Read the file named by ``keep_in`` (all but the postings), once."""
        self.load_head()
        stream = self._rest_of_file()
        if stream is None:
            return
        try:
            sources = marshal.load(stream)
            entries = marshal.load(stream)
        except (ValueError, EOFError, TypeError):  # corrupt: costs a segmentation
            self.index = None
            return
        self._edits += 1
        if isinstance(entries, dict):
            self.entries.update(
                (k, v) for k, v in entries.items() if isinstance(k, bytes) and isinstance(v, str)
            )
        if not self._same_code or not isinstance(sources, dict):
            if self._same_code:
                self.index = None  # its postings would be unreadable
            return  # other code: the texts may come out otherwise; the terms still hold
        self.sources.update(
            (k, v) for k, v in sources.items() if isinstance(k, bytes) and isinstance(v, bytes)
        )
        self._postings = stream

    def load_head(self) -> None:
        """Read the start of the file: the last index's articles and shard keys, once."""
        if self._loaded:
            return
        self._loaded, self._same_code = True, False
        if self.path is None:
            return
        try:
            with self.path.open("rb") as file:
                identity = _identity(os.fstat(file.fileno()))
                if file.readline() != segmenter_key():
                    return
                code = marshal.load(file)
                head = marshal.load(file)
                self._rest = (file.tell(), identity)
        except (OSError, ValueError, EOFError, TypeError):
            return
        self._same_code = code == self.code
        if self._same_code:
            index = Index.from_head(head, self._read_postings)
            if index is not None:  # the file holds this index: nothing to write for it
                self.index, self._changed = index, False

    def _rest_of_file(self) -> io.BytesIO | None:
        """The file after its head, once, if it is still the file whose head was read (a
        file replaced since is not read: its postings would not be the head's index's)."""
        rest, self._rest = self._rest, None
        if rest is None or self.path is None:
            return None
        offset, identity = rest
        try:
            with self.path.open("rb") as file:
                if _identity(os.fstat(file.fileno())) == identity:
                    file.seek(offset)
                    return io.BytesIO(file.read())  # (marshal reads a file call by call)
        except OSError:
            pass
        self.index = None  # its postings are not to be had
        return None

    def _read_postings(self) -> Any:
        self.load()
        stream, self._postings = self._postings, None
        if stream is None:
            return None
        try:
            return marshal.load(stream)
        except (ValueError, EOFError, TypeError):
            return None

    def known(self, source: bytes) -> bytes | None:
        """The hash of the texts of the article with this source, if known."""
        self.load()
        return self.sources.get(source)

    def learn(self, source: bytes, texts: bytes) -> None:
        if self.sources.get(source) != texts:
            self.sources[source] = texts
            self._changed = True
        self._used_sources.add(source)
        self._edits += 1

    def terms(self, key: bytes) -> Pairs | None:
        """The terms kept for texts of this hash, if any."""
        self.load()
        packed = self.entries.get(key)
        while packed is None and key in self._waiting:  # (in order: those before it too)
            came, packed = next(self._coming)
            self._waiting.discard(came)
            self._put(came, packed)
            packed = self.entries.get(key)
        if packed is None:
            return None
        self._used.add(key)
        self._edits += 1
        return unpack(packed)

    def weights(self, texts: Texts) -> Pairs:
        """The weighted terms of an article's title, extra fields and plain text."""
        key = text_key(texts)
        found = self.terms(key)
        if found is not None:
            return found
        self._put(key, segment_texts(texts))
        return unpack(self.entries[key])

    def segment_all(self, articles: Sequence[Texts]) -> None:
        """Segment the articles not known yet (see :meth:`segmenting`)."""
        with self.segmenting(articles):
            pass

    @contextlib.contextmanager
    def segmenting(self, articles: Sequence[Texts]) -> Iterator[None]:
        """Segment the articles not known yet, while the block runs; by its end all are.

        With ``jobs`` > 1 (a build whose site pages render in forked workers) that
        happens in worker processes of its own, so jieba's dictionary never enters the
        process the page workers fork from. Their terms come in ``articles``' order, and
        :meth:`terms` of one not come yet waits for it: a caller reading them in that
        order (the index's postings, a cold build's) does its part while the workers
        segment the rest, not after them."""
        self.load()
        todo = {text_key(texts): texts for texts in articles}
        todo = {key: texts for key, texts in todo.items() if key not in self.entries}
        if self.jobs < 2 or not todo:
            for key, texts in todo.items():
                self._put(key, segment_texts(texts))
            yield
            return
        keys, values = list(todo), list(todo.values())
        done = None if self.ahead is None else self.ahead(values)
        if done is not None:  # a few texts, segmented by the build's early worker
            for key, packed in zip(keys, done, strict=True):
                self._put(key, packed)
            yield
            return

        def work(span: Span) -> list[str]:  # in a worker, which inherits ``values``
            return [segment_texts(values[i]) for i in range(*span)]

        if self.server is not None:
            segmented = self.server(values)
        else:
            segmented = forked(work, len(values), self.jobs, chunk=CHUNK, start=worker_signals)
        with segmented as parts:
            self._coming = zip(keys, itertools.chain.from_iterable(parts), strict=True)
            self._waiting = set(keys)
            try:
                yield
                for key, packed in self._coming:  # what the block did not ask for
                    self._put(key, packed)
            finally:
                self._coming, self._waiting = iter(()), set()

    def _put(self, key: bytes, packed: str) -> None:
        if len(self.entries) >= self.limit:
            self.entries.clear()
        self.entries[key] = packed
        self._used.add(key)
        self._changed = True
        self._edits += 1

    def use(self, sources: Iterable[bytes]) -> None:
        """Keep these articles' entries in the file (an index used as it was)."""
        self._used_sources.update(sources)
        self._edits += 1

    def save(self) -> None:
        """Write the terms of this run's articles and its index, if anything was new (put
        in place what ``save_early`` wrote if the memo is as it was then)."""
        early, self._early = self._early, None
        if early is not None:
            temporary, state = early
            if self.path is not None and self._same_state(state):
                self._done()
                try:
                    with deferred():  # Ctrl-C: the file replaced, then raised
                        os.chmod(temporary, 0o644)  # mkstemp makes it private
                        os.replace(temporary, self.path)
                    return
                except OSError:  # not put in place: written below
                    pass
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        parts = self._parts()
        if parts is None:
            return
        self._done()
        assert self.path is not None
        try:
            with replaced(self.path) as stream:
                _write(stream, parts)
        except (OSError, ValueError):  # not written: only costs time next run
            pass

    def save_early(self) -> None:
        """Write what ``save`` would now into a temporary file beside the memo's own (the
        build calls it while its last renders run: the 28 MB of a 500-issue archive are
        then off its end). The memo's file changes only in ``save``; a build that fails or
        is stopped removes the temporary one (``discard``)."""
        self.discard()
        parts = self._parts()
        if parts is None or self.path is None:
            return
        state = self._state()
        try:
            handle, name = tempfile.mkstemp(
                prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent
            )
        except OSError:
            return
        temporary = Path(name)
        self._early = (temporary, state)  # known before a Ctrl-C could come in the write
        try:
            with os.fdopen(handle, "wb") as stream:
                _write(stream, parts)
        except (OSError, ValueError):
            self.discard()

    def discard(self) -> None:
        """Remove what ``save_early`` wrote (a build that did not end well)."""
        early, self._early = self._early, None
        if early is not None:
            with contextlib.suppress(OSError):
                os.unlink(early[0])

    def _state(self) -> tuple[object, ...]:
        index = self.index
        return (self._edits, self._changed, self.path, index, index is not None and index.changed)

    def _same_state(self, state: tuple[object, ...]) -> bool:
        now = self._state()  # the index by identity (its fields compare by value)
        return state[3] is now[3] and state[:3] == now[:3] and state[4] == now[4]

    def _parts(self) -> list[object] | None:
        """What the file would hold now (code, head, sources, entries, postings), if
        anything was new."""
        if self.path is None or not (self._used or self._used_sources):
            return None
        if self._changed:
            self.load()  # what the file holds, if this run has not read it yet
        sources = {k: self.sources[k] for k in sorted(self._used_sources) if k in self.sources}
        wanted = self._used | set(sources.values())
        stale = set(self.entries) - wanted
        index = self.index
        if not (self._changed or stale or (index is not None and index.changed)):
            return None
        entries = {k: self.entries[k] for k in sorted(wanted) if k in self.entries}
        head = postings = None
        if index is not None:
            postings = index.packed()
            head = index.head() if postings is not None else None
        return [self.code, head, sources, entries, postings]

    def _done(self) -> None:
        """What was used is written: the next run's starts afresh."""
        if self.index is not None:
            self.index.changed = False
        self._used, self._used_sources, self._changed = set(), set(), False


@functools.cache
def segmenter_key() -> bytes:
    """What an article's terms depend on besides its texts: this module and the segmenter's
    code (with the character ranges it imports), jieba's version (its dictionary), jieba-rs's
    (``rjieba``: the same cut, made by other code) and Python's
    Unicode tables (NFKC)."""
    from ybbulletin import characters

    parts = [Path(f).read_bytes() for f in (__file__, segment.__file__, characters.__file__)]
    parts.append(_version("jieba").encode())
    parts.append(_version("rjieba").encode())
    parts.append(unicodedata.unidata_version.encode())
    digest = hashlib.sha256(b"\x00".join(parts)).hexdigest()
    return f"ybbulletin search terms 2 {digest}\n".encode()


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "?"


def _write(stream: BinaryIO, parts: list[object]) -> None:
    stream.write(segmenter_key())
    for part in parts:
        stream.write(marshal.dumps(part, 2))  # type: ignore[arg-type]  # version 2: no references
