"""Incremental, safe ingestion: hashes decide what is re-embedded; bad files are skipped."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

from conftest import ROOT

from assistant.ingestion import ingest, open_settings_index


def snapshot(settings, embedder) -> tuple:
    """Everything a reader sees: manifest, keyword rows, vector ids (consistent or not)."""
    with open_settings_index(settings, embedder) as index:
        return (sorted((d.source, d.sha256) for d in index.documents().values()),
                sorted(r[0] for r in index._db.execute("SELECT id FROM chunks_fts")),
                sorted(index._vectors.ids()))


def run(settings, embedder, **kw):
    lines = []
    report = ingest(settings, embedder, progress=False, log=lines.append, **kw)
    return report, lines


def consistent(settings, embedder) -> tuple[int, int, int]:
    """(documents, chunks in the manifest, vectors) — the three must agree."""
    with open_settings_index(settings, embedder) as index:
        ids_fts = {r[0] for r in index._db.execute("SELECT id FROM chunks_fts")}
        ids_vec = set(index._vectors.ids())
        assert ids_fts == ids_vec, "keyword index and vectors disagree"
        return len(index.documents()), index.chunk_count(), index.vector_count()


def test_first_build_then_nothing_to_do(small_settings, hashing):
    report, _ = run(small_settings, hashing)
    assert (len(report.added), report.chunks_embedded) == (3, report.chunks_total)
    again, _ = run(small_settings, hashing)
    assert (again.unchanged, again.chunks_embedded, again.added, again.updated) == (3, 0, [], [])
    docs, chunks, vectors = consistent(small_settings, hashing)
    assert docs == 3 and chunks == vectors == report.chunks_total


def test_changed_file_is_replaced_and_deleted_file_removed(small_settings, small_corpus, hashing):
    run(small_settings, hashing)
    (small_corpus / "drift.md").write_text("# Data drift\n\nConcept drift changes the relationship to labels.\n")
    (small_corpus / "registry.txt").unlink()
    report, _ = run(small_settings, hashing)
    assert report.updated == [f"{small_corpus.name}/drift.md"]
    assert report.removed == [f"{small_corpus.name}/registry.txt"]
    assert report.unchanged == 1
    with open_settings_index(small_settings, hashing) as index:
        texts = " ".join(c.text for c in index.chunks_of(f"{small_corpus.name}/drift.md"))
        assert "Concept drift" in texts and "population stability" not in texts  # no stale chunk left
    assert consistent(small_settings, hashing)[0] == 2


def test_bad_files_are_skipped_with_a_line_each_and_an_old_version_is_kept(small_settings, small_corpus, hashing):
    run(small_settings, hashing)
    (small_corpus / "empty.md").write_text("")
    (small_corpus / "latin.txt").write_bytes("caf\xe9".encode("latin-1"))
    (small_corpus / "registry.txt").write_bytes(b"\x00\x01binary now")
    report, lines = run(small_settings, hashing)
    skipped = dict(report.skipped)
    assert set(skipped) == {f"{small_corpus.name}/{n}" for n in ("empty.md", "latin.txt", "registry.txt")}
    assert any("registry.txt" in line and "earlier version is kept" in line for line in lines)
    assert consistent(small_settings, hashing)[0] == 3  # registry.txt's indexed text survives


def test_pdf_that_makes_the_reader_fail_unexpectedly_is_skipped(small_settings, small_corpus, hashing):
    from helpers import make_pdf

    pdf = make_pdf(["Unsupported compression."]).replace(b"<< /Length", b"<< /Filter /Foo /Length", 1)
    (small_corpus / "odd.pdf").write_bytes(pdf)  # pypdf raises NotImplementedError on it
    report, lines = run(small_settings, hashing)
    assert [s for s, _ in report.skipped] == [f"{small_corpus.name}/odd.pdf"]
    assert len(report.added) == 3


def test_an_emptied_corpus_folder_does_not_silently_empty_the_index(small_settings, small_corpus, hashing):
    import pytest

    run(small_settings, hashing)
    for path in small_corpus.iterdir():
        path.unlink()
    with pytest.raises(FileNotFoundError, match="refusing to remove"):
        run(small_settings, hashing)
    assert consistent(small_settings, hashing)[0] == 3
    # ...nor when the learner's library still has a file of its own.
    small_settings.library_dir.mkdir(parents=True)
    (small_settings.library_dir / "mine.md").write_text("# Mine\n\nA note of my own about model cards.\n")
    with pytest.raises(FileNotFoundError, match="refusing to remove its 3 indexed documents"):
        run(small_settings, hashing)


def test_a_kill_mid_update_then_a_reverted_file_still_converges(small_settings, small_corpus, hashing):
    """The file changes, ingestion dies after writing vectors, the file is reverted: the next run must redo it."""
    from assistant.chunking import chunk_document
    from assistant.corpus import load_document

    run(small_settings, hashing)
    path = small_corpus / "drift.md"
    original = path.read_text()
    path.write_text("# Data drift\n\nA completely different text about label shift.\n")
    doc = load_document(path, small_corpus, 10**6)
    chunks = chunk_document(doc, hashing.count_tokens, 200)
    with open_settings_index(small_settings, hashing) as index:
        index._mark_pending(doc.source)  # what put_document does first …
        index._vectors.upsert(chunks, hashing.embed([c.text for c in chunks]))
        # … then the process dies before the SQLite commit.
    path.write_text(original)
    report, _ = run(small_settings, hashing)
    assert report.updated == [doc.source]
    docs, chunks_total, vectors = consistent(small_settings, hashing)
    with open_settings_index(small_settings, hashing) as index:
        assert "label shift" not in " ".join(c.text for c in index.chunks_of(doc.source))


def test_rebuild_starts_over(small_settings, hashing):
    first, _ = run(small_settings, hashing)
    rebuilt, _ = run(small_settings, hashing, rebuild=True)
    assert rebuilt.rebuilt and len(rebuilt.added) == 3
    assert consistent(small_settings, hashing)[1] == first.chunks_total


def test_changing_chunk_size_rebuilds_instead_of_mixing_chunkings(small_settings, hashing):
    run(small_settings, hashing)
    report, lines = run(small_settings.replace(chunk_tokens=64), hashing)
    assert report.rebuilt and any("other settings" in line for line in lines)


def ingest_cli(env, *args):
    return subprocess.run([sys.executable, str(ROOT / "ingest.py"), *args], env=env, capture_output=True,
                          text=True, timeout=300)


def test_cli_summary_and_exit_status(small_settings, small_corpus, tmp_path):
    env = {**os.environ, "ASSISTANT_HOME": str(tmp_path / "cli-home"), "ASSISTANT_EMBEDDINGS": "hashing"}
    ok = ingest_cli(env, "--corpus", str(small_corpus))
    assert ok.returncode == 0, ok.stderr
    assert "3 added" in ok.stdout and "chunks embedded" in ok.stdout
    (small_corpus / "bad.pdf").write_bytes(b"%PDF-1.4 garbage")
    bad = ingest_cli(env, "--corpus", str(small_corpus))
    assert bad.returncode == 1
    assert "skipped" in bad.stderr and "bad.pdf" in bad.stderr and "malformed" in bad.stderr
    assert "1 skipped" in bad.stdout
    missing = ingest_cli(env, "--corpus", str(tmp_path / "nope"))
    assert missing.returncode == 2 and "does not exist" in missing.stderr
    only_bad = tmp_path / "only-bad"
    only_bad.mkdir()
    (only_bad / "picture.png").write_bytes(b"\x89PNG")
    env_bad = {**env, "ASSISTANT_HOME": str(tmp_path / "bad-home")}
    nothing = ingest_cli(env_bad, "--corpus", str(only_bad))
    assert nothing.returncode == 2 and "nothing is indexed" in nothing.stderr


def _many_docs(folder, count, marker):
    folder.mkdir(exist_ok=True)
    for i in range(count):
        (folder / f"doc{i:04d}.md").write_text(f"# Note {i}\n\n{marker} topic {i} about canary drift registry. " * 3)


def _kill_when(process, db_path, predicate, timeout=120):
    deadline = time.time() + timeout
    while time.time() < deadline and process.poll() is None:
        try:
            if db_path.exists() and predicate(sqlite3.connect(db_path, timeout=0.1)):
                process.send_signal(signal.SIGKILL)
                process.wait()
                return True
        except sqlite3.Error:
            pass
        time.sleep(0.05)
    return False


def test_killed_ingestion_leaves_previous_index_usable_and_rerun_converges(tmp_path, hashing):
    from assistant.config import load_settings

    corpus = tmp_path / "many"
    _many_docs(corpus, 5, "first")
    settings = load_settings(environ={}, home=tmp_path / "home", corpus_dir=corpus, embeddings="hashing")
    run(settings, hashing)
    env = {**os.environ, "ASSISTANT_HOME": str(settings.home), "ASSISTANT_EMBEDDINGS": "hashing",
           "ASSISTANT_CORPUS": str(corpus)}

    # 1. Kill an in-place update half-way: some documents done, others not.
    _many_docs(corpus, 600, "second")
    proc = subprocess.Popen([sys.executable, str(ROOT / "ingest.py")], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    db = settings.index_path / "index.sqlite3"
    killed = _kill_when(proc, db, lambda c: 20 < c.execute("SELECT COUNT(*) FROM documents").fetchone()[0] < 590)
    assert killed, "ingestion finished before it could be killed; make the corpus bigger"
    with open_settings_index(settings, hashing) as index:  # still opens and answers
        assert index.keyword_search(["canary"], 3)
    # 2. Kill a rebuild half-way: the previous index must be untouched.
    before = snapshot(settings, hashing)
    proc = subprocess.Popen([sys.executable, str(ROOT / "ingest.py"), "--rebuild"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    building = settings.index_path.with_name("index.building") / "index.sqlite3"
    assert _kill_when(proc, building, lambda c: c.execute("SELECT COUNT(*) FROM documents").fetchone()[0] > 20)
    assert snapshot(settings, hashing) == before
    # 3. A re-run converges: every file indexed once, vectors and keywords agree.
    report, _ = run(settings, hashing)
    docs, chunks, vectors = consistent(settings, hashing)
    assert docs == 600 and chunks == vectors
    assert not settings.index_path.with_name("index.building").exists()
    assert run(settings, hashing)[0].chunks_embedded == 0


def test_an_ingest_with_nothing_changed_never_loads_the_embedding_model(assistant, corpus_settings, tmp_path):
    import shutil
    import subprocess
    import sys

    shutil.copytree(corpus_settings.index_path, tmp_path / "index")
    probe = ("import sys, ingest; code = ingest.main([]); "
             "print(code, 'sentence_transformers' in sys.modules, 'torch' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT,
                          env={**__import__("os").environ, "ASSISTANT_HOME": str(tmp_path)})
    assert "21 unchanged" in done.stdout and "0 chunks embedded" in done.stdout, done.stderr
    assert done.stdout.strip().endswith("0 False False")  # ~6 s of imports saved (issue 12)
