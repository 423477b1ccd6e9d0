"""Keeping the window's resident memory down on Linux (glibc's malloc); no-ops elsewhere."""

from __future__ import annotations

import ctypes
import sys


def _glibc() -> ctypes.CDLL | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL("libc.so.6")
    except OSError:
        return None


def limit_malloc_arenas() -> None:
    """Two malloc arenas instead of one per thread (Qt, pjmedia, audio and worker threads each got
    their own, most of it idle but resident): a few MB of RSS, no measurable cost. glibc only."""
    libc = _glibc()
    if libc is not None:
        libc.mallopt(-8, 2)  # M_ARENA_MAX


def trim_native_heap() -> None:
    """Hand memory freed after start-up (the first CDR import, building the window) back to the
    system; glibc keeps it otherwise."""
    libc = _glibc()
    if libc is not None:
        libc.malloc_trim(0)
