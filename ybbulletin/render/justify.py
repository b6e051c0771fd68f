"""Justify Chinese lines in WeasyPrint: spread a line's free width between its characters.

WeasyPrint stretches only spaces (``layout.inline.justify_line``), so Chinese lines stay
ragged. Here the free width goes into the per-glyph letter-spacing WeasyPrint already hands
to Pango and draws into the PDF's ``TJ`` arrays: no character is inserted, the text copies
out unchanged. Wide characters (Chinese, full-width punctuation, the ambiguous “ ” … —) and
spaces stretch, digit and Latin runs stay tight; no gap opens past ``GAP_MAX_EM`` (wider gaps
read as spaces in pypdf and pdftotext), so a very loose line stays short. The last glyph's
trailing letter-spacing is given back and every letter-spacing is one WeasyPrint draws
without rounding (``drawn_error``), so lines end within hundredths of a point of the edge.

It replaces two private WeasyPrint functions (``justify_line``, ``text_align``) only inside
``cjk_justification()``, which the PDF renderer puts around rendering; ``check_weasyprint()``
refuses a WeasyPrint that lacks what it relies on. Verified on ``VERIFIED_ON`` (pinned in
pyproject.toml). Details and figures: docs/print.md, docs/benchmarks.md.
"""

from __future__ import annotations

import functools
import inspect
import itertools
import math
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

__all__ = [
    "VERIFIED_ON",
    "WeasyPrintChanged",
    "char_spacing",
    "check_weasyprint",
    "cjk_justification",
    "drawn_error",
]

#: The WeasyPrint major versions this was verified on (pyproject.toml pins the same).
VERIFIED_ON = (70,)
#: No gap between two glyphs grows past this much of the font size: from 0.1 em on, pypdf
#: and pdftotext start reading spaces into the text (measured on the stress test's text).
GAP_MAX_EM = 0.096
#: A line WeasyPrint calls full may pass the edge by this much (CSS px) and is set flush.
OVERFULL_PX = 1.0
#: Pango units per CSS pixel.
TO_UNITS = 1024
_SPACES = " \u00a0"
_INVISIBLE = "\u200b\u2060\ufeff"  # zero-width spaces: graphemes with no glyph to see


class WeasyPrintChanged(RuntimeError):
    """The installed WeasyPrint no longer has what the justification relies on."""


def _invisible(char: str | None) -> bool:
    return char is not None and char in _INVISIBLE


def _stretches(char: str) -> bool:
    """Wide characters and spaces; ambiguous ones (“ ” … —) are wide in Chinese text."""
    return char in _SPACES or unicodedata.east_asian_width(char) in "WFA"


def _joins(char: str) -> bool:
    """Marks and joiners extend the grapheme before them: Pango puts no gap in front.

    A zero-width space is a grapheme of its own and gets gaps like any character.
    """
    return unicodedata.category(char) in ("Mn", "Me", "Mc") or char in "\u200c\u200d"


def char_spacing(
    chars: Sequence[str | None], extra: float, cap: float, limit: float = math.inf
) -> list[float] | None:
    """Extra letter-spacing for each character so that the line grows by ``extra``.

    ``chars`` lists the line's characters in visual order; ``None`` stands for a box that is
    not text (an image), with no gap on either side. ``cap`` is the most a gap between two wide
    characters may open; past it every gap gets the same share, but no more than ``limit``
    (the line then stays short). ``extra`` may be negative (an overfull line), down to the
    cap. Returns ``None`` when there is no gap to stretch.
    """
    weights: list[float] = []  # per gap: 1 between two stretching characters, 1/2 beside one
    for left, right in itertools.pairwise(chars):
        if left is None or right is None or _joins(right):
            continue
        weights.append((_stretches(left) + _stretches(right)) / 2)
    total = sum(weights)
    if total == 0:
        return None
    share, rest = max(extra / total, -cap), 0.0
    if share > cap:
        share, rest = 0.0, min(extra / len(weights), limit)
    spacing: list[float] = []
    for char in chars:
        if char is None:
            spacing.append(0.0)
        elif _joins(char) and spacing:
            spacing.append(spacing[-1])  # one grapheme, one letter-spacing
        else:
            spacing.append(share * _stretches(char) + rest)
    return spacing


