"""``ybbulletin new``: the next issue's file, numbered and commented for the editor."""

from __future__ import annotations

import datetime
from pathlib import Path

from ybbulletin.errors import Diagnostics, Location
from ybbulletin.model import ISSUE_KINDS, KINDS, NUMBERS, YEARS, file_stem
from ybbulletin.numbering import NextIssue, next_issue
from ybbulletin.oserrors import OUTSIDE, leads_outside
from ybbulletin.project import ISSUES_DIR, Archive, stub_of
from ybbulletin.schema import modeline

__all__ = ["new_issue", "skeleton"]


def new_issue(archive: Archive, kind: str, date: datetime.date, diags: Diagnostics) -> Path | None:
    """Write the next issue file; None (with a diagnostic) if it must not be written."""
    stubs = [stub_of(a.path, a.located, a.issue) for a in archive.issues]
    totals = {a.path: a.total for a in archive.issues}
    first_total = archive.publication.numbering.first_total
    numbers = next_issue(stubs, totals, kind, date, first_total)
    latest = max(
        (a for a in archive.issues if a.issue.kind == kind),
        key=lambda a: (a.issue.year, a.issue.number),
        default=None,
    )
    if latest is not None and date < latest.issue.date:
        diags.error(
            Location(latest.path),
            f"新一期的日期 {date.isoformat()} 早于最新一期"
            f"（{latest.label}，{latest.issue.date.isoformat()}）",
            "用 --date 指定正确的日期，例如 --date 2025-09-01",
        )
        return None
    if not YEARS[0] <= date.year <= YEARS[1] or numbers.number > NUMBERS[1]:
        diags.error(
            Location(ISSUES_DIR),
            f"不能新建 {date.year} 年第 {numbers.number} 期：年份应在 {YEARS[0]}–{YEARS[1]} 之间，"
            f"每年最多 {NUMBERS[1]} 期",
            "用 --date 指定正确的印发日期，例如 --date 2025-09-01",
        )
        return None
    relpath = f"{ISSUES_DIR}/{numbers.year}/{file_stem(kind, numbers.number)}.yaml"
    target = archive.root / relpath
    if leads_outside(archive.root, target):
        diags.error(Location(relpath), *OUTSIDE)
        return None
    if target.exists():
        diags.error(Location(relpath), "文件已存在，不会覆盖", "如需重写，请先改名或删除原文件")
        return None
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8", newline="\n") as handle:
        text = skeleton(numbers, kind, date, archive.publication.sections)
        handle.write(modeline(relpath) + text)
    return target


def skeleton(numbers: NextIssue, kind: str, date: datetime.date, sections: dict[str, str]) -> str:
    """The text of a new issue file: numbers filled in, every field explained."""
    if kind == "regular":
        label = f"{numbers.year}年第{numbers.number}期"
        if numbers.total is not None:
            label += f"（总第{numbers.total}期）"
            total_line = (
                f"total: {numbers.total}               "
                f"# 总第{numbers.total}期（自动计算；只在需要校准时修改）\n"
            )
        else:
            total_line = "total:                   # 总期数：请填写（最早一期需要写明）\n"
    else:
        label = f"{numbers.year}年{ISSUE_KINDS[kind]}第{numbers.number}期"
        total_line = ""
    section_list = "、".join(f"{key}（{name}）" for key, name in sections.items())
    kind_line = "" if kind == "regular" else f"kind: {kind}            # {ISSUE_KINDS[kind]}\n"
    kind_list = "、".join(k.name for k in KINDS)
    examples = "#\n".join(_commented(k.snippet) for k in KINDS)
    return f"""\
# {label}
# 填写说明见 docs/editor-guide.md；写完后运行“ybbulletin check”检查。
year: {numbers.year}
number: {numbers.number}               # 第{numbers.number}期
{total_line}{kind_line}date: {date.isoformat()}         # 印发日期 YYYY-MM-DD
# theme: 本期专题（可选）
# staff: {{编辑: 张某}}   # 报尾的编审人员（可选）；审核、签发人由 ybbulletin sign 记录后自动印上

# 文章按栏目排列：{section_list}
# 每篇文章以“- kind:”开头，可选 {kind_list}。
entries:
{examples}"""


def _commented(snippet: str) -> str:
    """An example entry as comment lines under ``entries:``."""
    return "".join(f"#  {line}\n" if line else "#\n" for line in snippet.splitlines())
