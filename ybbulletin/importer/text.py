"""Paragraph text shared by the import stages: clean-up, sentence ends, the read error."""

from __future__ import annotations

import functools
import re
import unicodedata

from ybbulletin.characters import CJK
from ybbulletin.fixes import fix_text
from ybbulletin.importer.draft import Line
from ybbulletin.importer.scripts import fold, rule

_SENTENCE_END = "。！？；…﹗﹖﹔"  # with the small forms (﹗) some pages set
_CJK_CHAR = rule(f"[{CJK}]")
_NAME = rule(f"[{CJK}]{{2,3}}")  # a person's name alone: two or three hanzi
_CLOSERS = "”’）》】」』)"
_CONTROL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff\ud800-\udfff]"
)


SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞"
    "左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕"
    "屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧"
)  # the common ones


class ReadError(Exception):
    """A file the importer cannot read: the message and the hint the editor sees."""

    def __init__(self, message: str, hint: str | None = None, *, line: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.line = line  # where in the file, when the reader knows


def too_many_paragraphs(limit: int, line: int | None = None) -> ReadError:
    """The import's paragraph bound passed (at ``line`` of a text file, if known)."""
    where = f"（第 {line} 行起）" if line is not None else ""
    return ReadError(
        f"原文超过 {limit} 段{where}，不像是一期简报",
        "请把文件按期分开后再分别导入",
        line=line or 1,
    )


def ends_sentence(text: str) -> bool:
    """The paragraph ends a sentence: 。！？；… possibly inside closing quotes or brackets."""
    stripped = text.rstrip(_CLOSERS + " ")
    return bool(stripped) and stripped[-1] in _SENTENCE_END


def tidy(paragraph: str) -> str:
    """Spaces between hanzi inside a paragraph are extraction artefacts."""
    return fix_text(paragraph)


def clean(text: str) -> str:
    """Extraction artefacts: control characters, half-width punctuation, runs of spaces."""
    # YAML breaks lines at 2028/2029; a web page's <meta> title may hold a line break, and
    # a title must be one line (the model refuses a break in one)
    for space in ("\u00a0", "\u3000", "\u2028", "\u2029", "\r\n", "\r", "\n", "\x85"):
        text = text.replace(space, " ")
    text = _CONTROL.sub("", text).strip()
    text = fix_text(text, title=True)  # spaces between hanzi go later, titles keep theirs
    return re.sub(r"\s{2,}", " ", text)


def has_words(text: str) -> bool:
    """Any hanzi, letter or digit: a line of only rules and bars (====, |) has none."""
    return any(unicodedata.category(c)[0] in "LN" for c in text)


def text_lines(text: str, limit: int | None = None) -> list[Line]:
    """Plain text (one paragraph a line) as cleaned lines; ``|`` rows become tables. More
    than ``limit`` paragraphs: a ``ReadError`` at the line where the limit is passed, before
    the rest is cleaned."""
    lines: list[Line] = []
    blank = False
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    for number, original in enumerate(
        text.replace("\u2029", "\n").replace("\x85", "\n").split("\n"), start=1
    ):
        cleaned = clean(original)
        if not cleaned:
            blank = True
            continue
        if limit is not None and len(lines) >= limit:
            raise too_many_paragraphs(limit, number)
        if cleaned.startswith("#") and has_words(cleaned):  # Markdown headings copied from a CMS
            cleaned = cleaned.lstrip("#").strip()
        lines.append(Line(cleaned, after_blank=blank))
        blank = False
    return tables(lines)


def tables(lines: list[Line]) -> list[Line]:
    """Runs of lines with | separators (as text copies of tables look) become tables."""
    result: list[Line] = []
    for line in lines:
        cells = [c.strip() for c in line.text.strip("|").split("|")]
        if line.text.count("|") >= 2 and not line.text.startswith("!") and any(cells):
            if result and result[-1].table is not None:
                result[-1].table.append(cells)
                continue
            result.append(Line("", table=[cells]))
        else:
            result.append(line)
    return result


def cjk_share(text: str) -> float:
    """The share of hanzi among the letters: what a Chinese text has plenty of."""
    letters = [c for c in text if unicodedata.category(c)[0] == "L"]
    if not letters:
        return 0.0
    return sum(1 for c in letters if _CJK_CHAR.match(c)) / len(letters)


def garbled(text: str) -> bool:
    """Hanzi that are mostly not everyday characters (in neither GB 2312 nor Big5): junk read
    as text (bytes taken for UTF-16 give about half such characters; published texts, simplified
    or traditional, have over 99 % everyday ones). Only said of a text with 50 hanzi or more."""
    hanzi = [c for c in text if _CJK_CHAR.match(c)]
    return len(hanzi) >= 50 and sum(map(_everyday, hanzi)) < 0.9 * len(hanzi)


@functools.lru_cache(maxsize=8192)
def _everyday(char: str) -> bool:
    for codec in ("gb2312", "big5"):
        try:
            char.encode(codec)
        except UnicodeEncodeError:
            continue
        return True
    return False


def heading_like(text: str) -> bool:
    """A short line without a comma (a sub-heading, a caption), or a table or image."""
    return (len(text) <= 30 and "，" not in text) or text.startswith(("|", "![", "#"))


def markdown_table(rows: list[list[str]]) -> str:
    width = max(len(row) for row in rows)
    padded = [row + [""] * (width - len(row)) for row in rows]
    lines = ["| " + " | ".join(padded[0]) + " |", "|" + "---|" * width]
    lines += ["| " + " | ".join(row) + " |" for row in padded[1:]]
    return "\n".join(lines)


def is_name(text: str) -> bool:
    """A person's name alone (徐艺真): two or three hanzi starting with a common surname."""
    return bool(_NAME.fullmatch(text)) and fold(text[0]) in SURNAMES


_DIGITS = {c: i for i, c in enumerate("一二三四五六七八九", start=1)}


def number(numeral: str) -> int:
    """An item's number, in digits (12) or in characters up to 九十九 (一, 十二, 二十三)."""
    if numeral.isdigit():
        return int(numeral)
    tens, _, units = numeral.rpartition("十")
    if "十" not in numeral:
        return _DIGITS.get(numeral, 0)
    return (_DIGITS.get(tens, 0) if tens else 1) * 10 + _DIGITS.get(units, 0)


# items run into one paragraph, each after a sentence's end: …如下: 一、甲医院存在…。 二、乙…
_RUN_IN_ITEM = re.compile(r"(?<=[。：:；;])\s+(?=([一二三四五六七八九十]{1,3})、)")


def run_in_items(text: str) -> list[str]:
    """A paragraph holding numbered items 一、二、三、… one after another (a page that lost its
    line breaks), split before each; the paragraph itself when they are not 一、 then 二、…"""
    cuts = [m for m in _RUN_IN_ITEM.finditer(text)]
    numbers = [number(m.group(1)) for m in cuts]
    if len(cuts) < 2 or numbers != list(range(1, len(cuts) + 1)):
        return [text]
    starts = [0, *(m.end() for m in cuts)]
    ends = [m.start() for m in cuts] + [len(text)]
    return [text[a:b].strip() for a, b in zip(starts, ends, strict=True)]


# a document site's copy: the title, the title again and the text, all in one paragraph
_DOUBLED = re.compile(r"^(?P<title>[^。！？；!?;\n]{8,60}?)(?P=title)(?P<rest>\S.*)$", re.DOTALL)


def doubled_title(text: str) -> tuple[str, str] | None:
    """A paragraph that opens with the same words twice, then goes on (民有所呼我有所应，打通…
    “最后一公里”民有所呼我有所应，打通…“最后一公里”今年以来，…): the title and the text."""
    found = _DOUBLED.match(text)
    return (found.group("title"), found.group("rest")) if found else None
