"""What the importer reads into: paragraphs (Line), and the draft's issue, articles and cases."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field


@dataclass
class Line:
    """A paragraph of the source, cleaned, with the blank line that preceded it."""

    text: str
    after_blank: bool = False
    table: list[list[str]] | None = None
    image: str | None = None


@dataclass
class Case:
    title: str
    body: list[str] = field(default_factory=list)


@dataclass
class Article:
    """One entry of the draft, with the guesses to confirm."""

    title: str
    section: str
    kind: str
    subtitle: str | None = None
    source: str | None = None
    note: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)
    reporters: list[str] = field(default_factory=list)
    correspondents: list[str] = field(default_factory=list)
    photographers: list[str] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)
    confirm: list[str] = field(default_factory=list)
    joined: int = 0


@dataclass
class Draft:
    """What the importer read: the issue's numbers and its articles."""

    name: str | None = None
    year: int | None = None
    number: int | None = None
    total: int | None = None
    kind: str = "regular"
    theme: str | None = None
    date: datetime.date | None = None
    source: str | None = None
    articles: list[Article] = field(default_factory=list)
    custom_sections: dict[str, str] = field(default_factory=dict)
    confirm: list[str] = field(default_factory=list)
    listed: list[str] = field(default_factory=list)  # titles a contents list names
