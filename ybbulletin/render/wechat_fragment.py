"""One article as a paste-ready 公众号 fragment: markup, styles inlined by css-inline, classes gone.

The fragment is what the 「复制正文」 button puts on the clipboard, what
``<NN>.html`` holds and what ``draft.json`` carries as ``content``. After
inlining, one last pass re-serialises it, keeping only the elements and
attributes of :data:`ALLOWED`; anything else is a bug in this module (a
:class:`FragmentError`), never something silently dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import css_inline
from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token

from ybbulletin.model import Publication
from ybbulletin.model.kinds import kind_of
from ybbulletin.render.pages import PACKAGE_TEMPLATES, format_amount
from ybbulletin.render.walk import Place
from ybbulletin.render.wechat_markup import Links, Markup, render_blocks
from ybbulletin.views import ArticleView, CaseView

__all__ = ["ALLOWED", "Fragment", "FragmentError", "load_css", "plain_text", "render_fragment"]

#: Elements the 公众号 editor keeps, and the attributes each may carry.
_STYLED = "section p span strong em br blockquote h1 h2 h3 h4 table thead tbody tr th td"
ALLOWED: dict[str, frozenset[str]] = {
    **{tag: frozenset({"style"}) for tag in _STYLED.split()},
    "img": frozenset({"style", "src", "alt"}),
}
VOID = frozenset({"br", "img"})


class FragmentError(Exception):
    """The fragment would hold something the 公众号 editor drops: a bug in this module."""


CSS_FILE = "fragment.css"


@dataclass
class Fragment:
    """An article's fragment and what it refers to (images, outside addresses)."""

    html: str
    images: list[tuple[str, str]] = field(default_factory=list)  # (src as written, alt)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (address, link text)


def load_css(project_root: Path) -> str:
    """The fragment stylesheet: the project's templates/wechat/fragment.css, else ours."""
    for folder in (project_root / "templates" / "wechat", PACKAGE_TEMPLATES / "wechat"):
        if (folder / CSS_FILE).is_file():
            return (folder / CSS_FILE).read_text(encoding="utf-8")
    raise FileNotFoundError(CSS_FILE)  # the package always has it


def render_fragment(
    article: ArticleView,
    publication: Publication,
    *,
    image_url: Callable[[str], str],
    css: str,
) -> Fragment:
    """The article as 公众号 markup with inline styles only (the title is a separate field)."""
    markup = Markup(image_url, Links())
    # relative links made absolute from base_url (then listed as notes), or plain text without it
    place = Place(
        article.issue.content_dir, link_base=publication.base_url or "", page=article.path
    )
    parts = ['<section class="article">\n']
    mark = article.issue.mark
    if mark:  # never to be published as it is: the mark goes into what is pasted too
        parts.append(f'<p class="mark">{mark}：本期尚未签发，仅供审阅，不得发布</p>\n')
    entry = article.entry
    if entry.subtitle:
        parts.append(f'<p class="subtitle">{escapeHtml(entry.subtitle)}</p>\n')
    meta = ([("来源", article.credit)] if article.credit else []) + article.bylines
    if meta:
        line = "\u3000".join(f"{role}：{names}" for role, names in meta)
        parts.append(f'<p class="meta">{escapeHtml(line)}</p>\n')
    # the plain lines a kind declares (a 政策解读's 文号), as the site prints them
    for label, value in article.lines:
        parts.append(f'<p class="line">{escapeHtml(f"{label}：{value}")}</p>\n')
    for name, tokens in fragment_tokens(article):
        if name == "note":
            lead = '<strong class="anyu-lead">按：</strong>'
            note = render_blocks(tokens, markup, place, paragraph_class="anyu", lead=lead)
            parts.append(f'<section class="anyu">\n{note}</section>\n')
        elif name.startswith("cases."):
            parts.append(_case(article.cases[int(name.split(".")[1])], markup, place))
        else:
            parts.append(render_blocks(tokens, markup, place))
    if markup.links.notes:
        parts.append(_notes(markup.links.notes))
    issue_line = f"本文刊于《{publication.name}》{article.issue.label}"
    parts.append(f'<p class="issue">{escapeHtml(issue_line)}</p>\n</section>')
    marked = "".join(parts)
    inlined = css_inline.inline_fragment(marked, css, minify_css=True)
    return Fragment(clean_markup(inlined), markup.images, markup.links.notes)


