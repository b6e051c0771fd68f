"""Imported by the issue workers' fork server of a build that makes pdf files."""

from ybbulletin.render.detached import warm

warm("pdf")
