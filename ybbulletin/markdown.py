"""The one markdown-it configuration every output shares, and the checks on bodies.

Bodies are CommonMark plus tables, raw HTML off, links limited to http, https,
mailto, in-page and relative targets. A soft line break between two
East-Asian wide characters is dropped (Chinese does not put a space where the
source wrapped a line). Parsing happens once per body; renderers walk tokens.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import OptionsDict

from ybbulletin.body_limits import check_blocks, check_length
from ybbulletin.errors import Diagnostics, Location, excerpt
from ybbulletin.oserrors import LOOP, real, reason

__all__ = ["BodyParser", "ImageRules", "check_body", "is_allowed_url", "parse", "parser_options"]

_ALLOWED_SCHEMES = ("http:", "https:", "mailto:")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif")
MAX_IMAGE_PIXELS = 40_000_000


def is_wide(char: str) -> bool:
    """True for characters that take two columns: hanzi, full-width punctuation, kana."""
    return unicodedata.east_asian_width(char) in ("W", "F")


def _drop_cjk_softbreaks(state: StateCore) -> None:
    """Core rule: a soft break between two wide characters becomes nothing."""
    for block in state.tokens:
        children = block.children
        if block.type != "inline" or not children:
            continue
        for i in range(1, len(children) - 1):
            token = children[i]
            before, after = children[i - 1].content, children[i + 1].content
            if (
                token.type == "softbreak"
                and before
                and after
                and is_wide(before[-1])
                and is_wide(after[0])
            ):
                token.type = "text"
                token.content = ""


def is_allowed_url(url: str) -> bool:
    """http, https, mailto, in-page (#x) and relative URLs only."""
    match = _SCHEME.match(url.strip())
    if match is None:
        return not url.strip().startswith("//")  # scheme-relative goes off-site
    return match.group(0).lower() in _ALLOWED_SCHEMES


def _make_parser(validate: Callable[[str], bool]) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")
    md.validateLink = validate  # type: ignore[method-assign,assignment]
    md.core.ruler.after("inline", "cjk_softbreak", _drop_cjk_softbreaks)
    return md


class BodyParser:
    """The bodies' parser, noting the link targets it refuses; one per loading of a project.

    markdown-it asks ``validateLink`` without any context, so the refused targets are
    collected on the instance (not in a module global) and handed back by :meth:`parse`.
    """

    def __init__(self) -> None:
        self._refused: list[str] = []
        self._md = _make_parser(self._validate)

    def _validate(self, url: str) -> bool:
        if is_allowed_url(url):
            return True
        self._refused.append(url)
        return False

    def parse(self, text: str) -> tuple[list[Token], list[str]]:
        """Block tokens (inline tokens hold children) and the link targets refused."""
        self._refused = []
        tokens = self._md.parse(text)
        refused, self._refused = self._refused, []
        return tokens, refused


# Configuration only (its link check keeps no record): what renderers need to know.
_OPTIONS = _make_parser(is_allowed_url).options


def parser_options() -> OptionsDict:
    """The options the bodies' parser is configured with (renderers need them)."""
    return _OPTIONS


def parse(text: str) -> list[Token]:
    """Parse one Markdown body into block tokens (inline tokens hold children)."""
    return BodyParser().parse(text)[0]


@dataclass(frozen=True)
class ImageRules:
    """Where images may come from: relative to ``base``, inside ``root`` once resolved."""

    base: Path
    root: Path
    display_root: Path


Locate = Callable[[int, int], Location]


def check_body(
    text: str,
    locate: Locate,
    diags: Diagnostics,
    images: ImageRules | None,
    parser: BodyParser | None = None,
) -> list[Token]:
    """Parse a body once, report what would be lost or unsafe, return its tokens.

    A body over a size cap gives no tokens: the build stops on its error anyway, and
    校对 and the 公众号 checks would take minutes on it.
    """
    if not check_length(text, locate, diags):
        return []
    tokens, refused = (parser or BodyParser()).parse(text)
    fits = check_blocks(tokens, locate, diags)
    lines = text.split("\n")
    _check_lost_text(tokens, lines, locate, diags)
    for url in dict.fromkeys(refused):
        line, column = _find(lines, url, 0)
        diags.error(
            locate(line, column),
            f"不允许的链接地址“{excerpt(url)}”",
            "链接只能以 http://、https://、mailto: 开头，或是相对地址",
        )
    for block in tokens:
        if block.type != "inline" or not block.children:
            continue
        first_line = block.map[0] if block.map else 0
        for child in block.children:
            if child.type == "image" and images is not None:
                src = str(child.attrGet("src") or "")
                line, column = _find(lines, src, first_line)
                check_image(src, locate(line, column), diags, images)
    return tokens if fits else []


_TEXT_TOKENS = ("inline", "fence", "code_block", "hr")
# Lines that carry no text of their own: setext underlines, table separators, bare markers.
_STRUCTURAL = re.compile(r"^(?:[=\-\s]+|[|:\-\s]+|[>*+\-\s]+)$")
# A link reference definition ([1]: https://…, its title maybe on the next line) makes no
# token of its own: its line is used, not lost.
_DEFINITION = re.compile(r"^ {0,3}(?:>\s*)*\[(?:[^\]\\]|\\.)+\]:")
_DEFINITION_TITLE = re.compile(r"^\s*(?:\"[^\"]*\"|'[^']*'|\([^)]*\))\s*$")


def _check_lost_text(
    tokens: list[Token], lines: list[str], locate: Locate, diags: Diagnostics
) -> None:
    """markdown-it drops text past its nesting limit without a word: find the first such line."""
    covered: set[int] = set()
    for token in tokens:
        if token.map and token.type in _TEXT_TOKENS:
            covered.update(range(*token.map))
    definition = False
    for index, line in enumerate(lines):
        if index in covered or not line.strip() or _STRUCTURAL.match(line):
            definition = False
            continue
        if _DEFINITION.match(line) or (definition and _DEFINITION_TITLE.match(line)):
            definition = True
            continue
        diags.error(
            locate(index, 0),
            "从这一行起的内容嵌套层次太深，无法排版，会整段丢失",
            "减少引用（>）或列表的嵌套层数",
        )
        return


def _find(lines: list[str], needle: str, start: int) -> tuple[int, int]:
    for index in range(start, len(lines)):
        column = lines[index].find(needle)
        if column >= 0:
            return index, column
    return start, 0


def _visible(text: str) -> str:
    """A file name as a message shows it: control characters (%00, %1B …) in their %XX
    form, so that none reaches the terminal."""
    return _CONTROL.sub(lambda found: f"%{ord(found.group()):02X}", text)


def check_image(src: str, where: Location, diags: Diagnostics, rules: ImageRules) -> None:
    """An image must be a relative path to a PNG, JPEG or GIF inside the content folder."""
    from urllib.parse import unquote

    written = unquote(src)  # as written (markdown-it percent-encodes)
    name = excerpt(_visible(written))
    if _SCHEME.match(src) or src.startswith(("/", "\\")):
        diags.error(
            where,
            f"图片“{name}”必须是内容目录中的文件",
            "把图片放到本年度的 images 目录，写成 images/图片名.jpg",
        )
        return
    if "\0" in written:  # %00: no file system takes it (pathlib raises ValueError)
        diags.error(where, f"图片“{name}”的地址含有空字符（%00），未读取", "删去 %00")
        return
    target = real(rules.base / written)
    if target is None:
        diags.error(where, f"图片“{name}”的{LOOP[0]}", LOOP[1])
        return
    if not target.is_relative_to(rules.root):
        diags.error(where, f"图片“{name}”在内容目录之外", "图片必须放在 content 目录中")
        return
    shown = _visible(target.relative_to(rules.display_root).as_posix())
    if target.suffix.lower() not in IMAGE_SUFFIXES:
        diags.error(
            where,
            f"不支持的图片格式“{excerpt(target.suffix) or name}”",
            "请使用 PNG、JPEG 或 GIF（SVG 请先转成 PNG）",
        )
        return
    try:
        found = target.is_file()
        exists = found or target.exists()
    except OSError as error:  # a name too long for the file system, a folder not readable
        diags.error(where, f"图片“{name}”无法读取：{reason(error)}", "改短文件名，检查权限")
        return
    if not found:
        if exists:  # a folder, a pipe or a device: opening it would fail or block
            diags.error(
                where,
                f"图片 {shown} 不是普通文件（文件夹、管道或设备），未读取",
                "换成用图片软件保存的 PNG、JPEG 或 GIF 文件",
            )
        else:
            diags.error(
                where, f"找不到图片 {shown}", "检查文件名和大小写；路径相对于本期文件所在目录"
            )
        return
    _check_image_file(target, shown, where, diags)


def _check_image_file(target: Path, shown: str, where: Location, diags: Diagnostics) -> None:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(target) as image:
            width, height = image.size
            kind = image.format
            image.verify()
    except Image.DecompressionBombError:  # so many pixels that Pillow refuses to open it
        diags.error(
            where,
            f"图片 {shown} 太大（像素数超过 Pillow 的安全上限）",
            f"请缩小到 {MAX_IMAGE_PIXELS // 1_000_000} 百万像素以内",
        )
        return
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        diags.error(where, f"图片 {shown} 已损坏或不是图片文件", "重新导出或另存为 PNG/JPEG")
        return
    if kind not in ("PNG", "JPEG", "GIF"):
        diags.error(where, f"图片 {shown} 的实际格式是 {kind}，不是 PNG、JPEG 或 GIF")
    elif width * height > MAX_IMAGE_PIXELS:
        diags.error(
            where,
            f"图片 {shown} 太大（{width}×{height} 像素）",
            f"请缩小到 {MAX_IMAGE_PIXELS // 1_000_000} 百万像素以内",
        )
