"""Where progress and warnings go when nobody asked for them elsewhere: one line each, on stderr.

Not here: what is logged (each caller words its own lines).
"""

from __future__ import annotations

import sys
from collections.abc import Callable

Log = Callable[[str], None]


def stderr_log(line: str) -> None:
    print(line, file=sys.stderr)


def quiet(line: str) -> None:
    """A log that drops every line (tests, library calls that report through their return value)."""
