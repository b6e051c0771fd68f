"""The pipeline's direction, checked over every module's imports (lazy and typing-only included).

Each group of modules may import only the groups listed for it (and itself). The
plan and the renderers are independent: both take the views, neither imports the
other, so a renderer sees the plan only through ``ybbulletin.views``. A module not
listed counts as a command: it may import anything, and nothing listed may import it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "ybbulletin"

#: group -> its modules (relative to the package; "render" covers render/*).
GROUPS: dict[str, set[str]] = {
    "types": {
        "",
        "atomic",
        "appendable",
        "heap",  # free memory given back before the big buffers
        "errors",
        "characters",
        "located",
        "model",
        "numbering",
        "markdown",
        "body_limits",  # the size caps markdown checks bodies against
        "interrupt",  # signals: for every stage
        "pools",  # worker pools started and ended whole
        "collector",  # where the garbage collector is paused
        "oserrors",  # file system refusals in words; a path's links resolved (loops said)
        "yaml_syntax",  # YAML syntax errors in words (located's)
    },
    "load": {
        "validate",
        "explain",
        "proofread",
        "loaded",
        "project",
        "signoff",
        "stage_pool",
    },  # stages 1-5
    "views": {"views"},  # what the plan hands to the outputs
    "plan": {"plan", "site"},  # stage 6
    "render": {"render"},  # stage 7
    "write": {"cache", "archive_cache", "build", "stamp"},  # stage 8, the driver of 6-8
}
#: group -> the groups it may import.
ALLOWED: dict[str, set[str]] = {
    "types": set(),
    "load": {"types"},
    "views": {"types"},
    "plan": {"types", "load", "views"},
    "render": {"types", "views"},
    "write": {"types", "load", "views", "plan", "render"},
}
COMMAND = "command"


def _name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _group(module: str) -> str:
    top = module.split(".")[0]
    for group, names in GROUPS.items():
        if module in names or top in names:
            return group
    return COMMAND


def _is_module(name: str) -> bool:
    path = PACKAGE.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, module relative to the package) of every ybbulletin import in a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "ybbulletin":  # from ybbulletin import model, __version__
                for alias in node.names:
                    found.append((node.lineno, alias.name if _is_module(alias.name) else ""))
            elif node.module.startswith("ybbulletin."):
                found.append((node.lineno, node.module.removeprefix("ybbulletin.")))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "ybbulletin" or alias.name.startswith("ybbulletin."):
                    found.append((node.lineno, alias.name.removeprefix("ybbulletin").lstrip(".")))
    return found


def _violations(module: str, imports: list[tuple[int, str]]) -> list[str]:
    group = _group(module)
    if group == COMMAND:
        return []
    allowed = ALLOWED[group] | {group}
    return [f"{line}: {name}" for line, name in imports if _group(name) not in allowed]


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: _name(p) or "root")
def test_imports_follow_the_pipeline(path: Path) -> None:
    wrong = _violations(_name(path), _imports(path))
    where = f"ybbulletin/{path.relative_to(PACKAGE)}"
    assert not wrong, f"{where} imports against the pipeline's direction: {wrong}"


def test_the_check_can_fail(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text(
        "from ybbulletin.build import build\nimport ybbulletin.site\n"
        "from ybbulletin import __version__, views\n",
        encoding="utf-8",
    )
    imports = _imports(bad)
    assert [name for _line, name in imports] == ["build", "site", "", "views"]
    assert _violations("render.pdf", imports) == ["1: build", "2: site"]
    assert _violations("plan", [(1, "render.html")]) == ["1: render.html"]
    assert _violations("importer.read", imports) == []  # commands may import anything
    assert _violations("markdown", [(3, "importer")]) == ["3: importer"]
