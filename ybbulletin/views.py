"""The views the planner hands to every output: issues and articles as they are shown.

Plain data: the validated model, the parsed Markdown tokens of every text (never
rendered HTML), the 栏目 and neighbours the planner worked out, and properties
derived from them. Renderers (``render/``) import these types and nothing else
of the planner. Tokens are shared by every output: never change them in place.
"""

from __future__ import annotations

import datetime
import functools
import posixpath
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from markdown_it.token import Token

from ybbulletin.markdown import BodyParser
from ybbulletin.model import SUBJECT_TYPES, ArchiveIssue, Case, EntryBase, kind_of

__all__ = [
    "REF",
    "UP",
    "ArticleView",
    "CaseView",
    "Download",
    "IssueView",
    "Page",
    "SourceTexts",
    "detached",
]

# How a field enters cache keys (``build/keys.py``): another view a page links to, hashed
# as its ``ref()``; the view that holds this one, hashed with its own views as refs.
REF: Mapping[str, str] = {"key": "ref"}
UP: Mapping[str, str] = {"key": "up"}


@dataclass
class Download:
    """A file of an issue offered for download (only listed once it exists).

    ``size`` is filled in by the build once the file is written; pages that show
    it are rendered after that (see ``Output.late`` in build.py).
    """

    label: str  # PDF, Word
    path: str  # site-relative: files/nxyb-2025-12.pdf
    key: str = ""  # the file's cache key: it decides the bytes, so the size
    size: int | None = None


@dataclass
class CaseView:
    """One case of a case notice, numbered as printed (一、二、…)."""

    number: int
    heading: str
    case: Case
    texts: Mapping[str, list[Token]]  # the case notice's texts (parsed when first read)
    anchor: str

    @property
    def body(self) -> list[Token]:
        return self.texts[f"cases.{self.number - 1}.body"]

    @property
    def subject_type(self) -> str:
        return SUBJECT_TYPES[self.case.subject_type]

    @property
    def period(self) -> str:
        period = self.case.period
        if period is None:
            return ""
        return period.start + (f" 至 {period.end}" if period.end else "")


@dataclass
class ArticleView:
    """An entry as a page: where it lives, its neighbours, its parsed texts."""

    issue: IssueView = field(metadata=UP)
    index: int  # 1-based, in print order
    entry: EntryBase
    section_key: str
    section_label: str
    texts: Mapping[str, list[Token]]  # parsed when first read
    cases: list[CaseView] = field(default_factory=list)
    previous: ArticleView | None = field(default=None, metadata=REF)
    next: ArticleView | None = field(default=None, metadata=REF)

    def ref(self) -> tuple[str, str, str]:
        """What a page may show of an article it links to (not its own): path, title, 栏目."""
        return self.path, self.title, self.section_label

    @functools.cached_property
    def path(self) -> str:  # (kept: every page that lists the article asks, ~18 times)
        return f"{self.issue.dir}/{self.index:02d}.html"

    @property
    def title(self) -> str:
        return self.entry.title

    @property
    def kind(self) -> str:
        return kind_of(self.entry).name

    @property
    def partial(self) -> str:
        """The layout partial of its kind (templates/kinds/<kind>.html)."""
        return kind_of(self.entry).partial

    @functools.cached_property
    def credit(self) -> str | None:
        """The credit line under the title: 来源, or a case notice's 发文机关 (kept: its
        page, its issue's 目录 and the feed ask ~6 times an article)."""
        values = (getattr(self.entry, name) for name in kind_of(self.entry).credit)
        return next((value for value in values if value), None)

    @property
    def lines(self) -> list[tuple[str, str]]:
        """Plain fields printed as "label：value" before the texts: (文号, 医保发〔2020〕1号)."""
        kind = kind_of(self.entry)
        values = [(kind.fields[name], getattr(self.entry, name)) for name in kind.lines]
        return [(label, value) for label, value in values if value]

    @property
    def bylines(self) -> list[tuple[str, str]]:
        """(role, names) pairs: 记者, 通讯员, 摄影."""
        kind = kind_of(self.entry)
        roles = [(kind.fields[name], getattr(self.entry, name)) for name in kind.bylines]
        return [(role, " ".join(names)) for role, names in roles if names]


