"""The 公众号 fields of an article (title, author, digest, 阅读原文) and the platform's limits.

Limits, from the ``draft/add`` documentation: title at most 32 characters
(the web editor now accepts 64), author at most 16, digest at most 128,
content under 20,000 characters and under 1 MB. Over a limit is a warning
located at the field that causes it (an error under ``--strict``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markdown_it.token import Token

from ybbulletin.errors import Location, excerpt
from ybbulletin.located import KeyPath
from ybbulletin.model.kinds import kind_of
from ybbulletin.views import ArticleView

__all__ = [
    "AUTHOR_MAX",
    "CONTENT_MAX_BYTES",
    "CONTENT_MAX_CHARS",
    "DIGEST_MAX",
    "TITLE_API_MAX",
    "TITLE_MAX",
    "Limit",
    "Meta",
    "article_meta",
    "author_field",
    "content_limits",
    "entry_keypath",
    "field_limits",
    "make_digest",
]

TITLE_MAX = 64
TITLE_API_MAX = 32
AUTHOR_MAX = 16
DIGEST_MAX = 128
CONTENT_MAX_CHARS = 20_000
CONTENT_MAX_BYTES = 1024 * 1024


@dataclass(frozen=True)
class Meta:
    """What the 公众号 editor asks for beside the body."""

    title: str
    author: str
    digest: str
    digest_written: bool  # the editor wrote ``digest:``; otherwise generated
    source_url: str  # 阅读原文: the article on the published site ('' without base_url)


@dataclass(frozen=True)
class Limit:
    """A limit an article goes over: where, and what to tell the editor."""

    location: Location
    message: str
    hint: str


def article_meta(
    article: ArticleView, base_url: str | None, texts: Sequence[Sequence[Token]]
) -> Meta:
    """The fields of one article; ``texts`` are its Markdown fields in reading order."""
    entry = article.entry
    field = author_field(article)
    value = getattr(entry, field, None) if field else None
    author = " ".join(value) if isinstance(value, list) else str(value or "")
    digest = entry.digest or make_digest(texts)
    url = f"{base_url}{article.path}" if base_url else ""
    return Meta(entry.title, author, digest, entry.digest is not None, url)


_SENTENCE_END = re.compile(r"[。！？!?…](?:[”’」』）)]*)")
_CLAUSE_END = re.compile(r"[；，、;,]")


def make_digest(texts: Sequence[Sequence[Token]], limit: int = DIGEST_MAX) -> str:
    """The first paragraph's text, cut after the last sentence that ends within ``limit``."""
    paragraph = _first_paragraph(texts)
    if len(paragraph) <= limit:
        return paragraph
    ends = [m.end() for m in _SENTENCE_END.finditer(paragraph) if m.end() <= limit]
    if ends:
        return paragraph[: ends[-1]]
    # one sentence longer than the limit: cut at a clause and say so
    clauses = [m.start() for m in _CLAUSE_END.finditer(paragraph) if m.start() <= limit - 2]
    cut = clauses[-1] if clauses else limit - 2
    return paragraph[:cut] + "……"


def _first_paragraph(texts: Sequence[Sequence[Token]]) -> str:
    for tokens in texts:
        for index, token in enumerate(tokens):
            if token.type == "paragraph_open" and index + 1 < len(tokens):
                text = _inline_text(tokens[index + 1])
                if text:
                    return text
    return ""


def _inline_text(token: Token) -> str:
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append(" ")
    return "".join(parts).strip()


def field_limits(meta: Meta, where: Callable[[str], Location]) -> list[Limit]:
    """Title, author and digest against the platform's limits; ``where(field)`` locates one
    (asked only for a limit passed: a located file makes its tables when first asked)."""
    found: list[Limit] = []
    title = len(meta.title)
    if title > TITLE_MAX:
        found.append(
            Limit(
                where("title"),
                f"标题有 {title} 个字，公众号标题最多 {TITLE_MAX} 个字",
                "缩短标题，或在公众号后台另拟一个短标题",
            )
        )
    elif title > TITLE_API_MAX:
        found.append(
            Limit(
                where("title"),
                f"标题有 {title} 个字，超过公众号接口（draft/add）的 {TITLE_API_MAX} 字限制",
                f"网页编辑器中粘贴不受影响（最多 {TITLE_MAX} 字）；用 draft.json 推送前请缩短",
            )
        )
    if len(meta.author) > AUTHOR_MAX:
        found.append(
            Limit(
                where("author"),
                f"作者“{excerpt(meta.author)}”有 {len(meta.author)} 个字，"
                f"公众号作者最多 {AUTHOR_MAX} 个字",
                "在公众号后台填写较短的作者名",
            )
        )
    if meta.digest_written and len(meta.digest) > DIGEST_MAX:
        found.append(
            Limit(
                where("digest"),
                f"摘要有 {len(meta.digest)} 个字，公众号摘要最多 {DIGEST_MAX} 个字",
                "缩短 digest；不写 digest 时自动取第一段，在句末截断",
            )
        )
    return found


def content_limits(fragment: str, where: Callable[[], Location]) -> list[Limit]:
    """The body against the 20,000-character and 1 MB limits (counting the markup);
    ``where()`` locates it (asked only for a limit passed)."""
    found: list[Limit] = []
    chars, size = len(fragment), len(fragment.encode("utf-8"))
    hint = "把这篇文章拆成两篇，或减少表格和图片"
    if chars >= CONTENT_MAX_CHARS:
        found.append(
            Limit(
                where(),
                f"公众号正文有 {chars} 个字符（含排版代码），应少于 {CONTENT_MAX_CHARS} 个",
                hint,
            )
        )
    if size >= CONTENT_MAX_BYTES:
        found.append(Limit(where(), f"公众号正文有 {size / 1048576:.1f} MB，应小于 1 MB", hint))
    return found


def author_field(article: ArticleView) -> str | None:
    """The 作者 of the 公众号: the first byline (记者) when given, else the credit (来源 …):
    the field's name, for locating it."""
    kind = kind_of(article.entry)
    if kind.bylines and getattr(article.entry, kind.bylines[0]):
        return kind.bylines[0]
    written = [name for name in kind.credit if getattr(article.entry, name)]
    return next(iter(written or kind.credit), None)


def entry_keypath(article: ArticleView) -> KeyPath:
    """Where the article's entry stands in its issue file."""
    entries = article.issue.archive_issue.issue.entries
    index = next(i for i, entry in enumerate(entries) if entry is article.entry)
    return ("entries", index)
