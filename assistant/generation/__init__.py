"""Answer generators behind one interface, chosen by name.

- `extractive`: quotes the passages' best sentences; no model, instant.
- `local`: the packaged GGUF model in-process (llama.cpp), grounded in code.
- `openai`: any OpenAI-compatible server, grounded in code the same way.
- `auto`: whichever measures best on the Q&A set's `test` split at acceptable speed:
  `extractive` today (README, "Quality": the local model was both slower and less accurate).

`make_generator` imports a backend only when it is chosen.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Protocol

import numpy as np

from ..citations import CitedSentence
from ..config import Settings
from ..embeddings import Embedder
from ..types import Passage

BACKENDS = ("auto", "extractive", "local", "openai")
AUTO = "extractive"  # what `auto` means; change it only with a measurement that beats it


class Generator(Protocol):
    name: str

    def select(self, question: str, passages: tuple[Passage, ...], query_vectors: np.ndarray,
               on_token: Callable[[str], None] | None = None) -> list[CitedSentence]:
        """Sentences that answer `question`, each tied to the passage that supports it.

        `query_vectors`: the question's embedding, then one per part of a compound question, then the
        question with its short forms spelled out, if it has any (live_index.py).
        `on_token`: called with each piece of a model's draft as it streams (models only).
        """


def make_generator(settings: Settings, embedder: Embedder, term_stats=None,
                   log: Callable[[str], None] | None = None) -> Generator:
    """`term_stats`: a callable giving (document frequency per stem, chunk count) of the corpus."""
    from .extractive import ExtractiveGenerator
    from .model_files import ModelUnavailable, packaged_model_installed

    log = log or (lambda line: print(line, file=sys.stderr))
    name = settings.backend
    if name not in BACKENDS:
        raise ValueError(f"unknown backend {name!r}; choose one of {', '.join(BACKENDS)}")
    extractive = ExtractiveGenerator(embedder, term_stats=term_stats)
    if name == "auto":
        name = AUTO
        if name == "local" and settings.local_model is None and not packaged_model_installed():
            return extractive
    if name == "extractive":
        return extractive
    from .grounded import GroundedGenerator

    try:
        if name == "local":
            from .local import make_local_chat_model

            chat_model = make_local_chat_model(settings)
            chat_model.load()
        else:
            from .openai import make_openai_chat_model

            chat_model = make_openai_chat_model(settings)
    except ModelUnavailable as exc:
        if settings.backend == "auto":
            log(f"the local model is unavailable ({exc}); answering by quoting the sources")
            return extractive
        raise
    return GroundedGenerator(name, chat_model, embedder, extractive, log=log)
