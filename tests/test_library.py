"""The Library: add a learner's files, remove them, rebuild, and never lose what is indexed."""

from __future__ import annotations

import subprocess
import sys
import threading

import pytest
from conftest import ROOT
from helpers import make_pdf

from assistant.chat import build_assistant
from assistant.library import Library, safe_name
from assistant.ui.library_tab import add_uploads, library_rows

SHADOW = ("# Shadow deployment\n\nA shadow deployment runs the new model beside the old one on copies of live "
          "requests. Its predictions are logged and compared but never returned to users.\n")


@pytest.fixture
def small_assistant(small_settings, hashing):
    assistant = build_assistant(small_settings.replace(relevance_threshold=0.05), embedder=hashing,
                                progress=False, log=lambda line: None)
    yield assistant
    assistant.live.close()


@pytest.fixture
def library(small_assistant):
    return Library(small_assistant.live)


def upload(tmp_path, name: str, content: bytes | str):
    folder = tmp_path / "gradio-upload"
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return path


def sources(library: Library) -> set[str]:
    return {e.source for e in library.entries()}


def test_an_added_file_is_indexed_cited_and_its_upload_forgotten(small_assistant, library, tmp_path):
    before = sources(library)
    path = upload(tmp_path, "shadow.md", SHADOW)
    ticks = []
    outcome = add_uploads(library, [str(path)], lambda done, total: ticks.append((done, total)))
    assert "added library/shadow.md" in outcome.text
    assert sources(library) == before | {"library/shadow.md"}
    assert ticks and ticks[-1][0] == ticks[-1][1]  # progress reached the end
    assert not path.exists()  # Gradio's copy is gone: it cannot be fetched by URL any more
    row = next(r for r in library_rows(library) if r[1] == "library/shadow.md")
    assert row[0] == "Shadow deployment" and row[2] >= 1
    answer = small_assistant.ask("What does a shadow deployment do with its predictions?")
    assert not answer.refused and any(c.source == "library/shadow.md" for c in answer.citations)
    assert "Shadow deployment" in small_assistant.topics()  # suggestions list the new document


@pytest.mark.parametrize("name, content, reason", [
    ("slides.pptx", b"PK\x03\x04 not a document we read", "unsupported file type .pptx"),
    ("empty.txt", b"   \n", "no text"),
    ("broken.pdf", b"%PDF-1.4 this is not really a pdf", "the PDF is malformed"),
    ("binary.md", b"\x00\x01\x02 binary", "binary"),
])
def test_a_bad_file_is_named_with_the_reason_and_changes_nothing(library, tmp_path, name, content, reason):
    before = library_rows(library)
    outcome = add_uploads(library, [str(upload(tmp_path, name, content))])
    assert f"skipped {name}" in outcome.text and reason in outcome.text
    assert library_rows(library) == before
    assert list(library.settings.library_dir.iterdir()) == []  # not kept, not even half-written


def test_a_pdf_and_a_good_file_beside_a_bad_one(library, tmp_path):
    good = upload(tmp_path, "notes.pdf", make_pdf(["A feature flag switches a code path on or off at run time."]))
    bad = upload(tmp_path, "broken.html", b"\x00\x00")
    outcome = add_uploads(library, [str(good), str(bad)])
    assert "added library/notes.pdf" in outcome.text and "skipped broken.html" in outcome.text


def test_upload_names_cannot_escape_the_library_folder():
    assert safe_name("../../etc/passwd.md") == "passwd.md"
    assert safe_name("..\\..\\evil.txt") == "evil.txt"
    assert safe_name(".hidden.md") == "hidden.md"  # a hidden file would never be indexed
    assert safe_name("My notes (v2)!.MD") == "My notes (v2).md"
    assert safe_name("模型部署.md") == "模型部署.md" and safe_name("Überblick.md") == "Überblick.md"


def test_different_files_with_one_name_are_both_kept(library, tmp_path):
    first = upload(tmp_path, "notes.md", "# Model cards\n\nA model card documents a model's intended use.\n")
    add_uploads(library, [str(first)])
    again = upload(tmp_path, "notes.md", "# Data cards\n\nA data card documents how a dataset was collected.\n")
    outcome = add_uploads(library, [str(again)])
    assert "added library/notes-2.md" in outcome.text
    assert {"library/notes.md", "library/notes-2.md"} <= sources(library)
    same = upload(tmp_path, "notes.md", "# Model cards\n\nA model card documents a model's intended use.\n")
    assert "no document changed" in add_uploads(library, [str(same)]).text  # the same file again: no copy


def test_remove_takes_out_a_learners_file_but_not_the_shipped_corpus(small_assistant, library, tmp_path):
    add_uploads(library, [str(upload(tmp_path, "shadow.md", SHADOW))])
    corpus_doc = "notes/canary.md"
    outcome = library.remove(corpus_doc)
    assert "part of the shipped corpus" in outcome.text and corpus_doc in sources(library)
    outcome = library.remove("library/shadow.md")
    assert "removed library/shadow.md" in outcome.text and "library/shadow.md" not in sources(library)
    assert small_assistant.ask("What does a shadow deployment do with its predictions?").refused


