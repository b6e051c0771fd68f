"""A detached issue view: what an issue format's worker is sent, one issue and nothing else.

The workers that render PDF and Word files never hold the archive (build/issue_pool.py):
each task pickles one issue's view. It must carry nothing of the other issues (the
neighbours' chain, the archive's texts) and render the same bytes as the view it copies.
"""

from __future__ import annotations

import pickle
import sys
from typing import Any

import pytest

from tests.conftest import REPO
from ybbulletin.build import render_context
from ybbulletin.plan import build_views
from ybbulletin.project import load_archive
from ybbulletin.render.docx import render_issue
from ybbulletin.render.registry import RenderContext
from ybbulletin.views import IssueView, detached


@pytest.fixture(scope="module")
def views() -> tuple[RenderContext, list[IssueView]]:
    archive = load_archive(REPO)
    return render_context(archive), build_views(archive)


def test_a_detached_view_pickles_without_the_other_issues(
    views: tuple[RenderContext, list[IssueView]],
) -> None:
    _context, issues = views
    first, last = issues[0], issues[-1]
    assert last.articles[0].previous is not None  # the archive's chain reaches the first issue
    data = pickle.dumps(detached(last))
    assert first.articles[0].title.encode() not in data
    assert first.archive_issue.path.encode() not in data
    copy = pickle.loads(data)
    assert [(a.previous, a.next) for a in copy.articles] == [(None, None)] * len(copy.articles)
    assert copy.dir == last.dir
    for article, twin in zip(last.articles, copy.articles, strict=True):
        assert twin.issue is copy
        assert list(twin.texts) == list(article.texts)
        assert all(twin.texts[name] == article.texts[name] for name in article.texts)
        assert [c.body for c in twin.cases] == [c.body for c in article.cases]


def test_a_detached_view_renders_the_same_word_file(
    views: tuple[RenderContext, list[IssueView]],
) -> None:
    context, issues = views
    for view in issues:
        copy: Any = pickle.loads(pickle.dumps(detached(view)))
        assert render_issue(context, copy).files == render_issue(context, view).files


def test_pickling_an_issue_leaves_its_lines_as_they_were() -> None:
    # CPython keeps a UTF-8 copy on a str that pickle encodes: for the lines of every
    # issue sent to a worker, that copy would stay in the process holding the archive
    located = load_archive(REPO).issues[-1].located
    before = [sys.getsizeof(line) for line in located.lines]
    copy = pickle.loads(pickle.dumps(located))
    assert [sys.getsizeof(line) for line in located.lines] == before
    assert copy == located
