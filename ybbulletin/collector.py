"""When Python's cyclic garbage collector runs: paused where many objects are made and kept.

Loading an archive, reading the archive cache, planning a build and rendering one PDF
make objects by the hundred thousand. The collector's passes over them find next to
nothing (what is made is kept, or freed by reference counting) and cost a large share
of the work: every young pass walks what was made since the last. So:

- :func:`paused`: no collection in the block; as it was afterwards.
- :func:`long_lived`: the same for a command that loads the archive and keeps it to the
  end (``build``, ``check``). Calling what it gives (``settled``) freezes what is alive
  (``gc.freeze``: later passes, and forked workers, leave it alone) and lets the
  collector run again for what comes next (rendering). When the block ends, everything
  still alive goes to the oldest generation unfrozen: left young (a build that rendered
  nothing never froze it), the next pass would walk every object of the loaded archive
  (0.2–0.5 s at 500 issues).
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterator

__all__ = ["long_lived", "paused"]


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """No cyclic garbage collection in the block (as it was afterwards)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextlib.contextmanager
def long_lived() -> Iterator[Callable[[], None]]:
    """No collection till ``settled()`` is called (then what is alive is frozen and the
    collector runs again); everything as it was afterwards, all that lives on old."""
    enabled = gc.isenabled()
    gc.disable()

    def settled() -> None:
        gc.freeze()
        if enabled:
            gc.enable()

    try:
        yield settled
    finally:
        gc.freeze()
        gc.unfreeze()
        if enabled:
            gc.enable()
