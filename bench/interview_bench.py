"""Mock interview questions on every corpus topic and on 15 topics a learner would pick.

    python bench/interview_bench.py [--show]

For each topic, `Interviewer.questions(topic, n=3)` with the quick writer (no model), and
each question checked: it ends in "?", the three are distinct, it shares a content word
with its topic's passages (on topic), it cites a passage, and it has key points. Then a
rough naturalness check (`awkward`): 4–30 words, no frame a real interviewer would not say
("An interviewer asks you …", "Tell me about a time you worked with …"), no whole heading
with "and" or "for a career" as a slot, no doubled word or "in MLOps … in MLOps", no empty
slot. It catches templates, not every awkward question: read them with --show. Also the
time for three questions and for grading one answer (p50, in-process, 2 cores).
Target (issue 10): 3 good questions for every topic; three questions ≤ 1 s, a grade ≤ 300 ms.
"""

from __future__ import annotations

import argparse
import re
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


# Frames of the old quick writer that no interviewer says (issue 10).
TEMPLATE_FRAGMENTS = ("an interviewer asks you", "what would you tell an interviewer",
                      "tell me about a time you worked with", "in the context of", "can you walk me through",
                      "as you prepare for an mlops role", "help you, and what would you do first",
                      "come in, and what steps", "to someone new to", "how have you kept your knowledge of",
                      "using an example from your own work", "come up in day-to-day", "differ from each other",
                      "what is each one for", "involve in practice")


def awkward(question: str, headings: list[str]) -> list[str]:
    """Why a question reads as a filled template (empty if the automatic checks find nothing)."""
    lower, words = question.lower(), question.split()
    out = [f"frame {f!r}" for f in TEMPLATE_FRAGMENTS if f in lower]
    if not 4 <= len(words) <= 30:  # "What does orchestration do?" is a question interviewers ask
        out.append(f"{len(words)} words")
    if not question.endswith("?") or question.count("?") > 2:
        out.append("not one question")
    out += [f"heading as slot {h!r}" for h in headings if h.lower() in lower]
    if re.search(r"\b(\w+) \1\b", lower) or len(re.findall(r"\bin mlops\b", lower)) > 1:
        out.append("doubled words")
    if re.search(r"\s[?,.]|\s{2}|[{}]|\(\)", question):
        out.append("empty slot")
    return out


def slot_headings(live) -> list[str]:
    """Headings that read as a template's filling when a question holds them whole."""
    sections = {part for doc in live.documents().values() for c in live.chunks_of(doc.source)
                for part in c.section.split(" > ") if part}
    titles = {doc.title for doc in live.documents().values()}
    slot = re.compile(r" and |for an? (?:mlops )?career", re.I)
    return sorted(h for h in sections | titles if len(h.split()) >= 4 and slot.search(h))


def problems(questions) -> list[str]:
    out = []
    if len(questions) < 3:
        out.append(f"only {len(questions)} questions")
    if len({q.question.lower() for q in questions}) < len(questions):
        out.append("repeats")
    for q in questions:
        # What the question cites: the passages and the headings they sit under ("Which software engineering
        # practices…?" asks about the section "Software engineering practices", whose text never says so).
        passage_words = stems(" ".join(f"{c.section} {c.text}" for c in q.citations))
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
    headings = slot_headings(assistant.live)
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
        flags = {q.question: awkward(q.question, headings) for q in questions}
        rows.append({"topic": topic, "learner": topic in LEARNER_TOPICS, "ok": not found, "problems": found,
                     "questions": [q.question for q in questions], "awkward": {k: v for k, v in flags.items() if v}})
        if args.show or found:
            print(f"{'OK ' if not found else 'BAD'} {topic}: {found}")
            for q in questions:
                flagged = f"   <- {'; '.join(flags[q.question])}" if flags[q.question] else ""
                print(f"      ({q.type}) {q.question}{flagged}")
    corpus = [r for r in rows if not r["learner"]]
    learner = [r for r in rows if r["learner"]]
    asked = [q for r in rows for q in r["questions"]]
    save("interview", {
        "corpus_topics_ok": f"{sum(r['ok'] for r in corpus)}/{len(corpus)}",
        "learner_topics_ok": f"{sum(r['ok'] for r in learner)}/{len(learner)}",
        "questions_without_template_flags": f"{len(asked) - sum(len(r['awkward']) for r in rows)}/{len(asked)}",
        "three_questions_s_p50": round(statistics.median(seconds), 3),
        "grade_ms_p50": round(1000 * statistics.median(grading), 1),
        "topics": rows})


if __name__ == "__main__":
    main()