def drawn_error(units: int, font_size: float) -> float:
    """What WeasyPrint's drawing adds to a glyph's advance, in thousandths of an em.

    Pango gives a glyph with letter-spacing ``units`` (1/1024 px) ``units / 2`` (C division)
    as x offset and the whole as extra width; WeasyPrint 70 (draw/text.py) computes
    ``offset = x_offset / font_size`` and ``kerning = logical + offset - width·1000/1024/size``
    and writes ``int(kerning)`` into the TJ array, so the fraction cut off moves every
    following glyph: up to 0.45 pt over a line of 28.
    """
    kerning = int(units / 2) / font_size - units * 1000 / TO_UNITS / font_size
    return kerning - int(kerning)


@functools.lru_cache(maxsize=4096)
def _exact_around(target: int, font_size: float) -> tuple[int, int]:
    """The nearest letter-spacings at or below and at or above ``target`` drawn exactly."""

    def exact(units: int) -> bool:
        # a whole pixel makes Pango round its halves another way: avoid it
        whole = units != 0 and units % TO_UNITS == 0
        return not whole and abs(drawn_error(units, font_size)) < 0.04

    below = next((u for u in range(target, target - 128, -1) if exact(u)), target)
    above = next((u for u in range(target, target + 128) if exact(u)), target)
    return below, above


def _quantize(text: str, ideal: Sequence[float], font_size: float) -> list[int]:
    """Letter-spacings (Pango units) drawn exactly, near ``ideal`` (px), keeping its sum.

    Characters wanting the same spacing take the exact value below or above it in the
    proportion that keeps their sum; marks keep the value of the character they extend.
    """
    chosen = [0] * len(ideal)
    groups: dict[float, list[int]] = {}
    for index, value in enumerate(ideal):
        groups.setdefault(round(value * TO_UNITS, 3), []).append(index)
    for target, indexes in groups.items():
        below, above = _exact_around(math.floor(target), font_size)
        upper = round(len(indexes) * (target - below) / (above - below)) if above > below else 0
        for n, index in enumerate(indexes):
            chosen[index] = above if n < upper else below
    for index in range(1, len(text)):
        if _joins(text[index]):
            chosen[index] = chosen[index - 1]
    return chosen


def _ranges(text: str, units: Sequence[int]) -> list[tuple[int, int, int]]:
    """(start byte, end byte, letter-spacing) over runs of equal letter-spacing."""
    ranges: list[tuple[int, int, int]] = []
    position = 0
    for char, value in zip(text, units, strict=True):
        size = len(char.encode())
        if ranges and ranges[-1][1] == position and ranges[-1][2] == value:
            ranges[-1] = (ranges[-1][0], position + size, value)
        else:
            ranges.append((position, position + size, value))
        position += size
    return ranges


def _layout_class() -> type:
    from weasyprint.text.ffi import ffi, pango
    from weasyprint.text.line_break import Layout

    class SpacedLayout(Layout):  # type: ignore[misc]
        """A WeasyPrint layout that sets each character's letter-spacing when drawn."""

        def __init__(self, style: Any, ranges: list[tuple[int, int, int]]) -> None:
            self.ranges = ranges
            super().__init__(style)

        def set_text(self, text: str, justify: bool = False) -> None:
            super().set_text(text, justify)
            if not justify or self.text != text:
                return  # measuring, or WeasyPrint changed the text (ellipsis): keep its own
            attributes = pango.pango_layout_get_attributes(self.layout)
            if attributes == ffi.NULL:
                attributes = ffi.gc(pango.pango_attr_list_new(), pango.pango_attr_list_unref)
            for start, end, units in self.ranges:
                attribute = pango.pango_attr_letter_spacing_new(units)
                attribute.start_index, attribute.end_index = start, end
                pango.pango_attr_list_change(attributes, attribute)
            pango.pango_layout_set_attributes(self.layout, attributes)

    return SpacedLayout


@dataclass
class _Run:
    """A text box of the line and the slice of the line's characters it holds."""

    box: Any
    start: int
    end: int


def _flatten(box: Any, boxes: Any, runs: list[_Run], chars: list[str | None]) -> None:
    if isinstance(box, boxes.TextBox):
        runs.append(_Run(box, len(chars), len(chars) + len(box.text)))
        chars.extend(box.text)
    elif isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        children = box.children[::-1] if box.style["direction"] == "rtl" else box.children
        for child in children:
            if child.is_in_normal_flow():
                _flatten(child, boxes, runs, chars)
    else:
        chars.append(None)


