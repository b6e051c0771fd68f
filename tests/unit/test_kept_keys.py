"""Keys kept between builds are the keys: an unchanged issue is not hashed again, and
whatever changes (the file, its neighbours, its number, an image, the settings) a key
recalled from the archive cache is the key a fresh planning pass gives."""

from __future__ import annotations

from pathlib import Path

import pytest

import ybbulletin.build.keys
import ybbulletin.loaded
from tests.conftest import edit
from ybbulletin.archive_cache import CACHE_FILE, ArchiveCache
from ybbulletin.build import make_plan
from ybbulletin.build.keys import ViewKeys
from ybbulletin.build.page_keys import PageKeys
from ybbulletin.cache import Manifest, digest
from ybbulletin.loaded import FileHashes
from ybbulletin.project import Archive, load_archive
from ybbulletin.render import search
from ybbulletin.render.registry import format_names
from ybbulletin.views import ArticleView, Page

ISSUE = "content/issues/2025/12.yaml"
OLDER = "content/issues/2021/01.yaml"


@pytest.fixture
def primed(monkeypatch: pytest.MonkeyPatch) -> list[ViewKeys]:
    """The ViewKeys of each planning pass (to read how many issues they hashed)."""
    made: list[ViewKeys] = []
    original = ViewKeys.prime

    def spy(self: ViewKeys, views):  # type: ignore[no-untyped-def]
        made.append(self)
        return original(self, views)

    monkeypatch.setattr(ybbulletin.build.keys.ViewKeys, "prime", spy)
    return made


def keys(root: Path, *, kept: bool, drafts: bool = True) -> dict[str, str]:
    """Every planned output's key; ``kept``: with the archive cache in build/ (saved)."""
    cache = ArchiveCache.load(root / "build" / CACHE_FILE) if kept else None
    archive = load_archive(root, cache=cache)
    hidden = frozenset() if drafts else frozenset({"2021/01"})
    if cache is not None:
        cache.planned = True
    plan, _views = make_plan(
        archive, format_names(), root / "build", Manifest(), (), hidden=hidden, memo=cache
    )
    found = {o.path: o.key for o in plan.outputs}  # (a page's key is made when read)
    if cache is not None:
        cache.save()
    return found


def add_image(root: Path, relpath: str, name: str) -> Path:
    from PIL import Image

    folder = (root / relpath).parent / "images"
    folder.mkdir(exist_ok=True)
    Image.new("RGB", (20, 10), "red").save(folder / name)
    edit(root, relpath, "    body: |\n", f"    body: |\n      ![图](images/{name})\n\n")
    return folder / name


def hashed(made: list[ViewKeys]) -> int:
    return sum(keys.hashed for keys in {id(keys): keys for keys in made}.values())


def test_a_warm_plan_hashes_no_view_and_gives_the_same_keys(
    demo: Path, primed: list[ViewKeys]
) -> None:
    cold = keys(demo, kept=True)
    assert hashed(primed) == 4  # two issues, as the issue formats and the site see them
    primed.clear()
    assert keys(demo, kept=True) == cold == keys(demo, kept=False)
    assert hashed(primed) == 0
    assert sum(keys.primed for keys in {id(keys): keys for keys in primed}.values()) == 4


@pytest.mark.parametrize(
    ("relpath", "old", "new", "again"),
    [
        # a body: that issue's views only
        (ISSUE, "从源头消除因病致贫风险。", "从源头上消除因病致贫风险。", 2),
        # the first article's title: the older issue's last article links to it
        (
            ISSUE,
            "title: 石嘴山市医保局三举措",
            "title: 石嘴山市医疗保障局三举措",
            4,
        ),
        # the older issue's running number (总第): its label, so every view of it
        ("ybbulletin.yaml", "first_total: 39", "first_total: 40", 4),
        # a 栏目's name: settings reach every issue
        ("ybbulletin.yaml", "work_update: 工作动态", "work_update: 医保动态", 4),
    ],
)
@pytest.mark.slow  # over 0.3 s: the full suite runs it, not the edit loop
def test_an_edit_hashes_what_it_reaches_and_kept_keys_are_fresh_keys(
    demo: Path, primed: list[ViewKeys], relpath: str, old: str, new: str, again: int
) -> None:
    before = keys(demo, kept=True)
    edit(demo, relpath, old, new)
    primed.clear()
    warm = keys(demo, kept=True)
    assert hashed(primed) == again
    assert warm == keys(demo, kept=False)
    assert warm != before


def test_drafts_left_out_of_the_site_change_the_neighbours_kept_keys(demo: Path) -> None:
    keys(demo, kept=True)
    keys(demo, kept=True, drafts=False)  # the site's views without 2021/01: other neighbours
    assert keys(demo, kept=True, drafts=False) == keys(demo, kept=False, drafts=False)
    assert keys(demo, kept=True) == keys(demo, kept=False)


def test_a_changed_image_changes_every_issue_that_shows_it(demo: Path) -> None:
    image = add_image(demo, ISSUE, "图.png")
    later = demo / "content/issues/2025/13.yaml"  # another issue of the year, same image
    text = (demo / ISSUE).read_text(encoding="utf-8").replace("number: 12", "number: 13", 1)
    later.write_text(text.replace("total: 130", "total: 131", 1), encoding="utf-8")
    before = keys(demo, kept=True)
    data = image.read_bytes()
    image.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))  # same size, other bytes
    warm = keys(demo, kept=True)
    assert warm == keys(demo, kept=False)
    stale = {path for path in before if warm.get(path) != before[path]}
    assert {"pdf/nxyb-2025-12.pdf", "pdf/nxyb-2025-13.pdf", "docx/nxyb-2025-13.docx"} <= stale
    assert "site/media/issues/2025/images/图.png" in stale
    # the search index is one set of files keyed on every article (render/search.py)
    assert not {path for path in stale if "2021" in path and not path.startswith("site/search/")}


