"""Markdown tokens -> the 公众号 markup: only elements its editor keeps, one class per element.

The classes are hooks for ``templates/wechat/fragment.css``; css-inline turns
them into inline ``style`` attributes and :mod:`wechat_fragment` then removes
them. What the editor would damage is written another way here:

- list items become paragraphs carrying their own marker (the editor splits ``<li>``);
- a link to outside the platform is not clickable in an article: its text stays,
  followed by ``[n]``, and the address is listed as note *n* at the end;
- a table sits in a ``<section>`` that scrolls sideways on a phone;
- body headings keep the official levels 一、/（一）/1./（1） as ``lv1``..``lv4``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token

__all__ = ["Links", "Markup", "render_blocks"]

#: A cell this short does not wrap, so narrow tables stay readable and wide ones scroll.
NOWRAP_CELL = 8
_BULLETS = ("•", "◦", "▪")


@dataclass
class Links:
    """Outside addresses met in an article, numbered in order of first appearance."""

    notes: list[tuple[str, str]] = field(default_factory=list)  # (address, link text)

    def number(self, address: str, text: str) -> int:
        for index, (known, _text) in enumerate(self.notes, start=1):
            if known == address:
                return index
        self.notes.append((address, text))
        return len(self.notes)


@dataclass
class Markup:
    """How one article's addresses are written.

    ``image_url`` turns an image ``src`` as written in Markdown into the address
    the fragment shows; ``link_target`` turns a link into the address to list as
    a note, or ``None`` to keep only its text (in-page anchors, relative links
    without a ``base_url``).
    """

    image_url: Callable[[str], str]
    link_target: Callable[[str], str | None]
    links: Links = field(default_factory=Links)
    images: list[tuple[str, str]] = field(default_factory=list)  # (src, alt) in order


def _attr(value: str) -> str:
    return escapeHtml(value)


@dataclass
class _List:
    ordered: bool
    counter: int
    marker: str | None = None  # waiting for the item's first paragraph


@dataclass
class _Walk:
    markup: Markup
    paragraph_class: str
    lead: str  # HTML put at the start of the first paragraph (按：)
    heading_offset: int
    out: list[str] = field(default_factory=list)
    lists: list[_List] = field(default_factory=list)
    quote_depth: int = 0

    def take_lead(self) -> str:
        lead, self.lead = self.lead, ""
        return lead

    def flush_marker(self) -> None:
        """A list item that starts with something other than a paragraph: marker alone."""
        if self.lists and self.lists[-1].marker is not None:
            self.out.append(f'<p class="li d{len(self.lists)}">{self.lists[-1].marker}</p>\n')
            self.lists[-1].marker = None

    def paragraph_open(self, inline: Token | None) -> None:
        if self.lists and self.lists[-1].marker is not None:
            marker, self.lists[-1].marker = self.lists[-1].marker, None
            self.out.append(f'<p class="li d{len(self.lists)}">{marker} ')
        elif self.lists:
            self.out.append(f'<p class="li-more d{len(self.lists)}">')
        elif inline is not None and _only_images(inline):
            self.out.append('<p class="figure">')
        elif self.quote_depth:
            self.out.append('<p class="quote">')
        else:
            self.out.append(f'<p class="{self.paragraph_class}">')
        self.out.append(self.take_lead())

    def block(self, tokens: Sequence[Token]) -> None:
        for index, token in enumerate(tokens):
            kind = token.type
            if kind == "paragraph_open":
                following = tokens[index + 1] if index + 1 < len(tokens) else None
                self.paragraph_open(following if following and following.type == "inline" else None)
            elif kind == "paragraph_close":
                self.out.append("</p>\n")
            elif kind == "inline":
                self.out.append(render_inline(token.children or [], self.markup))
            elif kind == "heading_open":
                self.flush_marker()
                level = min(int(token.tag[1]), 4)
                tag = min(level + self.heading_offset, 4)
                self.out.append(f'<h{tag} class="lv{level}">{self.take_lead()}')
            elif kind == "heading_close":
                level = min(int(token.tag[1]), 4)
                self.out.append(f"</h{min(level + self.heading_offset, 4)}>\n")
            elif kind in ("bullet_list_open", "ordered_list_open"):
                self.flush_marker()
                start = int(str(token.attrGet("start") or 1))
                self.lists.append(_List(kind == "ordered_list_open", start))
            elif kind in ("bullet_list_close", "ordered_list_close"):
                self.lists.pop()
            elif kind == "list_item_open":
                current = self.lists[-1]
                if current.ordered:
                    current.marker = f"{current.counter}{token.markup or '.'}"
                else:
                    current.marker = _BULLETS[(len(self.lists) - 1) % len(_BULLETS)]
                current.counter += 1
            elif kind == "list_item_close":
                self.flush_marker()
            elif kind == "blockquote_open":
                self.flush_marker()
                self.quote_depth += 1
                self.out.append('<blockquote class="quote">\n')
            elif kind == "blockquote_close":
                self.quote_depth -= 1
                self.out.append("</blockquote>\n")
            elif kind in ("code_block", "fence"):
                self.flush_marker()
                lines = escapeHtml(token.content.rstrip("\n")).split("\n")
                self.out.append('<p class="code">' + "<br>".join(lines) + "</p>\n")
            elif kind == "hr":
                self.flush_marker()
                self.out.append('<p class="rule"><br></p>\n')
            else:
                following = tokens[index + 1] if index + 1 < len(tokens) else None
                self.table(token, following)

    def table(self, token: Token, following: Token | None) -> None:
        kind = token.type
        if kind == "table_open":
            self.flush_marker()
            self.out.append('<section class="table-wrap">\n<table class="table">\n')
        elif kind == "table_close":
            self.out.append("</table>\n</section>\n")
        elif kind in ("thead_open", "tbody_open", "tr_open"):
            self.out.append(f"<{token.tag}>\n" if kind != "tr_open" else "<tr>")
        elif kind in ("thead_close", "tbody_close", "tr_close"):
            self.out.append(f"</{token.tag}>\n")
        elif kind in ("th_open", "td_open"):
            style = str(token.attrGet("style") or "")
            attrs = f' style="{_attr(style)}"' if style else ""
            short = following is not None and len(following.content) <= NOWRAP_CELL
            classes = f"{token.tag} nowrap" if short else token.tag
            self.out.append(f'<{token.tag} class="{classes}"{attrs}>')
        elif kind in ("th_close", "td_close"):
            self.out.append(f"</{token.tag}>")
        # anything else (html_block is off in the parser) carries no text


def _only_images(inline: Token) -> bool:
    children = [
        c for c in inline.children or [] if not (c.type == "text" and not c.content.strip())
    ]
    return bool(children) and all(c.type in ("image", "softbreak") for c in children)


def render_inline(children: Sequence[Token], markup: Markup) -> str:
    """The inline children of one block, with outside links turned into note numbers."""
    out: list[str] = []
    targets: list[tuple[str | None, int]] = []  # (address, where its text starts in out)
    for child in children:
        kind = child.type
        if kind == "text":
            out.append(escapeHtml(child.content))
        elif kind == "softbreak":
            out.append("\n")
        elif kind == "hardbreak":
            out.append("<br>")
        elif kind in ("strong_open", "strong_close", "em_open", "em_close"):
            out.append(f"<{'/' if kind.endswith('close') else ''}{child.tag}>")
        elif kind == "code_inline":
            out.append(f'<span class="code">{escapeHtml(child.content)}</span>')
        elif kind == "link_open":
            target = markup.link_target(str(child.attrGet("href") or ""))
            targets.append((target, len(out)))
            if target is not None:
                out.append('<span class="link">')
        elif kind == "link_close" and targets:
            target, start = targets.pop()
            if target is not None:
                text = _plain(out[start + 1 :])
                number = markup.links.number(target, text)
                out.append(f'</span><span class="ref">[{number}]</span>')
        elif kind == "image":
            src = str(child.attrGet("src") or "")
            alt = "".join(c.content for c in child.children or [] if c.type == "text")
            markup.images.append((src, alt))
            url = markup.image_url(src)
            out.append(f'<img class="image" src="{_attr(url)}" alt="{_attr(alt)}">')
    return "".join(out)


def _plain(parts: Sequence[str]) -> str:
    """The text of rendered inline HTML (for a note's label)."""
    return html.unescape(re.sub(r"<[^>]*>", "", "".join(parts))).strip()


def render_blocks(
    tokens: Sequence[Token],
    markup: Markup,
    *,
    paragraph_class: str = "p",
    lead: str = "",
    heading_offset: int = 1,
) -> str:
    """One Markdown field's tokens as 公众号 markup (still with classes)."""
    walk = _Walk(markup, paragraph_class, lead, heading_offset)
    walk.block(tokens)
    return "".join(walk.out)
