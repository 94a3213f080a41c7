"""Dense search of a local index: exact while the collection is small, HNSW above the limit,
and never behind a write made through another handle (another process's ingestion)."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from assistant import chroma_store, store
from assistant.store import open_index
from assistant.types import Chunk

DIMENSION = 384


def random_unit(rng, rows: int) -> np.ndarray:
    vectors = rng.normal(size=(rows, DIMENSION)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def fill(index, vectors: np.ndarray, per_document: int = 500) -> list[Chunk]:
    chunks = [Chunk(id=f"c{i}", source=f"notes/doc{i // per_document}.md", title=f"Doc {i // per_document}",
                    section="", text=f"chunk {i}", ordinal=i % per_document) for i in range(len(vectors))]
    for start in range(0, len(chunks), per_document):
        part = chunks[start:start + per_document]
        index.put_document(part[0].source, str(start), part[0].title, {}, part, vectors[start:start + per_document])
    return chunks


def nearest(vectors: np.ndarray, query: np.ndarray, n: int) -> list[str]:
    return [f"c{j}" for j in np.argsort(-(vectors @ query), kind="stable")[:n]]


@pytest.fixture
def crowded(tmp_path, hashing):
    """3,000 random vectors: the hardest case for a graph search (no clusters to follow)."""
    rng = np.random.default_rng(7)
    vectors = random_unit(rng, 3000)
    index = open_index(tmp_path / "index", hashing, None, "chunks")
    fill(index, vectors * rng.uniform(0.1, 10, size=(3000, 1)).astype(np.float32))  # closeness is cosine
    yield index, vectors, random_unit(rng, 40)
    index.close()


def test_a_small_local_index_returns_the_true_nearest_chunks(crowded):
    index, vectors, queries = crowded
    found = index.dense_search_many(queries * 3, 20)
    assert [[c.id for c, _ in hits] for hits in found] == [nearest(vectors, q, 20) for q in queries]
    best, similarity = found[0][0]
    assert similarity == pytest.approx(float(vectors[int(best.id[1:])] @ queries[0]), abs=1e-5)
    assert (best.title, best.text) == (f"Doc {int(best.id[1:]) // 500}", best.id.replace("c", "chunk "))


def test_hidden_sources_are_left_out_before_the_nearest_are_chosen(crowded):
    index, vectors, queries = crowded
    hits = index.dense_search_many(queries[:1], 10, hide=["notes/doc0.md", "notes/doc1.md"])[0]
    others = np.argsort(-(vectors[1000:] @ queries[0]), kind="stable")[:10]
    assert [c.id for c, _ in hits] == [f"c{1000 + j}" for j in others]
    assert all(c.source not in ("notes/doc0.md", "notes/doc1.md") for c, _ in hits)


def test_a_write_through_another_handle_is_found_by_the_next_search(tmp_path, hashing):
    rng = np.random.default_rng(3)
    vectors = random_unit(rng, 50)
    with open_index(tmp_path / "index", hashing, None, "chunks") as reader:
        fill(reader, vectors[:40], per_document=20)
        assert {c.id for c, _ in reader.dense_search_many(vectors[45:46], 40)[0]} == {f"c{i}" for i in range(40)}
        with open_index(tmp_path / "index", hashing, None, "chunks") as writer:
            extra = [Chunk(id=f"c{i}", source="notes/new.md", title="New", section="", text=f"chunk {i}", ordinal=i)
                     for i in range(40, 50)]
            writer.put_document("notes/new.md", "n", "New", {}, extra, vectors[40:])
            assert reader.dense_search_many(vectors[45:46], 1)[0][0][0].id == "c45"
            writer.remove_document("notes/doc0.md")
            assert {c.source for c, _ in reader.dense_search_many(vectors[:1], 50)[0]} == {"notes/doc1.md", "notes/new.md"}


def test_equally_close_chunks_come_in_the_order_they_were_stored(tmp_path, hashing):
    rng = np.random.default_rng(4)
    vectors = np.vstack([random_unit(rng, 100), np.repeat(random_unit(rng, 1), 200, axis=0)])
    with open_index(tmp_path / "index", hashing, None, "chunks") as index:
        fill(index, vectors, per_document=100)
        for n in (1, 3, 10):
            assert [c.id for c, _ in index.dense_search_many(vectors[100:101], n)[0]] == \
                [f"c{i}" for i in range(100, 100 + n)]


def test_a_replaced_document_is_searched_as_it_now_reads(tmp_path, hashing, monkeypatch):
    rng = np.random.default_rng(6)
    vectors = random_unit(rng, 4)
    with open_index(tmp_path / "index", hashing, None, "chunks") as index:
        with monkeypatch.context() as later:
            later.setattr(store.time, "time", lambda: 4_000_000_000.0)  # written while the clock ran ahead
            fill(index, vectors[:2], per_document=1)
        assert index.dense_search_many(vectors[:1], 1)[0][0][0].text == "chunk 0"
        new = Chunk(id="c9", source="notes/doc0.md", title="Doc 0", section="", text="rewritten", ordinal=0)
        index.put_document("notes/doc0.md", "changed", "Doc 0", {}, [new], vectors[2:3])  # as many chunks as before
        hits = index.dense_search_many(vectors[2:3], 2)[0]
        assert [(c.id, c.text) for c, _ in hits] == [("c9", "rewritten"), ("c1", "chunk 1")]


WRITER = """
import sys
import numpy as np
from pathlib import Path
from assistant.embeddings import HashingEmbedder
from assistant.store import open_index
from assistant.types import Chunk
with open_index(Path(sys.argv[1]), HashingEmbedder(), None, "chunks") as index:
    chunk = Chunk(id="other", source="notes/other.md", title="Other", section="", text="from elsewhere", ordinal=0)
    index.put_document(chunk.source, "x", chunk.title, {}, [chunk], np.ones((1, 384), dtype=np.float32))
