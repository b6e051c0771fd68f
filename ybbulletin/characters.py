"""Bytes -> text under the content files' character policy.

UTF-8 (a BOM is fine), any line ending, and no control, bidi-override or
surrogate characters (they arrive invisibly when text is copied from other software).
"""

from __future__ import annotations

import re

from ybbulletin.errors import Diagnostics, Location

__all__ = [
    "CJK",
    "CJK_UNIFIED",
    "FORBIDDEN_CHARS",
    "INVISIBLE_CHARS",
    "MAX_CHARACTER_ERRORS",
    "check_characters",
    "decode",
    "describe_char",
]

MAX_CHARACTER_ERRORS = 10

#: Chinese characters, as regex class ranges: CJK Extension A and the unified ideographs ...
CJK_UNIFIED = "\u3400-\u4dbf\u4e00-\u9fff"
#: ... and the compatibility ideographs.
CJK = CJK_UNIFIED + "\uf900-\ufaff"

# U+2028/U+2029 are line breaks to YAML and none to an editor: every line number after one
# would be wrong, so they are refused with the other invisible controls. U+FFFE/U+FFFF are
# no characters at all: XML refuses them, so the Word file could not be written (a build
# stopped with an internal error after check had passed).
FORBIDDEN_CHARS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff"
    "\ufffe\uffff]"
)
#: Zero-width characters: harmless to YAML, invisible to the editor (a title of nothing but
#: them looks empty; a word with one inside is not found by search): a warning each.
INVISIBLE_CHARS = re.compile("[\u200b\u2060\ufeff]")
_INVISIBLE_NAMES = {
    "\u200b": "零宽空格",
    "\u2060": "零宽不换行空格",
    "\ufeff": "字节顺序标记 BOM",
}
_BREAK_NAMES = {"\u2028": "行分隔符", "\u2029": "段分隔符"}
_CHAR_NAMES = {
    "\u202a": "LRE",
    "\u202b": "RLE",
    "\u202c": "PDF",
    "\u202d": "LRO",
    "\u202e": "RLO",
    "\u2066": "LRI",
    "\u2067": "RLI",
    "\u2068": "FSI",
    "\u2069": "PDI",
}


def decode(raw: bytes, relpath: str, diags: Diagnostics) -> str | None:
    """Bytes -> text: UTF-8 (a BOM is fine), any line ending, no forbidden characters."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        diags.error(
            Location(relpath),
            "文件是 UTF-16 编码，应为 UTF-8",
            "在编辑器中选择“另存为”，编码选 UTF-8",
        )
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        column = len(raw[line_start : exc.start].decode("utf-8", "replace")) + 1
        hint = "在编辑器中选择“另存为”，编码选 UTF-8"
        try:
            raw.decode("gb18030")
        except UnicodeDecodeError:
            pass
        else:
            hint = "文件看起来是 GBK/GB18030 编码；" + hint
        diags.error(
            Location(relpath, line, column),
            f"文件不是 UTF-8 编码（此处的字节 0x{raw[exc.start]:02X} 无法按 UTF-8 读取）",
            hint,
        )
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not check_characters(text, relpath, diags):
        return None
    return text


def check_characters(text: str, relpath: str, diags: Diagnostics) -> bool:
    """Report control, bidi-override and surrogate characters (True if none), and warn of
    zero-width ones."""
    found = 0
    invisible = 0
    for lineno, line in enumerate(text.split("\n"), start=1):
        for match in INVISIBLE_CHARS.finditer(line):
            invisible += 1
            if invisible <= MAX_CHARACTER_ERRORS:
                char = match.group()
                diags.warning(
                    Location(relpath, lineno, match.start() + 1),
                    f"看不见的字符 U+{ord(char):04X}（{_INVISIBLE_NAMES[char]}）",
                    "通常是从网页或其他软件复制时带进来的，删除即可",
                )
        for match in FORBIDDEN_CHARS.finditer(line):
            found += 1
            if found <= MAX_CHARACTER_ERRORS:
                diags.error(
                    Location(relpath, lineno, match.start() + 1),
                    f"不允许的字符 {describe_char(match.group())}",
                    "通常是从其他软件复制时带进来的不可见字符，删除即可",
                )
    return found == 0


def describe_char(char: str) -> str:
    name = _CHAR_NAMES.get(char)
    code = f"U+{ord(char):04X}"
    if name:
        return f"{code}（{name}，文字方向控制符）"
    if char in _BREAK_NAMES:
        return f"{code}（{_BREAK_NAMES[char]}，编辑器里看不出的换行）"
    if 0xD800 <= ord(char) <= 0xDFFF:
        return f"{code}（孤立的代理字符）"
    if char in "\ufffe\uffff":
        return f"{code}（非字符，不代表任何文字）"
    return f"{code}（控制字符）"
