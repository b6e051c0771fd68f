"""The site as its readers use it, checked with third-party tools in Chromium: axe-core on
every page type, the W3C Nu checker, 字号 and 适老化 kept across pages, the keyboard, the
case register's filter, sort and downloads, and printing an article.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import shutil
import subprocess
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.conftest import REPO, Nginx, open_page, page_errors

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SCREENSHOTS = REPO / "build" / "screenshots"

# One page of every type the site has.
PAGE_TYPES = [
    "index.html",
    "archive/index.html",
    "2025/12/index.html",
    "2025/12/01.html",  # a work update
    "2021/01/02.html",  # a case notice
    "2021/01/05.html",  # an experience report with its 按语
    "sections/news/index.html",
    "cases/index.html?year=2021",
    "search/index.html?q=医保基金",
    "sitemap/index.html",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    with open_page(browser) as page:
        errors = page_errors(page)
        yield page
    assert errors == []


def axe_violations(page: Page) -> list[str]:
    if not AXE.is_file():
        pytest.fail("axe-core is not installed: run `make test` (scripts/setup-node.sh)")
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return result.violations.map(v =>
                v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '));
        }""",
        AXE_TAGS,
    )
    return list(found)


def axe_on_every_page_type(page: Page, nginx: Nginx) -> dict[str, list[str]]:
    """axe's violations on each of PAGE_TYPES that has any."""
    found = {}
    for path in PAGE_TYPES:
        page.goto(nginx.url + path)
        page.wait_for_load_state("networkidle")
        violations = axe_violations(page)
        if violations:
            found[path] = violations
    return found


@pytest.mark.parametrize("mode", ["default", "elder"])
def test_axe_finds_nothing_on_any_page_type(page: Page, nginx: Nginx, mode: str) -> None:
    if mode == "elder":
        page.goto(nginx.url)
        page.locator("[data-elder]").click()
    assert axe_on_every_page_type(page, nginx) == {}


def test_axe_finds_nothing_at_phone_width(browser: Browser, nginx: Nginx) -> None:
    with open_page(browser, 375, 800) as page:
        found = axe_on_every_page_type(page, nginx)
    assert found == {}