def test_file_hashes_are_kept_by_the_files_state(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "x.png"
    path.write_bytes(b"one")
    hashes = FileHashes()
    assert hashes.sha256(path) == digest(b"one")
    path.write_bytes(b"two")  # same size, perhaps within the same tick of the clock:
    assert hashes.sha256(path) == digest(b"two")  # just written, so never taken as known
    assert hashes.used() == {}
    monkeypatch.setattr(ybbulletin.loaded, "RACY_NS", -(10**18))  # as if written long ago
    hashes.sha256(path)
    kept = hashes.used()
    assert list(kept) == [str(path)]
    seeded = FileHashes()
    seeded.seed({name: (state, "a hash kept") for name, (state, _sha) in kept.items()})
    assert seeded.sha256(path) == "a hash kept"  # the file is as it was: not read
    path.write_bytes(b"three")
    assert seeded.sha256(path) == digest(b"three")


def test_a_corrupt_view_record_is_made_again(demo: Path, primed: list[ViewKeys]) -> None:
    cold = keys(demo, kept=True)
    cache = ArchiveCache.load(demo / "build" / CACHE_FILE)
    for key in list(cache._views):
        cache.remember_views(key, ["short"])  # not one digest per view: made again
    cache.save()
    primed.clear()
    assert keys(demo, kept=True) == cold
    assert hashed(primed) == 4


def test_views_of_an_archive_loaded_before_the_file_changed_are_not_kept_as_its_new_self(
    demo: Path,
) -> None:
    """The preview loads a saved file into the same cache while the last archive is in use:
    digests of the old archive's views must not be kept under the new bytes' key."""
    cache = ArchiveCache()
    formats = format_names()

    def plan_keys(archive: Archive, memo: ArchiveCache | None) -> dict[str, str]:
        plan, _views = make_plan(archive, formats, demo / "build", Manifest(), (), memo=memo)
        return {o.path: o.key for o in plan.outputs}

    edit(demo, ISSUE, "从源头消除因病致贫风险。", "从源头上消除因病致贫风险。")  # now a draft
    old = load_archive(demo, cache=cache)
    edit(demo, ISSUE, "从源头上消除", "从源头上彻底消除")  # a draft still: the same mark
    new = load_archive(demo, cache=cache)
    assert plan_keys(old, cache) == plan_keys(old, None)
    assert plan_keys(new, cache) == plan_keys(new, None)


@pytest.fixture
def made_again(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """The issues' own pages whose keys were made (not recalled), and the articles whose
    search sources were."""
    found: dict[str, list[str]] = {"pages": [], "sources": []}
    one = PageKeys._one

    def page(self: PageKeys, page: Page) -> str:
        if page.template in ("issue.html", "article.html"):
            found["pages"].append(page.path)
        return one(self, page)

    source = search.source_key

    def article(view: ArticleView, extra: str | None = None) -> bytes:
        found["sources"].append(view.path)
        return source(view, extra)

    monkeypatch.setattr(PageKeys, "_one", page)
    monkeypatch.setattr(search, "source_key", article)
    return found


def test_an_issues_page_keys_and_search_sources_are_kept_with_it(
    demo: Path, made_again: dict[str, list[str]]
) -> None:
    cold = keys(demo, kept=True)
    pages = sorted(made_again["pages"])
    assert len(pages) > 4
    assert len(made_again["sources"]) > 4
    made_again["pages"].clear()
    made_again["sources"].clear()
    assert keys(demo, kept=True) == cold  # recalled: none made again
    assert made_again == {"pages": [], "sources": []}
    edit(demo, ISSUE, "从源头消除因病致贫风险。", "从源头上消除因病致贫风险。")
    warm = keys(demo, kept=True)
    edited = [path for path in pages if path.startswith("2025/12")]
    assert sorted(made_again["pages"]) == edited  # that issue's own pages only
    assert sorted(made_again["sources"]) == [p for p in edited if p != "2025/12/index.html"]
    assert warm == keys(demo, kept=False) != cold


@pytest.fixture
def rows_and_extras(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """The articles whose register rows (for the register's hash) and search extra fields
    were made."""
    from ybbulletin.render import register

    found: dict[str, list[str]] = {"rows": [], "extras": []}
    rows, extra = register._rows, search._extra

    def spy_rows(issue, article):  # type: ignore[no-untyped-def]
        found["rows"].append(article.path)
        return rows(issue, article)

    def spy_extra(article):  # type: ignore[no-untyped-def]
        found["extras"].append(article.path)
        return extra(article)

    monkeypatch.setattr(register, "_rows", spy_rows)
    monkeypatch.setattr(search, "_extra", spy_extra)
    return found


def test_an_issues_register_rows_and_search_extras_are_kept_with_it(
    demo: Path, rows_and_extras: dict[str, list[str]]
) -> None:
    cold = keys(demo, kept=True)
    assert len(set(rows_and_extras["rows"])) > 4
    assert len(set(rows_and_extras["extras"])) > 4
    rows_and_extras["rows"].clear()
    rows_and_extras["extras"].clear()
    assert keys(demo, kept=True) == cold  # recalled: none made again
    assert rows_and_extras == {"rows": [], "extras": []}
    edit(demo, ISSUE, "从源头消除因病致贫风险。", "从源头上消除因病致贫风险。")
    warm = keys(demo, kept=True)
    made = set(rows_and_extras["rows"]) | set(rows_and_extras["extras"])
    assert made
    assert all(path.startswith("2025/12/") for path in made)  # that issue's only
    assert warm == keys(demo, kept=False) != cold
