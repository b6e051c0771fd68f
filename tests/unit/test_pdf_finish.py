"""The content-stream edits of the PDF finish (render/pdf_ua.py, render/embolden.py)."""

from __future__ import annotations

import gc
from typing import Any

import pikepdf
import pytest

from ybbulletin.render.embolden import embolden_page
from ybbulletin.render.pdf import _collection_paused
from ybbulletin.render.pdf_ua import furniture_as_artifacts, orphans

# A page as WeasyPrint draws it: body text in /F1 (MCID 0), bold /B1 inside it, and the page
# number (MCID 1, y = 1100 px: the footer of a 842 pt page) that no structure element holds.
PAGE = b"""
q 0 0 0 rg
/Span <</MCID 0>> BDC
BT 1 0 0 -1 100 200 Tm /F1 12 Tf [<0102>] TJ /B1 12 Tf 1 0 0 rg [<0304>] TJ ET
/Artifact BMC 0 0 1 rg EMC
EMC
/Span <</MCID 1>> BDC
BT 1 0 0 -1 300 1100 Tm /B1 10 Tf [<0506>] TJ ET
/Artifact BMC EMC
EMC
EMC
Q
"""


_OPEN: list[pikepdf.Pdf] = []  # the parsed objects belong to their PDF: keep it open


def parsed(content: bytes) -> tuple[list[Any], list[str]]:
    pdf = pikepdf.new()
    _OPEN.append(pdf)
    pdf.add_blank_page()
    page = pdf.pages[0]
    page.obj.Contents = pdf.make_stream(content)
    instructions = list(pikepdf.parse_content_stream(page))
    return instructions, [str(i.operator) for i in instructions]


def text(instructions: list[Any]) -> bytes:
    return bytes(pikepdf.unparse_content_stream(instructions))


def test_lost_marked_content_becomes_a_silent_pagination_artifact() -> None:
    instructions, names = parsed(PAGE)
    out, out_names = furniture_as_artifacts(instructions, names, {1}, 842.0)
    assert out_names == [str(i.operator) for i in out]
    lines = text(out).split(b"\n")
    assert b"/Span << /MCID 0 >> BDC" in lines  # held by the tree: kept
    at = lines.index(b"/Artifact << /Subtype /Footer /Type /Pagination >> BDC")
    assert lines[at + 1] == b"/Span << /ActualText () >> BDC"
    # the artifact's own nested sequence is closed, then the span's and the artifact's EMC,
    # and the unmatched EMC at the end is kept as it was
    assert lines[-5:] == [b"EMC", b"EMC", b"EMC", b"EMC", b"Q"]
    assert out_names.count("BDC") == names.count("BDC") + 1
    assert out_names.count("EMC") == names.count("EMC") + 1


def test_nothing_lost_nothing_changed() -> None:
    instructions, names = parsed(PAGE)
    out, out_names = furniture_as_artifacts(instructions, names, set(), 842.0)
    assert text(out) == text(instructions)
    assert out_names == names


def test_header_when_drawn_in_the_upper_half() -> None:
    instructions, names = parsed(PAGE.replace(b"300 1100 Tm", b"300 40 Tm"))
    out, _names = furniture_as_artifacts(instructions, names, {1}, 842.0)
    assert b"/Subtype /Header" in text(out)


def test_emboldening_and_artifacts_commute() -> None:
    """finish() marks the artifacts first and emboldens after: the same as the other way."""
    instructions, names = parsed(PAGE)
    bold = {"/B1"}
    artifacts_first, first_names = furniture_as_artifacts(instructions, names, {1}, 842.0)
    one = embolden_page(artifacts_first, first_names, bold)
    emboldened = embolden_page(instructions, names, bold)
    assert one is not None
    assert emboldened is not None
    other, _names = furniture_as_artifacts(
        emboldened, [str(i.operator) for i in emboldened], {1}, 842.0
    )
    assert text(one) == text(other)
    assert text(one).count(b"2 Tr") == 2  # both bold runs stroked


def test_emboldening_needs_a_bold_font_set() -> None:
    instructions, names = parsed(PAGE)
    assert embolden_page(instructions, names, {"/B2"}) is None


@pytest.mark.parametrize("enabled", [True, False])
def test_collection_paused_restores_the_collector(enabled: bool) -> None:
    was = gc.isenabled()
    try:
        if not enabled:
            gc.disable()
        seen = []

        def render() -> None:
            with _collection_paused():
                seen.append(gc.isenabled())
                raise RuntimeError("render failed")

        with pytest.raises(RuntimeError):
            render()
        assert seen == [False]
        assert gc.isenabled() is enabled
    finally:
        if was:
            gc.enable()


def test_orphans_are_the_marked_content_no_tree_element_holds() -> None:
    """Per StructParents key, the MCIDs whose element is outside the structure tree."""
    pdf = pikepdf.new()
    _OPEN.append(pdf)

    def element(kids: list[Any]) -> Any:
        return pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem, K=kids))

    span = element([0])
    margin = element([3])  # drawn on the page, held by no element of the tree
    # a marked-content reference is no element: what it names is not held through it
    reference = pikepdf.Dictionary(Type=pikepdf.Name.MCR, MCID=2, K=margin)
    body = element([span, 1, reference])
    parents = pikepdf.Array([body, body, body, margin])
    root = pikepdf.Dictionary(
        Type=pikepdf.Name.StructTreeRoot,
        K=pikepdf.Array([body]),
        ParentTree=pikepdf.Dictionary(Nums=pikepdf.Array([0, parents, 1, 7])),
    )
    pdf.Root.StructTreeRoot = pdf.make_indirect(root)
    assert orphans(pdf) == {0: {3}}
    # no longer structure content: the parent tree forgets it
    assert pdf.Root.StructTreeRoot.ParentTree.Nums[1][3] is None
