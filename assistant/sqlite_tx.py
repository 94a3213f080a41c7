"""One SQLite write transaction, shared by the index and the study log."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def immediate(db: sqlite3.Connection) -> Iterator[None]:
    """One write transaction, taking the write lock up front (no deadlock on lock upgrade).
    On an error the transaction is rolled back and that error, not the rollback's, is raised."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:  # SQLite may have rolled back already (it does on a full disk)
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
        raise
