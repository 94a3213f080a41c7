"""Which backend answers better, per kind of question, and at what cost.

    python bench/backend_compare.py --split dev --per-kind 6 --backends extractive,local
    python bench/backend_compare.py --split test --local-model qwen2.5-coder-1.5b

The same items (the first `--per-kind` of each kind of the split), the same index and
embedder, one backend after the other: answer accuracy and refusals per kind, latency
p50/p95, and the process's peak memory. Decide on `dev`; report `test`.
"""

from __future__ import annotations

import argparse
import collections
import time
from pathlib import Path

from common import bench_settings, percentile, save

from assistant.chat import Assistant, build_assistant
from assistant.evaluation import load_qa, score_item, split_path


def peak_rss_mb() -> float:
    fields = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines())
    return int(fields["VmHWM"].split()[0]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--split", choices=("dev", "test"), default="dev")
    parser.add_argument("--per-kind", type=int, default=6)
    parser.add_argument("--backends", default="extractive,local")
    parser.add_argument("--local-model", help="a packaged model's name or a GGUF path (default: the 0.5B)")
    args = parser.parse_args()
    settings = bench_settings("compare", "extractive").replace(local_model=args.local_model)
    base = build_assistant(settings, progress=False, log=lambda line: None)
    base.embedder.load()
    taken: dict[str, int] = collections.Counter()
    items = []
    for item in load_qa(split_path(args.split)):
        if taken[item["kind"]] < args.per_kind:
            taken[item["kind"]] += 1
            items.append(item)
    results = {}
    for backend in args.backends.split(","):
        assistant = Assistant(settings.replace(backend=backend), base.live, base.sentence_embedder)
        rows, seconds = [], []
        for item in items:
            started = time.perf_counter()
            answer = assistant.ask(item["question"], id=item["id"])
            seconds.append(time.perf_counter() - started)
            rows.append(score_item(item, answer, base.embedder, settings.k))
        by_kind = collections.defaultdict(list)
        for row in rows:
            by_kind[row["kind"]].append(row["correct"])
        results[backend] = {
            "accuracy": round(sum(r["correct"] for r in rows if not r["expects_refusal"])
                              / max(1, sum(not r["expects_refusal"] for r in rows)), 3),
            "refusal_accuracy": round(sum(r["correct"] for r in rows if r["expects_refusal"])
                                      / max(1, sum(r["expects_refusal"] for r in rows)), 3),
            "by_kind": {k: f"{sum(v)}/{len(v)}" for k, v in sorted(by_kind.items())},
            "latency_s_p50": round(percentile(seconds, 0.5), 2), "latency_s_p95": round(percentile(seconds, 0.95), 2),
            "peak_rss_mb": round(peak_rss_mb()),
            "items": [{"id": r["id"], "kind": r["kind"], "correct": r["correct"], "answer": r["answer"]} for r in rows],
        }
        print(backend, {k: v for k, v in results[backend].items() if k != "items"}, flush=True)
    save(f"compare-{args.split}-{settings.local_model or 'default'}", {
        "split": args.split, "per_kind": args.per_kind, "items": len(items),
                                   "local_model": settings.local_model or "qwen2.5-coder-0.5b", "results": results})


if __name__ == "__main__":
    main()
