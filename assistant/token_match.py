"""How much of a question a passage says, word piece by word piece.

A passage's one vector averages everything it says, and the keyword search sees only the
question's own words. MiniLM's token vectors (its last layer, before pooling) keep each word
piece in its context, so the "first job" of "what kind of job should I take first" lands near
the "initial positions" of "Initial positions in tech companies as a Data Analyst…". A passage's
coverage of a question is BERTScore's recall: for each content word piece of the question, the
cosine of the passage's closest word piece, averaged over the question's pieces.

Retrieval (retrieval.py) adds to its k passages the fused candidate that covers the question
better than all of them, if one does. Cost: one forward pass per
passage not seen before, ~25 ms on 2 cores (30 candidates: 0.8 s with sentence-transformers,
2–3 s with the NumPy pass of a command-line process); a passage seen before costs nothing.
The pieces are remembered in memory and in a file beside the index, so a later process (the
next `ask` on the command line) starts where the last one stopped.

Not here: which candidates are re-ranked, or how much coverage counts (retrieval.py).
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

from .terms import STOPWORDS

PIECES_FILE = "word-pieces.npz"  # in the index's folder
# What a kept piece depends on besides its passage's text: a file written under other rules is not read.
_RULES = hashlib.blake2b(" ".join(sorted(STOPWORDS)).encode() + b"|special,punctuation,words|v2",
                         digest_size=8).hexdigest()
DIMENSION = 384  # MiniLM's
WRITE_EVERY = 60.0  # seconds: at most one rewrite a minute once the store grows by less than a tenth
_SPECIAL = frozenset({"[CLS]", "[SEP]", "[PAD]", "[UNK]"})
_HAS_WORD = re.compile(r"[a-z0-9]")


class TokenMatcher:
    """Coverage of a question by passages (see the module's docstring), from an embedder that
    has `token_vectors` (MiniLMEmbedder). Remembers the pieces of up to `size` passages."""

    def __init__(self, embedder, size: int = 2_000, path: Path | None = None) -> None:
        self.embedder = embedder
        self.size = size
        self.path = path  # where the pieces are kept between processes (None: in memory only)
        self._pieces: dict[str, np.ndarray] | None = None  # by text digest; read from `path` on first use
        self._version = f"{_RULES}-{getattr(embedder, 'name', '')}"
        self._written = 0  # passages in the file when this process last read or wrote it
        self._when = 0.0  # when this process last wrote it (time.monotonic)
        self._wrote = False
        self._writing = threading.Lock()  # one thread decides and writes at a time

    def coverage(self, question: str, texts: list[str]) -> list[float]:
        """Per text, the mean over the question's content pieces of the closest piece's cosine (0..1)."""
        if not texts:
            return []
        asked = self._embed([question])[0].astype(np.float32)
        if not len(asked):
            return [0.0] * len(texts)
        return [float((asked @ said.T).max(axis=1).mean()) if len(said) else 0.0
                for said in (p.astype(np.float32) for p in self._remembered(texts))]

    def _remembered(self, texts: list[str]) -> list[np.ndarray]:
        if self._pieces is None:
            self._pieces = _read(self.path, self._version)
            self._written = len(self._pieces)
        store = self._pieces  # a local reference: another thread may start a new store meanwhile
        keys = [_digest(t) for t in texts]
        missing = {k: t for k, t in zip(keys, texts) if k not in store}
        fresh = dict(zip(missing, self._embed(list(missing.values())))) if missing else {}
        out = [fresh[k] if k in fresh else store[k] for k in keys]
        if len(store) + len(fresh) > self.size:
            store = self._pieces = fresh
            self._written = 0
        else:
            store.update(fresh)
        if fresh and self.path is not None:
            self._keep(store)
        return out

    def _keep(self, store: dict[str, np.ndarray]) -> None:
        """Write the store to the file if it is due. The file is written whole, so not for every new
        passage: the first time this process has one (a command-line `ask` is a process of its own),
        then once the store has grown by a tenth or a minute has passed (a process that stops before
        then works the rest out again)."""
        with self._writing:
            grown = len(store) >= 1.1 * self._written or time.monotonic() - self._when >= WRITE_EVERY
            if self._wrote and not grown:
                return
            self._wrote, self._written, self._when = True, len(store), time.monotonic()
            _write(self.path, dict(store), self._version)

    def _embed(self, texts: list[str]) -> list[np.ndarray]:
        """Per text, its content pieces' unit vectors (float16: a passage of 80 pieces is 60 KB)."""
        return [content_pieces(vectors, pieces) for vectors, pieces in self.embedder.token_vectors(texts)]


def content_pieces(vectors: np.ndarray, pieces: list[str]) -> np.ndarray:
    """The rows of the word pieces that carry content (not special tokens, punctuation or part of
    a stopword), normalised; every ordinary piece when none does ("What is it?"). A word is judged
    whole: "ONNX" is read as "on" "##nx" and keeps both."""
    ordinary = [i for i, p in enumerate(pieces) if p not in _SPECIAL and _HAS_WORD.search(p)]
    words, start = {}, 0  # each piece's word, the pieces "##" continues joined
    for i, piece in enumerate(pieces):
        if not piece.startswith("##"):
            start = i
        words.setdefault(start, []).append(i)
    stop = {i for members in words.values() if "".join(pieces[j].removeprefix("##") for j in members) in STOPWORDS
            for i in members}
    keep = [i for i in ordinary if i not in stop] or ordinary
    rows = np.asarray(vectors, dtype=np.float32)[keep]
    return (rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-6)).astype(np.float16)


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def _read(path: Path | None, version: str) -> dict[str, np.ndarray]:
    """The pieces kept in `path`; none if it is missing, unreadable or written under other rules
    (they are worked out again)."""
    if path is None or not path.exists():
        return {}
    try:
        with np.load(path, allow_pickle=False) as kept:
            if str(kept["version"]) != version:
                return {}
            keys, ends, rows = kept["keys"], kept["ends"], kept["rows"]
            well_formed = (rows.ndim == 2 and rows.shape[1] == DIMENSION and ends.ndim == keys.ndim == 1
                           and len(keys) == len(ends) > 0 and ends[-1] == len(rows)
                           and bool(np.all(np.diff(ends) >= 0)))
            if not well_formed:
                return {}
            starts = np.concatenate([[0], ends[:-1]])
            return {str(k): rows[a:b] for k, a, b in zip(keys, starts, ends)}
    except Exception:  # noqa: BLE001 - a damaged file (empty, cut short, bad zip) only costs the work again
        return {}


def _write(path: Path, pieces: dict[str, np.ndarray], version: str) -> None:
    """Replace `path` with `pieces` in one step (a reader sees the old file or the new one). A folder
    that is missing or cannot be written to only means the pieces are worked out again next time."""
    try:  # never creates the folder: an index being swapped in (index_swap.py) may be missing a moment
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".pieces-", suffix=".npz")
    except OSError:
        return
    keys = list(pieces)
    try:
        rows = np.concatenate([pieces[k] for k in keys])
        ends = np.cumsum([len(pieces[k]) for k in keys], dtype=np.int64)
        with os.fdopen(handle, "wb") as out:
            np.savez(out, version=np.array(version), keys=np.array(keys, dtype="U32"), ends=ends, rows=rows)
            out.flush()
            os.fsync(out.fileno())
        # Readable by whom the folder lets in (mkstemp makes it the owner's alone), writable by the owner only.
        os.chmod(temporary, stat.S_IMODE(os.stat(path.parent).st_mode) & 0o644)
        os.replace(temporary, path)
    except BaseException as error:
        Path(temporary).unlink(missing_ok=True)
        if not isinstance(error, OSError):  # interrupted (Ctrl-C): no half-written file left, then stopped
            raise
