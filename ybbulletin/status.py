"""``ybbulletin status``: each issue's state, its signers, and how fresh its outputs are."""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

from ybbulletin.project import load_archive
from ybbulletin.signoff import ROLES, Review, State, reviews
from ybbulletin.stamp import Inputs, Stamp, freshness, inputs

__all__ = ["run_status", "status_lines"]


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def _signers(item: Review) -> str:
    parts = []
    for role in ROLES:
        signature = item.signatures.get(role)
        if signature is not None:
            stale = "（之后有改动）" if item.changes.get(role) else ""
            parts.append(f"{role} {signature.signer} {signature.date.isoformat()}{stale}")
    return "，".join(parts) or "—"


def _site(stamp: Stamp | None, now: Inputs, item: Review) -> str:
    if stamp is None or stamp.site is None:
        return "未生成"
    if stamp.site != now.site:
        return "已过期"
    slug = item.archive_issue.slug
    if item.draft and slug not in stamp.site_drafts:
        return "未收入（草稿）"
    return "最新（含草稿）" if slug in stamp.site_drafts else "最新"


def status_lines(root: Path, out: Path) -> list[str]:
    """One line per issue, newest first, with aligned columns; then a summary line."""
    archive = load_archive(root)
    found = reviews(archive)
    stamp = Stamp.load(out)
    now = inputs(archive)
    rows = [("期", "状态", "审核、签发", "网站", "PDF", "Word")]
    for archive_issue in reversed(archive.issues):
        item = found[archive_issue.slug]
        rows.append(
            (
                f"{archive_issue.slug} {archive_issue.label}",
                item.state.value,
                _signers(item),
                _site(stamp, now, item),
                freshness(stamp, now, "pdf", archive_issue.slug),
                freshness(stamp, now, "docx", archive_issue.slug),
            )
        )
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(_pad(cell, w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    counts = {state: sum(1 for r in found.values() if r.state is state) for state in State}
    summary = "，".join(f"{state.value} {n} 期" for state, n in counts.items() if n)
    lines.append(f"共 {len(found)} 期：{summary or '无'}。")
    if counts[State.CHANGED]:
        lines.append("签发后有改动的期：运行 ybbulletin check 查看改动的文章，核对后重新签发。")
    return lines


def run_status(root: Path, out: Path) -> int:
    for line in status_lines(root, out):
        print(line, file=sys.stdout)
    return 0
