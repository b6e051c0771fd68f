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
"""

from __future__ import annotations

import functools
import hashlib
import json
import marshal
import os
import tempfile
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from markdown_it.token import Token

from ybbulletin.model.kinds import kind_of
from ybbulletin.render.registry import SiteContext
from ybbulletin.render.segment import index_terms, normalize
from ybbulletin.views import ArticleView, IssueView

__all__ = [
    "MEMO",
    "TERMS_FILE",
    "SearchDoc",
    "TermMemo",
    "plain_text",
    "query_terms",
    "search_docs",
    "search_files",
    "search_index",
    "search_paths",
    "text_file",
    "text_path",
]

#: The segmented terms of every article, kept beside the outputs (see TermMemo).
TERMS_FILE = ".ybbulletin-search-terms"
TITLE_WEIGHT = 5
EXTRA_WEIGHT = 3
MAX_WEIGHT = 99
DOCS_PER_SHARD = 32
MAX_SHARDS = 256


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


def _weights(doc: SearchDoc) -> Counter[str]:
    weights: Counter[str] = Counter()
    for term in index_terms(doc.text):
        weights[term] += 1
    for term in index_terms(doc.title):
        weights[term] += TITLE_WEIGHT
    for term in index_terms(doc.extra):
        weights[term] += EXTRA_WEIGHT
    return weights


class TermMemo:
    """Each article's weighted terms by a hash of its texts, packed in one string.

    Segmenting is the slow part of the index (tens of seconds for thousands of
    articles); with this memo a rebuild segments only the articles whose texts
    changed. In one process (the preview server) it is kept in memory; ``keep_in``
    also keeps it in a file beside the outputs (``build/``), read on the first
    article asked for and written by ``save`` after the build, so a later run (a
    one-issue edit, a template change) does not segment the archive again. The file
    is headed by what segmenting depends on (:func:`_segmenter_key`); a file of
    other code, or unreadable, is ignored and costs a fresh segmentation, never a
    wrong index. Bounded: emptied when it holds ``limit`` articles.
    """

    def __init__(self, limit: int = 20_000) -> None:
        self.limit = limit
        self.entries: dict[bytes, str] = {}
        self.path: Path | None = None
        self._loaded = True  # nothing to read until keep_in names a file
        self._used: set[bytes] = set()
        self._changed = False

    def keep_in(self, path: Path, read: bool = True) -> None:
        """Keep the memo in ``path`` (read it when first needed unless ``read`` is false;
        read once per process: later builds into the same folder find it in memory)."""
        if path != self.path:
            self.path, self._changed, self._loaded = path, True, not read
        self._used = set()

    def weights(self, doc: SearchDoc) -> list[tuple[str, int]]:
        if not self._loaded:
            self._load()
        texts = "\x00".join((doc.title, doc.extra, doc.text)).encode()
        key = hashlib.blake2b(texts, digest_size=16).digest()
        self._used.add(key)
        packed = self.entries.get(key)
        if packed is not None:
            pairs = (line.partition("\t") for line in packed.split("\n") if line)
            return [(term, int(weight)) for term, _, weight in pairs]
        found = sorted(_weights(doc).items())
        if len(self.entries) >= self.limit:
            self.entries.clear()
        self.entries[key] = "\n".join(f"{term}\t{weight}" for term, weight in found)
        self._changed = True
        return found

    def _load(self) -> None:
        self._loaded = True
        if self.path is None:
            return
        try:
            with self.path.open("rb") as stream:
                if stream.readline() != _segmenter_key():
                    return
                kept = marshal.loads(stream.read())
        except FileNotFoundError:
            return
        except (OSError, ValueError, EOFError, TypeError):  # corrupt: costs a segmentation
            return
        if isinstance(kept, dict):
            self.entries.update(
                (k, v) for k, v in kept.items() if isinstance(k, bytes) and isinstance(v, str)
            )

    def save(self) -> None:
        """Write the terms of the articles this run indexed, if any were new; only those."""
        if self.path is None or not self._used:
            return
        stale = set(self.entries) - self._used
        if not (self._changed or stale):
            return
        kept = {k: self.entries[k] for k in sorted(self._used)}  # the same file from the same run
        self._used, self._changed = set(), False
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, staging = tempfile.mkstemp(prefix=".search-terms-", dir=self.path.parent)
            with os.fdopen(handle, "wb") as stream:
                stream.write(_segmenter_key())
                stream.write(marshal.dumps(kept, 2))  # version 2: no references, stable bytes
            os.replace(staging, self.path)
        except (OSError, ValueError):  # not written: only costs time next run
            pass


@functools.cache
def _segmenter_key() -> bytes:
    """What an article's terms depend on besides its texts: this module and the segmenter's
    code (with the character ranges it imports), jieba's version (its dictionary) and Python's
    Unicode tables (NFKC)."""
    from ybbulletin import characters
    from ybbulletin.render import segment

    parts = [Path(f).read_bytes() for f in (__file__, segment.__file__, characters.__file__)]
    parts.append(_version("jieba").encode())
    parts.append(unicodedata.unidata_version.encode())
    digest = hashlib.sha256(b"\x00".join(parts)).hexdigest()
    return f"ybbulletin search terms 1 {digest}\n".encode()


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "?"


MEMO = TermMemo()


def postings(docs: Sequence[SearchDoc], memo: TermMemo | None = None) -> dict[str, list[int]]:
    """term -> flat [doc, weight, doc, weight …] with ascending docs, weights capped."""
    memo = MEMO if memo is None else memo
    found: dict[str, list[int]] = defaultdict(list)
    for number, doc in enumerate(docs):
        for term, weight in memo.weights(doc):
            found[term] += [number, min(weight, MAX_WEIGHT)]
    return dict(found)


def _delta(flat: list[int]) -> list[int]:
    out = list(flat)
    for i in range(len(flat) - 2, 0, -2):
        out[i] = flat[i] - flat[i - 2]
    return out


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


def _js(call: str, *args: object) -> bytes:
    body = ",".join(json.dumps(a, ensure_ascii=False, separators=(",", ":")) for a in args)
    return f"{call}({body});\n".encode()


def search_paths(site: SiteContext) -> list[str]:
    """Every file of the index, named from the article count alone."""
    count = shard_count(sum(len(issue.articles) for issue in site.issues))
    texts = [text_path(a) for issue in site.issues for a in issue.articles]
    return ["search/index.js", *(f"search/shards/{n}.js" for n in range(count)), *texts]


def search_files(site: SiteContext) -> dict[str, bytes]:
    """The index and every article's text (see the module docstring)."""
    files = search_index(site.issues)
    for issue in site.issues:
        for article in issue.articles:
            files[text_path(article)] = text_file(article)
    return files


