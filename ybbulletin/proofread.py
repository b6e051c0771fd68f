"""校对: proofreading warnings on the text of every issue.

The checks read the source text as the editor wrote it (Markdown bodies line by
line, with link targets and code blanked out), so every warning points at the
character in the YAML file. The safe fixes ``check --fix`` makes for two of them
(half-width punctuation next to Chinese, spaces between Chinese characters) are
:mod:`ybbulletin.fixes`, with the patterns here.

(autocorrect-py was evaluated for the spacing and punctuation rules: it adds
spaces between Chinese and Latin, which official Chinese text does not use, and
leaves half-width brackets, semicolons and spaces between hanzi alone, so the
few rules needed are written here against its behaviour.)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from decimal import Decimal

from markdown_it.token import Token

from ybbulletin.characters import CJK
from ybbulletin.errors import Diagnostics, Location, excerpt
from ybbulletin.located import KeyPath, Located
from ybbulletin.markdown import parse
from ybbulletin.model import KINDS, ArchiveIssue, CaseNotice, markdown_names
from ybbulletin.model.base import DOC_NUMBER_HINT, DOC_YEAR, doc_year
from ybbulletin.numbering import chinese_numeral

__all__ = [
    "FULL_PUNCT",
    "HALF",
    "HALF_TO_FULL",
    "LEAD",
    "SPACES",
    "is_title",
    "locator",
    "proofread",
    "prose_lines",
    "texts_of",
]

FULL_PUNCT = "，。、；：？！（）《》“”‘’【】…—"
HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？", "(": "（", ")": "）"}
# a "(" right after "]" opens a Markdown link's or image's target ([全文](通知.html)): never
# made full-width, nor its ")", or --fix turned the link into text
HALF = re.compile(
    f"(?<=[{CJK}{FULL_PUNCT}])[,;:!?)]|(?<=[{CJK}{FULL_PUNCT}])(?<!\\])[(]|[,;:!?)](?=[{CJK}])"
    f"|(?<!\\])[(](?=[{CJK}])|(?<=[{CJK}])[(]|[)](?=[{CJK}])"
)
SPACES = re.compile(f"(?<=[{CJK}{FULL_PUNCT}])[ \u3000]+(?=[{CJK}{FULL_PUNCT}])")
LEAD = re.compile(r"^(本报讯|本刊讯|本報訊|本刊訊)[ \u3000]")  # 繁體 too (the importer reads it)
# Function words that are never doubled in running text (为为, 我我区, 是是, 的的). Content
# characters are left alone: without word segmentation 法规|规定 or 一并|并入 look the same,
# and 某某 (anonymised names), 等等, 常常 are doubled on purpose.
_NEVER_DOUBLED = set("的了是在和为我与及对将把被从向以于也都就还又之其而但或该此这那你他她它们着")
# A run doubled more than once (的的的, 研究研究研究) is one warning.
_AA = re.compile(f"([{''.join(sorted(_NEVER_DOUBLED))}])\\1+")
# The lookahead is what a match needs at its start (its first character again 2 to 6
# characters on): most positions fail it at once, before the backtracking group is tried.
# Same matches as ([CJK]{2,6})\1+, about 40 % less time on the generated texts.
_ABAB = re.compile(f"(?=([{CJK}])[{CJK}]{{1,5}}?\\1)([{CJK}]{{2,6}})\\2+")
_SENTENCE = re.compile(r"[^。！？]+[。！？]")
_REPEATED_SENTENCE = re.compile(r"(?:^|(?<=[。！？]))\s*([^。！？]{5,}[。！？])\s*(\1)")
# A line's sentences as _REPEATED_SENTENCE reads them (each up to its 。！？, leading spaces
# left out): it can only match where two neighbours are equal, so a line whose sentences
# are all different is not searched (most lines; the search tries every position).
_SENTENCES = re.compile(r"\s*([^。！？]*[。！？])")

_PAIRS = {"（": "）", "《": "》", "【": "】", "“": "”", "‘": "’"}
_CLOSERS = {v: k for k, v in _PAIRS.items()}
_WENHAO = re.compile(f"(?<=[{CJK}])(){DOC_YEAR}")
_NUMERALS = {chinese_numeral(n): n for n in range(1, 100)}
_LEVEL1 = re.compile(r"^(?:#+\s*)?([一二三四五六七八九十]+)、")
_LEVEL2 = re.compile(r"^(?:#+\s*)?（([一二三四五六七八九十]+)）")
_WAN = re.compile(r"(\d+(?:\.\d+)?)\s*万元")
_BARE_URL = re.compile(r"https?://\S+")


Locate = Callable[[int, int], Location]


def proofread(
    archive_issue: ArchiveIssue,
    diags: Diagnostics,
    tokens: Mapping[KeyPath, list[Token]] | None = None,
) -> None:
    """Every 校对 warning for one issue; ``tokens``: its Markdown texts as parsed (by path)."""
    located = archive_issue.located
    for keypath, text, markdown in texts_of(located):
        locate = locator(located, keypath, markdown)
        parsed = (tokens or {}).get(keypath)
        _check_text(text, locate, diags, markdown=markdown, title=is_title(keypath), parsed=parsed)
        if markdown:
            _check_headings(text, locate, diags)
    for index, entry in enumerate(archive_issue.issue.entries):
        if isinstance(entry, CaseNotice):
            for number, case in enumerate(entry.cases):
                _check_amounts(
                    case.amounts, case.body, located, ("entries", index, "cases", number), diags
                )


def texts_of(located: Located) -> Iterator[tuple[KeyPath, str, bool]]:
    """Every text an editor wrote in an issue file: (path, text, is Markdown)."""
    markdown_fields = markdown_names()
    codes = {"kind", "section", "subject_type", "date", "order", "from", "to"}
    codes |= {name for kind in KINDS for name in kind.codes}
    for path, value in located.strings():
        last = next((p for p in reversed(path) if isinstance(p, str)), "")
        if last not in codes:
            yield path, value, last in markdown_fields


def is_title(keypath: KeyPath) -> bool:
    return bool(keypath) and keypath[-1] in ("title", "subtitle", "theme")


def locator(located: Located, keypath: KeyPath, markdown: bool) -> Locate:
    if markdown:
        return lambda line, column: located.text_location(keypath, line, column)
    span = located.values.get(keypath)
    start = located.location(keypath)
    quote = 1 if span is not None and span.style in ('"', "'") else 0
    return lambda line, column: Location(start.path, start.line, start.column + quote + column)


def prose_lines(text: str, tokens: Sequence[Token] | None = None) -> list[str]:
    """A Markdown text's lines with all but its prose blanked (same length, "_").

    Prose is what the parsed tokens hold as text: markup, link targets, images,
    code and autolinks stay blank, so they raise no warnings. Each text token is
    found in its source line (tokens carry the block's lines, not columns); URLs
    written out in prose are blanked too.
    """
    lines = text.split("\n")
    shown = [["_"] * len(line) for line in lines]
    for block in parse(text) if tokens is None else tokens:
        if block.type != "inline" or not block.map:
            continue
        row, column, autolink = block.map[0], 0, False
        for child in block.children or []:
            if child.type == "link_open":
                autolink = child.markup == "autolink"
            elif child.type == "link_close":
                autolink = False
            elif child.type == "text" and child.content and not autolink:
                row, column = _reveal(lines, shown, child.content, row, column, block.map[1])
    masked = ["".join(chars) for chars in shown]
    return [_BARE_URL.sub(lambda m: "_" * len(m.group()), line) for line in masked]


def _reveal(
    lines: list[str], shown: list[list[str]], content: str, row: int, column: int, end: int
) -> tuple[int, int]:
    """Show ``content`` where it next occurs from (row, column); the position after it."""
    for number in range(row, min(end, len(lines))):
        start = lines[number].find(content, column if number == row else 0)
        if start >= 0:
            shown[number][start : start + len(content)] = content
            return number, start + len(content)
    return row, column  # written differently in the source (an escape, an entity): not checked


def _check_text(
    text: str,
    locate: Locate,
    diags: Diagnostics,
    *,
    markdown: bool,
    title: bool,
    parsed: Sequence[Token] | None = None,
) -> None:
    previous_sentence = ""
    lines = prose_lines(text, parsed) if markdown else text.split("\n")
    for number, line in enumerate(lines):
        for match in HALF.finditer(line) if _has_half(line) else ():
            diags.warning(
                locate(number, match.start()),
                f"中文中用了半角“{match.group()}”，应为全角“{HALF_TO_FULL[match.group()]}”",
                "ybbulletin check --fix 可自动改正",
            )
        if not title:
            lead = LEAD.match(line)
            spaced = " " in line or "\u3000" in line
            for match in SPACES.finditer(line, lead.end() if lead else 0) if spaced else ():
                diags.warning(
                    locate(number, match.start()),
                    "汉字之间有多余的空格",
                    "ybbulletin check --fix 可自动删除",
                )
        for match in _AA.finditer(line):
            diags.warning(
                locate(number, match.start()),
                f"字重复：“{excerpt(match.group())}”",
                "如是笔误，删去一个" if len(match.group()) == 2 else "如是笔误，只留一个",
            )
        for match in _ABAB.finditer(line):
            if len(set(match.group(2))) > 1:
                diags.warning(
                    locate(number, match.start()),
                    f"词语重复：“{excerpt(match.group())}”",
                    "如是笔误，删去重复的部分",
                )
        first = _SENTENCE.match(line.lstrip())
        if previous_sentence and first and first.group().strip() == previous_sentence:
            column = len(line) - len(line.lstrip())
            diags.warning(
                locate(number, column),
                f"句子前后重复：“{excerpt(previous_sentence, 20)}”",
                "删去重复的一句",
            )
        for match in _REPEATED_SENTENCE.finditer(line) if _may_repeat(line) else ():
            diags.warning(
                locate(number, match.start(2)),
                f"句子前后重复：“{excerpt(match.group(1), 20)}”",
                "删去重复的一句",
            )
        if line.strip():
            previous_sentence = _last_sentence(line)
        if any(line.count(o) != line.count(c) for o, c in _PAIRS.items()):
            _check_pairs(line, number, locate, diags)
        for match in _WENHAO.finditer(line) if "号" in line else ():
            if match.group(2) != "〔":
                written = line[match.start(2) : match.end()]
                good = doc_year(match.group(3), match.group(5))
                diags.warning(
                    locate(number, match.start(2)),
                    f"文号中的年份应使用六角括号：“{written}”应为“{good}”",
                    DOC_NUMBER_HINT,
                )


def _may_repeat(line: str) -> bool:
    """False if _REPEATED_SENTENCE cannot match: fewer than two 。 or no sentence twice."""
    if line.count("。") < 2:
        return False
    sentences = _SENTENCES.findall(line)
    return len(set(sentences)) < len(sentences)


def _has_half(line: str) -> bool:
    return any(char in line for char in ",;:!?()")


def _last_sentence(line: str) -> str:
    """The sentence a line ends with (empty if it does not end with 。！？)."""
    text = line.rstrip()
    if not text or text[-1] not in "。！？":
        return ""
    start = max(text.rfind(mark, 0, len(text) - 1) for mark in "。！？") + 1
    sentence = text[start:].strip()
    return sentence if len(sentence) >= 6 else ""


def _check_pairs(line: str, number: int, locate: Locate, diags: Diagnostics) -> None:
    stack: list[tuple[str, int]] = []
    for column, char in enumerate(line):
        if char in _PAIRS:
            stack.append((char, column))
        elif char in _CLOSERS:
            if stack and stack[-1][0] == _CLOSERS[char]:
                stack.pop()
            else:
                diags.warning(
                    locate(number, column),
                    f"“{char}”没有对应的“{_CLOSERS[char]}”",
                    "检查引号、括号和书名号是否成对",
                )
    for char, column in stack:
        diags.warning(
            locate(number, column),
            f"“{char}”没有对应的“{_PAIRS[char]}”",
            "检查引号、括号和书名号是否成对",
        )


def _check_headings(text: str, locate: Locate, diags: Diagnostics) -> None:
    """一、二、三、 and （一）（二） must count up; （一） restarts under each 一、."""
    numerals = _NUMERALS
    last = {1: 0, 2: 0}
    for number, line in enumerate(text.split("\n")):
        for level, pattern in ((1, _LEVEL1), (2, _LEVEL2)):
            match = pattern.match(line)
            if not match or match.group(1) not in numerals:
                continue
            value = numerals[match.group(1)]
            if value != last[level] + 1:
                expected = chinese_numeral(last[level] + 1)
                shown = f"{expected}、" if level == 1 else f"（{expected}）"
                diags.warning(
                    locate(number, 0),
                    f"标题序号不连续：此处应为“{shown}”",
                    "检查是否漏了或多了一个标题",
                )
            last[level] = value
            if level == 1:
                last[2] = 0
            break


def _check_amounts(
    amounts: object, body: str, located: Located, base: KeyPath, diags: Diagnostics
) -> None:
    stated = {Decimal(m.group(1)) for m in _WAN.finditer(body)}
    names = {"involved": "涉案金额", "recovered": "追回金额", "fined": "罚款金额"}
    for field, label in names.items():
        value = getattr(amounts, field)
        if value is None or not stated:
            continue
        if Decimal(value) not in stated:
            listed = "、".join(f"{v}万元" for v in sorted(stated))
            diags.warning(
                located.location((*base, "amounts", field)),
                f"{label} {value} 万元与案情中写的金额（{listed}）都不一致",
                "核对金额；金额以万元为单位",
            )
