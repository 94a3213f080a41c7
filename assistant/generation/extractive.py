"""The `extractive` backend: answer by quoting the passages' best sentences.

No model writes anything, so every sentence is supported by construction; the
work is choosing well. Candidate sentences from the retrieved passages are
filtered to those that read on their own (no headings, questions, table rows,
fragments, or sentences that open with a pronoun whose referent was left
behind), scored by word overlap with the question, then the best few by
embedding similarity too, and 2–5 are picked with redundancy removed. They are
shown grouped by passage, in document order within a passage, so the answer
reads in a sensible order.

Not here: numbering citations (citations.py) or refusing (chat.py).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Callable

import numpy as np

from ..chunking import split_sentences
from ..citations import CitedSentence
from ..embeddings import Embedder
from ..terms import stems
from ..types import Passage

TermStats = Callable[[], tuple[dict[str, int], int]]

# First words that leave a quoted sentence dangling: its subject is in a sentence we did not quote.
_DANGLING = {"it", "this", "these", "that", "those", "they", "them", "he", "she", "such", "its",
             "their", "here", "both", "each", "another", "former", "latter"}
# Connectives that read oddly at the start of an answer (allowed later, lightly penalised).
_CONNECTIVES = {"and", "but", "or", "so", "also", "however", "additionally", "furthermore", "moreover",
                "therefore", "thus", "hence", "similarly", "likewise", "finally", "then", "instead", "otherwise"}
_LIST_QUESTION = re.compile(r"^\s*which\b|\b(tools?|platforms?|examples?|industries|sectors|skills|"
                            r"certifications?|courses?|books?|roles|jobs|positions|statistics|metrics)\b", re.I)
_ENUMERATION = re.compile(r"\b(include|includes|including|such as|like|e\.g\.)\b|(,[^,]+){2,}")
# Sentences about the text rather than the subject.
_FILLER = re.compile(r"^(let[’']s|let us|in this (article|guide|section)|this article|in conclusion|in summary|"
                     r"in essence|to sum up|read on)\b", re.I)
_LIST_ITEM = re.compile(r"^(?:[-*•+]|\d+[.)])\s+\S")
_FACT = re.compile(r"\$?\d[\d,.]*%?|\b[A-Z][A-Za-z0-9]*[A-Z0-9][A-Za-z0-9]*\b|\b[A-Z][a-z]+\b")
_DEFINITION = re.compile(r"\b(is|are|means|refers to|also called|also known as)\b")
_LIST_MARK = re.compile(r"^(?:[-*•+]\s+|\d+[.)]\s+|[A-Z]:\s+)")
_EMPHASIS = re.compile(r"(\*\*|__|`)")


@dataclass(frozen=True)
class _Candidate:
    text: str  # cleaned for display
    original: str  # as it appears in the passage (for highlighting)
    passage_rank: int
    position: int
    stems: frozenset
    meta: bool = False  # interview-advice sentences ("Interviewers often ask…")

    @property
    def facts(self) -> set[str]:
        """Numbers and names in the sentence: two sentences alike but for these say different things."""
        return set(_FACT.findall(self.text)) - {self.text.split()[0]}


def quotable(sentence: str) -> str | None:
    """The sentence cleaned for quoting, or None if it cannot stand on its own."""
    text = _EMPHASIS.sub("", _LIST_MARK.sub("", sentence.strip())).strip()
    if not text or text.startswith(("|", "#")) or text.count(" | ") >= 2 or text.endswith(("?", ":", ",", ";")):
        return None
    words = text.split()
    if not 6 <= len(words) <= 70 or not text[0].isupper():
        return None
    if text[-1] not in ".!\"”')":
        return None
    if words[0].lower().strip(",") in _DANGLING or _FILLER.match(text):
        return None
    return text


class ExtractiveGenerator:
    name = "extractive"

    # Weights of a sentence's score; chosen on the fixed Q&A set (README, "Extractive answers").
    W_COSINE, W_LEXICAL, W_PRIOR, W_NOVELTY, W_REDUNDANCY = 0.55, 0.35, 0.10, 0.12, 0.25
    W_DEFINITION, W_SPECIFIC, STOP_RATIO = 0.06, 0.3, 0.5

    def __init__(self, embedder: Embedder, term_stats: TermStats | None = None, max_sentences: int = 5,
                 min_sentences: int = 2, shortlist: int = 14) -> None:
        self.embedder = embedder
        # Corpus document frequencies of stems: a sentence made only of words common
        # in the corpus ("a diverse skill set is paramount") says little.
        self.term_stats = term_stats
        self.max_sentences = max_sentences
        self.min_sentences = min_sentences
        # Embedding a short sentence costs ~2.4 ms on 2 cores: only the lexical
        # shortlist is embedded, which keeps an answer well under 150 ms.
        self.shortlist = shortlist

    def select(self, question: str, passages: tuple[Passage, ...], query_vectors: np.ndarray,
               on_token: Callable[[str], None] | None = None) -> list[CitedSentence]:
        wants_list = bool(_LIST_QUESTION.search(question))
        candidates = self._candidates(passages, with_lists=wants_list)
        if not candidates:
            return []
        query = stems(question)
        df: dict[str, int] = {}
        for c in candidates:
            for s in c.stems:
                df[s] = df.get(s, 0) + 1
        idf = {t: math.log(1 + len(candidates) / (1 + df.get(t, 0))) for t in query}
        total = sum(idf.values()) or 1.0
        about_interviews = "interview" in question.lower()
        term_df, n_chunks = self.term_stats() if self.term_stats else ({}, 0)

        def lexical(c: _Candidate, covered: set = frozenset()) -> float:
            return sum(idf[t] for t in query if t in c.stems and t not in covered) / total

        prior = {c: 1.0 / (1 + c.passage_rank) for c in candidates}
        # Shortlist for embedding: the best by wording, plus each passage's opening
        # sentences (a paraphrased question shares few words with its answer).
        by_words = sorted(candidates, key=lambda c: -(lexical(c) + 0.15 * prior[c]))
        shortlist = by_words[: self.shortlist]
        shortlist += [c for c in candidates if c.position < 2 and c not in shortlist][: self.shortlist // 2]
        vectors = self.embedder.embed([c.text for c in shortlist])
        # Against the whole question and each of its parts: a sentence answering only
        # the second half of "which X…, and how Y…?" is still on topic.
        query_vectors = np.atleast_2d(query_vectors)
        cosine = {c: float(cos) for c, cos in zip(shortlist, (vectors @ query_vectors.T).max(axis=1))}
        vector = dict(zip(shortlist, vectors))

        def base(c: _Candidate) -> float:
            penalty = 0.05 if c.text.split()[0].lower().strip(",") in _CONNECTIVES else 0.0
            if c.meta and not about_interviews:
                penalty += 0.15  # "Interviewers often ask…" describes a question, it does not answer it
            # Says something beyond the question's own words ("a portfolio is key" says nothing).
            novelty = min(len(c.stems - query), 10) / 10
            rare = [math.log(n_chunks / (1 + term_df.get(t, 0))) for t in c.stems - query] if n_chunks else []
            if rare:
                penalty -= self.W_SPECIFIC * (sum(rare) / len(rare)) / math.log(max(n_chunks, 2))
            if _DEFINITION.search(c.text) and stems(" ".join(c.text.split()[:6])) & query:
                penalty -= self.W_DEFINITION  # "X is …" / "X, also called Y, …" about the question's subject
            if wants_list and (_ENUMERATION.search(c.text) or "; " in c.text):
                penalty -= 0.08  # "Which tools…?" is answered by the sentence that names them
            return self.W_COSINE * cosine[c] + self.W_PRIOR * prior[c] + self.W_NOVELTY * novelty - penalty

        chosen: list[_Candidate] = []
        covered: set[str] = set()
        pool = [c for c in shortlist if cosine[c] >= 0.2]  # unrelated to the question, whatever the words
        top_cosine = max((cosine[c] for c in pool), default=0.0)
        fixed = {c: base(c) for c in pool}  # the parts of a score that do not change as sentences are chosen
        facts = {c: c.facts for c in pool}
        while pool and len(chosen) < self.max_sentences:
            # Greedy: each pick favours question words the answer has not covered yet.
            # MMR: a sentence close to one already chosen adds little, however relevant.
            known = set().union(*(facts[o] for o in chosen)) if chosen else set()
            scores = {c: fixed[c] + self.W_LEXICAL * lexical(c, covered)
                      - self.W_REDUNDANCY * (0.5 if facts[c] - known else 1.0)
                      * max((float(vector[c] @ vector[o]) for o in chosen), default=0.0) for c in pool}
            best = max(pool, key=lambda c: (scores[c], -c.passage_rank, -c.position))
            pool.remove(best)
            if len(chosen) >= self.min_sentences and cosine[best] < max(0.3, self.STOP_RATIO * top_cosine):
                continue  # only loosely about the question: enough has been said without it
            if not facts[best] - known and any(
                    float(vector[best] @ vector[o]) > 0.9 or _overlap(best.stems, o.stems) > 0.6 for o in chosen):
                continue  # says again what a chosen sentence says, with no new name or number
            chosen.append(best)
            covered |= best.stems

        # Most relevant passage first; within a passage, the author's order.
        first_pick = {}
        for order, c in enumerate(chosen):
            first_pick.setdefault(c.passage_rank, order)
        chosen.sort(key=lambda c: (first_pick[c.passage_rank], c.position))
        return [CitedSentence(text=c.text, passage=passages[c.passage_rank], source_sentence=c.original)
                for c in chosen]

    @staticmethod
    def _candidates(passages: tuple[Passage, ...], with_lists: bool = False) -> list[_Candidate]:
        seen: set[str] = set()
        out = []

        def add(text: str, original: str, rank: int, position: int, passage: Passage) -> None:
            key = text.lower()
            if key in seen:
                return
            seen.add(key)
            meta = "interview" in passage.chunk.section.lower() or text.startswith(("Interviewers", "Candidates"))
            out.append(_Candidate(text, original, rank, position, frozenset(stems(text)), meta))

        for rank, passage in enumerate(passages):
            position = 0
            for sentence in split_sentences(passage.chunk.text):
                text = quotable(sentence)
                if text:
                    add(text, sentence.strip(), rank, position, passage)
                position += 1
            if with_lists:
                for text, original, line in list_units(passage.chunk.text):
                    add(text, original, rank, line, passage)
        return out


def list_units(text: str) -> list[tuple[str, str, int]]:
    """Each Markdown list of 2+ items as one quotable unit, with its lead-in line if it has one.

    "Which skills…?" is often answered by a list whose items are not sentences. An
    item ending in ":" that heads an indented sub-list becomes the lead-in of its
    own unit ("Certifications and Education: A; B."). Returns (display text,
    original text, line number) triples.
    """
    lines = text.splitlines()
    units = []

    def clean(line: str) -> str:
        return _EMPHASIS.sub("", _LIST_MARK.sub("", line.strip())).strip()

    def emit(lead: str, items: list[str], first: int, last: int) -> None:
        items = [clean(x).rstrip(".;") for x in items]
        items = [x for x in items if x]
        if len(items) >= 2 and sum(len(x.split()) for x in items) <= 120:
            body = "; ".join(items) + "."
            lead = clean(lead)
            display = f"{lead} {body}" if lead else body[0].upper() + body[1:]
            units.append((display, "\n".join(lines[first:last]), first))

    i = 0
    while i < len(lines):
        if not _LIST_ITEM.match(lines[i].strip()):
            i += 1
            continue
        start = i
        while i < len(lines) and _LIST_ITEM.match(lines[i].strip()):
            i += 1
        block = lines[start:i]
        depth = [len(x) - len(x.lstrip()) for x in block]
        heads = [j for j, x in enumerate(block) if x.rstrip().endswith(":") and j + 1 < len(block)
                 and depth[j + 1] > depth[j]]
        if heads:  # a two-level list: one unit per heading item
            for j in heads:
                k = j + 1
                while k < len(block) and depth[k] > depth[j]:
                    k += 1
                emit(block[j], block[j + 1:k], start + j, start + k)
        else:
            lead = lines[start - 1] if start > 0 and lines[start - 1].strip().endswith(":") else ""
            emit(lead, block, start - (1 if lead else 0), i)
    return units


def _overlap(a: frozenset, b: frozenset) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0
