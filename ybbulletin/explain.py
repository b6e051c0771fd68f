"""Pydantic's validation errors in the editors' words: located Chinese messages and hints.

What each field is called (``FIELD_LABELS``, the entry fields from ``model/kinds.py``),
did-you-mean for keys, kinds, 栏目 and choices, and where an error points (the key
of an unknown field, the value otherwise, the enclosing mapping for a missing one).
"""

from __future__ import annotations

import difflib
import re
import types
import typing
import unicodedata
from decimal import Decimal
from typing import Any, Union

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from ybbulletin.errors import Diagnostics, excerpt
from ybbulletin.located import KeyPath, Located
from ybbulletin.model import (
    CASE_FIELDS,
    DIGEST_PATTERN,
    ENTRY_FIELDS,
    ENTRY_KINDS,
    ISSUE_KINDS,
    KINDS,
    SUBJECT_TYPES,
)

__all__ = ["FIELD_LABELS", "MAX_REPORTED", "allowed_keys", "did_you_mean", "report", "translate"]


#: What editors call each field, used in messages.
FIELD_LABELS: dict[str, str] = {
    "name": "简报名称",
    "publisher": "编印单位",
    "short_name": "简称",
    "base_url": "网站地址",
    "numbering": "编号设置",
    "first_total": "最早一期的总期数",
    "sections": "栏目",
    "distribution": "报送范围",
    "报": "报",
    "送": "送",
    "发": "发",
    "print_run": "印数",
    "site": "网站设置",
    "organizer": "主办单位",
    "site_id": "网站标识码",
    "undertaker": "承办单位",
    "contact": "联系我们",
    "keywords": "关键词",
    "description": "网站简介",
    "icp": "ICP备案号",
    "police": "公网安备案号",
    "recent": "首页列出的期数",
    "year": "年份",
    "number": "期号",
    "total": "总期数",
    "date": "日期",
    "theme": "本期专题",
    "staff": "编审人员",
    "order": "排列顺序",
    "entries": "文章列表",
    **ENTRY_FIELDS,
    **{name: label for kind in KINDS for name, label in kind.fields.items()},
    **CASE_FIELDS,
    "signoff": "审核签发记录",
    "signer": "签名人",
    "issue_digest": "本期校验码",
    "entry_digests": "各篇校验码",
}

_TYPE_NAMES = {str: "文字", int: "整数", float: "数字", bool: "是/否", list: "列表", dict: "键值对"}
_CHOICES: dict[str, dict[str, str]] = {
    "kind": ISSUE_KINDS,
    "subject_type": SUBJECT_TYPES,
    "order": {"by_section": "按栏目", "as_written": "按文件中的顺序"},
    "signoff": {"审核": "审核记录", "签发": "签发记录"},
}


def did_you_mean(word: str, candidates: list[str]) -> str | None:
    """The closest candidate to a mistyped word, if any is close enough."""
    found = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    return found[0] if found else None


#: The most validation errors worded for one file; past them one line says how many more.
MAX_REPORTED = 100


def report(
    exc: ValidationError, located: Located, root: type[BaseModel], diags: Diagnostics
) -> None:
    """Turn pydantic's errors into located Chinese diagnostics (the first MAX_REPORTED, then
    how many more: 50,000 unknown keys gave 50,000 lines and took 10 s to word)."""
    errors = exc.errors(include_url=False)
    for error in errors[:MAX_REPORTED]:
        path, on_key = data_path(error["loc"], located.data)
        message, hint, at_key = translate(error, path, located, root, on_key=on_key)
        diags.error(located.location(path, key=at_key or on_key), message, hint)
    if len(errors) > MAX_REPORTED:
        diags.error(
            located.location(()),
            f"这个文件还有 {len(errors) - MAX_REPORTED} 处错误未列出（只列出前 {MAX_REPORTED} 处）",
            "先改正列出的这些错误，再运行 ybbulletin check",
        )


