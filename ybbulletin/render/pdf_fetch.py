"""What WeasyPrint may read for a PDF, and under which URLs: the fenced fetcher.

The print HTML and stylesheets are read under fixed URLs (:data:`PROJECT_URL`,
:data:`PACKAGE_URL`), never the project's real ``file://`` URL: WeasyPrint names an image
after the md5 of its URL, so the real URL made every PDF with an image depend on the folder
the project lives in (and a moved project's incremental build differ from a fresh one).
The fetcher maps the fixed URLs onto the project and onto ybbulletin's own templates, and
serves only files inside the fence (content images, print templates); everything else,
any other URL included, is refused and reported.
"""

from __future__ import annotations

import functools
import mimetypes
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from ybbulletin.render.pages import PACKAGE_TEMPLATES

__all__ = ["PACKAGE_URL", "PROJECT_URL", "fetcher", "stylesheet_url"]

#: The project's folder, whatever its real path (the print HTML's base URL).
PROJECT_URL = "file:///ybbulletin-project/"
#: ybbulletin's own templates folder (the package print stylesheet's base).
PACKAGE_URL = "file:///ybbulletin-package/templates/"


def fence(project_root: Path) -> list[Path]:
    """Where the print HTML and CSS may read from: content images, print templates."""
    return [
        project_root / "content",
        PACKAGE_TEMPLATES / "print",
        project_root / "templates" / "print",
    ]


def stylesheet_url(project_root: Path, path: Path) -> str:
    """The fixed URL of a print stylesheet (ybbulletin's own, or the project's)."""
    for url, folder in reversed(_places(project_root)):  # the package first: the demo
        if path.is_relative_to(folder):  # project is ybbulletin's repository, around it
            return url + path.relative_to(folder).as_posix()
    raise ValueError(f"{path} is neither ybbulletin's nor the project's")


def _places(project_root: Path) -> list[tuple[str, Path]]:
    return [(PROJECT_URL, project_root), (PACKAGE_URL, PACKAGE_TEMPLATES)]


def fetcher(project_root: Path, refused: list[str]) -> Any:
    """A WeasyPrint URL fetcher for one project; what it refuses is added to ``refused``."""
    return _fetcher_class()(project_root, refused)


def local_path(project_root: Path, url: str) -> Path | None:
    """The real file a fixed URL names (resolved), or None for any other URL."""
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return None
    path = unquote(parts.path)
    for base, folder in _places(project_root):
        prefix = urlsplit(base).path
        if path.startswith(prefix):
            # "/" or ".." cannot leave the folder unnoticed: the result is checked
            # against the fence after resolving (symbolic links included)
            return (folder / path[len(prefix) :].lstrip("/")).resolve()
    return None


def shown(url: str) -> str:
    """A refused URL as an editor knows it: a project path, or the URL itself."""
    if url.startswith(PROJECT_URL):
        return unquote(url[len(PROJECT_URL) :])
    return url


@functools.cache
def _fetcher_class() -> type:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class FencedFetcher(URLFetcher):  # type: ignore[misc]
        """Serves content images and print assets under the fixed URLs; refuses the rest."""

        def __init__(self, project_root: Path, refused: list[str]) -> None:
            super().__init__()
            self.project_root = project_root
            self.roots = [root.resolve() for root in fence(project_root)]
            self.refused = refused
            self.asked = 0  # how many URLs it was asked for, served or refused

        def fetch(self, url: str, headers: Any = None) -> Any:
            self.asked += 1
            path = local_path(self.project_root, url)
            if (
                path is not None
                and path.is_file()
                and any(path.is_relative_to(root) for root in self.roots)
            ):
                kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(
                    url, body=path.read_bytes(), headers={"Content-Type": kind}
                )
            self.refused.append(shown(url))
            raise ValueError(f"ybbulletin refuses to fetch {url}")

    return FencedFetcher
