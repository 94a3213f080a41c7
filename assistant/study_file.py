"""The study log's SQLite file: opened and checked, set aside only when damaged, and every
failure told in words with what to do.

Only SQLite's own verdict that a file holds no database (SQLITE_NOTADB) or a damaged one
(SQLITE_CORRUPT, or a failed quick_check) counts as damage: such a file is renamed aside
with a timestamp, never deleted, and a new one started. Everything else is about the
surroundings, not the file: a full disk, a file that cannot be opened, a read-only file or
folder, a denied permission, a lock held past the timeout, a disk error. The file is left
exactly as it is and `StudyLogError` says what happened and what to do. (Each of these
used to be taken for damage, and a good log was renamed aside and replaced by an empty
one.) A file written by a newer version of the schema is opened read-only.

Not here: what the file holds and how it is used (progress.py).
"""

from __future__ import annotations

import errno
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import AssistantError
from .sqlite_tx import immediate

_DAMAGED = frozenset({sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT})


class StudyLogError(AssistantError):
    """The study log cannot be read or written now; str(exc) says why and what to do."""


def damaged_error(detail: str) -> sqlite3.DatabaseError:
    """The error for damage SQLite reported as a result row (PRAGMA quick_check), not raised."""
    error = sqlite3.DatabaseError(detail)
    error.sqlite_errorcode = sqlite3.SQLITE_CORRUPT
    return error


def is_damaged(exc: BaseException) -> bool:
    return _code(exc) in _DAMAGED


