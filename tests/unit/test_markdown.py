"""The shared Markdown configuration: CJK soft breaks, no raw HTML, safe links."""

from __future__ import annotations

from ybbulletin.errors import Diagnostics, Location
from ybbulletin.markdown import check_body, is_allowed_url, parse


def inline_text(source: str) -> str:
    tokens = parse(source)
    return "".join(
        c.content if c.type == "text" else ("\n" if c.type == "softbreak" else "")
        for t in tokens
        if t.type == "inline"
        for c in t.children or []
    )


def test_soft_break_between_chinese_characters_is_dropped() -> None:
    assert inline_text("医保基金\n绩效评价") == "医保基金绩效评价"
    assert inline_text("医保基金，\n绩效评价") == "医保基金，绩效评价"
    assert inline_text("word\nword") == "word\nword"
    assert inline_text("医保\nAPP") == "医保\nAPP"


def test_raw_html_is_text() -> None:
    tokens = parse("<script>alert(1)</script>")
    assert all(t.type != "html_block" for t in tokens)
    assert "<script>" in inline_text("<script>alert(1)</script>")


def test_tables_are_enabled() -> None:
    assert any(t.type == "table_open" for t in parse("| a | b |\n|---|---|\n| 1 | 2 |\n"))


def test_allowed_urls() -> None:
    for url in ("https://a.cn/x", "http://a.cn", "mailto:a@b.cn", "#top", "../2025/12/", "x.html"):
        assert is_allowed_url(url), url
    for url in (
        "javascript:alert(1)",
        "JavaScript:x",
        "data:text/html,x",
        "file:///etc/passwd",
        "vbscript:x",
        "//evil.example/x",
    ):
        assert not is_allowed_url(url), url


def test_refused_link_is_located_in_the_body() -> None:
    diags = Diagnostics()

    def locate(line: int, column: int) -> Location:
        return Location("x.yaml", 10 + line, 7 + column)

    check_body("第一段。\n\n见[这里](javascript:void(0))。\n", locate, diags, None)
    assert [(d.location, d.message) for d in diags.errors] == [
        (Location("x.yaml", 12, 13), "不允许的链接地址“javascript:void(0)”")
    ]
