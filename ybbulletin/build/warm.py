"""Imported by the issue formats' fork server (``issue_pool``): their warm-ups, once.

Every worker forked from the server starts with what they loaded (WeasyPrint and
the fonts, python-docx). A warm-up that fails here fails again, reported, where
the format renders.
"""

from __future__ import annotations

import contextlib

from ybbulletin.build.issue_pool import warm_up

with contextlib.suppress(Exception):
    warm_up()
