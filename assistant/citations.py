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
from .prompts import NOT_COVERED_MARK
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
        # Each sentence as the answer's reader splits it carries the marker: both of a quoted pair
        # ("X is…. These…"), and the pieces of a list item that holds a period.
        parts.extend(_marked(sentence, numbers[cid]) for sentence in split_sentences(item.text) or [item.text])
    by_id = {s.passage.id: s.passage for s in sentences}
    citations = tuple(Citation.from_passage(n, by_id[cid], tuple(supporting[cid])) for cid, n in numbers.items())
    return " ".join(parts), citations


def _marked(sentence: str, n: int) -> str:
    body = sentence.rstrip()
    end = body[-1] if body and body[-1] in ".!" else "."
    return f"{body.rstrip('.!').rstrip()} [{n}]{end}"


def word_support(sentence: str, passage_text: str) -> float:
    """Share of the sentence's content words that occur in the passage (0..1)."""
    return _word_share(sentence, set(content_terms(passage_text)))


def _word_share(sentence: str, passage_words: set[str]) -> float:
    words = content_terms(strip_markers(sentence))
    return sum(w in passage_words for w in words) / len(words) if words else 0.0


# A sentence is supported by a passage when nearly all its words are there (a quote
# or close paraphrase), or when it means nearly the same as one of the passage's
# sentences and shares a good part of its words. Calibrated on the fixed Q&A set
# (README, "Grounding"): below these, model sentences were mostly inventions.
WORDS_ALONE = 0.8
MEANING, WORDS_WITH_MEANING = 0.72, 0.5


def is_supported(word_share: float, similarity: float) -> bool:
    return word_share >= WORDS_ALONE or (similarity >= MEANING and word_share >= WORDS_WITH_MEANING)


@dataclass(frozen=True)
class Support:
    word_share: float
    similarity: float  # best cosine similarity to one sentence of the passage
    sentence: str  # that sentence

    @property
    def ok(self) -> bool:
        return is_supported(self.word_share, self.similarity)


def measure_support(sentences: list[str], passage_texts: list[str], embedder=None) -> list[list[Support]]:
    """support[i][j]: how well passage j supports sentence i (markers ignored).

    Without an embedder only word overlap counts (similarity 0).
    """
    plain = [strip_markers(s) for s in sentences]
    passage_sentences = [split_sentences(t) or [t] for t in passage_texts]
    passage_words = [set(content_terms(t)) for t in passage_texts]  # once, not once per sentence
    if embedder is not None and plain:
        flat = [x for group in passage_sentences for x in group]
        vectors = embedder.embed(plain + flat)
        mine, theirs = vectors[: len(plain)], vectors[len(plain):]
        cosine = mine @ theirs.T
    out = []
    for i, sentence in enumerate(plain):
        row, offset = [], 0
        for words, group in zip(passage_words, passage_sentences):
            share = _word_share(sentence, words)
            if embedder is not None and plain:
                sims = cosine[i, offset:offset + len(group)]
                best = int(sims.argmax())
                row.append(Support(share, float(sims[best]), group[best]))
            else:
                row.append(Support(share, 0.0, ""))
            offset += len(group)
        out.append(row)
    return out


def supported_share(answer: str, citations: tuple[Citation, ...] | list[Citation], embedder=None) -> float:
    """Share of answer sentences supported by a passage they cite.

    A sentence without a marker, or whose markers name nothing, counts as unsupported;
    the note naming what the sources do not cover is about the sources, not a claim.
    """
    by_n = {c.n: c for c in citations}
    sentences = [s for s in answer_sentences(answer) if NOT_COVERED_MARK not in s.lower()]
    if not sentences:
        return 0.0
    good = 0
    for sentence in sentences:
        cited = [by_n[n] for n in markers(sentence) if n in by_n]
        if cited and any(s.ok for s in measure_support([sentence], [c.text for c in cited], embedder)[0]):
            good += 1
    return good / len(sentences)


def _norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def ground(draft: str, passages: tuple[Passage, ...], embedder) -> list[CitedSentence]:
    """The draft's supported sentences, each tied to the passage that supports it.

    A sentence citing a passage that supports it keeps that citation; one citing
    the wrong passage (or none) is re-cited to the passage that supports it best;
    one no passage supports is dropped (an invention stays out of the answer).
    """
    # Passage headings ("Feature Stores — Tools") echoed back are labels, not answers.
    headings = {_norm(p.chunk.heading) for p in passages} | {_norm(p.chunk.title) for p in passages}
    sentences = [s for s in answer_sentences(draft)
                 if len(strip_markers(s).split()) >= 5 and _norm(strip_markers(s)) not in headings]
    if not sentences or not passages:
        return []
    support = measure_support(sentences, [p.chunk.text for p in passages], embedder)
    out, seen = [], set()
    for sentence, row in zip(sentences, support):
        claimed = [n - 1 for n in markers(sentence) if 1 <= n <= len(passages) and row[n - 1].ok]
        best = max(range(len(passages)), key=lambda j: (row[j].ok, row[j].word_share + row[j].similarity))
        j = claimed[0] if claimed else best
        text = strip_markers(sentence)
        if not row[j].ok or text.lower() in seen:
            continue
        seen.add(text.lower())
        out.append(CitedSentence(text=text, passage=passages[j], source_sentence=row[j].sentence))
    return out
