"""Study history and spaced review in SQLite (stdlib): what was asked, how it went, what is due.

Every graded answer is one row in `attempts`; each distinct question is one row in
`items` carrying its SM-2 schedule. SM-2 (the SuperMemo 2 algorithm Anki grew
from) rather than Leitner boxes because grades here are scores, not pass/fail:
SM-2 turns the 0–100 score into a 0–5 quality, so a shaky pass (60) comes back
sooner than a clean one (95), and an item that keeps going badly gets a lower
ease and stays frequent. A failed item (score < 60) returns after 10 minutes —
Anki's first relearning step — so it is always sooner than any pass (≥ 1 day).

Safety: WAL journal, a busy timeout, and every write in one BEGIN IMMEDIATE
transaction on its own connection, so two browser tabs or two processes never
interleave half-written updates. A file that is not a readable study log is
renamed aside with a timestamp and a fresh one created, with a message saying so.

Not here: writing questions or grading (interview.py), drawing charts (ui/).
"""

from __future__ import annotations

import csv
import html
import io
import json
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .types import Grade, InterviewQuestion, heading

FILE_NAME = "study.sqlite3"
SCHEMA_VERSION = 1
# Another writer holds the lock for milliseconds; 10 s rides out a slow disk without hanging a tab forever.
BUSY_TIMEOUT_MS = 10_000
DAY = 86_400.0
RELEARN_SECONDS = 600.0  # a failed item comes back in 10 minutes (Anki's first learning step)
PASS_QUALITY = 3  # SM-2: quality 3 or more is a pass

_SCHEMA = """
CREATE TABLE IF NOT EXISTS items (
    id INTEGER PRIMARY KEY,
    question TEXT NOT NULL UNIQUE,
    type TEXT NOT NULL,
    topic TEXT NOT NULL,
    data TEXT NOT NULL,              -- the InterviewQuestion as JSON (key points, citations, model answer)
    created_at REAL NOT NULL,
    repetitions INTEGER NOT NULL DEFAULT 0,
    interval_days REAL NOT NULL DEFAULT 0,
    ease REAL NOT NULL DEFAULT 2.5,
    due_at REAL NOT NULL,
    last_score INTEGER);
CREATE TABLE IF NOT EXISTS attempts (
    id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES items(id),
    answered_at REAL NOT NULL,
    answer TEXT NOT NULL,
    score INTEGER NOT NULL,
    covered TEXT NOT NULL,
    missed TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS items_due ON items(due_at);
CREATE INDEX IF NOT EXISTS attempts_item ON attempts(item_id);
"""


@dataclass(frozen=True)
class Schedule:
    repetitions: int = 0  # passes in a row
    interval_days: float = 0.0
    ease: float = 2.5  # SM-2's starting ease factor
    due_at: float = 0.0


def quality(score: int) -> int:
    """SM-2 quality 0–5 from a 0–100 score: 90+ → 5, 75+ → 4, 60+ → 3 (pass), 40+ → 2, 20+ → 1."""
    return next((q for q, floor in ((5, 90), (4, 75), (3, 60), (2, 40), (1, 20)) if score >= floor), 0)


def next_schedule(state: Schedule, score: int, now: float) -> Schedule:
    """SM-2: 1 day, then 6 days, then the last interval times the ease; a fail starts over in 10 minutes."""
    q = quality(score)
    ease = max(1.3, state.ease + 0.1 - (5 - q) * (0.08 + (5 - q) * 0.02))
    if q < PASS_QUALITY:
        return Schedule(repetitions=0, interval_days=0.0, ease=ease, due_at=now + RELEARN_SECONDS)
    repetitions = state.repetitions + 1
    interval = 1.0 if repetitions == 1 else 6.0 if repetitions == 2 else round(state.interval_days * ease, 1)
    return Schedule(repetitions=repetitions, interval_days=interval, ease=ease, due_at=now + interval * DAY)


@dataclass(frozen=True)
class ReviewItem:
    id: int
    question: str
    type: str
    topic: str
    due_at: float
    last_score: int | None
    repetitions: int
    interval_days: float


