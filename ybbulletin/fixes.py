"""``check --fix``: the safe fixes, made in the issue file in place.

Only two kinds of fix are "safe": half-width punctuation next to Chinese becomes
full-width (a bracket's partner with it), and spaces between Chinese characters are
removed. They are made where 校对 warns about them (:mod:`ybbulletin.proofread`, whose
patterns they use): in a Markdown text's prose only, never in code, a link's address or
its title. The importer applies :func:`fix_text` to what it reads.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from ybbulletin.errors import Diagnostics, Location
from ybbulletin.proofread import (
    HALF,
    HALF_TO_FULL,
    LEAD,
    SPACES,
    is_title,
    locator,
    prose_lines,
    texts_of,
)

__all__ = ["Fix", "fix_file", "fix_text"]


@dataclass(frozen=True)
class Fix:
    """One safe change: where, what was there, what it becomes."""

    location: Location
    old: str
    new: str


def fix_text(text: str, *, title: bool = False) -> str:
    """The safe fixes: full-width punctuation next to Chinese, no spaces between Chinese.

    Titles keep a space between phrases (完善医保目录管理 推进……).
    """
    text = HALF.sub(lambda m: HALF_TO_FULL[m.group()], text)
    if "(" in text or ")" in text:
        text = _paired(text)
    if not title:
        lines = []
        for line in text.split("\n"):
            lead = LEAD.match(line)
            head, rest = (line[: lead.end()], line[lead.end() :]) if lead else ("", line)
            lines.append(head + SPACES.sub("", rest))
        text = "\n".join(lines)
    return text


def _paired(text: str) -> str:
    """A bracket made full-width makes its partner so (天宁区(4) gave 天宁区（4)); a Markdown
    link's target keeps both ASCII ([通知](通知.html)的)."""
    chars = list(text)
    opened: list[int] = []
    for index, char in enumerate(chars):
        if char in "(（":
            opened.append(index)
        elif char in ")）" and opened:
            start = opened.pop()
            if start and chars[start - 1] == "]" and chars[start] == "(":
                chars[index] = ")"  # a Markdown link's target: ASCII both ends
            elif chars[start] == "（" and char == ")":
                chars[index] = "）"
            elif chars[start] == "(" and char == "）":
                chars[start] = "（"
    return "".join(chars)


def _fixed(value: str, *, markdown: bool, title: bool) -> str:
    """The safe fixes of one text; in Markdown only in its prose, the part warned about (--fix
    put a full-width comma into <https://a.cn/医保,x> and into `code`)."""
    fixed = fix_text(value, title=title)
    if not markdown or fixed == value:
        return fixed
    prose = [a == b for a, b in zip("\n".join(prose_lines(value)), value, strict=True)]
    kept: list[str] = []
    matcher = difflib.SequenceMatcher(None, value, fixed, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        inside = all(prose[i1:i2]) if i2 > i1 else prose[max(i1 - 1, 0)]
        kept.append(fixed[j1:j2] if op == "equal" or inside else value[i1:i2])
    return "".join(kept)


def fix_file(path: Path, relpath: str) -> list[Fix]:
    """Apply the safe fixes to one issue file in place, keeping comments and layout."""
    import io

    from ruamel.yaml import YAML
    from ruamel.yaml.scalarstring import ScalarString

    from ybbulletin.characters import decode
    from ybbulletin.located import load_text

    raw = path.read_bytes()
    diags = Diagnostics()
    text = decode(raw, relpath, diags)
    located = load_text(text, relpath, diags) if text is not None else None
    if located is None or diags.has_errors():
        return []  # check reports why; nothing is touched
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    document = yaml.load(text)
    fixes: list[Fix] = []
    for keypath, value, markdown in texts_of(located):
        fixed = _fixed(value, markdown=markdown, title=is_title(keypath))
        if fixed == value:
            continue
        locate = locator(located, keypath, markdown)
        matcher = difflib.SequenceMatcher(None, value, fixed, autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op != "equal":
                before = value[:i1]
                line, column = before.count("\n"), len(before) - (before.rfind("\n") + 1)
                fixes.append(Fix(locate(line, column), value[i1:i2], fixed[j1:j2]))
        parent = document
        for part in keypath[:-1]:
            parent = parent[part]
        old = parent[keypath[-1]]
        parent[keypath[-1]] = type(old)(fixed) if isinstance(old, ScalarString) else fixed
    if fixes:
        out = io.StringIO()
        yaml.dump(document, out)
        result = out.getvalue()
        if b"\r\n" in raw:
            result = result.replace("\n", "\r\n")
        data = (b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b"") + result.encode(
            "utf-8"
        )
        staging = path.with_name(f".{path.name}.fix")
        staging.write_bytes(data)
        staging.replace(path)
    return fixes
