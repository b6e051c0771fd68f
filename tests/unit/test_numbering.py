"""Numbering: 第N期 / 总第M期 rules as tables, and properties over generated archives."""

from __future__ import annotations

import datetime
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import examples
from ybbulletin.errors import Diagnostics
from ybbulletin.numbering import Stub, chinese_numeral, next_issue, number_archive


def stub(
    year: int,
    number: int,
    *,
    total: int | None = None,
    kind: str = "regular",
    date: datetime.date | None = None,
) -> Stub:
    prefix = {"regular": "", "supplement": "zengkan-", "special": "zhuankan-"}[kind]
    when = date or datetime.date(year, 1, 1) + datetime.timedelta(days=number * 7)
    return Stub(f"content/issues/{year}/{prefix}{number:02d}.yaml", year, kind, number, when, total)


def totals_of(
    stubs: list[Stub], first_total: int | None = 1
) -> tuple[list[int | None], Diagnostics]:
    diags = Diagnostics()
    totals = number_archive(stubs, first_total, diags)
    return [totals[s.path] for s in stubs], diags


@pytest.mark.parametrize(
    ("stubs", "first_total", "expected"),
    [
        ([stub(2025, 1), stub(2025, 2), stub(2025, 3)], 1, [1, 2, 3]),
        ([stub(2025, 1), stub(2025, 2)], 119, [119, 120]),
        # across a year boundary the count goes on by one
        ([stub(2024, 20), stub(2025, 1)], 50, [50, 51]),
        # issues missing inside a year still took their numbers
        ([stub(2025, 1), stub(2025, 4)], 10, [10, 13]),
        # a declared total re-anchors, and later issues count from it
        ([stub(2021, 1), stub(2025, 12, total=130), stub(2025, 13)], 39, [39, 130, 131]),
        # the earliest issue may carry its own total instead of first_total
        ([stub(2025, 5, total=80), stub(2025, 6)], None, [80, 81]),
        # supplements and specials have no total and do not move the count
        ([stub(2025, 1), stub(2025, 1, kind="supplement"), stub(2025, 2)], 1, [1, None, 2]),
        ([stub(2025, 1, kind="special")], None, [None]),
    ],
)
def test_totals(stubs: list[Stub], first_total: int | None, expected: list[int | None]) -> None:
    totals, diags = totals_of(stubs, first_total)
    assert totals == expected
    assert diags.errors == []


@pytest.mark.parametrize(
    ("stubs", "first_total", "message"),
    [
        (
            [stub(2025, 1), stub(2025, 2, total=5)],
            1,
            "总第5期与上一期（2025年第1期，总第1期）不连续，应为总第2期",
        ),
        (
            [stub(2025, 1), stub(2025, 3, total=1)],
            1,
            "总第1期不大于上一期（2025年第1期，content/issues/2025/01.yaml）的总第1期",
        ),
        (
            [stub(2025, 1, total=7)],
            1,
            "总第7期与 ybbulletin.yaml 中的 numbering.first_total（1）不一致",
        ),
        ([stub(2025, 3)], None, "无法确定2025年第3期的总期数"),
        ([stub(2025, 1, kind="supplement", total=3)], None, "增刊没有总期号"),
        ([stub(2025, 1, date=datetime.date(2024, 12, 31))], 1, "日期 2024-12-31 不在 2025 年内"),
        (
            [
                stub(2025, 1, date=datetime.date(2025, 3, 1)),
                stub(2025, 2, date=datetime.date(2025, 2, 1)),
            ],
            1,
            "日期 2025-02-01 早于上一期（2025年第1期，2025-03-01）",
        ),
    ],
)
def test_errors(stubs: list[Stub], first_total: int | None, message: str) -> None:
    _, diags = totals_of(stubs, first_total)
    assert [d.message for d in diags.errors] == [message]


def test_duplicates_name_both_files() -> None:
    a = stub(2025, 12)
    b = Stub("content/issues/2025/13.yaml", 2025, "regular", 12, a.date)
    _, diags = totals_of([a, b])
    assert sorted(d.message for d in diags.errors) == [
        "期号重复：2025年第12期同时写在 content/issues/2025/12.yaml 中",
        "期号重复：2025年第12期同时写在 content/issues/2025/13.yaml 中",
    ]


@pytest.mark.parametrize(
    ("stubs", "warnings"),
    [
        ([stub(2025, 1), stub(2025, 4)], ["缺少2025年第2–3期（2025年第4期之前）"]),
        ([stub(2024, 30), stub(2025, 2)], ["缺少2025年第1期（2025年第2期之前）"]),
        ([stub(2025, 5), stub(2025, 6)], []),  # the archive may start anywhere in its first year
        ([stub(2025, 1), stub(2025, 4, total=4)], []),  # a declared total acknowledges the gap
        (
            [stub(2025, 1, kind="supplement"), stub(2025, 3, kind="supplement")],
            ["缺少2025年增刊第2期（2025年增刊第3期之前）"],
        ),
    ],
)
def test_gaps_warn(stubs: list[Stub], warnings: list[str]) -> None:
    _, diags = totals_of(stubs)
    assert [d.message for d in diags.warnings] == warnings
    assert diags.errors == []


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (1, "一"),
        (6, "六"),
        (10, "十"),
        (11, "十一"),
        (20, "二十"),
        (21, "二十一"),
        (99, "九十九"),
        (100, "一百"),
        (101, "一百零一"),
        (110, "一百一十"),
        (1001, "一千零一"),
        (2025, "二千零二十五"),
    ],
)
def test_chinese_numeral(n: int, text: str) -> None:
    assert chinese_numeral(n) == text


