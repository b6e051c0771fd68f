"""Pure parts of the 公众号 export: markup from tokens, digests, plain text, upload copies."""

from __future__ import annotations

import io
import random

import pytest
from PIL import Image

from ybbulletin.markdown import parse
from ybbulletin.render.walk import Place
from ybbulletin.render.wechat_fragment import FragmentError, clean_markup, plain_text
from ybbulletin.render.wechat_images import upload_ready
from ybbulletin.render.wechat_markup import Markup, render_blocks
from ybbulletin.render.wechat_meta import make_digest

PLACE = Place("issues/2025", link_base="https://x.example/", page="2025/01/01.html")


def markup_of(text: str) -> tuple[str, Markup]:
    markup = Markup(lambda src: "https://x.example/" + src)
    return render_blocks(parse(text), markup, PLACE), markup


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("3. 三\n4. 四\n", '<p class="li d1">3. 三</p>\n<p class="li d1">4. 四</p>\n'),
        ("1) 甲\n", '<p class="li d1">1) 甲</p>\n'),
        (
            "- 甲\n\n  续段\n- 乙\n",
            '<p class="li d1">• 甲</p>\n<p class="li-more d1">续段</p>\n'
            '<p class="li d1">• 乙</p>\n',
        ),
        ("- - 深\n", '<p class="li d1">•</p>\n<p class="li d2">◦ 深</p>\n'),
        ("```\na < b\nc\n```\n", '<p class="code">a &lt; b<br>c</p>\n'),
        ("# 一、总体\n", '<h2 class="lv1">一、总体</h2>\n'),
        ("##### 深层\n", '<h4 class="lv4">深层</h4>\n'),
        ("> 引\n", '<blockquote class="quote">\n<p class="quote">引</p>\n</blockquote>\n'),
        (
            "![图](a.png)\n",
            '<p class="figure"><img class="image" src="https://x.example/a.png" alt="图"></p>\n',
        ),
    ],
)
def test_blocks(source: str, expected: str) -> None:
    assert markup_of(source)[0] == expected


def test_links_become_numbered_notes_one_number_per_address() -> None:
    html, markup = markup_of(
        "[甲](https://a.example/)、[乙](https://b.example/)、[甲再](https://a.example/)"
    )
    assert html.count('<span class="ref">[1]</span>') == 2
    assert '乙</span><span class="ref">[2]</span>' in html
    assert markup.links.notes == [("https://a.example/", "甲"), ("https://b.example/", "乙")]


def test_a_link_without_an_address_to_note_is_plain_text() -> None:
    markup = Markup(lambda src: src)
    no_base = Place("issues/2025", link_base="", page="2025/01/01.html")
    text = "看[下文](#x)和[上期](../../2024/12/01.html)。"
    assert render_blocks(parse(text), markup, no_base) == '<p class="p">看下文和上期。</p>\n'
    assert markup.links.notes == []
    _html, markup = markup_of(text)
    assert markup.links.notes == [("https://x.example/2024/12/01.html", "上期")]


@pytest.mark.parametrize(
    ("paragraph", "digest"),
    [
        ("短的一段。", "短的一段。"),
        (
            "甲" * 60 + "。" + "乙" * 60 + "！" + "丙" * 20 + "。",
            "甲" * 60 + "。" + "乙" * 60 + "！",
        ),
        ("甲" * 100 + "，" + "乙" * 100 + "。", "甲" * 100 + "……"),
        ("甲" * 200, "甲" * 126 + "……"),
        ("他说：“好。”" + "乙" * 130, "他说：“好。”"),
    ],
)
def test_digest_is_the_first_paragraph_cut_at_a_sentence_end(paragraph: str, digest: str) -> None:
    tokens = parse(f"# 标题\n\n{paragraph}\n\n第二段。")
    assert make_digest([tokens]) == digest
    assert len(make_digest([tokens])) <= 128


def test_plain_text_keeps_indents_lines_and_cells() -> None:
    fragment = (
        '<section><p style="text-indent:2em">甲<br>乙</p>'
        '<table><tr><td>1</td><td>2</td></tr></table><p style="margin:0">丙 &amp; 丁</p></section>'
    )
    assert plain_text(fragment) == "\u3000\u3000甲\n乙\n1\t2\n丙 & 丁\n"


def _png(width: int, height: int, seed: int) -> bytes:
    rng = random.Random(seed)
    out = io.BytesIO()
    Image.frombytes("RGB", (width, height), rng.randbytes(width * height * 3)).save(out, "PNG")
    return out.getvalue()


def test_small_enough_files_are_kept_as_they_are() -> None:
    data = _png(20, 20, 1)
    prepared = upload_ready(data, "png")
    assert (prepared.data, prepared.changed, prepared.fits) == (data, False, True)


def test_large_images_are_scaled_down_until_they_fit() -> None:
    data = _png(1200, 900, 2)  # noise: about 3 MB as PNG
    prepared = upload_ready(data, "jpg", limit=600_000)
    assert prepared.fits
    assert len(prepared.data) < 600_000
    with Image.open(io.BytesIO(prepared.data)) as image:
        assert image.format == "JPEG"
        assert image.size[0] < 1200
        assert abs(image.size[0] / image.size[1] - 4 / 3) < 0.01


@pytest.mark.slow  # over 0.3 s: the full suite runs it, not the edit loop
def test_an_image_that_cannot_fit_without_becoming_unreadable_is_reported() -> None:
    prepared = upload_ready(_png(960, 720, 3), "png", limit=100_000)
    assert not prepared.fits
    assert max(prepared.size) == 800  # stopped at MIN_SIDE, not shrunk further


@pytest.mark.parametrize(
    "markup",
    [
        '<section><div style="x">甲</div></section>',
        '<p onclick="alert(1)">甲</p>',
        '<p id="x">甲</p>',
        '<img src="a.png" title="t">',
        "<p>甲<!-- 注释 --></p>",
        '<a href="https://a.example/">甲</a>',
    ],
)
def test_the_last_pass_refuses_what_the_editor_would_drop(markup: str) -> None:
    with pytest.raises(FragmentError):
        clean_markup(markup)


def test_the_last_pass_drops_only_the_class_hooks() -> None:
    markup = (
        '<p class="p" style="text-indent:2em">“甲” &amp; 1&gt;0<br>'
        '<img class="image" src="a.png" alt="1>2"></p>'
    )
    assert clean_markup(markup) == (
        '<p style="text-indent:2em">“甲” &amp; 1&gt;0<br><img src="a.png" alt="1>2"></p>'
    )
