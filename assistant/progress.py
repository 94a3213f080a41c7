"""Study history and spaced review in SQLite (stdlib): what was asked, how it went, what is due.

Every graded answer is one row in `attempts`; each distinct question is one row in
`items` carrying its SM-2 schedule (schedule.py).

Safety: WAL journal, a busy timeout, and every write in one BEGIN IMMEDIATE
transaction on its own connection, so two browser tabs or two processes never
interleave half-written updates. Only a file that is not a study log (SQLite finds no
database in it, or a damaged one) is renamed aside with a timestamp and a fresh one
created, with a message saying so. Anything else leaves the file exactly as it is and
says what happened and what to do (`StudyLogError`): a full disk, a file or folder
that cannot be opened or written, a lock held past the timeout; a log written by a
newer version is shown read-only. An answer that cannot be recorded raises, so the
app and the CLI say it was not saved instead of losing it quietly.

Not here: the SM-2 schedule (schedule.py), writing questions or grading (interview/),
drawing charts (ui/).
"""

from __future__ import annotations

import csv
import html
import io
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .schedule import DAY, Schedule, next_schedule, quality  # noqa: F401  (DAY, quality: used from here too)
from .study_file import StudyFile, StudyLogError
from .types import Grade, InterviewQuestion, heading

FILE_NAME = "study.sqlite3"
SCHEMA_VERSION = 1
# Another writer holds the lock for milliseconds; 10 s rides out a slow disk without hanging a tab forever.
BUSY_TIMEOUT_MS = 10_000

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
    """The study log at `path`. Each call opens its own short-lived connection (safe across threads).

    Opening never raises for a file it cannot use now: `notice` says why (and `warning` too,
    for the UI to show), and each later call tries again, raising `StudyLogError` if it still
    cannot read or write it.
    """

    def __init__(self, path: Path, log: Callable[[str], None] | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        self.path = Path(path)
        self.clock = clock
        self.log = log or (lambda line: None)
        self.file = StudyFile(self.path, _SCHEMA, SCHEMA_VERSION, self.log, clock, BUSY_TIMEOUT_MS)

    @property
    def notice(self) -> str:
        """What happened when it was opened (created, moved aside, cannot be used now), for the UI."""
        return self.file.notice

    @property
    def warning(self) -> str:
        """The notice, when the learner must see it (moved aside, cannot be used, newer version)."""
        return self.file.warning

    # -- writes -----------------------------------------------------------------
    def record(self, question: InterviewQuestion, grade: Grade, now: float | None = None) -> ReviewItem:
        """Store one graded answer and reschedule its question; returns the item's new schedule.
        Raises StudyLogError (saying it was not saved, and why) if it cannot be stored."""
        try:
            return self._record(question, grade, self.clock() if now is None else now)
        except StudyLogError as exc:
            raise StudyLogError(f"your answer was not saved: {exc}") from exc

    def _record(self, question: InterviewQuestion, grade: Grade, now: float) -> ReviewItem:
        data = json.dumps({**question.to_dict(), "topic": question.topic, "model_answer": question.model_answer},
                          ensure_ascii=False)
        with self.file.writing() as db:
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
        with self.file.reading() as db:
            rows = db.execute("SELECT id, question, type, topic, due_at, last_score, repetitions, interval_days "
                              f"FROM items {where}", args).fetchall()
        return [ReviewItem(*row) for row in rows]

    def question(self, item_id: int) -> InterviewQuestion | None:
        with self.file.reading() as db:
            row = db.execute("SELECT data FROM items WHERE id = ?", (item_id,)).fetchone()
        return InterviewQuestion.from_dict(json.loads(row[0])) if row else None

    def history(self, limit: int = 100) -> list[Attempt]:
        """Graded answers, newest first."""
        with self.file.reading() as db:
            rows = db.execute("SELECT i.question, i.topic, a.answered_at, a.score, a.answer FROM attempts a "
                              "JOIN items i ON i.id = a.item_id ORDER BY a.answered_at DESC, a.id DESC LIMIT ?",
                              (limit,)).fetchall()
        return [Attempt(*row) for row in rows]

    def attempt_count(self) -> int:
        with self.file.reading() as db:
            return db.execute("SELECT COUNT(*) FROM attempts").fetchone()[0]

    def mastery(self) -> list[tuple[str, float, int]]:
        """(topic, mastery 0–100, questions) per topic: the mean of each question's latest score."""
        with self.file.reading() as db:
            rows = db.execute("SELECT topic, AVG(last_score), COUNT(*) FROM items WHERE last_score IS NOT NULL "
                              "GROUP BY topic ORDER BY topic").fetchall()
        return [(topic, round(avg, 1), count) for topic, avg, count in rows]

    def export_csv(self) -> str:
        """Every question as an Anki note: Front (question), Back (model answer, key points, sources), Tags.

        Anki reads the `#` lines as file headers (separator, HTML, column names, tags column),
        so no header row is imported as a card.
        """
        with self.file.reading() as db:
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


def open_study_log(settings, log: Callable[[str], None] | None = None, user: str | None = None) -> StudyLog:
    """The study log under the data directory (`settings.home`); with accounts, `user`'s own."""
    folder = Path(settings.home) if user is None else settings.user_home(user)
    return StudyLog(folder / FILE_NAME, log=log)
