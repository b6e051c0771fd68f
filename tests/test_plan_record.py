"""A build in which nothing changed plans nothing (``build/unchanged.py``): the manifest keeps
a record of the plan it was written from. Each input of the plan must reach that record
(an incremental build equals one from nothing), and a stale, corrupt or foreign record,
or an output touched since, costs a plan, never a stale file. Site and 公众号 only."""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest

import ybbulletin.build
from tests.conftest import BOOKKEEPING, edit
from ybbulletin.build import BuildResult, build
from ybbulletin.cache import Manifest
from ybbulletin.errors import ContentError

pytestmark = pytest.mark.slow  # builds of the demo site, like tests/test_build.py

FORMATS = ("html", "wechat")
ISSUE = "content/issues/2025/12.yaml"


def tree(out: Path) -> dict[str, bytes]:
    return {
        path.relative_to(out).as_posix(): path.read_bytes()
        for path in sorted(out.rglob("*"))
        if path.is_file() and path.name not in BOOKKEEPING
    }


def make(demo: Path, out: Path | None = None, strict: bool = False) -> BuildResult:
    """The site and 公众号 of ``demo`` built (drafts shown) into ``out`` (its build/)."""
    return build(demo, out or demo / "build", formats=FORMATS, jobs=1, drafts=True, strict=strict)


def no_plan(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("planned although nothing changed")

    monkeypatch.setattr(ybbulletin.build, "make_plan", refuse)


def test_a_build_in_which_nothing_changed_plans_nothing(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = demo / "build"
    first = make(demo)
    good = tree(out)
    no_plan(monkeypatch)
    again = make(demo)
    assert (again.written, again.files) == (0, first.files)
    assert tree(out) == good


def _body(demo: Path) -> None:
    edit(demo, ISSUE, "从源头消除因病致贫风险。", "从源头上消除因病致贫风险。")


def _settings(demo: Path) -> None:
    settings = demo / "ybbulletin.yaml"
    text = settings.read_text(encoding="utf-8")
    name = text.split("name:", 1)[1].split("\n", 1)[0].strip().strip('"')
    settings.write_text(text.replace(name, name + "（测试）", 1), encoding="utf-8")


def _stylesheet(demo: Path) -> None:
    # the project's own assets replace the package's (site_assets): templates/site
    assets = demo / "templates/site/assets"
    assets.mkdir(parents=True, exist_ok=True)
    (assets / "site.css").write_text("body { color: red }\n", encoding="utf-8")


def _template(demo: Path) -> None:
    # the print templates reach the 公众号 files' keys as the site's reach its pages'
    folder = demo / "templates/wechat"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "unused.txt").write_text("a new file of the format's templates\n", encoding="utf-8")


def _kind_layout(demo: Path) -> None:
    # a project's own layout of an entry kind replaces the package's in every page showing it
    folder = demo / "templates/kinds"
    folder.mkdir(parents=True, exist_ok=True)
    package = Path(ybbulletin.__file__).parent / "templates/kinds/work_update.html"
    layout = package.read_text(encoding="utf-8")
    (folder / "work_update.html").write_text("<p>本地版式</p>\n" + layout, encoding="utf-8")


CHANGES: dict[str, Callable[[Path], None]] = {
    "an entry kind's layout": _kind_layout,
    "an issue's text": _body,
    "the settings": _settings,
    "the project's stylesheet": _stylesheet,
    "a format's templates folder": _template,
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_every_input_of_the_plan_reaches_its_record(
    demo: Path, tmp_path: Path, change: str
) -> None:
    out = demo / "build"
    make(demo)
    make(demo)  # planned nothing
    CHANGES[change](demo)
    make(demo)
    fresh = tmp_path / "fresh"
    make(demo, fresh)
    assert tree(out) == tree(fresh)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ({"drafts": True}, {"drafts": False}),  # the drafts the site leaves out
        ({"formats": ("html",)}, {"formats": FORMATS}),
        ({"formats": FORMATS}, {"formats": ("html",)}),  # 公众号 files kept as they are
        ({"formats": FORMATS}, {"formats": FORMATS, "only": ["2025/12"]}),
    ],
)
def test_the_build_options_reach_the_record(
    demo: Path, monkeypatch: pytest.MonkeyPatch, before: dict[str, object], after: dict[str, object]
) -> None:
    out = demo / "build"
    options = {"formats": FORMATS, "jobs": 1, "drafts": True}
    _body(demo)  # a signed issue edited is a draft again: the site shows it with drafts only
    build(demo, out, **{**options, **before})  # type: ignore[arg-type]
    build(demo, out, **{**options, **before})  # type: ignore[arg-type]
    planned: list[object] = []
    make_plan = ybbulletin.build.make_plan

    def spy(*args: object, **kwargs: object) -> object:
        planned.append(args)
        return make_plan(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ybbulletin.build, "make_plan", spy)
    build(demo, out, **{**options, **after})  # type: ignore[arg-type]
    assert planned  # other options: another plan
    planned.clear()
    build(demo, out, **{**options, **after})  # type: ignore[arg-type]
    assert not planned  # and the same again: none