@dataclass(frozen=True)
class Attempt:
    question: str
    topic: str
    answered_at: float
    score: int
    answer: str


class StudyLog:
    """The study log at `path`. Each call opens its own short-lived connection (safe across threads)."""

    def __init__(self, path: Path, log: Callable[[str], None] | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        self.path = Path(path)
        self.clock = clock
        self.log = log or (lambda line: None)
        self.notice = ""  # what happened when it was opened (created, recovered), for the UI
        self._prepare()

    # -- opening and recovery ---------------------------------------------------
    def _prepare(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        existed = self.path.exists() and self.path.stat().st_size > 0
        try:
            with self._connect() as db:
                check = db.execute("PRAGMA quick_check").fetchone()[0]
                if check != "ok":
                    raise sqlite3.DatabaseError(check)
                version = db.execute("PRAGMA user_version").fetchone()[0]
                if version not in (0, SCHEMA_VERSION):
                    raise sqlite3.DatabaseError(f"schema version {version}, expected {SCHEMA_VERSION}")
                self._create(db)
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise  # another process is writing: not corruption
            self._move_aside(exc)
        except sqlite3.DatabaseError as exc:  # "file is not a database", "malformed", failed check
            self._move_aside(exc)
        else:
            if not existed:
                self._say(f"started a new study log at {self.path}")

    def _move_aside(self, exc: Exception) -> None:
        stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(self.clock()))
        aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        self.path.replace(aside)
        for suffix in ("-wal", "-shm"):  # a journal belongs to the file it came with
            extra = self.path.with_name(self.path.name + suffix)
            if extra.exists():
                extra.replace(aside.with_name(aside.name + suffix))
        with self._connect() as db:
            self._create(db)
        self._say(f"the study log {self.path} could not be read ({exc}); it was moved to {aside.name} "
                  "and a new, empty one was started")

    def _say(self, message: str) -> None:
        self.notice = message
        self.log(message)

    @staticmethod
    def _create(db: sqlite3.Connection) -> None:
        with _immediate(db):
            for statement in filter(str.strip, _SCHEMA.split(";")):
                db.execute(statement)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        try:
            db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            db.execute("PRAGMA journal_mode = WAL")  # readers never block the writer, and vice versa
            db.execute("PRAGMA synchronous = NORMAL")  # safe with WAL: a crash loses at most the last commit
            yield db
        finally:
            db.close()

    # -- writes -----------------------------------------------------------------
    def record(self, question: InterviewQuestion, grade: Grade, now: float | None = None) -> ReviewItem:
        """Store one graded answer and reschedule its question; returns the item's new schedule."""
        now = self.clock() if now is None else now
        data = json.dumps({**question.to_dict(), "topic": question.topic, "model_answer": question.model_answer},
                          ensure_ascii=False)
        with self._connect() as db, _immediate(db):
            db.execute("INSERT INTO items (question, type, topic, data, created_at, due_at) VALUES (?, ?, ?, ?, ?, ?) "
                       "ON CONFLICT(question) DO UPDATE SET data = excluded.data",
                       (question.question, question.type, question.topic or "other", data, now, now))
            row = db.execute("SELECT id, repetitions, interval_days, ease FROM items WHERE question = ?",
                             (question.question,)).fetchone()
            item_id = row[0]
            new = next_schedule(Schedule(row[1], row[2], row[3]), grade.score, now)
            db.execute("UPDATE items SET repetitions = ?, interval_days = ?, ease = ?, due_at = ?, last_score = ? "
                       "WHERE id = ?", (new.repetitions, new.interval_days, new.ease, new.due_at, grade.score, item_id))
            db.execute("INSERT INTO attempts (item_id, answered_at, answer, score, covered, missed) "
                       "VALUES (?, ?, ?, ?, ?, ?)", (item_id, now, grade.answer, grade.score,
                                                     json.dumps(list(grade.covered)), json.dumps(list(grade.missed))))
        return ReviewItem(item_id, question.question, question.type, question.topic or "other", new.due_at,
                          grade.score, new.repetitions, new.interval_days)

    # -- reads ------------------------------------------------------------------
    def due(self, now: float | None = None, limit: int = 50) -> list[ReviewItem]:
        """Items due by `now`, most overdue first."""
        now = self.clock() if now is None else now
        return self._items("WHERE due_at <= ? ORDER BY due_at LIMIT ?", (now, limit))

    def upcoming(self, limit: int = 50) -> list[ReviewItem]:
        """Every scheduled item, soonest first."""
        return self._items("ORDER BY due_at LIMIT ?", (limit,))

    def _items(self, where: str, args: tuple) -> list[ReviewItem]:
        with self._connect() as db:
            rows = db.execute("SELECT id, question, type, topic, due_at, last_score, repetitions, interval_days "
                              f"FROM items {where}", args).fetchall()
        return [ReviewItem(*row) for row in rows]

    def question(self, item_id: int) -> InterviewQuestion | None:
        with self._connect() as db:
            row = db.execute("SELECT data FROM items WHERE id = ?", (item_id,)).fetchone()
        return InterviewQuestion.from_dict(json.loads(row[0])) if row else None

    def history(self, limit: int = 100) -> list[Attempt]:
        """Graded answers, newest first."""
        with self._connect() as db:
            rows = db.execute("SELECT i.question, i.topic, a.answered_at, a.score, a.answer FROM attempts a "
                              "JOIN items i ON i.id = a.item_id ORDER BY a.answered_at DESC, a.id DESC LIMIT ?",
                              (limit,)).fetchall()
        return [Attempt(*row) for row in rows]

    def attempt_count(self) -> int:
        with self._connect() as db:
            return db.execute("SELECT COUNT(*) FROM attempts").fetchone()[0]

    def mastery(self) -> list[tuple[str, float, int]]:
        """(topic, mastery 0–100, questions) per topic: the mean of each question's latest score."""
        with self._connect() as db:
            rows = db.execute("SELECT topic, AVG(last_score), COUNT(*) FROM items WHERE last_score IS NOT NULL "
                              "GROUP BY topic ORDER BY topic").fetchall()
        return [(topic, round(avg, 1), count) for topic, avg, count in rows]

    def export_csv(self) -> str:
        """Every question as an Anki note: Front (question), Back (model answer, key points, sources), Tags.

        Anki reads the `#` lines as file headers (separator, HTML, column names, tags column),
        so no header row is imported as a card.
        """
        with self._connect() as db:
            rows = db.execute("SELECT data, type, topic FROM items ORDER BY id").fetchall()
        out = io.StringIO()
        out.write("#separator:Comma\n#html:true\n#columns:Front,Back,Tags\n#tags column:3\n")
        writer = csv.writer(out, lineterminator="\n")
        for data, kind, topic in rows:
            q = InterviewQuestion.from_dict(json.loads(data))
            points = "".join(f"<li>{html.escape(p)}</li>" for p in q.key_points)
            sources = "<br>".join(f"[{c.n}] {html.escape(heading(c.title, c.section))}"
                                  for c in q.citations)
            back = f"{html.escape(q.model_answer)}<br><br><b>Key points</b><ul>{points}</ul><small>{sources}</small>"
            writer.writerow([html.escape(q.question), back, f"mlops-study {kind} {_tag(topic)}"])
        return out.getvalue()


def _tag(topic: str) -> str:
    """An Anki tag: no spaces (Anki splits tags on spaces)."""
    return "topic::" + "_".join("".join(ch if ch.isalnum() else " " for ch in topic.lower()).split())


@contextmanager
def _immediate(db: sqlite3.Connection) -> Iterator[None]:
    """One write transaction, taking the write lock up front (no deadlock on lock upgrade)."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def open_study_log(settings, log: Callable[[str], None] | None = None) -> StudyLog:
    """The study log under the data directory (`settings.home`)."""
    return StudyLog(Path(settings.home) / FILE_NAME, log=log)
