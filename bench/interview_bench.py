"""Mock interview questions on every corpus topic and on 15 topics a learner would pick.

    python bench/interview_bench.py [--show]

For each topic, `Interviewer.questions(topic, n=3)` with the quick writer (no model), and
each question checked: it ends in "?", the three are distinct, it shares a content word
with its topic's passages (on topic), it cites a passage, and it has key points. Also the
time for three questions and for grading one answer (p50, in-process, 2 cores).
Target (issue 10): 3 good questions for every topic; three questions ≤ 1 s, a grade ≤ 300 ms.
"""

from __future__ import annotations

import argparse
import statistics
import time

from common import bench_settings, save

from assistant.chat import build_assistant
from assistant.interview import Interviewer, NotCovered
from assistant.terms import stems

LEARNER_TOPICS = ["monitoring and drift", "CI/CD for ML", "feature stores and registries",
                  "versioning and reproducibility", "containers and orchestration", "deployment and serving at scale",
                  "cloud platforms", "infrastructure as code", "pipeline automation", "security and compliance",
                  "responsible AI", "testing and metrics", "federated and continual learning", "data management",
                  "collaboration and soft skills"]


def problems(questions) -> list[str]:
    out = []
    if len(questions) < 3:
        out.append(f"only {len(questions)} questions")
    if len({q.question.lower() for q in questions}) < len(questions):
        out.append("repeats")
    for q in questions:
        passage_words = stems(" ".join(c.text for c in q.citations))
        if not q.question.endswith("?"):
            out.append(f"no '?': {q.question}")
        if not q.citations or not q.key_points:
            out.append(f"no citation or key points: {q.question}")
        elif not (stems(q.question) & passage_words):
            out.append(f"off its passages: {q.question}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--show", action="store_true", help="print every question")
    args = parser.parse_args()
    assistant = build_assistant(bench_settings("interview", "extractive"), progress=False, log=lambda line: None)
    assistant.embedder.load()
    interviewer = Interviewer(assistant.live, assistant.sentence_embedder, log=lambda line: None)
    rows, seconds, grading = [], [], []
    for topic in interviewer.topics() + LEARNER_TOPICS:
        started = time.perf_counter()
        try:
            questions = interviewer.questions(topic, n=3)
        except NotCovered:
            questions = []
        seconds.append(time.perf_counter() - started)
        if questions:
            started = time.perf_counter()
            interviewer.grade(questions[0], questions[0].key_points[0])
            grading.append(time.perf_counter() - started)
        found = problems(questions)
        rows.append({"topic": topic, "learner": topic in LEARNER_TOPICS, "ok": not found, "problems": found,
                     "questions": [q.question for q in questions]})
        if args.show or found:
            print(f"{'OK ' if not found else 'BAD'} {topic}: {found}")
            for q in questions:
                print(f"      ({q.type}) {q.question}")
    corpus = [r for r in rows if not r["learner"]]
    learner = [r for r in rows if r["learner"]]
    save("interview", {
        "corpus_topics_ok": f"{sum(r['ok'] for r in corpus)}/{len(corpus)}",
        "learner_topics_ok": f"{sum(r['ok'] for r in learner)}/{len(learner)}",
        "three_questions_s_p50": round(statistics.median(seconds), 3),
        "grade_ms_p50": round(1000 * statistics.median(grading), 1),
        "topics": rows})


if __name__ == "__main__":
    main()
