"""第N期 / 总第M期: archive numbering checks and Chinese numerals, as pure functions.

Rules (``docs/architecture.md`` explains why):

- 第N期 counts issues within a year from 1, separately for regular issues,
  supplements (增刊) and specials (专刊).
- 总第M期 counts regular issues only. The earliest regular issue takes its own
  ``total`` or ``numbering.first_total``; every later one takes the previous
  total plus the number of issues between them when both are in one year
  (issues missing inside a year were published, only not typed in), plus one
  across a year boundary.
- A declared ``total`` re-anchors; it must be larger than the previous total,
  and exactly previous + 1 when the two are consecutive numbers of one year.
- Two files with the same (year, kind, number) are an error naming both; a
  number missing inside the archive is a warning, unless the issue after the
  gap declares its ``total`` (re-anchoring says the gap is known); dates must fall in their
  year and must not go back as numbers rise.
"""

from __future__ import annotations

import datetime
import itertools
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ybbulletin.errors import Diagnostics, Location
from ybbulletin.model import ISSUE_KINDS

__all__ = ["NextIssue", "Stub", "chinese_numeral", "next_issue", "number_archive"]

_DIGITS = "零一二三四五六七八九"
_UNITS = ["", "十", "百", "千"]


@dataclass(frozen=True)
class Stub:
    """What numbering needs to know of one issue file."""

    path: str
    year: int
    kind: str
    number: int
    date: datetime.date
    total: int | None = None
    where: Mapping[str, Location] = field(default_factory=dict)

    def at(self, name: str) -> Location:
        return self.where.get(name) or Location(self.path)

    @property
    def label(self) -> str:
        kind = "" if self.kind == "regular" else ISSUE_KINDS[self.kind]
        return f"{self.year}年{kind}第{self.number}期"


def number_archive(
    stubs: Sequence[Stub],
    first_total: int | None,
    diags: Diagnostics,
    *,
    settings_ok: bool = True,
) -> dict[str, int | None]:
    """Check the archive's numbers and dates; return each file's 总第 number (None if none).

    With ``settings_ok`` false (``ybbulletin.yaml`` has errors), a missing anchor
    is not reported again: it may only be the settings' fault.
    """
    unique = _drop_duplicates(stubs, diags)
    for stub in unique:
        if stub.date.year != stub.year:
            diags.error(
                stub.at("date"),
                f"日期 {stub.date.isoformat()} 不在 {stub.year} 年内",
                "date 应是本期的印发日期，与 year 同年",
            )
    totals: dict[str, int | None] = {stub.path: None for stub in stubs}
    by_kind: dict[str, list[Stub]] = defaultdict(list)
    for stub in unique:
        by_kind[stub.kind].append(stub)
    for kind, group in sorted(by_kind.items()):
        group.sort(key=lambda s: (s.year, s.number))
        _check_gaps(group, diags)
        _check_dates(group, diags)
        if kind == "regular":
            totals.update(_totals(group, first_total, diags, require_anchor=settings_ok))
        else:
            for stub in group:
                if stub.total is not None:
                    diags.error(
                        stub.at("total"),
                        f"{ISSUE_KINDS[kind]}没有总期号",
                        f"删除 total；{ISSUE_KINDS[kind]}单独编号，不与正刊期号混编",
                    )
    return totals


def _drop_duplicates(stubs: Sequence[Stub], diags: Diagnostics) -> list[Stub]:
    groups: dict[tuple[int, str, int], list[Stub]] = defaultdict(list)
    for stub in sorted(stubs, key=lambda s: s.path):
        groups[(stub.year, stub.kind, stub.number)].append(stub)
    unique = []
    for group in groups.values():
        unique.append(group[0])
        if len(group) == 1:
            continue
        for stub in group:
            others = "、".join(other.path for other in group if other is not stub)
            diags.error(
                stub.at("number"),
                f"期号重复：{stub.label}同时写在 {others} 中",
                "复制上一期文件后，记得修改 number（以及文件名）",
            )
    return unique


def _check_gaps(group: list[Stub], diags: Diagnostics) -> None:
    """Warn for numbers missing inside the archive's span of this kind."""
    previous: Stub | None = None
    for stub in group:
        if previous is None:
            expected = stub.number  # the archive may start anywhere in its first year
        elif previous.year == stub.year:
            expected = previous.number + 1
        else:
            expected = 1
        # A declared total re-anchors the count: the editor knows issues are missing.
        acknowledged = stub.kind == "regular" and stub.total is not None
        if stub.number > expected and not acknowledged:
            kind = "" if stub.kind == "regular" else ISSUE_KINDS[stub.kind]
            missing = (
                f"第{expected}期"
                if stub.number - expected == 1
                else f"第{expected}–{stub.number - 1}期"
            )
            diags.warning(
                stub.at("number"),
                f"缺少{stub.year}年{kind}{missing}（{stub.label}之前）",
                "如果这几期尚未录入可以忽略；如是编号错误请改正",
            )
        previous = stub


