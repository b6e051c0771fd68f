"""Stages 2, 3 and 5 in worker processes give what they give in the main process.

``stage_pool`` sends each file's result back as plain data and makes it again; every
issue file the project ships (cases, fixtures, demo, example) and fuzzed variants of
them must come back equal in every part, types included: located data, lines and
positions, the validated issue, the tokens, the diagnostics (same order) and images.
Whole archives loaded with and without workers must be the same too.
"""

from __future__ import annotations

import marshal
import os
import random
import shutil
from pathlib import Path
from typing import Any

import pytest

from ybbulletin import project, stage_pool
from ybbulletin.errors import ContentError, Diagnostics
from ybbulletin.loaded import FileResult
from ybbulletin.markdown import BodyParser
from ybbulletin.model import Publication

REPO = Path(__file__).resolve().parents[2]
SETTINGS = REPO / "tests/cases/_project"
ISSUE_FILES = sorted(
    p
    for folder in ("tests", "content", "examples")
    for p in (REPO / folder).rglob("*.yaml")
    if p.name != "ybbulletin.yaml" and "_project" not in p.parts
)
PROJECTS = [
    REPO,
    REPO / "examples/huaibei",
    *sorted(p.parent.parent for p in (REPO / "tests/cases").glob("*/content")),
]


def _plainly_equal(a: Any, b: Any) -> bool:
    """``a == b`` with every type the same all the way down (1 == 1.0 == True is not)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(
            _plainly_equal(k, j) and _plainly_equal(a[k], b[j]) for k, j in zip(a, b, strict=True)
        )
    if isinstance(a, list | tuple):
        return len(a) == len(b) and all(_plainly_equal(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b) or (a != a and b != b)  # nan


def assert_same(fresh: FileResult, made: FileResult) -> None:
    assert (fresh.located is None) == (made.located is None)
    if fresh.located is not None and made.located is not None:
        assert made.located.path == fresh.located.path
        assert _plainly_equal(made.located.data, fresh.located.data)
        assert made.located.lines == fresh.located.lines
        assert made.located.values == fresh.located.values
        assert made.located.keys == fresh.located.keys
        assert list(made.located.values) == list(fresh.located.values)
    assert (fresh.issue is None) == (made.issue is None)
    if fresh.issue is not None and made.issue is not None:
        assert made.issue == fresh.issue
        assert made.issue.model_dump_json() == fresh.issue.model_dump_json()
    assert list(made.tokens) == list(fresh.tokens)
    for keypath, tokens in fresh.tokens.items():
        assert made.tokens[keypath] == tokens  # every field, children included
    assert made.diagnostics == fresh.diagnostics
    assert _plainly_equal(made.images, fresh.images)


def _context(root: Path) -> project._Context:
    publication = project.load_publication(root, Diagnostics())
    assert isinstance(publication, Publication)
    return project._Context(
        publication,
        publication.model_dump_json(),
        (root / "content").resolve(),
        root.resolve(),
        BodyParser(),
    )


def _round_trip(raw: bytes, path: Path, relpath: str, root: Path) -> None:
    parts = relpath.split("/")
    issue_file = project.IssueFile(path, relpath, parts[-2], parts[-1].removesuffix(".yaml"))
    fresh = project._run_stages(raw, issue_file, path.parent.resolve(), _context(root))
    sent = marshal.loads(marshal.dumps(stage_pool.pack(fresh)))
    assert_same(fresh, stage_pool.unpack(sent, raw))


def test_the_files_to_compare_are_there() -> None:
    assert len(ISSUE_FILES) >= 60
    assert any(p.is_relative_to(REPO / "content") for p in ISSUE_FILES)


@pytest.mark.parametrize("path", ISSUE_FILES, ids=lambda p: str(p.relative_to(REPO)))
def test_every_file_comes_back_the_same(path: Path) -> None:
    """As the case tests place a single file: content/issues/2025/01.yaml of cases/_project."""
    inside = "content/issues/" in path.as_posix()
    relpath = (
        "content/issues/" + path.as_posix().split("content/issues/", 1)[1]
        if inside
        else "content/issues/2025/01.yaml"
    )
    _round_trip(path.read_bytes(), path, relpath, SETTINGS)


def _mutants(count: int, seed: int) -> list[bytes]:
    """Variants of the project's issue files with a few bytes or lines cut, doubled,
    swapped or replaced by YAML's special characters (syntax errors, odd scalars, …)."""
    rng = random.Random(seed)
    specials = [b":", b"- ", b"'", b'"', b"#", b"&a ", b"*a", b"!!int ", b"\t", b"\n", b"  "]
    specials += [b"{", b"]", b"yes", b"0x1F", b"1e3", b".nan", b"~", b"2025-01-01", b"\\u0007"]
    found: list[bytes] = []
    for _ in range(count):
        raw = bytearray(rng.choice(ISSUE_FILES).read_bytes())
        for _ in range(rng.randint(1, 4)):
            at = rng.randrange(len(raw) + 1)
            how = rng.random()
            if how < 0.4:
                raw[at:at] = rng.choice(specials)
            elif how < 0.7:
                del raw[at : at + rng.randint(1, 8)]
            else:
                lines = bytes(raw).split(b"\n")
                i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
                lines[i], lines[j] = lines[j], lines[i]
                raw = bytearray(b"\n".join(lines))
        found.append(bytes(raw))
    return found


