"""``ybbulletin import``: a draft issue file from a bulletin or an article in any office format.

Reads what offices have (text, Word, WPS, PDF, a saved web page, with the artefacts that
come with them) and writes an issue file that ``check`` accepts, with a ``# 请核对: …``
comment at every guess the editor should confirm. Nothing of the source is lost: every
paragraph ends up in an entry or, whole, in a comment. The stages, in order:

- ``read`` (``read_docx``, ``read_office``, ``read_pdf``, ``read_html``): the file ->
  cleaned paragraphs (``Line``), tables and images, nothing written;
- ``header``: 报头, contents list, 报尾, web metadata and chrome taken out and reported;
- ``recognise``: the articles (栏目 headings, titles, sources);
- ``body``: each article's bylines, 来源, 按语, paragraphs and headings; ``notice``: a case
  notice split into intro, cases and closing; ``kinds``: its kind from the cues it carries;
- ``cases`` and ``amounts``: each case's facts (subject, type, region, period, amounts in
  万元, legal basis, actions);
- ``write``: the draft -> YAML text;
- ``place``: checks first, then images, settings and the draft written atomically.
"""

from __future__ import annotations

from ybbulletin.importer.draft import Draft
from ybbulletin.importer.place import import_file
from ybbulletin.importer.read import read_source, read_text
from ybbulletin.importer.recognise import parse
from ybbulletin.importer.write import render_yaml

__all__ = ["Draft", "import_file", "parse", "read_source", "read_text", "render_yaml"]
