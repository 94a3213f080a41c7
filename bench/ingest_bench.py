"""Ingestion throughput against the raw embedding throughput of the same chunks.

    python bench/ingest_bench.py [--runs 3]

Raw: the chunks' texts embedded in batches of 32, nothing else. Ingest: a full
`--rebuild` of the shipped corpus (discover, hash, parse, chunk, embed, write to
Chroma and FTS5, swap in). Both use one already-loaded model. Also times a
re-ingest with nothing changed. Targets (issue 2): overhead <= 15%, no-change < 2 s.
"""

from __future__ import annotations

import argparse
import time

from common import bench_settings, median, save

from assistant.chunking import chunk_document
from assistant.corpus import discover, load_document
from assistant.embeddings import MiniLMEmbedder, embed_in_batches
from assistant.ingestion import ingest


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    settings = bench_settings("ingest", "extractive")
    embedder = MiniLMEmbedder(settings.embed_batch_size)
    texts = [c.embedding_text for p in discover(settings.corpus_dir)
             for c in chunk_document(load_document(p, settings.corpus_dir, settings.max_file_bytes),
                                     embedder.count_tokens, settings.chunk_tokens, settings.chunk_overlap_tokens)]
    embedder.embed(texts[:32])  # warm-up

    raw, full, noop = [], [], []
    for _ in range(args.runs):
        start = time.perf_counter()
        for _batch in embed_in_batches(embedder, texts, settings.embed_batch_size):
            pass
        raw.append(time.perf_counter() - start)
        start = time.perf_counter()
        report = ingest(settings, embedder, rebuild=True, progress=False, log=lambda line: None)
        full.append(time.perf_counter() - start)
        assert report.chunks_embedded == len(texts)
    for _ in range(5):
        start = time.perf_counter()
        ingest(settings, embedder, progress=False, log=lambda line: None)
        noop.append(time.perf_counter() - start)

    save("ingest", {
        "chunks": len(texts), "runs": args.runs,
        "raw_embedding_s_median": round(median(raw), 2),
        "raw_chunks_per_s": round(len(texts) / median(raw), 1),
        "ingest_rebuild_s_median": round(median(full), 2),
        "ingest_chunks_per_s": round(len(texts) / median(full), 1),
        "overhead_pct": round(100 * (median(full) - median(raw)) / median(raw), 1),
        "no_change_reingest_s_median": round(median(noop), 3),
        "raw_all": [round(x, 2) for x in raw], "ingest_all": [round(x, 2) for x in full],
    })


if __name__ == "__main__":
    main()
