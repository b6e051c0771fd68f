"""The static search index: segmented at build time, loaded as scripts so it works from file://.

Files (all under ``search/``, paths relative to the search page):

- ``index.js`` sets ``window.YB_SEARCH_INDEX``: a version (loaded files carry it
  as ``?v=`` so caches never mix two builds), the shard count, the issues (label,
  date, folder), the 栏目 names and one row per article (issue, number, title,
  栏目, then 来源 and the cases' subjects, regions and methods). The browser
  matches any substring of the title and those fields directly.
- ``shards/<n>.js`` call ``YB_SEARCH_SHARD(n, {term: postings})``. A term lives
  in shard ``codepoint(first character) % shards``, so a query loads only the
  shards of its own characters. Postings are flat ``[doc, weight, …]`` with
  documents delta-encoded.
- ``text/<issue>/<NN>.js`` call ``YB_SEARCH_TEXT(path, text)``: an article's
  plain text, loaded only for the results shown, to cut the snippets.

Terms come from :mod:`ybbulletin.render.segment` (jieba with a 医保 dictionary);
the query side splits by the index's own vocabulary (see ``assets/search.js``).

Every file has a key of its own (:func:`search_keys`), so a build makes only the
files whose bytes change: an article's text file is keyed by its source, a shard
by its bytes (the postings are kept between builds and patched,
:mod:`~ybbulletin.render.search_shards`), ``index.js`` by its rows and the shards'
keys. The terms of each article are segmented once and kept
(:mod:`~ybbulletin.render.search_terms`).
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from markdown_it.token import Token

from ybbulletin.model.kinds import kind_of
from ybbulletin.render import text_memo
from ybbulletin.render.registry import SiteContext, per_issue_lists
from ybbulletin.render.search_shards import (
    MAX_WEIGHT,
    Index,
    js,
    key_of,
    shard_count,
    shard_of,
    update,
)
from ybbulletin.render.search_terms import TERMS_FILE, TermMemo, text_key, unpack
from ybbulletin.render.segment import normalize
from ybbulletin.views import ArticleView, IssueView

__all__ = [
    "MEMO",
    "TERMS_FILE",
    "SearchDoc",
    "TermMemo",
    "plain_text",
    "postings",
    "query_terms",
    "search_docs",
    "search_files",
    "search_keys",
    "search_paths",
    "shard_count",
    "shard_of",
    "source_key",
    "text_file",
    "text_page",
    "text_path",
]


@dataclass(frozen=True)
class SearchDoc:
    """One article as the index sees it."""

    path: str
    title: str
    issue: int  # index into the issue list
    number: int  # the article's number in its issue: 2025/12/01.html is 1
    section: str
    extra: str  # 来源, bylines; case subjects, regions and methods
    text: str  # the plain text of the page's body, paragraphs on lines


_BREAK_AFTER = {"paragraph_close", "heading_close", "td_close", "th_close", "tr_close"}


def plain_text(tokens: Sequence[Token]) -> str:
    """The readable text of parsed Markdown: paragraphs and headings on their own lines."""
    parts: list[str] = []
    for token in tokens:
        if token.type == "inline":
            for child in token.children or []:
                if child.type in ("text", "code_inline"):
                    parts.append(child.content)
                elif child.type == "hardbreak":
                    parts.append("\n")
                elif child.type == "image":
                    parts.append(child.content)
        elif token.type in _BREAK_AFTER:
            parts.append(" " if token.type in ("td_close", "th_close") else "\n")
    lines = ("".join(parts)).split("\n")
    return "\n".join(line.strip() for line in lines if line.strip())


def _article_text(article: ArticleView) -> str:
    """The texts of the page in print order, as the entry kind declares them."""
    pieces: list[str] = []
    for pattern in kind_of(article.entry).markdown:
        if pattern.startswith("cases."):
            for case in article.cases:
                pieces += [case.heading, plain_text(case.body)]
        elif pattern in article.texts:
            pieces.append(plain_text(article.texts[pattern]))
    return "\n".join(p for p in pieces if p)


def _extra(article: ArticleView) -> str:
    names = [article.credit or ""]
    names += [names for _role, names in article.bylines]
    for case in article.cases:  # titles and actions are in the text (its words are indexed)
        names += [case.case.subject, case.case.region or "", *case.case.methods]
    return " ".join(dict.fromkeys(n for n in names if n))


def search_docs(
    issues: Sequence[IssueView],
) -> tuple[list[tuple[str, str, str]], list[SearchDoc]]:
    """The issues (label, date, folder) and articles to index, newest issue first."""
    newest = sorted(issues, key=lambda v: (v.date, v.year, v.dir), reverse=True)
    labels = [(issue.label, issue.date.isoformat(), issue.dir) for issue in newest]
    docs = [
        SearchDoc(
            article.path,
            article.title,
            position,
            article.index,
            article.section_label,
            _extra(article),
            _article_text(article),
        )
        for position, issue in enumerate(newest)
        for article in issue.articles
    ]
    return labels, docs


MEMO = TermMemo()


def _texts(doc: SearchDoc) -> tuple[str, str, str]:
    return doc.title, doc.extra, doc.text


def postings(docs: Sequence[SearchDoc], memo: TermMemo | None = None) -> dict[str, list[int]]:
    """term -> flat [doc, weight, doc, weight …] with ascending docs, weights capped."""
    memo = MEMO if memo is None else memo
    found: dict[str, list[int]] = defaultdict(list)
    for number, doc in enumerate(docs):
        for term, weight in memo.weights(_texts(doc)):
            found[term] += [number, min(weight, MAX_WEIGHT)]
    return dict(found)


def source_key(article: ArticleView, extra: str | None = None) -> bytes:
    """A hash of what an article's search texts are made from (with ybbulletin's code,
    which the terms file is keyed by): its kind, title, extra fields (``_extra``, given or
    made), cases' headings and Markdown texts (their hashes), each with its length."""
    extra = _extra(article) if extra is None else extra
    parts = [type(article.entry).__name__, article.title, extra]
    parts += [case.heading for case in article.cases]
    parts += [part for pair in _sources(article) for part in pair]
    joined = "".join(f"{len(part)}\x00{part}" for part in parts)
    return hashlib.sha256(joined.encode("utf-8", "surrogatepass")).digest()[:16]


