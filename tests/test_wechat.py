"""The 公众号 export read back as the platform would: fragments, draft.json, images, limits."""

from __future__ import annotations

import csv
import io
import json
import random
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest
from PIL import Image

from tests.conftest import REPO, copy_project
from tests.goldens import check_tree
from ybbulletin.build import build
from ybbulletin.cli import main

FIXTURE = Path(__file__).parent / "fixtures" / "wechat"
SCHEMA = REPO / "ybbulletin" / "templates" / "wechat" / "draft.schema.json"

# What the 公众号 editor keeps (issue 15, FIELD-NOTES): written out again here on purpose,
# independent of the renderer's own list.
KEPT = {
    "section", "p", "span", "strong", "em", "br", "img", "blockquote",
    "table", "thead", "tbody", "tr", "th", "td", "h1", "h2", "h3", "h4",
}  # fmt: skip
ATTRIBUTES = {"style"}
IMG_ATTRIBUTES = {"style", "src", "alt"}
CONTENT_LIMIT = 20_000


class FragmentCheck(HTMLParser):
    """Everything in a fragment the paste filter would drop or the platform would refuse."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.font_sizes: list[float] = []
        self.images: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in KEPT:
            self.problems.append(f"element <{tag}>")
        allowed = IMG_ATTRIBUTES if tag == "img" else ATTRIBUTES
        for name, value in attrs:
            if name not in allowed:
                self.problems.append(f"attribute {name} on <{tag}>")
            if name == "style" and value:
                if re.search(r"(^|;)\s*position\s*:", value):
                    self.problems.append(f"position in <{tag} style>")
                self.font_sizes += [float(s) for s in re.findall(r"font-size:\s*([\d.]+)px", value)]
                if re.search(r"font-size:\s*[\d.]+(?!px)[a-z%]+", value):
                    self.problems.append(f"font size not in px on <{tag}>")
            if name == "src":
                self.images.append(value or "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)


def check_fragment(text: str) -> FragmentCheck:
    checker = FragmentCheck()
    checker.feed(text)
    checker.close()
    if len(text) >= CONTENT_LIMIT or len(text.encode("utf-8")) >= 1024 * 1024:
        checker.problems.append(f"content of {len(text)} characters")
    if re.search(r"<a\b|href=", text):
        checker.problems.append("a clickable link")
    return checker


def make_images(root: Path, large: bool = True) -> None:
    """The fixture's images: a photo over 1 MB (or, not ``large``, a small one that is uploaded
    as it is: cheaper, for tests about paths only), a small chart, a GIF."""
    folder = root / "content/issues/2025/images"
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(15)
    width, height = (1800, 1200) if large else (300, 200)
    photo = Image.frombytes("RGB", (width, height), rng.randbytes(width * height * 3))
    photo.save(folder / "photo.jpg", quality=95)
    assert ((folder / "photo.jpg").stat().st_size > 1024 * 1024) == large
    chart = Image.new("RGB", (300, 200), (255, 255, 255))
    chart.paste((192, 0, 0), (20, 50, 80, 200))
    chart.save(folder / "chart.png")
    Image.new("P", (40, 40), 3).save(folder / "anim.gif")


@pytest.fixture(scope="module")
def rich(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture project built with --formats wechat; returns its build/wechat/2025/01."""
    root = copy_project(FIXTURE, tmp_path_factory.mktemp("wechat") / "rich")
    make_images(root)
    build(root, root / "build", formats=("wechat",), jobs=1)
    return root / "build/wechat/2025/01"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, rich: Path) -> dict[str, Path]:
    """The demo, the example and the fixture, built with --formats wechat."""
    found = {"fixture": rich.parent.parent}
    for name, source in (("demo", REPO), ("huaibei", REPO / "examples/huaibei")):
        root = copy_project(source, tmp_path_factory.mktemp("wechat") / name)
        build(root, root / "build", formats=("wechat",), jobs=1)
        found[name] = root / "build/wechat"
    return found


