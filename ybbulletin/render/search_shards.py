"""The search index's postings, kept between builds and patched where articles changed.

A shard's bytes follow from the postings of its terms (``shard_of``), so each shard
gets a key of its own: the hash of its bytes. :class:`Index` holds, for the articles
of the last index in order (by their source hash), the postings cut into shards and
each shard's key. A build whose articles are the same keeps every key and makes
nothing; one whose articles changed in place (an edit) takes the changed articles'
old terms out of the postings, puts their new ones in, and makes again only the
shards whose postings changed; anything else (an issue added or removed) makes the
postings afresh.
"""

from __future__ import annotations

import bisect
import hashlib
import json
from array import array
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

__all__ = ["MAX_SHARDS", "MAX_WEIGHT", "Index", "js", "shard_count", "shard_of", "update"]

MAX_WEIGHT = 99
DOCS_PER_SHARD = 32
MAX_SHARDS = 256

Pairs = list[tuple[str, int]]
# per shard: term -> flat [doc, weight, …], docs ascending; as read from the file, the
# flat list is still packed in bytes (a C int array): only the terms touched are unpacked
Postings = list[dict[str, list[int] | bytes]]


def shard_of(term: str, shards: int) -> int:
    """Which shard a term lives in; assets/search.js computes the same."""
    return ord(term[0]) % shards


def shard_count(articles: int) -> int:
    """How many shards the index is cut into: about DOCS_PER_SHARD articles' terms each,
    a power of two. Known from the article count alone, so the planner can name the files
    without segmenting anything.
    """
    count = 1
    while count < MAX_SHARDS and articles / count > DOCS_PER_SHARD:
        count *= 2
    return count


def js(call: str, *args: object) -> bytes:
    body = ",".join(json.dumps(a, ensure_ascii=False, separators=(",", ":")) for a in args)
    return f"{call}({body});\n".encode()


def _delta(flat: list[int]) -> list[int]:
    out = list(flat)
    for i in range(len(flat) - 2, 0, -2):
        out[i] = flat[i] - flat[i - 2]
    return out


def render_shard(number: int, terms: Mapping[str, list[int] | bytes]) -> bytes:
    """``shards/<n>.js``: its terms in code point order, postings delta-encoded."""
    return js("YB_SEARCH_SHARD", number, {t: _delta(_unpacked(terms[t])) for t in sorted(terms)})


def _unpacked(flat: list[int] | bytes) -> list[int]:
    if isinstance(flat, bytes):
        packed = array("i")
        packed.frombytes(flat)
        return packed.tolist()
    return flat


def _packed(terms: Mapping[str, list[int] | bytes]) -> dict[str, bytes]:
    return {t: f if isinstance(f, bytes) else array("i", f).tobytes() for t, f in terms.items()}


def key_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class Index:
    """The postings of the articles ``docs`` (source hashes, in index order) and the keys
    of their shards; ``made`` holds the bytes of the shards made in this process."""

    count: int
    docs: list[bytes]
    keys: list[str]
    postings: Postings | None = None  # None: still in the file (``load``)
    made: dict[int, bytes] = field(default_factory=dict)
    changed: bool = True  # not yet written to the file
    load: Callable[[], Postings | None] | None = None

    def head(self) -> list[object]:
        """What the terms file keeps besides the postings (marshal-able)."""
        return [self.count, self.docs, self.keys]

    def packed(self) -> list[dict[str, bytes]] | None:
        """The postings as the terms file keeps them (marshal-able), if known."""
        postings = self.get_postings()
        return None if postings is None else [_packed(terms) for terms in postings]

    @classmethod
    def from_head(cls, data: object, load: Callable[[], Postings | None]) -> Index | None:
        """The index read back from its ``head`` (the postings are read by ``load``)."""
        if not (isinstance(data, list | tuple) and len(data) >= 3):
            return None
        count, docs, keys = data[0], data[1], data[2]
        if not (isinstance(count, int) and isinstance(docs, list) and isinstance(keys, list)):
            return None
        if len(keys) != count or not all(isinstance(d, bytes) for d in docs):
            return None
        return cls(count, docs, keys, changed=False, load=load)

    def get_postings(self) -> Postings | None:
        if self.postings is None and self.load is not None:
            found = self.load()
            self.load = None
            if isinstance(found, list) and len(found) == self.count:
                self.postings = [dict(terms) for terms in found if isinstance(terms, dict)]
        return self.postings

    def shard(self, number: int) -> bytes:
        """The bytes of one shard: made here, or from the postings."""
        made = self.made.get(number)
        if made is None:
            postings = self.get_postings()
            if postings is None:
                raise LookupError("search postings lost")  # callers make the index afresh
            made = self.made[number] = render_shard(number, postings[number])
        return made