def _sources(article: ArticleView) -> list[tuple[str, str]]:
    """A hash of each of the article's Markdown texts by name (of the tokens, without them)."""
    found = text_memo.sources(article.texts)
    if found is not None:
        return [(name, text_memo.fingerprint(text)) for name, text in found.items()]
    return [(name, repr(article.texts[name])) for name in article.texts]


def search_paths(site: SiteContext) -> list[str]:
    """Every file of the index, named from the article count alone."""
    count = shard_count(sum(len(issue.articles) for issue in site.issues))
    texts = [text_path(a) for issue in site.issues for a in issue.articles]
    return ["search/index.js", *(f"search/shards/{n}.js" for n in range(count)), *texts]


def search_keys(site: SiteContext) -> dict[str, str]:
    """Each file's key: what its bytes follow from (segments what is not known yet)."""
    made = _made(site)
    keys = {"search/index.js": made.index_key}
    keys.update((f"search/shards/{n}.js", key) for n, key in enumerate(made.index.keys))
    for article, source in zip(made.articles, made.sources, strict=True):
        keys[text_path(article)] = source.hex()
    return keys


def search_files(site: SiteContext) -> Mapping[str, bytes]:
    """The index and every article's text (see the module docstring), each made when read."""
    return _Files(_made(site))


def text_path(article: ArticleView) -> str:
    return "search/text/" + article.path.removesuffix(".html") + ".js"


