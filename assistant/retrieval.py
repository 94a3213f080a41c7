"""Hybrid retrieval: dense (Chroma + MiniLM) and keyword (FTS5 BM25), fused by RRF.

Plain BM25 found the right article more often than plain dense retrieval on the
held-out questions (DESIGN.md), and dense retrieval catches paraphrases BM25
misses, so both are asked and their rankings fused with reciprocal rank fusion.
Passages whose text nearly repeats a better-ranked one are dropped (the articles
repeat themselves, and overlapping chunks share sentences).

The relevance gate lives here too: if even the best dense match is far from the
question, the corpus does not cover it and nothing should be generated.

Not here: choosing sentences or writing answers (generation/).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from .asking import asking_sentences, without_label
from .backgrounds import backgrounds, written_for
from .embeddings import Embedder
from .store import Index
from .terms import content_terms, jaccard, stem
from .token_match import TokenMatcher
from .types import Passage

# How much naming a document lifts its passages, in first-place votes of every search
# (chosen on the dev split: enough to bring the named text in, not to push the others out).
PREFER_VOTES = 0.5
# Beyond the k fused passages, one more: the candidate among the fused top COVER_CANDIDATES that says
# more of the question, word piece by word piece (token_match.py), than every one of the k does. An
# answer worded unlike its question ("labels arrive months late; what can we watch meanwhile?" against
# "teams rely on proxy signals such as input drift…") often ranks sixth to fifteenth. Added, not swapped
# in: re-ranking the k by coverage lost as many answers as it gained (docs/quality.md). Above
# COVER_LIMIT chunks it is left out: a question could wait for COVER_CANDIDATES passages it has not
# seen to be read (~25–55 ms each on 2 cores), and the matcher remembers that many passages at most.
COVER_CANDIDATES, COVER_LIMIT = 30, 2_000


@dataclass(frozen=True)
class Retrieval:
    query: str
    passages: tuple[Passage, ...]
    best_similarity: float  # best dense cosine similarity between the query and any chunk
    query_vector: np.ndarray
    # The whole query's vector first, then one per part of a compound question (and, added by the
    # look-up, the query with its short forms spelled out).
    query_vectors: np.ndarray | None = None

    def is_relevant(self, threshold: float) -> bool:
        return bool(self.passages) and self.best_similarity >= threshold


class HybridRetriever:
    def __init__(self, index: Index, embedder: Embedder, fetch_k: int, rrf_k: int,
                 matcher: TokenMatcher | None = None) -> None:
        self.index = index
        self.embedder = embedder
        self.fetch_k = fetch_k
        self.rrf_k = rrf_k
        self.matcher = matcher  # None: the k fused passages only

    def keyword_terms(self, query: str) -> list[str]:
        """The words the keyword search looks for: those of the sentences that ask come first, the
        scene's fill what is left ("3 years of Go … Docker, k8s" are rarer than "main thing I'm
        missing … move into MLOps", and would otherwise be all that is searched)."""
        document_frequency, _ = self.index.term_stats()
        asks, scene = asking_sentences(_without_context(query))  # a follow-up's carried topic is no scene
        first = set(content_terms(" ".join(asks))) if scene else set()
        return pick_keyword_terms(content_terms(query), document_frequency, first=first)

    def retrieve(self, query: str, k: int = 5, prefer: Iterable[str] = ()) -> Retrieval:
        """The k best passages for `query`, and at most one more that covers it better than they do
        (COVER_CANDIDATES); those from the `prefer` sources (a document the question names) get
        PREFER_VOTES first-place votes of every search on top."""
        query = without_label(query)  # "Interviewer: …" asks for the subject, not for interview sections
        parts = sub_questions(query)
        vectors = self.embedder.embed([query] + parts)
        vector = vectors[0]
        rankings, similarity = [], {}
        # A two-part question ("which statistics…, and how would I test…?") asks each
        # part too, so the second part's passages are not crowded out by the first's.
        weights = [1.0] + [0.5] * len(parts)
        for dense, weight in zip(self.index.dense_search_many(vectors, self.fetch_k), weights):
            rankings.append((dense, weight))
            for chunk, sim in dense:
                similarity[chunk.id] = max(similarity.get(chunk.id, 0.0), sim)
        # Keyword search once, on the whole question: the parts' words are among its words.
        rankings.insert(1, (self.index.keyword_search(self.keyword_terms(query), self.fetch_k), 1.0))
        chunks, scores = {}, {}
        for ranking, weight in rankings:
            for rank, (chunk, _) in enumerate(ranking):
                chunks.setdefault(chunk.id, chunk)
                scores[chunk.id] = scores.get(chunk.id, 0.0) + weight / (self.rrf_k + rank + 1)
        # A section written for the learner's own background ("Moving into MLOps from data science")
        # is kept in the top k too: the question's words rarely pick it out (backgrounds.py).
        background = self._background_sections(query, chunks, scores)
        preferred = set(prefer)
        for cid, chunk in chunks.items():
            if chunk.source in preferred:
                scores[cid] += PREFER_VOTES * sum(weight for _, weight in rankings) / (self.rrf_k + 1)
        ordered = sorted(scores, key=lambda cid: (-scores[cid], -similarity.get(cid, 0.0), cid))
        # Each part of a compound question keeps its own best passage in the top k,
        # so the second half of "which X…, and how Y…?" is not crowded out.
        wanted = {ranking[0][0].id for ranking, _ in rankings[2:] if ranking} | background
        unique: list[str] = []
        kept_shingles: list[set] = []
        for cid in ordered:
            if len(unique) >= k and not wanted - set(unique):
                break
            if len(unique) >= k and cid not in wanted:
                continue  # only a part's own best passage can still be chosen
            shingles = _shingles(chunks[cid].text)
            if _near_duplicate(shingles, kept_shingles):
                continue  # near-duplicate of a better-ranked passage
            kept_shingles.append(shingles)
            unique.append(cid)
        must = [cid for cid in unique if cid in wanted][:k]
        chosen = must + [cid for cid in unique if cid not in must][: k - len(must)]
        chosen.sort(key=unique.index)
        shingles_of = dict(zip(unique, kept_shingles))
        chosen += self._better_covering(query, ordered, chosen, chunks, [shingles_of[cid] for cid in chosen])
        passages = [Passage(chunk=chunks[cid], score=scores[cid], dense_similarity=similarity.get(cid, 0.0))
                    for cid in chosen]
        best = max(similarity.values(), default=0.0)
        return Retrieval(query=query, passages=tuple(passages), best_similarity=best, query_vector=vector,
                         query_vectors=vectors)

    def _better_covering(self, query: str, ordered: list[str], chosen: list[str], chunks: dict,
                         kept: list[set]) -> list[str]:
        """The fused candidate that covers the question better than every chosen passage, if one does
        and is no near-duplicate of one of them (their shingles: `kept`; see COVER_CANDIDATES); else nothing."""
        if self.matcher is None or not chosen or self.index.term_stats()[1] > COVER_LIMIT:
            return []
        pool = list(dict.fromkeys(chosen + ordered[:COVER_CANDIDATES]))
        cover = dict(zip(pool, self.matcher.coverage(query, [chunks[cid].text for cid in pool])))
        bar = max(cover[cid] for cid in chosen)
        for cid in sorted(pool[len(chosen):], key=lambda cid: -cover[cid]):
            if cover[cid] <= bar:
                break
            if not _near_duplicate(_shingles(chunks[cid].text), kept):
                return [cid]
        return []

    def _background_sections(self, query: str, chunks: dict, scores: dict) -> set[str]:
        """For each background the learner names, the best-ranked chunk of a section written for it
        (added to `chunks` and `scores` if no search found it)."""
        wanted = set()
        for field in backgrounds(query):
            found = [c for c in self.index.section_search(field, 20) if written_for(c.section, field)]
            if found:
                best = max(found, key=lambda c: scores.get(c.id, 0.0))  # ties: the heading's best match
                chunks.setdefault(best.id, best)
                scores.setdefault(best.id, 0.0)
                wanted.add(best.id)
        return wanted