def _letter_spacing(style: Any) -> float:
    value = style["letter_spacing"]
    return 0.0 if value == "normal" else float(value)


def _invisible_spacing(chars: Sequence[str | None], units: list[int]) -> None:
    """Letter-spacing of zero-width characters (break opportunities) that adds no gap.

    Between two characters they take none, so the two gaps around them make one ordinary
    gap; at the start or end of the line or beside an image they cancel the gap to their
    neighbour, so the first and last glyphs sit at the edges.
    """
    i = 0
    while i < len(chars):
        if not _invisible(chars[i]):
            i += 1
            continue
        j = i
        while j < len(chars) and _invisible(chars[j]):
            j += 1
        left = i > 0 and chars[i - 1] is not None
        right = j < len(chars) and chars[j] is not None
        for k in range(i, j):
            units[k] = 0
        if left and not right:
            for k in range(i, j):
                units[k] = -units[k - 1]
        elif right and not left:
            for k in range(j - 1, i - 1, -1):
                units[k] = -units[k + 1]
        i = j


def _growth(chars: Sequence[str | None], letter: Sequence[float], bases: Sequence[float]) -> float:
    """How much wider Pango sets the line with ``letter`` than with the CSS letter-spacing."""
    return sum(
        (letter[i - 1] + letter[i]) / 2 - bases[i - 1]
        for i in range(1, len(chars))
        if chars[i - 1] is not None and chars[i] is not None and not _joins(chars[i] or "")
    )


def _spread(line: Any, extra: float, layout_class: type, boxes: Any) -> bool:
    """Justify ``line`` between its characters; False if it has no wide character."""
    runs: list[_Run] = []
    chars: list[str | None] = []
    _flatten(line, boxes, runs, chars)
    if not runs or not any(c is not None and c not in _SPACES and _stretches(c) for c in chars):
        return False
    bases = [0.0] * len(chars)  # each character's own (CSS) letter-spacing, px
    for run in runs:
        bases[run.start : run.end] = [_letter_spacing(run.box.style)] * (run.end - run.start)
    visible = [i for i, c in enumerate(chars) if not _invisible(c)]

    def letters(spacing: Sequence[float], quantize: bool) -> list[int]:
        ideal = [0.0] * len(chars)
        for index, value in zip(visible, spacing, strict=True):
            ideal[index] = bases[index] + value
        units = [round(value * TO_UNITS) for value in ideal]
        for run in runs if quantize else ():
            text, size = run.box.text, run.box.style["font_size"]
            units[run.start : run.end] = _quantize(text, ideal[run.start : run.end], size)
        _invisible_spacing(chars, units)
        return units

    # What the zero-width characters alone change; the rest is spread over the visible gaps.
    fixed = _growth(chars, [u / TO_UNITS for u in letters([0.0] * len(visible), False)], bases)
    # The last glyph's trailing letter-spacing is given back: its advance ends at the edge.
    trailing = bases[visible[-1]] if chars[visible[-1]] is not None else 0.0
    size, base = line.style["font_size"], _letter_spacing(line.style)
    cap = GAP_MAX_EM * size - base
    spacing = char_spacing([chars[i] for i in visible], extra + trailing - fixed, cap, cap)
    if spacing is None:
        return False
    units = letters(spacing, True)
    letter = [u / TO_UNITS for u in units]
    moves: dict[int, tuple[float, float]] = {}  # id(text box) -> (moved by, grows by)
    moved = 0.0
    for run in runs:
        layout = layout_class(run.box.style, _ranges(run.box.text, units[run.start : run.end]))
        layout.set_text(run.box.text)
        layout.deactivate()
        run.box.pango_layout = layout
        grows = _growth(chars[run.start : run.end], letter[run.start : run.end], bases[run.start :])
        moves[id(run.box)] = (moved, grows)
        moved += grows
        after = run.end
        following = chars[after] if after < len(chars) else None
        if run.start < after and following is not None and not _joins(following):
            moved += (letter[after - 1] + letter[after]) / 2 - bases[after - 1]
    _move(line, boxes, moves, 0.0)
    return True


