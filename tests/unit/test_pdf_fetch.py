"""The fenced fetcher: fixed URLs mapped onto the project, nothing read outside the fence."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest

from ybbulletin.render.pages import PACKAGE_TEMPLATES
from ybbulletin.render.pdf_fetch import PACKAGE_URL, PROJECT_URL, fetcher, stylesheet_url


@pytest.fixture
def root(tmp_path: Path) -> Path:
    project = tmp_path / "项目 folder"
    images = project / "content" / "issues" / "2025" / "images"
    images.mkdir(parents=True)
    (images / "现场.png").write_bytes(b"\x89PNG image")
    (project / "ybbulletin.yaml").write_text("name: x\n", encoding="utf-8")
    (project / "templates" / "print").mkdir(parents=True)
    (project / "templates" / "print" / "seal.png").write_bytes(b"\x89PNG seal")
    (tmp_path / "secret.png").write_bytes(b"secret")
    (images / "link.png").symlink_to(tmp_path / "secret.png")
    return project


def fetch(root: Path, url: str) -> tuple[bytes | None, list[str]]:
    refused: list[str] = []
    try:
        response = fetcher(root, refused).fetch(url)
    except ValueError:
        return None, refused
    return response.read(), refused


@pytest.mark.slow  # over 0.3 s: the full suite runs it, not the edit loop
def test_the_project_url_serves_content_images_and_print_templates(root: Path) -> None:
    image = PROJECT_URL + quote("content/issues/2025/images/现场.png")
    assert fetch(root, image) == (b"\x89PNG image", [])
    assert fetch(root, PROJECT_URL + "templates/print/seal.png") == (b"\x89PNG seal", [])
    package_css = (PACKAGE_TEMPLATES / "print" / "print.css").read_bytes()
    assert fetch(root, PACKAGE_URL + "print/print.css") == (package_css, [])


@pytest.mark.parametrize(
    ("path", "shown"),
    [
        ("ybbulletin.yaml", "ybbulletin.yaml"),  # in the project, outside the fence
        ("content/../ybbulletin.yaml", "content/../ybbulletin.yaml"),
        ("content/%2e%2e/ybbulletin.yaml", "content/../ybbulletin.yaml"),
        ("content/%2e%2e/%2e%2e/secret.png", "content/../../secret.png"),
        ("/content/../../secret.png", "/content/../../secret.png"),
        ("content/issues/2025/images/link.png", "content/issues/2025/images/link.png"),
        ("content/issues/2025/images/none.png", "content/issues/2025/images/none.png"),
    ],
)
def test_nothing_outside_the_fence_is_read(root: Path, path: str, shown: str) -> None:
    assert fetch(root, PROJECT_URL + path) == (None, [shown])


def test_other_urls_are_refused_even_the_projects_real_one(root: Path) -> None:
    real = (root / "content" / "issues" / "2025" / "images" / "现场.png").as_uri()
    for url in (real, "file:///etc/passwd", "http://127.0.0.1/a.png", "data:image/png,xx"):
        assert fetch(root, url) == (None, [url])
    assert fetch(root, PACKAGE_URL + "../../../etc/passwd")[0] is None


def test_stylesheets_have_fixed_urls(root: Path) -> None:
    own = root / "templates" / "print" / "print.css"
    assert stylesheet_url(root, own) == PROJECT_URL + "templates/print/print.css"
    package = PACKAGE_TEMPLATES / "print" / "print.css"
    assert stylesheet_url(root, package) == PACKAGE_URL + "print/print.css"
