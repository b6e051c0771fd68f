"""Size caps on a body: located errors, no tokens past a cap, and real bulletins far below."""

from __future__ import annotations

from pathlib import Path

from ybbulletin.body_limits import (
    MAX_BODY_CHARS,
    MAX_PARAGRAPH_CHARS,
    MAX_TABLE_CELLS,
    MAX_TABLE_COLUMNS,
)
from ybbulletin.errors import Diagnostics, Location
from ybbulletin.markdown import check_body

ROOT = Path(__file__).parents[2]


def locate(line: int, column: int) -> Location:
    return Location("x.yaml", 10 + line, 7 + column)


def run(text: str) -> tuple[list[tuple[Location, str]], int]:
    diags = Diagnostics()
    tokens = check_body(text, locate, diags, None)
    return [(d.location, d.message) for d in diags.errors], len(tokens)


def table(columns: int, rows: int) -> str:
    head = "|" + "|".join(f"列{i}" for i in range(columns)) + "|"
    lines = [head, "|" + "---|" * columns]
    lines += ["|" + "|".join("1" for _ in range(columns)) + "|" for _ in range(rows)]
    return "\n".join(lines)


def test_a_body_at_the_caps_passes() -> None:
    text = "引言。\n\n" + "字" * MAX_PARAGRAPH_CHARS + "\n\n" + table(MAX_TABLE_COLUMNS, 2)
    errors, count = run(text)
    assert errors == []
    assert count > 0
    rows = MAX_TABLE_CELLS // 10 - 1  # with its header row: exactly the cap
    assert run(table(10, rows))[0] == []


def test_a_long_paragraph_is_located() -> None:
    text = "第一段。\n\n" + "字" * (MAX_PARAGRAPH_CHARS + 1) + "\n"
    errors, count = run(text)
    assert errors == [
        (Location("x.yaml", 12, 7), f"这一段有 {MAX_PARAGRAPH_CHARS + 1} 个字符，超过上限 10000 个")
    ]
    assert count == 0  # 校对 and the 公众号 checks get nothing to grind through


def test_a_wide_table_and_a_long_table() -> None:
    errors, count = run("表一：\n\n" + table(MAX_TABLE_COLUMNS + 1, 1))
    assert errors == [(Location("x.yaml", 12, 7), "表格有 31 列，超过上限 30 列")]
    assert count == 0
    rows = MAX_TABLE_CELLS // 10  # one more row than the cap allows
    errors, _ = run(table(10, rows))
    assert [m for _, m in errors] == [
        f"表格有 {rows + 1} 行 × 10 列 = {(rows + 1) * 10} 个单元格，超过上限 {MAX_TABLE_CELLS} 个"
    ]


def test_a_long_body_is_not_parsed_and_points_past_the_cap() -> None:
    line = "字" * 999 + "\n"  # 1000 characters a line
    errors, count = run(line * (MAX_BODY_CHARS // 1000 + 1))
    assert errors == [
        (
            Location("x.yaml", 10 + MAX_BODY_CHARS // 1000, 7),
            f"正文有 {MAX_BODY_CHARS + 1000} 个字符，超过上限 100000 个，未检查也无法排版",
        )
    ]
    assert count == 0


def test_real_bulletins_are_far_below_the_caps() -> None:
    texts = [p.read_text(encoding="utf-8") for p in (ROOT / "tests/fixtures").rglob("*.txt")]
    texts += [p.read_text(encoding="utf-8") for p in (ROOT / "content").rglob("*.yaml")]
    assert len(texts) > 50
    longest_line = max(len(line) for text in texts for line in text.split("\n"))
    assert longest_line * 10 < MAX_PARAGRAPH_CHARS
    assert max(len(text) for text in texts) * 5 < MAX_BODY_CHARS
