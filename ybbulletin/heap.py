"""Freed memory given back to the system before a process's largest short-lived buffers.

glibc's allocator keeps what a process frees for its next allocations. After a large
buffer is freed its mmap threshold rises (up to 32 MB) and the top of the heap is trimmed
only past twice that, so a build's main process ends its rendering holding tens of MB it
no longer uses; the archive cache and the search terms then marshal 20-27 MB each on top
of them, at the build's memory peak (issue 17 goal 4: ≤ 400 MB). ``malloc_trim(0)``
returns the free pages (a few ms). Elsewhere than glibc it does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
from collections.abc import Callable

__all__ = ["give_back"]


def give_back() -> None:
    """Return the allocator's free pages to the system (glibc only)."""
    trim = _trim()
    if trim is not None:
        trim(0)


@functools.cache
def _trim() -> Callable[[int], int] | None:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim: Callable[[int], int] = libc.malloc_trim
    except (OSError, AttributeError):  # not glibc (musl, macOS): nothing to give back
        return None
    return trim
