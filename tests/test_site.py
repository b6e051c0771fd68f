"""Site rendering: escaping of untrusted content, template overrides and errors.

The golden pages (every page of the demo site) are in ``tests/test_golden.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ybbulletin.build import build, render_site
from ybbulletin.errors import ContentError
from ybbulletin.project import load_archive


def write_issue(root: Path, body_entries: str) -> None:
    path = root / "content/issues/2025/13.yaml"
    path.write_text(
        "year: 2025\nnumber: 13\ndate: 2025-09-01\nentries:\n" + body_entries, encoding="utf-8"
    )


def test_untrusted_text_is_escaped_everywhere(demo: Path) -> None:
    write_issue(
        demo,
        """  - kind: work_update
    title: 标题<script>alert("t")</script>&amp;
    source: 某局<b>
    body: |
      正文<img src=x onerror=alert(1)>。

      <script>alert("body")</script>

      [点我](javascript:alert(1))
""",
    )
    # the javascript: link is a validation error; render the rest to prove escaping
    with pytest.raises(ContentError):
        load_archive(demo)
    text = (demo / "content/issues/2025/13.yaml").read_text(encoding="utf-8")
    (demo / "content/issues/2025/13.yaml").write_text(
        text.replace("javascript:alert(1)", "https://a.cn/?q=<x>"), encoding="utf-8"
    )
    files = render_site(load_archive(demo))
    for name, data in files.items():
        if name.endswith((".html", ".xml")):
            text = data.decode("utf-8")
            assert "<script>alert" not in text, name
            assert "<img src=x" not in text, name
            assert "<b>" not in text, name
    article = files["2025/13/01.html"].decode("utf-8")
    assert "标题&lt;script&gt;alert(&#34;t&#34;)&lt;/script&gt;&amp;amp;" in article
    assert "正文&lt;img src=x onerror=alert(1)&gt;。" in article
    assert "&lt;script&gt;alert(&quot;body&quot;)&lt;/script&gt;" in article
    assert 'href="https://a.cn/?q=%3Cx%3E"' in article
    feed = files["feed.xml"].decode("utf-8")
    assert "标题&lt;script&gt;" in feed


def test_project_templates_override_by_file_name(demo: Path) -> None:
    folder = demo / "templates/site"
    folder.mkdir(parents=True)
    (folder / "_masthead.html").write_text(
        '<div class="masthead custom">{{ publication.name }}（本地模板）</div>\n', encoding="utf-8"
    )
    (folder / "assets").mkdir()
    (folder / "assets/site.css").write_text("body { color: black; }\n", encoding="utf-8")
    files = render_site(load_archive(demo))
    assert "宁夏医保信息（本地模板）" in files["2025/12/index.html"].decode()
    assert files["assets/site.css"] == b"body { color: black; }\n"
    assert b"print-button" in files["2025/12/01.html"]  # the other templates are still ours


def test_template_syntax_error_names_file_and_line(demo: Path) -> None:
    folder = demo / "templates/site"
    folder.mkdir(parents=True)
    (folder / "_masthead.html").write_text("<div>\n{% if %}\n</div>\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        render_site(load_archive(demo))
    [diagnostic] = caught.value.diagnostics.errors
    assert diagnostic.format().startswith("templates/site/_masthead.html:2:1: 错误: 模板语法错误：")


def test_template_undefined_name_names_file_and_line(demo: Path) -> None:
    folder = demo / "templates/site"
    folder.mkdir(parents=True)
    (folder / "_masthead.html").write_text(
        "<div>\n<p>{{ publication.nmae }}</p>\n</div>\n", encoding="utf-8"
    )
    with pytest.raises(ContentError) as caught:
        render_site(load_archive(demo))
    [diagnostic] = caught.value.diagnostics.errors
    assert str(diagnostic.location) == "templates/site/_masthead.html:2:1"
    assert "nmae" in diagnostic.message


def test_download_links_only_for_files_that_exist(demo: Path, built_demo: Path) -> None:
    build(demo, demo / "build", formats=("html",))
    for page in (demo / "build/site").rglob("*.html"):
        assert "files/" not in page.read_text(encoding="utf-8")
    issue_page = (built_demo / "2025/12/index.html").read_text(encoding="utf-8")
    pdf = built_demo / "files/nxyb-2025-12.pdf"
    assert pdf.read_bytes().startswith(b"%PDF-")
    # the size shown is the file's own
    size = f"{round(pdf.stat().st_size / 1000)} KB"
    link = (
        f'<a href="../../files/nxyb-2025-12.pdf" download>PDF<span class="download-size">（{size}）'
    )
    assert link in issue_page
    home = (built_demo / "index.html").read_text(encoding="utf-8")
    assert (
        f'<a href="files/nxyb-2025-12.pdf" download>PDF<span class="download-size">（{size}）'
        in home
    )
    assert '<a href="files/nxyb-2025-12.docx" download>Word<span class="download-size">' in home


@pytest.mark.slow
def test_failed_build_leaves_the_previous_output(demo: Path) -> None:
    out = demo / "build"
    build(demo, out)

    def tree() -> dict[Path, bytes]:
        return {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}

    before = tree()
    # fails at validation
    issue = demo / "content/issues/2025/12.yaml"
    text = issue.read_text(encoding="utf-8")
    issue.write_text("year: [\n", encoding="utf-8")
    with pytest.raises(ContentError):
        build(demo, out)
    assert tree() == before
    # fails while rendering, after the site pages were made
    issue.write_text(text, encoding="utf-8")
    (demo / "templates/print").mkdir(parents=True)
    (demo / "templates/print/issue.html").write_text("{% if %}\n", encoding="utf-8")
    with pytest.raises(ContentError):
        build(demo, out)
    assert tree() == before
    names = sorted(p.name for p in out.iterdir())
    # no staging left
    assert names == [
        ".ybbulletin-archive-cache",
        ".ybbulletin-manifest",
        ".ybbulletin-search-terms",
        ".ybbulletin-stamp.json",
        "docx",
        "pdf",
        "site",
        "wechat",
    ]


def test_cjk_soft_breaks_leave_no_spaces(demo: Path) -> None:
    write_issue(
        demo,
        """  - kind: work_update
    title: 换行测试
    body: |
      第一行中文
      第二行中文，
      第三行 English
      words。
