"""A file made ready to index: read, split into passages, and held to the per-document budget.

The same checks run for `ingest.py` and for the app's Library (before an upload is kept),
so both skip a file with the same message, naming the limit it passes: pages, characters
(corpus.py) or passages (here).

Not here: which files need it (ingestion.py), how they are read (corpus.py) or split (chunking.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .chunking import chunk_document
from .config import Settings
from .corpus import SourceDocument, UnreadableDocument, document_budget, load_document
from .embeddings import Embedder
from .types import Chunk


@dataclass(frozen=True)
class Prepared:
    """A document read and split, ready to embed."""

    document: SourceDocument
    chunks: list[Chunk]


def too_many_chunks(limit: int) -> UnreadableDocument:
    return UnreadableDocument(f"it makes more than {limit:,} passages, the limit for one document; "
                              "split it into smaller files")


def prepare_document(path: Path, root: Path, settings: Settings, embedder: Embedder, sha256: str | None = None,
                     name: Path | None = None) -> Prepared:
    """Read and split one file within the per-document budget (UnreadableDocument says which
    limit it passes). The same checks for `ingest.py` and the app's Library."""
    doc = load_document(path, root, settings.max_file_bytes, sha256=sha256, budget=document_budget(settings),
                        name=name)
    chunks = chunk_document(doc, embedder.count_tokens, settings.chunk_tokens, settings.chunk_overlap_tokens)
    if len(chunks) > settings.max_document_chunks:
        raise too_many_chunks(settings.max_document_chunks)
    return Prepared(doc, chunks)
