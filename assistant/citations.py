"""Citation markers: numbering, parsing, validation, and the sentence support check.

An answer is text whose sentences end in `[n]` markers; `n` names an entry of the
answer's citation list. This module turns (sentence, passage) pairs into that
text and list, finds markers that name nothing, and measures how well a sentence
is supported by the passage it cites (word overlap; generation/ adds embedding
similarity where a model paraphrases).

Not here: choosing sentences (generation/) or rendering (ui.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .chunking import split_sentences
from .terms import content_terms
from .types import Citation, Passage

MARKER = re.compile(r"\s?\[(\d+)\]")


@dataclass(frozen=True)
class CitedSentence:
    text: str  # the sentence as shown, without marker
    passage: Passage
    source_sentence: str = ""  # the passage sentence it quotes or rests on (highlighting)


def markers(text: str) -> list[int]:
    return [int(m) for m in MARKER.findall(text)]


def strip_markers(text: str) -> str:
    return MARKER.sub("", text).strip()


def invalid_markers(answer: str, citations: tuple[Citation, ...] | list[Citation]) -> list[int]:
    """Marker numbers in `answer` that name no citation."""
    known = {c.n for c in citations}
    return [n for n in markers(answer) if n not in known]


def answer_sentences(answer: str) -> list[str]:
    """Sentences of an answer text, markers kept with the sentence they follow."""
    return [s for s in split_sentences(answer) if strip_markers(s)]


def render(sentences: list[CitedSentence]) -> tuple[str, tuple[Citation, ...]]:
    """Answer text with `[n]` markers, numbered by first appearance, and its citations."""
    numbers: dict[str, int] = {}
    supporting: dict[str, list[str]] = {}
    parts = []
    for item in sentences:
        cid = item.passage.id
        if cid not in numbers:
            numbers[cid] = len(numbers) + 1
            supporting[cid] = []
        if item.source_sentence:
            supporting[cid].append(item.source_sentence)
        body = item.text.rstrip()
        end = body[-1] if body and body[-1] in ".!" else "."
        body = body.rstrip(".!").rstrip()
        parts.append(f"{body} [{numbers[cid]}]{end}")
    by_id = {s.passage.id: s.passage for s in sentences}
    citations = tuple(Citation.from_passage(n, by_id[cid], tuple(supporting[cid])) for cid, n in numbers.items())
    return " ".join(parts), citations


def word_support(sentence: str, passage_text: str) -> float:
    """Share of the sentence's content words that occur in the passage (0..1)."""
    words = content_terms(strip_markers(sentence))
    if not words:
        return 0.0
    passage_words = set(content_terms(passage_text))
    return sum(w in passage_words for w in words) / len(words)


def supported_share(answer: str, citations: tuple[Citation, ...] | list[Citation], threshold: float = 0.8) -> float:
    """Share of answer sentences whose cited passages contain (most of) their words.

    A sentence without a marker, or whose markers name nothing, counts as unsupported.
    """
    by_n = {c.n: c for c in citations}
    sentences = answer_sentences(answer)
    if not sentences:
        return 0.0
    good = 0
    for sentence in sentences:
        cited = [by_n[n] for n in markers(sentence) if n in by_n]
        if cited and max(word_support(sentence, c.text) for c in cited) >= threshold:
            good += 1
    return good / len(sentences)
