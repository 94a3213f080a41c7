"""Our retrieval against the LangChain tutorial's, on the Q&A set's test split, in one run.

    python bench/baseline_bench.py

Baseline, as a user would copy it from the LangChain RAG tutorial: each file's
text split by RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200),
embedded with the same MiniLM model into an in-memory vector store, top-4
similarity search. Ours: the token-sized, heading-aware chunks with hybrid
retrieval. Reported: source hit@k and MRR on the answerable items.
"""

from __future__ import annotations

import time

from common import bench_settings, save

from assistant.chat import build_assistant
from assistant.corpus import discover, source_name
from assistant.embeddings import as_langchain_embeddings
from assistant.evaluation import DEFAULT_QA, load_qa


def hits(ranked_sources: list[list[str]], items: list[dict], k: int) -> tuple[float, float]:
    hit, rr = 0, 0.0
    for sources, item in zip(ranked_sources, items):
        rank = next((i + 1 for i, s in enumerate(sources[:k]) if s in item["expected_sources"]), None)
        hit += rank is not None
        rr += 1 / rank if rank else 0.0
    return round(hit / len(items), 3), round(rr / len(items), 3)


def main() -> None:
    from langchain_core.documents import Document
    from langchain_core.vectorstores import InMemoryVectorStore
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    settings = bench_settings("baseline", "extractive")
    assistant = build_assistant(settings, progress=False, log=lambda line: None)
    items = [i for i in load_qa(DEFAULT_QA) if i["expected_sources"]]

    splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)
    documents = [Document(page_content=path.read_text(encoding="utf-8"),
                          metadata={"source": source_name(path, settings.corpus_dir)})
                 for path in discover(settings.corpus_dir)]
    splits = splitter.split_documents(documents)
    start = time.perf_counter()
    store = InMemoryVectorStore.from_documents(splits, as_langchain_embeddings(assistant.embedder))
    baseline_build = time.perf_counter() - start
    too_long = sum(assistant.embedder.count_tokens(d.page_content) + 2 > 256 for d in splits)

    baseline = [[d.metadata["source"] for d in store.similarity_search(i["question"], k=4)] for i in items]
    ours = [[p.chunk.source for p in assistant.live.retriever.retrieve(i["question"], 5).passages] for i in items]
    save("baseline", {
        "answerable_items": len(items),
        "baseline": {"chunks": len(splits), "chunks_cut_by_256_token_window": too_long,
                     "build_s": round(baseline_build, 1),
                     "hit@4": hits(baseline, items, 4)[0], "mrr@4": hits(baseline, items, 4)[1]},
        "ours": {"chunks": assistant.live.index.chunk_count(),
                 "hit@4": hits(ours, items, 4)[0], "mrr@4": hits(ours, items, 4)[1],
                 "hit@5": hits(ours, items, 5)[0]},
    })


if __name__ == "__main__":
    main()