def _check_dates(group: list[Stub], diags: Diagnostics) -> None:
    for previous, stub in itertools.pairwise(group):
        if stub.date < previous.date:
            diags.error(
                stub.at("date"),
                f"日期 {stub.date.isoformat()} 早于上一期"
                f"（{previous.label}，{previous.date.isoformat()}）",
                "期号越大，日期应越晚；检查 date 或 number 是否写错",
            )


def _totals(
    group: list[Stub], first_total: int | None, diags: Diagnostics, *, require_anchor: bool
) -> dict[str, int | None]:
    totals: dict[str, int | None] = {}
    previous: Stub | None = None
    previous_total: int | None = None
    for stub in group:
        if previous is None:
            total = _first_total(stub, first_total, diags, require_anchor=require_anchor)
        elif stub.total is None:
            step = stub.number - previous.number if stub.year == previous.year else 1
            total = previous_total + step if previous_total is not None else None
        else:
            total = stub.total
            if previous_total is not None:
                _check_declared(stub, previous, previous_total, diags)
        totals[stub.path] = total
        previous, previous_total = stub, total
    return totals


def _first_total(
    stub: Stub, first_total: int | None, diags: Diagnostics, *, require_anchor: bool
) -> int | None:
    if stub.total is not None and first_total is not None and stub.total != first_total:
        diags.error(
            stub.at("total"),
            f"总第{stub.total}期与 ybbulletin.yaml 中的 numbering.first_total"
            f"（{first_total}）不一致",
            "最早一期的总期数只需写在一处",
        )
    total = stub.total if stub.total is not None else first_total
    if total is None and require_anchor:
        diags.error(
            stub.at("number"),
            f"无法确定{stub.label}的总期数",
            "在 ybbulletin.yaml 中写“numbering: {first_total: 最早一期的总期数}”，"
            "或在本期文件中写 total",
        )
    return total


def _check_declared(stub: Stub, previous: Stub, previous_total: int, diags: Diagnostics) -> None:
    assert stub.total is not None
    if stub.total <= previous_total:
        diags.error(
            stub.at("total"),
            f"总第{stub.total}期不大于上一期（{previous.label}，{previous.path}）"
            f"的总第{previous_total}期",
            "总期数只能增加；检查 total 是否写错",
        )
    elif (
        stub.year == previous.year
        and stub.number == previous.number + 1
        and stub.total != previous_total + 1
    ):
        diags.error(
            stub.at("total"),
            f"总第{stub.total}期与上一期（{previous.label}，总第{previous_total}期）不连续，"
            f"应为总第{previous_total + 1}期",
            "期号相连的两期，总期数也应相连；不写 total 时会自动计算",
        )


@dataclass(frozen=True)
class NextIssue:
    """The numbers ``ybbulletin new`` gives the next issue."""

    year: int
    number: int
    total: int | None


def next_issue(
    stubs: Sequence[Stub],
    totals: Mapping[str, int | None],
    kind: str,
    date: datetime.date,
    first_total: int | None,
) -> NextIssue:
    """The next issue of ``kind`` dated ``date``: its number in the year and its total."""
    same = [s for s in stubs if s.kind == kind and s.year == date.year]
    number = max((s.number for s in same), default=0) + 1
    if kind != "regular":
        return NextIssue(date.year, number, None)
    regular = sorted((s for s in stubs if s.kind == "regular"), key=lambda s: (s.year, s.number))
    if not regular:
        return NextIssue(date.year, number, first_total)
    last = regular[-1]
    last_total = totals.get(last.path)
    if last_total is None:
        return NextIssue(date.year, number, None)
    step = number - last.number if last.year == date.year else 1
    return NextIssue(date.year, number, last_total + step)


def chinese_numeral(n: int) -> str:
    """1 -> 一, 10 -> 十, 15 -> 十五, 20 -> 二十, 105 -> 一百零五 (1 to 9999)."""
    if not 1 <= n <= 9999:
        raise ValueError(f"chinese_numeral supports 1..9999, not {n}")
    digits = [int(d) for d in str(n)]
    parts: list[str] = []
    zero = False
    for position, digit in enumerate(digits):
        unit = _UNITS[len(digits) - position - 1]
        if digit == 0:
            zero = True
            continue
        if zero and parts:
            parts.append("零")
        zero = False
        parts.append(_DIGITS[digit] + unit)
    text = "".join(parts)
    return text[1:] if 10 <= n <= 19 else text
