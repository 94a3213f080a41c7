"""Exact nearest neighbours for a local index: its vectors held in memory, every one compared.

Chroma's HNSW graph is approximate, and on a corpus this size that shows. Over the 931 dev
questions it never returned 5 of the exact top-five chunks, however many results were asked
for, and which chunks it missed depended on the process that opened the index: the one that
had just built it missed others than any later one. A learner's first start therefore ranked
differently from every later start. Up to `EXACT_LIMIT` vectors, one matrix product compares
the question with all of them in less time than one Chroma query (bench/scale_bench.py), and the
answer no longer depends on the process. Above the limit, and with a Chroma server, HNSW is used.

The vectors are read from the collection on the first search and again whenever the index
counts a committed write (`generation`: a document added, replaced or removed, by this process
or another one). A reload costs ~0.1 s per thousand chunks. Chroma 1.5 cannot hand a process
the vectors once another process has written to the collection; the search then falls back to
HNSW, which, as before, sees only what the collection held when this process opened it.

Not here: talking to Chroma (chroma_store.py) or fusing rankings (retrieval.py).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass

import numpy as np

from .types import Chunk

# Above this many vectors, memory (1.5 kB per vector plus its text) and the first search's load
# time grow past what an approximate search costs in missed neighbours: HNSW takes over.
EXACT_LIMIT = 20_000


@dataclass(frozen=True)
class _Snapshot:
    generation: Hashable
    chunks: tuple[Chunk, ...]
    vectors: np.ndarray  # one unit-length row per chunk, float32
    source_of: np.ndarray  # each row's source, as a number in `sources`
    sources: dict[str, int]


class ExactNeighbours:
    """The collection's vectors, compared exactly. `load` reads them all: it returns the chunks
    and their vectors, or None when there are more than `limit` of them or they cannot be read."""

    def __init__(self, load: Callable[[int], tuple[list[Chunk], np.ndarray] | None],
                 limit: int = EXACT_LIMIT) -> None:
        self._load = load
        self._limit = limit
        self._snapshot: _Snapshot | None = None
        self._unavailable: Hashable = object()  # the generation whose vectors could not be held
        self._lock = threading.Lock()

    def search(self, query_vectors: Sequence, n: int, hide: Sequence[str],
               generation: Hashable) -> list[list[tuple[Chunk, float]]] | None:
        """The n nearest chunks by cosine similarity for each vector, leaving out the `hide`
        sources; None when the collection is too big for an exact search or Chroma cannot hand
        over its vectors (the caller then asks Chroma's graph)."""
        snapshot = self._current(generation)
        if snapshot is None:
            return None
        if not snapshot.chunks:
            return [[] for _ in query_vectors]
        queries = np.asarray(query_vectors, dtype=np.float32).reshape(len(query_vectors), -1)
        queries = queries / np.maximum(np.linalg.norm(queries, axis=1, keepdims=True), 1e-12)
        similarity = queries @ snapshot.vectors.T
        n = min(n, len(snapshot.chunks))
        hidden = [snapshot.sources[h] for h in hide if h in snapshot.sources]
        if hidden:
            left_out = np.isin(snapshot.source_of, hidden)
            similarity[:, left_out] = -np.inf
            n = min(n, int((~left_out).sum()))
        found = []
        for row in similarity:
            if n <= 0:
                found.append([])
                continue
            # Every row as close as the n-th closest, then closest first, equal ones in collection order.
            nth = -np.partition(-row, n - 1)[n - 1]
            near = np.flatnonzero(row >= nth)
            best = near[np.lexsort((near, -row[near]))][:n]
            found.append([(snapshot.chunks[j], float(row[j])) for j in best])
        return found

    def _current(self, generation: Hashable) -> _Snapshot | None:
        snapshot = self._snapshot
        if snapshot is not None and snapshot.generation == generation:
            return snapshot
        if self._unavailable == generation:
            return None
        with self._lock:
            if self._snapshot is not None and self._snapshot.generation == generation:
                return self._snapshot
            loaded = self._load(self._limit)
            if loaded is None:
                self._snapshot, self._unavailable = None, generation
                return None
            chunks, vectors = loaded
            vectors = np.asarray(vectors, dtype=np.float32)
            if len(chunks):
                vectors = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
            sources: dict[str, int] = {}
            source_of = np.array([sources.setdefault(c.source, len(sources)) for c in chunks], dtype=np.int32)
            self._snapshot = _Snapshot(generation, tuple(chunks), vectors, source_of, sources)
            return self._snapshot
