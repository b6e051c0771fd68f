"""Size caps on a body: far above any real bulletin, low enough that nothing takes minutes.

Without them a 3,000-column table kept ``check`` busy for 25 s (markdown-it, 校对 and the
公众号 size check are each linear in cells) and a 270,000-character paragraph took 60 s to
justify in the PDF. The longest paragraph of the import corpus and the demo is ~700
characters, the longest issue file ~15,000, the widest table 4 columns: the caps are 10 to
100 times that. ``docs/editor-guide.md`` states them for editors.
"""

from __future__ import annotations

from collections.abc import Callable

from markdown_it.token import Token

from ybbulletin.errors import Diagnostics, Location

__all__ = [
    "MAX_BODY_CHARS",
    "MAX_PARAGRAPH_CHARS",
    "MAX_TABLE_CELLS",
    "MAX_TABLE_COLUMNS",
    "check_blocks",
    "check_length",
]

MAX_BODY_CHARS = 100_000
MAX_PARAGRAPH_CHARS = 10_000
MAX_TABLE_COLUMNS = 30
MAX_TABLE_CELLS = 5_000

Locate = Callable[[int, int], Location]


def check_length(text: str, locate: Locate, diags: Diagnostics) -> bool:
    """False (with an error at the character past the cap) when a body is too long to parse."""
    if len(text) <= MAX_BODY_CHARS:
        return True
    line = text.count("\n", 0, MAX_BODY_CHARS)
    column = MAX_BODY_CHARS - (text.rfind("\n", 0, MAX_BODY_CHARS) + 1)
    diags.error(
        locate(line, column),
        f"正文有 {len(text)} 个字符，超过上限 {MAX_BODY_CHARS} 个，未检查也无法排版",
        "把这篇文章拆成几篇；很长的名单、明细请作为附件另行发布",
    )
    return False


def check_blocks(tokens: list[Token], locate: Locate, diags: Diagnostics) -> bool:
    """False (with an error per block) when a paragraph or a table of a body is too big."""
    ok = True
    for index, token in enumerate(tokens):
        line = token.map[0] if token.map else 0
        if token.type == "table_open":
            ok = _check_table(tokens, index, locate(line, 0), diags) and ok
        if token.type in ("inline", "fence", "code_block") and (
            len(token.content) > MAX_PARAGRAPH_CHARS
        ):
            ok = False
            diags.error(
                locate(line, 0),
                f"这一段有 {len(token.content)} 个字符，超过上限 {MAX_PARAGRAPH_CHARS} 个",
                "分成几段（段与段之间空一行）",
            )
    return ok


def _check_table(tokens: list[Token], start: int, where: Location, diags: Diagnostics) -> bool:
    rows = columns = 0
    for token in tokens[start:]:
        if token.type == "table_close":
            break
        if token.type == "tr_open":
            rows += 1
        elif token.type == "th_open":
            columns += 1
    if columns > MAX_TABLE_COLUMNS:
        diags.error(
            where,
            f"表格有 {columns} 列，超过上限 {MAX_TABLE_COLUMNS} 列",
            "把表格拆成几个窄一些的表格，或作为附件另行发布",
        )
        return False
    if rows * columns > MAX_TABLE_CELLS:
        diags.error(
            where,
            f"表格有 {rows} 行 × {columns} 列 = {rows * columns} 个单元格，"
            f"超过上限 {MAX_TABLE_CELLS} 个",
            "把表格拆成几个，或作为附件另行发布",
        )
        return False
    return True
