"""The vectors of an index: one Chroma collection, on disk or in a Chroma server.

Chroma pitfalls handled here (DESIGN.md): the embedding function is always passed
explicitly (Chroma's default one would try to download a model), the space is
cosine, telemetry is off, and records are written in batches (one call fails
above ~5,400 records).

Not here: the keyword index and manifest, or the order of writes (store.py).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np

from .config import public_url
from .embeddings import Embedder
from .errors import AssistantError
from .exact_search import EXACT_LIMIT, ExactNeighbours
from .types import Chunk

CHROMA_DIR = "chroma"
# One Chroma call fails above ~5,400 records (DESIGN.md); stay well below.
CHROMA_BATCH = 1000


def _chunk(cid: str, text: str, meta: dict) -> Chunk:
    return Chunk(id=cid, source=meta["source"], title=meta["title"], section=meta.get("section", ""),
                 text=text, ordinal=int(meta.get("ordinal", 0)))


class StoreUnavailable(AssistantError):
    """The Chroma server cannot be reached; str(exc) says how to start one."""


class _ChromaEmbeddingFunction:
    """Hands our embedder to Chroma explicitly, so Chroma never loads its own
    default model (which would try to download one)."""

    def __init__(self, embedder: Embedder | None) -> None:
        self._embedder = embedder

    def __call__(self, input: Sequence[str]) -> list[np.ndarray]:  # noqa: A002 (Chroma's name)
        if self._embedder is None:
            raise RuntimeError("open this collection through assistant.store, which supplies the embedder")
        return list(self._embedder.embed(list(input)))

    def embed_query(self, input: Sequence[str]) -> list[np.ndarray]:  # noqa: A002
        return self(input)

    @staticmethod
    def name() -> str:
        return "mlops-assistant"

    def get_config(self) -> dict[str, Any]:
        return {"model": self._embedder.name if self._embedder else None}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> _ChromaEmbeddingFunction:
        # Chroma rebuilds this from the collection's stored config when it reads
        # results; the real embedder is always passed in by Index.
        return _ChromaEmbeddingFunction(None)

    def default_space(self) -> str:
        return "cosine"

    def supported_spaces(self) -> list[str]:
        return ["cosine"]

    def is_legacy(self) -> bool:
        return False


def open_chroma_client(index_dir: Path, chroma_url: str | None):
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    settings = ChromaSettings(anonymized_telemetry=False)
    if chroma_url:
        url = urlparse(chroma_url if "://" in chroma_url else f"http://{chroma_url}")
        try:
            return chromadb.HttpClient(host=url.hostname or "127.0.0.1", port=url.port or 8000,
                                       ssl=url.scheme == "https", settings=settings)
        except Exception as exc:  # chromadb raises ValueError/ConnectionError/httpx errors
            raise StoreUnavailable(
                f"cannot reach the Chroma server at {public_url(chroma_url)} ({type(exc).__name__}); start one with "
                f"`chroma run --path .data/chroma --host 127.0.0.1 --port {url.port or 8000}` "
                "or unset ASSISTANT_CHROMA_URL to use the local index") from None
    return chromadb.PersistentClient(path=str(index_dir / CHROMA_DIR), settings=settings)


class Vectors:
    """The chunk vectors of one index, with their text and metadata."""

    def __init__(self, index_dir: Path, chroma_url: str | None, collection: str, embedder: Embedder) -> None:
        self._client = open_chroma_client(index_dir, chroma_url)
        self._collection = self._client.get_or_create_collection(
            collection, embedding_function=_ChromaEmbeddingFunction(embedder),
            configuration={"hnsw": {"space": "cosine"}})
        # A local collection is searched exactly while it is small (exact_search.py); a server's
        # collection may be written by other clients at any time, so it keeps to HNSW.
        self._exact = None if chroma_url else ExactNeighbours(self._read_all, EXACT_LIMIT)

    def upsert(self, chunks: list[Chunk], vectors: np.ndarray) -> None:
        for start in range(0, len(chunks), CHROMA_BATCH):
            part = chunks[start:start + CHROMA_BATCH]
            self._collection.upsert(
                ids=[c.id for c in part], embeddings=vectors[start:start + CHROMA_BATCH],
                documents=[c.text for c in part],
                metadatas=[{"source": c.source, "title": c.title, "section": c.section,
                            "ordinal": c.ordinal} for c in part])

    def delete_source(self, source: str, keep: set[str]) -> None:
        """Every vector of `source` whose id is not in `keep`."""
        existing = self._collection.get(where={"source": source}, include=[])["ids"]
        stale = [i for i in existing if i not in keep]
        for start in range(0, len(stale), CHROMA_BATCH):
            self._collection.delete(ids=stale[start:start + CHROMA_BATCH])

    def search_many(self, query_vectors: Sequence[Any], n: int, hide: Sequence[str] = (),
                    generation: Hashable = None,
                    hidden_chunks: Callable[[], int] = lambda: 0) -> list[list[tuple[Chunk, float]]]:
        """Nearest chunks by cosine similarity (1 - Chroma's cosine distance), for each vector, in one
        query; chunks of the `hide` sources are left out before the n nearest are chosen. With a
        `generation` (the index's count of writes), a small local collection is searched exactly
        instead. `hidden_chunks()`: how many chunks the `hide` sources hold (asked only if Chroma fails
        the filtered query)."""
        if n <= 0 or not len(query_vectors):
            return [[] for _ in query_vectors]
        if self._exact is not None and generation is not None:
            found = self._exact.search(query_vectors, n, hide, generation)
            if found is not None:
                return found
        from chromadb.errors import ChromaError  # chromadb is loaded by now; importing it costs seconds

        include = ["documents", "metadatas", "distances"]
        try:
            result = self._collection.query(query_embeddings=list(query_vectors), n_results=n, include=include,
                                            where={"source": {"$nin": list(hide)}} if hide else None)
        except ChromaError:
            if not hide:
                raise
            # Chroma 1.5 fails a filtered query once another process has written to the collection
            # ("Error finding id"), and answers an unfiltered one: ask for the hidden chunks too, drop them below.
            result = self._collection.query(query_embeddings=list(query_vectors), n_results=n + hidden_chunks(),
                                            include=include)
        found = []
        for ids, texts, metas, dists in zip(result["ids"], result["documents"], result["metadatas"],
                                            result["distances"]):
            out = []
            for cid, text, meta, dist in zip(ids, texts, metas, dists):
                if meta is None or text is None or meta["source"] in hide:  # removed meanwhile, or not shown
                    continue
                out.append((_chunk(cid, text, meta), 1.0 - float(dist)))
            found.append(out[:n])
        return found

    def _read_all(self, limit: int) -> tuple[list[Chunk], np.ndarray] | None:
        """Every chunk and its vector, or None when there are more than `limit` or Chroma cannot
        read them."""
        if self._collection.count() > limit:
            return None
        from chromadb.errors import ChromaError

        chunks, vectors, offset = [], [], 0
        while True:
            try:
                got = self._collection.get(include=["embeddings", "documents", "metadatas"],
                                           limit=CHROMA_BATCH, offset=offset)
            except ChromaError:
                # Chroma 1.5 cannot hand this process the vectors once another process has written
                # to the collection ("Error finding id"); its graph search still answers, as before.
                return None
            offset += len(got["ids"])
            for cid, text, meta, vector in zip(got["ids"], got["documents"], got["metadatas"], got["embeddings"]):
                if meta is not None and text is not None:
                    chunks.append(_chunk(cid, text, meta))
                    vectors.append(vector)
            if len(got["ids"]) < CHROMA_BATCH or len(chunks) > limit:
                break
        if len(chunks) > limit:
            return None
        return chunks, np.asarray(vectors, dtype=np.float32)

    def count(self) -> int:
        return self._collection.count()

    def ids(self) -> list[str]:
        return self._collection.get(include=[])["ids"]

    def close(self) -> None:
        close = getattr(self._client, "close", None)
        if close:
            close()
