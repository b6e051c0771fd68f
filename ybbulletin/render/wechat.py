"""The ``wechat`` output format: for each issue, what an editor needs to publish it on the 公众号.

``build/wechat/<year>/<NN>/``::

    index.html     the copy page: each article at phone width, 「复制正文」, fields to copy
    01.html …      each article's paste-ready fragment alone (inline styles only)
    draft.json     the ``draft/add`` payload (draft-2.json … past 8 articles)
    images/        upload-ready copies (JPG/PNG under 1 MB), named <article>-<n>
    images.csv     which copy appears in which article, at which address

Pure: an issue view, the settings and the images' bytes in, files out. No
network call is ever made; pushing the draft is the bureau's own tooling's job.
"""

from __future__ import annotations

import csv
import functools
import io
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from ybbulletin.errors import Diagnostics, Location
from ybbulletin.model import Publication
from ybbulletin.render.pages import make_environment, render_template
from ybbulletin.render.registry import RenderContext, Rendered
from ybbulletin.render.walk import content_path
from ybbulletin.render.wechat_fragment import (
    Fragment,
    fragment_names,
    fragment_tokens,
    load_css,
    plain_text,
    render_fragment,
)
from ybbulletin.render.wechat_images import MAX_BYTES, Prepared, upload_extension, upload_ready
from ybbulletin.render.wechat_meta import (
    Limit,
    Meta,
    article_meta,
    author_field,
    content_limits,
    entry_keypath,
    field_limits,
)
from ybbulletin.views import ArticleView, IssueView

__all__ = [
    "ARTICLES_PER_DRAFT",
    "IssueExport",
    "check_issue",
    "draft_payloads",
    "issue_files",
    "prepare_issue",
    "render_issue",
]

#: A 公众号 message (图文) holds at most 8 articles; more go to draft-2.json …
ARTICLES_PER_DRAFT = 8
THUMB_PLACEHOLDER = "{{thumb_media_id}}"


@dataclass
class ImageUse:
    """One image in one article: the upload copy's name and the address the fragment uses."""

    article: ArticleView
    name: str  # images/01-1.jpg
    source: str  # content path: issues/2025/images/x.png
    # where the Markdown shows it, when asked (a located file makes its tables when first
    # asked: asked of every image of every issue, they were 30 MB of a build's 500 issues)
    locate: Callable[[], Location]
    url: str = ""
    alt: str = ""
    prepared: Prepared | None = None

    @property
    def location(self) -> Location:
        return self.locate()


@dataclass
class WechatArticle:
    """An article ready for the 公众号."""

    article: ArticleView
    fragment: Fragment
    preview: str  # the fragment with images from the local upload folder
    meta: Meta
    limits: list[Limit]

    @property
    def number(self) -> str:
        return f"{self.article.index:02d}"


@dataclass
class IssueExport:
    """Everything the wechat folder of one issue is made from."""

    issue: IssueView
    articles: list[WechatArticle] = field(default_factory=list)
    images: list[ImageUse] = field(default_factory=list)  # every appearance, in order

    @property
    def limits(self) -> list[Limit]:
        found = [limit for article in self.articles for limit in article.limits]
        return found + [_image_limit(use) for use in self.uploads if not _fits(use)]

    @property
    def uploads(self) -> list[ImageUse]:
        """One use per upload file (the first appearance)."""
        first: dict[str, ImageUse] = {}
        for use in self.images:
            first.setdefault(use.name, use)
        return list(first.values())


def _fits(use: ImageUse) -> bool:
    return use.prepared is None or use.prepared.fits


def image_names(issue: IssueView) -> dict[str, str]:
    """Content path -> upload name of each image: named in print order where it first appears.

    Read from the image sources the texts are known to show, so naming the files of
    an issue parses nothing.
    """
    names: dict[str, str] = {}
    for article in issue.articles:
        counter = 0
        for name in fragment_names(article):
            for src in _sources(article, name):
                source = unquote(content_path(issue.content_dir, src))
                if source not in names:
                    counter += 1
                    extension = upload_extension(source)
                    names[source] = f"images/{article.index:02d}-{counter}.{extension}"
    return names


