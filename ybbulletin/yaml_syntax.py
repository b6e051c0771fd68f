"""A YAML syntax error told in Chinese, located: libyaml's words -> a message and a hint.

Kept apart from ``located`` (which reads the files) so that the table can grow with every
wording an editor meets without that module growing.
"""

from __future__ import annotations

from ruamel.yaml.error import MarkedYAMLError

from ybbulletin.errors import Location

__all__ = ["syntax_error"]

_SYNTAX_MESSAGES = {
    "mapping values are not allowed": (
        "这里不能出现“:”",
        "值里含有“: ”时请给整个值加引号，或检查上一行的缩进",
    ),
    "found character that cannot start any token": ("这里有 YAML 不认识的字符", None),
    "found unexpected end of stream": ("文件意外结束（引号或括号没有闭合？）", None),
    "did not find expected key": ("缩进不对，或这一行缺少“字段:”", "同一层的字段要对齐"),
    "did not find expected '-' indicator": (
        "列表中的这一行缩进不对",
        "同一列表的每一项都以对齐的“- ”开头",
    ),
    "could not find expected ':'": ("缺少“:”", "每个字段写成“字段: 值”，冒号后有一个空格"),
    "found unknown escape character": (
        "双引号里有无效的转义（“\\”）",
        "改用单引号，或写成“\\\\”",
    ),
    "expected <block end>, but found": ("缩进不对", "同一层的字段要对齐"),
    "found a tab character": ("此处有 Tab 字符：YAML 只能用空格缩进", "把 Tab 换成空格"),
    "block sequence entries are not allowed": (
        "这里不能开始列表（“- ”）",
        "列表应另起一行并比字段名多缩进",
    ),
    "found undefined alias": ("不支持 YAML 别名", None),
    "found unexpected ':'": ("这里不能出现“:”", "值里含有“:”时请给整个值加引号"),
    "expected ',' or ']'": ("方括号列表没有正确闭合", "检查“[”与“]”是否成对"),
    "expected ',' or '}'": ("花括号没有正确闭合", "检查“{”与“}”是否成对"),
    # libyaml's other words, so that no message reaches an editor in English
    "did not find expected hexdecimal number": (
        "双引号里的“\\x”“\\u”“\\U”后面应是十六进制数字",
        "改用单引号，或写成“\\\\”",
    ),
    "found invalid Unicode character escape code": (
        "双引号里的“\\u”“\\U”写出了不存在的字符",
        "删去这个转义，直接写出要用的字",
    ),
    "directive": ("以“%”开头的指令写错了", "删去以“%”开头的行"),
    "did not find expected alphabetic or numeric character": (
        "“&”或“*”后面缺少名字",
        "值以“&”或“*”开头时请给整个值加引号",
    ),
    "tag URI": ("以“!”开头的 YAML 标签写错了", "值以“!”开头时请给整个值加引号"),
    "URI escaped octet": ("以“!”开头的 YAML 标签写错了", "值以“!”开头时请给整个值加引号"),
    "did not find expected <document start>": (
        "文件中间有“...”或“%”开头的行，后面的内容无法读取",
        "删去这一行；一个文件只写一期",
    ),
    "did not find expected comment or line break": (
        "这里的值后面多了文字",
        "“|”“>”后面应直接换行；值里有“#”或引号时请给整个值加引号",
    ),
    "found an indentation indicator equal to 0": ("“|”后面的缩进数字不能是 0", "写成“|”即可"),
}


def syntax_error(exc: MarkedYAMLError, relpath: str, text: str) -> tuple[Location, str, str | None]:
    """A libyaml error -> (location, Chinese message, hint)."""
    mark = exc.problem_mark or exc.context_mark
    if "end of stream" in str(exc.problem) and exc.context_mark:
        mark = exc.context_mark  # an unclosed quote or bracket: point at where it opened
    line = mark.line + 1 if mark else 1
    column = mark.column + 1 if mark else 1
    problem = str(exc.problem or exc.context or "")
    lines = text.split("\n")
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    indent = here[: len(here) - len(here.lstrip(" \t"))]
    if "\t" in indent or here[column - 1 : column] == "\t":
        return (
            Location(relpath, line, column),
            "此处有 Tab 字符：YAML 只能用空格缩进",
            "把 Tab 换成空格（每层两个空格）",
        )
    for needle, (message, hint) in _SYNTAX_MESSAGES.items():
        if needle in problem:
            return Location(relpath, line, column), f"YAML 格式错误：{message}", hint
    return (
        Location(relpath, line, column),
        f"YAML 格式错误（{problem}）",
        "检查这一行和上一行的缩进、冒号和引号",
    )