def update(
    previous: Index | None,
    docs: list[bytes],
    terms_of: Callable[[int], Pairs],
    old_terms: Callable[[bytes], Pairs | None],
) -> Index:
    """The index of ``docs`` (source hashes in order; ``terms_of(i)`` the terms of the i-th),
    patched from ``previous`` where that is cheaper; ``old_terms`` gives a previous doc's."""
    count = shard_count(len(docs))
    if previous is not None and previous.count == count:
        if previous.docs == docs:
            return previous
        if len(previous.docs) == len(docs):
            patched = _patch(previous, docs, terms_of, old_terms)
            if patched is not None:
                return patched
    lists: list[dict[str, list[int]]] = [{} for _ in range(count)]
    for number in range(len(docs)):
        for term, weight in terms_of(number):  # (1.6 million in a 500-issue archive:
            # shard_of and min written out)
            flat = lists[ord(term[0]) % count].setdefault(term, [])
            flat += (number, weight if weight < MAX_WEIGHT else MAX_WEIGHT)
    made = {n: render_shard(n, terms) for n, terms in enumerate(lists)}
    keys = [key_of(made[n]) for n in range(count)]
    postings: Postings = [dict(_packed(terms)) for terms in lists]  # 4 bytes a number
    return Index(count, list(docs), keys, postings, made)


def _patch(
    previous: Index,
    docs: list[bytes],
    terms_of: Callable[[int], Pairs],
    old_terms: Callable[[bytes], Pairs | None],
) -> Index | None:
    """``previous`` with the articles that changed in place swapped; None if it can't be."""
    changed = [
        n for n, (old, new) in enumerate(zip(previous.docs, docs, strict=True)) if old != new
    ]
    if len(changed) > max(8, len(docs) // 8):
        return None  # nearly everything changed: afresh is as quick
    olds = [old_terms(previous.docs[n]) for n in changed]
    try:
        postings = previous.get_postings()
    except (OSError, ValueError):
        return None
    if postings is None or any(old is None for old in olds):
        return None
    count = previous.count
    dirty: set[int] = set()
    for number, old_pairs in zip(changed, olds, strict=True):
        assert old_pairs is not None
        before = {term: min(weight, MAX_WEIGHT) for term, weight in old_pairs}
        after = {term: min(weight, MAX_WEIGHT) for term, weight in terms_of(number)}
        for term in before.keys() | after.keys():
            if before.get(term) == after.get(term):
                continue
            shard = shard_of(term, count)
            dirty.add(shard)
            terms = postings[shard]
            flat = _unpacked(terms.get(term, []))
            if term in before:
                _remove(flat, number)
            if term in after:
                _insert(flat, number, after[term])
            if flat:
                terms[term] = flat
            else:
                terms.pop(term, None)
    keys = list(previous.keys)
    made = {n: data for n, data in previous.made.items() if n not in dirty}
    for number in sorted(dirty):
        made[number] = render_shard(number, postings[number])
        keys[number] = key_of(made[number])
    return Index(count, list(docs), keys, postings, made)


def _remove(flat: list[int], doc: int) -> None:
    at = bisect.bisect_left(flat[::2], doc) * 2
    if at < len(flat) and flat[at] == doc:
        del flat[at : at + 2]


def _insert(flat: list[int], doc: int, weight: int) -> None:
    at = bisect.bisect_left(flat[::2], doc) * 2
    flat[at:at] = [doc, weight]
