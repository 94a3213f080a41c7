"""The grader against hand grades: the graded set is well formed, and the bar CI enforces on `test`.

`dev` calibrated interview/grading.py's constants; `test` is only reported (README, "Grading").
The floors sit under today's test figures (2026-12-07, eighth session: MAE 20.6, paraphrases
≥ 60 on 0.688, non-answers ≤ 10 on 0.889, partial between on 0.562; gold sentences among the key
points 0.570 and among all credited sentences 0.685); the issue's targets are higher.
"""

from __future__ import annotations

import hashlib

import pytest
from conftest import ROOT

from assistant.grading_eval import grade_items, load_graded, summarise
from assistant.interview import Interviewer

REQUIRED_KINDS = {"model", "paraphrase", "partial", "wrong"}


@pytest.fixture(scope="module")
def metrics(assistant):
    interviewer = Interviewer(assistant.live, assistant.sentence_embedder, log=lambda line: None)
    return summarise(grade_items(interviewer, load_graded("test")))


def test_the_graded_set_is_split_by_id_and_every_item_has_the_four_answers():
    seen = set()
    for split in ("dev", "test"):
        for item in load_graded(split):
            # Probes written by outsiders and read for failure classes ("probe-g-001") are dev.
            by_hash = "test" if int(hashlib.sha256(item["id"].encode()).hexdigest()[:8], 16) % 2 == 0 else "dev"
            expected = "dev" if item["id"].startswith("probe-") else by_hash
            assert expected == split and item["id"] not in seen
            seen.add(item["id"])
            assert {a["kind"] for a in item["answers"]} >= REQUIRED_KINDS
            for gold in item["gold"]:  # each fact is quoted from the corpus as it stands
                assert gold["evidence"] in (ROOT / gold["source"]).read_text(encoding="utf-8"), item["id"]
    assert len(seen) >= 40


def test_grades_agree_with_the_hand_grades_on_the_test_split(metrics):
    assert metrics["declined_questions"] == 0  # every question is one the corpus answers
    assert metrics["mean_absolute_error"] <= 23
    assert metrics["paraphrase_at_least_60"] >= 0.59
    assert metrics["non_answers_at_most_10"] >= 0.75
    assert metrics["partial_between"] >= 0.5  # 0.55 until the heading reading (docs/quality.md)
    by_kind = metrics["mean_by_kind"]
    assert by_kind["model"] > by_kind["paraphrase"] > by_kind["partial"] > by_kind["wrong"]
    assert by_kind["idk"] == 0 and by_kind["echo"] <= 10
    # Key points that are answers (issue 10): the sentences the hand-written key facts come from.
    assert metrics["gold_in_key_points"] >= 0.54
    assert metrics["gold_in_checklist"] >= 0.64 and metrics["gold_in_checklist"] >= metrics["gold_in_key_points"]


def test_a_gold_sentence_counts_as_quoted_whole_or_joined_to_the_sentence_before():
    from assistant.grading_eval import _share_quoted

    gold = ["Data drift is a change in the inputs.", "Concept drift changes the input-target relationship."]
    assert _share_quoted(gold, ("data drift is a change in  the inputs",)) == 0.5  # case, spacing, full stop
    joined = "This matters. Concept drift changes the input-target relationship."
    assert _share_quoted(gold, (joined, "Data drift is a change in the inputs.")) == 1.0
    assert _share_quoted(gold, ("Drift is a change.",)) == 0.0
    # Quotes are shown without markup: a gold sentence with `code` in it is still found.
    assert _share_quoted(["The CUDA `runtime` image runs compiled code."], ("The CUDA runtime image runs compiled code.",)) == 1
    assert _share_quoted([], ("anything",)) is None
