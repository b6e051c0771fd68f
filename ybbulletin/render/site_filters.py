"""Jinja filters the site templates use for government-site conventions and the register."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

__all__ = ["SITE_FILTERS", "dash_amount", "police_code", "site_domain", "summary"]


def site_domain(base_url: str | None) -> str:
    """The host of ``base_url`` for <meta name="SiteDomain">; '' when not set."""
    return urlsplit(base_url).hostname or "" if base_url else ""


def police_code(text: str | None) -> str:
    """The record number inside 宁公网安备 64010602000123号, for the link to its record."""
    found = re.search(r"\d{10,}", text or "")
    return found.group(0) if found else ""


def dash_amount(value: Decimal | float | None) -> str:
    """An amount as the register shows it: 924.10; "—" where the notice gives none."""
    from ybbulletin.render.pages import format_amount

    return format_amount(value) if value is not None else "—"


def file_size(size: int) -> str:
    """A download's size as readers see it: 356 KB, 1.2 MB."""
    if size < 1000 * 1000:
        return f"{max(1, round(size / 1000))} KB"
    return f"{size / 1000 / 1000:.1f} MB"


def summary(article: Any) -> str:
    """The article's first paragraph as plain text, for <meta name="Description">."""
    from ybbulletin.render.feeds import plain_summary

    return plain_summary(article)


SITE_FILTERS: dict[str, Callable[..., Any]] = {
    "summary": summary,
    "file_size": file_size,
    "site_domain": site_domain,
    "police_code": police_code,
    "dash_amount": dash_amount,
}
