"""Golden output of the demo, reviewed copies under ``tests/golden/``.

- ``site/``: every page and XML file of the demo website, as a full build makes it (download
  links to the PDF and Word files included); ``site.files`` lists every file of the site,
  binary ones too.
- ``print/``: the HTML fed to WeasyPrint for each issue (the PDF itself is checked by its
  properties in ``tests/e2e/test_pdf.py``).
- ``docx/``: each Word file's ``document.xml``, pretty-printed, and ``styles.xml``: the styles
  ybbulletin defines, i.e. the part of the Word files' ``styles.xml`` (the same in every issue)
  that differs from python-docx's default template.

All but the last test are fast: they render pages and Word files, never a PDF. After an
intended change: ``YB_REGENERATE=1 .venv/bin/python -m pytest tests/test_golden.py``, which
rewrites what differs and fails; read ``git diff tests/golden``, then run again without it.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from tests.conftest import copy_project
from tests.goldens import REPO, check_files, check_golden, check_tree
from ybbulletin.build import build
from ybbulletin.project import load_archive

GOLDEN = REPO / "tests" / "golden"
SLUGS = ["2021/01", "2025/12"]
TEXT = (".html", ".xml")
DOWNLOAD_SIZE = re.compile('<span class="download-size">（[^<]*）</span>'.encode())
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def demo_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(REPO, tmp_path_factory.mktemp("golden") / "demo")


def planned_site(root: Path) -> dict[str, bytes | None]:
    """The website of a full build: every page rendered; PDF and Word copies only planned (None)."""
    from ybbulletin.build import make_plan
    from ybbulletin.cache import Manifest
    from ybbulletin.render.registry import format_names

    archive = load_archive(root)
    plan, _views = make_plan(archive, format_names(), root / "build", Manifest(), ())
    return {
        o.path.removeprefix("site/"): o.make() if o.make else None
        for o in plan.outputs
        if o.path.startswith("site/")
    }


def check_site(files: dict[str, bytes | None]) -> None:
    pages = {
        path: data.decode("utf-8")
        for path, data in files.items()
        if path.endswith(TEXT) and data is not None
    }
    listing = "".join(f"{path}\n" for path in sorted(files))
    check_tree(GOLDEN / "site", pages, also={GOLDEN / "site.files": listing})


def test_golden_site_every_page(demo_copy: Path) -> None:
    files = planned_site(demo_copy)
    assert sum(p.endswith(".html") for p in files) > 20  # the whole site, not a sample
    assert "files/nxyb-2025-12.pdf" in files
    check_site(files)


def test_golden_site_is_what_the_build_writes(built_demo: Path) -> None:
    """The full build (PDF and Word rendered) writes the same site as the golden tree."""
    files: dict[str, bytes | None] = {
        p.relative_to(built_demo).as_posix(): p.read_bytes()
        for p in sorted(built_demo.rglob("*"))
        if p.is_file()
    }
    # The sizes of the PDF and Word downloads are known only once those are rendered;
    # tests/test_site.py checks them. The golden pages show the links without them.
    for path, data in files.items():
        if path.endswith(".html") and data is not None:
            files[path] = DOWNLOAD_SIZE.sub(b"", data)
    check_site(files)


@pytest.mark.parametrize("slug", SLUGS)
def test_golden_print_html(demo_copy: Path, slug: str) -> None:
    """The HTML fed to WeasyPrint."""
    from ybbulletin.render.pages import make_environment
    from ybbulletin.render.pdf import print_html
    from ybbulletin.site import build_views

    archive = load_archive(demo_copy)
    [issue] = [v for v in build_views(archive) if v.dir == slug]
    html = print_html(make_environment(demo_copy, "print"), archive.publication, issue)
    check_golden(GOLDEN / "print" / f"nxyb-{slug.replace('/', '-')}.html", html)


@pytest.fixture(scope="module")
def word_files(demo_copy: Path) -> Path:
    out = demo_copy / "build-docx"
    build(demo_copy, out, formats=("docx",), jobs=1)
    return out / "docx"


def part(docx: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(docx.read_bytes())) as package:
        return etree.fromstring(package.read(name))


def pretty(element: etree._Element) -> str:
    return etree.tostring(element, pretty_print=True, encoding="unicode")


def own_styles(styles: etree._Element) -> etree._Element:
    """The document defaults and every style not as python-docx's default template has it."""
    from docx import Document

    template = {
        s.get(f"{W}styleId"): etree.tostring(s, method="c14n")
        for s in Document().styles.element.findall(f"{W}style")
    }
    extract = etree.Element(styles.tag, nsmap=styles.nsmap)
    extract.append(
        etree.Comment(
            " ybbulletin's styles: docDefaults and the styles that differ"
            " from python-docx's default template "
        )
    )
    for child in styles:
        if child.tag == f"{W}docDefaults" or (
            child.tag == f"{W}style"
            and template.get(child.get(f"{W}styleId")) != etree.tostring(child, method="c14n")
        ):
            extract.append(child)
    return extract


@pytest.mark.parametrize("slug", SLUGS)
def test_golden_word_document_and_styles(word_files: Path, slug: str) -> None:
    name = f"nxyb-{slug.replace('/', '-')}"
    docx = word_files / f"{name}.docx"
    styles = own_styles(part(docx, "word/styles.xml"))
    assert len(styles.findall(f"{W}style")) >= 10  # 报头, 期号, 文章标题 … and Normal
    check_files(
        {
            GOLDEN / "docx" / f"{name}.document.xml": pretty(part(docx, "word/document.xml")),
            GOLDEN / "docx" / "styles.xml": pretty(styles),  # the same for every issue
        }
    )
