"""Markdown tokens -> the 公众号 markup: an emitter of the shared walk (``render/walk.py``).

Only elements the 公众号 editor keeps, one class per element; the classes are hooks
for ``templates/wechat/fragment.css``, which css-inline turns into inline ``style``
attributes before :mod:`wechat_fragment` removes them. The walk decides what every
output agrees on (link targets, official heading levels, list counters, quotes,
figures); what the editor would damage is written another way here:

- list items become paragraphs carrying their own marker (the editor splits ``<li>``);
- a link to outside the platform is not clickable in an article: its text stays,
  followed by ``[n]``, and the address is listed as note *n* at the end (in-page
  anchors, and relative links without a ``base_url``, stay plain text);
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

from ybbulletin.render.walk import Place, Walk, official_level, walk

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
    """One article's addresses: ``image_url`` turns an image ``src`` as written into the
    address the fragment shows (the published site, or the local upload copy)."""

    image_url: Callable[[str], str]
    links: Links = field(default_factory=Links)
    images: list[tuple[str, str]] = field(default_factory=list)  # (src, alt) in order


def _is_note(target: str | None) -> bool:
    return target is not None and target.startswith(("http:", "https:", "mailto:"))


@dataclass
class _Emitter:
    markup: Markup
    paragraph_class: str
    lead: str  # HTML put at the start of the first paragraph or heading (按：)
    heading_offset: int
    out: list[str] = field(default_factory=list)
    marker: str | None = None  # the list item's marker, waiting for its first paragraph
    link_starts: list[int] = field(default_factory=list)

    def take_lead(self) -> str:
        lead, self.lead = self.lead, ""
        return lead

    def flush_marker(self, depth: int) -> None:
        """A list item that starts with something other than a paragraph: marker alone."""
        if self.marker is not None:
            self.out.append(f'<p class="li d{depth}">{self.marker}</p>\n')
            self.marker = None

    def block(self, token: Token, state: Walk) -> None:
        kind, depth = token.type, len(state.lists)
        if kind == "paragraph_open":
            self.paragraph_open(state)
        elif kind == "paragraph_close":
            self.out.append("</p>\n")
        elif kind == "heading_open":
            self.flush_marker(depth)
            level = official_level(token)
            tag = min(level + self.heading_offset, 4)
            self.out.append(f'<h{tag} class="lv{level}">{self.take_lead()}')
        elif kind == "heading_close":
            self.out.append(f"</h{min(official_level(token) + self.heading_offset, 4)}>\n")
        elif kind in ("bullet_list_open", "ordered_list_open"):
            self.flush_marker(depth - 1)  # the walk has entered the new list already
        elif kind in ("blockquote_open", "table_open"):
            self.flush_marker(depth)
            self.structure(kind)
        elif kind == "list_item_open":
            item = state.lists[-1]
            bullet = _BULLETS[(depth - 1) % len(_BULLETS)]
            self.marker = f"{item.counter}{token.markup or '.'}" if item.ordered else bullet
        elif kind == "list_item_close":
            self.flush_marker(depth)
        elif kind in ("code_block", "fence"):
            self.flush_marker(depth)
            lines = escapeHtml(token.content.rstrip("\n")).split("\n")
            self.out.append('<p class="code">' + "<br>".join(lines) + "</p>\n")
        elif kind == "hr":
            self.flush_marker(depth)
            self.out.append('<p class="rule"><br></p>\n')
        else:
            self.structure(kind, token, state.next)

    def paragraph_open(self, state: Walk) -> None:
        depth = len(state.lists)
        if self.marker is not None:
            self.out.append(f'<p class="li d{depth}">{self.marker} ')
            self.marker = None
        elif depth:
            self.out.append(f'<p class="li-more d{depth}">')
        elif state.figure:
            self.out.append('<p class="figure">')
        elif state.quotes:
            self.out.append('<p class="quote">')
        else:
            self.out.append(f'<p class="{self.paragraph_class}">')
        self.out.append(self.take_lead())

    def structure(
        self, kind: str, token: Token | None = None, following: Token | None = None
    ) -> None:
        """Quotes and tables (lists need no element of their own: items are paragraphs)."""
        if kind == "blockquote_open":
            self.out.append('<blockquote class="quote">\n')
        elif kind == "blockquote_close":
            self.out.append("</blockquote>\n")
        elif kind == "table_open":
            self.out.append('<section class="table-wrap">\n<table class="table">\n')
        elif kind == "table_close":
            self.out.append("</table>\n</section>\n")
        elif token is not None and kind in ("thead_open", "tbody_open"):
            self.out.append(f"<{token.tag}>\n")
        elif kind == "tr_open":
            self.out.append("<tr>")
        elif token is not None and kind in ("thead_close", "tbody_close", "tr_close"):
            self.out.append(f"</{token.tag}>\n")
        elif token is not None and kind in ("th_open", "td_open"):
            style = str(token.attrGet("style") or "")
            attrs = f' style="{escapeHtml(style)}"' if style else ""
            short = following is not None and len(following.content) <= NOWRAP_CELL
            classes = f"{token.tag} nowrap" if short else token.tag
            self.out.append(f'<{token.tag} class="{classes}"{attrs}>')
        elif token is not None and kind in ("th_close", "td_close"):
            self.out.append(f"</{token.tag}>")
        # lists open/close, inline (its children come through inline()) and anything else
        # without text of its own (raw HTML is off in the parser) write nothing here

    def inline(self, token: Token, state: Walk) -> None:
        kind = token.type
        if kind == "text":
            self.out.append(escapeHtml(token.content))
        elif kind == "softbreak":
            self.out.append("\n")
        elif kind == "hardbreak":
            self.out.append("<br>")
        elif kind in ("strong_open", "strong_close", "em_open", "em_close"):
            self.out.append(f"<{'/' if kind.endswith('close') else ''}{token.tag}>")
        elif kind == "code_inline":
            self.out.append(f'<span class="code">{escapeHtml(token.content)}</span>')
        elif kind == "link_open":
            self.link_starts.append(len(self.out))
            if _is_note(state.link[-1]):
                self.out.append('<span class="link">')
        elif kind == "link_close" and self.link_starts:
            start = self.link_starts.pop()
            target = state.link[-1]
            if target is not None and _is_note(target):
                number = self.markup.links.number(target, _plain(self.out[start + 1 :]))
                self.out.append(f'</span><span class="ref">[{number}]</span>')
        elif kind == "image":
            src = str(token.attrGet("src") or "")
            alt = "".join(c.content for c in token.children or [] if c.type == "text")
            self.markup.images.append((src, alt))
            url = escapeHtml(self.markup.image_url(src))
            self.out.append(f'<img class="image" src="{url}" alt="{escapeHtml(alt)}">')


def _plain(parts: Sequence[str]) -> str:
    """The text of rendered inline HTML (for a note's label)."""
    return html.unescape(re.sub(r"<[^>]*>", "", "".join(parts))).strip()


def render_blocks(
    tokens: Sequence[Token],
    markup: Markup,
    place: Place,
    *,
    paragraph_class: str = "p",
    lead: str = "",
    heading_offset: int = 1,
) -> str:
    """One Markdown field's tokens as 公众号 markup (still with classes)."""
    emitter = _Emitter(markup, paragraph_class, lead, heading_offset)
    walk(tokens, emitter, place)
    return "".join(emitter.out)
