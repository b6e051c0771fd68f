"""Pages and files keyed by what they show (``build/shown.py``) are never left stale: after
an edit of what one of them shows, or of what none shows, the site built on the last one
equals the site built from nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import BOOKKEEPING, edit, resign
from ybbulletin.build import build

pytestmark = pytest.mark.slow  # builds of the demo site

ISSUE, CASES = "content/issues/2025/12.yaml", "content/issues/2021/01.yaml"
EDITS = {
    "a case's amount (案例库, its CSV and XLSX)": (CASES, "fined: 924.10", "fined: 924.20"),
    "a case's region (案例库 filters)": (CASES, "region: 中卫市", "region: 中卫"),
    "an article's title (its 栏目 page)": (ISSUE, "三举措助力", "四举措助力"),
    "an issue's theme (往期)": (ISSUE, "theme: 巩固拓展", "theme: 巩固和拓展"),
    "an issue's date (往期, 栏目, sitemap.xml)": (ISSUE, "date: 2025-08-13", "date: 2025-08-14"),
    "a body (no list shows it)": (ISSUE, "从源头消除因病致贫风险。", "从源头上消除因病致贫风险。"),
}


def tree(out: Path) -> dict[str, bytes]:
    return {
        path.relative_to(out).as_posix(): path.read_bytes()
        for path in sorted(out.rglob("*"))
        if path.is_file() and path.name not in BOOKKEEPING
    }


@pytest.mark.parametrize("change", sorted(EDITS))
def test_an_edit_then_a_build_equals_a_build_from_nothing(
    demo: Path, tmp_path: Path, change: str
) -> None:
    out, fresh = demo / "build", tmp_path / "fresh"
    build(demo, out, formats=("html",), jobs=1)
    relpath, old, new = EDITS[change]
    edit(demo, relpath, old, new)
    resign(demo, "/".join(Path(relpath).with_suffix("").parts[-2:]))  # signed: on the site
    build(demo, out, formats=("html",), jobs=1)
    build(demo, fresh, formats=("html",), jobs=1)
    assert tree(out) == tree(fresh)
