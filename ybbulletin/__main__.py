"""``python -m ybbulletin``."""

from ybbulletin.cli import run

run()