"""


def test_a_write_by_another_process_does_not_break_searching(tmp_path, hashing):
    """Chroma cannot hand this process the vectors after another process wrote to them: its graph
    search answers instead, with what the collection held when this process opened it."""
    vectors = random_unit(np.random.default_rng(8), 6)
    with open_index(tmp_path / "index", hashing, None, "chunks") as index:
        fill(index, vectors[:5], per_document=3)
        assert index.dense_search_many(vectors[:1], 1)[0][0][0].id == "c0"
        subprocess.run([sys.executable, "-c", WRITER, str(tmp_path / "index")], check=True, timeout=120)
        assert index.dense_search_many(vectors[:1], 1)[0][0][0].id == "c0"
        shown = index.dense_search_many(vectors[:1], 3, hide=["notes/doc0.md"])[0]  # another learner's uploads
        assert {"c3", "c4"} <= {c.id for c, _ in shown} and "notes/doc0.md" not in {c.source for c, _ in shown}
        own = [Chunk(id="c5", source="notes/mine.md", title="Mine", section="", text="mine", ordinal=0)]
        index.put_document("notes/mine.md", "m", "Mine", {}, own, vectors[5:6])
        assert index.dense_search_many(vectors[5:6], 1)[0][0][0].id == "c5"


def test_an_empty_index_finds_nothing_and_then_its_first_document(tmp_path, hashing):
    vectors = random_unit(np.random.default_rng(9), 3)
    with open_index(tmp_path / "index", hashing, None, "chunks") as index:
        assert index.dense_search_many(vectors[:1], 5) == [[]]
        fill(index, vectors)
        assert [c.id for c, _ in index.dense_search_many(vectors[2:3], 5)[0]][0] == "c2"


def test_above_the_limit_the_graph_search_answers(tmp_path, hashing, monkeypatch):
    monkeypatch.setattr(chroma_store, "EXACT_LIMIT", 100)
    rng = np.random.default_rng(5)
    vectors = random_unit(rng, 300)
    with open_index(tmp_path / "index", hashing, None, "chunks") as index:
        fill(index, vectors, per_document=100)
        hits = index.dense_search_many(vectors[:1], 5)[0]
        assert hits[0][0].id == "c0" and hits[0][1] == pytest.approx(1.0, abs=1e-4)
        assert len(hits) == 5 and index._vectors._exact._snapshot is None
