"""The ``ybbulletin`` command's entry point (``python -m ybbulletin`` and the script).

Its modules are imported with the cyclic garbage collector paused, then frozen: the
classes, functions and schemas an import makes (~0.17 s of a build's start) live as
long as the process, so the collector's passes over them during the imports found
nothing (8 % of the imports' time), and later passes leave them alone.
"""

from __future__ import annotations

import gc

__all__ = ["run"]


def run() -> None:
    """Import the command line, then run it (``cli.run``: exits with its code)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        from ybbulletin.cli import run as command
    finally:
        gc.freeze()
        if enabled:
            gc.enable()
    command()
