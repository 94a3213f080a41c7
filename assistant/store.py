"""The index: Chroma vectors + an SQLite FTS5 keyword index + a manifest of content hashes.

Layout of an index directory:

    index.sqlite3   keyword index (FTS5, porter stemming), manifest, index settings
    chroma/         the Chroma persistent store (absent with a Chroma server)

With `chroma_url` set, vectors live in a Chroma server over HTTP and the
directory keeps only the SQLite file. The collection name is recorded in the
SQLite file, so a rebuild can fill a fresh collection and switch over at the end.

Write order per document (what makes a killed ingestion converge): vectors are
upserted first, stale vectors of that source deleted second, and only then, in
one SQLite transaction, the keyword rows and the manifest entry are replaced. A
kill anywhere leaves the manifest naming the old hash, so the next run redoes
that document; every step is idempotent.

Not here: talking to Chroma (chroma_store.py), deciding what changed (ingestion.py) and ranking
(retrieval.py).
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .chroma_store import StoreUnavailable, Vectors, open_chroma_client  # noqa: F401 (their home for callers)
from .embeddings import Embedder
from .errors import AssistantError
from .sqlite_tx import immediate
from .terms import stems
from .types import Chunk

SQLITE_NAME = "index.sqlite3"
# Bump when the tables below change: the fingerprint then asks for a rebuild.
STORE_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    source TEXT PRIMARY KEY, sha256 TEXT NOT NULL, title TEXT NOT NULL,
    chunks INTEGER NOT NULL, ingested_at REAL NOT NULL, meta TEXT NOT NULL DEFAULT '{}');
CREATE TABLE IF NOT EXISTS term_df (term TEXT PRIMARY KEY, df INTEGER NOT NULL);
CREATE VIRTUAL TABLE IF NOT EXISTS chunks_fts USING fts5(
    id UNINDEXED, source UNINDEXED, ordinal UNINDEXED, title, section, text,
    tokenize = 'porter unicode61');
"""


@dataclass(frozen=True)
class DocumentRecord:
    source: str
    sha256: str
    title: str
    chunks: int
    ingested_at: float
    meta: dict


# The columns `_row_chunk` reads, in its order.
_CHUNK_COLUMNS = "id, source, ordinal, title, section, text"


def _row_chunk(row: tuple) -> Chunk:
    return Chunk(id=row[0], source=row[1], ordinal=int(row[2]), title=row[3], section=row[4], text=row[5])


def _phrase(term: str) -> str:
    """A term as an FTS5 phrase (quotes inside would end it)."""
    return '"' + term.replace('"', "") + '"'


# Sources left out of a keyword search: one parameter, a JSON list, however many there are.
_HIDING = " AND source NOT IN (SELECT value FROM json_each(?))"


def _hidden(hide: Sequence[str]) -> tuple[str, ...]:
    return (json.dumps(list(hide)),) if hide else ()


class IndexMismatch(AssistantError):
    """The index was built with other settings (model, chunk size): it must be rebuilt."""


