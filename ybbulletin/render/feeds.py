"""The Atom feed and the sitemap: absolute URLs from ``base_url``, every article."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET
from typing import Any

from ybbulletin.render import text_memo
from ybbulletin.render.registry import SiteContext
from ybbulletin.render.text_memo import fingerprint, sources
from ybbulletin.views import ArticleView

__all__ = ["atom_feed", "plain_summary", "sitemap", "sitemap_shows"]

CHINA = datetime.timezone(datetime.timedelta(hours=8))
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
ATOM_NS = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _moment(date: datetime.date) -> datetime.datetime:
    return datetime.datetime(date.year, date.month, date.day, tzinfo=CHINA)


def plain_summary(article: ArticleView, limit: int = 120) -> str:
    """The first paragraph of an article as plain text, cut at ``limit`` characters
    (kept in the site's memo: ``render/text_memo.py``)."""
    known = sources(article.texts)
    if known is None:
        return _plain_summary(article, limit)
    slot = f"{article.issue.archive_issue.path}\0summary\0{article.index}"
    inputs = [article.title, str(limit)]
    inputs += [part for name, text in known.items() for part in (name, fingerprint(text))]
    return text_memo.MEMO.remembered(slot, inputs, lambda: _plain_summary(article, limit))


def _plain_summary(article: ArticleView, limit: int) -> str:
    for name in article.texts:
        tokens = article.texts[name]
        for index, token in enumerate(tokens):
            # a paragraph's text: not a heading's or a table cell's (an opening register table
            # gave "2026年")
            if (
                token.type == "inline"
                and token.children
                and index > 0
                and tokens[index - 1].type == "paragraph_open"
            ):
                text = "".join(
                    c.content for c in token.children if c.type in ("text", "code_inline")
                )
                if text.strip():
                    return text if len(text) <= limit else text[: limit - 1] + "…"
    return article.title


def atom_feed(site: SiteContext) -> bytes:
    """Every article of the archive as an Atom feed, newest first.

    The tree is built with lxml as feedgen builds it (the same elements in the same order,
    an author without a name, an empty text or label left out as feedgen leaves them;
    its entries' links carry no ``rel``), and serialized as feedgen does: the same bytes
    (``tests/unit/test_feeds.py`` compares them with feedgen's). feedgen's objects per
    entry (RSS fields, extensions, checks of each value) were 40 % of the feed's time.
    """
    from lxml import etree

    publication, issues = site.publication, site.issues
    base = publication.base_url or ""
    element, sub = etree.Element, etree.SubElement
    feed = element("feed", xmlns=ATOM_NS)
    feed.attrib[XML_LANG] = "zh-CN"
    latest = max((issue.date for issue in issues), default=datetime.date(1970, 1, 1))
    _texts(feed, (("id", base), ("title", publication.name)))
    sub(feed, "updated").text = _moment(latest).isoformat()
    _author(feed, publication.publisher)
    sub(feed, "link", href=base, rel="alternate")
    sub(feed, "link", href=base + "feed.xml", rel="self")
    sub(feed, "generator").text = "ybbulletin"
    for issue in reversed(issues):
        moment = _moment(issue.date).isoformat()
        for article in issue.articles:
            entry = sub(feed, "entry")
            url = base + article.path
            _texts(entry, (("id", url), ("title", article.title)))
            sub(entry, "updated").text = moment
            _author(entry, article.credit or publication.publisher)
            sub(entry, "link", href=url)
            summary = sub(entry, "summary")
            text = plain_summary(article)
            if text:
                summary.text = text
            category = sub(entry, "category", term=article.section_key)
            if article.section_label:
                category.attrib["label"] = article.section_label
            sub(entry, "published").text = moment
    data: bytes = etree.tostring(feed, pretty_print=True, xml_declaration=True, encoding="UTF-8")
    return data


def _texts(parent: Any, fields: tuple[tuple[str, str], ...]) -> None:
    """Required text elements (feedgen refuses an empty one, so does this)."""
    from lxml import etree

    for name, text in fields:
        if not text:
            raise ValueError(f"Atom feed: required field not set ({name})")
        etree.SubElement(parent, name).text = text


def _author(parent: Any, name: str | None) -> None:
    from lxml import etree

    if name:  # feedgen leaves out an author without a name
        etree.SubElement(etree.SubElement(parent, "author"), "name").text = name


def sitemap_shows(site: SiteContext) -> list[object]:
    """All the sitemap is made from (the input of its key): pages' paths, issues' dates."""
    return [
        site.publication.base_url or "",
        [page.path for page in site.pages],
        [
            [issue.path, issue.date.isoformat(), [a.path for a in issue.articles]]
            for issue in site.issues
        ],
    ]


def sitemap(site: SiteContext) -> bytes:
    """Every page, with the date of the issue it shows (or of the latest issue)."""
    publication, pages, issues = site.publication, site.pages, site.issues
    base = publication.base_url or ""
    dates = {issue.path: issue.date for issue in issues}
    dates.update({a.path: issue.date for issue in issues for a in issue.articles})
    latest = max((issue.date for issue in issues), default=None)
    urlset = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    for page in pages:
        url = ET.SubElement(urlset, f"{{{SITEMAP_NS}}}url")
        location = page.path.removesuffix("index.html")
        ET.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = base + location
        when = dates.get(page.path, latest)
        if when is not None:
            ET.SubElement(url, f"{{{SITEMAP_NS}}}lastmod").text = when.isoformat()
    ET.indent(urlset)
    # the default namespace per call: ET.register_namespace would change it for the process
    data: bytes = ET.tostring(
        urlset, encoding="utf-8", xml_declaration=True, default_namespace=SITEMAP_NS
    )
    return data + b"\n"
