"""Print HTML (Jinja, templates/print/) -> PDF (WeasyPrint), fonts reported, resources fenced in.

WeasyPrint is imported only here and only when a PDF is made (it costs ~0.5 s).
The fonts (ybbulletin's fontconfig, stand-ins, coverage) are render/pdf_fonts.py's.
"""

from __future__ import annotations

import contextlib
import functools
import io
import warnings
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ybbulletin import collector
from ybbulletin.errors import Diagnostics, Location
from ybbulletin.render import titles
from ybbulletin.render.embolden import synthetic_bold_names
from ybbulletin.render.html import body_functions
from ybbulletin.render.justify import cjk_justification
from ybbulletin.render.pages import PACKAGE_TEMPLATES, make_environment, render_template
from ybbulletin.render.pdf_fetch import PROJECT_URL, fetcher, stylesheet_url
from ybbulletin.render.pdf_finish import finish
from ybbulletin.render.pdf_font_data import font_data_on_demand
from ybbulletin.render.pdf_fonts import (
    FONT_ROLES,
    coverage,
    missing_glyphs,
    substitutions,
    unexpected_fonts,
    use_fonts_conf,
)
from ybbulletin.render.registry import RenderContext, Rendered, issue_file_name
from ybbulletin.render.titles import title_lines
from ybbulletin.render.walk import Place

if TYPE_CHECKING:
    import jinja2

    from ybbulletin.model import Publication
    from ybbulletin.views import IssueView

__all__ = [
    "FONT_ROLES",
    "PdfResult",
    "check_pdf",
    "pdf_name",
    "print_html",
    "render_issue",
    "render_pdf",
    "title_lines",
    "use_fonts_conf",
]

#: Archival (PDF/A-2b: output intent, XMP, embedded fonts); tagged on top (pdf_tags), and
#: identified as PDF/UA-1 by render/pdf_finish.py.
PDF_VARIANT = "pdf/a-2b"


def pdf_name(publication: Publication, issue: IssueView) -> str:
    """nxyb-2025-12.pdf, nxyb-2025-zengkan-01.pdf"""
    return issue_file_name(".pdf")(publication, issue)[0]


def render_issue(context: RenderContext, issue: IssueView) -> Rendered:
    """The ``pdf`` format: one issue's PDF, with what its fonts and resources say."""
    env = context.memo.get("print_env")
    if env is None:
        env = context.memo["print_env"] = make_environment(context.root, "print")
    titles = {f"article-{article.index}": article.title for article in issue.articles}
    result = render_pdf(print_html(env, context.publication, issue), context.root, titles)
    diags = Diagnostics()
    check_pdf(result, issue, diags)
    return Rendered(
        {pdf_name(context.publication, issue): result.data}, diags, result.substitutions
    )


def print_html(env: jinja2.Environment, publication: Publication, issue: IssueView) -> str:
    """The print HTML of one issue."""
    archive_issue = issue.archive_issue.issue
    link_base = publication.base_url or ""
    return render_template(
        env,
        "issue.html",
        publication=publication,
        issue=issue,
        title_lines=title_lines,
        **body_functions(Place("", "content/", link_base), quote_breaks=True),
        site=False,
        link_base=link_base,
        distribution=archive_issue.distribution or publication.distribution,
        print_run=archive_issue.print_run or publication.print_run,
        staff=issue.staff,
    )


@dataclass
class PdfResult:
    """A rendered PDF and what its fonts say."""

    data: bytes
    fonts: list[str]
    substitutions: list[tuple[str, str]]
    refused: list[str] = field(default_factory=list)


@functools.cache
def _font_config() -> Any:
    use_fonts_conf()
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def render_pdf(
    html: str, project_root: Path, link_titles: Mapping[str, str] | None = None
) -> PdfResult:
    """HTML -> PDF bytes; images only from content/, styles only from the print templates.

    ``link_titles`` describes the internal links (``article-3`` -> its title) for PDF/UA.
    """
    use_fonts_conf()
    import weasyprint

    refused: list[str] = []
    document = weasyprint.HTML(
        string=html,
        base_url=PROJECT_URL,  # not the real folder's URL: see render/pdf_fetch.py
        url_fetcher=fetcher(project_root, refused),
        encoding="utf-8",
    )
    stylesheet, refused_by_css = _stylesheet(project_root)
    refused += refused_by_css
    # WeasyPrint 70 opens its sRGB profile (the PDF/A output intent) without closing it:
    # keep that ResourceWarning, which is WeasyPrint's, out of the build's warnings. The
    # fonts' files are read only if embedded whole (render/pdf_font_data.py).
    with (
        _collection_paused(),
        cjk_justification(),
        font_data_on_demand(),
        warnings.catch_warnings(),
    ):
        warnings.simplefilter("ignore", ResourceWarning)
        data = document.write_pdf(
            stylesheets=[stylesheet],
            font_config=_font_config(),
            uncompressed_pdf=False,
            pdf_variant=PDF_VARIANT,
            pdf_tags=True,
        )
        bold = synthetic_bold_names(FONT_ROLES)
        finished = finish(data, bold, link_titles or {})
    return PdfResult(finished.data, finished.fonts, substitutions(finished.fonts), refused)


