"""Markdown tokens -> HTML fragments: official heading levels, wrapped tables, site image URLs."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from ybbulletin.markdown import is_allowed_url, parser_options

if TYPE_CHECKING:
    from ybbulletin.views import ArticleView

__all__ = ["content_path", "media_path", "print_text_html", "render_markdown", "site_text_html"]


def content_path(issue_dir: str, src: str) -> str:
    """An image's path relative to ``content/``; ``issue_dir`` is the issue file's folder there."""
    return posixpath.normpath(posixpath.join(issue_dir, src))


def media_path(issue_dir: str, src: str) -> str:
    """Where an image referenced from an issue file lives in the site: media/<content path>."""
    return "media/" + content_path(issue_dir, src)


class _SiteRenderer(RendererHTML):
    """markdown-it's HTML renderer with the bulletin's conventions.

    Body headings ``#``..``####`` are the official levels 一、/（一）/1./（1）; on a
    page whose title is ``<h1>`` they are shifted down by ``env["heading_offset"]``
    and keep their level as a class. Tables scroll inside a wrapper on phones.
    Images point at ``env["image_prefix"]`` + their content path. With
    ``env["link_base"]`` set (print), relative links become absolute from it, or
    are dropped when it is empty, so a PDF never carries the build machine's paths.
    """

    def heading_open(
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        level = int(tokens[idx].tag[1])
        shifted = min(level + int(env.get("heading_offset", 1)), 6)
        return f'<h{shifted} class="level-{min(level, 4)}">'

    def heading_close(
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        level = int(tokens[idx].tag[1])
        return f"</h{min(level + int(env.get('heading_offset', 1)), 6)}>\n"

    def table_open(
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        return '<div class="table-wrap"><table>\n'

    def table_close(
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        return "</table></div>\n"

    def image(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        token = tokens[idx]
        src = str(token.attrGet("src") or "")
        token.attrSet("src", env["image_prefix"] + content_path(env["issue_dir"], src))
        token.attrSet("loading", "lazy")
        return super().image(tokens, idx, options, env)

    def link_open(
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        token = tokens[idx]
        href = str(token.attrGet("href") or "")
        link_base = env.get("link_base")
        if not is_allowed_url(href):  # checked at validation; never emit one regardless
            token.attrSet("href", "#")
        elif href.startswith(("http:", "https:")):
            token.attrSet("rel", "noopener noreferrer")
        elif link_base is not None and not href.startswith(("mailto:", "#")):
            if not link_base:
                env["dropped_links"] = env.get("dropped_links", 0) + 1
                return "<span>"
            token.attrSet("href", urljoin(link_base + env.get("page", ""), href))
        return self.renderToken(tokens, idx, options, env)

    def link_close(
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        if env.get("dropped_links"):
            env["dropped_links"] -= 1
            return "</span>"
        return self.renderToken(tokens, idx, options, env)

    def text(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        html = escapeHtml(tokens[idx].content)
        if env.get("quote_breaks"):
            html = _QUOTE_OPEN.sub("\u200b\\1", html)
            html = _QUOTE_CLOSE.sub("\\1\u200b", html)
        return html


# Pango treats “ ” as ambiguous quotes (no break on either side), so a line may
# not end before “ or after ” and Chinese lines end up to two characters short.
# In print, a zero-width space gives the break Chinese typesetting allows; it
# has no glyph and does not come out of the PDF's text.
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uff0c\u3001\u3002\uff1b\uff1a"
_QUOTE_OPEN = re.compile(f"(?<=[{_CJK}])([“‘])")
_QUOTE_CLOSE = re.compile("([”’])(?=[\u3400-\u4dbf\u4e00-\u9fff])")

_RENDERER = _SiteRenderer()


def render_markdown(
    tokens: Sequence[Token],
    *,
    image_prefix: str,
    issue_dir: str,
    heading_offset: int = 1,
    link_base: str | None = None,
    page: str = "",
    quote_breaks: bool = False,
) -> str:
    """Render a parsed body.

    ``image_prefix`` leads every image path (``../../media/`` on a site page,
    ``content/`` in print HTML); ``link_base`` and ``page`` resolve relative links
    for print (see the renderer).
    """
    env: dict[str, Any] = {
        "image_prefix": image_prefix,
        "issue_dir": issue_dir,
        "heading_offset": heading_offset,
        "link_base": link_base,
        "page": page,
        "quote_breaks": quote_breaks,
    }
    # Tokens are shared between outputs: render from copies of the image tokens' attrs.
    return _RENDERER.render(_fresh(tokens), parser_options(), env)


def _fresh(tokens: Sequence[Token]) -> list[Token]:
    """Copy tokens whose attributes the renderer rewrites, so the parsed body stays intact."""
    copies: list[Token] = []
    for token in tokens:
        if token.children and any(c.type in ("image", "link_open") for c in token.children):
            token = token.copy(children=[child.copy() for child in token.children])
            for child in token.children or []:
                child.attrs = dict(child.attrs)
        copies.append(token)
    return copies


def site_text_html(
    article: ArticleView, tokens: Sequence[Token] | None, root: str, *, heading_offset: int = 1
) -> str:
    """A text of an article for a site page at ``root`` ("" for an absent field)."""
    if tokens is None:
        return ""
    return render_markdown(
        tokens,
        image_prefix=root + "media/",
        issue_dir=article.issue.content_dir,
        heading_offset=heading_offset,
    )


def print_text_html(
    article: ArticleView, tokens: Sequence[Token] | None, link_base: str, *, heading_offset: int = 1
) -> str:
    """A text of an article for the print HTML: images from content/, links absolute or dropped."""
    if tokens is None:
        return ""
    return render_markdown(
        tokens,
        image_prefix="content/",
        issue_dir=article.issue.content_dir,
        heading_offset=heading_offset,
        link_base=link_base,
        page=article.path,
        quote_breaks=True,
    )
