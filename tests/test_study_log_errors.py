"""The study log is never thrown away: only a file that is not a study log is moved aside.

A full disk, a file or folder that cannot be opened or written, a lock held too long and a
log written by a newer version leave the file byte for byte as it was, and the learner is
told what happened and what to do; an answer that could not be recorded says so.

SQLite is made to fail for real where it can: `PRAGMA max_page_count` makes it report a
full disk, a `mode=ro` connection makes it report a read-only database, a directory in
the file's place makes it fail to open it, another connection holds the write lock.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import ROOT
from test_progress import grade, question

import assistant.progress as progress
from assistant.errors import AssistantError
from assistant.progress import StudyLog

REAL_CONNECT = sqlite3.connect


def filled_log(folder: Path, answers: int = 3) -> Path:
    """A study log holding a few graded answers, every connection to it closed (no -wal file)."""
    path = folder / "study.sqlite3"
    log = StudyLog(path)
    for i in range(answers):
        q = question(f"Question {i} about canary releases?")
        log.record(q, grade(70, q))
    return path


def newer_log(folder: Path) -> Path:
    """A filled study log as a newer version of the assistant would leave it (a higher schema version)."""
    path = filled_log(folder)
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {progress.SCHEMA_VERSION + 1}")
    db.close()
    return path


def contents(folder: Path) -> dict[str, bytes | None]:
    """Every entry of the folder: a file's bytes, None for a folder."""
    return {p.name: (p.read_bytes() if p.is_file() else None) for p in sorted(folder.iterdir())
            if not p.name.endswith(("-wal", "-shm"))}


def moved_aside(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if ".corrupt-" in p.name]


def with_page_cap(database, *args, **kw):
    """A real connection that may not grow the file: SQLite itself says the disk is full."""
    db = REAL_CONNECT(database, *args, **kw)
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {max(pages, 1)}")
    return db


def read_only(database, *args, **kw):
    """A real connection that SQLite opens read-only, as it does for a file it may not write."""
    if str(database).startswith("file:"):
        return REAL_CONNECT(database, *args, **kw)
    return REAL_CONNECT(Path(database).resolve().as_uri() + "?mode=ro", *args, **{**kw, "uri": True})


def test_a_full_disk_is_reported_with_sqlites_own_words_and_the_log_is_left_as_it_was(tmp_path, monkeypatch):
    path = filled_log(tmp_path)
    before = contents(tmp_path)
    monkeypatch.setattr(sqlite3, "connect", with_page_cap)
    messages: list[str] = []
    log = StudyLog(path, log=messages.append)
    big = question("A question whose answer needs new pages?")
    with pytest.raises(AssistantError) as raised:
        log.record(big, replace(grade(80, big), answer="x" * 200_000))
    message = str(raised.value)
    assert "not saved" in message and "disk is full" in message and "free some space" in message
    assert "database or disk is full" in message and "rollback" not in message  # the cause, not the cleanup's error
    assert "unchanged" in message
    assert contents(tmp_path) == before and not moved_aside(tmp_path)
    monkeypatch.setattr(sqlite3, "connect", REAL_CONNECT)
    assert StudyLog(path).attempt_count() == 3  # every earlier answer is still there


def test_a_log_that_cannot_be_opened_is_reported_and_not_moved(tmp_path):
    path = tmp_path / "study.sqlite3"
    path.mkdir()  # something that is not a file holds its name
    (path / "keep.txt").write_text("mine")
    messages: list[str] = []
    log = StudyLog(path, log=messages.append)  # the app still starts
    assert path.is_dir() and (path / "keep.txt").read_text() == "mine" and not moved_aside(tmp_path)
    assert messages and "cannot be opened" in log.notice and "unchanged" in log.notice
    with pytest.raises(AssistantError, match="cannot be opened"):
        log.record(question(), grade(90))
    with pytest.raises(AssistantError, match="cannot be opened"):
        log.due()
    shutil.rmtree(path)  # the learner moves it away, as the message says: the next call works
    log.record(question(), grade(90))
    assert log.attempt_count() == 1


def test_a_folder_that_is_a_file_is_reported_and_left_alone(tmp_path):
    blocker = tmp_path / "home"
    blocker.write_text("not a folder")
    log = StudyLog(blocker / "study.sqlite3")
    assert "cannot be opened" in log.notice and blocker.read_text() == "not a folder"
    with pytest.raises(AssistantError, match="cannot be opened"):
        log.record(question(), grade(90))