class Index:
    """One open index. Use `open_index`; close it (or use `with`) when done."""

    def __init__(self, directory: Path, embedder: Embedder, chroma_url: str | None,
                 collection: str, fingerprint: dict) -> None:
        self.directory = directory
        self.embedder = embedder
        self.chroma_url = chroma_url
        directory.mkdir(parents=True, exist_ok=True)
        self._inode = directory.stat().st_ino  # a rebuild swaps in another folder: see is_current
        self._db = sqlite3.connect(directory / SQLITE_NAME, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(_SCHEMA)
        stored = self._meta("fingerprint")
        if stored is None:
            self._set_meta("fingerprint", json.dumps(fingerprint, sort_keys=True))
            self._set_meta("collection", collection)
        elif json.loads(stored) != fingerprint:
            self._db.close()
            old = json.loads(stored)
            changes = ", ".join(f"{key} {old.get(key)} → {fingerprint.get(key)}"
                                for key in sorted(set(old) | set(fingerprint)) if old.get(key) != fingerprint.get(key))
            raise IndexMismatch(f"the index at {directory} was built with other settings ({changes})")
        self.collection_name = self._meta("collection") or collection
        self._term_stats: tuple[dict[str, int], int] | None = None
        try:
            self._vectors = Vectors(directory, chroma_url, self.collection_name, embedder)
        except Exception:
            self._db.close()
            raise

    # -- manifest -----------------------------------------------------------
    def documents(self) -> dict[str, DocumentRecord]:
        rows = self._db.execute("SELECT source, sha256, title, chunks, ingested_at, meta FROM documents")
        return {r[0]: DocumentRecord(r[0], r[1], r[2], r[3], r[4], json.loads(r[5])) for r in rows}

    def chunk_count(self) -> int:
        return self._db.execute("SELECT COALESCE(SUM(chunks), 0) FROM documents").fetchone()[0]

    def is_empty(self) -> bool:
        return self._db.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 0

    # -- writes ---------------------------------------------------------------
    def put_document(self, source: str, sha256: str, title: str, meta: dict,
                     chunks: list[Chunk], vectors: np.ndarray) -> None:
        """Replace everything stored for `source` with these chunks (see module docstring)."""
        self._mark_pending(source)
        self._vectors.upsert(chunks, vectors)
        self._vectors.delete_source(source, keep={c.id for c in chunks})
        with immediate(self._db):
            self._forget_terms(source)
            self._db.execute("DELETE FROM chunks_fts WHERE source = ?", (source,))
            self._count_terms([c.text for c in chunks], +1)
            self._db.executemany(
                "INSERT INTO chunks_fts (id, source, ordinal, title, section, text) VALUES (?, ?, ?, ?, ?, ?)",
                [(c.id, c.source, c.ordinal, c.title, c.section, c.text) for c in chunks])
            self._db.execute(
                "INSERT OR REPLACE INTO documents (source, sha256, title, chunks, ingested_at, meta) "
                "VALUES (?, ?, ?, ?, ?, ?)", (source, sha256, title, len(chunks), time.time(), json.dumps(meta)))
            self._count_write()

    def remove_document(self, source: str) -> None:
        self._mark_pending(source)
        self._vectors.delete_source(source, keep=set())
        with immediate(self._db):
            self._forget_terms(source)
            self._db.execute("DELETE FROM chunks_fts WHERE source = ?", (source,))
            self._db.execute("DELETE FROM documents WHERE source = ?", (source,))
            self._count_write()

    def _count_write(self) -> None:
        """One more committed change of the vectors, in the transaction that commits it: what tells a
        search's copy of the vectors (exact_search.py) that it is out of date, in any process."""
        self._db.execute("INSERT INTO meta (key, value) VALUES ('writes', '1') "
                         "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1")

    def _mark_pending(self, source: str) -> None:
        """Forget the document's hash before its vectors change: if the run dies before the
        final commit, the next run redoes this document even if its file went back to the
        content the old hash described."""
        self._db.execute("UPDATE documents SET sha256 = 'pending' WHERE source = ?", (source,))

    def _forget_terms(self, source: str) -> None:
        old = [r[0] for r in self._db.execute("SELECT text FROM chunks_fts WHERE source = ?", (source,))]
        self._count_terms(old, -1)

    def _count_terms(self, texts: list[str], sign: int) -> None:
        counts: dict[str, int] = {}
        for text in texts:
            for term in stems(text):
                counts[term] = counts.get(term, 0) + 1
        self._db.executemany(
            "INSERT INTO term_df (term, df) VALUES (?, ?) ON CONFLICT(term) DO UPDATE SET df = df + excluded.df",
            [(t, sign * n) for t, n in counts.items()])
        self._db.execute("DELETE FROM term_df WHERE df <= 0")
        self._term_stats = None

    def term_stats(self) -> tuple[dict[str, int], int]:
        """(chunks containing each stem, number of chunks), for how specific a word is."""
        if self._term_stats is None:
            df = dict(self._db.execute("SELECT term, df FROM term_df"))
            self._term_stats = (df, self._db.execute("SELECT COUNT(*) FROM chunks_fts").fetchone()[0])
        return self._term_stats

    # -- reads ----------------------------------------------------------------
    def dense_search(self, query_vector: np.ndarray, n: int) -> list[tuple[Chunk, float]]:
        """Nearest chunks by cosine similarity (1 - Chroma's cosine distance)."""
        return self.dense_search_many([query_vector], n)[0]

    def dense_search_many(self, query_vectors, n: int, hide: Sequence[str] = ()) -> list[list[tuple[Chunk, float]]]:
        """`dense_search` for several vectors at once: one NumPy product for a small local index
        (exact_search.py), else one Chroma query (each costs ~5 ms on its own). `hide`: sources to
        leave out (another learner's uploads), here and in the searches below."""
        return self._vectors.search_many(query_vectors, n, hide, generation=self._generation(),
                                         hidden_chunks=lambda: self._chunks_in(hide))

    def keyword_search(self, terms: list[str], n: int, hide: Sequence[str] = ()) -> list[tuple[Chunk, float]]:
        """BM25-ranked chunks matching any of `terms` (already-clean words)."""
        if not terms or n <= 0:
            return []
        return self._ranked(" OR ".join(_phrase(t) for t in terms), n, hide)

    def section_search(self, phrase: str, n: int, hide: Sequence[str] = ()) -> list[Chunk]:
        """Chunks whose section heading holds `phrase` (its words in order, stemmed), best BM25 first."""
        if not phrase.strip() or n <= 0:
            return []
        return [chunk for chunk, _ in self._ranked(f"section : {_phrase(phrase)}", n, hide)]

    def _ranked(self, match: str, n: int, hide: Sequence[str]) -> list[tuple[Chunk, float]]:
        # Rank on rowids first and fetch the texts of the winners only: sorting
        # thousands of matches with their texts attached is what made this slow.
        top = self._db.execute(
            # Column weights: a title or section match counts more than a body match.
            "SELECT rowid, bm25(chunks_fts, 0, 0, 0, 2.0, 3.0, 1.0) AS s FROM chunks_fts "
            f"WHERE chunks_fts MATCH ?{_HIDING if hide else ''} ORDER BY s LIMIT ?",
            (match, *_hidden(hide), n)).fetchall()
        rows = [(self._db.execute(f"SELECT {_CHUNK_COLUMNS} FROM chunks_fts WHERE rowid = ?", (rowid,)).fetchone(),
                 -score) for rowid, score in top]
        return [(_row_chunk(row), score) for row, score in rows if row is not None]  # None: just removed

    def missing_terms(self, terms: list[str], hide: Sequence[str] = ()) -> list[str]:
        """The terms no indexed chunk contains (matched as FTS5 phrases, stemmed)."""
        missing = []
        for term in terms:
            if not self._db.execute(f"SELECT 1 FROM chunks_fts WHERE chunks_fts MATCH ?{_HIDING if hide else ''} "
                                    "LIMIT 1", (_phrase(term), *_hidden(hide))).fetchone():
                missing.append(term)
        return missing

    def chunks_of(self, source: str) -> list[Chunk]:
        rows = self._db.execute(f"SELECT {_CHUNK_COLUMNS} FROM chunks_fts WHERE source = ?", (source,))
        return sorted(map(_row_chunk, rows), key=lambda c: c.ordinal)

    def _chunks_in(self, sources: Sequence[str]) -> int:
        return int(self._db.execute("SELECT TOTAL(chunks) FROM documents WHERE source IN "
                                    "(SELECT value FROM json_each(?))", (json.dumps(list(sources)),)).fetchone()[0])

    def _generation(self) -> str:
        """Changes whenever a document is added, replaced or removed, by any process (`_count_write`)."""
        return self._meta("writes") or "0"

    def vector_count(self) -> int:
        return self._vectors.count()

    def is_current(self) -> bool:
        """False once another process's rebuild has put a new index folder in this one's place."""
        try:
            return self.directory.stat().st_ino == self._inode
        except OSError:  # gone for a moment during a swap: not ours any more
            return False

    # -- plumbing -------------------------------------------------------------
    def close(self) -> None:
        self._db.close()
        self._vectors.close()

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def _set_meta(self, key: str, value: str) -> None:
        self._db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))


def index_exists(directory: Path) -> bool:
    return (directory / SQLITE_NAME).exists()


def open_index(directory: Path, embedder: Embedder, chroma_url: str | None, collection: str,
               fingerprint: dict | None = None) -> Index:
    return Index(directory, embedder, chroma_url, collection, fingerprint or {})
