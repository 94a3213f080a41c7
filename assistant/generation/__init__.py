"""Answer generators behind one interface, chosen by name.

A generator turns a question and its retrieved passages into cited sentences.
`make_generator` imports a backend only when it is chosen.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from ..citations import CitedSentence
from ..embeddings import Embedder
from ..types import Passage

BACKENDS = ("extractive",)


class Generator(Protocol):
    name: str

    def select(self, question: str, passages: tuple[Passage, ...], query_vectors: np.ndarray) -> list[CitedSentence]:
        """Sentences that answer `question`, each tied to the passage that supports it.

        `query_vectors`: the question's embedding, then one per part of a compound question.
        """


def make_generator(name: str, embedder: Embedder, term_stats=None) -> Generator:
    """`term_stats`: a callable giving (document frequency per stem, chunk count) of the corpus."""
    if name in ("extractive", "auto"):
        from .extractive import ExtractiveGenerator

        return ExtractiveGenerator(embedder, term_stats=term_stats)
    raise ValueError(f"unknown backend {name!r}; available: {', '.join(BACKENDS)}")