def data_path(loc: tuple[int | str, ...], data: Any) -> tuple[KeyPath, bool]:
    """Pydantic's loc -> a path into the data (dropping union tags); also 'is a dict key'."""
    path: list[str | int] = []
    node = data
    parts = list(loc)
    for i, part in enumerate(parts):
        if part == "[key]":
            return tuple(path), True
        last = i == len(parts) - 1
        if isinstance(node, dict):
            if part not in node and not last and part in ENTRY_KINDS:
                continue  # discriminated-union tag, not a key of the data
            path.append(part)
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            path.append(part)
            node = node[part]
        else:
            path.append(part)
            node = None
    return tuple(path), False


def translate(
    error: ErrorDetails,
    path: KeyPath,
    located: Located,
    root: type[BaseModel],
    *,
    on_key: bool = False,
) -> tuple[str, str | None, bool]:
    """One pydantic error -> (message, hint, point at the key rather than the value)."""
    kind = error["type"]
    ctx: dict[str, Any] = dict(error.get("ctx") or {})
    name = _field_name(path)
    label = _label(path)
    if on_key:
        label = f"{_field_label(_field_name(path[:-1]))}中的名称"
    value = error.get("input")
    if kind == "yb_line_break":  # the field's name is known here, not in the model
        return f"{label}中有换行，应写在一行里", ctx.get("hint"), False
    if kind.startswith("yb_"):
        return error["msg"], ctx.get("hint"), False
    if kind == "missing":
        return f"缺少{_field_label(name)}", _missing_hint(name), False
    if kind == "extra_forbidden":
        return _unknown_field(name, path, located, root)
    if kind == "union_tag_invalid":
        tag = str(ctx.get("tag"))
        guess = did_you_mean(tag, list(ENTRY_KINDS))
        allowed = "、".join(f"{k}（{v}）" for k, v in ENTRY_KINDS.items())
        hint = (f"是不是“{guess}”？" if guess else "") + f"可选：{allowed}"
        return f"未知的文章类型“{excerpt(tag)}”", hint, False
    if kind == "union_tag_not_found":
        allowed = "、".join(ENTRY_KINDS)
        return (
            "文章缺少“kind”字段（文章类型）",
            f"写在文章第一行，例如“- kind: work_update”；可选：{allowed}",
            False,
        )
    if kind == "literal_error":
        # a bad key of a mapping (signoff: {批准: …}) takes the choices of the mapping
        return _bad_choice(_field_name(path[:-1]) if on_key else name, value, label)
    if kind in ("string_type",):
        return f"{label}应为文字，不是{_type_name(value)}", _string_hint(value), False
    if kind == "string_too_short" or (
        kind == "string_pattern_mismatch" and ctx.get("pattern") == r"\S"
    ):
        return f"{label}不能为空", None, False
    if kind == "string_too_long":
        return (
            f"{label}有 {len(str(value))} 个字符，超过上限 {ctx.get('max_length')} 个",
            "标题、名称、来源等只写一行短文字；长的内容写进正文（body）",
            False,
        )
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == DIGEST_PATTERN:
        return (
            f"{label}“{excerpt(value)}”应为 16 位十六进制数字",
            "校验码由 ybbulletin sign 计算写入，不要手工修改；重新签发即可",
            False,
        )
    if kind == "string_pattern_mismatch":
        return (
            f"{label}“{excerpt(value)}”只能包含小写英文字母、数字、“-”和“_”",
            "例如 nxyb、work_update",
            False,
        )
    if kind in ("int_type", "int_parsing", "int_from_float"):
        shown = "空值" if value is None else f"“{excerpt(value)}”"
        return f"{label}应为整数，不是{shown}", _digits_hint(value), False
    if kind == "finite_number":  # .inf, .nan, 1e400
        return (
            f"{label}应为普通的数字，不是“{excerpt(value)}”",
            "写成 12、462.24 这样的数字（不要写 .inf、.nan 或 1e400）",
            False,
        )
    if kind in ("decimal_type", "decimal_parsing") and isinstance(value, str):
        unit = re.match(r"^\s*(\d+(?:\.\d+)?)\s*(万元|元|亿元)\s*$", value)
        if unit:
            scales = {"万元": Decimal(1), "元": Decimal("0.0001"), "亿元": Decimal(10000)}
            wan = (Decimal(unit.group(1)) * scales[unit.group(2)]).normalize()
            return (
                f"{label}只写数字，单位固定为万元：“{excerpt(value)}”应写成 {wan:f}",
                "金额一律以万元为单位，不写单位",
                False,
            )
    if kind in ("decimal_type", "decimal_parsing", "float_type", "float_parsing"):
        amount_hint = "只写数字，例如 462.24；单位固定为万元" if "amounts" in path else None
        amount_hint = _digits_hint(value) or amount_hint
        return f"{label}应为数字，不是“{excerpt(value)}”", amount_hint, False
    if kind in ("decimal_max_places", "decimal_max_digits", "decimal_whole_digits"):
        return f"{label}“{excerpt(value)}”的位数太多", "金额以万元为单位，最多保留 4 位小数", False
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        return _bound(kind, ctx, label, value), None, False
    if kind == "list_type" and name == "entries" and value is None:
        return "本期还没有文章", "在 entries 下添加文章，每篇以“- kind:”开头", False
    if kind in ("list_type",):
        return f"{label}应为列表，不是{_type_name(value)}", "每项另起一行，以“- ”开头", False
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return (
            f"{label}应为“字段: 值”形式的键值对，不是{_type_name(value)}",
            "下一行缩进两个空格，逐项写“字段: 值”",
            False,
        )
    if kind == "too_short" and name == "entries":
        return "本期还没有文章", "在 entries 下添加文章，每篇以“- kind:”开头", False
    if kind == "too_short" and name == "cases":
        return "案例通报至少要有一个案例", "在 cases 下添加案例，每个以“- title:”开头", False
    if kind == "too_long":
        return _too_many(name, label, ctx, value)
    return f"{label}的值无效（{error['msg']}）", None, False