def text_path(article: ArticleView) -> str:
    return "search/text/" + article.path.removesuffix(".html") + ".js"


def text_file(article: ArticleView) -> bytes:
    """An article's plain text for the snippets (``search/text/2025/12/01.js``)."""
    return _js("YB_SEARCH_TEXT", article.path, _article_text(article))


def search_index(issues: Sequence[IssueView]) -> dict[str, bytes]:
    """``search/index.js`` and the shards (see the module docstring)."""
    labels, docs = search_docs(issues)
    index = postings(docs)
    count = shard_count(len(docs))
    grouped: list[dict[str, list[int]]] = [{} for _ in range(count)]
    for term in sorted(index):
        grouped[shard_of(term, count)][term] = _delta(index[term])
    files = {
        f"search/shards/{n}.js": _js("YB_SEARCH_SHARD", n, terms) for n, terms in enumerate(grouped)
    }
    sections = sorted({d.section for d in docs})
    number = {label: n for n, label in enumerate(sections)}
    meta = {
        "version": hashlib.sha256(b"".join(files.values())).hexdigest()[:12],
        "shards": count,
        "issues": labels,
        "sections": sections,
        "docs": [[d.issue, d.number, d.title, number[d.section], d.extra] for d in docs],
    }
    data = json.dumps(meta, ensure_ascii=False, separators=(",", ":"))
    files["search/index.js"] = f"window.YB_SEARCH_INDEX={data};\n".encode()
    return files


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