def text_page(path: str) -> str | None:
    """The article page whose text ``path`` is (``search/text/2025/12/01.js`` is
    ``2025/12/01.html``'s); None for the index's other files, which are made together."""
    if path.startswith("search/text/") and path.endswith(".js"):
        return path.removeprefix("search/text/").removesuffix(".js") + ".html"
    return None


def text_file(article: ArticleView, text: str | None = None, source: bytes | None = None) -> bytes:
    """An article's plain text for the snippets (``search/text/2025/12/01.js``), given or
    made (kept in the site's memo, ``render/text_memo.py``, by the article's source:
    its :func:`source_key`, given or made)."""
    slot = f"{article.issue.archive_issue.path}\0search\0{article.index}"
    known = text
    text = text_memo.MEMO.remembered(
        slot,
        [(source_key(article) if source is None else source).hex()],
        lambda: _article_text(article) if known is None else known,
    )
    return js("YB_SEARCH_TEXT", article.path, text)


@dataclass
class _Made:
    """One site's index: its articles newest first, their sources, postings and rows."""

    site: SiteContext
    articles: list[ArticleView]
    sources: list[bytes]
    index: Index
    texts: dict[int, str]  # plain texts made for the index, by id(article), for text files
    meta: dict[str, object]  # index.js without its version
    index_key: str


_LAST: list[_Made] = []  # the last site's (keys and files of one build share it)


def _made(site: SiteContext) -> _Made:
    if _LAST and _LAST[0].site is site:
        return _LAST[0]
    newest = sorted(site.issues, key=lambda v: (v.date, v.year, v.dir), reverse=True)
    articles = [article for issue in newest for article in issue.articles]
    positions = [position for position, issue in enumerate(newest) for _ in issue.articles]
    extras = _extras_of(site, newest)
    sources = _sources_of(site, newest, extras)
    texts: dict[int, str] = {}
    index = _index(articles, sources, texts)
    sections = sorted({article.section_label for article in articles})
    number = {label: n for n, label in enumerate(sections)}
    meta: dict[str, object] = {
        "shards": index.count,
        "issues": [(issue.label, issue.date.isoformat(), issue.dir) for issue in newest],
        "sections": sections,
        "docs": [
            [position, a.index, a.title, number[a.section_label], extra]
            for position, a, extra in zip(positions, articles, extras, strict=True)
        ],
    }
    rows = json.dumps(meta, ensure_ascii=False, separators=(",", ":")).encode()
    index_key = key_of(b"\x00".join([rows, *(k.encode() for k in index.keys)]))
    _LAST[:] = [_Made(site, articles, sources, index, texts, meta, index_key)]
    return _LAST[0]


def _extras_of(site: SiteContext, newest: list[IssueView]) -> list[str]:
    """Each article's ``_extra``, an issue's kept between builds where the build keeps them
    (``site.per_issue``: they follow from the issue's views alone)."""
    return per_issue_lists(
        site.per_issue, newest, _EXTRAS, lambda issue, _start: [_extra(a) for a in issue.articles]
    )


# What ``_extra`` gives, by name: bump when that changes (kept per issue).
_EXTRAS = "search extras 1"


def _sources_of(site: SiteContext, newest: list[IssueView], extras: list[str]) -> list[bytes]:
    """Each article's :func:`source_key`, an issue's kept between builds where the build
    keeps them (``site.per_issue``: under a key of all the issue's views are made from)."""

    def make(issue: IssueView, start: int) -> list[str]:
        own = extras[start : start + len(issue.articles)]
        return [source_key(a, e).hex() for a, e in zip(issue.articles, own, strict=True)]

    return list(map(bytes.fromhex, per_issue_lists(site.per_issue, newest, _SOURCES, make)))


# What ``source_key`` hashes, by name: bump when that changes (kept per issue).
_SOURCES = "search sources 1"