def _too_many(name: str, label: str, ctx: dict[str, Any], value: Any) -> tuple[str, str, bool]:
    """A list (or mapping) over its cap: how many there are, the cap, and what to do instead."""
    count = ctx.get("actual_length") or (len(value) if isinstance(value, list | dict) else "过多")
    cap = ctx.get("max_length")
    if name == "entries":
        return (
            f"本期有 {count} 篇文章，超过上限 {cap} 篇",
            "分成几期出版（或出增刊、专刊）",
            False,
        )
    if name == "sections":
        return (
            f"{label}有 {count} 个，超过上限 {cap} 个",
            "简报一般有 4 到 8 个栏目；合并相近的栏目",
            False,
        )
    if name == "cases":
        return (
            f"这篇案例通报有 {count} 个案例，超过上限 {cap} 个",
            "拆成几篇案例通报（例如按地区或批次）",
            False,
        )
    return (
        f"{label}有 {count} 项，超过上限 {cap} 项",
        "只列主要的几项；很长的名单写进正文（body），或作为附件另行发布",
        False,
    )


def _digits_hint(value: Any) -> str | None:
    """全角数字 and the like: what a number looks like typed with a Chinese input method."""
    if isinstance(value, str) and value.strip():
        plain = unicodedata.normalize("NFKC", value).strip()
        if plain != value.strip() and re.fullmatch(r"-?\d+(?:\.\d+)?", plain):
            return f"这里用了全角数字，改成半角：{plain}"
    return None


def _field_name(path: KeyPath) -> str:
    for part in reversed(path):
        if isinstance(part, str):
            return part
    return ""


def _field_label(name: str) -> str:
    label = FIELD_LABELS.get(name)
    return f"“{name}”（{label}）" if label and label != name else f"“{name}”"


def _label(path: KeyPath) -> str:
    """“title”（标题）, or for a list item “reporters”（记者）第2项."""
    if not path:
        return "内容"
    if isinstance(path[-1], int):
        return f"{_field_label(_field_name(path))}第{path[-1] + 1}项"
    return _field_label(str(path[-1]))


def _type_name(value: Any) -> str:
    for kind, name in _TYPE_NAMES.items():
        if isinstance(value, kind) and not (kind is int and isinstance(value, bool)):
            return name
    return "空值" if value is None else type(value).__name__


def _string_hint(value: Any) -> str | None:
    if isinstance(value, list):
        return "这里只能写一段文字，不是列表"
    if value is None:
        return "冒号后面还没有写内容"
    return "含有冒号等符号时，请给整个值加引号"