def test_chinese_numeral_range() -> None:
    with pytest.raises(ValueError, match=r"1\.\.9999"):
        chinese_numeral(0)


def test_next_issue() -> None:
    stubs = [stub(2021, 1), stub(2025, 12, total=130)]
    totals = {stubs[0].path: 39, stubs[1].path: 130}
    assert next_issue(stubs, totals, "regular", datetime.date(2025, 9, 1), 39).__dict__ == {
        "year": 2025,
        "number": 13,
        "total": 131,
    }
    assert next_issue(stubs, totals, "regular", datetime.date(2026, 1, 5), 39).__dict__ == {
        "year": 2026,
        "number": 1,
        "total": 131,
    }
    assert next_issue(stubs, totals, "supplement", datetime.date(2025, 9, 1), 39).__dict__ == {
        "year": 2025,
        "number": 1,
        "total": None,
    }
    assert next_issue([], {}, "regular", datetime.date(2025, 1, 1), 7).__dict__ == {
        "year": 2025,
        "number": 1,
        "total": 7,
    }


# --- properties -------------------------------------------------------------


@st.composite
def archives(draw: st.DrawFn) -> tuple[list[Stub], int]:
    """A consistent archive: some years, increasing numbers with gaps, some supplements."""
    first_total = draw(st.integers(1, 500))
    stubs: list[Stub] = []
    for year in range(2020, 2020 + draw(st.integers(1, 4))):
        numbers = sorted(draw(st.sets(st.integers(1, 30), min_size=1, max_size=8)))
        stubs += [stub(year, n) for n in numbers]
        extra = draw(st.sets(st.integers(1, 3), max_size=2))
        stubs += [stub(year, n, kind="supplement") for n in sorted(extra)]
    return stubs, first_total


@given(archives(), st.randoms())
@settings(max_examples=examples(150), deadline=None)
def test_totals_do_not_depend_on_file_order(archive: tuple[list[Stub], int], rnd: object) -> None:
    stubs, first_total = archive
    shuffled = list(stubs)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    a, b = Diagnostics(), Diagnostics()
    assert number_archive(stubs, first_total, a) == number_archive(shuffled, first_total, b)
    assert sorted(a.items, key=str) == sorted(b.items, key=str)


@given(archives())
@settings(max_examples=examples(150), deadline=None)
def test_totals_rise_and_count_every_regular_issue(archive: tuple[list[Stub], int]) -> None:
    stubs, first_total = archive
    diags = Diagnostics()
    totals = number_archive(stubs, first_total, diags)
    assert diags.errors == []
    regular = sorted((s for s in stubs if s.kind == "regular"), key=lambda s: (s.year, s.number))
    values = [totals[s.path] for s in regular]
    assert values[0] == first_total
    assert all(isinstance(v, int) for v in values)
    assert all(b > a for a, b in itertools.pairwise(values))  # type: ignore[operator]
    for prev, cur, pt, ct in zip(regular, regular[1:], values, values[1:], strict=False):
        step = cur.number - prev.number if cur.year == prev.year else 1
        assert ct == pt + step  # type: ignore[operator]
    assert all(totals[s.path] is None for s in stubs if s.kind != "regular")


@given(archives(), st.data())
@settings(max_examples=examples(100), deadline=None)
def test_declaring_the_computed_total_changes_nothing(
    archive: tuple[list[Stub], int], data: st.DataObject
) -> None:
    stubs, first_total = archive
    totals = number_archive(stubs, first_total, Diagnostics())
    regular = [s for s in stubs if s.kind == "regular"]
    chosen = data.draw(st.sampled_from(regular))
    declared = [
        Stub(s.path, s.year, s.kind, s.number, s.date, totals[s.path]) if s is chosen else s
        for s in stubs
    ]
    diags = Diagnostics()
    assert number_archive(declared, first_total, diags) == totals
    assert diags.errors == []


@given(archives(), st.data())
@settings(max_examples=examples(100), deadline=None)
def test_a_copied_file_is_always_a_duplicate(
    archive: tuple[list[Stub], int], data: st.DataObject
) -> None:
    stubs, first_total = archive
    original = data.draw(st.sampled_from(stubs))
    copy = Stub(
        "content/issues/copy.yaml", original.year, original.kind, original.number, original.date
    )
    diags = Diagnostics()
    number_archive([*stubs, copy], first_total, diags)
    duplicates = [d for d in diags.errors if d.message.startswith("期号重复")]
    assert {d.location.path for d in duplicates} == {original.path, copy.path}
