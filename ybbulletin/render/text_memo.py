"""What the site makes of each Markdown text, kept between builds.

A site page shows its article's texts as HTML, its first paragraph as plain text
(``<meta name="Description">``, the feed) and its plain text for the search
snippets. Each of those is a pure function of the text's Markdown source and a
few plain inputs (the issue's folder, the page's image prefix, the heading
offset). Parsing and emitting them is half of what rendering the site costs, and a
rebuild after a template or settings change (or ``--force``) would redo it for
every text although none changed. :class:`TextMemo` keeps each result:

- under a *slot* naming what it is (issue file, text, what was made of it): one
  result a slot, so the memo holds at most what the archive shows, and a slot of an
  issue file no longer in the archive is dropped when the memo is saved;
- with a hash of *everything* the result follows from besides the code (the
  source, the issue folder, the prefix …): a result whose hash differs is made
  again, never reused.

The memo is one file beside the outputs (``build/.ybbulletin-site-texts``) in
:mod:`marshal` format, headed by ``cache.code_key()`` (ybbulletin's code, the
Markdown library's version): a file of other code, truncated or corrupt is
ignored and costs a render, never a wrong page. A build appends the results it
made (``appendable.py``); slots of issue files no longer in the archive are dropped
when the file is written whole (once its appended part has grown). It is read when first needed (in
each worker process that renders pages); results made in a worker are sent back
with its files (:meth:`TextMemo.taken`) and the build saves the memo after it
succeeded. A build that loaded most issue files afresh learns nothing (``learn``):
its main process holds every parsed text at its memory peak, and the results sent
back would come on top (~40 MB at 500 issues); the next build learns them.
Without ``keep_in`` (tests, tools) nothing is kept.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection, Mapping, Sequence
from pathlib import Path

from ybbulletin.appendable import Appendable

__all__ = ["MEMO", "MEMO_FILE", "Kept", "TextMemo", "fingerprint", "sources"]

#: What the site made of each text, kept beside the outputs.
MEMO_FILE = ".ybbulletin-site-texts"
_MAGIC = b"ybbulletin site texts 2\n"
# slot -> (hash of the inputs, result); a slot starts with its issue file's path and "\0"
Kept = dict[str, tuple[bytes, str]]


class TextMemo:
    """Results by slot, each with the hash of its inputs (see the module's description)."""

    def __init__(self) -> None:
        self.path: Path | None = None
        self.code = ""
        self.entries: Kept = {}
        self._new: Kept = {}  # made in this process since ``taken`` was last called
        self._unsaved: Kept = {}  # made or added since the file was last written
        self._file: Appendable | None = None
        self._loaded = True
        self._changed = False
        self.learn = True

    def keep_in(self, path: Path, code: str, learn: bool = True) -> None:
        """Keep the memo in ``path``, for code ``code`` (read when first needed; read once
        per process: a later build into the same folder finds it in memory). Unless
        ``learn``, what it does not hold is made and not kept (nor sent back by workers)."""
        if path != self.path or code != self.code:
            self.path, self.code, self.entries = path, code, {}
            self._file = Appendable(path, _MAGIC + code.encode())
            self._loaded, self._changed, self._unsaved = False, False, {}
        self._new = {}
        self.learn = learn

    def remembered(self, slot: str, inputs: Sequence[str], make: Callable[[], str]) -> str:
        """What ``make`` gives, kept under ``slot`` for these ``inputs``."""
        if self.path is None:
            return make()
        self._load()
        key = _hash(inputs)
        kept = self.entries.get(slot)
        if kept is not None and _well_formed(slot, kept) and kept[0] == key:
            return kept[1]
        made = make()
        if self.learn:
            self.entries[slot] = self._new[slot] = self._unsaved[slot] = (key, made)
            self._changed = True
        return made

    def taken(self) -> Kept:
        """The results made in this process since the last call (a worker sends them back)."""
        new, self._new = self._new, {}
        return new

    def add(self, made: Kept) -> None:
        """Results a worker made."""
        if made and self.path is not None and self.learn:
            self.entries.update(made)
            self._unsaved.update(made)
            self._changed = True

    def save(self, files: Collection[str]) -> None:
        """Keep what was added (appended to the file), or write the memo whole with the
        slots of these issue files only (when the file cannot take more appended)."""
        if self._file is None or not self._changed:
            return
        self._changed = False
        new, self._unsaved = self._unsaved, {}
        if not self._loaded:  # this process has not read the file (the build's, whose
            self._file.attach()  # workers made the texts): appended to without reading
        gone = [slot for slot in self.entries if slot.partition("\0")[0] not in files]
        try:
            if self._file.append({"texts": (new, gone)}):
                return
            made, self.entries = self.entries, {}
            self._loaded = False
            self._load()  # what the file holds (this process may not have read it), then ours
            self.entries.update(made)
            self.entries = {
                slot: kept
                for slot, kept in self.entries.items()
                if slot.partition("\0")[0] in files
            }
            self._file.write_whole({"texts": self.entries})
        except (OSError, ValueError):  # not written: only costs time next run
            pass

    def _load(self) -> None:
        if self._loaded:
            return
        self._loaded = True
        assert self._file is not None
        entries = self._file.read().get("texts")
        if isinstance(entries, dict):  # each checked when used (``remembered``)
            entries.update(self.entries)
            self.entries = entries


def _well_formed(slot: object, kept: object) -> bool:
    return (
        isinstance(slot, str)
        and isinstance(kept, tuple)
        and len(kept) == 2
        and isinstance(kept[0], bytes)
        and isinstance(kept[1], str)
    )


def _hash(inputs: Sequence[str]) -> bytes:
    """A hash of the inputs, each with its length (no two lists share their joined text)."""
    joined = "".join(f"{len(part)}\x00{part}" for part in inputs)
    return hashlib.sha256(joined.encode("utf-8", "surrogatepass")).digest()[:16]


_FINGERPRINTS: dict[str, str] = {}


def fingerprint(text: str) -> str:
    """A short hash of a text, made once per process: several results are made from each
    text (and the text's own hash, which the lookup needs, is kept by the string)."""
    found = _FINGERPRINTS.get(text)
    if found is None:
        if len(_FINGERPRINTS) >= 100_000:
            _FINGERPRINTS.clear()
        encoded = text.encode("utf-8", "surrogatepass")
        found = _FINGERPRINTS[text] = hashlib.sha256(encoded).hexdigest()[:32]
    return found


def sources(texts: Mapping[str, object]) -> dict[str, str] | None:
    """An entry's texts' Markdown sources by name (None if ``texts`` does not carry them)."""
    listed = getattr(texts, "sources", None)
    if listed is None:
        return None
    return {name: source for name, source in listed()}


#: The site's memo (one per process: the build's, or the preview's kept in memory).
MEMO = TextMemo()
