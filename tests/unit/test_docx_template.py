"""The Word template made once per process: issues share it and nothing else.

Each issue's document opens from the template package (styles, page, footers, theme set
up once); the styles part stays the template's bytes. What must hold: an issue's bytes do
not depend on which issues the process rendered before, a changed reference document
makes a new template, and the font table lists what a fresh reading of the styles gives.
"""

from __future__ import annotations

import dataclasses
import datetime
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.shared import Pt

from tests.conftest import REPO
from ybbulletin.build import render_context
from ybbulletin.project import load_archive
from ybbulletin.render.docx import render_issue
from ybbulletin.render.docx.clean import StyleFonts, _used_fonts
from ybbulletin.render.docx.ooxml import add_run, new_paragraph
from ybbulletin.render.docx.package import save_package, template
from ybbulletin.render.registry import RenderContext
from ybbulletin.site import build_views


@pytest.fixture(scope="module")
def views() -> tuple[RenderContext, list[Any]]:
    archive = load_archive(REPO)
    return render_context(archive), build_views(archive)


def word(context: RenderContext, view: Any) -> bytes:
    [data] = render_issue(context, view).files.values()
    return data


@pytest.mark.slow  # over 0.3 s: the full suite runs it, not the edit loop
def test_an_issue_is_the_same_whatever_came_before(
    views: tuple[RenderContext, list[Any]],
) -> None:
    context, issues = views
    first, second = issues[0], issues[-1]
    assert first is not second
    fresh = [word(context, first)]
    context.memo.clear()
    shared = [word(context, second), word(context, first), word(context, second)]
    assert shared[1] == fresh[0]  # after another issue in the same process
    assert shared[0] == shared[2]
    with zipfile.ZipFile(io.BytesIO(shared[1])) as package:
        styles = package.read("word/styles.xml")
    kept = context.memo["docx.template"][1][first.mark or ""]
    [template_styles] = [
        blob for name, _, _, blob in kept.package.iter_sparts() if name == "/word/styles.xml"
    ]
    assert styles == template_styles  # the template's bytes, as every issue has them
    assert b"\xe6\x96\x87\xe7\xab\xa0\xe6\xa0\x87\xe9\xa2\x98" in styles  # 文章标题 defined


@pytest.mark.slow  # over 0.3 s: the full suite runs it, not the edit loop
def test_a_draft_mark_is_its_own_template(views: tuple[RenderContext, list[Any]]) -> None:
    context, issues = views
    view = issues[0]
    signed = dataclasses.replace(view, mark=None)
    draft = dataclasses.replace(view, mark="草稿")
    context.memo.clear()
    fresh = word(context, draft)
    context.memo.clear()
    shared = [word(context, signed), word(context, draft), word(context, signed)]
    assert shared[1] == fresh
    assert shared[0] == shared[2] != shared[1]
    with zipfile.ZipFile(io.BytesIO(shared[1])) as package:
        headers = [n for n in package.namelist() if n.startswith("word/header")]
        assert len(headers) == 2  # odd and even pages
        assert all("草稿" in package.read(n).decode() for n in headers)
    with zipfile.ZipFile(io.BytesIO(shared[0])) as package:
        assert not [n for n in package.namelist() if n.startswith("word/header")]


def test_a_changed_reference_document_makes_a_new_template(tmp_path: Path) -> None:
    reference = tmp_path / "reference.docx"
    document = Document()
    document.styles.add_style("文章标题", 1).font.size = Pt(26)
    document.save(str(reference))
    memo: dict[str, Any] = {}
    made = template(reference, memo)
    assert template(reference, memo) is made  # once per process
    document.styles["文章标题"].font.size = Pt(30)
    document.save(str(reference))
    again = template(reference, memo)
    assert again is not made
    assert again.document().part.package is not made.document().part.package


def test_the_font_table_reads_the_styles_as_a_fresh_document_would() -> None:
    made = template(None)
    document = made.document()
    new_paragraph(document.element.body, made.style_ids["title"])
    add_run(document.paragraphs[-1], "标题", "Arial")
    [styles_part] = [r.target_part for r in document.part.rels.values() if r.reltype == RT.STYLES]
    parsed = Document(io.BytesIO(_saved(document))).styles.element
    expected = _used_fonts(document, StyleFonts.of(parsed))
    assert _used_fonts(document, made.style_fonts) == expected
    assert "Arial" in expected  # the run's
    assert "方正小标宋简体" in expected  # 文章标题's
    assert "Courier" not in expected  # a style the text does not use brings nothing
    assert any("Courier" in fonts for fonts in made.style_fonts.by_style.values())
    reopened = Document(io.BytesIO(_saved(document))).part.part_related_by(RT.STYLES)
    assert styles_part.blob == reopened.blob  # parsed and serialised again: the same bytes


def _saved(document: Any) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_the_styles_deflated_once_are_the_bytes_the_zip_would_write() -> None:
    made = template(None)
    document = made.document()
    new_paragraph(document.element.body, made.style_ids["body"])
    add_run(document.paragraphs[-1], "正文", "仿宋_GB2312")
    day = datetime.date(2025, 12, 1)
    assert made.deflated  # the styles, deflated when the template was made
    saved = save_package(document, day, made.deflated)
    assert saved == save_package(document, day)  # each member deflated by zipfile
    with zipfile.ZipFile(io.BytesIO(saved)) as package:
        assert package.testzip() is None  # CRCs check out
        assert package.read("word/styles.xml") in made.deflated
