"""Helpers the import tests share: a bare content project and an import that must succeed."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

from ybbulletin.cli import main
from ybbulletin.importer import parse, read_text
from ybbulletin.importer.amounts import read_amounts, rounded
from ybbulletin.importer.draft import Draft
from ybbulletin.importer.write import render_yaml
from ybbulletin.project import load_archive

SETTINGS = "name: 宁夏医保信息\npublisher: 宁夏回族自治区医疗保障局\nshort_name: nxyb\n"
SEEDS = Path(__file__).parent / "fixtures" / "seeds"


def make_project(tmp_path: Path, settings: str = SETTINGS) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    (root / "ybbulletin.yaml").write_text(settings, encoding="utf-8")
    return root


def import_ok(project: Path, source: Path, *extra: str) -> list[object]:
    """Import ``source``; the draft must pass check. Returns the issue and its entries."""
    assert main(["--project", str(project), "import", str(source), *extra]) == 0
    [issue] = load_archive(project).issues
    return [issue, *issue.issue.entries]


def parsed(text: str) -> Draft:
    """The importer's draft of ``text`` (as a .txt file), numbered 2025年第1期 of 2025-01-01."""
    draft = parse(read_text(text.encode("utf-8")))
    draft.year, draft.number, draft.date = 2025, 1, datetime.date(2025, 1, 1)
    return draft


def drafted(text: str) -> tuple[Draft, str]:
    """:func:`parsed`, and the YAML file the import would write of it."""
    draft = parsed(text)
    return draft, render_yaml(draft, source_name="x.txt")


def total(text: str, kind: str) -> Decimal | None:
    """The sum of the amounts of one kind (involved, recovered …) the importer reads in ``text``."""
    values = [v for v, _ in read_amounts(text).found.get(kind, [])]
    return rounded(sum(values, Decimal(0))) if values else None
