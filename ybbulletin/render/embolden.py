"""Synthetic bold that prints: stroke the glyphs of fonts that have no bold face.

FandolFang (the free 仿宋) has no bold face. fontconfig then asks for emboldening, which
cairo and FreeType honour on screen, but WeasyPrint embeds the regular outlines under a
"-Bold" name, so ``**加粗**`` prints regular. Word and LibreOffice print such a bold by
filling *and* stroking the glyphs (text render mode 2) with a thin line in the text's own
colour; this module does the same to the PDF's content streams, for the fonts named, after
WeasyPrint has written them. Text, positions and extraction are unchanged.
"""

from __future__ import annotations

import functools
import subprocess
from collections.abc import Iterable, Sequence
from typing import Any

from ybbulletin.render.pdf_fonts import fc_match

__all__ = ["STROKE_EM", "bold_fonts", "embolden_page", "synthetic_bold_names"]

#: Stroke width as a fraction of the font size: 1/40 em thickens each stem by that much, which
#: puts about as much more ink on the page (×1.8 for the thin FandolFang at 150 dpi) as the
#: real bold faces of the other styles look (tests/e2e/test_print_bold.py measures it).
STROKE_EM = 1 / 40

_FILL_TO_STROKE = {"rg": "RG", "g": "G", "k": "K", "cs": "CS", "sc": "SC", "scn": "SCN"}
_STROKE = set(_FILL_TO_STROKE.values())
#: The operators the rewrite acts on (besides ``ET``); all others are copied as they are.
_WATCHED = {"q", "Q", "w", "Tf", *_FILL_TO_STROKE, *_STROKE}


@functools.cache
def _emboldened(family: str) -> tuple[str, bool]:
    """(the family fontconfig gives for ``family`` in bold, whether it only emboldens)."""
    try:
        out = fc_match("%{family[0]}\n%{embolden}", f"{family}:bold").split("\n")
    except (OSError, subprocess.SubprocessError):
        return family, False
    return out[0], len(out) > 1 and out[1].strip() == "True"


def synthetic_bold_names(families: Iterable[str]) -> frozenset[str]:
    """The PDF font names (``FandolFang-Bold``) WeasyPrint gives a bold it cannot embed.

    Asked through ybbulletin's fontconfig, the one the PDF is rendered with.
    """
    names = set()
    for family in families:
        resolved, synthetic = _emboldened(family)
        if synthetic:
            names.add(resolved.replace(" ", "-") + "-Bold")
    return frozenset(names)


def _fonts(resources: Any, names: frozenset[str]) -> set[str]:
    """Resource names (``/CYDPPH``) of the fonts to stroke."""
    found = set()
    fonts = resources.get("/Font") if resources is not None else None
    for key, font in (fonts or {}).items():
        base = str(font.get("/BaseFont", "")).lstrip("/").split("+", 1)[-1]
        if base in names:
            found.add(str(key))
    return found


def _rewrite(
    instructions: Sequence[Any], names: Sequence[str], bold: set[str], pikepdf: Any
) -> list[Any]:
    """The same instructions with stroking switched on around text set in ``bold`` fonts."""
    op = pikepdf.Operator
    out: list[Any] = []
    fill: list[Any] = [([0], "g")]  # the colour operators in force (fill, as set)
    stroke: list[Any] = [([0], "G")]
    width: list[Any] = [[1]]
    saved: list[tuple[list[Any], list[Any], list[Any]]] = []
    on = False
    size = 0.0

    def start() -> None:
        for operands, name in fill:
            out.append(pikepdf.ContentStreamInstruction(operands, op(_FILL_TO_STROKE[name])))
        out.append(pikepdf.ContentStreamInstruction([size * STROKE_EM], op("w")))
        out.append(pikepdf.ContentStreamInstruction([2], op("Tr")))

    def stop() -> None:
        out.append(pikepdf.ContentStreamInstruction([0], op("Tr")))
        out.append(pikepdf.ContentStreamInstruction(width[0], op("w")))
        for operands, name in stroke:
            out.append(pikepdf.ContentStreamInstruction(operands, op(name)))

    for instruction, name in zip(instructions, names, strict=True):
        if name == "ET" and on:
            out.append(instruction)
            stop()
            on = False
            continue
        out.append(instruction)
        if name not in _WATCHED:
            continue
        if name == "q":
            saved.append((list(fill), list(stroke), list(width)))
        elif name == "Q":
            if saved:
                fill, stroke, width = (list(part) for part in saved.pop())
        elif name in _FILL_TO_STROKE:
            operands = list(instruction.operands)
            fill = [*fill, (operands, name)] if name in ("sc", "scn") else [(operands, name)]
            if on:
                out.append(pikepdf.ContentStreamInstruction(operands, op(_FILL_TO_STROKE[name])))
        elif name in _STROKE:
            operands = list(instruction.operands)
            stroke = [*stroke, (operands, name)] if name in ("SC", "SCN") else [(operands, name)]
        elif name == "w":
            width = [list(instruction.operands)]
        elif name == "Tf":
            operands = list(instruction.operands)
            font, size = str(operands[0]), float(operands[1])
            if font in bold and not on:
                start()
                on = True
            elif font not in bold and on:
                stop()
                on = False
    return out


def bold_fonts(resources: Any, names: frozenset[str]) -> set[str]:
    """Resource names (``/CYDPPH``) of the page's fonts to stroke (``names`` are base names)."""
    return _fonts(resources, names) if names else set()


def embolden_page(
    instructions: Sequence[Any], names: Sequence[str], bold: set[str]
) -> list[Any] | None:
    """A page's instructions with its ``bold`` fonts stroked; None if it sets none of them.

    ``names`` are the instructions' operators (``str(instruction.operator)``).
    """
    import pikepdf

    if not bold or not any(
        name == "Tf" and str(instructions[i].operands[0]) in bold for i, name in enumerate(names)
    ):
        return None
    return _rewrite(instructions, names, bold, pikepdf)