def _missing_hint(name: str) -> str | None:
    examples = {
        "year": "例如“year: 2025”",
        "number": "例如“number: 12”（第12期）",
        "date": "例如“date: 2025-08-13”",
        "entries": "在 entries 下添加文章，每篇以“- kind:”开头",
        "title": "例如“title: 石嘴山市医保局三举措……”",
        "body": "正文写成“body: |”，下一行起缩进书写",
        "name": "例如“name: 宁夏医保信息”",
        "publisher": "例如“publisher: 宁夏回族自治区医疗保障局”",
        "short_name": "用于文件名的英文简称，例如“short_name: nxyb”",
        "subject_type": "可选：" + "、".join(f"{k}（{v}）" for k, v in SUBJECT_TYPES.items()),
        "from": "例如“period: {from: 2017-08, to: 2020-06}”",
    }
    return examples.get(name)


def _bad_choice(name: str, value: Any, label: str) -> tuple[str, str | None, bool]:
    choices = _CHOICES.get(name, {})
    allowed = "、".join(f"{k}（{v}）" for k, v in choices.items()) or "—"
    guess = did_you_mean(str(value), list(choices))
    hint = (f"是不是“{guess}”？" if guess else "") + f"可选：{allowed}"
    return f"{label}“{excerpt(value)}”无效", hint, False


def _bound(kind: str, ctx: dict[str, Any], label: str, value: Any) -> str:
    words = {
        "greater_than_equal": ("ge", "不能小于"),
        "greater_than": ("gt", "应大于"),
        "less_than_equal": ("le", "不能大于"),
        "less_than": ("lt", "应小于"),
    }
    key, phrase = words[kind]
    return f"{label}{phrase} {ctx.get(key)}（现在是 {value}）"


def _unknown_field(
    name: str, path: KeyPath, located: Located, root: type[BaseModel]
) -> tuple[str, str | None, bool]:
    allowed = allowed_keys(root, path[:-1], located.data)
    guess = did_you_mean(name, allowed) if allowed else None
    owners = [k for k, cls in _ENTRY_CLASSES.items() if name in _keys(cls)]
    hint: str | None
    if guess:
        hint = f"是不是“{guess}”？"
    elif owners and "entries" in path:
        hint = (
            f"“{name}”只用于 " + "、".join(f"{k}（{ENTRY_KINDS[k]}）" for k in owners) + " 类文章"
        )
    else:
        hint = "此处可用的字段：" + "、".join(allowed) if allowed else None
    return f"未知字段“{excerpt(name)}”", hint, True


def _keys(model: type[BaseModel]) -> list[str]:
    return [info.alias or field for field, info in model.model_fields.items()]


_ENTRY_CLASSES: dict[str, type[BaseModel]] = {kind.name: kind.model for kind in KINDS}


def allowed_keys(root: type[BaseModel], path: KeyPath, data: Any) -> list[str]:
    """The keys the model accepts at ``path`` of the data (for did-you-mean)."""
    annotation: Any = root
    node = data
    for part in path:
        annotation = _resolve(annotation, node)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            field = next(
                (f for n, f in annotation.model_fields.items() if (f.alias or n) == part), None
            )
            if field is None:
                return []
            annotation = field.annotation
        elif typing.get_origin(annotation) in (list, dict):
            annotation = typing.get_args(annotation)[-1]
        else:
            return []
        node = node[part] if isinstance(node, dict | list) and _has(node, part) else None  # type: ignore[index]
    annotation = _resolve(annotation, node)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _keys(annotation)
    return []


def _has(node: dict[str, Any] | list[Any], part: str | int) -> bool:
    if isinstance(node, dict):
        return part in node
    return isinstance(part, int) and part < len(node)


def _resolve(annotation: Any, node: Any) -> Any:
    """Strip Annotated and Optional; pick the union member matching the data's kind."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            members = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(members) == 1:
                annotation = members[0]
                continue
            kind = node.get("kind") if isinstance(node, dict) else None
            classes = _ENTRY_CLASSES
            return classes.get(str(kind)) if kind in classes else None
        else:
            return annotation