def test_a_read_only_log_is_read_but_not_written_and_says_so(tmp_path, monkeypatch):
    path = filled_log(tmp_path)
    before = contents(tmp_path)
    monkeypatch.setattr(sqlite3, "connect", read_only)
    log = StudyLog(path)
    assert len(log.upcoming()) == 3  # what it holds is still shown
    with pytest.raises(AssistantError) as raised:
        log.record(question(), grade(90))
    assert "not saved" in str(raised.value) and "read-only" in str(raised.value)
    assert contents(tmp_path) == before and not moved_aside(tmp_path)


def test_a_log_written_by_a_newer_version_is_shown_never_written_nor_moved(tmp_path):
    path = newer_log(tmp_path)
    before = contents(tmp_path)
    log = StudyLog(path)
    assert "newer version of the assistant" in log.notice and "upgrade" in log.notice
    assert len(log.upcoming()) == 3 and log.attempt_count() == 3
    with pytest.raises(AssistantError, match="newer version of the assistant"):
        log.record(question(), grade(90))
    assert contents(tmp_path) == before and not moved_aside(tmp_path)


def test_a_lock_held_past_the_timeout_is_reported_and_the_next_try_succeeds(tmp_path, monkeypatch):
    path = filled_log(tmp_path)
    monkeypatch.setattr(progress, "BUSY_TIMEOUT_MS", 200)
    log = StudyLog(path)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another program writing, and not letting go
    try:
        with pytest.raises(AssistantError) as raised:
            log.record(question(), grade(90))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert "locked" in str(raised.value) and "try again" in str(raised.value) and "not saved" in str(raised.value)
    assert not moved_aside(tmp_path)
    log.record(question(), grade(90))
    assert log.attempt_count() == 4


def test_a_file_that_is_not_a_study_log_is_still_moved_aside(tmp_path):
    path = tmp_path / "study.sqlite3"
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)  # an SQLite header over garbage
    log = StudyLog(path)
    assert "moved to" in log.notice and len(moved_aside(tmp_path)) == 1
    log.record(question(), grade(90))
    assert log.attempt_count() == 1


class _Grader:
    def grade(self, q, answer):
        return grade(40, q)


def test_the_app_shows_the_grade_and_says_the_answer_was_not_saved(tmp_path):
    from assistant.ui import interview_tab as tab

    path = newer_log(tmp_path)
    log = StudyLog(path)
    q = question()
    panel, sources = tab.grade_answer(_Grader(), log, [q], q.question, "my answer")
    assert "Score: 40/100" in panel and "not saved" in panel and "newer version" in panel and sources
    listing, choices = tab.due_view(log, now=0)
    assert "Nothing is due" in listing


def test_the_cli_prints_why_and_exits_2(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "study.sqlite3").mkdir()
    env = {**os.environ, "ASSISTANT_HOME": str(home)}
    result = subprocess.run([sys.executable, "-m", "assistant", "review"], env=env, cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2, result.stdout
    assert "error:" in result.stderr and "cannot be opened" in result.stderr
    assert (home / "study.sqlite3").is_dir() and not moved_aside(home)


def test_grade_prints_the_grade_then_why_it_was_not_saved_and_exits_2(tmp_path, small_corpus):
    home = tmp_path / "home"
    home.mkdir()
    path = filled_log(home)
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {progress.SCHEMA_VERSION + 1}")
    db.close()
    before = path.read_bytes()
    env = {**os.environ, "ASSISTANT_HOME": str(home), "ASSISTANT_CORPUS": str(small_corpus),
           "ASSISTANT_EMBEDDINGS": "hashing", "ASSISTANT_BACKEND": "extractive"}
    result = subprocess.run([sys.executable, "-m", "assistant", "grade", "--question", "What is a canary release?",
                             "--answer", "It sends a little traffic to the new version.", "--json"],
                            env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 2
    assert 0 <= json.loads(result.stdout)["score"] <= 100  # the grade itself is not lost
    assert "error: your answer was not saved" in result.stderr and "newer version" in result.stderr
    assert path.read_bytes() == before and not moved_aside(home)
