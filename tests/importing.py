"""Helpers the import tests share: a bare content project and an import that must succeed."""

from __future__ import annotations

from pathlib import Path

from ybbulletin.cli import main
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
