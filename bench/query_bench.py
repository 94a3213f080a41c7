"""In-process latency of retrieval and of an extractive `ask`, over the Q&A test split's questions.

    python bench/query_bench.py [--rounds 3]

Targets (issue 2, 2 cores): retrieval p50 < 30 ms; extractive ask p50 < 150 ms.
The index of the shipped corpus is built first if missing (not timed).
"""

from __future__ import annotations

import argparse
import time

from common import bench_settings, percentile, save

from assistant.chat import build_assistant
from assistant.evaluation import DEFAULT_QA, load_qa


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    settings = bench_settings("query", "extractive")
    assistant = build_assistant(settings, progress=False, log=lambda line: None)
    questions = [item["question"] for item in load_qa(DEFAULT_QA)]
    assistant.ask(questions[0])  # warm-up

    retrieve_ms, ask_ms, answered_ms = [], [], []
    for _ in range(args.rounds):
        for question in questions:
            start = time.perf_counter()
            assistant.live.retriever.retrieve(question, settings.k)
            retrieve_ms.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            answer = assistant.ask(question)
            elapsed = (time.perf_counter() - start) * 1000
            ask_ms.append(elapsed)
            if not answer.refused:
                answered_ms.append(elapsed)
    save("query", {
        "questions": len(questions), "rounds": args.rounds,
        "retrieval_ms_p50": round(percentile(retrieve_ms, 0.5), 1),
        "retrieval_ms_p95": round(percentile(retrieve_ms, 0.95), 1),
        "ask_ms_p50": round(percentile(ask_ms, 0.5), 1),
        "ask_ms_p95": round(percentile(ask_ms, 0.95), 1),
        "ask_answered_only_ms_p50": round(percentile(answered_ms, 0.5), 1),
        "ask_answered_only_ms_p95": round(percentile(answered_ms, 0.95), 1),
    })


if __name__ == "__main__":
    main()
