"""Speed of the `local` backend: time to first token, whole answer, memory.

    python bench/local_bench.py [--questions 20]

Runs the app's own objects in one process (the Assistant with the packaged model,
plus the Gradio UI built but not served; the index built beforehand, as on every
start after the first) and asks answerable questions from the Q&A set's test split the
way the app does (ask_stream). Targets (issue 3, 2 cores): first token p50 < 4 s, whole answer
p50 < 10 s, resident memory < 1.5 GB. Also times model assembly: the first join
into an empty cache, then a second start that must not re-join or re-hash.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, median, percentile, save

from assistant.chat import build_assistant
from assistant.config import load_settings
from assistant.evaluation import DEFAULT_QA, load_qa
from assistant.generation.model_files import assemble


def rss_mb() -> tuple[float, float]:
    fields = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines())
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--questions", type=int, default=20)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="bench-local-"))
    start = time.perf_counter()
    assemble(home / "models")
    first_join = time.perf_counter() - start
    start = time.perf_counter()
    assemble(home / "models")
    second_start = time.perf_counter() - start

    settings = load_settings(environ={}, home=home, corpus_dir=ROOT / "corpus", backend="local")
    # The index is built beforehand by ingest.py, as on every start after the first.
    subprocess.run([sys.executable, str(ROOT / "ingest.py")], env={**os.environ, "ASSISTANT_HOME": str(home)},
                   check=True, capture_output=True)
    start = time.perf_counter()
    assistant = build_assistant(settings, progress=False, log=lambda line: None)
    from assistant.ui import build_ui

    build_ui(assistant)
    ready = time.perf_counter() - start  # model load, index open, UI built
    questions = [i["question"] for i in load_qa(DEFAULT_QA) if i["expected_sources"]][: args.questions]
    first_token, whole = [], []
    for question in questions:
        started = time.perf_counter()
        seen = None
        for event in assistant.ask_stream(question):
            if seen is None and isinstance(event, str):
                seen = time.perf_counter() - started
        whole.append(time.perf_counter() - started)
        if seen is not None:
            first_token.append(seen)
    rss, peak = rss_mb()
    save("local", {
        "questions": len(questions),
        "model_first_join_s": round(first_join, 2), "model_second_start_s": round(second_start, 3),
        "ready_s": round(ready, 1),
        "first_token_s_p50": round(percentile(first_token, 0.5), 2),
        "first_token_s_p95": round(percentile(first_token, 0.95), 2),
        "whole_answer_s_p50": round(percentile(whole, 0.5), 2),
        "whole_answer_s_p95": round(percentile(whole, 0.95), 2),
        "whole_answer_s_median": round(median(whole), 2),
        "rss_mb_end": round(rss), "rss_mb_peak": round(peak),
    })


if __name__ == "__main__":
    main()
