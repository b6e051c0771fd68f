"""A PDF's title read back as its bookmark writes it (importer/read_pdf.py): a title set over
two lines loses, in the text layer, the space between the phrases it was cut at."""

from __future__ import annotations

from ybbulletin.importer.draft import Line
from ybbulletin.importer.read_pdf import _as_bookmarked

TITLE = "完善医保目录管理 推进医保治理体系治理建设能力建设"
OUTLINE = {TITLE.replace(" ", ""): TITLE}


def test_a_title_takes_its_bookmarks_spaces() -> None:
    [title] = _as_bookmarked(
        [Line("完善医保目录管理推进医保治理体系治理建设能力建设", display=True)], OUTLINE
    )
    assert title.text == "完善医保目录管理 推进医保治理体系治理建设能力建设"


def test_only_titles_that_differ_in_spaces_alone() -> None:
    body = Line("完善医保目录管理推进医保治理体系治理建设能力建设")  # body text: left as read
    other = Line("完善医保目录管理推进医保治理体系建设", display=True)
    assert [line.text for line in _as_bookmarked([body, other], OUTLINE)] == [
        "完善医保目录管理推进医保治理体系治理建设能力建设",
        "完善医保目录管理推进医保治理体系建设",
    ]