_AMOUNTS = (("involved", "涉案金额"), ("recovered", "追回"), ("fined", "罚款"))


def _case(case: CaseView, markup: Markup, place: Place) -> str:
    parts = [f'<h2 class="lv1">{escapeHtml(case.heading)}</h2>\n']
    facts = []
    if case.period:
        facts.append(f"时间：{case.period}")
    for name, label in _AMOUNTS:
        value = getattr(case.case.amounts, name)
        if value is not None:
            facts.append(f"{label}：{format_amount(value)}万元")
    if facts:
        parts.append(f'<p class="facts">{escapeHtml("；".join(facts))}</p>\n')
    parts.append(render_blocks(case.body, markup, place, heading_offset=2))
    return "".join(parts)


def _notes(notes: Sequence[tuple[str, str]]) -> str:
    lines = ['<section class="notes">\n<p class="notes-title">注释</p>\n']
    for number, (address, text) in enumerate(notes, start=1):
        shown = address.removeprefix("mailto:")
        label = f"{text}：{shown}" if text and text != shown else shown
        lines.append(f'<p class="note">[{number}] {escapeHtml(label)}</p>\n')
    lines.append("</section>\n")
    return "".join(lines)


# css-inline (html5ever) writes every attribute value in double quotes with '"' escaped, and
# escapes '<' in text: a tag is exactly this, and any other '<' would be something unknown.
_TAG = re.compile(r'<(/?)([a-z][a-z0-9]*)((?:\s+[a-z-]+="[^"]*")*)\s*/?>')
_ATTRIBUTE = re.compile(r'\s+([a-z-]+)="([^"]*)"')


def clean_markup(markup: str) -> str:
    """Re-write inlined markup without the class hooks, refusing anything not in ALLOWED."""

    def tag(match: re.Match[str]) -> str:
        closing, name, attributes = match.group(1, 2, 3)
        allowed = ALLOWED.get(name)
        if allowed is None:
            raise FragmentError(f"element <{name}> in a WeChat fragment")
        if closing:
            return "" if name in VOID else f"</{name}>"
        kept = []
        for attribute in _ATTRIBUTE.finditer(attributes):
            key, value = attribute.groups()
            if key != "class":
                if key not in allowed:
                    raise FragmentError(f"attribute {key} on <{name}> in a WeChat fragment")
                kept.append(f' {key}="{value}"')
        return f"<{name}{''.join(kept)}>"

    clean = _TAG.sub(tag, markup)
    if "<" in _TAG.sub("", clean):
        raise FragmentError("markup that is not a plain tag in a WeChat fragment")
    return clean


_BLOCKS = frozenset({"p", "h1", "h2", "h3", "h4", "tr", "blockquote", "section", "table"})
_INDENT = re.compile(r"(?:^|;)\s*text-indent:\s*2em")


class _Text(HTMLParser):
    """The plain-text twin: one line per block, 2-character indents, cells tab-separated."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.line: list[str] = []

    def end_line(self) -> None:
        text = "".join(self.line).rstrip()
        if text.strip():
            self.lines.append(text)
        self.line = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self.end_line()
            style = dict(attrs).get("style") or ""
            if _INDENT.search(style):
                self.line.append("\u3000\u3000")
        elif tag == "br":
            self.end_line()
        elif tag in ("td", "th") and self.line:
            self.line.append("\t")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self.end_line()

    def handle_data(self, data: str) -> None:
        self.line.append(data.replace("\n", " "))


def plain_text(fragment: str) -> str:
    """The fragment as plain text, for the clipboard's text/plain fallback."""
    parser = _Text()
    parser.feed(fragment)
    parser.close()
    parser.end_line()
    return "\n".join(parser.lines) + "\n"


def fragment_tokens(article: ArticleView) -> list[tuple[str, Sequence[Token]]]:
    """The article's Markdown texts in the order its kind prints them: (field path, tokens)."""
    return [(name, article.texts[name]) for name in fragment_names(article)]


def fragment_names(article: ArticleView) -> list[str]:
    """The article's Markdown fields in the order its kind prints them (nothing parsed)."""
    texts = article.texts
    found: list[str] = []
    for pattern in kind_of(article.entry).markdown:
        head, _, rest = pattern.partition(".*.")
        if not rest:
            if pattern in texts:
                found.append(pattern)
            continue
        index = 0
        while f"{head}.{index}.{rest}" in texts:
            found.append(f"{head}.{index}.{rest}")
            index += 1
    return found
