"""Model-written answers whose grounding is enforced in code.

Small models neither cite nor refuse reliably (DESIGN.md), so the model is asked
nicely (numbered, fenced passages; a sentinel for "not covered") and then not
trusted: every sentence it writes is checked against the passages
(citations.ground), re-cited to the passage that supports it, or dropped. If
nothing supported remains, or the model fails, the answer is quoted instead
(the extractive backend). The relevance gate has already run before any of this.

The same class serves any LangChain chat model: the in-process local model, an
OpenAI-compatible server, or a test fake.

Not here: building the chat models (local.py, openai.py).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

from .. import prompts
from ..citations import CitedSentence, ground
from ..embeddings import Embedder
from ..types import Passage
from .extractive import ExtractiveGenerator


class GroundedGenerator:
    def __init__(self, name: str, chat_model: Any, embedder: Embedder, fallback: ExtractiveGenerator,
                 log: Callable[[str], None] | None = None) -> None:
        self.name = name
        self.chat_model = chat_model
        self.embedder = embedder
        self.fallback = fallback
        self.log = log or (lambda line: print(line, file=sys.stderr))
        self.last_draft = ""  # what the model wrote before checking (for evaluation and debugging)

    def messages(self, question: str, passages: tuple[Passage, ...]) -> list:
        from langchain_core.messages import HumanMessage, SystemMessage

        numbered = [(i + 1, p.chunk.heading, p.chunk.text) for i, p in enumerate(passages)]
        return [SystemMessage(prompts.ANSWER_SYSTEM),
                HumanMessage(prompts.answer_user_message(question, numbered))]

    def draft(self, question: str, passages: tuple[Passage, ...]) -> Iterator[str]:
        """The model's raw answer, piece by piece as it streams."""
        for chunk in self.chat_model.stream(self.messages(question, passages)):
            if chunk.content:
                yield str(chunk.content)

    def select(self, question: str, passages: tuple[Passage, ...], query_vectors: np.ndarray,
               on_token: Callable[[str], None] | None = None) -> list[CitedSentence]:
        text = ""
        try:
            for piece in self.draft(question, passages):
                text += piece
                if on_token:
                    on_token(piece)
        except Exception as exc:  # a server down or a model error must not cost the learner an answer
            self.log(f"{self.name} backend failed ({type(exc).__name__}: {exc}); quoting the sources instead")
            text = ""
        self.last_draft = text
        sentences = ground(text.replace(prompts.MODEL_SENTINEL, ""), passages, self.embedder)
        return sentences or self.fallback.select(question, passages, query_vectors)

    def rewrite(self, question: str, previous_questions: list[str]) -> str:
        """A follow-up rewritten by the model as a standalone question ("" if it fails)."""
        from langchain_core.messages import HumanMessage, SystemMessage

        try:
            reply = self.chat_model.invoke([SystemMessage(prompts.REWRITE_SYSTEM),
                                            HumanMessage(prompts.rewrite_user_message(question, previous_questions))])
        except Exception as exc:
            self.log(f"{self.name} backend could not rewrite the follow-up ({exc}); using the conversation as is")
            return ""
        text = " ".join(str(reply.content).split()).strip().strip('"')
        # A usable rewrite is one short question, not an answer or an essay.
        return text if 0 < len(text) <= 300 and text.count("?") <= 1 else ""