""",
    )
    files = render_site(load_archive(demo))
    assert (
        "<p>第一行中文第二行中文，第三行 English\nwords。</p>" in files["2025/13/01.html"].decode()
    )


def test_footer_shows_the_registrations_that_are_set(demo: Path) -> None:
    settings = demo / "ybbulletin.yaml"
    without_site = settings.read_text(encoding="utf-8").split("\nsite:")[0]
    settings.write_text(
        without_site
        + "\nsite:\n  organizer: 某某医疗保障局办公室\n"
        + "  site_id: '6400000001'\n  icp: 宁ICP备00000000号\n",
        encoding="utf-8",
    )
    page = render_site(load_archive(demo))["index.html"].decode()
    assert "<span>主办单位：某某医疗保障局办公室</span>" in page
    assert "<span>网站标识码：6400000001</span>" in page
    assert (
        '<a href="https://beian.miit.gov.cn/" rel="noopener noreferrer">宁ICP备00000000号</a>'
        in page
    )
    assert '<meta name="SiteIDCode" content="6400000001">' in page
    assert "公网安备" not in page
    assert "承办单位" not in page
    assert "联系我们" not in page
    assert '<a href="sitemap/index.html">网站地图</a>' in page


def test_demo_footer_shows_every_item_and_gov_meta_on_every_page(demo: Path) -> None:
    files = render_site(load_archive(demo))
    pages = {p: d.decode() for p, d in files.items() if p.endswith(".html")}
    assert len(pages) > 20
    names = [
        "SiteName",
        "SiteDomain",
        "SiteIDCode",
        "ColumnName",
        "ColumnType",
        "ArticleTitle",
        "PubDate",
        "ContentSource",
        "Keywords",
        "Description",
    ]
    for path, page in pages.items():
        for name in names:
            assert f'<meta name="{name}" content="' in page, (path, name)
        for item in (
            "主办单位：",
            "承办单位：",
            "联系我们：",
            "网站地图",
            "网站标识码：",
            "ICP备",
            "公网安备",
        ):
            assert item in page, (path, item)
    article = pages["2025/12/01.html"]
    assert '<meta name="ArticleTitle" content="石嘴山市医保局三举措助力巩固拓展' in article
    assert '<meta name="PubDate" content="2025-08-13 00:00">' in article
    assert '<meta name="ContentSource" content="石嘴山市医保局">' in article
    assert '<meta name="ColumnName" content="工作动态">' in article
    assert "registerSystemInfo?recordcode=64000000000000" in article
    assert '<meta name="SiteDomain" content="www.example.gov.cn">' in pages["index.html"]
    assert "sitemap/index.html" in files


def test_images_are_copied_under_media_with_relative_urls(demo: Path) -> None:
    from PIL import Image

    images = demo / "content/issues/2025/images"
    images.mkdir()
    Image.new("RGB", (40, 30), "red").save(images / "现场.png")
    write_issue(
        demo,
        """  - kind: news
    title: 图片测试
    photographers: [朱冬]
    body: |
      ![宣传现场](images/现场.png)
""",
    )
    files = render_site(load_archive(demo))
    assert files["media/issues/2025/images/现场.png"] == (images / "现场.png").read_bytes()
    article = files["2025/13/01.html"].decode()
    assert (
        '<img src="../../media/issues/2025/images/%E7%8E%B0%E5%9C%BA.png" '
        'alt="宣传现场" loading="lazy" />' in article
    )
    assert "<span>摄影：朱冬</span>" in article
