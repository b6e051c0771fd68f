"""Located diagnostics and the exception tree.

Content problems are data, not exceptions: every stage appends
:class:`Diagnostic` values to a :class:`Diagnostics` collector, and the command
line prints them all, sorted, as ``path:line:col: 错误: message``.

Exceptions are for stopping::

    YbError                  base of everything ybbulletin raises on purpose
    ├── ContentError         the content has errors; carries the diagnostics
    ├── UsageError           the command was called wrongly (exit code 2)
    └── WorkerLost           a worker process died (killed: out of memory, a crash)
"""

from __future__ import annotations

import enum
import re
import signal
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

#: The most of an editor's value a message echoes (characters): a message stays one short
#: line even when the value is a 500-character name or 50 of them.
EXCERPT_MAX = 40
_BREAKS = re.compile(r"\r\n|[\r\n\u2028\u2029\x85\v\f]")
# what a terminal would act on or show reordered (escape sequences, bidi controls): named
_HIDDEN = re.compile(
    r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def excerpt(value: object, limit: int = EXCERPT_MAX) -> str:
    """A value as a message echoes it: whole up to ``limit`` characters, else its beginning
    and its end around "…" (where a wrong date, 文号 or name usually shows); line breaks
    as "↵", so that the message stays on its located line; control characters (a terminal's
    escape sequences) and direction controls as U+XXXX."""
    text = _HIDDEN.sub(code_point, _BREAKS.sub("↵", str(value)))
    if len(text) <= limit:
        return text
    head = (limit - 1) * 2 // 3
    return f"{text[:head]}…{text[len(text) - (limit - 1 - head) :]}"


def code_point(found: re.Match[str]) -> str:
    """A matched character as a message names it (``re.sub``'s replacement): U+XXXX."""
    return f"U+{ord(found.group()):04X}"


__all__ = [
    "ContentError",
    "Diagnostic",
    "Diagnostics",
    "Location",
    "Severity",
    "UsageError",
    "YbError",
    "code_point",
    "excerpt",
]


@dataclass(frozen=True, order=True)
class Location:
    """A place in a content file: project-relative path, 1-based line and column."""

    path: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


class Severity(enum.Enum):
    """How bad a diagnostic is; the value is the word editors see."""

    ERROR = "错误"
    WARNING = "警告"


@dataclass(frozen=True)
class Diagnostic:
    """One message about the content, with where it is and how to fix it."""

    location: Location
    severity: Severity
    message: str
    hint: str | None = None

    def sort_key(self) -> tuple[str, int, int, int, str]:
        # the location's fields, not the Location: its generated __lt__ is Python's to run
        # (thousands of warnings in a 500-issue archive), a tuple's is C's; the same order
        where = self.location
        severity = 0 if self.severity is Severity.ERROR else 1
        return (where.path, where.line, where.column, severity, self.message)

    def format(self) -> str:
        text = f"{self.location}: {self.severity.value}: {self.message}"
        if self.hint:
            text += f"\n    提示: {self.hint}"
        return text


@dataclass
class Diagnostics:
    """A collector that every stage appends to; never stops at the first problem."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, location: Location, message: str, hint: str | None = None) -> None:
        self.items.append(Diagnostic(location, Severity.ERROR, message, hint))

    def warning(self, location: Location, message: str, hint: str | None = None) -> None:
        self.items.append(Diagnostic(location, Severity.WARNING, message, hint))

    def extend(self, other: Iterable[Diagnostic]) -> None:
        self.items.extend(other)

    # the same as filtering the unique items (equal items have one severity), but only the
    # items of that severity are hashed: a build asks for the errors several times
    @property
    def errors(self) -> list[Diagnostic]:
        return list(dict.fromkeys(d for d in self.items if d.severity is Severity.ERROR))

    @property
    def warnings(self) -> list[Diagnostic]:
        return list(dict.fromkeys(d for d in self.items if d.severity is Severity.WARNING))

    def has_errors(self, *, strict: bool = False) -> bool:
        return bool(self.errors) or (strict and bool(self.warnings))

    def sorted(self) -> list[Diagnostic]:
        unique = dict.fromkeys(self.items)
        return sorted(unique, key=Diagnostic.sort_key)

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


class YbError(Exception):
    """Base of every exception ybbulletin raises on purpose."""


class ContentError(YbError):
    """The content has errors; ``diagnostics`` says which and where."""

    def __init__(self, diagnostics: Diagnostics) -> None:
        super().__init__(f"{len(diagnostics.errors)} content error(s)")
        self.diagnostics = diagnostics

    def __reduce__(self) -> tuple[type[ContentError], tuple[Diagnostics]]:
        # raised in a worker process, it must cross back whole
        return (ContentError, (self.diagnostics,))


class UsageError(YbError):
    """The command was called wrongly; the message is for the user, in Chinese."""


class WorkerLost(YbError):
    """A worker process ended while the command waited for it: killed from outside (the
    kernel's out-of-memory killer, most often) or crashed. ``exitcode`` is the process's
    (negative: the signal that ended it). The message is for the user, in Chinese."""

    def __init__(self, exitcode: int) -> None:
        self.exitcode = exitcode
        if exitcode < 0:
            try:
                name = signal.Signals(-exitcode).name
            except ValueError:
                name = str(-exitcode)
            why = f"被信号 {name} 结束"
            if -exitcode == signal.SIGKILL:
                why += "（常见原因：内存不足，被系统结束）"
        else:
            why = f"意外退出（退出码 {exitcode}）"
        super().__init__(f"一个工作进程{why}，这次运行没有做完")

    def __reduce__(self) -> tuple[type[WorkerLost], tuple[int]]:
        # raised in a process that serves others (the segmenting server), it crosses back
        return (WorkerLost, (self.exitcode,))

    #: What the user can do about it.
    HINT = "关闭占用内存的程序后再运行一次；生成时可加 --jobs 1，让同时工作的进程少些"