def test_nu_checker_finds_no_errors(built_demo: Path) -> None:
    java = shutil.which("java")
    if java is None or not VNU.is_file():
        pytest.fail("the Nu checker needs Java and vnu-jar: run `make test`")
    result = subprocess.run(
        [
            java,
            "-jar",
            str(VNU),
            "--errors-only",
            "--format",
            "json",
            "--skip-non-html",
            built_demo,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    assert [f"{m.get('url')}: {m.get('message')}" for m in messages] == []


def test_headings_never_skip_a_level(page: Page, nginx: Nginx) -> None:
    for path in PAGE_TYPES:
        page.goto(nginx.url + path)
        levels = page.eval_on_selector_all(
            "h1, h2, h3, h4, h5, h6", "els => els.map(e => Number(e.tagName[1]))"
        )
        assert levels[0] == 1, path
        assert levels.count(1) == 1, path
        for before, after in itertools.pairwise(levels):
            assert after <= before + 1, (path, levels)


def body_size(page: Page) -> str:
    return str(page.locator(".article-body").evaluate("e => getComputedStyle(e).fontSize"))


def test_font_size_is_remembered_and_pressed(page: Page, nginx: Nginx) -> None:
    page.goto(nginx.url + "2025/12/01.html")
    large = page.locator(".font-size [data-size=l]")
    assert large.get_attribute("role") == "button"
    assert page.locator(".font-size [data-size=m]").get_attribute("aria-pressed") == "true"
    assert large.get_attribute("aria-pressed") == "false"
    large.click()
    assert body_size(page) == "21px"
    assert large.get_attribute("aria-pressed") == "true"
    assert page.locator(".font-size [data-size=m]").get_attribute("aria-pressed") == "false"
    page.locator("a[rel=next]").click()
    page.wait_for_url("**/2025/12/02.html")
    assert body_size(page) == "21px"
    assert page.locator(".font-size [data-size=l]").get_attribute("aria-pressed") == "true"
    page.locator(".font-size [data-size=s]").click()
    page.goto(nginx.url + "2021/01/02.html")
    assert body_size(page) == "15px"


def test_elder_mode_from_every_page_is_remembered(page: Page, nginx: Nginx) -> None:
    for path in PAGE_TYPES:
        page.goto(nginx.url + path)
        toggle = page.locator("[data-elder]")
        assert toggle.is_visible(), path
        assert toggle.get_attribute("aria-pressed") == "false", path
    page.goto(nginx.url + "cases/index.html")
    page.locator("[data-elder]").click()
    assert page.locator("[data-elder]").get_attribute("aria-pressed") == "true"
    page.goto(nginx.url + "2025/12/01.html")
    assert "elder" in (page.locator("html").get_attribute("class") or "")
    assert page.locator("[data-elder]").get_attribute("aria-pressed") == "true"
    assert body_size(page) == "24px"  # larger text
    body = page.locator("body")
    assert body.evaluate("e => getComputedStyle(e).color") == "rgb(0, 0, 0)"  # higher contrast
    height = page.locator(".font-size [data-size=l]").evaluate(
        "e => e.getBoundingClientRect().height"
    )
    assert height >= 44  # bigger targets
    page.locator("[data-elder]").click()
    page.goto(nginx.url + "index.html")
    assert "elder" not in (page.locator("html").get_attribute("class") or "")


def test_elder_mode_works_from_file_urls(page: Page, built_demo: Path) -> None:
    page.goto((built_demo / "index.html").as_uri())
    page.locator("[data-elder]").click()
    page.goto((built_demo / "2021/01/05.html").as_uri())
    assert page.locator("[data-elder]").get_attribute("aria-pressed") == "true"
    assert body_size(page) == "24px"


def test_keyboard_only(page: Page, nginx: Nginx) -> None:
    page.goto(nginx.url + "2025/12/01.html")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.inner_text() == "跳到正文"
    assert skip.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    # the 字号 control and the 适老化 toggle answer Enter and Space
    page.locator(".font-size [data-size=l]").focus()
    page.keyboard.press("Space")
    assert body_size(page) == "21px"
    page.locator(".font-size [data-size=m]").focus()
    page.keyboard.press("Enter")
    assert body_size(page) == "18px"
    page.locator("[data-elder]").focus()
    page.keyboard.press("Space")
    assert page.locator("[data-elder]").get_attribute("aria-pressed") == "true"
    # the search box: type and Enter
    page.locator("#site-search-q").focus()
    page.keyboard.type("医共体")
    page.keyboard.press("Enter")
    page.wait_for_selector("#search-results li")
    # every focusable control shows where the focus is
    page.goto(nginx.url + "cases/index.html")
    page.locator("select[name=year]").focus()
    page.keyboard.press("ArrowDown")  # 2021年
    page.wait_for_url("**year=2021*")
    page.locator("th[data-sort=involved] button").focus()
    page.keyboard.press("Enter")
    assert page.locator("th[data-sort=involved]").get_attribute("aria-sort") == "descending"


def visible_titles(page: Page) -> list[str]:
    return page.locator("table.cases tbody tr:not([hidden]) td:first-child").all_inner_texts()


def summary(page: Page, name: str) -> Decimal:
    return Decimal(page.locator(f".cases-summary [data-total={name}]").inner_text())


def test_register_filter_sort_and_totals(page: Page, nginx: Nginx) -> None:
    page.goto(nginx.url + "cases/index.html?type=个人")
    assert visible_titles(page) == ["冯文某冒名住院骗取医保基金案", "李进某冒名住院骗取医保基金案"]
    assert summary(page, "count") == 2
    assert summary(page, "involved") == Decimal("5.07")  # 4.70 + 0.37
    assert summary(page, "fined") == Decimal("1.86")  # the other gives none
    assert page.locator("tfoot [data-total=involved]").inner_text() == "5.07"
    assert "筛选：个人" in page.locator(".cases-summary").inner_text()
    # another filter, chosen in the form, goes into the URL
    page.locator("select[name=type]").select_option("")
    page.locator("select[name=region]").select_option("中卫市")
    assert page.url.endswith("cases/index.html?region=%E4%B8%AD%E5%8D%AB%E5%B8%82")
    assert summary(page, "count") == 2
    assert summary(page, "involved") == Decimal("469.49")
    # sort by the fine, largest first, then smallest first; cases without one stay last
    page.locator("select[name=region]").select_option("")
    page.locator("th[data-sort=fined] button").click()
    assert "sort=fined-desc" in page.url
    fines = page.locator("td[data-amount=fined]").all_inner_texts()
    assert fines == ["924.10", "14.49", "1.86", "—", "—", "—"]
    page.locator("th[data-sort=fined] button").click()
    fines = page.locator("td[data-amount=fined]").all_inner_texts()
    assert fines == ["1.86", "14.49", "924.10", "—", "—", "—"]
    # the URL gives the same view again
    page.goto(nginx.url + "cases/index.html?method=冒名住院&sort=involved-desc")
    assert visible_titles(page) == ["冯文某冒名住院骗取医保基金案", "李进某冒名住院骗取医保基金案"]
    assert page.locator("select[name=method]").input_value() == "冒名住院"
    # a filter that matches nothing says so
    page.goto(nginx.url + "cases/index.html?region=中宁县&type=个人")
    assert visible_titles(page) == []
    assert page.locator("[data-register-empty]").is_visible()
    assert summary(page, "involved") == Decimal("0")


def test_register_without_javascript_is_the_full_table(browser: Browser, nginx: Nginx) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(nginx.url + "cases/index.html?year=2021&type=个人")
    assert page.locator("table.cases tbody tr").count() == 6
    assert page.locator("[data-register-filter]").is_hidden()
    assert page.locator("table.cases caption").inner_text().startswith("案例一览")
    assert page.locator(".chart svg").count() == 3  # drawn at build time
    assert page.locator(".chart table caption").count() == 3
    subjects = page.locator("td[data-label=当事方]").all_inner_texts()
    assert "中卫仁爱医院" in subjects
    assert not any("（" in s for s in subjects)  # the type is its own column
    context.close()


def test_register_downloads_open_as_tables(page: Page, nginx: Nginx) -> None:
    from openpyxl import load_workbook

    from ybbulletin.render.register import COLUMNS

    raw = page.request.get(nginx.url + "cases/cases.csv").body()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert list(rows[0]) == list(COLUMNS)
    assert len(rows) == 6
    first = rows[0]
    assert first["当事方"] == "中卫仁爱医院"
    assert first["当事方类型"] == "医院"
    assert Decimal(first["罚款金额（万元）"]) == Decimal("924.10")
    assert first["页面"] == "https://www.example.gov.cn/ybxx/2021/01/02.html#case-1"
    assert rows[3]["涉案金额（万元）"] == ""  # the notice gives none
    data = page.request.get(nginx.url + "cases/cases.xlsx").body()
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    table = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert table[0] == list(COLUMNS)
    assert len(table) == 7
    assert table[1][COLUMNS.index("罚款金额（万元）")] == pytest.approx(924.10)
    assert table[4][COLUMNS.index("涉案金额（万元）")] is None
    assert table[1][0] == 2021


def test_printed_article_names_the_publication_issue_date_and_address(
    page: Page, nginx: Nginx, tmp_path: Path
) -> None:
    page.goto(nginx.url + "2021/01/02.html")
    pdf = tmp_path / "article.pdf"
    page.pdf(path=str(pdf), format="A4")
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "《宁夏医保信息》2021年第1期（总第39期）" in text
    assert "2021年1月8日" in text
    assert "https://www.example.gov.cn/ybxx/2021/01/02.html" in text
    assert "上一篇" not in text  # the site's navigation stays off paper
    assert "跳到正文" not in text


def test_printed_register_has_one_total_row(page: Page, nginx: Nginx, tmp_path: Path) -> None:
    page.goto(nginx.url + "cases/index.html")
    pdf = tmp_path / "cases.pdf"
    page.pdf(path=str(pdf), format="A4")
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert text.count("合计（") == 1
    assert "筛选案例" not in text


@pytest.mark.parametrize(("name", "width"), [("desktop", 1280), ("phone", 375)])
def test_screenshots_of_the_readers_pages(
    browser: Browser, nginx: Nginx, name: str, width: int
) -> None:
    """Screenshots for a person to look at (build/screenshots/readers-*.png)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    shots = [
        ("home", "index.html", ".downloads"),
        ("search", "search/index.html?q=医保基金", "#search-results li mark"),
        ("register", "cases/index.html?region=中卫市", ".chart svg rect"),
    ]
    for shot, path, needed in shots:
        page.goto(nginx.url + path)
        page.wait_for_selector(needed)
        page.screenshot(path=str(SCREENSHOTS / f"readers-{name}-{shot}.png"), full_page=True)
    page.locator("[data-elder]").click()
    page.goto(nginx.url + "2021/01/05.html")
    assert body_size(page) in ("24px", "22px")  # 22px on phones
    page.screenshot(path=str(SCREENSHOTS / f"readers-{name}-article-elder.png"), full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    context.close()
