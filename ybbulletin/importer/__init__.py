"""``ybbulletin import``: a draft issue file from a bulletin as text or Word.

Reads what offices have (text copied from a website or a Word file, with the
artefacts that come with it) and writes an issue file that ``check`` accepts,
with a ``# 请核对: …`` comment at every guess the editor should confirm. The
stages, one module each, in order:

- ``read``: the file -> cleaned paragraphs (``Line``), tables and images;
- ``header``: 报头, contents list, 报尾 and 上一篇/下一篇 dropped;
- ``recognise``: 栏目 headings -> articles (titles, sub-titles, sources,
  bylines, 按语) -> case notices split into cases;
- ``cases``: each case's facts (subject, type, amounts, legal basis);
- ``write``: the draft -> YAML text;
- ``place``: where the draft goes in the project, its images, new 栏目.
"""

from __future__ import annotations

from ybbulletin.importer.draft import Draft
from ybbulletin.importer.place import import_file
from ybbulletin.importer.read import read_docx, read_text
from ybbulletin.importer.recognise import parse
from ybbulletin.importer.write import render_yaml

__all__ = ["Draft", "import_file", "parse", "read_docx", "read_text", "render_yaml"]
