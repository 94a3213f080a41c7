"""Our grounded local answers against the LangChain tutorial's "stuff" chain, same model, one run.

    python bench/stuff_baseline.py

Baseline, as copied from the LangChain RAG tutorial: RecursiveCharacterTextSplitter
(1000/200 characters), the same MiniLM embeddings in an in-memory vector store,
top-4 similarity search, all four chunks "stuffed" into the tutorial's prompt,
the packaged local model answering; no relevance gate, no checking. Ours: the
`local` backend as shipped. Both are scored on the Q&A set's test split with the
same measures as `python -m assistant eval`:

- answer accuracy: not refused, one phrase of every must-include group present
- refusal accuracy: on items expecting a refusal, declined ("don't know" for the baseline)
- supported-sentence share: answer sentences supported by a passage. Ours must be
  supported by the passage it cites; the baseline cites nothing, so any of its four
  chunks counts (lenient to the baseline).
"""

from __future__ import annotations

import re
import time

from common import bench_settings, save

from assistant.chat import build_assistant
from assistant.citations import answer_sentences, measure_support
from assistant.corpus import discover, source_name
from assistant.embeddings import as_langchain_embeddings
from assistant.evaluation import DEFAULT_QA, evaluate, includes_all_groups, load_qa
from assistant.prompts import TUTORIAL_STUFF_PROMPT

DECLINED = re.compile(r"\b(don't know|do not know|not sure|cannot answer|can't answer|no information|"
                      r"not (mentioned|provided|covered)|does not (say|mention|provide))\b", re.I)


def main() -> None:
    from langchain_core.documents import Document
    from langchain_core.messages import HumanMessage
    from langchain_core.vectorstores import InMemoryVectorStore
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    settings = bench_settings("stuff", "local")
    assistant = build_assistant(settings, progress=False, log=lambda line: None)
    model = assistant.generator.chat_model
    items = load_qa(DEFAULT_QA)

    start = time.perf_counter()
    ours = evaluate(assistant)
    ours_s = time.perf_counter() - start

    documents = [Document(page_content=p.read_text(encoding="utf-8"),
                          metadata={"source": source_name(p, settings.corpus_dir)})
                 for p in discover(settings.corpus_dir)]
    splits = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200).split_documents(documents)
    store = InMemoryVectorStore.from_documents(splits, as_langchain_embeddings(assistant.embedder))
    rows = []
    start = time.perf_counter()
    for item in items:
        context = store.similarity_search(item["question"], k=4)
        prompt = TUTORIAL_STUFF_PROMPT.format(question=item["question"],
                                              context="\n\n".join(d.page_content for d in context))
        answer = str(model.invoke([HumanMessage(prompt)]).content)
        declined = bool(DECLINED.search(answer))
        sentences = answer_sentences(answer)
        support = measure_support(sentences, [d.page_content for d in context], assistant.embedder)
        supported = [any(s.ok for s in row) for row in support]
        rows.append({"expects_refusal": not item["expected_sources"], "declined": declined,
                     "correct": (not declined and includes_all_groups(answer, item["must_include_any"]))
                     if item["expected_sources"] else declined,
                     "supported": sum(supported) / len(supported) if supported else None})
    baseline_s = time.perf_counter() - start

    answerable = [r for r in rows if not r["expects_refusal"]]
    refusable = [r for r in rows if r["expects_refusal"]]
    shares = [r["supported"] for r in rows if r["supported"] is not None and not r["declined"]]
    m = ours.metrics
    save("stuff_baseline", {
        "items": len(items),
        "ours_local": {"answer_accuracy": m["answer_accuracy"], "refusal_accuracy": m["refusal_accuracy"],
                       "supported_sentence_share": m["supported_sentence_share"],
                       "invalid_marker_answers": m["invalid_marker_answers"],
                       "false_refusal_rate": m["false_refusal_rate"], "hit@5": m["hit@5"],
                       "latency_p50_ms": m["latency_p50_ms"], "seconds": round(ours_s)},
        "tutorial_stuff_local": {
            "answer_accuracy": round(sum(r["correct"] for r in answerable) / len(answerable), 3),
            "refusal_accuracy": round(sum(r["correct"] for r in refusable) / len(refusable), 3),
            "supported_sentence_share": round(sum(shares) / len(shares), 3) if shares else 0.0,
            "seconds": round(baseline_s)},
    })


if __name__ == "__main__":
    main()
