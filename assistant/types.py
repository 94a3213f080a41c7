"""Small frozen values passed between the stages: chunks, passages, citations, answers.

Each knows how to turn itself into the JSON shape of DESIGN.md's contracts, and
nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Chunk:
    """A piece of a document sized for the embedding model, as stored in the index."""

    id: str
    source: str  # corpus-relative path, e.g. "corpus/notes/feature-stores.md"
    title: str
    section: str  # heading path, e.g. "Monitoring > Data drift"; "" before any heading
    text: str
    ordinal: int  # position within its document

    @property
    def embedding_text(self) -> str:
        """What the model embeds: the text with its title and section as context."""
        head = f"{self.title} — {self.section}" if self.section else self.title
        return f"{head}\n{self.text}"


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk with the evidence that brought it back."""

    chunk: Chunk
    score: float  # fused rank score (higher is better)
    dense_similarity: float  # cosine similarity to the query, 0 if only keyword-matched

    @property
    def id(self) -> str:
        return self.chunk.id


@dataclass(frozen=True)
class Citation:
    n: int
    source: str
    title: str
    chunk_id: str
    text: str
    section: str = ""
    # The sentences of `text` the answer quotes or relies on (for highlighting).
    supporting: tuple[str, ...] = ()

    @classmethod
    def from_passage(cls, n: int, passage: Passage, supporting: tuple[str, ...] = ()) -> "Citation":
        c = passage.chunk
        return cls(n=n, source=c.source, title=c.title, chunk_id=c.id, text=c.text,
                   section=c.section, supporting=supporting)

    def to_dict(self) -> dict:
        return {"n": self.n, "source": self.source, "title": self.title, "chunk_id": self.chunk_id,
                "text": self.text, "section": self.section, "supporting": list(self.supporting)}


@dataclass(frozen=True)
class Answer:
    question: str
    answer: str
    refused: bool
    backend: str
    citations: tuple[Citation, ...] = ()
    latency_ms: float = 0.0
    # The question as retrieval saw it (a follow-up resolved against the history).
    standalone_question: str = ""
    id: object = None
    # What retrieval returned (cited or not): for evaluation and the sources panel.
    passages: tuple[Passage, ...] = ()
    best_similarity: float = 0.0

    def to_dict(self) -> dict:
        out: dict = {}
        if self.id is not None:
            out["id"] = self.id
        out.update({
            "question": self.question,
            "answer": self.answer,
            "refused": self.refused,
            "backend": self.backend,
            "latency_ms": round(self.latency_ms, 1),
            "citations": [c.to_dict() for c in self.citations],
        })
        if self.standalone_question and self.standalone_question != self.question:
            out["standalone_question"] = self.standalone_question
        return out
