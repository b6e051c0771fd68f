"""Bar charts drawn at build time as inline SVG: no chart library in the page.

Each chart is an image with a text alternative (``role="img"`` and a title); the
page puts the same numbers in a data table beside it for screen readers and print.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from html import escape

__all__ = ["bar_chart"]

WIDTH = 480  # narrow: on a phone the chart is drawn at about 0.7 of this, text stays legible
BAR = 22
GAP = 10
LABEL = 150  # width kept for the labels on the left (8 characters)
VALUE = 140  # width kept for the numbers on the right: 1234.56（12起）
FILL = "#b00000"


def _text(value: str) -> str:
    # as xml.sax.saxutils.escape with '"' (whose import pulls urllib.request, http, ssl)
    return escape(value, quote=False).replace('"', "&quot;")


def bar_chart(
    chart_id: str,
    title: str,
    items: Sequence[tuple[str, Decimal | int]],
    value_text: Sequence[str],
) -> str:
    """A horizontal bar chart: one bar per (label, value), ``value_text`` printed at its end.

    ``chart_id`` must be unique on the page (it names the title element).
    """
    largest = max((Decimal(v) for _, v in items), default=Decimal(0))
    height = max(1, len(items)) * (BAR + GAP) + GAP
    span = WIDTH - LABEL - VALUE
    parts = [
        f'<svg class="chart-svg" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'role="img" aria-labelledby="{chart_id}-title" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{_text(title)}</title>',
    ]
    for i, ((label, value), shown) in enumerate(zip(items, value_text, strict=True)):
        y = GAP + i * (BAR + GAP)
        length = 0 if not largest else float(Decimal(value) / largest) * span
        middle = y + BAR / 2
        parts.append(
            f'<text x="{LABEL - 8}" y="{middle:.0f}" text-anchor="end" '
            f'dominant-baseline="central">{_text(_short(label))}</text>'
        )
        parts.append(
            f'<rect x="{LABEL}" y="{y}" width="{max(length, 1):.1f}" height="{BAR}" fill="{FILL}"/>'
        )
        parts.append(
            f'<text x="{LABEL + max(length, 1) + 6:.1f}" y="{middle:.0f}" '
            f'dominant-baseline="central">{_text(shown)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _short(label: str, limit: int = 8) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"
