"""``python -m ybbulletin``."""

from ybbulletin.launcher import run

run()
