"""Retrieval latency as the index grows: 10k and 100k synthetic chunks.

    python bench/scale_bench.py [--sizes 10000 100000] [--queries 200]

Chunks are synthetic: 120-word texts sampled from the corpus's own word
frequencies (a unigram model, so common words are common and rare words rare,
as in real text, and keyword search sees realistic posting lists) with random
unit vectors (embedding 100k real
chunks would take over an hour on 2 cores). Queries are the Q&A test split
questions, embedded by the real model, and go through the full hybrid path:
query embedding, dense search, FTS5 BM25, fusion, near-duplicate collapse. Up to
EXACT_LIMIT chunks the dense search is exact (exact_search.py; its first query
reads every vector, timed as first_query_ms), above it Chroma's HNSW graph.
Target (issue 2): p95 < 50 ms at 100k.
"""

from __future__ import annotations

import argparse
import random
import re
import tempfile
import time
from pathlib import Path

import numpy as np
from common import ROOT, percentile, save

from assistant.config import Settings
from assistant.embeddings import MiniLMEmbedder
from assistant.evaluation import DEFAULT_QA, load_qa
from assistant.exact_search import EXACT_LIMIT
from assistant.retrieval import HybridRetriever, sub_questions
from assistant.store import open_index
from assistant.types import Chunk

PER_DOCUMENT = 1000
SETTINGS = Settings()  # the defaults the app runs with


def build(directory: Path, size: int, embedder, rng: random.Random) -> float:
    counts: dict[str, int] = {}
    for path in sorted((ROOT / "corpus").rglob("*.md")):
        for word in re.findall(r"[A-Za-z]+", path.read_text().lower()):
            counts[word] = counts.get(word, 0) + 1
    vocabulary, weights = list(counts), list(counts.values())
    np_rng = np.random.default_rng(rng.randint(0, 2**31))
    start = time.perf_counter()
    with open_index(directory, embedder, None, SETTINGS.collection, fingerprint={"bench": size}) as index:
        for doc in range(0, size, PER_DOCUMENT):
            source = f"synthetic/doc{doc // PER_DOCUMENT:04d}.md"
            chunks = [Chunk(id=f"s{doc + i}", source=source, title=f"Synthetic {doc // PER_DOCUMENT}",
                            section=f"Part {i}", text=" ".join(rng.choices(vocabulary, weights, k=120)) + ".",
                            ordinal=i) for i in range(min(PER_DOCUMENT, size - doc))]
            vectors = np_rng.normal(size=(len(chunks), embedder.dimension)).astype(np.float32)
            vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
            index.put_document(source, str(doc), source, {}, chunks, vectors)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    embedder = MiniLMEmbedder(SETTINGS.embed_batch_size)
    questions = [item["question"] for item in load_qa(DEFAULT_QA)]
    results = {}
    for size in args.sizes:
        rng = random.Random(size)
        directory = Path(tempfile.mkdtemp(prefix=f"bench-scale-{size}-"))
        build_s = build(directory, size, embedder, rng)
        with open_index(directory, embedder, None, SETTINGS.collection, fingerprint={"bench": size}) as index:
            retriever = HybridRetriever(index, embedder, SETTINGS.fetch_k, SETTINGS.rrf_k)
            start = time.perf_counter()
            retriever.retrieve(questions[0])  # warm-up; an exact search reads the vectors here
            first_ms = (time.perf_counter() - start) * 1000
            latencies, stages = [], {"embed": [], "dense": [], "keyword": []}
            for i in range(args.queries):
                question = questions[i % len(questions)]
                start = time.perf_counter()
                retriever.retrieve(question, 5)
                latencies.append((time.perf_counter() - start) * 1000)
                # The same work stage by stage, to see where the time goes.
                start = time.perf_counter()
                vectors = embedder.embed([question] + sub_questions(question))
                stages["embed"].append((time.perf_counter() - start) * 1000)
                start = time.perf_counter()
                for vector in vectors:
                    index.dense_search(vector, retriever.fetch_k)
                stages["dense"].append((time.perf_counter() - start) * 1000)
                start = time.perf_counter()
                index.keyword_search(retriever.keyword_terms(question), retriever.fetch_k)
                stages["keyword"].append((time.perf_counter() - start) * 1000)
        results[str(size)] = {"build_s": round(build_s, 1), "queries": args.queries,
                              "exact": size <= EXACT_LIMIT, "first_query_ms": round(first_ms, 1),
                              "retrieval_ms_p50": round(percentile(latencies, 0.5), 1),
                              "retrieval_ms_p95": round(percentile(latencies, 0.95), 1),
                              **{f"{name}_ms_p50": round(percentile(v, 0.5), 1) for name, v in stages.items()},
                              **{f"{name}_ms_p95": round(percentile(v, 0.95), 1) for name, v in stages.items()},
                              "compound_share":
                                  round(sum(bool(sub_questions(q)) for q in questions) / len(questions), 3)}
        print(size, results[str(size)], flush=True)
    save("scale", {"results": results})


if __name__ == "__main__":
    main()