def _sources(article: ArticleView, name: str) -> list[str]:
    known = getattr(article.texts, "images", None)  # the loaded texts know their images
    if known is not None:
        return list(known(name))
    return [
        str(child.attrGet("src") or "")
        for token in article.texts[name]
        for child in token.children or []
        if child.type == "image"
    ]


def image_uses(issue: IssueView) -> list[ImageUse]:
    """Every image appearance in print order, with where it is written."""
    names = image_names(issue)
    uses = []
    located = issue.archive_issue.located
    for article in issue.articles:
        entry = entry_keypath(article)
        for name, tokens in fragment_tokens(article):
            keypath = (*entry, *(int(p) if p.isdigit() else p for p in name.split(".")))
            for token in tokens:
                for child in token.children or []:
                    if child.type != "image":
                        continue
                    src = str(child.attrGet("src") or "")
                    source = unquote(content_path(issue.content_dir, src))
                    line = token.map[0] if token.map else 0
                    where = functools.partial(located.text_location, keypath, line)
                    uses.append(ImageUse(article, names[source], source, where))
    return uses


def issue_files(publication: Publication, issue: IssueView) -> list[str]:
    """The files of an issue's wechat folder (named without rendering anything)."""
    base = issue.dir
    names = [f"{base}/index.html"]
    names += [f"{base}/{article.index:02d}.html" for article in issue.articles]
    drafts = -(-len(issue.articles) // ARTICLES_PER_DRAFT)
    names += [f"{base}/{draft_name(i)}" for i in range(drafts)]
    uploads = image_names(issue)
    names += [f"{base}/{name}" for name in sorted(set(uploads.values()))]
    if uploads:
        names.append(f"{base}/images.csv")
    return names


def prepare_issue(
    issue: IssueView, publication: Publication, images: Mapping[str, bytes], css: str
) -> IssueExport:
    """Render every article's fragment and fields; ``images`` maps content paths to bytes."""
    export = IssueExport(issue, images=image_uses(issue))
    base_url = publication.base_url
    by_source = {use.source: use for use in export.uploads}
    for use in export.images:
        first = by_source[use.source]
        if first.prepared is None:
            extension = use.name.rsplit(".", 1)[1]
            first.prepared = upload_ready(images[use.source], extension)
        use.prepared = first.prepared
        use.url = f"{base_url}media/{use.source}" if base_url else use.name
    for article in issue.articles:
        uses = [use for use in export.images if use.article is article]

        def absolute(src: str, article: ArticleView = article) -> str:
            return by_source[unquote(content_path(article.issue.content_dir, src))].url

        def local(src: str, article: ArticleView = article) -> str:
            return by_source[unquote(content_path(article.issue.content_dir, src))].name

        fragment = render_fragment(article, publication, image_url=absolute, css=css)
        for use, (_src, alt) in zip(uses, fragment.images, strict=True):
            use.alt = alt
        preview = fragment.html
        if uses and base_url:
            preview = render_fragment(article, publication, image_url=local, css=css).html
        texts = [tokens for _name, tokens in fragment_tokens(article)]
        meta = article_meta(article, base_url, texts)
        export.articles.append(
            WechatArticle(article, fragment, preview, meta, _limits(article, meta, fragment))
        )
    return export


def _limits(article: ArticleView, meta: Meta, fragment: Fragment) -> list[Limit]:
    located = article.issue.archive_issue.located
    base = entry_keypath(article)
    fields = {"title": "title", "digest": "digest", "author": author_field(article) or "title"}

    def where(name: str) -> Location:
        return located.location((*base, fields[name]))

    body = functools.partial(located.location, (*base, "title"), key=True)
    return field_limits(meta, where) + content_limits(fragment.html, body)


def _image_limit(use: ImageUse) -> Limit:
    return Limit(
        use.location,
        f"图片 {use.source} 无法压缩到 {MAX_BYTES // 1048576} MB 以下，不能上传到公众号",
        "换一张较小的图片（JPG 或 PNG），或先用图片工具缩小",
    )


def draft_payloads(export: IssueExport) -> list[dict[str, Any]]:
    """The ``draft/add`` request bodies, 8 articles each, media ids as placeholders."""
    thumbs: dict[int, str] = {}
    for use in export.images:
        thumbs.setdefault(use.article.index, use.name)
    articles = []
    for item in export.articles:
        thumb = thumbs.get(item.article.index)
        articles.append(
            {
                "article_type": "news",
                "title": item.meta.title,
                "author": item.meta.author,
                "digest": item.meta.digest,
                "content": item.fragment.html,
                "content_source_url": item.meta.source_url,
                "thumb_media_id": f"{{{{thumb_media_id:{thumb}}}}}" if thumb else THUMB_PLACEHOLDER,
                "need_open_comment": 0,
                "only_fans_can_comment": 0,
            }
        )
    chunks = range(0, len(articles), ARTICLES_PER_DRAFT)
    return [{"articles": articles[i : i + ARTICLES_PER_DRAFT]} for i in chunks]


def draft_name(index: int) -> str:
    return "draft.json" if index == 0 else f"draft-{index + 1}.json"


def _export(context: RenderContext, issue: IssueView) -> IssueExport:
    css = context.memo.get("wechat.css")
    if css is None:
        css = context.memo["wechat.css"] = load_css(context.root)
    return prepare_issue(issue, context.publication, context.images, css)


def check_issue(context: RenderContext, issue: IssueView) -> Diagnostics:
    """The 公众号 limits an issue goes over, as located warnings."""
    diags = Diagnostics()
    for limit in _export(context, issue).limits:
        diags.warning(limit.location, limit.message, limit.hint)
    return diags


def render_issue(context: RenderContext, issue: IssueView) -> Rendered:
    """The files of the issue's wechat folder (see :func:`issue_files`)."""
    export = _export(context, issue)
    env = context.memo.get("wechat.env")
    if env is None:
        env = context.memo["wechat.env"] = make_environment(context.root, "wechat")
    base = issue.dir
    files: dict[str, bytes] = {}
    for item in export.articles:
        files[f"{base}/{item.number}.html"] = item.fragment.html.encode("utf-8")
    drafts = draft_payloads(export)
    for index, payload in enumerate(drafts):
        text = json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
        files[f"{base}/{draft_name(index)}"] = text.encode("utf-8")
    for use in export.uploads:
        assert use.prepared is not None
        files[f"{base}/{use.name}"] = use.prepared.data
    if export.images:
        files[f"{base}/images.csv"] = _images_csv(export)
    data = {
        item.number: {"html": item.fragment.html, "text": plain_text(item.fragment.html)}
        for item in export.articles
    }
    page = render_template(
        env,
        "issue.html",
        publication=context.publication,
        issue=issue,
        export=export,
        drafts=[draft_name(i) for i in range(len(drafts))],
        data_json=_script_json(data),
    )
    files[f"{base}/index.html"] = page.encode("utf-8")
    return Rendered(files)


def _script_json(data: object) -> str:
    """JSON safe inside <script>: no '<', '>' or '&' left to end the element early."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _images_csv(export: IssueExport) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["上传文件", "文章", "文章标题", "图片说明", "正文中的地址", "原图", "处理"])
    for use in export.images:
        prepared = use.prepared
        if prepared is None or not prepared.fits:
            done = "无法压缩到 1 MB 以下"
        elif prepared.changed:
            done = "已转换或缩小为 {}×{}".format(*prepared.size)
        else:
            done = "原图"
        row = [use.name, f"{use.article.index:02d}", use.article.title, use.alt, use.url]
        writer.writerow([*row, use.source, done])
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM: WPS and Excel read UTF-8