def _code(exc: BaseException) -> int:
    """SQLite's primary result code of an error; 0 for an OSError."""
    return (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF  # extended codes keep the primary in the low byte


def why(exc: BaseException, path: Path, timeout_s: float) -> str:
    """What went wrong, in the error's own words too, and what to do."""
    code, number, said = _code(exc), getattr(exc, "errno", None), f" ({exc})"
    if code == sqlite3.SQLITE_FULL or number == errno.ENOSPC:
        return f"the disk is full{said}; free some space, then try again"
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return (f"another program has kept it locked for over {timeout_s:g} s{said}; close other copies of "
                "the assistant, then try again")
    if code == sqlite3.SQLITE_READONLY or number == errno.EROFS:
        return f"it is read-only{said}; make the file and its folder writable, then try again"
    if code in (sqlite3.SQLITE_PERM, sqlite3.SQLITE_AUTH) or isinstance(exc, PermissionError):
        return f"permission was denied{said}; make the file and its folder yours to write, then try again"
    if code == sqlite3.SQLITE_CANTOPEN or (isinstance(exc, OSError) and not code):
        return (f"it cannot be opened{said}; check that {path.parent} is a folder you can write to and "
                f"{path.name} a file in it")
    if code in _DAMAGED:
        return f"it is damaged{said}; restart the assistant: it will set the file aside, keep it, and start a new one"
    if code == sqlite3.SQLITE_IOERR:
        return f"the disk reported an error{said}; check the disk, then try again"
    return f"SQLite reported an error{said}; try again"


class StudyFile:
    """The file at `path`, holding `schema` at `version`. Opening never raises for a file it
    cannot use now: `notice` says why (and `warning`, for the UI to show), and `reading` and
    `writing` try again, raising StudyLogError if they still cannot."""

    def __init__(self, path: Path, schema: str, version: int, log: Callable[[str], None],
                 clock: Callable[[], float], busy_timeout_ms: int) -> None:
        self.path, self.schema, self.version = path, schema, version
        self.log, self.clock, self.busy_timeout_ms = log, clock, busy_timeout_ms
        self.notice = ""  # what happened when it was opened (created, moved aside, unusable)
        self.warning = ""  # the notice, when it is one the learner must see (not "started a new study log")
        self.newer = 0  # the schema version of a file written by a newer version: it is only read
        self._ready = False
        self._opening = threading.Lock()  # a retry from two threads at once sets nothing aside twice
        try:
            self._open()
        except StudyLogError as exc:
            self._say(str(exc), warn=True)

    def _ensure_open(self) -> None:
        """It could not be used when opened: perhaps it can now (a full disk freed, a lock let go)."""
        if not self._ready:
            with self._opening:
                if not self._ready:
                    self._open()

    def _open(self) -> None:
        """Check the file and create what is missing; set a damaged one aside. Raises StudyLogError
        (the file untouched) if it cannot be used now."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if self.path.exists() and not self.path.is_file():  # SQLite would call it a disk error
                raise IsADirectoryError(errno.EISDIR, "not a file", str(self.path))
            fresh = not self.path.exists() or self.path.stat().st_size == 0
            version = 0 if fresh else self._checked_version()
            if version == 0:
                self._create()
        except (sqlite3.Error, OSError) as exc:
            if not is_damaged(exc):
                raise StudyLogError(f"the study log {self.path} cannot be used now: {self._why(exc)}. "
                                    "It is unchanged.") from exc
            self._move_aside(exc)
        else:
            if version not in (0, self.version):
                self.newer = version
                self._say(self._newer_message(), warn=True)
            elif fresh:
                self._say(f"started a new study log at {self.path}")
        self._ready = True

    def _checked_version(self) -> int:
        """The schema version of an existing file, read without writing; damage raises."""
        with self._connect(read_only=True) as db:
            check = db.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                raise damaged_error(check)
            return db.execute("PRAGMA user_version").fetchone()[0]

    def _newer_message(self) -> str:
        return (f"the study log {self.path} was written by a newer version of the assistant (schema {self.newer}; "
                f"this one knows {self.version}): upgrade the assistant to record answers in it. Until then "
                "it is shown read-only and left unchanged")

    def _move_aside(self, exc: Exception) -> None:
        """Only for a file SQLite calls damaged or no database: kept under another name, never deleted."""
        stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(self.clock()))
        aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        try:
            self.path.replace(aside)
            for suffix in ("-wal", "-shm"):  # a journal belongs to the file it came with
                extra = self.path.with_name(self.path.name + suffix)
                if extra.exists():
                    extra.replace(aside.with_name(aside.name + suffix))
            self._create()
        except (sqlite3.Error, OSError) as error:
            raise StudyLogError(f"the study log {self.path} is damaged ({exc}) and could not be replaced: "
                                f"{self._why(error)}") from error
        self._say(f"the study log {self.path} could not be read ({exc}); it was moved to {aside.name} "
                  "and a new, empty one was started", warn=True)

    def _say(self, message: str, warn: bool = False) -> None:
        self.notice = message
        self.warning = message if warn else ""
        self.log(message)

    def _why(self, exc: BaseException) -> str:
        return why(exc, self.path, self.busy_timeout_ms / 1000)

    def _create(self) -> None:
        with self._connect() as db:
            db.execute("PRAGMA journal_mode = WAL")  # readers never block the writer, and vice versa
            with immediate(db):
                for statement in filter(str.strip, self.schema.split(";")):
                    db.execute(statement)
                db.execute(f"PRAGMA user_version = {self.version}")

    @contextmanager
    def _connect(self, read_only: bool = False) -> Iterator[sqlite3.Connection]:
        target = self.path.resolve().as_uri() + "?mode=ro" if read_only else str(self.path)
        db = sqlite3.connect(target, timeout=self.busy_timeout_ms / 1000, isolation_level=None, uri=read_only)
        try:
            db.execute(f"PRAGMA busy_timeout = {self.busy_timeout_ms}")
            db.execute("PRAGMA synchronous = NORMAL")  # safe with WAL: a crash loses at most the last commit
            yield db
        finally:
            db.close()

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """A connection to read with; StudyLogError says why there is none."""
        self._ensure_open()
        try:
            with self._connect(read_only=bool(self.newer)) as db:
                yield db
        except (sqlite3.Error, OSError) as exc:
            raise StudyLogError(f"the study log {self.path} could not be read: {self._why(exc)}. "
                                "It is unchanged.") from exc

    @contextmanager
    def writing(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; StudyLogError says why it failed (the transaction is undone)."""
        self._ensure_open()
        if self.newer:
            raise StudyLogError(self._newer_message())
        try:
            with self._connect() as db, immediate(db):
                yield db
        except (sqlite3.Error, OSError) as exc:
            raise StudyLogError(f"the study log {self.path} could not be written: {self._why(exc)}. "
                                "It is unchanged.") from exc
