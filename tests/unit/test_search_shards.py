"""The search postings kept between builds: patched, they give the bytes made afresh."""

from __future__ import annotations

import random

import pytest

from ybbulletin.render.search_shards import Index, update

WORDS = ["医保", "基金", "监管", "骗保", "住院", "drg", "dip", "门诊", "药品", "集采", "飞检"]


def _terms(rng: random.Random) -> list[tuple[str, int]]:
    chosen = rng.sample(WORDS, rng.randint(0, 6))
    return sorted((word, rng.choice([1, 2, 5, 120])) for word in chosen)


def _index(docs: list[bytes], terms: dict[bytes, list[tuple[str, int]]], previous: Index | None):
    return update(previous, docs, lambda n: terms[docs[n]], terms.get)


def _bytes(index: Index) -> list[bytes]:
    return [index.shard(n) for n in range(index.count)]


@pytest.mark.parametrize("seed", range(20))
def test_patched_postings_give_the_fresh_bytes(seed: int) -> None:
    rng = random.Random(seed)
    count = rng.choice([5, 40, 70])  # 1, 2 and 4 shards
    docs = [bytes([n % 256, n // 256]) for n in range(count)]
    terms = {doc: _terms(rng) for doc in docs}
    first = _index(docs, terms, None)
    edited = list(docs)
    for position in rng.sample(range(count), rng.randint(1, 4)):  # edits in place
        edited[position] = b"new" + bytes([position])
        terms[edited[position]] = _terms(rng)
    patched = _index(edited, terms, first)
    fresh = _index(edited, terms, None)
    assert _bytes(patched) == _bytes(fresh)
    assert patched.keys == fresh.keys
    # only the shards whose postings changed were made again
    remade = {n for n in range(first.count) if patched.keys[n] != first.keys[n]}
    assert set(patched.made) <= set(range(first.count))
    assert remade <= set(patched.made)


def test_the_same_articles_keep_the_index() -> None:
    docs = [b"a", b"b"]
    terms = {b"a": [("医保", 1)], b"b": [("基金", 2)]}
    first = _index(docs, terms, None)
    assert _index(list(docs), terms, first) is first


def test_an_article_added_makes_the_postings_afresh() -> None:
    terms = {b"a": [("医保", 1)], b"b": [("医保", 2)], b"c": [("医保", 3)]}
    first = _index([b"a", b"b"], terms, None)
    grown = _index([b"c", b"a", b"b"], terms, first)
    assert grown.shard(0) == b'YB_SEARCH_SHARD(0,{"\xe5\x8c\xbb\xe4\xbf\x9d":[0,3,1,1,1,2]});\n'


def test_a_lost_old_article_makes_the_postings_afresh() -> None:
    terms = {b"a": [("医保", 1)], b"b": [("医保", 2)]}
    first = _index([b"a", b"b"], terms, None)
    new = {b"x": [("基金", 4)], b"b": [("医保", 2)]}  # the old terms of "a" are gone
    patched = _index([b"x", b"b"], new, first)
    assert _bytes(patched) == _bytes(_index([b"x", b"b"], new, None))


def test_postings_packed_for_the_file_read_back() -> None:
    terms = {b"a": [("医保", 1), ("基金", 99)], b"b": [("医保", 2)]}
    first = _index([b"a", b"b"], terms, None)
    packed = first.packed()
    head = Index.from_head(first.head(), lambda: packed)  # type: ignore[arg-type, return-value]
    assert head is not None
    assert _bytes(head) == _bytes(first)
    patched = _index([b"c", b"b"], {**terms, b"c": [("基金", 3)]}, head)
    assert _bytes(patched) == _bytes(_index([b"c", b"b"], {**terms, b"c": [("基金", 3)]}, None))
