"""Content files -> plain data with the line and column of every key and value.

The YAML is read as an event stream from ruamel.yaml's C parser (libyaml), which
carries a mark on every event, and turned into plain dicts, lists and scalars
in one pass. That keeps positions without paying for ruamel's round-trip
objects, and lets this module enforce the content rules the loaders do not:
YAML 1.2 typing (``no`` stays a string), no duplicate keys, no anchors,
aliases, tags or directives, bounded depth, dates kept as text for the model to
check, and one character policy (no control or bidi-override characters).
"""

from __future__ import annotations

import marshal
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from _ruamel_yaml import CParser  # the C extension of ruamel.yaml.clib
from ruamel.yaml import events
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.resolver import VersionedResolver

from ybbulletin.characters import FORBIDDEN_CHARS, decode, describe_char
from ybbulletin.errors import Diagnostics, Location, excerpt
from ybbulletin.yaml_syntax import syntax_error

__all__ = ["KeyPath", "Located", "load_file", "load_text", "plain_tables"]

KeyPath = tuple[str | int, ...]
Event = Any  # ruamel.yaml.events.* (the C parser's events carry no type information)

MAX_DEPTH = 24

_RESOLVER = VersionedResolver(version=(1, 2))
_TAG = "tag:yaml.org,2002:"


@dataclass(frozen=True)
class Span:
    """Where a scalar or collection starts (1-based) and how a string was written."""

    line: int
    column: int
    style: str = ""


def plain_tables(values: dict[KeyPath, Span], keys: dict[KeyPath, Span]) -> bytes:
    """The position tables as one :mod:`marshal` blob of (line, column, style) tuples, as
    the archive cache keeps them: read back only when a message needs a position (a cache
    hit unmarshals one bytes object, not some 300 tuples an issue: ~45 ms of the 500-issue
    cache's load)."""
    return marshal.dumps(
        (
            {k: (s.line, s.column, s.style) for k, s in values.items()},
            {k: (s.line, s.column, s.style) for k, s in keys.items()},
        )
    )


@dataclass
class Located:
    """One YAML document as plain data, and where each part of it stands in the file."""

    path: str
    data: Any
    lines: list[str]
    values: dict[KeyPath, Span] = field(default_factory=dict)
    keys: dict[KeyPath, Span] = field(default_factory=dict)

    def __getstate__(self) -> dict[str, Any]:
        # what pickling leaves behind on the originals, in the process that holds the
        # archive, for every issue sent to a worker: a UTF-8 copy on each string it encodes
        # (CPython keeps it), a dict on each object whose attributes it reads. So the lines
        # go as one UTF-8 text, the tables as ``kept`` has them (made now if not kept)
        kept = self.__dict__.get("_kept")
        lines = kept[0] if kept is not None else "\n".join(self.lines).encode()
        return dict(path=self.path, data=self.data, lines=lines, tables=self.kept_tables())

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.path, self.data = state["path"], state["data"]
        self._kept = (state["lines"], state["tables"])

    @classmethod
    def kept(cls, path: str, data: Any, raw: bytes, tables: bytes) -> Located:
        """The document of the file ``raw`` with its tables kept as :func:`plain_tables`
        made them: lines and tables made when first read (a build that reports nothing new
        reads neither)."""
        located = cls.__new__(cls)
        located.path, located.data = path, data
        located._kept = (raw, tables)
        return located

    def kept_tables(self) -> bytes:
        """The position tables as :func:`plain_tables` makes them: those ``kept`` was given
        (the document's own lines and spans are not made for this), else made."""
        kept = self.__dict__.get("_kept")
        return kept[1] if kept is not None else plain_tables(self.values, self.keys)

    if not TYPE_CHECKING:  # (hidden from mypy, which keeps checking attribute names)

        def __getattr__(self, name: str) -> Any:
            # called only for an attribute not set: the lines or the tables ``kept`` left,
            # each made when first asked (a warning's place needs the tables alone: a
            # 500-issue build's warnings made 15 MB of lines no one read)
            kept = self.__dict__.get("_kept")
            if kept is None or name not in ("lines", "values", "keys"):
                raise AttributeError(name)
            raw, tables = kept
            if name == "lines":
                text = raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8")  # decoded before
                self.lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
            else:
                values, keys = marshal.loads(tables)
                self.values = {k: Span(*span) for k, span in values.items()}
                self.keys = {k: Span(*span) for k, span in keys.items()}
            if "lines" in self.__dict__ and "values" in self.__dict__:
                del self._kept
            return getattr(self, name)

    def strings(self) -> Iterator[tuple[KeyPath, str]]:
        """Every string value of the document with its path, in file order."""

        def walk(node: Any, path: KeyPath) -> Iterator[tuple[KeyPath, str]]:
            if isinstance(node, str):
                yield path, node
            elif isinstance(node, dict):
                for key, value in node.items():
                    yield from walk(value, (*path, key))
            elif isinstance(node, list):
                for index, value in enumerate(node):
                    yield from walk(value, (*path, index))

        yield from walk(self.data, ())

    def location(self, keypath: KeyPath, *, key: bool = False) -> Location:
        """The position of a value (or of its key), or of its nearest located parent."""
        table = self.keys if key else self.values
        probe = keypath
        while probe:
            span = table.get(probe) or self.values.get(probe)
            if span is not None:
                return Location(self.path, span.line, span.column)
            probe = probe[:-1]
        span = self.values.get(())
        return Location(self.path, span.line, span.column) if span else Location(self.path)

    def text_location(self, keypath: KeyPath, line: int, column: int = 0) -> Location:
        """Map a 0-based (line, column) inside a string value to its place in the file.

        Exact for literal block scalars (``body: |``), which is how every
        Markdown field is written; other styles map to where the value starts.
        """
        span = self.values.get(keypath)
        if span is None:
            return self.location(keypath)
        if span.style != "|":
            return Location(self.path, span.line, span.column)
        first = span.line  # 0-based index of the first content line
        indent = 0
        for text in self.lines[first:]:
            if text.strip():
                indent = len(text) - len(text.lstrip(" "))
                break
        return Location(self.path, first + line + 1, indent + column + 1)