_PART_SPLIT = re.compile(r"\?\s+|[,;]\s+(?:and|or)\s+(?:(?:at|in|on|for|from|with|by|under|through)\s+)?"
                         r"(?=(?:what|which|how|why|when|where|who|does|do|is|are|can|would|should|could|will|"
                         r"tell me|explain)\b)"
                         r"|\s+and\s+(?=(?:what|which|how|why|when|where|who)\b)", re.I)


def sub_questions(query: str, min_terms: int = 2) -> list[str]:
    """The parts of a compound question, or [] when it has only one part worth asking alone
    (one with at least `min_terms` content words)."""
    query = " ".join(_without_context(query).split())  # one space between words keeps the split linear
    parts = [p.strip(" ,;?") for p in _PART_SPLIT.split(query) if p and p.strip(" ,;?")]
    parts = [p for p in parts if len(content_terms(p)) >= min_terms]
    return parts if len(parts) >= 2 else []


def _without_context(query: str) -> str:
    """The query without a follow-up's carried topic, "(context: …)": it is not a part."""
    out, at = [], 0
    while (start := query.find("(context:", at)) != -1 and (end := query.find(")", start)) != -1:
        out.append(query[at:start])
        at = end + 1
    return "".join(out) + query[at:]


def pick_keyword_terms(terms: list[str], document_frequency: dict[str, int], most: int = 6,
                       budget: int = 5_000, first: Collection[str] = ()) -> list[str]:
    """The question's rarest words: at most `most`, and as many as fit a budget of matching chunks.

    FTS5 computes BM25 for every chunk that contains any query word, so the cost
    grows with the words' posting lists; common words, the long lists, also carry
    the least BM25 weight. Words are taken rarest first while their chunk counts
    add up to at most `budget`; a word that does not fit is passed over, and when none
    fits the rarest is searched alone. On a small corpus every word fits; at 100k
    chunks the commonest are dropped (bench/scale_bench.py). Measured on the fixed Q&A
    set, keeping the 6 rarest of a long question also ranks better than keeping all of
    them (hit@5 0.983 against 0.965). The `first` terms (those of the sentences that ask)
    are taken before any other, rarest first among themselves.
    """
    def chunks(term: str) -> int:
        return document_frequency.get(stem(term), 0)

    keep, used = set(), 0
    for term in sorted(terms, key=lambda t: (t not in first, chunks(t))):
        if len(keep) == most:
            break
        if used + chunks(term) <= budget:  # in rarity order alone, the first that does not fit ends it
            keep.add(term)
            used += chunks(term)
    if not keep and terms:
        keep.add(min(terms, key=chunks))
    return [t for t in terms if t in keep]


def _near_duplicate(shingles: set, kept: list[set]) -> bool:
    return any(jaccard(shingles, other) >= 0.6 for other in kept)


def _shingles(text: str, n: int = 3) -> set:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i:i + n]) for i in range(max(1, len(words) - n + 1))}


def as_langchain_retriever(retriever: HybridRetriever, k: int = 5) -> Any:
    """The same retrieval as a LangChain `BaseRetriever` (Documents with metadata)."""
    from langchain_core.callbacks import CallbackManagerForRetrieverRun
    from langchain_core.documents import Document
    from langchain_core.retrievers import BaseRetriever

    class _Hybrid(BaseRetriever):
        def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun
                                    ) -> list[Document]:
            found = retriever.retrieve(query, k)
            # k documents, as a LangChain retriever's caller expects: the one coverage may add is left out.
            return [Document(page_content=p.chunk.text, id=p.id,
                             metadata={"source": p.chunk.source, "title": p.chunk.title,
                                       "section": p.chunk.section, "score": p.score,
                                       "similarity": p.dense_similarity}) for p in found.passages[:k]]

    return _Hybrid()
