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
from dataclasses import dataclass
from typing import Any

import numpy as np

from .embeddings import Embedder, embed_query
from .terms import content_terms
from .store import Index
from .types import Passage

@dataclass(frozen=True)
class Retrieval:
    query: str
    passages: tuple[Passage, ...]
    best_similarity: float  # best dense cosine similarity between the query and any chunk
    query_vector: np.ndarray
    # The whole query's vector first, then one per part of a compound question.
    query_vectors: np.ndarray | None = None

    def is_relevant(self, threshold: float) -> bool:
        return bool(self.passages) and self.best_similarity >= threshold


class HybridRetriever:
    def __init__(self, index: Index, embedder: Embedder, fetch_k: int = 20, rrf_k: int = 60) -> None:
        self.index = index
        self.embedder = embedder
        self.fetch_k = fetch_k
        self.rrf_k = rrf_k

    def retrieve(self, query: str, k: int = 5) -> Retrieval:
        parts = sub_questions(query)
        vectors = self.embedder.embed([query] + parts)
        vector = vectors[0]
        rankings, similarity = [], {}
        # A two-part question ("which statistics…, and how would I test…?") asks each
        # part too, so the second part's passages are not crowded out by the first's.
        for text, vec, weight in [(query, vector, 1.0)] + [(p, v, 0.5) for p, v in zip(parts, vectors[1:])]:
            dense = self.index.dense_search(vec, self.fetch_k)
            keyword = self.index.keyword_search(content_terms(text), self.fetch_k)
            rankings += [(dense, weight), (keyword, weight)]
            for chunk, sim in dense:
                similarity[chunk.id] = max(similarity.get(chunk.id, 0.0), sim)
        chunks, scores = {}, {}
        for ranking, weight in rankings:
            for rank, (chunk, _) in enumerate(ranking):
                chunks.setdefault(chunk.id, chunk)
                scores[chunk.id] = scores.get(chunk.id, 0.0) + weight / (self.rrf_k + rank + 1)
        ordered = sorted(scores, key=lambda cid: (-scores[cid], -similarity.get(cid, 0.0), cid))
        unique: list[str] = []
        kept_shingles: list[set] = []
        for cid in ordered:
            shingles = _shingles(chunks[cid].text)
            if any(_jaccard(shingles, other) >= 0.6 for other in kept_shingles):
                continue  # near-duplicate of a better-ranked passage
            kept_shingles.append(shingles)
            unique.append(cid)
        # Each part of a compound question keeps its own best passage in the top k,
        # so the second half of "which X…, and how Y…?" is not crowded out.
        must = [ranking[0][0].id for ranking, _ in rankings[2::2] if ranking and ranking[0][0].id in unique][:k]
        chosen = must + [cid for cid in unique if cid not in must][: k - len(must)]
        chosen.sort(key=unique.index)
        passages = [Passage(chunk=chunks[cid], score=scores[cid], dense_similarity=similarity.get(cid, 0.0))
                    for cid in chosen]
        best = max(similarity.values(), default=0.0)
        return Retrieval(query=query, passages=tuple(passages), best_similarity=best, query_vector=vector,
                         query_vectors=vectors)


_PART_SPLIT = re.compile(r"\?\s+|[,;]\s+and\s+(?=(?:what|which|how|why|when|where|who|does|do|is|are|can)\b)"
                         r"|\s+and\s+(?=(?:what|which|how|why|when|where|who)\b)", re.I)


def sub_questions(query: str) -> list[str]:
    """The parts of a compound question, or [] when it has only one part worth asking alone."""
    parts = [p.strip(" ,;?") for p in _PART_SPLIT.split(query) if p and p.strip(" ,;?")]
    parts = [p for p in parts if len(content_terms(p)) >= 2]
    return parts if len(parts) >= 2 else []


def _shingles(text: str, n: int = 3) -> set:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i:i + n]) for i in range(max(1, len(words) - n + 1))}


def _jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def as_langchain_retriever(retriever: HybridRetriever, k: int = 5) -> Any:
    """The same retrieval as a LangChain `BaseRetriever` (Documents with metadata)."""
    from langchain_core.callbacks import CallbackManagerForRetrieverRun
    from langchain_core.documents import Document
    from langchain_core.retrievers import BaseRetriever

    class _Hybrid(BaseRetriever):
        def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun
                                    ) -> list[Document]:
            found = retriever.retrieve(query, k)
            return [Document(page_content=p.chunk.text, id=p.id,
                             metadata={"source": p.chunk.source, "title": p.chunk.title,
                                       "section": p.chunk.section, "score": p.score,
                                       "similarity": p.dense_similarity}) for p in found.passages]

    return _Hybrid()
