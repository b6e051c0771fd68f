"""Pages and files made from every issue are keyed by what they show (``build/shown.py``):
an edit that changes nothing they show leaves their keys alone, one that does re-keys
them, and a project with site templates of its own keeps the whole-context keys."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import REPO, resign
from tests.conftest import edit as edit_unsigned
from tests.unit.test_view_keys import changed, keys_of
from ybbulletin.build.shown import SHOWN

SITE = REPO / "ybbulletin" / "templates" / "site"
WHOLE = {
    "site/archive/index.html",
    "site/sitemap/index.html",
    "site/cases/index.html",
    "site/cases/cases.csv",
    "site/cases/cases.xlsx",
    "site/sitemap.xml",
}
SECTIONS = {f"site/sections/{key}/index.html" for key in ("work_update", "news", "experience")}
ISSUE = "content/issues/2025/12.yaml"
CASES = "content/issues/2021/01.yaml"


def edit(root: Path, relpath: str, old: str, new: str) -> None:
    """Edit an issue and sign it again (an edited signed issue is a 草稿, which lists show)."""
    edit_unsigned(root, relpath, old, new)
    resign(root, "/".join(Path(relpath).with_suffix("").parts[-2:]))


@pytest.mark.slow  # over 0.3 s: the full suite runs it, not the edit loop
def test_an_edit_nothing_lists_shows_leaves_the_lists_alone(demo: Path) -> None:
    before = keys_of(demo)
    assert set(before) >= WHOLE | SECTIONS
    edit(demo, ISSUE, "从源头消除因病致贫风险。", "从源头上消除因病致贫风险。")  # a body
    stale = changed(before, keys_of(demo))
    assert "site/2025/12/index.html" in stale  # its issue page shows the texts
    assert "site/feed.xml" in stale  # the feed shows each article's first paragraph
    assert not stale & (WHOLE | SECTIONS)


def test_a_title_reaches_its_sections_page_and_no_other_list(demo: Path) -> None:
    before = keys_of(demo)
    edit(demo, ISSUE, "title: 石嘴山市医保局三举措", "title: 石嘴山市医保局四举措")
    stale = changed(before, keys_of(demo))
    assert "site/sections/work_update/index.html" in stale
    assert "site/feed.xml" in stale  # keyed by the views (not by the pages made from them)
    assert not stale & (WHOLE | (SECTIONS - {"site/sections/work_update/index.html"}))


def test_a_theme_reaches_the_archive_page(demo: Path) -> None:
    before = keys_of(demo)
    edit(demo, ISSUE, "theme: 巩固拓展", "theme: 巩固和拓展")
    stale = changed(before, keys_of(demo))
    assert "site/archive/index.html" in stale
    assert not stale & {"site/sitemap/index.html", "site/cases/index.html", "site/sitemap.xml"}


def test_a_date_reaches_every_list_that_shows_it(demo: Path) -> None:
    before = keys_of(demo)
    edit(demo, ISSUE, "date: 2025-08-13", "date: 2025-08-14")
    stale = changed(before, keys_of(demo))
    dated = {"site/archive/index.html", "site/sitemap.xml", "site/sections/work_update/index.html"}
    assert dated <= stale
    assert not stale & {"site/cases/index.html", "site/cases/cases.csv", "site/cases/cases.xlsx"}


def test_a_case_reaches_the_register_and_its_downloads(demo: Path) -> None:
    before = keys_of(demo)
    edit(demo, CASES, "fined: 924.10", "fined: 924.20")
    stale = changed(before, keys_of(demo))
    assert {"site/cases/index.html", "site/cases/cases.csv", "site/cases/cases.xlsx"} <= stale
    assert not stale & {"site/archive/index.html", "site/sitemap/index.html", "site/sitemap.xml"}


@pytest.mark.slow  # over 0.3 s: the full suite runs it, not the edit loop
def test_a_project_with_site_templates_of_its_own_keys_pages_by_all_they_are_given(
    demo: Path,
) -> None:
    folder = demo / "templates/site"
    folder.mkdir(parents=True)
    archive = (SITE / "archive.html").read_text(encoding="utf-8")
    (folder / "archive.html").write_text(archive.replace("{{ issue.theme }}", "{{ issue.staff }}"))
    before = keys_of(demo)
    edit(demo, ISSUE, "从源头消除因病致贫风险。", "从源头上消除因病致贫风险。")
    stale = changed(before, keys_of(demo))
    # any template there may show any part of a view: every list is keyed by whole views
    lists = {"site/archive/index.html", "site/sitemap/index.html"}
    assert lists | {"site/sections/work_update/index.html"} <= stale
    # the site files are made by ybbulletin's code, not the templates: still narrow
    assert not stale & {"site/cases/cases.csv", "site/sitemap.xml"}


# What each narrowed template may read of the values its key narrows (``build/shown.py``).
ALLOWED = {
    "archive.html": {"issue": {"path", "label", "mark", "date", "theme", "number_line"}},
    "sitemap.html": {"issue": {"path", "label", "number_line"}},
    "section.html": {
        "article": {"path", "title", "issue"},
        "article.issue": {"path", "label", "date"},
    },
    "cases.html": {"register": {"rows", "total", "years", "regions", "types", "methods", "charts"}},
}


def test_the_narrowed_templates_show_no_more_than_their_keys_hold() -> None:
    assert set(ALLOWED) == set(SHOWN)
    for name, allowed in ALLOWED.items():
        text = (SITE / name).read_text(encoding="utf-8")
        narrowed = SHOWN[name][0]
        # the narrowed entry is read only where it is walked (or made into the register)
        uses = re.findall(rf"\b{narrowed}\b[^\n]{{0,2}}", text)
        assert uses, name
        for value, fields in allowed.items():
            read = set(re.findall(rf"(?<![\w/.-]){re.escape(value)}\.(\w+)", text))
            assert read, (name, value)
            assert read <= fields | ({"issue"} if value == "article" else set()), (name, value)
    # the templates they extend and include do not read the narrowed entries
    shared = "".join(
        (SITE / name).read_text(encoding="utf-8") for name in ("base.html", "_masthead.html")
    )
    assert not re.search(r"\b(years|articles|issues|register)\b", shared)
    # the register page reads the issues only to make the register (all from its rows)
    cases = (SITE / "cases.html").read_text(encoding="utf-8")
    assert re.findall(r"\bissues\b", cases) == ["issues"]
    assert "case_register(issues)" in cases
