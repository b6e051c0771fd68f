"""Markdown tokens -> HTML fragments: official heading levels, wrapped tables, site image URLs."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from markupsafe import Markup

from ybbulletin.characters import CJK_UNIFIED
from ybbulletin.markdown import parser_options
from ybbulletin.render.text_memo import TextMemo, fingerprint, sources
from ybbulletin.render.walk import Place, Walk, content_path, image_path, official_level, walk

if TYPE_CHECKING:
    from ybbulletin.views import ArticleView

__all__ = ["body_functions", "content_path", "media_path", "render_markdown"]

# content_path lives with the walk; importable from here as before


def media_path(issue_dir: str, src: str) -> str:
    """Where an image referenced from an issue file lives in the site: media/<content path>."""
    return "media/" + content_path(issue_dir, src)


class _HtmlEmitter(RendererHTML):
    """markdown-it's HTML rules as an emitter of the shared walk (``render/walk.py``).

    Body headings ``#``..``####`` are the official levels 一、/（一）/1./（1）; on a
    page whose title is ``<h1>`` they are shifted down by ``heading_offset`` and keep
    their level as a class. Tables scroll inside a wrapper on phones. Images and links
    resolve as the walk says for the output's :class:`~ybbulletin.render.walk.Place`;
    a dropped link keeps its text in a ``<span>``.
    """

    _rule_names: tuple[str, ...] = ()  # RendererHTML's rules: its methods, listed once

    def __init__(self, heading_offset: int, quote_breaks: bool) -> None:
        # RendererHTML.__init__ lists the renderer's methods with inspect.getmembers on
        # every instance (a third of a short body's rendering): list them once per class
        names = type(self)._rule_names
        if not names:
            super().__init__()
            names = type(self)._rule_names = tuple(self.rules)
        self.rules = {name: getattr(self, name) for name in names}
        self.heading_offset = heading_offset
        self.quote_breaks = quote_breaks
        self.parts: list[str] = []
        self.walk = Walk(Place(""))

    # the Emitter protocol: markdown-it's own rule for each token, as RendererHTML.render
    def block(self, token: Token, walk: Walk) -> None:
        if token.type != "inline":
            self._emit(token, walk)

    def inline(self, token: Token, walk: Walk) -> None:
        self._emit(token, walk)

    def _emit(self, token: Token, walk: Walk) -> None:
        self.walk = walk
        rule = self.rules.get(token.type)
        options = parser_options()
        if rule is not None:
            self.parts.append(rule(walk.tokens, walk.index, options, {}))
        else:
            self.parts.append(self.renderToken(walk.tokens, walk.index, options, {}))

    def heading_open(
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        shifted = min(int(tokens[idx].tag[1]) + self.heading_offset, 6)
        return f'<h{shifted} class="level-{official_level(tokens[idx])}">'

    def heading_close(
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        return f"</h{min(int(tokens[idx].tag[1]) + self.heading_offset, 6)}>\n"

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
        token.attrSet("src", image_path(str(token.attrGet("src") or ""), self.walk.place))
        token.attrSet("loading", "lazy")
        return super().image(tokens, idx, options, env)

    def link_open(
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        token = tokens[idx]
        target = self.walk.link[-1]
        if target is None:
            return "<span>"
        if target != token.attrGet("href"):
            token.attrSet("href", target)
        elif target.startswith(("http:", "https:")):
            token.attrSet("rel", "noopener noreferrer")
        return self.renderToken(tokens, idx, options, env)

    def link_close(
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        if self.walk.link and self.walk.link[-1] is None:
            return "</span>"
        return self.renderToken(tokens, idx, options, env)

    def text(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        html = escapeHtml(tokens[idx].content)
        if self.quote_breaks:
            html = _QUOTE_OPEN.sub("\u200b\\1", html)
            html = _QUOTE_CLOSE.sub("\\1\u200b", html)
        return html


# Pango treats “ ” as ambiguous quotes (no break on either side), so a line may
# not end before “ or after ” and Chinese lines end up to two characters short.
# In print, a zero-width space gives the break Chinese typesetting allows; it
# has no glyph and does not come out of the PDF's text.
_QUOTE_OPEN = re.compile(f"(?<=[{CJK_UNIFIED}\uff0c\u3001\u3002\uff1b\uff1a])([“‘])")
_QUOTE_CLOSE = re.compile(f"([”’])(?=[{CJK_UNIFIED}])")


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
    for print (see :func:`ybbulletin.render.walk.link_target`).
    """
    emitter = _HtmlEmitter(heading_offset, quote_breaks)
    # Tokens are shared between outputs: render from copies of the image tokens' attrs.
    walk(_fresh(tokens), emitter, Place(issue_dir, image_prefix, link_base, page))
    return "".join(emitter.parts)


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


def body_functions(
    place: Place, *, quote_breaks: bool = False, memo: TextMemo | None = None
) -> dict[str, Any]:
    """What ``templates/kinds/<kind>.html`` calls to show an article's texts in an output.

    ``place`` gives the image prefix and link base; its issue folder and page come
    from each article. With ``memo``, a text whose HTML it keeps for the same inputs is
    not parsed nor rendered again (``render/text_memo.py``).
    """

    def rendered(article: ArticleView, tokens: Sequence[Token], offset: int) -> str:
        return render_markdown(
            tokens,
            image_prefix=place.image_prefix,
            issue_dir=article.issue.content_dir,
            heading_offset=offset,
            link_base=place.link_base,
            page=article.path if place.link_base is not None else "",
            quote_breaks=quote_breaks,
        )

    def text(article: ArticleView, texts: Mapping[str, Any], name: str, offset: int) -> Markup:
        if name not in texts:
            return Markup("")
        known = sources(texts) if memo is not None else None
        if memo is None or known is None or name not in known:
            return Markup(rendered(article, texts[name], offset))
        issue_dir = article.issue.content_dir
        page = article.path if place.link_base is not None else ""
        where = f"{article.issue.archive_issue.path}\0html\0{article.index}\0{name}"
        slot = f"{where}\0{offset}\0{place.image_prefix}"
        inputs = (
            fingerprint(known[name]),
            issue_dir,
            place.image_prefix,
            str(offset),
            repr(place.link_base),
            page,
            str(quote_breaks),
        )
        return Markup(memo.remembered(slot, inputs, lambda: rendered(article, texts[name], offset)))

    return {
        "fragment": lambda article, name: text(article, article.texts, name, 1),
        "case_fragment": lambda article, case: text(
            article, case.texts, f"cases.{case.number - 1}.body", 2
        ),
    }
