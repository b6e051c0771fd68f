"""The same project built in two differently named folders gives the same bytes in every format.

WeasyPrint names an image's XObject after the md5 of its URL: with the project's real
``file://`` URL as the base, every PDF with an image depended on where the project lived.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pikepdf
from PIL import Image

from tests.conftest import BOOKKEEPING, REPO, copy_project, edit
from ybbulletin.build import build
from ybbulletin.render.pages import PACKAGE_TEMPLATES


def project_with_images(target: Path) -> Path:
    """The demo's 2025 issue, with a content image in one article and a print stylesheet of its own
    that draws an image of the project's templates (a stylesheet resolves URLs itself)."""
    root = copy_project(REPO, target)
    shutil.rmtree(root / "content" / "issues" / "2021")  # one issue is enough (and faster)
    edit(root, "content/issues/2025/12.yaml", "total: 130", "total: 39 ")  # the first issue
    images = root / "content" / "issues" / "2025" / "images"
    images.mkdir()
    Image.new("RGB", (120, 80), (200, 40, 40)).save(images / "现场.png")
    edit(
        root,
        "content/issues/2025/12.yaml",
        "从源头消除因病致贫风险。\n",
        "从源头消除因病致贫风险。\n\n      ![现场](images/现场.png)\n",
    )
    print_dir = root / "templates" / "print"
    print_dir.mkdir(parents=True)
    Image.new("RGB", (16, 16), (40, 40, 200)).save(print_dir / "seal.png")
    css = (PACKAGE_TEMPLATES / "print" / "print.css").read_text(encoding="utf-8")
    css += "\n@page :first { background: url(seal.png) no-repeat right bottom; }\n"
    (print_dir / "print.css").write_text(css, encoding="utf-8")
    return root


def output_files(out: Path) -> dict[str, bytes]:
    return {
        path.relative_to(out).as_posix(): path.read_bytes()
        for path in sorted(out.rglob("*"))
        if path.is_file() and not any(part in BOOKKEEPING for part in path.parts)
    }


def test_every_format_has_the_same_bytes_wherever_the_project_is(tmp_path: Path) -> None:
    first = project_with_images(tmp_path / "a" / "p")
    second = tmp_path / "另一个 folder" / "deeper" / "project-moved"
    second.parent.mkdir(parents=True)
    shutil.copytree(first, second)
    outputs = []
    for root in (first, second):
        build(root, root / "build", drafts=True)
        outputs.append(output_files(root / "build"))
    one, two = outputs
    assert sorted(one) == sorted(two)
    kinds = {name.split("/")[0] for name in one}
    assert {"site", "pdf", "docx", "wechat"} <= kinds, kinds
    # the image is in the PDF (the case this test is about), as a real image XObject
    with pikepdf.open(io.BytesIO(one["pdf/nxyb-2025-12.pdf"])) as pdf:
        images = [name for page in pdf.pages for name in page.get_images()]
    assert len(images) >= 2, images
    differing = [name for name in one if one[name] != two[name]]
    assert differing == [], differing


def test_a_pdf_with_an_image_does_not_name_its_folder(tmp_path: Path) -> None:
    """The quick case: the same print HTML rendered for two folders, one image drawn."""
    from ybbulletin.render.pdf import render_pdf

    html = '<p>现场<img src="content/%E7%8E%B0%E5%9C%BA.png"><img src="../outside.png"></p>'
    results = []
    for root in (tmp_path / "one", tmp_path / "二 two" / "deeper"):
        (root / "content").mkdir(parents=True)
        Image.new("RGB", (30, 20), (200, 40, 40)).save(root / "content" / "现场.png")
        results.append(render_pdf(html, root))
    one, two = results
    with pikepdf.open(io.BytesIO(one.data)) as pdf:
        assert len(list(pdf.pages[0].get_images())) == 1
    assert one.data == two.data
    assert one.refused == two.refused == ["file:///outside.png"]  # and never read