@pytest.mark.parametrize("seed", range(4))
def test_fuzzed_files_come_back_the_same(seed: int, tmp_path: Path) -> None:
    path = tmp_path / "01.yaml"
    for raw in _mutants(40, seed):
        _round_trip(raw, path, "content/issues/2025/01.yaml", SETTINGS)


def _load(root: Path, jobs: int) -> tuple[Any, ...]:
    try:
        archive = project.load_archive(root, jobs=jobs)
    except ContentError as error:
        return ("error", error.diagnostics.items)
    tokens = {key: archive.tokens[key] for key in archive.tokens}
    return (archive.diagnostics.items, archive.issues, tokens, archive.images)


@pytest.mark.parametrize("root", PROJECTS, ids=lambda p: p.name)
def test_a_pooled_archive_is_the_same(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    alone = _load(root, 1)
    monkeypatch.setattr(stage_pool, "MIN_POOLED", 1)
    assert _load(root, 2) == alone


@pytest.mark.slow  # over 0.3 s: the full suite runs it, not the edit loop
def test_a_generated_archive_pooled_is_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Many issue files, some of them broken (a diagnostic each, in file order)."""
    root = tmp_path / "project"
    shutil.copytree(SETTINGS, root)
    issues = root / "content/issues/2025"
    issues.mkdir(parents=True)
    demo = sorted((REPO / "content/issues").rglob("*.yaml"))
    for number in range(1, 25):
        raw = demo[number % len(demo)].read_bytes()
        if number % 7 == 0:
            raw = raw.replace(b"title:", b"title: [", 1)
        (issues / f"{number:02}.yaml").write_bytes(raw)
    alone = _load(root, 1)
    assert _load(root, 2) == alone
    assert alone[0] == "error"  # (and so the diagnostics of every file were compared)


def test_the_stages_run_in_workers() -> None:
    def stages(raw: bytes, name: Any, where: Path) -> FileResult:
        diags = Diagnostics()
        diags.warning(project.Location(str(name)), str(os.getpid()))
        return FileResult(None, None, diagnostics=diags.items)

    todo = [(b"", f"f{i}", Path()) for i in range(4 * stage_pool.MIN_POOLED)]
    results = stage_pool.run_stages(todo, stages, 2)
    assert [r.diagnostics[0].location.path for r in results] == [t[1] for t in todo]
    pids = {r.diagnostics[0].message for r in results}
    assert str(os.getpid()) not in pids
    alone = stage_pool.run_stages(todo, stages, 1)
    assert {r.diagnostics[0].message for r in alone} == {str(os.getpid())}