def test_rebuild_keeps_every_document_and_questions_keep_working_meanwhile(small_assistant, library, tmp_path):
    add_uploads(library, [str(upload(tmp_path, "shadow.md", SHADOW))])
    before = library_rows(library)
    errors: list[BaseException] = []
    answers = []
    done = threading.Event()

    def keep_asking():
        while not done.is_set():
            try:
                answers.append(small_assistant.ask("What does a canary release send to the new model?"))
                library_rows(library)  # what every page load does
                small_assistant.live.changed()
                small_assistant.topics()
            except BaseException as exc:  # noqa: BLE001 (any failure fails the test)
                errors.append(exc)

    asker = threading.Thread(target=keep_asking)
    asker.start()
    try:
        outcome = library.rebuild()
    finally:
        done.set()
        asker.join()
    assert "rebuilt" in outcome.text and not errors
    assert [r[:3] for r in library_rows(library)] == [r[:3] for r in before]
    assert answers and not answers[-1].refused
    assert not small_assistant.ask("What does a canary release send to the new model?").refused
    # The app now uses the new index on disk: what is added next survives a restart.
    outcome = add_uploads(library, [str(upload(tmp_path, "flags.md", "# Feature flags\n\nA feature flag "
                                                                   "switches a code path on or off at run time.\n"))])
    assert "added library/flags.md" in outcome.text
    small_assistant.live.close()
    restarted = build_assistant(library.settings, embedder=small_assistant.embedder, progress=False,
                                log=lambda line: None)
    assert "library/flags.md" in restarted.live.documents()
    restarted.live.close()


def test_ingest_py_keeps_the_learners_files(small_assistant, library, tmp_path):
    add_uploads(library, [str(upload(tmp_path, "shadow.md", SHADOW))])
    settings = library.settings
    small_assistant.live.close()
    env = {"ASSISTANT_HOME": str(settings.home), "ASSISTANT_CORPUS": str(settings.corpus_dir),
           "ASSISTANT_EMBEDDINGS": "hashing", "PATH": "/usr/bin:/bin"}
    run = subprocess.run([sys.executable, str(ROOT / "ingest.py"), "--json"], env=env, capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert '"removed": []' in run.stdout and '"unchanged": 4' in run.stdout


def test_questions_asked_while_documents_are_added_and_removed_never_fail(small_assistant, library, tmp_path):
    errors: list[BaseException] = []
    done = threading.Event()

    def keep_asking():
        while not done.is_set():
            try:
                assert not small_assistant.ask("What does a canary release send to the new model?").refused
            except BaseException as exc:  # noqa: BLE001
                errors.append(exc)

    askers = [threading.Thread(target=keep_asking) for _ in range(2)]
    for t in askers:
        t.start()
    try:
        for number in range(6):
            body = f"# Canary notes {number}\n\nA canary release sends traffic to the new model in steps.\n"
            add_uploads(library, [str(upload(tmp_path, f"canary-{number}.md", body))])
            library.remove(f"library/canary-{number - 1}.md")
    finally:
        done.set()
        for t in askers:
            t.join()
    assert not errors, errors[:3]


def test_a_failed_rebuild_keeps_the_previous_index_and_says_so(small_assistant, library, tmp_path, monkeypatch):
    add_uploads(library, [str(upload(tmp_path, "shadow.md", SHADOW))])
    before = library_rows(library)

    def broken(texts):
        raise RuntimeError("out of memory while embedding")

    monkeypatch.setattr(small_assistant.embedder, "embed", broken)
    outcome = library.rebuild()
    assert "the rebuild failed (RuntimeError: out of memory while embedding)" in outcome.text
    assert "previous index is still in use" in outcome.text
    monkeypatch.undo()
    assert library_rows(library) == before
    assert not small_assistant.ask("What does a shadow deployment do with its predictions?").refused


def test_the_app_picks_up_an_index_rebuilt_by_ingest_py(small_assistant, library, tmp_path):
    settings = library.settings
    env = {"ASSISTANT_HOME": str(settings.home), "ASSISTANT_CORPUS": str(settings.corpus_dir),
           "ASSISTANT_EMBEDDINGS": "hashing", "PATH": "/usr/bin:/bin"}
    run = subprocess.run([sys.executable, str(ROOT / "ingest.py"), "--rebuild"], env=env, capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    outcome = add_uploads(library, [str(upload(tmp_path, "shadow.md", SHADOW))])
    assert "added library/shadow.md" in outcome.text
    assert not small_assistant.ask("What does a shadow deployment do with its predictions?").refused