def test_an_output_touched_or_removed_since_is_made_again(demo: Path) -> None:
    out = demo / "build"
    make(demo)
    good = tree(out)
    (out / "site/2025/12/01.html").write_text("edited by hand", encoding="utf-8")
    (out / "wechat/2025/12/index.html").unlink()
    result = make(demo)
    assert tree(out) == good
    assert result.written == 2


def test_a_stale_or_corrupt_record_costs_a_plan(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = demo / "build"
    make(demo)
    good = tree(out)
    kept = Manifest.load(out)
    assert kept.plan
    # an entry's key changed since the record was made (say, by the preview, which saves
    # the manifest with the record it read): planned
    page = "site/2025/12/01.html"
    changed = Manifest.load(out)
    changed.entries[page] = ("0" * 64, kept.entries[page][1])
    changed.save(out)
    assert Manifest.load(out).plan == kept.plan
    result = make(demo)
    assert result.written == 0  # planned: the page made again, with the same bytes
    assert Manifest.load(out).entries[page] == kept.entries[page]
    for record in ("", "not a record", kept.plan[::-1]):
        wrong = Manifest.load(out)
        wrong.plan = record
        wrong.save(out)
        with monkeypatch.context() as patched:
            no_plan(patched)
            with pytest.raises(AssertionError, match="planned although"):
                make(demo)
        make(demo)
        assert tree(out) == good
    # and once planned, the record is made again: the next build plans nothing
    no_plan(monkeypatch)
    make(demo)


def test_files_touched_but_the_same_are_known_by_stat_again(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a build folder copied without its times (cp -r, rsync without -t): every file hashed
    # once, found the same, and its new stat kept, so the next build plans nothing again
    out = demo / "build"
    make(demo)
    good = tree(out)
    long_ago = time.time() - 3600
    for path in out.rglob("*"):
        if path.is_file() and path.name not in BOOKKEEPING:
            os.utime(path, (long_ago, long_ago))
    assert make(demo).written == 0
    no_plan(monkeypatch)
    make(demo)
    assert tree(out) == good


def test_a_build_that_plans_nothing_still_warns_without_base_url(demo: Path) -> None:
    # the feed and sitemap are left out for want of base_url: planning says so, and a
    # build that skips planning must too, or --strict would pass on the second build
    settings = demo / "ybbulletin.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("base_url:", "# base_url:"), encoding="utf-8")
    make(demo)
    again = make(demo)
    assert again.written == 0
    assert any("没有设置 base_url" in d.message for d in again.diagnostics.warnings)
    with pytest.raises(ContentError):
        make(demo, strict=True)


def test_a_build_in_which_nothing_changed_leaves_the_collector_nothing_young(
    demo: Path,
) -> None:
    """A build that renders nothing never freezes what it loaded for the collector: were
    it re-enabled with all of it still young, the collector's next passes would walk
    every object of the loaded archive (most of a no-op build's cost beyond ``check``'s).
    What the build made is in the oldest generation, unwalked."""
    make(demo)
    gc.collect()
    result = make(demo)
    assert result.written == 0
    assert gc.isenabled()
    assert any(found is result for found in gc.get_objects(generation=2))


def test_the_manifest_of_an_older_ybbulletin_is_removed_when_the_new_one_is_saved(
    demo: Path,
) -> None:
    out = demo / "build"
    out.mkdir()
    old = out / ".ybbulletin-manifest.json"  # ybbulletin before 2026-11-30: JSON
    old.write_text('{"format": 2, "plan": "", "outputs": {}}', encoding="utf-8")
    make(demo)
    assert not old.exists()
    assert Manifest.load(out).entries