def load_file(path: Path, relpath: str, diags: Diagnostics) -> Located | None:
    """Read one content file; report every problem to ``diags``; None if unreadable."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        diags.error(Location(relpath), f"无法读取文件：{exc.strerror or exc}")
        return None
    text = decode(raw, relpath, diags)
    if text is None:
        return None
    return load_text(text, relpath, diags)


def load_text(text: str, relpath: str, diags: Diagnostics) -> Located | None:
    """Parse one YAML document; None (with diagnostics) if it cannot be used."""
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.split("\n")
    ):
        diags.error(
            Location(relpath), "文件是空的", "请参照示例或用“ybbulletin new”生成的文件填写内容"
        )
        return None
    builder = _Builder(relpath, text, diags)
    try:
        builder.run()
    except MarkedYAMLError as exc:
        diags.error(*syntax_error(exc, relpath, text))
        return None
    except _TooDeep:
        return None
    if builder.root is _NOTHING:
        diags.error(
            Location(relpath), "文件是空的", "请参照示例或用“ybbulletin new”生成的文件填写内容"
        )
        return None
    if not isinstance(builder.root, dict):
        span = builder.located.values.get((), Span(1, 1))
        diags.error(
            Location(relpath, span.line, span.column),
            "文件内容应为“字段: 值”形式的键值对",
            "每行以字段名开头，例如“year: 2025”",
        )
        return None
    builder.located.data = builder.root
    return builder.located


_NOTHING = object()


class _TooDeep(Exception):
    """Nesting past MAX_DEPTH: reported, and the file is read no further."""


class _Builder:
    """Walks the event stream once, building data and the position tables."""

    def __init__(self, relpath: str, text: str, diags: Diagnostics) -> None:
        self.relpath = relpath
        self.diags = diags
        self.parser = CParser(text)
        self.located = Located(relpath, None, text.split("\n"))
        self.root: Any = _NOTHING

    def loc(self, event: Event) -> Location:
        mark = event.start_mark
        return Location(self.relpath, mark.line + 1, mark.column + 1)

    def events(self) -> Iterator[Event]:
        while True:
            event = self.parser.get_event()
            if event is None:
                return
            yield event
            if isinstance(event, events.StreamEndEvent):
                return

    def run(self) -> None:
        stream = self.events()
        documents = 0
        for event in stream:
            if isinstance(event, events.DocumentStartEvent):
                documents += 1
                if documents == 2:
                    self.diags.error(
                        self.loc(event),
                        "一个文件只能有一个 YAML 文档（此处的“---”开始了第二个）",
                        "删除多余的“---”，每期内容写在一个文件里",
                    )
                if event.version or event.tags:
                    self.diags.error(
                        self.loc(event),
                        "不支持 %YAML 或 %TAG 指令",
                        "删除文件开头以“%”开头的行",
                    )
                value = self.node(next(stream), (), 1)
                if documents == 1:
                    self.root = value

    def node(self, event: Event, path: KeyPath, depth: int) -> Any:
        mark = event.start_mark
        if isinstance(event, events.AliasEvent):
            self.diags.error(
                self.loc(event),
                f"不支持 YAML 别名（*{event.anchor}）",
                "把要重复的内容直接写出来",
            )
            return None
        if getattr(event, "anchor", None):
            self.diags.error(
                self.loc(event),
                f"不支持 YAML 锚点（&{event.anchor}）",
                "删除“&”及其后的名称",
            )
        if depth > MAX_DEPTH:
            # the rest is not read: libyaml takes time quadratic in the depth of a flow
            # collection ([[[[…: 50,000 levels kept check busy for 26 s)
            self.diags.error(self.loc(event), f"嵌套层次太深（超过 {MAX_DEPTH} 层）")
            raise _TooDeep
        self.check_tag(event)
        if isinstance(event, events.ScalarEvent):
            self.located.values[path] = Span(mark.line + 1, mark.column + 1, event.style or "")
            return self.scalar(event)
        self.located.values[path] = Span(mark.line + 1, mark.column + 1)
        if isinstance(event, events.SequenceStartEvent):
            items: list[Any] = []
            for child in self.events():
                if isinstance(child, events.SequenceEndEvent):
                    break
                items.append(self.node(child, (*path, len(items)), depth + 1))
            return items
        if isinstance(event, events.MappingStartEvent):
            return self.mapping(path, depth)
        raise AssertionError(f"unexpected YAML event {event!r}")  # pragma: no cover

    def mapping(self, path: KeyPath, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        stream = self.events()
        for key_event in stream:
            if isinstance(key_event, events.MappingEndEvent):
                break
            if not isinstance(key_event, events.ScalarEvent):
                self.diags.error(self.loc(key_event), "字段名必须是简单的文字")
                self.skip(key_event)
                self.skip(next(stream))
                continue
            key = str(key_event.value)
            mark = key_event.start_mark
            key_span = Span(mark.line + 1, mark.column + 1)
            child = (*path, key)
            if key in result:
                first = self.located.keys[child]
                self.diags.error(
                    self.loc(key_event),
                    f"字段“{excerpt(key)}”重复（第 {first.line} 行已经写过）",
                    "删除其中一个，或改成正确的字段名",
                )
                self.skip(next(stream))
                continue
            self.located.keys[child] = key_span
            result[key] = self.node(next(stream), child, depth + 1)
        return result

    def skip(self, event: Event) -> None:
        """Consume the rest of a collection whose start event was already read."""
        level = 1 if isinstance(event, events.CollectionStartEvent) else 0
        while level:
            nxt = self.parser.get_event()
            if isinstance(nxt, events.CollectionStartEvent):
                level += 1
            elif isinstance(nxt, events.CollectionEndEvent):
                level -= 1

    def check_tag(self, event: Event) -> None:
        tag = getattr(event, "tag", None)
        if tag in (None, "!", _TAG + "str", _TAG + "map", _TAG + "seq"):
            return
        shown = "!!" + tag.removeprefix(_TAG) if tag.startswith(_TAG) else tag
        self.diags.error(
            self.loc(event),
            f"不支持 YAML 标签“{excerpt(shown)}”",
            "删除以“!”开头的标签；需要文字时请用引号",
        )

    def scalar(self, event: Event) -> Any:
        value: str = event.value
        if event.style == '"':
            for match in FORBIDDEN_CHARS.finditer(value):
                self.diags.error(
                    self.loc(event),
                    f"引号内的转义写出了不允许的字符 {describe_char(match.group())}",
                )
        if event.tag == _TAG + "str" or not event.implicit[0]:
            return value
        tag = _RESOLVER.resolve(ScalarNode, value, (True, False))
        try:
            return construct(tag, value)
        except ValueError:  # an integer of over 4,300 digits: Python will not convert it
            self.diags.error(
                self.loc(event),
                f"数字有 {len(value)} 位，太长，无法读取",
                "检查这个数字；要写文字请加引号",
            )
            return None


def construct(tag: str, value: str) -> Any:
    """A YAML 1.2 core-schema plain scalar -> Python; timestamps stay text."""
    if tag == _TAG + "null":
        return None
    if tag == _TAG + "bool":
        return value.lower() == "true"
    if tag == _TAG + "int":
        digits = value.replace("_", "")
        sign = -1 if digits.startswith("-") else 1
        digits = digits.lstrip("+-")
        bases = {"0o": 8, "0x": 16, "0b": 2}
        base = bases.get(digits[:2].lower(), 10)
        return sign * int(digits[2:] if base != 10 else digits, base)
    if tag == _TAG + "float":
        digits = value.replace("_", "").lower()
        if digits.endswith((".inf", ".nan")):
            return float(digits.replace(".", ""))
        return float(digits)
    return value
