"""Accounts for a class: the user file, its command line, and what each learner sees.

A learner's uploads are cited in that learner's answers only; the shared corpus is
read-only to learners and managed by an admin; without a user file nothing changes.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys

import pytest
from conftest import ROOT

from assistant.accounts import AccountError, Accounts
from assistant.chat import build_assistant
from assistant.learners import Learners, NotAllowed


def test_passwords_are_kept_only_as_salted_hashes(tmp_path):
    accounts = Accounts(tmp_path / "users.json")
    assert not accounts.enabled()
    assert accounts.add("alice", "correct horse") and accounts.add("bob", "correct horse")
    text = (tmp_path / "users.json").read_text()
    assert "correct horse" not in text
    users = json.loads(text)["users"]
    assert users["alice"]["hash"].startswith("scrypt$") and users["alice"]["hash"] != users["bob"]["hash"]  # salted
    assert stat.S_IMODE(os.stat(tmp_path / "users.json").st_mode) == 0o600
    assert accounts.check("alice", "correct horse") and not accounts.check("alice", "correct horsE")
    assert not accounts.check("carol", "correct horse")
    assert not accounts.add("alice", "a new password", admin=True)  # updated, not added
    assert accounts.check("alice", "a new password") and accounts.get("alice").admin
    assert [(a.name, a.admin) for a in accounts.list()] == [("alice", True), ("bob", False)]
    assert accounts.remove("bob") and not accounts.remove("bob") and not accounts.check("bob", "correct horse")


@pytest.mark.parametrize("name, password, why", [
    ("Alice", "long enough", "lower-case"), ("../etc", "long enough", "lower-case"), ("", "long enough", "lower-case"),
    ("alice", "short", "at least 8"),
])
def test_a_bad_name_or_short_password_is_refused_with_what_to_do(tmp_path, name, password, why):
    with pytest.raises(AccountError, match=why):
        Accounts(tmp_path / "users.json").add(name, password)
    assert not (tmp_path / "users.json").exists()


def test_guessing_a_password_is_slowed_to_ten_tries_a_minute(tmp_path):
    accounts = Accounts(tmp_path / "users.json")
    accounts.add("alice", "correct horse")
    for _ in range(10):
        assert not accounts.check("alice", "guess")
    assert not accounts.check("alice", "correct horse")  # refused for the rest of the minute, unchecked
    assert accounts.check("bob-is-not-alice", "x") is False


def test_a_damaged_user_file_says_what_to_do(tmp_path):
    (tmp_path / "users.json").write_text("{not json")
    with pytest.raises(AccountError, match="fix or delete it"):
        Accounts(tmp_path / "users.json").enabled()


def users_cli(home, *args, password: str | None = None):
    return subprocess.run([sys.executable, "-m", "assistant", "users", *args], input=password, text=True,
                          capture_output=True, cwd=ROOT, env={**os.environ, "ASSISTANT_HOME": str(home)}, timeout=60)


def test_users_add_list_and_remove_from_the_command_line(tmp_path):
    added = users_cli(tmp_path, "add", "teacher", "--admin", password="s3cret-pass\n")
    assert added.returncode == 0 and "added teacher as an admin" in added.stdout
    assert users_cli(tmp_path, "add", "ann", password="an0ther-pass\n").returncode == 0
    assert Accounts(tmp_path / "users.json").check("teacher", "s3cret-pass")
    listed = users_cli(tmp_path, "list", "--json")
    assert json.loads(listed.stdout) == [{"name": "ann", "admin": False}, {"name": "teacher", "admin": True}]
    short = users_cli(tmp_path, "add", "bo", password="short\n")
    assert short.returncode == 2 and "at least 8 characters" in short.stderr
    removed = users_cli(tmp_path, "remove", "ann")
    assert removed.returncode == 0 and "their study log and uploads stay" in removed.stdout
    missing = users_cli(tmp_path, "remove", "ann")
    assert missing.returncode == 2 and "no account named 'ann'" in missing.stderr


# -- each learner's own study log, library and answers --------------------------------------

LIGHTHOUSE = ("# Our model review board\n\nThe Lighthouse Panel is our team's model review board. "
              "The Lighthouse Panel meets every Thursday afternoon to approve production releases.\n")
QUESTION = "When does the Lighthouse Panel meet?"


@pytest.fixture
def classroom(small_settings, tmp_path):
    accounts = Accounts(small_settings.home / "users.json")
    accounts.add("teacher", "teacher-pass", admin=True)
    accounts.add("ann", "ann-password")
    accounts.add("ben", "ben-password")
    assistant = build_assistant(small_settings, progress=False, log=lambda line: None)
    yield Learners(assistant, accounts), assistant, tmp_path
    assistant.live.close()


def test_a_learners_upload_is_cited_in_their_answers_only(classroom):
    learners, assistant, tmp_path = classroom
    note = tmp_path / "review-board.md"
    note.write_text(LIGHTHOUSE)
    ann, ben, teacher = learners.get("ann"), learners.get("ben"), learners.get("teacher")
    outcome = ann.library.add([(note, note.name)])
    assert "added libraries/ann/review-board.md" in outcome.text
    answer = ann.assistant.ask(QUESTION)
    assert not answer.refused and {c.source for c in answer.citations} == {"libraries/ann/review-board.md"}
    for other in (ben, teacher):
        answer = other.assistant.ask(QUESTION)
        assert all(not c.source.startswith("libraries/") for c in answer.citations)
        assert "Thursday" not in answer.answer
        assert "review-board.md" not in {e.source.rsplit("/", 1)[-1] for e in other.library.entries()}
        assert "Our model review board" not in other.assistant.topics()
        assert "Our model review board" not in other.interviewer.topics()
    assert not assistant.ask(QUESTION).citations or "Thursday" not in assistant.ask(QUESTION).answer  # no reader
    assert "Our model review board" in ann.interviewer.topics()


def test_a_section_written_for_a_background_is_found_only_in_its_owners_library(classroom):
    # A section written for the learner's background is kept among the passages whatever the search
    # ranks it; another learner's upload must still stay out of sight.
    learners, _, tmp_path = classroom
    note = tmp_path / "analysts.md"
    note.write_text("# Team onboarding\n\n## Moving into MLOps from data analysis\n\n"
                    "Analysts who join the platform team pair with the Lighthouse Panel for their first month.\n")
    ann, ben = learners.get("ann"), learners.get("ben")
    ann.library.add([(note, note.name)])
    question = "I'm a data analyst. What should I learn first to move into MLOps?"  # no word of the note's text

    def found(learner) -> set[str]:
        return {p.chunk.source for p in learner.assistant.live.look_up(question).found.passages}

    assert "libraries/ann/analysts.md" in found(ann)
    assert not any(source.startswith("libraries/") for source in found(ben))


def test_learners_change_only_their_own_library_and_an_admin_manages_the_shared_one(classroom):
    learners, assistant, tmp_path = classroom
    ann, ben, teacher = learners.get("ann"), learners.get("ben"), learners.get("teacher")
    note = tmp_path / "review-board.md"
    note.write_text(LIGHTHOUSE)
    ann.library.add([(note, note.name)])
    shared = tmp_path / "shared.md"
    shared.write_text("# Class handbook\n\nThe class handbook says every model ships behind a feature flag first.\n")
    assert "added library/shared.md" in teacher.library.add([(shared, shared.name)]).text
    assert [e.source for e in ann.library.entries() if e.removable] == ["libraries/ann/review-board.md"]
    assert [e.source for e in teacher.library.entries() if e.removable] == ["library/shared.md"]
    assert "not one of your documents" in ben.library.remove("libraries/ann/review-board.md").text
    assert "not one of your documents" in ann.library.remove("library/shared.md").text
    assert "only an admin can rebuild" in ann.library.rebuild().text and not ann.library.may_rebuild
    assert (assistant.settings.libraries_dir / "ann" / "review-board.md").exists()
    assert "library/shared.md" in {c.source for c in ben.assistant.ask("What does the class handbook say?").citations}
    assert "removed libraries/ann/review-board.md" in ann.library.remove("libraries/ann/review-board.md").text
    assert "rebuilt the index" in teacher.library.rebuild().text


def test_each_learner_has_their_own_study_log_and_a_removed_account_has_nothing(classroom):
    learners, assistant, _ = classroom
    ann, ben = learners.get("ann"), learners.get("ben")
    [question] = ann.interviewer.questions("canary releases", n=1, use_model=False)
    ann.study_log.record(question, ann.interviewer.grade(question, "I don't know"))
    assert ann.study_log.attempt_count() == 1 and ben.study_log.attempt_count() == 0
    assert ann.study_log.path == assistant.settings.home / "users" / "ann" / "study.sqlite3"
    with pytest.raises(NotAllowed, match="log in"):
        learners.get(None)
    learners.accounts.remove("ben")
    with pytest.raises(NotAllowed, match="no longer exists"):
        learners.get("ben")


def test_without_a_user_file_there_is_one_learner_as_before(small_settings):
    assistant = build_assistant(small_settings, progress=False, log=lambda line: None)
    try:
        learners = Learners(assistant, Accounts(small_settings.home / "users.json"))
        me = learners.get(None)
        assert not learners.with_accounts and me is learners.get("whoever") and me.assistant is assistant
        assert me.admin and me.library.may_rebuild and me.library.folder == small_settings.library_dir
        assert me.study_log.path == small_settings.home / "study.sqlite3"
    finally:
        assistant.live.close()
