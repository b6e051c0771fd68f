"""Freed memory given back to the system before a process's largest short-lived buffers.

glibc's allocator keeps what a process frees for its next allocations. After a large
buffer is freed its mmap threshold rises (up to 32 MB) and the top of the heap is trimmed
only past twice that, so a build's main process ends its rendering holding tens of MB it
no longer uses; the archive cache and the search terms then marshal 20-27 MB each on top
of them, at the build's memory peak (issue 17 goal 4: ≤ 400 MB). ``malloc_trim(0)``
returns the free pages (a few ms). Elsewhere than glibc it does nothing.

The issue formats' workers want the opposite (:func:`keep_freed`): each render makes and
frees some 60-100 MB. With glibc's default, moving thresholds, whether a worker gives the
freed top of its heap back after each render, and faults it in again page by page in the
next, depends on the sizes of the blocks it happened to free before: the same raw
WeasyPrint renders in 4 fresh workers with the defaults faulted 26,000-29,000 times a
render in 3 of them (0.10-0.18 s of system time on a ~1.2 s PDF) and ~1,400-4,300 in the
fourth after its second render; with :func:`keep_freed`, 1,000-4,600 in all 4
(2026-11-30; ``benchmarks/pdf_pair.py`` shows each side's faults). Fixed thresholds
make every worker the lucky one; the freed memory it keeps is reused by the next render,
so the peak stays (48-issue PDF build: worker peak 292.5 MB with the defaults, 293.1 MB
kept).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
from collections.abc import Callable

__all__ = ["give_back", "keep_freed"]

#: mallopt(3) parameters
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3


def give_back() -> None:
    """Return the allocator's free pages to the system (glibc only)."""
    trim = _trim()
    if trim is not None:
        trim(0)


def keep_freed(trim: int = 64 << 20, mmap: int = 32 << 20) -> None:
    """Keep up to ``trim`` bytes of freed heap for the next allocations, and serve blocks
    under ``mmap`` bytes from the heap (glibc only): for a process that renders one
    issue after another."""
    mallopt = _libc_function("mallopt")
    if mallopt is not None:
        mallopt(_M_TRIM_THRESHOLD, trim)
        mallopt(_M_MMAP_THRESHOLD, mmap)


def _trim() -> Callable[[int], int] | None:
    return _libc_function("malloc_trim")


@functools.cache
def _libc_function(name: str) -> Callable[..., int] | None:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        function: Callable[..., int] = getattr(libc, name)
    except (OSError, AttributeError):  # not glibc (musl, macOS): nothing to do
        return None
    return function
