"""Bad inputs beside their exact expected messages: one case per file or folder.

A case is ``tests/cases/<name>.yaml`` (placed as ``content/issues/2025/01.yaml``
of a project using ``cases/_project/ybbulletin.yaml``) or a folder
``tests/cases/<name>/`` laid over that project. ``<name>.expected`` holds the
command line, the exit code and the exact diagnostics::

    $ ybbulletin check --strict
    exit 1
    content/issues/2025/01.yaml:3:7: 错误: ...

Regenerate after an intended change of wording with
``YB_REGENERATE=1 .venv/bin/python -m pytest tests/test_cases.py``: it rewrites the files that
differ and fails ("regenerated N files, review the diff"); read the diff, then run again.
"""

from __future__ import annotations

import shlex
import shutil
from pathlib import Path

import pytest

from tests.goldens import check_golden
from ybbulletin.cli import main

CASES = Path(__file__).parent / "cases"
BASE = CASES / "_project"


def case_names() -> list[str]:
    names = {p.name.removesuffix(".yaml") for p in CASES.glob("*.yaml")}
    names |= {p.name for p in CASES.iterdir() if p.is_dir() and not p.name.startswith("_")}
    return sorted(names)


def make_project(name: str, tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(BASE, root)
    single = CASES / f"{name}.yaml"
    if single.exists():
        target = root / "content/issues/2025/01.yaml"
        target.parent.mkdir(parents=True)
        shutil.copyfile(single, target)
    else:
        shutil.copytree(CASES / name, root, dirs_exist_ok=True)
    return root


@pytest.mark.parametrize("name", case_names())
def test_case(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    expected_file = CASES / f"{name}.expected"
    header = (
        expected_file.read_text(encoding="utf-8").split("\n", 2) if expected_file.exists() else []
    )
    command = shlex.split(header[0].removeprefix("$ ")) if header else ["ybbulletin", "check"]
    root = make_project(name, tmp_path)
    monkeypatch.chdir(root)  # file arguments (ybbulletin import bad.docx) are the case's own
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    code = main(["--project", str(root), *command[1:]])
    if command[1:2] == ["import"] and code != 0:  # a failed import writes nothing
        assert sorted(p.relative_to(root) for p in root.rglob("*")) == before
    output = capsys.readouterr().err
    actual = f"$ {shlex.join(command)}\nexit {code}\n{output}"
    check_golden(expected_file, actual)