def _index(articles: list[ArticleView], sources: list[bytes], made: dict[int, str]) -> Index:
    """The postings of these articles: the last index's, patched, segmenting what is new
    (the plain texts made for that go into ``made``)."""
    memo = MEMO
    memo.load_head()
    if memo.index is not None and memo.index.docs == sources:
        memo.use(sources)
        return memo.index
    memo.load()
    hashes: list[bytes] = []
    unknown: list[tuple[str, str, str]] = []
    for article, source in zip(articles, sources, strict=True):
        known = memo.known(source)
        if known is None or known not in memo.entries:
            texts = (article.title, _extra(article), _article_text(article))
            made[id(article)] = texts[2]
            known = text_key(texts)
            unknown.append(texts)
        memo.learn(source, known)
        hashes.append(known)

    def terms_of(position: int) -> list[tuple[str, int]]:
        found = memo.terms(hashes[position])  # (waits for the segmenting workers' part)
        assert found is not None  # segmenting puts every one in
        return found

    def old_terms(source: bytes) -> list[tuple[str, int]] | None:
        packed = memo.entries.get(memo.sources.get(source, b""))
        return None if packed is None else unpack(packed)

    with memo.segmenting(unknown):  # the postings made as the terms come
        memo.index = update(memo.index, sources, terms_of, old_terms)
    return memo.index


class _Files(Mapping[str, bytes]):
    """The index's files by path, each made when first read."""

    def __init__(self, made: _Made) -> None:
        self._made = made
        self._texts = {
            text_path(a): (a, source) for a, source in zip(made.articles, made.sources, strict=True)
        }
        self._plain = made.texts
        self._count = made.index.count
        self._shards: dict[int, bytes] = {}  # each read (or made) once: index.js hashes them all

    def __getitem__(self, path: str) -> bytes:
        if path == "search/index.js":
            return self._index_js()
        if path.startswith("search/shards/"):
            number = int(path.removeprefix("search/shards/").removesuffix(".js"))
            if f"search/shards/{number}.js" == path and 0 <= number < self._count:
                return self._shard(number)
            raise KeyError(path)
        article, source = self._texts[path]
        return text_file(article, self._plain.get(id(article)), source)

    def __iter__(self) -> Iterator[str]:
        yield "search/index.js"
        yield from (f"search/shards/{n}.js" for n in range(self._count))
        yield from self._texts

    def __len__(self) -> int:
        return 1 + self._count + len(self._texts)

    def _shard(self, number: int) -> bytes:
        """A shard's bytes: made this run, else last build's file if it is the one keyed,
        else made from the postings."""
        found = self._shards.get(number)
        if found is None:
            found = self._shards[number] = self._shard_bytes(number)
        return found

    def _shard_bytes(self, number: int) -> bytes:
        index = self._made.index
        if number not in index.made and MEMO.path is not None:
            kept = MEMO.path.parent / "site" / "search" / "shards" / f"{number}.js"
            try:
                data = kept.read_bytes()
            except OSError:
                data = b""
            if key_of(data) == index.keys[number]:
                return data
        return index.shard(number)

    def _index_js(self) -> bytes:
        shards = b"".join(self._shard(n) for n in range(self._count))
        meta = {"version": hashlib.sha256(shards).hexdigest()[:12], **self._made.meta}
        data = json.dumps(meta, ensure_ascii=False, separators=(",", ":"))
        return f"window.YB_SEARCH_INDEX={data};\n".encode()


def query_terms(query: str, vocabulary: Iterable[str]) -> Iterator[str]:
    """The terms a query is split into by the index's vocabulary (longest first, left to
    right), as the browser does; for tests of the index without a browser.
    """
    words = set(vocabulary)
    for run in normalize(query).split():
        i = 0
        while i < len(run):
            for j in range(min(len(run), i + 12), i + 1, -1):
                if run[i:j] in words:
                    yield run[i:j]
                    i = j - 1
                    break
            i += 1
