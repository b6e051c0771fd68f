"""The Atom feed is built with lxml as feedgen builds it: the same bytes as feedgen's, for
the demo and for values feedgen treats apart (empty names, texts and labels, markup
characters, line breaks, characters outside the BMP), and the same refusal of a feed or
entry without an id or a title."""

from __future__ import annotations

import datetime
from types import SimpleNamespace
from typing import Any

import pytest
from feedgen.feed import FeedGenerator

from tests.conftest import REPO
from ybbulletin.plan import build_views
from ybbulletin.project import load_archive
from ybbulletin.render import feeds
from ybbulletin.render.registry import SiteContext


def feedgen_feed(site: Any) -> bytes:
    """The feed as ybbulletin made it with feedgen (until 2026-11-30)."""
    publication, issues = site.publication, site.issues
    base = publication.base_url or ""
    feed = FeedGenerator()
    feed.id(base)
    feed.title(publication.name)
    feed.author({"name": publication.publisher})
    feed.link(href=base, rel="alternate")
    feed.link(href=base + "feed.xml", rel="self")
    feed.language("zh-CN")
    feed.generator("ybbulletin")
    latest = max((issue.date for issue in issues), default=datetime.date(1970, 1, 1))
    feed.updated(feeds._moment(latest))
    for issue in reversed(issues):
        for article in issue.articles:
            entry = feed.add_entry(order="append")
            entry.id(base + article.path)
            entry.title(article.title)
            entry.link(href=base + article.path, rel="alternate")
            entry.published(feeds._moment(issue.date))
            entry.updated(feeds._moment(issue.date))
            entry.author({"name": article.credit or publication.publisher})
            entry.category(term=article.section_key, label=article.section_label)
            entry.summary(feeds.plain_summary(article))
    data: bytes = feed.atom_str(pretty=True, encoding="UTF-8")
    return data


def test_the_demos_feed_is_feedgens() -> None:
    archive = load_archive(REPO)
    site = SiteContext(archive.publication, build_views(archive), [])
    made = feeds.atom_feed(site)
    assert made == feedgen_feed(site)
    assert made.count(b"<entry>") == sum(len(issue.articles) for issue in site.issues) > 10


def article(**fields: Any) -> SimpleNamespace:
    values = {
        "path": "2025/12/01.html",
        "title": "标题",
        "credit": "某市医疗保障局",
        "section_key": "news",
        "section_label": "要闻",
        "summary": "第一段。",
    }
    values.update(fields)
    return SimpleNamespace(**values)


def site_of(*articles: SimpleNamespace, **publication: Any) -> SimpleNamespace:
    values = {"base_url": "https://example.gov.cn/yb/", "name": "医保信息", "publisher": "医保局"}
    values.update(publication)
    issue = SimpleNamespace(date=datetime.date(2025, 12, 21), articles=list(articles))
    older = SimpleNamespace(
        date=datetime.date(2025, 11, 1), articles=[article(path="2025/11/01.html")]
    )
    return SimpleNamespace(publication=SimpleNamespace(**values), issues=[older, issue])


@pytest.mark.parametrize(
    "site",
    [
        site_of(article()),
        site_of(article(credit=None), article(credit="", path="a&b.html?x=<1>")),
        site_of(article(summary=""), article(section_label="")),
        site_of(article(title="A & B <c> \"d\" 'e' ]]> ——\r\n  ", summary="x\r\ny\tz &amp; <p>")),
        site_of(article(title="𠀋𡈽 😀", credit="  ", summary=" ")),
        site_of(article(), publisher=""),
        site_of(base_url="https://example.gov.cn/a&b/"),
    ],
)
def test_values_feedgen_treats_apart_give_its_bytes(
    site: SimpleNamespace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(feeds, "plain_summary", lambda article: article.summary)
    assert feeds.atom_feed(site) == feedgen_feed(site)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "site", [site_of(article(title="")), site_of(article(), base_url=""), site_of(name="")]
)
def test_a_feed_or_entry_without_id_or_title_is_refused_as_by_feedgen(
    site: SimpleNamespace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(feeds, "plain_summary", lambda article: article.summary)
    with pytest.raises(ValueError, match=r"[Rr]equired field"):
        feedgen_feed(site)
    with pytest.raises(ValueError, match="required field not set"):
        feeds.atom_feed(site)  # type: ignore[arg-type]


def test_summary_is_the_first_paragraph_not_a_table_cell_or_heading(tmp_path: Any) -> None:
    """An article opening with a register table or a heading (imported web copies do) is
    summed up by its first paragraph, as the 公众号 digest is, not by the table's first cell."""
    from tests.conftest import copy_project

    root = copy_project(REPO, tmp_path / "demo")
    path = root / "content/issues/2025/12.yaml"
    text = path.read_text(encoding="utf-8")
    marker = "    source: 石嘴山市医保局\n    body: |\n"
    table = "      | 2026年 | 案件名称 |\n      |---|---|\n      | 1 | 某医院 |\n\n"
    opening = table + "      ## 一、基本情况\n\n"
    path.write_text(text.replace(marker, marker + opening, 1), encoding="utf-8")
    article = build_views(load_archive(root))[-1].articles[0]
    assert article.title.startswith("石嘴山市医保局三举措")
    assert feeds.plain_summary(article).startswith("今年以来，石嘴山市医保局聚焦")
