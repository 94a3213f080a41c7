"""The study log: SM-2 scheduling, surviving restarts, corruption, concurrent writers, Anki export."""

from __future__ import annotations

import csv
import io
import os
import sqlite3
import subprocess
import sys
import threading

from conftest import ROOT

from assistant.progress import DAY, Schedule, StudyLog, next_schedule, quality
from assistant.types import Citation, Grade, InterviewQuestion

NOW = 1_800_000_000.0


def question(text: str = "What does a canary release do?", topic: str = "Deployment Strategies") -> InterviewQuestion:
    cite = Citation(n=1, source="corpus/notes/deployment-strategies.md", title="Deployment Strategies for ML Models",
                    chunk_id="abc", text="A canary release sends a small fraction of live traffic to the new version.",
                    section="Canary")
    return InterviewQuestion(question=text, type="concept", topic=topic,
                             key_points=("A canary release sends a small fraction of live traffic to the new version.",),
                             citations=(cite,), model_answer="A canary release sends a small fraction of live "
                                                             "traffic to the new version [1].")


def grade(score: int, q: InterviewQuestion | None = None) -> Grade:
    q = q or question()
    return Grade(question=q.question, answer=f"an answer worth {score}", score=score,
                 covered=q.key_points if score >= 50 else (), missed=() if score >= 50 else q.key_points,
                 feedback="", model_answer=q.model_answer, citations=q.citations)


def test_a_failed_item_comes_back_sooner_than_a_passed_one(tmp_path):
    log = StudyLog(tmp_path / "study.sqlite3")
    failed = log.record(question("Q fail?"), grade(30, question("Q fail?")), now=NOW)
    passed = log.record(question("Q pass?"), grade(85, question("Q pass?")), now=NOW)
    assert failed.due_at < passed.due_at
    assert failed.due_at - NOW == 600 and passed.due_at - NOW == DAY
    assert [i.question for i in log.due(now=NOW + 700)] == ["Q fail?"]
    assert {i.question for i in log.due(now=NOW + DAY + 1)} == {"Q fail?", "Q pass?"}


def test_sm2_intervals_grow_with_each_pass_and_a_lapse_starts_over():
    state, intervals = Schedule(), []
    for _ in range(4):
        state = next_schedule(state, 95, NOW)
        intervals.append(state.interval_days)
    assert intervals[:2] == [1.0, 6.0] and intervals[3] > intervals[2] > 6.0
    lapsed = next_schedule(state, 10, NOW)
    assert lapsed.repetitions == 0 and lapsed.due_at - NOW < DAY and lapsed.ease < state.ease
    assert next_schedule(Schedule(), 62, NOW).ease < next_schedule(Schedule(), 95, NOW).ease  # a shaky pass
    assert [quality(s) for s in (0, 20, 40, 60, 75, 90)] == [0, 1, 2, 3, 4, 5]


def test_the_review_list_survives_a_restart(tmp_path):
    path = tmp_path / "study.sqlite3"
    first = StudyLog(path)
    assert "new study log" in first.notice
    first.record(question(), grade(20), now=NOW)
    del first
    reopened = StudyLog(path)
    due = reopened.due(now=NOW + 3600)
    assert [i.question for i in due] == [question().question] and due[0].last_score == 20
    stored = reopened.question(due[0].id)
    assert stored == question()  # key points, citations and model answer come back intact
    assert reopened.notice == ""


def test_a_corrupt_database_is_moved_aside_and_recreated(tmp_path):
    path = tmp_path / "study.sqlite3"
    path.write_bytes(b"this is not an SQLite database\x00" * 200)
    messages: list[str] = []
    log = StudyLog(path, log=messages.append)
    aside = [p for p in tmp_path.iterdir() if p.name.startswith("study.sqlite3.corrupt-")]
    assert len(aside) == 1 and aside[0].read_bytes().startswith(b"this is not")  # kept, not deleted
    assert messages and "moved to" in messages[0] and "new, empty one" in messages[0] and log.notice == messages[0]
    log.record(question(), grade(90), now=NOW)
    assert log.attempt_count() == 1


def test_a_damaged_page_is_detected_too(tmp_path):
    path = tmp_path / "study.sqlite3"
    log = StudyLog(path)
    for i in range(200):
        q = question(f"Question {i} about canary releases and rollbacks?")
        log.record(q, grade(70, q), now=NOW)
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    data[4096 * 2: 4096 * 4] = b"\xff" * 8192  # scribble over two pages in the middle
    path.write_bytes(bytes(data))
    recovered = StudyLog(path)
    assert "could not be read" in recovered.notice and recovered.attempt_count() == 0


WRITER = """
import sys
from test_progress import question, grade
from assistant.progress import StudyLog
log = StudyLog({path!r})
for i in range({n}):
    q = question(f"Writer {{sys.argv[1]}} question {{i % 7}}?")
    log.record(q, grade(i % 100, q))
"""


def test_concurrent_writers_lose_nothing(tmp_path):
    path = tmp_path / "study.sqlite3"
    StudyLog(path)
    n = 100
    script = WRITER.format(path=str(path), n=n)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "tests")}  # the writers import this test module's builders
    processes = [subprocess.Popen([sys.executable, "-c", script, name], cwd=ROOT, env=env)
                 for name in ("A", "B")]
    log = StudyLog(path)  # and threads in this process, each call on its own connection

    def work(name: str) -> None:
        for i in range(n):
            q = question(f"Thread {name} question {i % 5}?")
            log.record(q, grade(50, q))

    threads = [threading.Thread(target=work, args=(name,)) for name in ("x", "y")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(p.wait(timeout=120) == 0 for p in processes)
    assert log.attempt_count() == 4 * n
    assert len(log.upcoming(limit=1000)) == 2 * 7 + 2 * 5


def test_anki_csv_export_parses_and_names_its_columns(tmp_path):
    log = StudyLog(tmp_path / "study.sqlite3")
    tricky = question('Why does "blue-green", with commas, need two environments?\nTwo lines', "Deployment, strategies")
    log.record(question(), grade(80), now=NOW)
    log.record(tricky, grade(40, tricky), now=NOW)
    text = log.export_csv()
    rows = list(csv.reader(io.StringIO(text)))
    headers = [r for r in rows if r[0].startswith("#")]
    notes = [r for r in rows if not r[0].startswith("#")]
    assert ["#columns:Front", "Back", "Tags"] in headers and ["#tags column:3"] in headers
    assert ["#separator:Comma"] in headers and ["#html:true"] in headers
    assert len(notes) == 2 and all(len(r) == 3 for r in notes)
    front, back, tags = notes[1]
    assert "blue-green" in front and "with commas" in front
    assert "Key points" in back and "[1]" in back and "Deployment Strategies for ML Models" in back
    assert " " not in tags.split()[-1] and "mlops-study" in tags.split() and "topic::deployment_strategies" in tags


def test_mastery_per_topic_uses_each_questions_latest_score(tmp_path):
    log = StudyLog(tmp_path / "study.sqlite3")
    a, b = question("A?", "Monitoring"), question("B?", "Monitoring")
    log.record(a, grade(20, a), now=NOW)
    log.record(a, grade(90, a), now=NOW + 1)
    log.record(b, grade(60, b), now=NOW + 2)
    log.record(question("C?", "Serving"), grade(40, question("C?", "Serving")), now=NOW + 3)
    assert log.mastery() == [("Monitoring", 75.0, 2), ("Serving", 40.0, 1)]
    assert [h.question for h in log.history()] == ["C?", "B?", "A?", "A?"]
