"""What the importer reads into: paragraphs (Line), and the draft's issue, articles and cases."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

UNTITLED = "（原文缺少标题，请补写）"


@dataclass
class Line:
    """A paragraph of the source, cleaned, with the blank line that preceded it."""

    text: str
    after_blank: bool = False
    table: list[list[str]] | None = None
    image: str | None = None  # the name of an image read from the file (Source.images)
    display: bool = False  # set larger than the body text (a title in a PDF): never a continuation


@dataclass
class Source:
    """What a reader gives: the paragraphs in order, the images, notes for the editor."""

    lines: list[Line]
    images: dict[str, bytes] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


@dataclass
class Case:
    """A case of a case notice: its heading, its paragraphs, what was moved aside."""

    title: str
    body: list[str] = field(default_factory=list)
    confirm: list[str] = field(default_factory=list)
    region: str | None = None  # from a region label line above the case


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
    closing: list[str] = field(default_factory=list)  # 结语 of a case notice
    confirm: list[str] = field(default_factory=list)
    joined: int = 0
    sectioned: bool = False  # placed under a 栏目 heading of the source: the 栏目 decides the kind
    kind_reason: str | None = None
    raw: list[Line] = field(default_factory=list)  # the source lines, until ``body.build``


@dataclass
class Draft:
    """What the importer read: the issue's numbers and its articles."""

    name: str | None = None
    year: int | None = None
    number: int | None = None
    total: int | None = None
    total_guessed: bool = False
    kind: str = "regular"
    theme: str | None = None
    date: datetime.date | None = None
    source: str | None = None
    articles: list[Article] = field(default_factory=list)
    custom_sections: dict[str, str] = field(default_factory=dict)
    section_labels: dict[str, str] = field(default_factory=dict)  # as the source writes them
    confirm: list[str] = field(default_factory=list)
    listed: list[str] = field(default_factory=list)  # titles a contents list names
    dropped: list[str] = field(default_factory=list)  # web chrome and 报尾 lines, reported whole
    staff: dict[str, str] = field(default_factory=dict)
    column: str | None = None  # a page's breadcrumb ending in a known 栏目 (… > 经验交流)
    issue_shaped: bool = False  # a 报头, contents or 栏目 headings: several articles expected
