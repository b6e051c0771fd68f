"""Imported by the issue workers' fork server of a build that makes docx files."""

from ybbulletin.render.detached import warm

warm("docx")
