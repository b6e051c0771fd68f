"""Cache keys hash what a render function receives: whatever a template shows, no stale file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import REPO, edit
from ybbulletin.build import make_plan
from ybbulletin.build.keys import ViewKeys
from ybbulletin.cache import Manifest
from ybbulletin.project import load_archive
from ybbulletin.render.registry import format_names

TEMPLATES = REPO / "ybbulletin" / "templates"


def keys_of(root: Path) -> dict[str, str]:
    archive = load_archive(root)
    plan, _views = make_plan(archive, format_names(), root / "build", Manifest(), ())
    return {o.path: o.key for o in plan.outputs}


def changed(before: dict[str, str], after: dict[str, str]) -> set[str]:
    return {path for path in before if after.get(path) != before[path]}


def test_keys_are_stable(demo: Path) -> None:
    assert keys_of(demo) == keys_of(demo)


def test_an_edit_reaches_exactly_what_receives_it(demo: Path) -> None:
    before = keys_of(demo)
    # the 栏目 line of an entry's 来源: shown on its page, in its issue's PDF and Word file
    edit(demo, "content/issues/2021/01.yaml", "issuer: 自治区医疗保障局", "issuer: 自治区医保局")
    after = keys_of(demo)
    stale = changed(before, after)
    assert {"pdf/nxyb-2021-01.pdf", "docx/nxyb-2021-01.docx", "site/2021/01/index.html"} <= stale
    assert not {p for p in stale if "2025-12" in p or p.startswith("site/2025/12/0")}
    assert "site/assets/site.css" not in stale


def test_a_field_no_template_shows_today_still_counts(demo: Path) -> None:
    """A template that starts showing a field must not find pages keyed without it."""
    before = keys_of(demo)
    edit(demo, "content/issues/2025/12.yaml", "date: 2025-08-13", "date: 2025-08-14")
    stale = changed(before, keys_of(demo))
    article_pages = {p for p in before if re.fullmatch(r"site/2025/12/\d\d\.html", p)}
    assert article_pages <= stale  # every article page of the issue is given its issue


def test_keys_refuse_what_they_cannot_hash() -> None:
    with pytest.raises(TypeError, match="no cache key"):
        ViewKeys({}).of(object())


NEIGHBOUR = re.compile(r"\.(?:previous|next)\.(\w+)")


def test_templates_show_of_a_neighbour_only_its_ref() -> None:
    """previous/next enter an article page's key as ref(): path, title, 栏目."""
    allowed = {"path", "title", "section_label"}
    shown = {
        (path.relative_to(TEMPLATES).as_posix(), name)
        for path in TEMPLATES.rglob("*.html")
        for name in NEIGHBOUR.findall(path.read_text(encoding="utf-8"))
    }
    assert shown, "the site's pager shows neighbours"
    assert {(path, name) for path, name in shown if name not in allowed} == set()


def test_keys_tell_values_of_other_types_apart_and_take_an_enum_for_its_value() -> None:
    import enum

    class Kind(enum.StrEnum):
        NEWS = "news"

    keys = ViewKeys({})
    values: list[object] = [1, "1", True, 1.0, b"1", None, [1], ["1"], [[1]], ["a", "b"], ["ab"]]
    assert len({keys.of(value) for value in values}) == len(values)
    assert keys.of(Kind.NEWS) == keys.of("news")