def test_golden_demo_fragments_and_drafts(built: dict[str, Path]) -> None:
    """The demo's fragments and draft.json, reviewed copies under tests/golden/wechat/.

    After an intended change: ``YB_REGENERATE=1 .venv/bin/python -m pytest tests/test_wechat.py``
    (rewrites, then fails), read ``git diff tests/golden/wechat``, run again without it.
    """
    folder = built["demo"]
    made = {
        p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(folder.rglob("*"))
        if re.fullmatch(r"\d\d\.html|draft(-\d+)?\.json", p.name)
    }
    check_tree(REPO / "tests/golden/wechat", made)


def fragments(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.html") if re.fullmatch(r"\d\d\.html", p.name))


@pytest.mark.parametrize("project", ["demo", "huaibei", "fixture"])
def test_every_fragment_holds_only_what_the_editor_keeps(
    built: dict[str, Path], project: str
) -> None:
    files = fragments(built[project])
    assert len(files) >= 4
    for path in files:
        text = path.read_text(encoding="utf-8")
        checker = check_fragment(text)
        assert checker.problems == [], path
        for forbidden in ("<style", "class=", " id="):
            assert forbidden not in text, path
        # body text in sizes the editor offers
        assert checker.font_sizes, path
        assert all(14 <= size <= 18 for size in checker.font_sizes), path


@pytest.mark.parametrize("project", ["demo", "huaibei", "fixture"])
def test_fragment_copy_page_and_draft_carry_the_same_html(
    built: dict[str, Path], project: str
) -> None:
    for index in built[project].rglob("index.html"):
        folder = index.parent
        page = index.read_text(encoding="utf-8")
        data = json.loads(re.search(r'id="wechat-data">(.*?)</script>', page, re.S)[1])  # type: ignore[index]
        names = sorted(folder.glob("draft*.json"), key=lambda p: (p.name != "draft.json", p.name))
        drafts = [json.loads(p.read_text(encoding="utf-8")) for p in names]
        contents = [a["content"] for d in drafts for a in d["articles"]]
        files = fragments(folder)
        assert [data[p.stem]["html"] for p in files] == [
            p.read_text(encoding="utf-8") for p in files
        ]
        assert contents == [p.read_text(encoding="utf-8") for p in files]
        assert all(len(d["articles"]) <= 8 for d in drafts)


# Elements whose role is generic (or paragraph, strong …) when they carry no role: ARIA 1.2 forbids
# naming them, so the W3C Nu checker reports an error and axe-core flags aria-prohibited-attr.
UNNAMEABLE = {"div", "span", "p", "b", "i", "u", "s", "small", "strong", "em", "code", "pre"}
UNNAMEABLE_ROLES = {
    "caption", "code", "deletion", "emphasis", "generic", "insertion", "paragraph",
    "presentation", "none", "strong", "subscript", "superscript",
}  # fmt: skip


class ProhibitedNames(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        given = dict(attrs)
        role = given.get("role")
        named = "aria-label" in given or "aria-labelledby" in given
        if named and (role in UNNAMEABLE_ROLES or (role is None and tag in UNNAMEABLE)):
            self.found.append(self.get_starttag_text() or tag)


@pytest.mark.parametrize("project", ["demo", "fixture"])
def test_copy_page_names_no_generic_element(built: dict[str, Path], project: str) -> None:
    for index in built[project].rglob("index.html"):
        checker = ProhibitedNames()
        checker.feed(index.read_text(encoding="utf-8"))
        assert checker.found == [], index


def test_draft_json_validates_against_the_schema_where_check_saw_no_limit(
    built: dict[str, Path],
) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(schema)
    too_long: list[str] = []
    for folder in built.values():
        for draft in sorted(folder.rglob("draft*.json")):
            payload = json.loads(draft.read_text(encoding="utf-8"))
            for error in validator.iter_errors(payload):
                assert error.validator == "maxLength", error
                assert error.path[-1] == "title", error
                too_long.append(error.instance)
    # exactly the three titles `check` warns about (see test_cli): longer than draft/add's 32
    assert sorted(len(title) for title in too_long) == [34, 35, 37]


@pytest.mark.parametrize("project", ["demo", "huaibei", "fixture"])
def test_no_text_is_lost(built: dict[str, Path], project: str) -> None:
    """Every text run of every Markdown field, every title of a case, is in the fragment."""
    from ybbulletin.plan import build_views
    from ybbulletin.project import load_archive
    from ybbulletin.render.wechat_fragment import fragment_tokens, plain_text

    folder = built[project]
    archive = load_archive(folder.parent.parent)
    checked = 0
    for issue in build_views(archive):
        for article in issue.articles:
            html = (folder / issue.dir / f"{article.index:02d}.html").read_text("utf-8")
            text = re.sub(r"\s+", "", plain_text(html))
            runs = [case.heading for case in article.cases]
            for _name, tokens in fragment_tokens(article):
                for token in tokens:
                    runs += [c.content for c in token.children or [] if c.type == "text"]
                    if token.type in ("fence", "code_block"):
                        runs += token.content.splitlines()
            for run in runs:
                assert re.sub(r"\s+", "", run) in text, (issue.dir, article.index, run)
                checked += 1
    assert checked > 10


def test_lists_links_tables_headings_and_the_note_box(rich: Path) -> None:
    text = (rich / "01.html").read_text(encoding="utf-8")
    for tag in ("<li", "<ol", "<ul"):
        assert tag not in text
    for marker in (
        "1. 在医院大厅设置引导员；",
        "2. 在药店张贴二维码；",
        "3. 开展培训。",
        "• 第一条无序项",
    ):
        assert f">{marker}</p>" in text, marker
    assert re.search(r'<p style="[^"]*margin-left:1\.5em[^"]*">◦ 收银台旁；</p>', text)
    # outside links: text, a note number, the address listed at the end and not clickable
    assert '国家医保服务平台</span><span style="font-size:14px;color:#1a4f9c">[1]</span>' in text
    assert text.count("[1]") == 3  # twice in the text (one address, one number), once in the notes
    notes = text[text.index(">注释</p>") :]
    assert ">[1] 国家医保服务平台：https://fuwu.nhsa.gov.cn/</p>" in notes
    assert ">[2] 本刊上一期：https://www.example.gov.cn/ybxx/2024/12/01.html</p>" in notes
    assert ">[3] ybj@example.gov.cn</p>" in notes
    assert "看下文" in text  # an in-page link is plain text
    assert "[4]" not in text
    # tables scroll sideways inside a section; cell alignment kept
    assert re.search(r'<section style="[^"]*overflow-x:auto[^"]*">\s*<table', text)
    assert re.search(r'<td style="[^"]*text-align:right">120345</td>', text)
    # official heading levels: 黑体-like bold, 楷体, bold, plain
    assert re.search(r'<h2 style="[^"]*font-weight:bold[^"]*">一、主要做法</h2>', text)
    assert re.search(r'<h3 style="[^"]*KaiTi[^"]*">（一）广泛宣传</h3>', text)
    assert re.search(r'<h4 style="[^"]*font-weight:bold[^"]*">1.线上宣传</h4>', text)
    assert re.search(r'<h4 style="[^"]*font-weight:normal[^"]*">（1）公众号推送</h4>', text)
    assert '">来源：测试市医保局</p>' in text
    # the fixture is not signed: what would be pasted says so, and so does the copy page
    assert re.search(
        r'^<section[^>]*>\n<p style="[^"]*color:#c00000[^"]*">草稿：本期尚未签发', text
    )
    assert "草稿：本期尚未签发，仅供审阅，不得发布到公众号" in (rich / "index.html").read_text(
        "utf-8"
    )
    assert "本文刊于《测试医保信息》2025年第1期（总第1期）" in text
    experience = (rich / "02.html").read_text(encoding="utf-8")
    assert re.search(
        r'<section style="[^"]*border:1px solid #dddddd[^"]*">\s*<p[^>]*><strong[^>]*>按：</strong>'
        r"这是按语的第一段。</p>\s*<p[^>]*>这是按语的第二段。</p>\s*</section>",
        experience,
    )
    cases = (rich / "03.html").read_text(encoding="utf-8")
    assert ">一、某某医院骗取医保基金案</h2>" in cases
    assert (
        "时间：2019-01 至 2020-06；涉案金额：462.24万元；追回：462.24万元；罚款：924.10万元"
        in cases
    )
    assert ">二、某某诊所违规案</h2>" in cases
    news = (rich / "04.html").read_text(encoding="utf-8")
    assert "记者：朱冬 徐志勤\u3000通讯员：林建" in news


def test_images_absolute_under_base_url_and_upload_ready_copies(rich: Path) -> None:
    text = (rich / "01.html").read_text(encoding="utf-8")
    sources = check_fragment(text).images
    base = "https://www.example.gov.cn/ybxx/media/issues/2025/images/"
    assert sources == [base + "photo.jpg", base + "chart.png", base + "anim.gif"]
    expected = {"01-1.jpg": "JPEG", "01-2.png": "PNG", "01-3.png": "PNG"}
    assert sorted(p.name for p in (rich / "images").iterdir()) == sorted(expected)
    for name, kind in expected.items():
        data = (rich / "images" / name).read_bytes()
        assert len(data) < 1024 * 1024
        with Image.open(io.BytesIO(data)) as image:
            assert image.format == kind
            if name == "01-1.jpg":
                assert image.width < 1800
                assert abs(image.width / image.height - 1.5) < 0.01
    chart = (rich.parent.parent.parent.parent / "content/issues/2025/images/chart.png").read_bytes()
    assert (rich / "images/01-2.png").read_bytes() == chart  # small enough: unchanged
    rows = list(csv.reader(io.StringIO((rich / "images.csv").read_text(encoding="utf-8-sig"))))
    assert rows[0] == ["上传文件", "文章", "文章标题", "图片说明", "正文中的地址", "原图", "处理"]
    # the photo appears twice (01 and 02): one upload file, two rows
    assert [(r[0], r[1], r[3]) for r in rows[1:]] == [
        ("images/01-1.jpg", "01", "宣传现场"),
        ("images/01-2.png", "01", "激活人数"),
        ("images/01-3.png", "01", "动图"),
        ("images/01-1.jpg", "02", "宣传现场再用一次"),
    ]
    drafts = json.loads((rich / "draft.json").read_text(encoding="utf-8"))["articles"]
    assert [a["thumb_media_id"] for a in drafts] == [
        "{{thumb_media_id:images/01-1.jpg}}",
        "{{thumb_media_id:images/01-1.jpg}}",
        "{{thumb_media_id}}",
        "{{thumb_media_id}}",
    ]
    assert drafts[0]["digest"] == "市医保局多措并举推进医保电子凭证在定点医药机构全场景应用。"
    assert drafts[3]["digest"] == "本报讯 6月5日，市医保局部署清查工作。会议要求各县区高度重视。"
    assert drafts[3]["author"] == "朱冬 徐志勤"
    assert drafts[0]["content_source_url"] == "https://www.example.gov.cn/ybxx/2025/01/01.html"


@pytest.mark.slow  # compresses a noise image several times over (about 12 s)
def test_limits_are_located_warnings_and_errors_under_strict(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_project(FIXTURE, tmp_path / "limits")
    make_images(root)
    rng = random.Random(7)
    noise = Image.frombytes("RGB", (1000, 1000), rng.randbytes(1000 * 1000 * 3))
    noise.save(root / "content/issues/2025/images/chart.png")  # cannot get under 1 MB as PNG
    issue = root / "content/issues/2025/01.yaml"
    long_body = "\n\n".join(
        "".join(f"这是第{i}段的第{j}句，用来超出公众号正文的字数限制。" for j in range(8))
        for i in range(80)
    )
    text = issue.read_text(encoding="utf-8").replace(
        "      正文第一段。\n", "      " + long_body.replace("\n\n", "\n\n      ") + "\n"
    )
    issue.write_text(text, encoding="utf-8")
    assert main(["--project", str(root), "check"]) == 0
    checked = capsys.readouterr().err
    assert main(["--project", str(root), "build", "--formats", "wechat"]) == 0
    built = capsys.readouterr().err
    fragment = (root / "build/wechat/2025/01/02.html").read_text("utf-8")
    assert len(fragment) > 20_000
    assert check_fragment(fragment).problems == [f"content of {len(fragment)} characters"]
    image = "图片 issues/2025/images/chart.png 无法压缩到 1 MB 以下，不能上传到公众号"
    content = f"公众号正文有 {len(fragment)} 个字符（含排版代码），应少于 20000 个"
    expected = [
        f"content/issues/2025/01.yaml:36:7: 警告: {image}",  # the image in the body
        f"content/issues/2025/01.yaml:51:5: 警告: {content}",  # the entry (its title key)
    ]
    for output in (checked, built):
        assert [line for line in output.splitlines() if ": 警告: " in line] == expected
    assert main(["--project", str(root), "check", "--strict"]) == 1
    before = sorted(p.name for p in (root / "build/wechat/2025/01").iterdir())
    assert main(["--project", str(root), "build", "--strict", "--formats", "wechat"]) == 1
    assert sorted(p.name for p in (root / "build/wechat/2025/01").iterdir()) == before


def test_without_base_url_images_point_at_the_upload_folder(tmp_path: Path) -> None:
    root = copy_project(FIXTURE, tmp_path / "nobase")
    make_images(root, large=False)
    settings = root / "ybbulletin.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace("base_url:", "# base_url:"), encoding="utf-8"
    )
    build(root, root / "build", formats=("wechat",), jobs=1)
    folder = root / "build/wechat/2025/01"
    text = (folder / "01.html").read_text(encoding="utf-8")
    assert check_fragment(text).images == ["images/01-1.jpg", "images/01-2.png", "images/01-3.png"]
    assert "本刊上一期：" not in text  # a relative link has no address to note without base_url
    assert ">[2] ybj@example.gov.cn</p>" in text
    draft = json.loads((folder / "draft.json").read_text(encoding="utf-8"))
    assert {a["content_source_url"] for a in draft["articles"]} == {""}
    shutil.rmtree(root)


def test_checking_an_issue_under_every_limit_makes_none_of_its_places(rich: Path) -> None:
    """A place is made when a limit is passed (a located file makes its lines and tables
    when first asked: every image of every issue asked for its place cost a 500-issue
    build 30 MB), the same place as before when one is (the test above)."""
    from ybbulletin.archive_cache import CACHE_FILE, ArchiveCache
    from ybbulletin.build import render_context
    from ybbulletin.plan import build_views
    from ybbulletin.project import load_archive
    from ybbulletin.render.wechat import check_issue, image_uses

    root = rich.parents[3]
    cache = ArchiveCache.load(root / "build" / CACHE_FILE)
    archive = load_archive(root, cache=cache)
    assert cache.hits == len(archive.issues) > 0  # documents kept, nothing made yet
    context = render_context(archive)
    for view in build_views(archive):
        assert image_uses(view)  # (each asked for its place, before)
        assert not check_issue(context, view).items
        made = vars(view.archive_issue.located)
        assert "lines" not in made
        assert "values" not in made
