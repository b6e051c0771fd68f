"""Importing ybbulletin changes nothing process-wide: environment, argparse, ElementTree."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "ybbulletin"

SCRIPT = """
import argparse, importlib, os, sys
import xml.etree.ElementTree as ET
from pathlib import Path
environ, gettext, namespaces = dict(os.environ), argparse._, dict(ET._namespace_map)
for path in sorted(Path("ybbulletin").rglob("*.py")):  # render/ is a namespace package
    parts = path.with_suffix("").parts
    # render/warm/: imported by the issue workers' fork server only, to act there
    if parts[-1] != "__main__" and parts[1:3] != ("render", "warm"):
        importlib.import_module(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
from ybbulletin.cli import build_parser
build_parser().format_help()
changed = [
    name
    for name, same in [
        ("os.environ", dict(os.environ) == environ),
        ("argparse._", argparse._ is gettext),
        ("ElementTree namespaces", dict(ET._namespace_map) == namespaces),
    ]
    if not same
]
print(",".join(changed) or "nothing")
"""


@pytest.mark.slow  # a fresh interpreter that imports every module (WeasyPrint included)
def test_importing_every_module_changes_nothing_global() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        capture_output=True,
        text=True,
        check=True,
        cwd=PACKAGE.parent,
        timeout=120,
    )
    assert result.stdout.strip() == "nothing"
