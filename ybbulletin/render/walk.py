"""One walk over a body's markdown-it tokens, shared by every emitter (HTML, Word).

The walk visits block tokens in order and, inside each ``inline`` token, its
children; an emitter gets each token with the :class:`Walk` state. What the outputs
must agree on is decided here, once:

- links: :func:`link_target` — allowed targets only; relative links kept on a site
  page, made absolute from ``base_url`` in print and Word, or dropped (the link
  text stays) when there is no ``base_url``;
- images: :func:`image_path` — the content path under the output's prefix;
- headings: :func:`official_level` — ``#``..``####`` are the official levels
  一、/（一）/1./（1）, deeper ones count as the fourth;
- structure: the enclosing lists (with their counters), blockquote depth, the
  current link, whether a paragraph holds only images (a figure), a table's shape.
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import urljoin

from markdown_it.token import Token

from ybbulletin.markdown import is_allowed_url

__all__ = [
    "Emitter",
    "ListLevel",
    "Place",
    "Walk",
    "content_path",
    "image_path",
    "link_target",
    "official_level",
    "walk",
]


def content_path(issue_dir: str, src: str) -> str:
    """An image's path relative to ``content/``; ``issue_dir`` is the issue file's folder there."""
    return posixpath.normpath(posixpath.join(issue_dir, src))


@dataclass(frozen=True)
class Place:
    """Where an output puts a body: how its images and links resolve.

    ``link_base`` None keeps relative links (a site page); a URL makes them absolute
    from it (print, Word); "" drops them. ``page`` is the article's site path, which
    relative links are relative to.
    """

    issue_dir: str
    image_prefix: str = ""
    link_base: str | None = None
    page: str = ""


def image_path(src: str, place: Place) -> str:
    return place.image_prefix + content_path(place.issue_dir, src)


def link_target(href: str, place: Place) -> str | None:
    """Where a link goes in this output; None: no link (the text stays, unlinked)."""
    if not is_allowed_url(href):  # refused at validation; never emitted regardless
        return "#"
    if href.startswith(("http:", "https:", "mailto:", "#")) or place.link_base is None:
        return href
    if not place.link_base:
        return None
    return urljoin(place.link_base + place.page, href)


def official_level(token: Token) -> int:
    """1..4 for a heading token (h1..h6; deeper than four counts as four)."""
    return min(int(token.tag[1]), 4)


@dataclass
class ListLevel:
    ordered: bool
    counter: int  # the number of the current item (ordered lists)


@dataclass
class Walk:
    """Where the walk is: what an emitter may need beyond the token itself."""

    place: Place
    tokens: Sequence[Token] = ()
    index: int = 0
    lists: list[ListLevel] = field(default_factory=list)
    quotes: int = 0
    link: list[str | None] = field(default_factory=list)  # targets of the open links
    figure: bool = False  # the current paragraph holds only images

    @property
    def next(self) -> Token | None:
        return self.tokens[self.index + 1] if self.index + 1 < len(self.tokens) else None


class Emitter(Protocol):
    def block(self, token: Token, walk: Walk) -> None: ...

    def inline(self, token: Token, walk: Walk) -> None: ...


def walk(tokens: Sequence[Token], emitter: Emitter, place: Place) -> None:
    """Visit every token of a body in order (see the module's description)."""
    state = Walk(place)
    for index, token in enumerate(tokens):
        state.tokens, state.index = tokens, index
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            ordered = kind == "ordered_list_open"
            start = int(token.attrGet("start") or 1) if ordered else 1
            state.lists.append(ListLevel(ordered, start - 1))
        elif kind == "list_item_open" and state.lists:
            state.lists[-1].counter += 1
        elif kind == "blockquote_open":
            state.quotes += 1
        elif kind == "paragraph_open":
            state.figure = _only_images(state.next)
        emitter.block(token, state)
        if kind == "inline":
            children = token.children or []
            state.tokens = children
            for child_index, child in enumerate(children):
                state.index = child_index
                if child.type == "link_open":
                    state.link.append(link_target(str(child.attrGet("href") or ""), place))
                emitter.inline(child, state)
                if child.type == "link_close" and state.link:
                    state.link.pop()
        elif kind in ("bullet_list_close", "ordered_list_close"):
            state.lists.pop()
        elif kind == "blockquote_close":
            state.quotes -= 1
        elif kind == "paragraph_close":
            state.figure = False


def _only_images(inline: Token | None) -> bool:
    children = (inline.children or []) if inline is not None else []
    return bool(children) and all(
        c.type in ("image", "softbreak") or (c.type == "text" and not c.content.strip())
        for c in children
    )