@dataclass
class IssueView:
    """An issue as the site shows it."""

    archive_issue: ArchiveIssue
    articles: list[ArticleView] = field(default_factory=list)
    downloads: list[Download] = field(default_factory=list)
    mark: str | None = None  # 草稿 / 送审稿 until 签发 (``signoff.Review.mark``)

    @property
    def staff(self) -> dict[str, str]:
        """The 报尾 staff line: the issue's ``staff``, the signers' names from its sign-off."""
        issue = self.archive_issue.issue
        return {**issue.staff, **{role: sig.signer for role, sig in issue.signoff.items()}}

    def ref(self) -> tuple[str, str, str]:
        """What a page may show of an issue it links to: path, label, date."""
        return self.path, self.label, self.date.isoformat()

    @functools.cached_property
    def dir(self) -> str:  # (kept: asked ~200 times an issue while the site renders)
        return self.archive_issue.slug

    @functools.cached_property
    def path(self) -> str:
        return f"{self.dir}/index.html"

    @property
    def content_dir(self) -> str:
        """The issue file's folder relative to content/: issues/2025."""
        return posixpath.dirname(self.archive_issue.path.removeprefix("content/"))

    @functools.cached_property
    def label(self) -> str:  # (kept: asked ~50 times an issue while the site renders)
        return self.archive_issue.label

    @property
    def number_line(self) -> str:
        """第12期（总第130期） or 增刊第1期, as under the masthead."""
        return self.label.split("年", 1)[1]

    @property
    def year(self) -> int:
        return self.archive_issue.issue.year

    @property
    def date(self) -> datetime.date:
        return self.archive_issue.issue.date

    @property
    def date_text(self) -> str:
        d = self.date
        return f"{d.year}年{d.month}月{d.day}日"

    @property
    def theme(self) -> str | None:
        return self.archive_issue.issue.theme

    def groups(self) -> list[tuple[str, list[ArticleView]]]:
        """Articles grouped by 栏目 in print order (consecutive runs of one section)."""
        groups: list[tuple[str, list[ArticleView]]] = []
        for article in self.articles:
            if groups and groups[-1][0] == article.section_label:
                groups[-1][1].append(article)
            else:
                groups.append((article.section_label, [article]))
        return groups


@dataclass(frozen=True)
class Page:
    """One HTML page to render: its site-relative path, template and context."""

    path: str
    template: str
    context: Mapping[str, Any]

    @property
    def root(self) -> str:
        depth = self.path.count("/")
        return "../" * depth


class SourceTexts(Mapping[str, list[Token]]):
    """One entry's texts carried as their Markdown sources, parsed when first read.

    What a detached view holds instead of the archive's texts: it pickles as the
    sources alone (the tokens are made again where it is read, the same tokens).
    """

    def __init__(self, sources: Mapping[str, str]) -> None:
        self._sources = dict(sources)
        self._tokens: dict[str, list[Token]] = {}

    def __getitem__(self, name: str) -> list[Token]:
        tokens = self._tokens.get(name)
        if tokens is None:
            tokens = self._tokens[name] = _parser().parse(self._sources[name])[0]
        return tokens

    def __contains__(self, name: object) -> bool:  # Mapping's would parse the text
        return name in self._sources

    def __iter__(self) -> Iterator[str]:
        return iter(self._sources)

    def __len__(self) -> int:
        return len(self._sources)

    def sources(self) -> list[list[str]]:
        """[name, Markdown text] of each field (as :meth:`loaded.Texts.sources`)."""
        return [[name, text] for name, text in self._sources.items()]

    def __getstate__(self) -> dict[str, object]:
        return {"_sources": self._sources, "_tokens": {}}


def detached(view: IssueView) -> IssueView:
    """A copy of ``view`` that holds nothing of the rest of the archive, to pickle.

    Its articles have no neighbours (上一篇/下一篇 are the site's) and their texts are
    :class:`SourceTexts`. The issue's model, located file and downloads are the view's.
    """
    copy = IssueView(view.archive_issue, downloads=list(view.downloads), mark=view.mark)
    for article in view.articles:
        texts = SourceTexts(dict(_sources(article.texts)))
        twin = ArticleView(
            copy, article.index, article.entry, article.section_key, article.section_label, texts
        )
        twin.cases = [CaseView(c.number, c.heading, c.case, texts, c.anchor) for c in article.cases]
        copy.articles.append(twin)
    return copy


@runtime_checkable
class _Sourced(Protocol):
    """Texts that know their Markdown (``loaded.Texts``, :class:`SourceTexts`)."""

    def sources(self) -> list[list[str]]: ...


def _sources(texts: Mapping[str, list[Token]]) -> list[tuple[str, str]]:
    if not isinstance(texts, _Sourced):
        raise TypeError(f"texts without their sources: {type(texts).__name__}")
    return [(name, source) for name, source in texts.sources()]


@functools.cache
def _parser() -> BodyParser:
    return BodyParser()
