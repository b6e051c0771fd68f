"""The demo website served by a real nginx and driven in headless Chromium (Playwright)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
from playwright.sync_api import Browser, Page

from tests.conftest import REPO, Nginx, ink, open_page

SCREENSHOTS = REPO / "build" / "screenshots"


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    with open_page(browser) as page:
        yield page


def test_reading_path_home_issue_article_next_previous(page: Page, nginx: Nginx) -> None:
    page.goto(nginx.url)
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    assert page.locator(".masthead-number").inner_text() == "第12期（总第130期）"
    page.get_by_role("link", name="2021年第1期（总第39期）").click()
    assert page.url.endswith("/2021/01/index.html")
    assert page.locator(".contents-group h3").all_inner_texts() == [
        "要闻",
        "案例通报",
        "要闻",
        "经验交流",
        "工作动态",
    ]
    page.get_by_role("link", name="关于我区6起欺诈骗取医保基金典型案例的通报").click()
    assert page.url.endswith("/2021/01/02.html")
    assert "发布时间：2021-01-08" in page.locator(".article-meta").inner_text()
    assert "来源：自治区医疗保障局" in page.locator(".article-meta").inner_text()
    page.get_by_role("link", name="完善医保目录管理 推进医保治理体系治理建设能力建设").click()
    assert page.url.endswith("/2021/01/03.html")
    page.locator("a[rel=prev]").click()
    assert page.url.endswith("/2021/01/02.html")
    # the last article of 2021/01 leads on to the first of 2025/12
    page.goto(nginx.url + "2021/01/09.html")
    page.locator("a[rel=next]").click()
    assert page.url.endswith("/2025/12/01.html")


def test_font_size_switch_works_without_javascript(browser: Browser, nginx: Nginx) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(nginx.url + "2025/12/01.html")
    body = page.locator(".article-body")
    assert body.evaluate("e => getComputedStyle(e).fontSize") == "18px"
    page.get_by_role("link", name="大", exact=True).click()
    assert body.evaluate("e => getComputedStyle(e).fontSize") == "21px"
    page.get_by_role("link", name="小", exact=True).click()
    assert body.evaluate("e => getComputedStyle(e).fontSize") == "15px"
    assert page.locator("[data-print]").is_hidden()  # the print button needs JavaScript
    context.close()


def test_print_stylesheet_hides_the_chrome(page: Page, nginx: Nginx) -> None:
    page.goto(nginx.url + "2025/12/01.html")
    assert page.locator("[data-print]").is_visible()
    page.emulate_media(media="print")
    assert page.locator(".site-nav").is_hidden()
    assert page.locator(".pager").is_hidden()
    assert page.locator(".article-body").is_visible()


def site_pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def test_every_internal_link_resolves(page: Page, nginx: Nginx, built_demo: Path) -> None:
    host = urlparse(nginx.url).netloc
    seen: set[str] = set()
    for path in site_pages(built_demo):
        response = page.goto(nginx.url + path)
        assert response is not None, path
        assert response.status == 200, path
        links = page.eval_on_selector_all(
            "a[href], link[href], script[src], img[src]",
            "els => els.map(e => e.getAttribute('href') || e.getAttribute('src'))",
        )
        for link in links:
            absolute = urljoin(page.url, link).split("#")[0]
            if urlparse(absolute).netloc == host:
                seen.add(absolute)
    for url in sorted(seen):
        response = page.request.get(url)
        assert response.status == 200, url
    statuses = {status for status, _ in nginx.requests()}
    assert 404 not in statuses, [p for s, p in nginx.requests() if s == 404]
    assert len(seen) > len(site_pages(built_demo))


def test_case_register_totals_match_the_cases(page: Page, nginx: Nginx, demo: Path) -> None:
    from ybbulletin.project import load_archive

    archive = load_archive(demo)
    cases = [
        c
        for a in archive.issues
        for e in a.issue.entries
        if e.kind == "case_notice"
        for c in e.cases
    ]
    page.goto(nginx.url + "cases/index.html")
    for name in ("involved", "recovered", "fined"):
        expected = sum((getattr(c.amounts, name) or Decimal(0) for c in cases), Decimal(0))
        shown = page.locator(f".cases-summary [data-total={name}]").inner_text()
        assert Decimal(shown) == expected, name
        cells = page.locator(f"td[data-amount={name}]").all_inner_texts()
        assert sum(Decimal(t) for t in cells if t != "—") == expected
        assert "" not in cells
    assert page.locator("table.cases tbody tr").count() == len(cases) == 6
    # each case links to its place in the notice
    page.get_by_role("link", name="李进某冒名住院骗取医保基金案").click()
    assert page.url.endswith("/2021/01/02.html#case-6")
    assert page.locator("#case-6 h2").inner_text() == "六、李进某冒名住院骗取医保基金案"


@pytest.mark.parametrize(("name", "width"), [("desktop", 1280), ("phone", 375)])
def test_screenshots_and_no_horizontal_scroll(
    browser: Browser, nginx: Nginx, built_demo: Path, name: str, width: int
) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for path in site_pages(built_demo):
        page.goto(nginx.url + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}px"
    # what must be seen on each screenshot: the red 报头, the article's title, the case table
    for path, selector, colour, share in (
        ("index.html", ".masthead-name", "red", 0.05),
        ("2021/01/05.html", ".article-title", "dark", 0.03),
        ("cases/index.html", "table.cases", "dark", 0.01),
    ):
        page.goto(nginx.url + path)
        shot = SCREENSHOTS / f"{name}-{path.replace('/', '_').removesuffix('.html')}.png"
        page.screenshot(path=str(shot), full_page=True)
        box = page.locator(selector).bounding_box()
        assert box is not None, (path, selector)
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= width, (path, selector, box)
        painted = ink(
            shot, colour, (box["x"], box["y"], box["x"] + box["width"], box["y"] + box["height"])
        )
        assert painted.count >= share * painted.area, (path, selector, painted)
    page.close()


def test_feed_lists_every_article(built_demo: Path) -> None:
    import feedparser

    feed = feedparser.parse((built_demo / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.title == "宁夏医保信息"
    articles = [
        p for p in site_pages(built_demo) if p[:4].isdigit() and not p.endswith("index.html")
    ]
    assert (
        sorted(e.link.removeprefix("https://www.example.gov.cn/ybxx/") for e in feed.entries)
        == articles
    )
    first = feed.entries[0]
    assert first.title == "石嘴山市医保局三举措助力巩固拓展脱贫攻坚成果同乡村振兴有效衔接"
    assert first.updated.startswith("2025-08-13")


def test_sitemap_lists_every_page(built_demo: Path) -> None:
    from xml.etree import ElementTree

    tree = ElementTree.parse(built_demo / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    assert tree.getroot().tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
    locs = [e.text or "" for e in tree.getroot().findall("s:url/s:loc", ns)]
    base = "https://www.example.gov.cn/ybxx/"
    assert all(loc.startswith(base) for loc in locs)
    listed = sorted(
        (loc.removeprefix(base) or "") + ("index.html" if loc.endswith("/") else "") for loc in locs
    )
    assert listed == site_pages(built_demo)
    assert all(e.text for e in tree.getroot().findall("s:url/s:lastmod", ns))


def test_site_works_from_file_urls(page: Page, built_demo: Path) -> None:
    page.goto((built_demo / "index.html").as_uri())
    page.get_by_role("link", name="查看本期").click()
    assert page.url.endswith("/2025/12/index.html")
    page.get_by_role("link", name="往期").first.click()
    assert page.url.endswith("/archive/index.html")
