"""A long print title set as balanced lines (the PDF's and the Word file's article titles).

GB/T 9704-2012 7.3.1 asks of a title in several lines 词意完整，排列对称，长短适宜: each line
whole words, phrases kept together where the editor marked them, lines of about one length.
Where a cut may fall comes from jieba's route through its dictionary (jieba-rs, the
dictionary it embeds: the one the ``jieba`` package ships), with a few rules on top for
what a dictionary does not know (a number and what it counts, a short quoted phrase, a
one-character verb and its object, a particle opening a line, the editor's spaces and
pauses, a subtitle's dash opening its line) and the terms of medical insurance it lacks
(医保基金, 定点零售药店 …). One line more than the fewest where the fewest would cut a word
(GB/T 9704 puts 词意完整 first). Widths are the title font's: curly quotes and dashes are
full-width in a CJK font although Unicode calls them ambiguous.
"""

from __future__ import annotations

import functools
import itertools
import math
import unicodedata
from types import ModuleType

__all__ = ["TITLE_CHARS_PER_LINE", "spaced_title_lines", "title_lines", "warm_up", "width"]

TITLE_CHARS_PER_LINE = 20  # 22 pt characters in a 156 mm line

#: Scores of a cut, in characters of imbalance they outweigh.
_INSIDE_WORD = 6.0  # only where no word boundary fits the line
_AT_SPACE = -5.0  # the editor's mark between a title's phrases
_BEFORE_DASH = -8.0  # a subtitle's dash opens its line (——四川以案开路…)
_AFTER_PAUSE = -3.0  # after ，、：；！？ inside a title
_BEFORE_OPENER = -1.5  # before 以 对 关于 …: a phrase begins
_AFTER_CONJUNCTION = 1.0  # a line ending on 和 与 及: they join names (发展和改革局) too
_BEFORE_CONJUNCTION = 0.5  # a line opening on one (… 脱贫攻坚|与乡村振兴 …) is less amiss
_CROSSED = 1.0  # per dictionary word a cut between words splits (医疗保险|费: 保险费)
_IN_QUOTES = 4.0  # inside a longer quoted name (《医疗保障基金使用监督管理条例》)
_AFTER_NUMERAL = 4.0  # a numeral is kept with what it counts (两|部门, 6|起)
_AFTER_VERB = 4.0  # a one-character verb is kept with its object (防|返贫, 抓|落实, 保|安全)
_BAD_OPENING = 5.0  # a line that opens on closing punctuation, or ends on opening
_PARTICLE_OPENING = 3.0  # a line that opens on 的 之 了 …

_PAUSES = frozenset("，、：；！？,:;!?")
_DASHES = frozenset("—－")
_NUMERALS = frozenset("0123456789０１２３４５６７８９一二三四五六七八九十两百千万几")
_CLOSING = frozenset("，。、；：！？）”》’」』〕】")
_OPENING = frozenset("（“《‘「『〔【")
_PARTICLES = frozenset("的之了着地得")
_OPENERS = frozenset(
    ("以", "对", "关于", "就", "为", "在", "向", "把", "将", "致", "由", "从", "按", "依", "经")
)  # not 和 与 及: they join names too (发展和改革局, 人力资源和社会保障局)
_CONJUNCTIONS = frozenset("和与及暨并同")
_UNITS = frozenset("年月日号期个项条家人次元万亿%‰倍起批例所名件")
_QUOTES = {"“": "”", "《": "》", "「": "」", "『": "』", "（": "）"}
_SHORT_QUOTE = 8  # a quoted phrase this long or shorter is not cut
_NARROW = frozenset("·°")  # East Asian ambiguous, narrow in the CJK fonts
#: Terms of medical insurance that jieba's dictionary lacks and a title should not be cut in
#: (欺诈骗取医保|基金, 定点|零售药店): added to the dictionary titles are cut with.
_TERMS = (
    "医保基金",
    "医疗保障基金",
    "基本医疗保险",
    "长期护理保险",
    "大病保险",
    "医疗救助",
    "医保局",
    "医疗保障局",
    "医保部门",
    "医保经办",
    "医保支付",
    "医保目录",
    "药品目录",
    "医保服务",
    "医保政策",
    "医药机构",
    "定点医药机构",
    "定点医疗机构",
    "零售药店",
    "定点零售药店",
    "医共体",
    "参保人员",
    "参保缴费",
    "待遇保障",
    "基金监管",
    "欺诈骗保",
    "违法违规",
    "专项整治",
    "飞行检查",
    "集中采购",
    "带量采购",
    "异地就医",
    "门诊统筹",
    "医疗费用",
    "协议管理",
    "信用评价",
)