def _move(box: Any, boxes: Any, moves: dict[int, tuple[float, float]], moved: float) -> float:
    """Shift and grow the boxes as WeasyPrint's add_word_spacing does; returns the shift."""
    if isinstance(box, boxes.TextBox):
        moved, grows = moves[id(box)]
        box.position_x += moved
        box.width += grows
        return moved + grows
    if isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        box.position_x += moved
        before = moved
        children = box.children[::-1] if box.style["direction"] == "rtl" else box.children
        for child in children:
            if child.is_in_normal_flow():
                moved = _move(child, boxes, moves, moved)
        box.width += moved - before
        return moved
    box.translate(moved, 0)
    return moved


def _justified(line: Any) -> bool:
    style = line.style
    return bool(
        style["text_align_all"] == "justify"
        and style["white_space"] in ("normal", "nowrap", "pre-line")
    )


def check_weasyprint() -> None:
    """Raise ``WeasyPrintChanged`` if WeasyPrint lacks what the justification relies on."""
    import weasyprint
    from weasyprint.formatting_structure import boxes
    from weasyprint.layout import inline
    from weasyprint.text import line_break

    problems = []
    if int(weasyprint.__version__.split(".")[0]) not in VERIFIED_ON:
        problems.append(f"version {weasyprint.__version__}, verified on {VERIFIED_ON}")
    signatures: list[tuple[Any, str, list[str]]] = [
        (inline, "justify_line", ["context", "line", "extra_width"]),
        (inline, "text_align", ["context", "line", "available_width", "last"]),
        (line_break.Layout, "__init__", ["self", "style", "justification_spacing", "max_width"]),
        (line_break.Layout, "set_text", ["self", "text", "justify"]),
        (line_break.Layout, "reactivate", ["self", "style"]),
        (line_break.Layout, "deactivate", ["self"]),
    ]
    for owner, name, parameters in signatures:
        function = getattr(owner, name, None)
        if function is None or list(inspect.signature(function).parameters) != parameters:
            problems.append(f"{owner.__name__}.{name}({', '.join(parameters)})")
    calls = [
        (getattr(inline, "text_align", None), "justify_line"),
        (getattr(inline, "get_next_linebox", None), "text_align"),
        (getattr(line_break.Layout, "reactivate", None), "set_text"),
    ]
    for caller, callee in calls:
        if caller is None or callee not in caller.__code__.co_names:
            problems.append(f"{getattr(caller, '__name__', '?')} no longer calls {callee}")
    problems += [f"boxes.{n}" for n in ("TextBox", "LineBox", "InlineBox") if not hasattr(boxes, n)]
    if problems:
        raise WeasyPrintChanged(
            "WeasyPrint changed what ybbulletin's Chinese justification relies on ("
            + "; ".join(problems)
            + "): verify ybbulletin/render/justify.py against this version and its pin."
        )


@contextmanager
def cjk_justification() -> Iterator[None]:
    """Inside this block WeasyPrint justifies Chinese lines between their characters.

    Swaps ``justify_line`` and ``text_align`` of ``weasyprint.layout.inline`` for the block
    and puts the originals back after it, errors included. Layout must run inside the block;
    drawing may run after it (the spacing lives in the boxes' layouts). ybbulletin renders in
    processes; threads rendering with and without it at once would see each other's choice.
    """
    check_weasyprint()
    from weasyprint.formatting_structure import boxes
    from weasyprint.layout import inline

    original_justify, original_align = inline.justify_line, inline.text_align
    layout_class = _layout_class()

    def justify_line(context: Any, line: Any, extra_width: float) -> None:
        if not _spread(line, extra_width, layout_class, boxes):
            original_justify(context, line, extra_width)

    def text_align(context: Any, line: Any, available_width: float, last: bool) -> float:
        # WeasyPrint leaves a line it found exactly full alone; it still has to end flush
        over = line.width - available_width
        if not last and 0 <= over <= OVERFULL_PX and _justified(line):
            _spread(line, -over, layout_class, boxes)
            return 0.0
        return float(original_align(context, line, available_width, last))

    inline.justify_line, inline.text_align = justify_line, text_align
    try:
        yield
    finally:
        inline.justify_line, inline.text_align = original_justify, original_align
