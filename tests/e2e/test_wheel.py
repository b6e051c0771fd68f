"""The package as users get it: a wheel, installed (not editable) into a fresh virtual environment.

The wheel is built without network (``--no-build-isolation``: the build backend comes from
``.venv``) from a copy of the sources, so no ``build/`` or ``*.egg-info`` of the checkout can leak
into it. The fresh environment gets the wheel through pip; its dependencies are the ones already
installed in ``.venv``, offered through a ``.pth`` file that lists a folder of links to every
distribution there except ybbulletin itself (and pip/setuptools: the new environment has its
own). So nothing of the checkout is importable there: the build below can only work if the wheel
carries every template, asset and configuration file.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

import ybbulletin
from tests.conftest import BOOKKEEPING, REPO, copy_project

PACKAGE = REPO / "ybbulletin"
#: Files of .venv's site-packages the fresh environment must not see.
OWN = ("ybbulletin", "__editable__", "_distutils_hack", "distutils-precedence", "pip", "setuptools")


def run(*command: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    # offline: no "new pip available" look-up either
    env = {**(os.environ if env is None else env), "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    result = subprocess.run(
        [str(c) for c in command], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """ybbulletin-<version>-py3-none-any.whl, built from a clean copy of the sources."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    top = {".git", ".venv", "build", "node_modules"}  # only at the top: ybbulletin/build/ is code

    def ignore(folder: str, names: list[str]) -> set[str]:
        skipped = {n for n in names if n == "__pycache__" or n.endswith((".egg-info", "_cache"))}
        return skipped | (top & set(names) if Path(folder) == REPO else set())

    shutil.copytree(REPO, source, ignore=ignore)
    dist = work / "dist"
    run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--quiet",
        "--no-deps",
        "--no-build-isolation",
        "--no-index",
        "--wheel-dir",
        dist,
        source,
        cwd=work,
    )
    [built] = dist.glob("*.whl")
    assert built.name == f"ybbulletin-{ybbulletin.__version__}-py3-none-any.whl"
    return built


def package_files() -> set[str]:
    """Every file of the package in the checkout (what an editable install has)."""
    return {
        path.relative_to(REPO).as_posix()
        for path in PACKAGE.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    }


def test_the_wheel_carries_every_file_of_the_package(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        metadata = archive.read(f"ybbulletin-{ybbulletin.__version__}.dist-info/METADATA").decode()
    inside = {n for n in names if n.startswith("ybbulletin/")}
    assert inside == package_files()
    assert {
        "ybbulletin/fonts/fonts.conf",
        "ybbulletin/templates/print/issue.html",
        "ybbulletin/templates/site/assets/site.css",
        "ybbulletin/py.typed",
    } <= inside
    assert f"\nVersion: {ybbulletin.__version__}\n" in metadata
    assert "\nRequires-Dist: weasyprint" in metadata


def fresh_environment(folder: Path, wheel: Path) -> Path:
    """A new venv with the wheel installed; returns its bin/ folder."""
    run(sys.executable, "-m", "venv", folder, cwd=folder.parent)
    python = folder / "bin" / "python"
    purelib = run(
        python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))", cwd=folder
    ).strip()
    # the dependencies: links to .venv's installed distributions, ybbulletin's own left out
    deps = folder.parent / "dependencies"
    deps.mkdir()
    ours = Path(sysconfig.get_path("purelib"))
    for entry in ours.iterdir():
        if not entry.name.startswith(OWN) and not entry.name.endswith(".pth"):
            (deps / entry.name).symlink_to(entry)
    (Path(purelib) / "dependencies.pth").write_text(f"{deps}\n", encoding="utf-8")
    # pip resolves the wheel's declared requirements against them, offline
    run(python, "-m", "pip", "install", "--quiet", "--no-index", wheel, cwd=folder.parent)
    run(python, "-m", "pip", "check", cwd=folder.parent)
    return folder / "bin"


def test_installed_wheel_builds_the_demo_in_every_format(
    wheel: Path, tmp_path: Path, built_demo: Path
) -> None:
    bin_dir = fresh_environment(tmp_path / "venv", wheel)
    project = copy_project(REPO, tmp_path / "elsewhere" / "demo")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"

    where = run(
        bin_dir / "python",
        "-c",
        "import sys, ybbulletin; print(ybbulletin.__file__); print('\\n'.join(sys.path))",
        cwd=project,
        env=env,
    ).splitlines()
    assert Path(where[0]).is_relative_to(tmp_path / "venv")
    assert not [p for p in where[1:] if p and Path(p).resolve().is_relative_to(REPO)], where

    version = run(bin_dir / "ybbulletin", "--version", cwd=project, env=env)
    assert version == f"ybbulletin {ybbulletin.__version__}\n"

    run(bin_dir / "ybbulletin", "build", cwd=project, env=env)  # every format, as built_demo
    out = project / "build"
    built = {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.name not in BOOKKEEPING
    }
    assert "pdf/nxyb-2025-12.pdf" in built
    assert "docx/nxyb-2021-01.docx" in built
    assert "site/assets/site.css" in built
    # the installed package makes exactly what the checkout makes
    reference = built_demo.parent
    expected = {
        p.relative_to(reference).as_posix(): p.read_bytes()
        for p in sorted(reference.rglob("*"))
        if p.is_file() and p.name not in BOOKKEEPING
    }
    assert sorted(built) == sorted(expected)
    assert [p for p in built if built[p] != expected[p]] == []
