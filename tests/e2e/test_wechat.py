"""The 公众号 copy page in headless Chromium: the clipboard read back, the phone-width look."""

from __future__ import annotations

import functools
import http.server
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Browser, BrowserContext, Page

from tests.conftest import REPO
from tests.e2e.test_serve import Preview, _raw_status
from tests.e2e.test_serve import preview as serve_preview  # noqa: F401 - a fixture

SCREENSHOTS = REPO / "build" / "screenshots"
PHONE = {"width": 375, "height": 812}

READ_CLIPBOARD = """async () => {
  const found = {};
  for (const item of await navigator.clipboard.read()) {
    for (const type of item.types) { found[type] = await (await item.getType(type)).text(); }
  }
  return found;
}"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def served(built_demo: Path) -> Iterator[str]:
    """The demo's whole build/ folder (site and wechat) over http on 127.0.0.1."""
    handler = functools.partial(_Quiet, directory=str(built_demo.parent))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    yield context
    context.close()


def copy_article(page: Page, number: str) -> dict[str, str]:
    page.locator(f"button[data-copy-article='{number}']").click()
    status = page.locator(f"#a{number} .status")
    status.filter(has_text="已复制正文").wait_for()
    found: dict[str, str] = page.evaluate(READ_CLIPBOARD)
    return found


@pytest.mark.parametrize("issue", ["2021/01", "2025/12"])
def test_copy_button_puts_the_fragment_on_the_clipboard(
    context: BrowserContext, served: str, built_demo: Path, issue: str
) -> None:
    folder = built_demo.parent / "wechat" / issue
    page = context.new_page()
    page.goto(f"{served}wechat/{issue}/index.html")
    buttons = page.get_by_role("button", name="复制正文")
    numbers = sorted(p.stem for p in folder.glob("[0-9][0-9].html"))
    assert buttons.count() == len(numbers)
    for number in numbers:
        clipboard = copy_article(page, number)
        assert clipboard["text/html"] == (folder / f"{number}.html").read_text(encoding="utf-8")
        assert clipboard["text/plain"].startswith("来源：")
        assert "style=" not in clipboard["text/plain"]
    page.close()


def test_copy_works_without_the_async_clipboard_api(
    context: BrowserContext, served: str, built_demo: Path
) -> None:
    """Older browsers in offices have no ClipboardItem: the copy event carries both flavours."""
    page = context.new_page()
    page.add_init_script("delete window.ClipboardItem;")
    page.goto(f"{served}wechat/2025/12/index.html")
    assert page.evaluate("typeof window.ClipboardItem") == "undefined"
    clipboard = copy_article(page, "03")
    fragment = (built_demo.parent / "wechat/2025/12/03.html").read_text(encoding="utf-8")
    assert clipboard["text/html"] == fragment
    page.close()


def test_axe_finds_nothing_on_the_copy_page(context: BrowserContext, served: str) -> None:
    from tests.e2e.test_readers import axe_violations

    page = context.new_page()
    for issue in ("2021/01", "2025/12"):
        page.goto(f"{served}wechat/{issue}/index.html")
        assert axe_violations(page) == [], issue
    page.close()


def test_field_buttons_copy_title_digest_and_link(context: BrowserContext, served: str) -> None:
    page = context.new_page()
    page.goto(f"{served}wechat/2025/12/index.html")
    for field in ("title", "author", "digest", "url"):
        page.locator(f"button[data-copy-field='{field}-01']").click()
        text = page.evaluate("navigator.clipboard.readText()")
        assert text == page.locator(f"#{field}-01").inner_text()
    assert text == "https://www.example.gov.cn/ybxx/2025/12/01.html"
    page.close()


def test_phone_width_preview_beside_the_site_article(browser: Browser, served: str) -> None:
    """The same article at phone width: 公众号 preview and site page, one picture to look at.

    Asserted: the preview's body paragraphs are the site's, word for word; neither
    scrolls sideways at 375 px; body text 16 px with a 2-character indent.
    """
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    wide = browser.new_page(viewport={"width": 1100, "height": 900})
    wide.goto(f"{served}wechat/2025/12/index.html")
    phone = wide.locator("#a01 .phone")
    body = phone.locator(".phone-body")
    paragraphs = body.locator("p").evaluate_all(
        "ps => ps.filter(p => getComputedStyle(p).textIndent === '32px').map(p => p.innerText)"
    )
    first = body.locator("p").nth(1)
    assert first.evaluate("p => getComputedStyle(p).fontSize") == "16px"
    assert phone.evaluate("e => e.scrollWidth <= e.clientWidth")
    wechat_shot = SCREENSHOTS / "wechat-2025-12-01-phone.png"
    phone.screenshot(path=str(wechat_shot))
    site = browser.new_page(viewport=PHONE)
    site.goto(f"{served}site/2025/12/01.html")
    assert site.locator(".article-body > p").all_inner_texts() == paragraphs
    assert site.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    site_shot = SCREENSHOTS / "site-2025-12-01-phone.png"
    site.screenshot(path=str(site_shot), full_page=True)
    side_by_side(site_shot, wechat_shot, SCREENSHOTS / "wechat-beside-site-2025-12-01.png")
    wide.close()
    site.close()


def side_by_side(left: Path, right: Path, target: Path) -> None:
    with Image.open(left) as a, Image.open(right) as b:
        height = max(a.height, b.height)
        sheet = Image.new("RGB", (a.width + b.width + 24, height), (200, 200, 200))
        sheet.paste(a, (0, 0))
        sheet.paste(b, (a.width + 24, 0))
        sheet.save(target)


def test_serve_shows_the_copy_pages_beside_the_site(serve_preview: Preview) -> None:  # noqa: F811
    """`ybbulletin serve` builds the 公众号 pages too and serves them under /wechat/."""
    preview = serve_preview
    with urllib.request.urlopen(preview.url + "wechat/2025/12/", timeout=30) as response:
        page = response.read().decode("utf-8")
    assert "复制正文" in page
    assert "《宁夏医保信息》2025年第12期（总第130期）" in page
    with urllib.request.urlopen(preview.url + "wechat/2025/12", timeout=30) as response:
        assert response.url.endswith("/wechat/2025/12/")  # redirected into the folder
    for target in ("/wechat/../site/index.html", "/wechat/%2e%2e/2025/12/01.html"):
        assert _raw_status(preview.port, target) == 404
    preview.edit("今年以来，石嘴山市医保局", "2025年以来，石嘴山市医保局")
    deadline = time.monotonic() + 60
    while True:
        with urllib.request.urlopen(preview.url + "wechat/2025/12/01.html", timeout=30) as r:
            if "2025年以来，石嘴山市医保局" in r.read().decode("utf-8"):
                break
        assert time.monotonic() < deadline, preview.output()
        time.sleep(0.2)
