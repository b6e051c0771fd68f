"""What the preview folder was last made from, issue by issue: the incremental rebuild's memory.

An issue's site pages (its page and its articles') and its 公众号 files are made
from its :class:`~ybbulletin.views.IssueView` and the settings and templates
alone. Of the view, what is not the issue's own file is its number in the
archive (总第…期), its review mark, its download links and the titles and paths of
the two articles beside it in the archive (上一篇 of its first article, 下一篇 of
its last): the same cut :mod:`ybbulletin.build.keys` makes for the cache keys.
:func:`signature` is that, with the validated issue itself compared by identity
first (the archive cache hands back the same object while the file's bytes are
unchanged) and by value otherwise. Equal signatures, equal files.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ybbulletin.views import IssueView

__all__ = ["Shown", "Signature", "signature", "site_signature"]

#: Compared with ``==``: tuples compare their items by identity first, so an unchanged
#: issue (the same model object) costs nothing, and an equal one re-read is still equal.
Signature = tuple[Any, ...]


def signature(view: IssueView) -> Signature:
    """What an issue's files depend on besides the settings and templates (no downloads)."""
    archive_issue = view.archive_issue
    first = view.articles[0] if view.articles else None
    last = view.articles[-1] if view.articles else None
    return (
        archive_issue.path,
        archive_issue.issue,
        archive_issue.total,
        view.mark,
        first.previous.ref() if first is not None and first.previous is not None else None,
        last.next.ref() if last is not None and last.next is not None else None,
    )


def site_signature(view: IssueView) -> Signature:
    """:func:`signature` with the download links the site shows (their sizes)."""
    downloads = tuple((d.label, d.path, d.size) for d in view.downloads)
    return (*signature(view), downloads)


@dataclass
class Shown:
    """Signatures of what the folder holds: per issue for its site pages and its 公众号
    files; for the archive-wide pages (home, 栏目, feed …) the tuple of every issue's."""

    settings: str = ""  # the settings (as JSON) the folder was made with
    site: dict[str, Signature] = field(default_factory=dict)
    wechat: dict[str, Signature] = field(default_factory=dict)
    whole: tuple[Signature, ...] | None = None
    #: the key (``serve/whole.py``) each archive-wide site file in the folder was made from
    files: dict[str, str] = field(default_factory=dict)

    @staticmethod
    def of_whole(views: Sequence[IssueView]) -> tuple[Signature, ...]:
        return tuple(site_signature(view) for view in views)