def title_lines(title: str, per_line: int = TITLE_CHARS_PER_LINE) -> list[str]:
    """``title`` as the fewest lines of at most ``per_line`` characters, of about one
    length, each cut between words (at the editor's spaces where that is balanced); one
    line more where the fewest would cut a word."""
    total = width(title)
    if total <= per_line:
        return [title]
    count = math.ceil(total / per_line)
    scores, inside = _cut_scores(title)
    lines, broken = _lines(title, count, per_line, scores, inside)
    if broken:
        more, still = _lines(title, count + 1, per_line, scores, inside)
        if not still:
            return more
    return lines


def spaced_title_lines(title: str) -> list[str]:
    """:func:`title_lines`, each line but the last keeping the spaces it was cut at (the
    Word file: the paragraph's text, hence the navigation pane, the outline of a PDF saved
    from it and a copied title, reads as written; a space ending a line takes no room)."""
    lines = title_lines(title)
    spaced, at = [], 0
    for line in lines:
        start = title.index(line, at)
        at = start + len(line)
        while at < len(title) and title[at].isspace():
            at += 1
        spaced.append(title[start:at])
    return spaced


def width(text: str) -> float:
    """Width in full-width characters: a half-width one counts half. Unicode's "ambiguous"
    characters are full-width in the CJK title fonts (“ ” ‘ ’ — … ①: one em in Noto Serif
    CJK SC) but for letters and the few it sets narrow (· °)."""
    return sum(_width(c) for c in text)


def _width(char: str) -> float:
    kind = unicodedata.east_asian_width(char)
    if kind in "WF":
        return 1
    if kind == "A" and char not in _NARROW and not unicodedata.category(char).startswith("L"):
        return 1
    return 0.5


def warm_up() -> None:
    """Load jieba-rs's dictionary (~0.2 s) before worker processes fork."""
    _jieba()


@functools.cache
def _jieba() -> ModuleType:
    """rjieba, its own instance's dictionary (``import rjieba`` loads it) with the terms
    added; the search index segments with instances of its own (``render/segment.py``)."""
    import rjieba

    for term in _TERMS:
        rjieba.add_word(term, rjieba.suggest_freq(term), "n")
    return rjieba


def _lines(
    title: str, count: int, per_line: int, scores: list[float], inside: set[int]
) -> tuple[list[str], bool]:
    """``title`` in ``count`` lines, and whether a cut falls inside a word or the last
    line is too long (the cuts before it at their longest could not leave less)."""
    lines: list[str] = []
    rest, start, broken = title, 0, False
    while len(lines) < count - 1 and width(rest) > per_line:
        left = count - len(lines)
        cut = _best_cut(rest, width(rest) / left, per_line, left - 1, scores, start)
        broken = broken or start + cut in inside
        lines.append(rest[:cut].rstrip())
        stripped = rest[cut:].lstrip()
        start += len(rest) - len(stripped)
        rest = stripped
    lines.append(rest)
    return lines, broken or width(rest) > per_line


def _best_cut(
    text: str, target: float, limit: int, after: int, scores: list[float], start: int
) -> int:
    """Where to end the first line of ``text`` (at ``start`` in the title): the best
    score among cuts that leave a line of at most ``limit`` and a rest that fits in
    ``after`` more lines; the most balanced cut when none does."""
    best, best_score = 1, math.inf
    total = width(text)
    line = width(text[:1])  # of text[:i], kept as i grows (sums of 1 and 0.5: exact)
    for i in range(1, len(text)):
        if i > 1:
            line += _width(text[i - 1])
        if line > limit:
            break
        score = abs(line - target) + scores[start + i]
        if total - line - (text[i] == " ") * 0.5 > limit * after:
            score += 100  # the rest would not fit: only if nothing else does
        if score < best_score:
            best, best_score = i, score
    return best