@contextlib.contextmanager
def _collection_paused() -> Iterator[None]:
    """No cyclic garbage collection during one render; the collector runs again after it.

    A render makes ~10^6 short-lived objects (boxes, Pango layouts, pikepdf objects), freed
    by reference counting: the collector's ~50 young and occasional full passes over them
    find next to nothing and cost ~0.03 s an issue (4 % of a render, gc.callbacks). The
    cycles a render leaves are collected by the next pass after it. Resident memory stays
    the same (measured: VmHWM 292 MB either way over 8 issues).
    """
    with collector.paused():
        yield


#: Parsed print stylesheets, by (project, CSS file, its bytes): parsing costs ~14 ms an issue.
_STYLESHEETS: dict[tuple[str, str, bytes], tuple[Any, list[str]]] = {}


def _stylesheet(project_root: Path) -> tuple[Any, list[str]]:
    """The print stylesheet and the URLs refused while parsing it.

    Parsed once per process and reused while the file's bytes stay the same: a parse
    depends only on them, the fence and the font configuration (one per process), unless
    it fetched something (an ``@import``, a web font), whose content the key cannot see;
    such a stylesheet is parsed again for every issue.
    """
    import weasyprint

    path = _print_css(project_root)
    source = path.read_bytes()
    url = stylesheet_url(project_root, path)
    key = (str(project_root.resolve()), url, source)
    if key in _STYLESHEETS:
        return _STYLESHEETS[key]
    refused: list[str] = []
    fenced = fetcher(project_root, refused)
    stylesheet = weasyprint.CSS(
        file_obj=io.BytesIO(source), base_url=url, url_fetcher=fenced, font_config=_font_config()
    )
    if fenced.asked == 0:
        _STYLESHEETS.clear()  # one project and stylesheet at a time
        _STYLESHEETS[key] = (stylesheet, refused)
    return stylesheet, refused


def _print_css(project_root: Path) -> Path:
    own = project_root / "templates" / "print" / "print.css"
    return own if own.is_file() else PACKAGE_TEMPLATES / "print" / "print.css"


def check_pdf(result: PdfResult, issue: IssueView, diags: Diagnostics) -> None:
    """Report what the rendered PDF says: refused resources, fallback fonts, missing glyphs."""
    source = issue.archive_issue.located
    where = Location(issue.archive_issue.path)
    for url in dict.fromkeys(result.refused):
        diags.error(
            where,
            f"印刷版要读取内容目录以外的资源，已拒绝：{url}",
            "印刷模板或样式表（templates/print/）只能引用内容目录中的图片和模板目录中的文件",
        )
    for name in unexpected_fonts(result.fonts):
        diags.warning(
            where,
            f"印刷版用到了简报字体以外的字体 {name}",
            "通常是有字符不在简报字体中；见下面“缺字”的提示",
        )
    strings = list(source.strings())
    text = "".join(value for _path, value in strings)
    for char in missing_glyphs(text):
        keypath, value = next((p, v) for p, v in strings if char in v)
        before = value[: value.index(char)]
        line, column = before.count("\n"), len(before) - (before.rfind("\n") + 1)
        diags.warning(
            source.text_location(keypath, line, column),
            f"字符“{char}”（U+{ord(char):04X}）在印刷用的字体中都没有，PDF 中会缺字",
            "确认字符是否正确；生僻字可安装含该字的字体，或改用常用字并加注",
        )


def warm_up() -> None:
    """Load WeasyPrint, the fonts' names and coverage once, before worker processes fork."""
    use_fonts_conf()
    import weasyprint  # noqa: F401 - imported for its side effect on the forked workers

    _font_config()
    synthetic_bold_names(FONT_ROLES)
    coverage()  # resolves every family too
    titles.warm_up()
