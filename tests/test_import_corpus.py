"""The import corpus: published texts against the expected table; nothing of any text lost.

The score is written to docs/import-score.md; regenerate it with
``.venv/bin/python -m tests.import_score`` (or ``YB_REGENERATE=1`` on this test, which then
fails once so that the new page is reviewed).
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.conftest import examples
from tests.import_score import (
    DOC,
    FileResult,
    kept,
    paragraphs_of,
    render,
    score_all,
    streams,
    totals,
)
from ybbulletin.importer import parse, read_text, render_yaml
from ybbulletin.importer.text import ReadError

# the whole corpus imported once (~1.5 s) for the score: the full suite runs it, not the edit loop
pytestmark = pytest.mark.slow


SEEDS = Path(__file__).parent / "fixtures" / "seeds"


@pytest.fixture(scope="module")
def results() -> list[FileResult]:
    return score_all()


def test_every_corpus_text_is_drafted_and_passes_check(results: list[FileResult]) -> None:
    assert [r.name for r in results if not r.drafted] == []


def test_nothing_of_any_corpus_text_is_lost(results: list[FileResult]) -> None:
    lost = [(r.name, p) for r in results for p in r.problems if p.startswith("段落丢失")]
    assert lost == []


def test_score_meets_the_bar(results: list[FileResult]) -> None:
    score = totals(results)

    def share(name: str) -> float:
        right, total = score[name]
        return right / total

    assert share("entries right (title at its place)") >= 0.95
    assert share("cases found") >= 0.95
    assert share("amounts right") >= 0.95
    assert share("case subjects right") >= 0.95
    assert share("kinds right") >= 0.9
    assert share("bylines and 来源 right") >= 0.95
    assert share("paragraphs kept") == 1.0


def test_the_score_page_is_current(results: list[FileResult]) -> None:
    page = render(results)
    if os.environ.get("YB_REGENERATE") and DOC.read_text(encoding="utf-8") != page:
        DOC.write_text(page, encoding="utf-8")
        pytest.fail("regenerated docs/import-score.md, review the diff")
    assert DOC.read_text(encoding="utf-8") == page, "run: .venv/bin/python -m tests.import_score"


@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.glob("*.txt")))
def test_nothing_of_a_seed_is_lost(seed: str) -> None:
    raw = (SEEDS / seed).read_bytes()
    draft = parse(read_text(raw))
    draft.year, draft.number, draft.date = 2025, 1, datetime.date(2025, 1, 1)
    pieces, comments = streams(render_yaml(draft, source_name=seed))
    assert [p for p in paragraphs_of(raw) if not kept(p, pieces, comments)] == []


# Paragraphs as bulletins and web pages have them: prose, headings of every level, case
# headings, bylines, leads, chrome, amounts, notes. The importer may move them anywhere but
# must keep each one, whole, in an entry or a comment.
_HANZI = st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF)
_WORDS = st.text(_HANZI, min_size=2, max_size=12)
_PROSE = st.builds(
    lambda a, b, n, end: f"{a}，{b}{n}万元{end}",
    _WORDS,
    _WORDS,
    st.integers(1, 999),
    st.sampled_from("。；，"),
)
_SHAPES = st.one_of(
    _PROSE,
    _WORDS,
    st.builds(lambda w: f"一、{w}案", _WORDS),
    st.builds(lambda n, w: f"案例{n}：{w}骗取医保基金案", st.integers(1, 9), _WORDS),
    st.builds(lambda n: f"案例{n}", st.integers(1, 9)),
    st.builds(lambda w: f"（一）{w}", _WORDS),
    st.builds(lambda w: f"■ 记者 {w[:3]} 通讯员 {w[-2:]}", _WORDS),
    st.builds(lambda w: f"本报讯（记者 {w[:3]}）{w}。", _WORDS),
    st.builds(lambda w: f"责任编辑：{w[:3]}", _WORDS),
    st.builds(lambda w: f"来源：{w}", _WORDS),
    st.builds(lambda w: f"按：{w}。", _WORDS),
    st.builds(lambda w: f"（{w}供稿）", _WORDS),
    st.builds(lambda w: f"{w}市医疗保障局关于{w}的通报（第三期）", _WORDS),
    st.builds(lambda w: f"第一批：{w}", _WORDS),
    st.sampled_from(
        ["工作动态", "经验交流", "案例通报", "打印本页", "上一篇：无", "目录", "=====", "|"]
    ),
)


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_SHAPES, min_size=1, max_size=25))
def test_every_paragraph_is_kept(paragraphs: list[str]) -> None:
    raw = "\n".join(paragraphs).encode("utf-8")
    draft = parse(read_text(raw))
    draft.year, draft.number, draft.date = 2025, 1, datetime.date(2025, 1, 1)
    pieces, comments = streams(render_yaml(draft, source_name="x.txt"))
    lost = [p for p in paragraphs_of(raw) if not kept(p, pieces, comments)]
    assert lost == []


@settings(max_examples=examples(200), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(min_size=1, max_size=400))
@example("编者按:")  # a label with no 按语 after it: was an empty note, which check refuses
def test_any_readable_text_gives_a_draft_that_check_accepts(text: str) -> None:
    """Control characters, line separators, stray YAML and Markdown marks: the draft still
    loads and validates (never a traceback, never a draft the editor cannot open)."""
    from ybbulletin.errors import Diagnostics
    from ybbulletin.located import load_text
    from ybbulletin.validate import validate_issue

    try:
        lines = read_text(text.encode("utf-8"))
    except ReadError:
        return  # refused with a message (a binary or empty file)
    draft = parse(lines)
    if not draft.articles:
        return  # only chrome: refused with a message
    draft.year, draft.number, draft.date = 2025, 1, datetime.date(2025, 1, 1)
    diags = Diagnostics()
    located = load_text(render_yaml(draft, source_name="x.txt"), "2025/01.yaml", diags)
    assert located is not None, [d.format() for d in diags.errors]
    issue = validate_issue(located, diags, None, "2025", "01")
    assert issue is not None, [d.format() for d in diags.errors]
