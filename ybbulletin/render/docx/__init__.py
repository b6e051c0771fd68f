"""The Word bulletin: python-docx walking the same parsed Markdown tokens as the HTML.

Laid out like the PDF (GB/T 9704 page, 22 × 28 grid, 报头, 本期目录, articles, 报尾), with
named paragraph styles an office can restyle, the office fonts named with the East-Asian
attribute set on every style and run, and zh-CN as the East-Asian language. Byte-identical
output for the same input: dates come from the issue, zip members carry a fixed time.

Modules: ``styles`` (named styles and fonts), ``page`` (page, footers, properties),
``package`` (the template made once per process, saving with fixed times),
``layout`` (报头, 目录, article, 报尾), ``emitter`` (Markdown tokens -> paragraphs),
``ooxml`` (low-level XML helpers).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ybbulletin.model import Publication
from ybbulletin.render import titles
from ybbulletin.render.docx.clean import clean_package
from ybbulletin.render.docx.layout import Layout
from ybbulletin.render.docx.package import save_package, template
from ybbulletin.render.docx.page import set_properties
from ybbulletin.render.docx.styles import STYLES
from ybbulletin.render.registry import RenderContext, Rendered, issue_file_name

if TYPE_CHECKING:
    from ybbulletin.views import IssueView

__all__ = ["STYLES", "docx_name", "render_docx", "render_issue", "warm_up"]


def docx_name(publication: Publication, issue: IssueView) -> str:
    """nxyb-2025-12.docx"""
    return issue_file_name(".docx")(publication, issue)[0]


def warm_up() -> None:
    """Import python-docx and load what title_lines cuts by once, before worker processes fork.

    Calling this imports this package, hence python-docx; every worker would import them
    again (a quarter of a second each). The template document itself is made by each
    worker's first issue (it depends on the project's reference document).
    """
    titles.warm_up()


def render_issue(context: RenderContext, issue: IssueView) -> Rendered:
    """The ``docx`` format: one issue's Word file (a project's reference.docx gives its styles)."""
    reference = context.root / "templates" / "docx" / "reference.docx"
    data = render_docx(
        context.publication,
        issue,
        context.images,
        titles.spaced_title_lines,
        reference if reference.is_file() else None,
        context.memo,
    )
    return Rendered({docx_name(context.publication, issue): data})


def render_docx(
    publication: Publication,
    issue: IssueView,
    images: Mapping[str, bytes],
    title_lines: Callable[[str], list[str]],
    reference: Path | None = None,
    memo: dict[str, Any] | None = None,
) -> bytes:
    """One issue as .docx bytes.

    ``images`` maps content paths (issues/2025/images/x.png) to their bytes; ``memo``
    keeps the template documents (styles, page, theme, draft header) between the issues of
    a process.
    """
    base = template(reference, memo, issue.mark or "")
    document = base.document()
    writer = Layout(
        document, base.style_names, images, issue, publication.base_url or "", base.style_ids
    )
    writer.masthead(publication)
    if len(issue.articles) > 1:
        writer.contents()
    previous_section = None
    for article in issue.articles:
        if article.section_label != previous_section:
            writer.paragraph("section", f"【{article.section_label}】")
            previous_section = article.section_label
        writer.article(article, title_lines)
    archive_issue = issue.archive_issue.issue
    writer.colophon(
        (archive_issue.distribution or publication.distribution).lines(),
        issue.staff,
        archive_issue.print_run or publication.print_run,
    )
    set_properties(document, publication, issue)
    clean_package(document, base.style_fonts)
    return save_package(document, issue.date, base.deflated)
