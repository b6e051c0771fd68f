"""The print styles' fonts: ybbulletin's fontconfig, what it resolves, what a PDF embeds.

Fonts resolve through ``ybbulletin/fonts/fonts.conf``: the office fonts
(方正小标宋简体, 仿宋_GB2312, 楷体_GB2312, 黑体, 宋体) win where installed, the free
Debian faces stand in otherwise; after rendering, the embedded fonts are read
back (render/pdf_finish.py) and every stand-in is reported. What each face covers
comes from fontconfig's charset, so no font file is parsed in the build's processes.
"""

from __future__ import annotations

import bisect
import functools
import os
import subprocess
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "FONT_ROLES",
    "Coverage",
    "coverage",
    "fc_environment",
    "missing_glyphs",
    "resolve_family",
    "substitutions",
    "unexpected_fonts",
    "use_fonts_conf",
]

FONTS_CONF = Path(__file__).resolve().parent.parent / "fonts" / "fonts.conf"


def use_fonts_conf() -> None:
    """Point fontconfig at ybbulletin's fonts.conf, unless the caller chose one.

    Pango reads ``FONTCONFIG_FILE`` once, when WeasyPrint first loads fonts, so this runs
    when the PDF stage starts (never at import) and before any worker process forks.
    """
    os.environ.setdefault("FONTCONFIG_FILE", str(FONTS_CONF))


def fc_environment() -> dict[str, str]:
    return {**os.environ, "FONTCONFIG_FILE": os.environ.get("FONTCONFIG_FILE", str(FONTS_CONF))}


#: What each style is called in an office (and in the CSS), in print order of importance.
FONT_ROLES: dict[str, str] = {
    "仿宋_GB2312": "正文",
    "方正小标宋简体": "报头和标题",
    "黑体": "一级标题",
    "楷体_GB2312": "二级标题、按语",
    "宋体": "页码",
}


@dataclass(frozen=True)
class ResolvedFont:
    """What fontconfig gives here for a family name."""

    family: str
    style: str
    file: str
    index: int

    @property
    def display(self) -> str:
        """Noto Serif CJK SC Black, FandolFang"""
        return self.family + ("" if self.style in ("Regular", "R", "") else f" {self.style}")


def fc_match(pattern: str, family: str) -> str:
    """What ``fc-match -f pattern family`` prints through ybbulletin's fontconfig."""
    return subprocess.run(
        ["fc-match", "-f", pattern, family],
        capture_output=True,
        text=True,
        check=True,
        timeout=20,
        env=fc_environment(),
    ).stdout


@functools.cache
def resolve_family(family: str) -> ResolvedFont:
    """fc-match through ybbulletin's fontconfig (the same configuration Pango uses)."""
    try:
        out = fc_match("%{family[0]}\n%{style[0]}\n%{file}\n%{index}", family).split("\n")
        return ResolvedFont(out[0], out[1], out[2], int(out[3] or 0))
    except (OSError, subprocess.SubprocessError, IndexError, ValueError):
        return ResolvedFont(family, "", "", 0)


def _embedded_family(name: str, families: Iterable[str]) -> str | None:
    """The family an embedded font name (Noto-Serif-CJK-SC-Heavy) belongs to, if known."""
    spaced = name.replace("-", " ")
    matches = [f for f in families if spaced == f or spaced.startswith(f + " ")]
    return max(matches, key=len) if matches else None


def substitutions(fonts: Iterable[str]) -> list[tuple[str, str]]:
    """(office family, stand-in) for every style whose stand-in the PDF embeds."""
    embedded = [
        _embedded_family(name, {resolve_family(f).family for f in FONT_ROLES}) for name in fonts
    ]
    found = []
    for family in FONT_ROLES:
        resolved = resolve_family(family)
        if resolved.family != family and resolved.family in embedded:
            found.append((family, resolved.display))
    return found


def unexpected_fonts(fonts: Iterable[str]) -> list[str]:
    """Embedded fonts that are none of the print styles' faces (a fallback took over)."""
    known = {resolve_family(f).family for f in FONT_ROLES}
    return [name for name in fonts if _embedded_family(name, known) is None]


class Coverage:
    """The code points a font maps, as sorted ranges (compact: ~1,000 ranges for a CJK face)."""

    def __init__(self, ranges: Iterable[tuple[int, int]]) -> None:
        pairs = sorted(ranges)
        self.starts = [start for start, _end in pairs]
        self.ends = [end for _start, end in pairs]

    def __contains__(self, code: object) -> bool:
        if not isinstance(code, int):
            return False
        at = bisect.bisect_right(self.starts, code) - 1
        return at >= 0 and code <= self.ends[at]

    @classmethod
    def parse(cls, charset: str) -> Coverage:
        """fontconfig's ``%{charset}``: hexadecimal code points and ranges, ``20-7e a0``."""
        ranges = []
        for part in charset.split():
            first, _, last = part.partition("-")
            ranges.append((int(first, 16), int(last or first, 16)))
        return cls(ranges)


@functools.cache
def coverage() -> list[Coverage]:
    """What each print style's face maps, from fontconfig's charset (read from its cache).

    fontconfig builds it from the font's Unicode cmap, as fontTools' ``getBestCmap`` reads
    it (the same sets for the five faces here, but for FandolFang's mapped C0 controls, which
    ``missing_glyphs`` skips anyway); it costs a few milliseconds a face, where parsing the
    cmaps grew the process by ~120 MB before the workers forked from it.
    """
    sets = []
    for family in FONT_ROLES:
        resolved = resolve_family(family)
        if not resolved.file:
            continue
        try:
            sets.append(Coverage.parse(fc_match("%{charset}", family)))
        except (OSError, subprocess.SubprocessError, ValueError):
            continue
    return sets


#: Characters known not to be missing: found in a face, or never checked (spaces, controls).
#: What a face covers is fixed for the process (``coverage`` is cached), so a worker looks
#: each character up once, not once per issue (~1,500 distinct characters an issue).
_NOT_MISSING: set[str] = set()


def missing_glyphs(text: str) -> Iterator[str]:
    """Characters of ``text`` that no font of the print styles has."""
    faces = coverage()
    for char in sorted(set(text) - _NOT_MISSING):
        if char.isspace() or unicodedata.category(char) in ("Cc", "Cf"):
            _NOT_MISSING.add(char)
            continue
        if any(ord(char) in face for face in faces):
            _NOT_MISSING.add(char)
            continue
        yield char
