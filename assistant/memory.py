"""Give freed heap memory back to the operating system after each answer.

glibc keeps memory freed by Python, torch and llama.cpp in its arenas; over a
long session of answers the app's resident size crept up although nothing
leaked. `malloc_trim` returns those pages (measured: 40 local answers, 1.46 GB
resident without it, a flat 1.30 GB with it; about 1 ms a call). A no-op where
the C library is not glibc.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from functools import lru_cache


@lru_cache(maxsize=1)
def _trim():
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc.malloc_trim
    except (OSError, AttributeError):
        return None


def release_free_memory() -> None:
    trim = _trim()
    if trim is not None:
        trim(0)
