"""The issue workers' fork server (``build/issue_pool.py``) imports this package first: its
signals (Ctrl-C and SIGTERM sent to the job leave it running; it ends with the build's
process). Then one module per issue format with a warm-up, named after it, for the
build's formats: every worker it forks starts with them loaded. Imported by that
server only: these modules act at import."""

from ybbulletin.interrupt import server_signals

server_signals()
