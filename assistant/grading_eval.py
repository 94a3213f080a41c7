"""How fairly the grader scores: agreement with hand grades on tests/grading/{dev,test}.jsonl.

Each item is an interview question with answers a person graded 0–100 (a model answer,
a correct paraphrase, a partial answer, a wrong one, and on some items "I don't know",
an echo of the question, buzzwords, padding or an off-topic answer). The grader takes
the question's key points the way `grade --question` does (retrieval and quoting) and
scores each answer. Metrics:

- mean absolute error against the hand grades
- correct paraphrases scored ≥ 60; non-answers (blank, "I don't know", echo, off-topic) ≤ 10
- partial answers between the item's wrong answer and its paraphrase
- grading time per answer (p50, ms)
- the item's gold sentences (the corpus sentences its hand-written key facts come from) among
  the question's key points, and among all the sentences the grader credits (key points and
  the also-accepted ones): issue 10's "key points that are answers". With the gold sentences
  themselves as the checklist the same scorer came within MAE 13.9 of the hand grades on dev
  (2026-12-06), so this is the measure of what most of the remaining error comes from.

`dev` is for calibrating (grading.py's constants); `test` is only reported.
Not here: the answer Q&A set (evaluation.py).
"""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

from .config import PROJECT_ROOT
from .evaluation import contains_evidence
from .interview import Interviewer, NotCovered

GRADED_DIR = PROJECT_ROOT / "tests" / "grading"
NON_ANSWERS = ("blank", "idk", "echo", "offtopic")


def load_graded(split: str) -> list[dict]:
    path = GRADED_DIR / f"{split}.jsonl"
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


def grade_items(interviewer: Interviewer, items: list[dict]) -> list[dict]:
    """One row per answer: item id, kind, hand grade, the grader's score (None: question declined),
    and the shares of the item's gold sentences among the question's key points and its checklist."""
    rows = []
    for item in items:
        try:
            question = interviewer.question_for(item["question"])
        except NotCovered:
            question = None
        gold = [g["evidence"] for g in item.get("gold", ())]
        in_points = _share_quoted(gold, question.key_points) if question else None
        in_checklist = _share_quoted(gold, question.key_points + question.accepted) if question else None
        for answer in item["answers"]:
            started = time.perf_counter()
            score = interviewer.grade(question, answer["text"]).score if question else None
            rows.append({"id": item["id"], "kind": answer["kind"], "hand": answer["grade"], "score": score,
                         "ms": (time.perf_counter() - started) * 1000,
                         "gold_in_key_points": in_points, "gold_in_checklist": in_checklist})
    return rows


def _share_quoted(gold: list[str], quoted: tuple[str, ...]) -> float | None:
    """The share of the gold sentences that one of the quoted sentences holds, by the answer set's
    own test (evaluation.contains_evidence: a quote may join a sentence with the one it refers back
    to; one cut short still counts when it keeps four fifths of the sentence's word 4-grams)."""
    if not gold:
        return None
    return sum(any(contains_evidence(q, g) for q in quoted) for g in gold) / len(gold)


def summarise(rows: list[dict]) -> dict:
    scored = [r for r in rows if r["score"] is not None]
    by_item: dict[str, dict[str, int]] = {}
    for r in scored:
        by_item.setdefault(r["id"], {})[r["kind"]] = r["score"]
    paraphrase = [r for r in scored if r["kind"] == "paraphrase"]
    non = [r for r in scored if r["kind"] in NON_ANSWERS]
    partial = [s for s in by_item.values() if {"partial", "paraphrase"} <= set(s)]
    questions = {r["id"]: r for r in scored if r.get("gold_in_checklist") is not None}.values()
    return {
        "items": len({r["id"] for r in rows}), "answers": len(rows),
        "declined_questions": len({r["id"] for r in rows if r["score"] is None}),
        "mean_absolute_error": round(statistics.mean(abs(r["score"] - r["hand"]) for r in scored), 1),
        "paraphrase_at_least_60": round(sum(r["score"] >= 60 for r in paraphrase) / max(1, len(paraphrase)), 3),
        "non_answers_at_most_10": round(sum(r["score"] <= 10 for r in non) / max(1, len(non)), 3),
        "partial_between": round(sum(s.get("wrong", 0) <= s["partial"] <= s["paraphrase"] for s in partial)
                                 / max(1, len(partial)), 3),
        "mean_by_kind": {k: round(statistics.mean(r["score"] for r in scored if r["kind"] == k))
                         for k in sorted({r["kind"] for r in scored})},
        "grade_ms_p50": round(statistics.median(r["ms"] for r in scored), 1),
        "gold_in_key_points": round(statistics.mean(r["gold_in_key_points"] for r in questions), 3)
        if questions else None,
        "gold_in_checklist": round(statistics.mean(r["gold_in_checklist"] for r in questions), 3)
        if questions else None,
    }


def format_grading(results: dict[str, dict]) -> str:
    splits = list(results)
    rows = [("questions (declined by the gate)", lambda m: f"{m['items']} ({m['declined_questions']})"),
            ("answers graded", lambda m: str(m["answers"])),
            ("mean absolute error vs hand grades", lambda m: f"{m['mean_absolute_error']:.1f}"),
            ("correct paraphrases scored ≥ 60", lambda m: f"{m['paraphrase_at_least_60']:.3f}"),
            ("non-answers scored ≤ 10", lambda m: f"{m['non_answers_at_most_10']:.3f}"),
            ("partial between wrong and paraphrase", lambda m: f"{m['partial_between']:.3f}"),
            ("grading p50 (ms)", lambda m: f"{m['grade_ms_p50']:.0f}"),
            ("gold sentences among the key points", lambda m: _share(m["gold_in_key_points"])),
            ("gold sentences among all credited sentences", lambda m: _share(m["gold_in_checklist"]))]
    checked = next((m.get("checked_by") for m in results.values() if m.get("checked_by")), None)
    grader = f"grader (answers checked by {checked})" if checked else "grader"
    lines = [f"| {grader} | " + " | ".join(splits) + " |", "|---|" + "---|" * len(splits)]
    lines += [f"| {name} | " + " | ".join(show(results[s]) for s in splits) + " |" for name, show in rows]
    for split in splits:
        kinds = ", ".join(f"{k} {v}" for k, v in results[split]["mean_by_kind"].items())
        lines.append(f"\nmean score by kind ({split}): {kinds}")
    return "\n".join(lines)


def _share(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"
