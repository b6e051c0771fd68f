"""Site search in Chromium: a query table over the demo and a generated archive, over HTTP
(at the root and under a sub-path) and from file://; untrusted queries; no JavaScript.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, Page

from tests.conftest import REPO, Nginx, copy_project, open_page, page_errors, run_nginx
from tests.e2e.search_archive import generate

# (query, the article that must be among the first three results)
DEMO_QUERIES = [
    ("医保基金", "2021/01/01.html"),
    ("欺诈骗保", "2021/01/06.html"),
    ("中卫仁爱医院", "2021/01/02.html"),  # a case subject
    ("挂床住院", "2021/01/02.html"),  # a case's method
    ("李进某", "2021/01/02.html"),
    ("宁夏德融泽医药连锁", "2021/01/02.html"),
    ("医保电子凭证", "2021/01/07.html"),
    ("催缴", "2021/01/08.html"),
    ("医共体", "2021/01/04.html"),
    ("综合医改", "2021/01/04.html"),
    ("因病致贫返贫", "2021/01/05.html"),
    ("医保目录", "2021/01/03.html"),
    ("安利", "2021/01/09.html"),
    ("添执法新", "2021/01/06.html"),  # a substring of a title across words
    ("绩效评价", "2021/01/01.html"),
    ("石嘴山", "2025/12/01.html"),
    ("吴忠", "2025/12/02.html"),
    ("三个三", "2025/12/03.html"),
    ("防返贫监测", "2025/12/04.html"),
    ("暖心纽带", "2025/12/05.html"),
    ("盐池县", "2025/12/05.html"),
    ("乡村振兴 有效衔接", "2025/12/01.html"),  # two words
    ("青铜峡市医保局", "2025/12/03.html"),  # a source
]

GENERATED_QUERIES = [
    ("门诊慢特病", "2023/03/02.html"),
    ("待遇认定", "2023/03/02.html"),
    ("长期护理保险", "2023/07/04.html"),
    ("失能老人", "2023/07/04.html"),  # only in the body
    ("DRG", "2023/12/01.html"),
    ("ｄｉｐ", "2023/12/01.html"),  # full-width, lower case
    ("按疾病诊断相关分组付费", "2023/12/01.html"),
    ("异地就医直接结算", "2023/15/06.html"),
    ("冒名就医", "2023/18/03.html"),
    ("医保码", "2023/21/05.html"),
    ("清风行动", "2023/24/08.html"),
    ("串换药品", "2023/24/08.html"),
    ("商保", "2023/27/02.html"),
    ("第7-3号", "2023/07/03.html"),  # a substring of a generated title
    ("中卫仁爱医院", "2021/01/02.html"),  # the demo's articles are still found among 260
]


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    with open_page(browser) as page:
        errors = page_errors(page, dialogs=True)
        yield page
    assert errors == []


@pytest.fixture(scope="module")
def generated_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from ybbulletin.build import build

    root = copy_project(REPO, tmp_path_factory.mktemp("search") / "archive")
    generate(root)
    build(root, root / "build", formats=("html",), drafts=True)
    return root / "build" / "site"


@pytest.fixture(scope="module")
def generated_server(
    generated_site: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Nginx]:
    """The generated site under a sub-path, as on a provincial platform: /ybxx/."""
    with run_nginx(generated_site, tmp_path_factory.mktemp("nginx-search"), "ybxx") as server:
        yield server


def search(page: Page, base: str, query: str) -> list[str]:
    """The article paths of the results, in order, for ``query`` typed on the search page."""
    page.goto(base + "search/index.html?q=" + quote(query))
    status = page.locator("#search-status")
    page.wait_for_function(
        "() => { const t = document.getElementById('search-status').textContent;"
        " return t && !t.startsWith('正在'); }"
    )
    assert status.inner_text()
    hrefs = page.eval_on_selector_all(
        "#search-results li h2 a", "els => els.map(e => e.getAttribute('href'))"
    )
    return [h.removeprefix("../") for h in hrefs]


def check_table(page: Page, base: str, table: list[tuple[str, str]]) -> None:
    missed = []
    for query, expected in table:
        top = search(page, base, query)[:3]
        if expected not in top:
            missed.append(f"{query}: {expected} not in {top}")
    assert missed == []


def test_query_table_over_http(page: Page, nginx: Nginx) -> None:
    check_table(page, nginx.url, DEMO_QUERIES)


def test_query_table_from_file_urls(page: Page, built_demo: Path) -> None:
    check_table(page, built_demo.as_uri() + "/", DEMO_QUERIES)


def test_query_table_on_a_generated_archive_under_a_sub_path(
    page: Page, generated_server: Nginx
) -> None:
    assert generated_server.url.endswith("/ybxx/")
    check_table(page, generated_server.url, GENERATED_QUERIES)
    statuses = {status for status, _path in generated_server.requests()}
    assert statuses <= {200, 304}  # every file found (304: cached from an earlier query)


def test_query_table_on_a_generated_archive_from_file_urls(
    page: Page, generated_site: Path
) -> None:
    check_table(page, generated_site.as_uri() + "/", GENERATED_QUERIES)


def test_results_show_issue_title_date_and_highlighted_snippet(page: Page, nginx: Nginx) -> None:
    search(page, nginx.url, "挂床住院")
    first = page.locator("#search-results li").first
    assert first.locator("h2 a").inner_text() == "关于我区6起欺诈骗取医保基金典型案例的通报"
    meta = first.locator(".result-meta").inner_text()
    assert "2021年第1期（总第39期）" in meta
    assert "2021-01-08" in meta
    page.wait_for_selector("#search-results li .result-snippet mark")
    assert "挂床住院" in first.locator(".result-snippet mark").all_inner_texts()
    # the result links to the article, relative to the search page
    first.locator("h2 a").click()
    assert page.url == nginx.url + "2021/01/02.html"


def test_the_query_is_kept_in_the_url_and_the_box(page: Page, nginx: Nginx) -> None:
    page.goto(nginx.url + "2025/12/01.html")
    page.locator("#site-search-q").fill("医共体")
    page.locator("#site-search-q").press("Enter")
    page.wait_for_url("**/search/index.html?q=*")
    assert "q=%E5%8C%BB%E5%85%B1%E4%BD%93" in page.url
    page.wait_for_selector("#search-results li")
    assert page.locator("#search-q").input_value() == "医共体"


@pytest.mark.parametrize(
    "query",
    [
        '<img src=x onerror=alert(1)>"><script>alert(2)</script>',
        "</mark><b>粗</b>医保",
    ],
)
def test_queries_holding_html_show_as_text(page: Page, nginx: Nginx, query: str) -> None:
    search(page, nginx.url, query)
    assert query[:30] in page.locator("#search-status").inner_text()
    assert page.locator("#main img, #main script:not([src]), #main b").count() == 0


def test_empty_and_very_long_queries_answer_sensibly(page: Page, nginx: Nginx) -> None:
    page.goto(nginx.url + "search/index.html?q=")
    assert "请输入要查找的词语" in page.locator("#search-status").inner_text()
    assert page.locator("#search-results li").count() == 0
    long = "医保基金" * 125  # 500 characters
    results = search(page, nginx.url, long)
    status = page.locator("#search-status").inner_text()
    assert "只按前 64 个字查找" in status
    assert "2021/01/01.html" in results[:3]  # 医保基金 in its title


def test_without_javascript_a_note_says_what_to_do(browser: Browser, nginx: Nginx) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(nginx.url + "search/index.html?q=医保")
    note = page.locator(".search-note")
    assert note.is_visible()
    assert "需要浏览器启用 JavaScript" in note.inner_text()
    context.close()
