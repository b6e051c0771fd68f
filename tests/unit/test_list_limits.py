"""Caps on how many items an issue's lists hold: entries, cases, names, staff lines.

Each over its cap is one located Chinese error with a hint (and no Markdown, 校对 or 公众号
checks run on an issue that does not validate); at the cap nothing is said; the real bulletins
of the import corpus are far below.
"""

from __future__ import annotations

from tests.import_score import load_expected
from ybbulletin.errors import Diagnostics
from ybbulletin.explain import MAX_REPORTED
from ybbulletin.located import load_text
from ybbulletin.model.base import MAX_NAMES
from ybbulletin.model.issue import MAX_ENTRIES, MAX_STAFF
from ybbulletin.model.kinds import MAX_CASES
from ybbulletin.validate import validate_issue


def issue_text(entries: int = 1, cases: int = 1, reporters: int = 1, staff: int = 1) -> str:
    lines = ["year: 2025", "number: 1", "date: 2025-01-10", "staff:"]
    lines += [f"  职务{i}: 人{i}" for i in range(staff)]
    lines += ["entries:", "  - kind: news", "    title: 新闻", "    body: 正文。", "    reporters:"]
    lines += [f"      - 记者{i}" for i in range(reporters)]
    lines += ["  - kind: case_notice", "    title: 通报", "    cases:"]
    for i in range(cases):
        lines += [
            f"      - title: 案例{i}",
            f"        subject: 某医院{i}",
            "        subject_type: hospital",
            f"        body: 违规{i}。",
        ]
    for i in range(entries - 2):
        lines += ["  - kind: work_update", f"    title: 动态{i}", f"    body: 正文{i}。"]
    return "\n".join(lines) + "\n"


def errors_of(text: str) -> list[str]:
    diags = Diagnostics()
    located = load_text(text, "content/issues/2025/01.yaml", diags)
    assert located is not None
    validate_issue(located, diags, None, "2025", "01")
    return [f"{d.location.line}:{d.location.column}: {d.message} / {d.hint}" for d in diags.errors]


def test_lists_at_their_caps_pass() -> None:
    text = issue_text(entries=MAX_ENTRIES, cases=MAX_CASES, reporters=MAX_NAMES, staff=MAX_STAFF)
    assert errors_of(text) == []


def test_too_many_entries_is_one_located_error() -> None:
    """Was: accepted (2,000 entries built; 400 peaked at 447 MB in an all-formats build)."""
    errors = errors_of(issue_text(entries=MAX_ENTRIES + 1))
    line = 4 + 1 + 1  # header lines, one staff line, then "entries:" and the first entry
    assert errors == [
        f"{line + 1}:3: 本期有 {MAX_ENTRIES + 1} 篇文章，超过上限 {MAX_ENTRIES} 篇"
        " / 分成几期出版（或出增刊、专刊）"
    ]


def test_too_many_cases_names_and_staff_lines_are_each_reported() -> None:
    text = issue_text(cases=MAX_CASES + 1, reporters=MAX_NAMES + 1, staff=MAX_STAFF + 1)
    messages = [error.split(": ", 1)[1] for error in errors_of(text)]
    assert sorted(messages) == sorted(
        [
            f"这篇案例通报有 {MAX_CASES + 1} 个案例，超过上限 {MAX_CASES} 个"
            " / 拆成几篇案例通报（例如按地区或批次）",
            f"“reporters”（记者）有 {MAX_NAMES + 1} 项，超过上限 {MAX_NAMES} 项"
            " / 只列主要的几项；很长的名单写进正文（body），或作为附件另行发布",
            f"“staff”（编审人员）有 {MAX_STAFF + 1} 项，超过上限 {MAX_STAFF} 项"
            " / 只列主要的几项；很长的名单写进正文（body），或作为附件另行发布",
        ]
    )


def test_real_bulletins_are_far_below_the_caps() -> None:
    expected = load_expected()
    entries = [entry for text in expected.values() for entry in text["entries"]]
    most_cases = max(len(entry.get("cases") or []) for entry in entries)
    most_reporters = max(len(entry.get("reporters") or []) for entry in entries)
    assert most_cases * 5 <= MAX_CASES
    assert most_reporters * 5 <= MAX_NAMES


def test_a_file_with_very_many_errors_lists_the_first_and_counts_the_rest() -> None:
    """Was: 50,000 unknown keys gave 50,000 lines (10 s to word them)."""
    text = issue_text().replace(
        "entries:", "".join(f"k{i}: 1\n" for i in range(MAX_REPORTED + 50)) + "entries:"
    )
    errors = errors_of(text)
    assert len(errors) == MAX_REPORTED + 1
    more = "1:1: 这个文件还有 50 处错误未列出（只列出前 100 处）"
    assert f"{more} / 先改正列出的这些错误，再运行 ybbulletin check" in errors