def _cut_scores(title: str) -> tuple[list[float], set[int]]:
    """What a cut before each position of ``title`` costs beyond imbalance, and the
    positions inside a word."""
    words = _words(title)
    ends = {end for _start, end in words}
    opening = {start for start, end in words if title[start:end] in _OPENERS}
    joined = [(start, end) for start, end in words if title[start:end] in _CONJUNCTIONS]
    counting = {end for start, end in words if set(title[start:end]) <= _NUMERALS}
    governing = _verbs_before_objects(title)
    quoted, long_quoted = _inside_quotes(title)
    in_quotes = quoted | long_quoted
    crossed = _crossed(title)
    scores = [0.0] * (len(title) + 1)
    inside: set[int] = set()
    for i in range(1, len(title)):
        before, after = title[i - 1], title[i]
        score = 0.0 if i in ends else _INSIDE_WORD
        if i not in ends:
            inside.add(i)
        if after in _DASHES and i not in in_quotes and _subtitle_dash(title, i):
            score = _BEFORE_DASH
        elif after == " " or before == " ":
            score = _AT_SPACE
        elif before in _DASHES and after in _DASHES:
            score += _INSIDE_WORD  # —— is one mark
            inside.add(i)
        elif before in _PAUSES:
            score = min(score, _AFTER_PAUSE)
        elif i in opening:
            score += _BEFORE_OPENER
        score += _CROSSED * crossed[i] + _IN_QUOTES * (i in long_quoted)
        score += _BEFORE_CONJUNCTION * any(i == start for start, _end in joined)
        score += _AFTER_CONJUNCTION * any(i == end for _start, end in joined)
        if i in counting and after not in _PAUSES and after != " ":
            score += _AFTER_NUMERAL
        score += _AFTER_VERB * (i in governing)
        if after in _CLOSING or before in _OPENING:
            score += _BAD_OPENING
        if after in _PARTICLES:
            score += _PARTICLE_OPENING
        if (
            (before.isdigit() and after in _UNITS)
            or (before.isascii() and before.isalnum() and after.isascii() and after.isalnum())
            or i in quoted
        ):
            score += _INSIDE_WORD
            inside.add(i)
        scores[i] = score
    return scores, inside


def _subtitle_dash(title: str, i: int) -> bool:
    """Whether the dash at ``i`` opens a subtitle (题——副题), not a range (2023—2027)."""
    before = title[i - 1]
    return before not in _DASHES and not before.isspace() and not before.isdigit()


def _inside_quotes(title: str) -> tuple[set[int], set[int]]:
    """Cut positions inside a quoted or bracketed phrase short enough to keep whole, and
    inside a longer one."""
    short: set[int] = set()
    long: set[int] = set()
    for i, char in enumerate(title):
        closing = _QUOTES.get(char)
        if closing is None:
            continue
        end = title.find(closing, i + 1)
        if end != -1:
            (short if end - i - 1 <= _SHORT_QUOTE else long).update(range(i + 1, end + 1))
    return short, long


def _crossed(title: str) -> list[int]:
    """For each cut position, how many of the dictionary's words found anywhere in
    ``title`` (jieba's full mode) it would split."""
    crossed = [0] * (len(title) + 1)
    at = 0
    for word in _jieba().cut_all(title):
        start = title.find(word, at)
        if start == -1:
            continue
        at = start
        for i in range(start + 1, start + len(word)):
            crossed[i] += 1
    return crossed


def _verbs_before_objects(title: str) -> set[int]:
    """Cut positions right after a one-character verb that a word of the dictionary follows
    (jieba's route without HMM, tagged with the dictionary's parts of speech): 防|返贫,
    抓|落实, 保|安全. The HMM route can join such a verb to the word before it instead
    (织密防|返贫: 织密 is not in the dictionary), so this does not ask it."""
    found, at = set(), 0
    tagged = _jieba().tag(title, False)
    for (word, tag), (following, _tag) in itertools.pairwise(tagged):
        at += len(word)
        if len(word) == 1 and tag.startswith("v") and len(following) > 1 and following.isalnum():
            found.add(at)
    return found


def _words(text: str) -> list[tuple[int, int]]:
    """Where each word of jieba's route (HMM on, as jieba cuts) starts and ends."""
    words, at = [], 0
    for word in _jieba().cut(text, True):
        words.append((at, at + len(word)))
        at += len(word)
    return words
