"""registry.per_issue_lists: one string per article, each issue's made or kept."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from ybbulletin.render.registry import per_issue_lists


def _issues(*counts: int) -> list[Any]:
    return [
        SimpleNamespace(dir=f"2025/{i:02d}", articles=list(range(n))) for i, n in enumerate(counts)
    ]


def test_each_issue_is_made_with_the_index_of_its_first_article() -> None:
    def make(issue: Any, start: int) -> list[str]:
        return [f"{issue.dir}:{start + i}" for i in range(len(issue.articles))]

    made = per_issue_lists(None, _issues(2, 3, 1), "n", make)
    assert made == ["2025/00:0", "2025/00:1", "2025/01:2", "2025/01:3", "2025/01:4", "2025/02:5"]


def test_kept_lists_stand_in_for_what_is_not_made_again() -> None:
    kept = {"2025/01": ["kept", "kept", "kept"]}
    asked = []

    def per_issue(issue: Any, name: str, count: int, make: Any) -> list[str]:
        asked.append((issue.dir, name, count))
        return kept.get(issue.dir) or make()

    def make(issue: Any, start: int) -> list[str]:
        return [str(start + i) for i in range(len(issue.articles))]

    made = per_issue_lists(per_issue, _issues(2, 3, 1), "n", make)
    assert made == ["0", "1", "kept", "kept", "kept", "5"]
    assert asked == [("2025/00", "n", 2), ("2025/01", "n", 3), ("2025/02", "n", 1)]
