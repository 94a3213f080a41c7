"""Where an index is rebuilt: beside the live one, swapped in at the end, one writer at a time.

A fresh build goes into `<index>.building` and replaces the index by two renames (the old
one passes through `<index>.old`), so a killed build leaves the previous index usable;
`recover` finishes or undoes what a killed run left. A lock file next to the index
serialises writers (the CLI, the app's uploads).

Not here: what is written into an index (ingestion.py, store.py).
"""

from __future__ import annotations

import fcntl
import shutil
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .config import Settings
from .store import SQLITE_NAME, open_chroma_client


def sibling(target: Path, tag: str) -> Path:
    return target.with_name(f"{target.name}.{tag}")


def swap_in(building: Path, target: Path) -> None:
    old = sibling(target, "old")
    if target.exists():
        target.rename(old)
    try:
        building.rename(target)  # the only moment without an index: recover handles a kill here
    except OSError:
        if old.exists():
            old.rename(target)  # the previous index stays in use
        raise
    if old.exists():
        shutil.rmtree(old)


def recover(target: Path, settings: Settings) -> None:
    """Finish or undo whatever a killed run left behind."""
    old, building = sibling(target, "old"), sibling(target, "building")
    if old.exists():
        if target.exists():
            shutil.rmtree(old)
        else:
            old.rename(target)
    if building.exists():
        if settings.chroma_url:
            half_built = collection_of(building)
            if half_built and half_built != collection_of(target):
                drop_collection(settings, half_built)
        shutil.rmtree(building)


def collection_of(directory: Path) -> str | None:
    path = directory / SQLITE_NAME
    if not path.exists():
        return None
    db = sqlite3.connect(path)
    try:
        row = db.execute("SELECT value FROM meta WHERE key = 'collection'").fetchone()
    except sqlite3.Error:
        row = None
    finally:
        db.close()
    return row[0] if row else None


def drop_collection(settings: Settings, name: str) -> None:
    client = open_chroma_client(settings.index_path, settings.chroma_url)
    try:
        client.delete_collection(name)
    except Exception:  # already gone: nothing to clean up
        pass
    finally:
        getattr(client, "close", lambda: None)()


@contextmanager
def writer_lock(target: Path, wait: bool = True) -> Iterator[bool]:
    """Hold the index's writer lock; yields False (holding nothing) if busy and `wait` is off."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(sibling(target, "lock"), "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not wait:
                yield False
                return
            print(f"waiting for another ingestion of {target} to finish …", file=sys.stderr)
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def recover_quietly(target: Path, settings: Settings) -> None:
    """Repair what a killed run left, unless an ingestion is running now (then its leftovers are its work)."""
    if not (sibling(target, "old").exists() or sibling(target, "building").exists()):
        return
    with writer_lock(target, wait=False) as held:
        if held:  # a busy writer leaves the current index readable meanwhile
            recover(target, settings)
