"""Small frozen values passed between the stages: chunks, passages, citations, answers,
interview questions and grades.

Each knows how to turn itself into the JSON shape of DESIGN.md's contracts, and
nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass


def heading(title: str, section: str) -> str:
    """"Title — Section", or the title alone before a document's first heading."""
    return f"{title} — {section}" if section else title


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
    def heading(self) -> str:
        return heading(self.title, self.section)

    @property
    def embedding_text(self) -> str:
        """What the model embeds: the text with its title and section as context."""
        return f"{self.heading}\n{self.text}"


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
    def from_passage(cls, n: int, passage: Passage, supporting: tuple[str, ...] = ()) -> Citation:
        c = passage.chunk
        return cls(n=n, source=c.source, title=c.title, chunk_id=c.id, text=c.text,
                   section=c.section, supporting=supporting)

    def to_dict(self) -> dict:
        return {"n": self.n, "source": self.source, "title": self.title, "chunk_id": self.chunk_id,
                "text": self.text, "section": self.section, "supporting": list(self.supporting)}

    @classmethod
    def from_dict(cls, data: dict) -> Citation:
        """The inverse of `to_dict` (the study log stores citations as JSON)."""
        return cls(n=int(data["n"]), source=data["source"], title=data["title"], chunk_id=data["chunk_id"],
                   text=data["text"], section=data.get("section", ""),
                   supporting=tuple(data.get("supporting", ())))


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
    # Parts of the question the sources do not cover (a partly covered answer names them).
    not_covered: tuple[str, ...] = ()

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
        if self.not_covered:
            out["not_covered"] = list(self.not_covered)
        return out


@dataclass(frozen=True)
class InterviewQuestion:
    """A mock interview question with the checklist a good answer covers.

    Every key point is a sentence quoted from a passage; `model_answer` is those
    sentences with `[n]` markers naming entries of `citations`.
    """

    question: str
    type: str  # "concept" | "scenario" | "career"
    topic: str
    key_points: tuple[str, ...]
    citations: tuple[Citation, ...]
    model_answer: str
    # More quoted sentences that answer it too (the corpus often says a thing twice): credited
    # like key points, but not part of the checklist shown.
    accepted: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        out = {"question": self.question, "type": self.type, "key_points": list(self.key_points),
               "citations": [c.to_dict() for c in self.citations]}
        if self.accepted:
            out["accepted"] = list(self.accepted)
        return out

    @classmethod
    def from_dict(cls, data: dict) -> InterviewQuestion:
        return cls(question=data["question"], type=data.get("type", "concept"), topic=data.get("topic", ""),
                   key_points=tuple(data.get("key_points", ())),
                   citations=tuple(Citation.from_dict(c) for c in data.get("citations", ())),
                   model_answer=data.get("model_answer", ""), accepted=tuple(data.get("accepted", ())))


@dataclass(frozen=True)
class Grade:
    """A learner's answer scored against a question's key points."""

    question: str
    answer: str
    score: int  # 0–100
    covered: tuple[str, ...]
    missed: tuple[str, ...]
    feedback: str
    model_answer: str  # with [n] markers naming entries of `citations`
    citations: tuple[Citation, ...]

    def to_dict(self) -> dict:
        return {"score": self.score, "covered": list(self.covered), "missed": list(self.missed),
                "feedback": self.feedback, "model_answer": self.model_answer,
                "citations": [c.to_dict() for c in self.citations]}
