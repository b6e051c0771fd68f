"""argparse in Chinese without touching argparse's process-wide gettext: a parser subclass.

Headings, the help option and usage errors are in Chinese; argparse's own messages
are translated once argparse has formatted them (the English patterns below).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from ybbulletin.errors import excerpt

__all__ = ["ChineseParser"]

# argparse's own messages, in Chinese: (English pattern, Chinese), applied to a usage error
# once argparse has formatted it (argparse builds them with the process-wide gettext ``_``,
# which ybbulletin leaves alone).
_ARGUMENT = re.compile(r"^argument (.+?): (.*)$", re.S)
_ARGPARSE_MESSAGES = [
    (re.compile(r"^the following arguments are required: (.*)$", re.S), "缺少参数：{0}"),
    (re.compile(r"^unrecognized arguments: (.*)$", re.S), "无法识别的参数：{0}"),
    (
        re.compile(r"^invalid choice: (.*) \(choose from (.*)\)$", re.S),
        "无效的选项值 {0}（可选：{1}）",
    ),
    (re.compile(r"^expected one argument$"), "需要一个值"),
    (re.compile(r"^invalid \S+ value: (.*)$", re.S), "无效的值：{0}"),
    (re.compile(r"^ambiguous option: (.*) could match (.*)$", re.S), "选项 {0} 有歧义，可能是 {1}"),
]


def _chinese(message: str) -> str:
    argument = _ARGUMENT.match(message)
    if argument:
        return f"参数 {argument.group(1)}：{_chinese(argument.group(2))}"
    for pattern, words in _ARGPARSE_MESSAGES:
        match = pattern.match(message)
        if match:
            return words.format(*(excerpt(group, 60) for group in match.groups()))
    return message


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


class ChineseParser(argparse.ArgumentParser):
    """An ArgumentParser that speaks Chinese: headings, help, usage errors."""

    def __init__(self, *, parents: Sequence[argparse.ArgumentParser] = (), **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(**kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        for action in self._actions:
            if action.dest == "help":
                action.help = "显示帮助并退出"
        # as ArgumentParser does with ``parents``, once the headings above are set
        for parent in parents:
            self._add_container_actions(parent)
            self._defaults.update(parent._defaults)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: 用法错误: {_chinese(message)}\n")
