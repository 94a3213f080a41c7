"""Calibrate the relevance gate on the Q&A set's dev split (never on test).

    python bench/calibrate_gate.py

For each item: the best dense similarity between the question and any chunk,
and whether the question names something the corpus never mentions (the gate's
second half). Prints, per threshold, the false-refusal rate on answerable items
and the refusal accuracy on items that expect a refusal; the chosen default is
the middle of the widest threshold band with no errors.
"""

from __future__ import annotations

from common import bench_settings, save

from assistant.chat import build_assistant
from assistant.evaluation import load_qa, split_path
from assistant.guard import check_message


def main() -> None:
    settings = bench_settings("gate", "extractive")
    assistant = build_assistant(settings, progress=False, log=lambda line: None)
    rows = []
    for item in load_qa(split_path("dev")):
        checked = check_message(item["question"], settings.max_question_chars)
        if checked.reply:  # declined before retrieval (injection, empty): the gate is not involved
            rows.append((item, None, False))
            continue
        lookup = assistant.live.look_up(checked.question)
        rows.append((item, lookup.found.best_similarity, bool(lookup.unknown)))

    answerable = [r for r in rows if r[0]["expected_sources"]]
    refusable = [r for r in rows if not r[0]["expected_sources"]]
    table = []
    for step in range(10, 61):
        t = step / 100
        def refused(r, t=t):
            return r[1] is None or r[2] or r[1] < t

        table.append({"threshold": t,
                      "false_refusal_rate": round(sum(map(refused, answerable)) / len(answerable), 3),
                      "refusal_accuracy": round(sum(map(refused, refusable)) / len(refusable), 3)})
    perfect = [r["threshold"] for r in table if r["false_refusal_rate"] == 0 and r["refusal_accuracy"] == 1]
    lowest_answerable = min(r[1] for r in answerable if r[1] is not None)
    highest_refusable_by_similarity = max((r[1] for r in refusable if r[1] is not None and not r[2]), default=0)
    save("gate", {"current_threshold": settings.relevance_threshold,
                  "lowest_similarity_of_an_answerable_item": round(lowest_answerable, 3),
                  "highest_similarity_of_a_refused_item_without_unknown_names":
                      round(highest_refusable_by_similarity, 3),
                  "error_free_band": [min(perfect), max(perfect)] if perfect else None,
                  "table": [r for r in table if r["threshold"] * 100 % 5 == 0]})


if __name__ == "__main__":
    main()
